import { Button, EmptyState } from '@mantine/core';
import { IconAlertTriangle, IconRefresh } from '@tabler/icons-react';

type ErrorStateProps = {
  title?: string;
  message: string;
  onRetry?: () => void;
  retrying?: boolean;
};

/** A friendly failure with a way forward; used where a list or page could not load. */
export function ErrorState({ title = 'Something went wrong', message, onRetry, retrying = false }: ErrorStateProps) {
  return (
    <EmptyState
      role="alert"
      py="xl"
      variant="light"
      color="red"
      icon={<IconAlertTriangle size={24} stroke={1.6} aria-hidden="true" />}
      title={title}
      description={message}
    >
      {onRetry ? (
        <EmptyState.Actions>
          <Button variant="default" leftSection={<IconRefresh size={16} />} onClick={onRetry} loading={retrying}>
            Retry
          </Button>
        </EmptyState.Actions>
      ) : null}
    </EmptyState>
  );
}

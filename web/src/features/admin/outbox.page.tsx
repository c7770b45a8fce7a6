import {
  Box,
  Button,
  Center,
  EmptyState,
  Group,
  Paper,
  Skeleton,
  Stack,
  Text,
  UnstyledButton,
  VisuallyHidden,
} from '@mantine/core';
import type { OutboxMessageView } from '@roundtable/contract/admin';
import { IconInbox, IconMail, IconRefresh } from '@tabler/icons-react';
import type { ReactNode } from 'react';
import { useSearchParams } from 'react-router';
import { ErrorState } from '../../components/error-state';
import { PageHeader } from '../../components/page-header';
import { RelativeTime } from '../../components/relative-time';
import { errorMessageOf } from '../../lib/api';
import { usePageTitle } from '../../lib/use-page-title';
import { useOutbox } from './admin.queries';
import classes from './outbox.module.css';
import { OutboxMessageDrawer } from './outbox-message-drawer';

function OutboxSkeleton() {
  return (
    <Paper withBorder aria-busy="true" aria-label="Loading emails">
      {[0, 1, 2, 3, 4].map((row) => (
        <Group key={row} className={classes.row} wrap="nowrap" gap="md">
          <Skeleton circle height={32} />
          <Stack gap={8} style={{ flex: 1 }}>
            <Skeleton height={12} width="55%" radius="xl" />
            <Skeleton height={10} width="30%" radius="xl" />
          </Stack>
          <Skeleton height={10} width={56} radius="xl" />
        </Group>
      ))}
    </Paper>
  );
}

type MessageRowProps = { message: OutboxMessageView; onOpen: () => void };

function MessageRow({ message, onOpen }: MessageRowProps) {
  return (
    <li>
      <UnstyledButton className={classes.row} onClick={onOpen} w="100%">
        <Group wrap="nowrap" gap="md" align="flex-start">
          <Center className={classes.icon} aria-hidden="true">
            <IconMail size={16} stroke={1.7} />
          </Center>
          <Box style={{ flex: 1, minWidth: 0 }}>
            <Text fw={600} fz="sm" truncate="end">
              {message.subject}
            </Text>
            <Text c="dimmed" fz="sm" truncate="end">
              <VisuallyHidden>To </VisuallyHidden>
              {message.to}
            </Text>
          </Box>
          <Text c="dimmed" fz="xs" style={{ whiteSpace: 'nowrap' }} mt={2}>
            <RelativeTime value={message.createdAt} />
          </Text>
        </Group>
      </UnstyledButton>
    </li>
  );
}

export function OutboxPage() {
  usePageTitle('Outbox');
  const outbox = useOutbox();
  const [searchParams, setSearchParams] = useSearchParams();
  const messages = outbox.data?.messages ?? [];
  const openId = searchParams.get('message');
  const openMessage = messages.find((message) => message.id === openId) ?? null;

  // The open message lives in the URL, so a reload or a shared link shows the same email.
  const showMessage = (id: string | null) =>
    setSearchParams(
      (params) => {
        const next = new URLSearchParams(params);
        if (id) next.set('message', id);
        else next.delete('message');
        return next;
      },
      { replace: true },
    );

  let content: ReactNode;
  if (outbox.isPending) content = <OutboxSkeleton />;
  else if (outbox.isError)
    content = (
      <Paper withBorder>
        <ErrorState
          title="The outbox did not load"
          message={errorMessageOf(outbox.error)}
          onRetry={() => void outbox.refetch()}
          retrying={outbox.isRefetching}
        />
      </Paper>
    );
  else if (messages.length === 0)
    content = (
      <Paper withBorder py={48} px="md">
        <EmptyState
          icon={<IconInbox size={26} stroke={1.5} aria-hidden="true" />}
          withIndicatorBackground
          title="The outbox is empty"
          description="No emails yet — sign-up confirmations and password resets will appear here."
        />
      </Paper>
    );
  else
    content = (
      <Stack gap="md">
        <Paper withBorder style={{ overflow: 'hidden' }}>
          <ul className={classes.list} aria-label="Emails, newest first">
            {messages.map((message) => (
              <MessageRow key={message.id} message={message} onOpen={() => showMessage(message.id)} />
            ))}
          </ul>
        </Paper>
        <Group justify="space-between" gap="sm">
          <Text c="dimmed" fz="sm">
            {messages.length === 1 ? '1 email' : `${messages.length} emails`}, newest first
          </Text>
          {outbox.hasNextPage ? (
            <Button variant="default" onClick={() => void outbox.fetchNextPage()} loading={outbox.isFetchingNextPage}>
              Load more
            </Button>
          ) : null}
        </Group>
      </Stack>
    );

  return (
    <>
      <PageHeader
        title="Outbox"
        description="Emails this instance would send. Configure SMTP_URL to deliver them for real."
        actions={
          <Button
            variant="default"
            leftSection={<IconRefresh size={16} aria-hidden="true" />}
            onClick={() => void outbox.refetch()}
            loading={outbox.isRefetching && !outbox.isFetchingNextPage}
            disabled={outbox.isPending}
          >
            Refresh
          </Button>
        }
      />
      {content}
      <OutboxMessageDrawer message={openMessage} onClose={() => showMessage(null)} />
    </>
  );
}

import { Anchor, Button, Skeleton, Stack } from '@mantine/core';
import type { PulseView } from '@roundtable/contract/pulses';
import { IconArrowLeft, IconChartBar } from '@tabler/icons-react';
import type { ReactNode } from 'react';
import { Link, useParams } from 'react-router';
import { ErrorState } from '../../components/error-state';
import { MessagePage } from '../../components/message-page';
import { errorMessageOf, isApiError } from '../../lib/api';
import { usePageTitle } from '../../lib/use-page-title';
import { usePulse } from './pulses.queries';

export function BackToPulses() {
  return (
    <Anchor
      component={Link}
      to="/pulses"
      fz="sm"
      mb="xs"
      display="inline-flex"
      style={{ alignItems: 'center', gap: 4 }}
    >
      <IconArrowLeft size={14} aria-hidden="true" />
      Pulses
    </Anchor>
  );
}

function PulseSkeleton() {
  return (
    <Stack gap="md" aria-busy="true" aria-label="Loading the pulse" maw={820}>
      <Skeleton height={14} width={80} />
      <Skeleton height={32} width="60%" />
      <Skeleton height={14} width="40%" />
      <Skeleton height={120} mt="md" />
      <Skeleton height={120} />
    </Stack>
  );
}

/** Loads the page's `:pulseId`; one the member may not see reads "not found", as the server answers. */
export function PulseGate({ children, page }: { children: (pulse: PulseView) => ReactNode; page?: string }) {
  const { pulseId = '' } = useParams();
  const pulse = usePulse(pulseId);
  const title = pulse.data?.title ?? 'Pulse';
  usePageTitle(page ? `${page} · ${title}` : title);
  if (pulse.isPending) return <PulseSkeleton />;
  if (pulse.isError) {
    const isMissing = isApiError(pulse.error) && pulse.error.status === 404;
    return isMissing ? (
      <MessagePage
        icon={<IconChartBar size={30} stroke={1.5} aria-hidden="true" />}
        title="Pulse not found"
        description="This pulse does not exist, was hidden by a facilitator, or was not sent to you."
        actions={
          <Button component={Link} to="/pulses">
            Your pulses
          </Button>
        }
      />
    ) : (
      <ErrorState
        title="The pulse could not load"
        message={errorMessageOf(pulse.error)}
        onRetry={() => void pulse.refetch()}
        retrying={pulse.isFetching}
      />
    );
  }
  return <>{children(pulse.data)}</>;
}

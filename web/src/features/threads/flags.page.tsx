import { Anchor, Button, EmptyState, Group, Paper, SegmentedControl, Skeleton, Stack, Text } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import type { NetworkView } from '@roundtable/contract/networks';
import type { FlagView } from '@roundtable/contract/threads';
import { IconCheck, IconFlag } from '@tabler/icons-react';
import type { ReactNode } from 'react';
import { Link, useSearchParams } from 'react-router';
import { ErrorState } from '../../components/error-state';
import { PageHeader } from '../../components/page-header';
import { RelativeTime } from '../../components/relative-time';
import { errorMessageOf } from '../../lib/api';
import { NetworkGate } from '../networks/network.page';
import { BackToNetwork, FacilitatorsOnly } from '../networks/network-settings.page';
import classes from './threads.module.css';
import { useFlags, useResolveFlag } from './threads.queries';

function FlagRow({ flag, networkId }: { flag: FlagView; networkId: string }) {
  const resolve = useResolveFlag(networkId);
  const href = `/threads/${flag.threadId}${flag.replyId ? `#reply-${flag.replyId}` : ''}`;
  return (
    <li className={classes.feedRow}>
      <Group justify="space-between" align="flex-start" gap="sm" wrap="wrap">
        <Stack gap={4} style={{ flex: '1 1 280px', minWidth: 0 }}>
          <Text fz="xs" c="dimmed">
            {flag.replyId ? 'A reply in' : 'The thread'}{' '}
            <Anchor component={Link} to={href} fz="xs" fw={600}>
              {flag.threadTitle}
            </Anchor>{' '}
            · flagged <RelativeTime value={flag.createdAt} />
          </Text>
          <Text fz="sm" style={{ overflowWrap: 'anywhere' }}>
            <Text span fw={600} fz="sm">
              Reason:
            </Text>{' '}
            {flag.reason}
          </Text>
          {flag.excerpt ? (
            <Text fz="sm" c="dimmed" lineClamp={2} className={classes.quote} style={{ overflowWrap: 'anywhere' }}>
              {flag.excerpt}
            </Text>
          ) : null}
          {flag.resolvedAt ? (
            <Text fz="xs" c="dimmed">
              Resolved <RelativeTime value={flag.resolvedAt} />
            </Text>
          ) : null}
        </Stack>
        {flag.resolvedAt ? null : (
          <Group gap="xs">
            <Button component={Link} to={href} variant="default" size="xs">
              Open post
            </Button>
            <Button
              size="xs"
              leftSection={<IconCheck size={14} aria-hidden="true" />}
              loading={resolve.isPending}
              aria-label={`Resolve the flag on ${flag.threadTitle}`}
              onClick={() =>
                resolve.mutate(flag.id, {
                  onSuccess: () => notifications.show({ color: 'teal', message: 'The flag is resolved.' }),
                  onError: (error) =>
                    notifications.show({ color: 'red', title: 'Not resolved', message: errorMessageOf(error) }),
                })
              }
            >
              Resolve
            </Button>
          </Group>
        )}
      </Group>
    </li>
  );
}

function FlagsList({ network }: { network: NetworkView }) {
  const [searchParams, setSearchParams] = useSearchParams();
  const status = searchParams.get('status') === 'resolved' ? 'resolved' : 'open';
  const flags = useFlags(network.id, status);
  const items = flags.data?.pages.flatMap((page) => page.items) ?? [];
  let content: ReactNode;
  if (flags.isPending)
    content = (
      <Paper withBorder p="md" aria-busy="true" aria-label="Loading flags">
        <Stack gap="md">
          {[0, 1, 2].map((row) => (
            <Stack key={row} gap={8}>
              <Skeleton height={10} width="40%" radius="xl" />
              <Skeleton height={12} width="75%" radius="xl" />
            </Stack>
          ))}
        </Stack>
      </Paper>
    );
  else if (flags.isError)
    content = (
      <Paper withBorder>
        <ErrorState
          title="The flags did not load"
          message={errorMessageOf(flags.error)}
          onRetry={() => void flags.refetch()}
          retrying={flags.isRefetching}
        />
      </Paper>
    );
  else if (items.length === 0)
    content = (
      <Paper withBorder py={48} px="md">
        <EmptyState
          icon={<IconFlag size={26} stroke={1.5} aria-hidden="true" />}
          withIndicatorBackground
          title={status === 'open' ? 'No open flags' : 'No resolved flags yet'}
          description={
            status === 'open'
              ? 'When a member flags a post with a reason, it waits here for you to look at it, hide it if need be, and resolve it.'
              : 'Flags you resolve are kept here.'
          }
        />
      </Paper>
    );
  else
    content = (
      <Stack gap="md">
        <Paper withBorder style={{ overflow: 'hidden' }}>
          <ul className={classes.list} aria-label={status === 'open' ? 'Open flags' : 'Resolved flags'}>
            {items.map((flag) => (
              <FlagRow key={flag.id} flag={flag} networkId={network.id} />
            ))}
          </ul>
        </Paper>
        {flags.hasNextPage ? (
          <Group justify="flex-end">
            <Button variant="default" onClick={() => void flags.fetchNextPage()} loading={flags.isFetchingNextPage}>
              Load more
            </Button>
          </Group>
        ) : null}
      </Stack>
    );
  return (
    <>
      <BackToNetwork network={network} />
      <PageHeader
        title="Flagged posts"
        description={`Posts members of ${network.name} flagged to the facilitators, with their reasons.`}
      />
      <SegmentedControl
        mb="md"
        aria-label="Show"
        value={status}
        onChange={(value) => setSearchParams(value === 'resolved' ? { status: 'resolved' } : {}, { replace: true })}
        data={[
          { value: 'open', label: 'Open' },
          { value: 'resolved', label: 'Resolved' },
        ]}
      />
      {content}
    </>
  );
}

/** The facilitators' queue of flagged posts in one network. */
export function FlagsPage() {
  return (
    <NetworkGate page="Flagged posts">
      {(network) =>
        network.viewer.abilities.manage ? (
          <FlagsList key={network.id} network={network} />
        ) : (
          <FacilitatorsOnly network={network} />
        )
      }
    </NetworkGate>
  );
}

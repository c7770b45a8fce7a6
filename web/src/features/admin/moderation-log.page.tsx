import { Anchor, Badge, Button, EmptyState, Group, Paper, Skeleton, Stack, Text } from '@mantine/core';
import type { ModerationAction, ModerationLogEntryView } from '@roundtable/contract/threads';
import { IconShieldCheck } from '@tabler/icons-react';
import type { ReactNode } from 'react';
import { Link } from 'react-router';
import { ErrorState } from '../../components/error-state';
import { PageHeader } from '../../components/page-header';
import { RelativeTime } from '../../components/relative-time';
import { errorMessageOf } from '../../lib/api';
import { usePageTitle } from '../../lib/use-page-title';
import { useModerationLog } from './admin.queries';
import classes from './outbox.module.css';

const ACTIONS: Record<ModerationAction, { label: string; color: string }> = {
  pin: { label: 'Pinned', color: 'indigo' },
  unpin: { label: 'Unpinned', color: 'gray' },
  lock: { label: 'Locked', color: 'yellow' },
  unlock: { label: 'Unlocked', color: 'gray' },
  hide: { label: 'Hid', color: 'red' },
  unhide: { label: 'Unhid', color: 'gray' },
  move: { label: 'Moved', color: 'grape' },
  nudge: { label: 'Nudged', color: 'teal' },
  resolve_flag: { label: 'Resolved a flag', color: 'teal' },
  reveal_author: { label: 'Revealed an author', color: 'red' },
  hide_pulse: { label: 'Hid a pulse', color: 'red' },
  unhide_pulse: { label: 'Unhid a pulse', color: 'gray' },
};

function EntryRow({ entry }: { entry: ModerationLogEntryView }) {
  const action = ACTIONS[entry.action];
  const what = entry.replyId ? 'a reply' : entry.threadId ? 'a thread' : entry.pulseId ? 'a pulse' : null;
  // Pulses have no page of their own yet, so a pulse entry names it without a link.
  const href = entry.threadId ? `/threads/${entry.threadId}${entry.replyId ? `#reply-${entry.replyId}` : ''}` : null;
  return (
    <li className={classes.row}>
      <Stack gap={4}>
        <Group gap="xs" wrap="wrap">
          <Badge variant="light" color={action.color} size="sm">
            {action.label}
          </Badge>
          <Text fz="sm">
            <Text span fw={600} fz="sm">
              {entry.actor.name}
            </Text>{' '}
            {what && href ? (
              <>
                on{' '}
                <Anchor component={Link} to={href} fz="sm">
                  {what}
                </Anchor>{' '}
              </>
            ) : what ? (
              <>on {what} </>
            ) : null}
            in {entry.networkName}
          </Text>
        </Group>
        {entry.reason ? (
          <Text fz="sm" c="dimmed" style={{ overflowWrap: 'anywhere' }}>
            Reason: {entry.reason}
          </Text>
        ) : null}
        <Text fz="xs" c="dimmed">
          <RelativeTime value={entry.createdAt} />
        </Text>
      </Stack>
    </li>
  );
}

/** The audit trail of every moderation action and author reveal, for host admins. */
export function ModerationLogPage() {
  usePageTitle('Moderation log');
  const log = useModerationLog();
  const items = log.data?.pages.flatMap((page) => page.items) ?? [];
  let content: ReactNode;
  if (log.isPending)
    content = (
      <Paper withBorder aria-busy="true" aria-label="Loading the moderation log">
        {[0, 1, 2, 3].map((row) => (
          <Stack key={row} gap={8} className={classes.row}>
            <Skeleton height={12} width="45%" radius="xl" />
            <Skeleton height={10} width="25%" radius="xl" />
          </Stack>
        ))}
      </Paper>
    );
  else if (log.isError)
    content = (
      <Paper withBorder>
        <ErrorState
          title="The moderation log did not load"
          message={errorMessageOf(log.error)}
          onRetry={() => void log.refetch()}
          retrying={log.isRefetching}
        />
      </Paper>
    );
  else if (items.length === 0)
    content = (
      <Paper withBorder py={48} px="md">
        <EmptyState
          icon={<IconShieldCheck size={26} stroke={1.5} aria-hidden="true" />}
          withIndicatorBackground
          title="Nothing moderated yet"
          description="Every pin, lock, hide, move, nudge, resolved flag and revealed author will be recorded here, with who did it and why."
        />
      </Paper>
    );
  else
    content = (
      <Stack gap="md">
        <Paper withBorder style={{ overflow: 'hidden' }}>
          <ul className={classes.list} aria-label="Moderation actions, newest first">
            {items.map((entry) => (
              <EntryRow key={entry.id} entry={entry} />
            ))}
          </ul>
        </Paper>
        {log.hasNextPage ? (
          <Group justify="flex-end">
            <Button variant="default" onClick={() => void log.fetchNextPage()} loading={log.isFetchingNextPage}>
              Load more
            </Button>
          </Group>
        ) : null}
      </Stack>
    );
  return (
    <>
      <PageHeader
        title="Moderation log"
        description="What facilitators and host admins did to posts across every network, who did it and why."
      />
      {content}
    </>
  );
}

import { Badge, Group, Paper, Skeleton, Stack, Text, Tooltip } from '@mantine/core';
import type { PulsePage, PulseView } from '@roundtable/contract/pulses';
import { IconClock, IconEyeOff, IconLock, IconUsers } from '@tabler/icons-react';
import type { InfiniteData, UseInfiniteQueryResult } from '@tanstack/react-query';
import type { ReactNode } from 'react';
import { Link } from 'react-router';
import { PagedList } from '../../components/paged-list';
import { formatDateTime, formatRelativeTime } from '../../lib/time';
import { useNow } from '../../lib/use-now';
import classes from './pulses.module.css';

/** Open to answers right now: not closed, not hidden, before its deadline. */
export const isPulseOpen = (pulse: PulseView, now: Date) =>
  pulse.status === 'open' && Date.parse(pulse.closesAt) > now.getTime();

/** "closes in 31 h", "closed 2 h ago", "hidden by a facilitator". */
export function deadlineText(pulse: PulseView, now: Date): string {
  if (pulse.status === 'hidden') return 'hidden by a facilitator';
  if (isPulseOpen(pulse, now)) return `closes ${formatRelativeTime(pulse.closesAt, now)}`;
  return `closed ${formatRelativeTime(pulse.closedAt ?? pulse.closesAt, now)}`;
}

/** The countdown, with the absolute deadline in the viewer's time zone on hover and focus. */
export function PulseDeadline({ pulse, fz = 'xs' }: { pulse: PulseView; fz?: 'xs' | 'sm' }) {
  const now = useNow();
  const open = isPulseOpen(pulse, now);
  const soon = open && Date.parse(pulse.closesAt) - now.getTime() < 6 * 3_600_000;
  return (
    <Tooltip label={formatDateTime(pulse.closedAt ?? pulse.closesAt)} openDelay={250}>
      <Text span fz={fz} c={soon ? 'orange.9' : 'dimmed'} fw={soon ? 600 : undefined}>
        <IconClock size={12} aria-hidden="true" style={{ verticalAlign: -1, marginRight: 3 }} />
        <time dateTime={pulse.closesAt}>{deadlineText(pulse, now)}</time>
      </Text>
    </Tooltip>
  );
}

export function PulseStatusBadge({ pulse }: { pulse: PulseView }) {
  const now = useNow();
  if (pulse.status === 'hidden')
    return (
      <Badge variant="light" color="red" tt="none" leftSection={<IconEyeOff size={12} aria-hidden="true" />}>
        Hidden
      </Badge>
    );
  if (!isPulseOpen(pulse, now))
    return (
      <Badge variant="light" color="gray" tt="none" leftSection={<IconLock size={12} aria-hidden="true" />}>
        Closed
      </Badge>
    );
  return (
    <Badge variant="light" color="teal" tt="none">
      Open
    </Badge>
  );
}

const VIEWER_STATE: Record<PulseView['viewer']['state'], string | null> = {
  waiting: 'Waiting for your answer',
  answered: 'You answered',
  declined: 'You passed',
  missed: 'You did not answer',
  not_asked: null,
};

export const answersLabel = (count: number) => (count === 1 ? '1 answer' : `${count} answers`);

/** One pulse in a list: its title (the link), networks, countdown, and where the viewer stands. */
export function PulseRow({ pulse }: { pulse: PulseView }) {
  const state = pulse.viewer.isAsker ? 'Asked by you' : VIEWER_STATE[pulse.viewer.state];
  return (
    <li className={classes.row}>
      <Stack gap={6}>
        <Group gap={6} wrap="wrap" style={{ rowGap: 4 }}>
          <Text
            component={Link}
            to={`/pulses/${pulse.id}`}
            className={classes.rowLink}
            fw={pulse.viewer.state === 'waiting' ? 700 : 600}
            fz="md"
            style={{ overflowWrap: 'anywhere' }}
          >
            {pulse.title}
          </Text>
          <PulseStatusBadge pulse={pulse} />
          {state ? (
            <Badge variant={pulse.viewer.state === 'waiting' ? 'filled' : 'outline'} color="indigo" tt="none" size="sm">
              {state}
            </Badge>
          ) : null}
        </Group>
        <Group gap={6} wrap="wrap" style={{ rowGap: 2 }}>
          <Text fz="xs" c="dimmed">
            {pulse.networks.map((network) => network.name).join(', ')}
          </Text>
          <Text fz="xs" c="dimmed" aria-hidden="true">
            ·
          </Text>
          <PulseDeadline pulse={pulse} />
          <Text fz="xs" c="dimmed" aria-hidden="true">
            ·
          </Text>
          <Text fz="xs" c="dimmed">
            <IconUsers size={12} aria-hidden="true" style={{ verticalAlign: -1, marginRight: 3 }} />
            {pulse.responseCount} of {pulse.audienceSize} answered
          </Text>
          <Text fz="xs" c="dimmed" aria-hidden="true">
            ·
          </Text>
          <Text fz="xs" c="dimmed">
            {pulse.questions.length === 1 ? '1 question' : `${pulse.questions.length} questions`}
          </Text>
        </Group>
      </Stack>
    </li>
  );
}

export function PulseListSkeleton({ label }: { label: string }) {
  return (
    <Paper withBorder aria-busy="true" aria-label={label}>
      {[0, 1, 2].map((row) => (
        <Stack key={row} gap={8} className={classes.row}>
          <Skeleton height={14} width="50%" radius="xl" />
          <Skeleton height={10} width="75%" radius="xl" />
        </Stack>
      ))}
    </Paper>
  );
}

type PulseListProps = {
  query: UseInfiniteQueryResult<InfiniteData<PulsePage, unknown>>;
  label: string;
  empty: ReactNode;
  errorTitle: string;
};

/** A cursor-paged list of pulses with its skeleton, friendly error, teaching empty state and "Load more". */
export function PulseList({ query, label, empty, errorTitle }: PulseListProps) {
  return (
    <PagedList
      query={query}
      label={label}
      skeleton={(loading) => <PulseListSkeleton label={loading} />}
      empty={empty}
      errorTitle={errorTitle}
      listClassName={classes.list}
      renderItem={(pulse) => <PulseRow key={pulse.id} pulse={pulse} />}
    />
  );
}

import { Button, EmptyState, Group, Paper, SegmentedControl, Stack, Text } from '@mantine/core';
import type { MeetingsWhen } from '@roundtable/contract/meetings';
import type { NetworkView } from '@roundtable/contract/networks';
import { IconCalendarEvent, IconCalendarPlus, IconHistory } from '@tabler/icons-react';
import { Link, useSearchParams } from 'react-router';
import { MeetingList } from './meeting-parts';
import { useNetworkMeetings } from './meetings.queries';

export const WHEN_OPTIONS: { value: MeetingsWhen; label: string }[] = [
  { value: 'upcoming', label: 'Upcoming' },
  { value: 'past', label: 'Past' },
];

/** `?when=past` picks the past meetings; anything else the upcoming ones. */
export function useWhenParam(): [MeetingsWhen, (when: MeetingsWhen) => void] {
  const [searchParams, setSearchParams] = useSearchParams();
  const when: MeetingsWhen = searchParams.get('when') === 'past' ? 'past' : 'upcoming';
  const setWhen = (next: MeetingsWhen) =>
    setSearchParams(
      (previous) => {
        const params = new URLSearchParams(previous);
        if (next === 'past') params.set('when', 'past');
        else params.delete('when');
        return params;
      },
      { replace: true },
    );
  return [when, setWhen];
}

export function ScheduleButton({ network }: { network?: { slug: string } }) {
  return (
    <Button
      component={Link}
      to={network ? `/meetings/new?network=${encodeURIComponent(network.slug)}` : '/meetings/new'}
      leftSection={<IconCalendarPlus size={16} aria-hidden="true" />}
    >
      Schedule a meeting
    </Button>
  );
}

/** The network's meetings, upcoming or past, in the viewer's time zone; its facilitators schedule them here. */
export function MeetingsTab({ network }: { network: NetworkView }) {
  const [when, setWhen] = useWhenParam();
  const query = useNetworkMeetings(network.id, when);
  const canSchedule = network.viewer.role === 'facilitator' && network.status === 'active';
  const Icon = when === 'upcoming' ? IconCalendarEvent : IconHistory;
  return (
    <Stack gap="md">
      <Group justify="space-between" gap="sm" wrap="wrap">
        <Text c="dimmed" fz="sm" maw={560}>
          Meet your peers in person or online. Answer whether you’re coming, and raise the issue you want the group’s
          help with.
        </Text>
        {canSchedule ? <ScheduleButton network={network} /> : null}
      </Group>
      <SegmentedControl
        aria-label="Which meetings"
        value={when}
        onChange={(value) => setWhen(value === 'past' ? 'past' : 'upcoming')}
        data={WHEN_OPTIONS}
        style={{ alignSelf: 'flex-start' }}
      />
      <MeetingList
        query={query}
        label={when === 'upcoming' ? `Upcoming meetings of ${network.name}` : `Past meetings of ${network.name}`}
        errorTitle="The meetings did not load"
        showNetwork={false}
        empty={
          <Paper withBorder py={48} px="md">
            <EmptyState
              icon={<Icon size={26} stroke={1.5} aria-hidden="true" />}
              withIndicatorBackground
              title={
                when === 'past'
                  ? 'No past meetings yet'
                  : canSchedule
                    ? 'Schedule the first meeting'
                    : 'No meeting planned yet'
              }
              description={
                when === 'past'
                  ? `Meetings of ${network.name} show here once they have taken place, with who attended.`
                  : canSchedule
                    ? `Pick a date, a place or a video link, and whether it repeats. The members of ${network.name} hear of it and answer whether they’re coming.`
                    : `When the facilitators of ${network.name} schedule a meeting, it shows here and you hear of it. Meanwhile, ask your peers in Discussions.`
              }
            >
              {when === 'upcoming' && canSchedule ? (
                <EmptyState.Actions>
                  <ScheduleButton network={network} />
                </EmptyState.Actions>
              ) : null}
            </EmptyState>
          </Paper>
        }
      />
    </Stack>
  );
}

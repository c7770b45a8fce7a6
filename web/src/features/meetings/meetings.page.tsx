import { EmptyState, Grid, Paper, SegmentedControl, Stack } from '@mantine/core';
import { IconCalendarEvent, IconHistory } from '@tabler/icons-react';
import { PageHeader } from '../../components/page-header';
import { usePageTitle } from '../../lib/use-page-title';
import { useMyNetworks } from '../networks/networks.queries';
import { CalendarFeedPanel } from './calendar-feed-panel';
import { MeetingList } from './meeting-parts';
import { browserTimeZone, zoneCity } from './meeting-time';
import { useMyMeetings } from './meetings.queries';
import { ScheduleButton, useWhenParam, WHEN_OPTIONS } from './meetings-tab';

/** The meetings of all the member's networks, upcoming or past, and the calendar subscription. */
export function MeetingsPage() {
  usePageTitle('Meetings');
  const [when, setWhen] = useWhenParam();
  const query = useMyMeetings(when);
  const mine = useMyNetworks();
  const facilitated = (mine.data ?? []).filter(
    (network) => network.viewer.role === 'facilitator' && network.status === 'active',
  );
  const Icon = when === 'upcoming' ? IconCalendarEvent : IconHistory;
  return (
    <Stack gap={0}>
      <PageHeader
        title="Meetings"
        description={`Where and when your networks meet, in your time zone (${zoneCity(browserTimeZone())}). Answer whether you’re coming and raise the issues you want help with.`}
        actions={
          facilitated.length > 0 ? (
            <ScheduleButton network={facilitated.length === 1 ? facilitated[0] : undefined} />
          ) : null
        }
      />
      <Grid gap="lg">
        <Grid.Col span={{ base: 12, md: 8 }}>
          <Stack gap="md">
            <SegmentedControl
              aria-label="Which meetings"
              value={when}
              onChange={(value) => setWhen(value === 'past' ? 'past' : 'upcoming')}
              data={WHEN_OPTIONS}
              style={{ alignSelf: 'flex-start' }}
            />
            <MeetingList
              query={query}
              label={when === 'upcoming' ? 'Your upcoming meetings' : 'Your past meetings'}
              errorTitle="Your meetings did not load"
              showNetwork
              empty={
                <Paper withBorder py={48} px="md">
                  <EmptyState
                    icon={<Icon size={26} stroke={1.5} aria-hidden="true" />}
                    withIndicatorBackground
                    title={when === 'upcoming' ? 'No meetings planned yet' : 'No past meetings yet'}
                    description={
                      when === 'upcoming'
                        ? facilitated.length > 0
                          ? 'Schedule a meeting for a network you facilitate: the members hear of it and answer whether they’re coming.'
                          : 'When a network you belong to schedules a meeting, it shows here and you hear of it. Subscribe in your calendar to see them there too.'
                        : 'Meetings you were invited to show here once they have taken place.'
                    }
                  >
                    {when === 'upcoming' && facilitated.length > 0 ? (
                      <EmptyState.Actions>
                        <ScheduleButton network={facilitated.length === 1 ? facilitated[0] : undefined} />
                      </EmptyState.Actions>
                    ) : null}
                  </EmptyState>
                </Paper>
              }
            />
          </Stack>
        </Grid.Col>
        <Grid.Col span={{ base: 12, md: 4 }}>
          <CalendarFeedPanel />
        </Grid.Col>
      </Grid>
    </Stack>
  );
}

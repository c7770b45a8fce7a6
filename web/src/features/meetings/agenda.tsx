import { Paper, Stack, Text, Title } from '@mantine/core';
import type { MeetingView } from '@roundtable/contract/meetings';
import { AgendaItemFollowUp } from './agenda-follow-up';
import { IssueLine } from './issues';
import { formatDuration, minutesBetween } from './meeting-time';
import classes from './meetings.module.css';

const clock = new Intl.DateTimeFormat(undefined, { timeStyle: 'short' });

/** When each item starts, in the viewer's zone, laid end to end from the meeting's start. */
export function startsOf(meeting: MeetingView, minutes: readonly number[]): string[] {
  let offset = 0;
  return minutes.map((length) => {
    const at = new Date(Date.parse(meeting.startsAt) + offset * 60_000);
    offset += length;
    return clock.format(at);
  });
}

/** The agenda as members see it: each issue with its time box and when it starts. */
export function AgendaView({ meeting }: { meeting: MeetingView }) {
  const length = minutesBetween(meeting.startsAt, meeting.endsAt);
  const minutes = meeting.agenda.map((item) => item.minutes ?? 0);
  const starts = startsOf(meeting, minutes);
  return (
    <Paper withBorder component="section" aria-labelledby="agenda-title" style={{ overflow: 'hidden' }}>
      <Stack gap={4} p="md" pb="sm">
        <Title order={2} fz="h4" id="agenda-title">
          Agenda
        </Title>
        {meeting.agenda.length > 0 ? (
          <Text fz="sm" c="dimmed">
            {meeting.agenda.length} {meeting.agenda.length === 1 ? 'issue' : 'issues'},{' '}
            {formatDuration(minutes.reduce((sum, value) => sum + value, 0))} of {formatDuration(length)}. Each follows
            the protocol: present, clarifying questions, experience sharing, commitment.
          </Text>
        ) : null}
      </Stack>
      {meeting.agenda.length === 0 ? (
        <Text fz="sm" c="dimmed" px="md" pb="md">
          The facilitators publish the agenda before the meeting, picked from the issues members raise. Raise yours
          below so it can be on it.
        </Text>
      ) : (
        <ol className={classes.list} style={{ borderTop: '1px solid var(--mantine-color-default-border)' }}>
          {meeting.agenda.map((item, index) => (
            <li key={item.id} className={classes.agendaItem}>
              <Stack gap={0} className={classes.timeBox}>
                <Text fz="sm" fw={600}>
                  {starts[index]}
                </Text>
                <Text fz="xs" c="dimmed">
                  {item.minutes ?? 0} min
                </Text>
              </Stack>
              <div style={{ flex: 1, minWidth: 0 }}>
                <IssueLine issue={item} />
                {meeting.agendaPublished ? <AgendaItemFollowUp meeting={meeting} item={item} /> : null}
              </div>
            </li>
          ))}
        </ol>
      )}
    </Paper>
  );
}

import { Avatar, Badge, Button, Checkbox, Group, Paper, Skeleton, Stack, Text, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import type { MeetingView, ParticipantView } from '@roundtable/contract/meetings';
import { useState } from 'react';
import { ErrorState } from '../../components/error-state';
import { FormAlert } from '../../components/form-alert';
import { errorMessageOf } from '../../lib/api';
import { formErrorMessageOf } from '../../lib/forms';
import { initialsOf } from '../../lib/names';
import { RSVP_LABELS } from './meeting-labels';
import classes from './meetings.module.css';
import { useParticipants, useRecordAttendance } from './meetings.queries';

const RSVP_COLORS = { going: 'teal', maybe: 'yellow', not_going: 'gray' } as const;

/** Who attended as recorded, or, before anything is recorded, those who said they were going. */
const initialAttended = (items: readonly ParticipantView[]) =>
  new Set(
    items
      .filter((item) => item.attended === true || (item.attended === null && item.rsvp === 'going'))
      .map((item) => item.person.id),
  );

function RollList({ meeting, items }: { meeting: MeetingView; items: ParticipantView[] }) {
  const record = useRecordAttendance(meeting.id);
  const [attended, setAttended] = useState(() => initialAttended(items));
  const isRecorded = items.some((item) => item.attended !== null);
  const canRecord = meeting.abilities.recordAttendance;
  const toggle = (id: string, on: boolean) =>
    setAttended((previous) => {
      const next = new Set(previous);
      if (on) next.add(id);
      else next.delete(id);
      return next;
    });
  return (
    <>
      <ul className={classes.list} style={{ borderTop: '1px solid var(--mantine-color-default-border)' }}>
        {items.map((item) => (
          <li key={item.person.id} style={{ padding: 'var(--mantine-spacing-sm) var(--mantine-spacing-md)' }}>
            <Group gap="sm" wrap="nowrap" align="flex-start">
              {canRecord ? (
                <Checkbox
                  mt={6}
                  checked={attended.has(item.person.id)}
                  onChange={(event) => toggle(item.person.id, event.currentTarget.checked)}
                  aria-label={`${item.person.name} attended`}
                />
              ) : null}
              <Avatar src={item.person.avatarUrl} radius="xl" size="sm" color="indigo" alt="" mt={2}>
                {initialsOf(item.person.name)}
              </Avatar>
              <Stack gap={2} style={{ flex: 1, minWidth: 0 }}>
                <Group gap={6} wrap="wrap">
                  <Text fz="sm" fw={500}>
                    {item.person.name}
                  </Text>
                  {item.rsvp ? (
                    <Badge size="sm" variant="light" color={RSVP_COLORS[item.rsvp]} tt="none">
                      {RSVP_LABELS[item.rsvp]}
                    </Badge>
                  ) : (
                    <Badge size="sm" variant="outline" color="gray" tt="none">
                      No answer
                    </Badge>
                  )}
                  {!canRecord && item.attended !== null ? (
                    <Badge size="sm" variant="dot" color={item.attended ? 'teal' : 'gray'} tt="none">
                      {item.attended ? 'Attended' : 'Missed'}
                    </Badge>
                  ) : null}
                </Group>
                {item.note ? (
                  <Text fz="sm" c="dimmed" fs="italic" style={{ overflowWrap: 'anywhere' }}>
                    “{item.note}”
                  </Text>
                ) : null}
              </Stack>
            </Group>
          </li>
        ))}
      </ul>
      {canRecord ? (
        <Stack gap="xs" p="md" style={{ borderTop: '1px solid var(--mantine-color-default-border)' }}>
          <FormAlert message={record.isError ? formErrorMessageOf(record.error) : null} />
          <Group justify="space-between" gap="sm" wrap="wrap">
            <Text fz="sm" c="dimmed">
              {attended.size} of {items.length} attended
              {isRecorded ? '' : ' (ticked from their answers; not saved yet)'}
            </Text>
            <Button
              loading={record.isPending}
              onClick={() =>
                record.mutate([...attended], {
                  onSuccess: () => notifications.show({ color: 'teal', message: 'Attendance saved.' }),
                })
              }
            >
              Save attendance
            </Button>
          </Group>
        </Stack>
      ) : null}
    </>
  );
}

/** For facilitators: every member's answer and note; once the meeting has started, who attended. */
export function RollPanel({ meeting }: { meeting: MeetingView }) {
  const roll = useParticipants(meeting.id, true);
  return (
    <Paper withBorder component="section" aria-labelledby="roll-title" style={{ overflow: 'hidden' }}>
      <Stack gap={4} p="md" pb="sm">
        <Group gap="xs" justify="space-between" wrap="wrap">
          <Title order={2} fz="h4" id="roll-title">
            Roll
          </Title>
          <Badge variant="light" color="gray" tt="none">
            Facilitators only
          </Badge>
        </Group>
        <Text fz="sm" c="dimmed">
          {meeting.abilities.recordAttendance
            ? 'Tick who attended and save. Members’ notes are for you only.'
            : meeting.status === 'cancelled'
              ? 'The meeting is cancelled.'
              : 'Everyone’s answer and note to you. Once the meeting starts, you record who attended here.'}
        </Text>
      </Stack>
      {roll.isPending ? (
        <Stack gap="sm" p="md" pt={0} aria-busy="true" aria-label="Loading the roll">
          <Skeleton height={32} />
          <Skeleton height={32} />
        </Stack>
      ) : roll.isError ? (
        <ErrorState
          title="The roll did not load"
          message={errorMessageOf(roll.error)}
          onRetry={() => void roll.refetch()}
          retrying={roll.isFetching}
        />
      ) : roll.data.items.length === 0 ? (
        <Text fz="sm" c="dimmed" px="md" pb="md">
          No members yet.
        </Text>
      ) : (
        <RollList key={roll.dataUpdatedAt} meeting={meeting} items={roll.data.items} />
      )}
    </Paper>
  );
}

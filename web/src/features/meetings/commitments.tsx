import { Badge, Button, Group, Paper, Stack, Text, Textarea, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { COMMITMENT_MAX_LENGTH, type CommitmentView, type MeetingView } from '@roundtable/contract/meetings';
import { IconCheck, IconClockPlay, IconFlag, IconX } from '@tabler/icons-react';
import { useState } from 'react';
import { FormAlert } from '../../components/form-alert';
import { RelativeTime } from '../../components/relative-time';
import { formErrorMessageOf } from '../../lib/forms';
import classes from './meetings.module.css';
import { useCheckIn, useRecordCommitment } from './meetings.queries';

export const COMMITMENT_STATUS_LABELS: Record<CommitmentView['status'], string> = {
  open: 'Open',
  in_progress: 'In progress',
  done: 'Done',
  dropped: 'Dropped',
};

const CHECK_INS = [
  { status: 'done', label: 'Done', icon: IconCheck, color: 'teal' },
  { status: 'in_progress', label: 'In progress', icon: IconClockPlay, color: 'indigo' },
  { status: 'dropped', label: 'Dropped', icon: IconX, color: 'gray' },
] as const;

function CheckInRow({ commitment, meetingId }: { commitment: CommitmentView; meetingId: string }) {
  const checkIn = useCheckIn(meetingId);
  return (
    <li style={{ padding: 'var(--mantine-spacing-sm) var(--mantine-spacing-md)' }}>
      <Stack gap={6}>
        <Group justify="space-between" gap="xs" wrap="nowrap" align="flex-start">
          <Stack gap={2} style={{ minWidth: 0 }}>
            <Text fz="sm" fw={600} style={{ overflowWrap: 'anywhere' }}>
              {commitment.text}
            </Text>
            <Text fz="xs" c="dimmed">
              {commitment.person.name} · on “{commitment.issueTitle}” · <RelativeTime value={commitment.createdAt} />
            </Text>
          </Stack>
          <Badge variant="light" color={commitment.status === 'in_progress' ? 'indigo' : 'gray'} tt="none">
            {COMMITMENT_STATUS_LABELS[commitment.status]}
          </Badge>
        </Group>
        {commitment.abilities.checkIn ? (
          <Group gap="xs" role="group" aria-label={`Check in on “${commitment.text}”`}>
            {CHECK_INS.map(({ status, label, icon: Icon, color }) => (
              <Button
                key={status}
                size="xs"
                variant="light"
                color={color}
                leftSection={<Icon size={14} aria-hidden="true" />}
                loading={checkIn.isPending && checkIn.variables?.body.status === status}
                disabled={checkIn.isPending}
                onClick={() =>
                  checkIn.mutate(
                    { commitmentId: commitment.id, body: { status, meetingId } },
                    {
                      onSuccess: () =>
                        notifications.show({ color: 'teal', message: `Checked in: ${label.toLowerCase()}.` }),
                    },
                  )
                }
              >
                {label}
              </Button>
            ))}
          </Group>
        ) : null}
        <FormAlert message={checkIn.isError ? formErrorMessageOf(checkIn.error) : null} />
      </Stack>
    </li>
  );
}

/** The agenda opens with the commitments made at earlier meetings: a one-line check-in on each. */
export function CheckInPanel({ meeting }: { meeting: MeetingView }) {
  if (meeting.openCommitments.length === 0) return null;
  return (
    <Paper withBorder component="section" aria-labelledby="check-in-title" style={{ overflow: 'hidden' }}>
      <Stack gap={4} p="md" pb="sm">
        <Title order={2} fz="h4" id="check-in-title">
          Check-in on commitments
        </Title>
        <Text fz="sm" c="dimmed">
          First on the agenda: what members committed to at earlier meetings. One line each — done, in progress or
          dropped.
        </Text>
      </Stack>
      <ul className={classes.list} style={{ borderTop: '1px solid var(--mantine-color-default-border)' }}>
        {meeting.openCommitments.map((commitment) => (
          <CheckInRow key={commitment.id} commitment={commitment} meetingId={meeting.id} />
        ))}
      </ul>
    </Paper>
  );
}

/** The presenter, once their issue is processed, says what they will do about it. */
export function RecordCommitment({ issueId, meetingId }: { issueId: string; meetingId: string }) {
  const record = useRecordCommitment(issueId, meetingId);
  const [text, setText] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [recorded, setRecorded] = useState<string | null>(null);
  if (recorded)
    return (
      <Group gap={6} wrap="nowrap" align="flex-start" mt="xs">
        <IconFlag size={16} aria-hidden="true" style={{ flex: 'none', marginTop: 2 }} />
        <Text fz="sm">
          Your commitment: <strong>{recorded}</strong>. The next meeting opens with a check-in on it.
        </Text>
      </Group>
    );
  const submit = () => {
    const value = text.trim();
    const problem =
      value === ''
        ? 'Say what you will do, and by when.'
        : value.length > COMMITMENT_MAX_LENGTH
          ? `Keep it under ${COMMITMENT_MAX_LENGTH} characters.`
          : null;
    setError(problem);
    if (problem) return;
    record.mutate({ text: value, meetingId }, { onSuccess: (commitment) => setRecorded(commitment.text) });
  };
  return (
    <Stack gap="xs" mt="xs">
      <Textarea
        label="Record your commitment"
        description="What you will do after hearing the group, and by when. It opens the next meeting’s check-in."
        placeholder="I will pilot weekly forecast calls with one team by May"
        autosize
        minRows={2}
        maxLength={COMMITMENT_MAX_LENGTH}
        value={text}
        error={error}
        onChange={(event) => {
          setText(event.currentTarget.value);
          if (error) setError(null);
        }}
      />
      <FormAlert message={record.isError ? formErrorMessageOf(record.error) : null} />
      <Group>
        <Button size="xs" loading={record.isPending} onClick={submit}>
          Record commitment
        </Button>
      </Group>
    </Stack>
  );
}

import { Alert, Anchor, Avatar, Button, Group, Paper, Stack, Text, Textarea, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { type MeetingView, RSVP_NOTE_MAX_LENGTH, type RsvpAnswer } from '@roundtable/contract/meetings';
import { IconAlertTriangle, IconCheck, IconQuestionMark, IconX, type TablerIcon } from '@tabler/icons-react';
import { useState } from 'react';
import { Link } from 'react-router';
import { FormAlert } from '../../components/form-alert';
import { isApiError } from '../../lib/api';
import { formErrorMessageOf } from '../../lib/forms';
import { initialsOf } from '../../lib/names';
import { MY_RSVP_LABELS, RSVP_LABELS } from './meeting-labels';
import { useAnswerMeeting } from './meetings.queries';

const ANSWERS: { answer: RsvpAnswer; icon: TablerIcon; color: string }[] = [
  { answer: 'going', icon: IconCheck, color: 'teal' },
  { answer: 'maybe', icon: IconQuestionMark, color: 'yellow' },
  { answer: 'not_going', icon: IconX, color: 'gray' },
];

/** Going, maybe or can't go, with an optional note only the facilitators read. */
export function RsvpPanel({ meeting }: { meeting: MeetingView }) {
  const answer = useAnswerMeeting(meeting.id);
  const [note, setNote] = useState(meeting.myNote ?? '');
  const [noteOpen, setNoteOpen] = useState(Boolean(meeting.myNote));
  const isFull = meeting.capacity !== null && meeting.goingCount >= meeting.capacity && meeting.myRsvp !== 'going';
  const isFullError = answer.isError && isApiError(answer.error) && answer.error.status === 409;
  const send = (value: RsvpAnswer, noteOnly = false) =>
    answer.mutate(
      { answer: value, note: note.trim() || null },
      {
        onSuccess: () =>
          notifications.show({
            color: 'teal',
            message: noteOnly ? 'Your note is saved for the facilitators.' : `${MY_RSVP_LABELS[value]}.`,
          }),
      },
    );
  const noteChanged = note.trim() !== (meeting.myNote ?? '');
  return (
    <Paper withBorder p="md" component="section" aria-labelledby="rsvp-title">
      <Stack gap="sm">
        <Title order={2} fz="h5" id="rsvp-title">
          {meeting.abilities.rsvp ? 'Are you coming?' : 'Your answer'}
        </Title>
        {meeting.abilities.rsvp ? (
          <>
            <Stack gap={6} role="group" aria-label="Your answer">
              {ANSWERS.map(({ answer: value, icon: Icon, color }) => {
                const chosen = meeting.myRsvp === value;
                return (
                  <Button
                    key={value}
                    variant={chosen ? 'filled' : 'default'}
                    color={chosen ? color : undefined}
                    aria-pressed={chosen}
                    leftSection={<Icon size={16} aria-hidden="true" />}
                    loading={answer.isPending && answer.variables?.answer === value}
                    disabled={value === 'going' && isFull}
                    onClick={() => send(value)}
                    fullWidth
                    justify="flex-start"
                  >
                    {RSVP_LABELS[value]}
                  </Button>
                );
              })}
            </Stack>
            {isFull || isFullError ? (
              <Alert variant="light" color="orange" icon={<IconAlertTriangle size={18} aria-hidden="true" />} p="sm">
                <Text fz="sm">
                  <strong>This meeting is full</strong> (
                  {meeting.capacity === 1 ? '1 seat' : `${meeting.capacity} seats`}). Answer “Maybe” and the
                  facilitators see you would like to come.
                </Text>
              </Alert>
            ) : (
              <FormAlert message={answer.isError ? formErrorMessageOf(answer.error) : null} />
            )}
            {noteOpen ? (
              <Stack gap={6}>
                <Textarea
                  label="Note for the facilitators (optional)"
                  description="Only the facilitators read it, e.g. “I’ll join 30 minutes late”."
                  value={note}
                  maxLength={RSVP_NOTE_MAX_LENGTH}
                  autosize
                  minRows={2}
                  onChange={(event) => setNote(event.currentTarget.value)}
                />
                {meeting.myRsvp ? (
                  <Button
                    variant="default"
                    size="xs"
                    disabled={!noteChanged}
                    loading={answer.isPending && answer.variables?.answer === meeting.myRsvp && noteChanged}
                    onClick={() => meeting.myRsvp && send(meeting.myRsvp, true)}
                    style={{ alignSelf: 'flex-start' }}
                  >
                    Save note
                  </Button>
                ) : (
                  <Text fz="xs" c="dimmed">
                    It is sent with your answer.
                  </Text>
                )}
              </Stack>
            ) : (
              <Anchor component="button" type="button" fz="sm" onClick={() => setNoteOpen(true)} ta="left">
                Add a note for the facilitators
              </Anchor>
            )}
          </>
        ) : (
          <Text fz="sm" c="dimmed">
            {meeting.myRsvp ? `${MY_RSVP_LABELS[meeting.myRsvp]}. ` : 'You did not answer. '}
            {meeting.status === 'cancelled' ? 'The meeting is cancelled.' : 'Answers are closed: the meeting is over.'}
          </Text>
        )}
      </Stack>
    </Paper>
  );
}

/** Who is going, by name, and how many might come. */
export function GoingPanel({ meeting }: { meeting: MeetingView }) {
  const { counts } = meeting;
  return (
    <Paper withBorder p="md" component="section" aria-labelledby="going-title">
      <Stack gap="sm">
        <Title order={2} fz="h5" id="going-title">
          Who’s going
        </Title>
        <Text fz="sm" c="dimmed">
          {counts.going} going
          {meeting.capacity !== null ? ` of ${meeting.capacity} ${meeting.capacity === 1 ? 'seat' : 'seats'}` : ''} ·{' '}
          {counts.maybe} maybe · {counts.notGoing} can’t go
        </Text>
        {meeting.going.length === 0 ? (
          <Text fz="sm">No one has said they’re going yet.</Text>
        ) : (
          <Stack gap={8} component="ul" style={{ listStyle: 'none', margin: 0, padding: 0 }}>
            {meeting.going.map((person) => (
              <Group key={person.id} component="li" gap="sm" wrap="nowrap">
                <Avatar src={person.avatarUrl} radius="xl" size="sm" color="indigo" alt="">
                  {initialsOf(person.name)}
                </Avatar>
                <Anchor component={Link} to={`/members/${person.id}`} fz="sm">
                  {person.name}
                </Anchor>
              </Group>
            ))}
            {counts.going > meeting.going.length ? (
              <Text component="li" fz="sm" c="dimmed">
                and {counts.going - meeting.going.length} more
              </Text>
            ) : null}
          </Stack>
        )}
      </Stack>
    </Paper>
  );
}

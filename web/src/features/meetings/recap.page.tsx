import {
  Alert,
  Anchor,
  Avatar,
  Badge,
  Button,
  Group,
  Paper,
  Skeleton,
  Stack,
  Text,
  Textarea,
  Title,
} from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { type MeetingView, MINUTES_MAX_LENGTH, type RecapView } from '@roundtable/contract/meetings';
import { IconLock, IconNotes } from '@tabler/icons-react';
import { useState } from 'react';
import { Link } from 'react-router';
import { ErrorState } from '../../components/error-state';
import { FormAlert } from '../../components/form-alert';
import { LinkifiedText } from '../../components/linkified-text';
import { RelativeTime } from '../../components/relative-time';
import { errorMessageOf, isApiError } from '../../lib/api';
import { formErrorMessageOf } from '../../lib/forms';
import { initialsOf } from '../../lib/names';
import { COMMITMENT_STATUS_LABELS } from './commitments';
import { BackLink, MeetingGate } from './meeting-gate';
import { formatMeetingWhen } from './meeting-time';
import classes from './meetings.module.css';
import { useMeetingSettings, usePublishRecap, useRecap } from './meetings.queries';
import { formatDay } from './offers';

const OFFER_STATUS_LABELS = { open: 'open', fulfilled: 'sent', withdrawn: 'withdrawn' } as const;

function Attendance({ recap, meetingId }: { recap: RecapView; meetingId: string }) {
  return (
    <Paper withBorder p="md" component="section" aria-labelledby="attendance-title">
      <Title order={2} fz="h4" id="attendance-title" mb="xs">
        Attendance
      </Title>
      {recap.attended.length === 0 ? (
        <Text fz="sm" c="dimmed">
          Attendance has not been recorded.
          {recap.abilities.publish ? (
            <>
              {' '}
              <Anchor component={Link} to={`/meetings/${meetingId}`} fz="sm">
                Record who attended
              </Anchor>{' '}
              on the meeting’s page before you publish.
            </>
          ) : null}
        </Text>
      ) : (
        <Stack gap="xs">
          <Text fz="sm">
            {recap.attended.length} attended{recap.missedCount > 0 ? `, ${recap.missedCount} missed it` : ''}.
          </Text>
          <Group gap="xs">
            {recap.attended.map((person) => (
              <Group key={person.id} gap={6} wrap="nowrap">
                <Avatar size={24} radius="xl" src={person.avatarUrl} alt="" color="indigo">
                  {initialsOf(person.name)}
                </Avatar>
                <Text fz="sm">{person.name}</Text>
              </Group>
            ))}
          </Group>
        </Stack>
      )}
    </Paper>
  );
}

function Issues({ recap }: { recap: RecapView }) {
  return (
    <Paper withBorder component="section" aria-labelledby="processed-title" style={{ overflow: 'hidden' }}>
      <Title order={2} fz="h4" id="processed-title" p="md" pb="sm">
        Issues worked through
      </Title>
      {recap.issues.length === 0 ? (
        <Text fz="sm" c="dimmed" px="md" pb="md">
          No issue was worked through to the end at this meeting.
        </Text>
      ) : (
        <ol className={classes.list} style={{ borderTop: '1px solid var(--mantine-color-default-border)' }}>
          {recap.issues.map((issue) => (
            <li key={issue.id} style={{ padding: 'var(--mantine-spacing-md)' }}>
              <Stack gap="xs">
                <div>
                  <Text fw={600} style={{ overflowWrap: 'anywhere' }}>
                    {issue.title}
                  </Text>
                  <Text fz="xs" c="dimmed">
                    Presented by {issue.presenter.name}
                  </Text>
                </div>
                <div>
                  <Text fz="sm" fw={600}>
                    Offers
                  </Text>
                  {issue.offers.length === 0 ? (
                    <Text fz="sm" c="dimmed">
                      None.
                    </Text>
                  ) : (
                    <ul style={{ margin: 0, paddingLeft: 20 }}>
                      {issue.offers.map((offer) => (
                        <li key={`${offer.offerer.id}-${offer.description}`}>
                          <Text fz="sm">
                            {offer.offerer.name}: {offer.description}{' '}
                            <Text span fz="xs" c="dimmed">
                              (by {formatDay(offer.dueOn)}, {OFFER_STATUS_LABELS[offer.status]})
                            </Text>
                          </Text>
                        </li>
                      ))}
                    </ul>
                  )}
                </div>
                <div>
                  <Text fz="sm" fw={600}>
                    Commitment
                  </Text>
                  {issue.commitments.length === 0 ? (
                    <Text fz="sm" c="dimmed">
                      None recorded.
                    </Text>
                  ) : (
                    <ul style={{ margin: 0, paddingLeft: 20 }}>
                      {issue.commitments.map((commitment) => (
                        <li key={commitment.text}>
                          <Text fz="sm">
                            {commitment.text}{' '}
                            <Badge size="sm" variant="light" color="gray" tt="none">
                              {COMMITMENT_STATUS_LABELS[commitment.status]}
                            </Badge>
                          </Text>
                        </li>
                      ))}
                    </ul>
                  )}
                </div>
              </Stack>
            </li>
          ))}
        </ol>
      )}
    </Paper>
  );
}

function PublishForm({ meeting, recap }: { meeting: MeetingView; recap: RecapView }) {
  const settings = useMeetingSettings(meeting.network.id);
  const publish = usePublishRecap(meeting.id);
  const [minutes, setMinutes] = useState(recap.minutes ?? '');
  const minutesAllowed = settings.data?.minutesAllowed ?? false;
  const tooLong = minutes.length > MINUTES_MAX_LENGTH;
  return (
    <Paper withBorder p="md" component="section" aria-labelledby="publish-title">
      <Stack gap="md">
        <div>
          <Title order={2} fz="h4" id="publish-title">
            Write and publish the recap
          </Title>
          <Text fz="sm" c="dimmed">
            The members read it here, and those who attended receive it by email.
          </Text>
        </div>
        {settings.isPending ? (
          <Skeleton height={80} />
        ) : minutesAllowed ? (
          <Textarea
            label="Minutes"
            description="What the group agreed and should remember. Keep what was said in confidence out of it."
            autosize
            minRows={5}
            maxRows={20}
            value={minutes}
            error={tooLong ? `Keep it under ${MINUTES_MAX_LENGTH.toLocaleString()} characters.` : null}
            onChange={(event) => setMinutes(event.currentTarget.value)}
          />
        ) : (
          <Alert variant="light" color="gray" icon={<IconLock size={18} aria-hidden="true" />} p="sm">
            <Text fz="sm">
              This network keeps no minutes: the recap holds attendance, the issues, offers and commitments only. Its
              facilitators can change that in the network’s settings.
            </Text>
          </Alert>
        )}
        <FormAlert message={publish.isError ? formErrorMessageOf(publish.error) : null} />
        <Group justify="flex-end">
          <Button
            leftSection={<IconNotes size={16} aria-hidden="true" />}
            loading={publish.isPending}
            disabled={tooLong || settings.isPending}
            onClick={() =>
              publish.mutate(minutesAllowed && minutes.trim() ? { minutes: minutes.trim() } : {}, {
                onSuccess: () =>
                  notifications.show({
                    color: 'teal',
                    message: 'The recap is published; those who attended receive it.',
                  }),
              })
            }
          >
            {recap.publishedAt ? 'Publish again' : 'Publish the recap'}
          </Button>
        </Group>
      </Stack>
    </Paper>
  );
}

function RecapLoaded({ meeting }: { meeting: MeetingView }) {
  const recap = useRecap(meeting.id);
  return (
    <Stack gap={0}>
      <BackLink to={`/meetings/${meeting.id}`}>{meeting.title}</BackLink>
      <Stack gap={6} mb="lg">
        <Title order={1} fz={{ base: 24, sm: 28 }} lh={1.2}>
          Recap: {meeting.title}
        </Title>
        <Text c="dimmed">
          {formatMeetingWhen(meeting.startsAt, meeting.endsAt)} · {meeting.network.name}
          {recap.data?.publishedAt ? (
            <>
              {' '}
              · published <RelativeTime value={recap.data.publishedAt} />
            </>
          ) : recap.data ? (
            ' · not published yet'
          ) : null}
        </Text>
      </Stack>
      {recap.isPending ? (
        <Stack gap="md" aria-busy="true" aria-label="Loading the recap">
          <Skeleton height={90} />
          <Skeleton height={160} />
        </Stack>
      ) : recap.isError ? (
        isApiError(recap.error) && recap.error.status === 404 ? (
          <Paper withBorder p="lg">
            <Text fw={600}>The recap is not published yet</Text>
            <Text fz="sm" c="dimmed">
              The facilitators publish it after the meeting; you hear of it when they do.
            </Text>
          </Paper>
        ) : (
          <ErrorState
            title="The recap did not load"
            message={errorMessageOf(recap.error)}
            onRetry={() => void recap.refetch()}
            retrying={recap.isFetching}
          />
        )
      ) : (
        <Stack gap="lg">
          {recap.data.abilities.publish ? (
            <PublishForm key={recap.data.publishedAt ?? 'draft'} meeting={meeting} recap={recap.data} />
          ) : null}
          <Attendance recap={recap.data} meetingId={meeting.id} />
          <Issues recap={recap.data} />
          {recap.data.minutes ? (
            <Paper withBorder p="md" component="section" aria-labelledby="minutes-title">
              <Title order={2} fz="h4" id="minutes-title" mb="xs">
                Minutes
              </Title>
              <Text fz="sm" className={classes.prose}>
                <LinkifiedText text={recap.data.minutes} />
              </Text>
            </Paper>
          ) : null}
        </Stack>
      )}
    </Stack>
  );
}

/** What a meeting did: who came, the issues worked through with their offers and commitments, minutes where kept. */
export function RecapPage() {
  return <MeetingGate page="Recap">{(meeting) => <RecapLoaded meeting={meeting} />}</MeetingGate>;
}

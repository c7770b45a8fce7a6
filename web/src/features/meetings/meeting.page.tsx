import {
  Alert,
  Anchor,
  Button,
  Grid,
  Group,
  Modal,
  Paper,
  Skeleton,
  Stack,
  Text,
  Textarea,
  Title,
} from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { CANCEL_REASON_MAX_LENGTH, type MeetingView } from '@roundtable/contract/meetings';
import {
  IconBan,
  IconBroadcast,
  IconCalendarDown,
  IconClock,
  IconExternalLink,
  IconMapPin,
  IconNotes,
  IconPencil,
  IconPlayerPlay,
  IconRepeat,
  IconUsersGroup,
  IconVideo,
  type TablerIcon,
} from '@tabler/icons-react';
import { lazy, type ReactNode, Suspense, useState } from 'react';
import { Link } from 'react-router';
import { FormAlert } from '../../components/form-alert';
import { LinkifiedText } from '../../components/linkified-text';
import { formErrorMessageOf } from '../../lib/forms';
import { useNetwork } from '../networks/networks.queries';
import { AgendaView } from './agenda';
import { AgendaFollowUp } from './agenda-follow-up';
import { CheckInPanel } from './commitments';
import { IssueQueue } from './issues';
import { BackLink, MeetingGate } from './meeting-gate';
import { formatLabel } from './meeting-labels';
import { MeetingBadges } from './meeting-parts';
import {
  browserTimeZone,
  formatDuration,
  formatMeetingWhen,
  minutesBetween,
  zoneCity,
  zonesDiffer,
} from './meeting-time';
import classes from './meetings.module.css';
import { useCancelMeeting } from './meetings.queries';
import { describeRule } from './repeat-rule';
import { RollPanel } from './roll';
import { GoingPanel, RsvpPanel } from './rsvp-panel';

/** Only facilitators build the agenda: the builder, with its drag and drop, loads for them alone. */
const AgendaBuilder = lazy(() => import('./agenda-builder').then((m) => ({ default: m.AgendaBuilder })));

function Fact({ icon: Icon, children }: { icon: TablerIcon; children: ReactNode }) {
  return (
    <Group gap={8} wrap="nowrap" align="flex-start">
      <Icon size={18} aria-hidden="true" style={{ flex: 'none', marginTop: 2, color: 'var(--mantine-color-dimmed)' }} />
      <div style={{ minWidth: 0, overflowWrap: 'anywhere' }}>{children}</div>
    </Group>
  );
}

function CancelModal({ meeting, opened, onClose }: { meeting: MeetingView; opened: boolean; onClose: () => void }) {
  const cancel = useCancelMeeting(meeting.id);
  const [reason, setReason] = useState('');
  return (
    <Modal
      opened={opened}
      onClose={onClose}
      title="Cancel this meeting?"
      centered
      closeButtonProps={{ 'aria-label': 'Close' }}
    >
      <Stack gap="md">
        <Text fz="sm">
          The members hear that “{meeting.title}” on {formatMeetingWhen(meeting.startsAt, meeting.endsAt)} is cancelled,
          and it is struck from their calendars. Issues on its agenda go back to the queue.
          {meeting.isRecurring ? ' The other meetings of the series stay.' : ''}
        </Text>
        <Textarea
          label="Reason (optional)"
          description="Members see it with the cancellation."
          value={reason}
          maxLength={CANCEL_REASON_MAX_LENGTH}
          autosize
          minRows={2}
          onChange={(event) => setReason(event.currentTarget.value)}
        />
        <FormAlert message={cancel.isError ? formErrorMessageOf(cancel.error) : null} />
        <Group justify="flex-end" gap="sm">
          <Button variant="default" onClick={onClose}>
            Keep the meeting
          </Button>
          <Button
            color="red"
            loading={cancel.isPending}
            onClick={() =>
              cancel.mutate(reason.trim() ? { reason: reason.trim() } : {}, {
                onSuccess: () => {
                  notifications.show({ color: 'teal', message: 'The meeting is cancelled; the members hear of it.' });
                  onClose();
                },
              })
            }
          >
            Cancel meeting
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}

/** The way to the run screen and the recap, as far as the meeting has got. */
function RunLinks({ meeting }: { meeting: MeetingView }) {
  const hasEnded = meeting.run?.endedAt != null;
  return (
    <>
      {meeting.abilities.run ? (
        <Button
          component={Link}
          to={`/meetings/${meeting.id}/run`}
          leftSection={<IconPlayerPlay size={16} aria-hidden="true" />}
        >
          {meeting.run?.startedAt ? 'Back to the run screen' : 'Run the meeting'}
        </Button>
      ) : meeting.run !== null && !hasEnded ? (
        <Button
          component={Link}
          to={`/meetings/${meeting.id}/run`}
          leftSection={<IconBroadcast size={16} aria-hidden="true" />}
        >
          Follow live
        </Button>
      ) : null}
      {meeting.recapPublished || meeting.abilities.publishRecap ? (
        <Button
          component={Link}
          to={`/meetings/${meeting.id}/recap`}
          variant={meeting.recapPublished ? 'filled' : 'default'}
          leftSection={<IconNotes size={16} aria-hidden="true" />}
        >
          {meeting.recapPublished ? 'Read the recap' : 'Write the recap'}
        </Button>
      ) : null}
    </>
  );
}

function MeetingHeader({ meeting }: { meeting: MeetingView }) {
  const [cancelling, setCancelling] = useState(false);
  const viewerZone = browserTimeZone();
  const otherZone = zonesDiffer(meeting.timeZone, viewerZone, meeting.startsAt);
  return (
    <Stack gap="sm" mb="lg">
      <Group justify="space-between" align="flex-start" gap="md" wrap="wrap">
        <Stack gap={6} maw={720} style={{ flex: '1 1 320px', minWidth: 0 }}>
          <Group gap="xs" wrap="wrap">
            <Title order={1} fz={{ base: 24, sm: 28 }} lh={1.2} style={{ overflowWrap: 'anywhere' }}>
              {meeting.title}
            </Title>
            <MeetingBadges meeting={meeting} />
          </Group>
          <Text fz="sm" c="dimmed">
            A meeting of{' '}
            <Anchor component={Link} to={`/networks/${meeting.network.slug}?tab=meetings`} fz="sm">
              {meeting.network.name}
            </Anchor>
          </Text>
        </Stack>
        <Group gap="sm">
          <RunLinks meeting={meeting} />
          {meeting.abilities.edit || meeting.abilities.cancel ? (
            <>
              {meeting.abilities.edit ? (
                <Button
                  variant="default"
                  component={Link}
                  to={`/meetings/${meeting.id}/edit`}
                  leftSection={<IconPencil size={16} aria-hidden="true" />}
                >
                  Edit or move
                </Button>
              ) : null}
              {meeting.abilities.cancel ? (
                <Button
                  variant="default"
                  color="red"
                  leftSection={<IconBan size={16} aria-hidden="true" />}
                  onClick={() => setCancelling(true)}
                >
                  Cancel meeting
                </Button>
              ) : null}
            </>
          ) : null}
        </Group>
      </Group>
      {meeting.status === 'cancelled' ? (
        <Alert
          variant="light"
          color="red"
          icon={<IconBan size={18} aria-hidden="true" />}
          title="This meeting is cancelled"
        >
          {meeting.cancelReason
            ? `The facilitators wrote: “${meeting.cancelReason}”`
            : 'The facilitators gave no reason.'}
        </Alert>
      ) : null}
      <Paper withBorder p="md">
        <Stack gap="sm">
          <Fact icon={IconClock}>
            <Text fz="md" fw={600}>
              <time dateTime={meeting.startsAt}>{formatMeetingWhen(meeting.startsAt, meeting.endsAt)}</time>
            </Text>
            <Text fz="sm" c="dimmed">
              {formatDuration(minutesBetween(meeting.startsAt, meeting.endsAt))}, in your time zone (
              {zoneCity(viewerZone)})
              {otherZone
                ? ` · ${formatMeetingWhen(meeting.startsAt, meeting.endsAt, { timeZone: meeting.timeZone })} in ${zoneCity(meeting.timeZone)}, where it is scheduled`
                : ''}
            </Text>
          </Fact>
          {meeting.repeat ? (
            <Fact icon={IconRepeat}>
              <Text fz="sm">
                {describeRule(meeting.repeat)}
                {meeting.moved ? ' · this one moved from the usual time' : ''}
              </Text>
            </Fact>
          ) : null}
          {meeting.format !== 'online' && meeting.location ? (
            <Fact icon={IconMapPin}>
              <Text fz="sm">
                {meeting.format === 'hybrid' ? 'Hybrid: in person at ' : ''}
                {meeting.location}{' '}
                <Anchor
                  href={`https://www.openstreetmap.org/search?query=${encodeURIComponent(meeting.location)}`}
                  target="_blank"
                  rel="noopener noreferrer"
                  fz="sm"
                >
                  Map
                </Anchor>
              </Text>
            </Fact>
          ) : null}
          {meeting.format !== 'in_person' && meeting.videoUrl ? (
            <Fact icon={IconVideo}>
              <Group gap="xs" wrap="wrap">
                <Text fz="sm">{meeting.format === 'hybrid' ? 'Or join online' : formatLabel(meeting.format)}</Text>
                <Button
                  component="a"
                  href={meeting.videoUrl}
                  target="_blank"
                  rel="noopener noreferrer"
                  size="xs"
                  variant="light"
                  rightSection={<IconExternalLink size={14} aria-hidden="true" />}
                  disabled={meeting.status === 'cancelled'}
                >
                  Join the call
                </Button>
              </Group>
            </Fact>
          ) : null}
          <Group gap="sm">
            <Button
              component="a"
              href={meeting.calendarUrl}
              download
              variant="default"
              size="xs"
              leftSection={<IconCalendarDown size={14} aria-hidden="true" />}
            >
              Add to calendar (.ics)
            </Button>
          </Group>
        </Stack>
      </Paper>
      <CancelModal meeting={meeting} opened={cancelling} onClose={() => setCancelling(false)} />
    </Stack>
  );
}

function MeetingLoaded({ meeting }: { meeting: MeetingView }) {
  const network = useNetwork(meeting.network.slug);
  const isFacilitator = network.data?.viewer.role === 'facilitator';
  return (
    <Stack gap={0}>
      <BackLink to="/meetings">Meetings</BackLink>
      <MeetingHeader meeting={meeting} />
      <Grid gap="lg">
        <Grid.Col span={{ base: 12, md: 8 }} order={{ base: 2, md: 1 }}>
          <Stack gap="lg">
            {meeting.description ? (
              <Paper withBorder p="md" component="section" aria-labelledby="about-title">
                <Title order={2} fz="h4" id="about-title" mb="xs">
                  About this meeting
                </Title>
                <Text fz="sm" className={classes.prose}>
                  <LinkifiedText text={meeting.description} />
                </Text>
              </Paper>
            ) : null}
            {meeting.status === 'scheduled' && meeting.run?.endedAt == null ? <CheckInPanel meeting={meeting} /> : null}
            {meeting.abilities.buildAgenda ? (
              <>
                <Suspense fallback={<Skeleton height={240} radius="md" aria-label="Loading the agenda builder" />}>
                  <AgendaBuilder key={meeting.agenda.map((item) => item.id).join()} meeting={meeting} />
                </Suspense>
                <AgendaFollowUp meeting={meeting} />
              </>
            ) : (
              <>
                <AgendaView meeting={meeting} />
                {meeting.status === 'scheduled' && Date.parse(meeting.endsAt) > Date.now() ? (
                  <IssueQueue
                    networkId={meeting.network.id}
                    meetingId={meeting.id}
                    canRaise={meeting.abilities.raiseIssue}
                    canOffer
                  />
                ) : null}
              </>
            )}
            {isFacilitator ? <RollPanel meeting={meeting} /> : null}
          </Stack>
        </Grid.Col>
        <Grid.Col span={{ base: 12, md: 4 }} order={{ base: 1, md: 2 }}>
          <Stack gap="lg">
            <RsvpPanel key={`${meeting.myRsvp}-${meeting.myNote}`} meeting={meeting} />
            <GoingPanel meeting={meeting} />
            <Paper withBorder p="md">
              <Group gap={8} wrap="nowrap" align="flex-start">
                <IconUsersGroup size={18} aria-hidden="true" style={{ flex: 'none', marginTop: 2 }} />
                <Text fz="sm" c="dimmed">
                  What is said in the meeting stays in {meeting.network.name}, under its confidentiality agreement.
                </Text>
              </Group>
            </Paper>
          </Stack>
        </Grid.Col>
      </Grid>
    </Stack>
  );
}

/** A meeting: when (in the viewer's zone), where, the answer, who's going, the agenda and the issues; for facilitators the builder and the roll. */
export function MeetingPage() {
  return <MeetingGate>{(meeting) => <MeetingLoaded meeting={meeting} />}</MeetingGate>;
}

import {
  Alert,
  Anchor,
  Badge,
  Button,
  Group,
  Modal,
  Paper,
  Progress,
  Stack,
  Text,
  Textarea,
  Title,
} from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { ANTITRUST_REMINDER, type Answer, MAX_DURATION_MS, type PulseView } from '@roundtable/contract/pulses';
import {
  IconChartBar,
  IconCircleCheck,
  IconClockPlus,
  IconEye,
  IconEyeOff,
  IconLock,
  IconPlayerPlay,
  IconScale,
  IconSpy,
} from '@tabler/icons-react';
import { useState } from 'react';
import { Link } from 'react-router';
import { FormAlert } from '../../components/form-alert';
import { ApiError } from '../../lib/api';
import { formErrorMessageOf } from '../../lib/forms';
import { useNow } from '../../lib/use-now';
import { AnswerForm, AnswerSummary } from './answer-form';
import { checkDeadline, type Deadline, DeadlineField, deadlineAt } from './deadline-field';
import { BackToPulses, PulseGate } from './pulse-gate';
import { answersLabel, isPulseOpen, PulseDeadline, PulseStatusBadge } from './pulse-parts';
import {
  useAnswerPulse,
  useClosePulse,
  useDeclinePulse,
  useExtendPulse,
  useModeratePulse,
  useReopenPulse,
} from './pulses.queries';

/** Who sees what, said once near the top: anonymity and when results show. */
function PrivacyNote({ pulse }: { pulse: PulseView }) {
  return (
    <Group gap={8} wrap="nowrap" align="flex-start">
      <IconSpy size={16} aria-hidden="true" style={{ flex: 'none', marginTop: 2 }} />
      <Text fz="sm" c="dimmed">
        {pulse.anonymous
          ? 'Anonymous: no one — not the asker, not a facilitator — sees who gave which answer.'
          : `Your answers are never linked to you; ${pulse.asker.name} sees who answered, not what.`}{' '}
        Results show once {pulse.threshold} peers have answered
        {pulse.resultsVisibility === 'after_close' ? ', after the deadline.' : ', to those who answered.'}
      </Text>
    </Group>
  );
}

function PulseHeader({ pulse }: { pulse: PulseView }) {
  return (
    <Stack gap={8} mb="lg">
      <Group gap="xs" wrap="wrap">
        <Title order={1} fz={{ base: 24, sm: 28 }} lh={1.2} style={{ overflowWrap: 'anywhere' }}>
          {pulse.title}
        </Title>
        <PulseStatusBadge pulse={pulse} />
        {pulse.antitrustSafe ? (
          <Badge variant="light" color="grape" tt="none" leftSection={<IconScale size={12} aria-hidden="true" />}>
            Antitrust-safe
          </Badge>
        ) : null}
      </Group>
      <Group gap={6} wrap="wrap" style={{ rowGap: 2 }}>
        <Text fz="sm" c="dimmed">
          {pulse.viewer.isAsker ? 'You asked' : `${pulse.asker.name} asks`}{' '}
          {pulse.networks.map((network, index) => (
            <span key={network.id}>
              {index > 0 ? ', ' : ''}
              <Anchor component={Link} to={`/networks/${network.slug}?tab=pulses`} fz="sm">
                {network.name}
              </Anchor>
            </span>
          ))}
        </Text>
        <Text fz="sm" c="dimmed" aria-hidden="true">
          ·
        </Text>
        <PulseDeadline pulse={pulse} fz="sm" />
      </Group>
      {pulse.context ? (
        <Text style={{ whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' }} maw={720}>
          {pulse.context}
        </Text>
      ) : null}
      {pulse.antitrustSafe ? (
        <Alert variant="light" color="grape" icon={<IconScale size={18} aria-hidden="true" />} p="xs" pl="sm">
          <Text fz="sm">{ANTITRUST_REMINDER}</Text>
        </Alert>
      ) : null}
    </Stack>
  );
}

function ResultsLink({ pulse, variant = 'filled' }: { pulse: PulseView; variant?: 'filled' | 'default' }) {
  if (!pulse.abilities.viewResults) return null;
  return (
    <Button
      component={Link}
      to={`/pulses/${pulse.id}/results`}
      variant={variant}
      leftSection={<IconChartBar size={16} aria-hidden="true" />}
    >
      See results
    </Button>
  );
}

type Dialog = 'extend' | 'reopen' | 'close' | 'hide' | null;

function DeadlineModal({
  pulse,
  kind,
  opened,
  onClose,
}: {
  pulse: PulseView;
  kind: 'extend' | 'reopen';
  opened: boolean;
  onClose: () => void;
}) {
  const now = useNow();
  const extend = useExtendPulse(pulse.id);
  const reopen = useReopenPulse(pulse.id);
  const mutation = kind === 'extend' ? extend : reopen;
  const [deadline, setDeadline] = useState<Deadline>({ choice: '24h', custom: '' });
  const [tried, setTried] = useState(false);
  const latest = kind === 'extend' ? Date.parse(pulse.createdAt) + MAX_DURATION_MS : now.getTime() + MAX_DURATION_MS;
  // Extending adds the preset to the current deadline; re-opening counts from now.
  const base = kind === 'extend' && deadline.choice !== 'custom' ? new Date(Date.parse(pulse.closesAt)) : now;
  const at = deadlineAt(deadline, base);
  const error =
    checkDeadline(at, now, latest) ??
    (kind === 'extend' && at && at.getTime() <= Date.parse(pulse.closesAt)
      ? 'Extending moves the deadline later.'
      : null);
  const submit = () => {
    setTried(true);
    if (error || !at) return;
    mutation.mutate(at.toISOString(), {
      onSuccess: () => {
        notifications.show({
          color: 'teal',
          message: kind === 'extend' ? 'The deadline moved.' : 'The pulse is open again; those who missed it are told.',
        });
        onClose();
      },
    });
  };
  return (
    <Modal
      closeButtonProps={{ 'aria-label': 'Close' }}
      opened={opened}
      onClose={onClose}
      title={kind === 'extend' ? 'Extend the deadline' : 'Re-open the pulse'}
      centered
    >
      <Stack gap="md">
        <Text fz="sm">
          {kind === 'extend'
            ? 'You can move the deadline later once, up to 14 days after you asked. Peers who have not answered keep their reminder.'
            : 'Peers who did not answer are asked again. Answers already given stay.'}
        </Text>
        <DeadlineField
          label={kind === 'extend' ? 'Add to the current deadline' : 'New deadline'}
          value={deadline}
          onChange={setDeadline}
          now={base}
          latest={latest}
          error={tried || deadline.choice === 'custom' ? error : null}
        />
        <FormAlert message={mutation.isError ? formErrorMessageOf(mutation.error) : null} />
        <Group justify="flex-end" gap="sm">
          <Button variant="default" onClick={onClose}>
            Cancel
          </Button>
          <Button onClick={submit} loading={mutation.isPending}>
            {kind === 'extend' ? 'Extend' : 'Re-open'}
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}

function CloseModal({ pulse, opened, onClose }: { pulse: PulseView; opened: boolean; onClose: () => void }) {
  const close = useClosePulse(pulse.id);
  return (
    <Modal closeButtonProps={{ 'aria-label': 'Close' }} opened={opened} onClose={onClose} title="Close now?" centered>
      <Stack gap="md">
        <Text fz="sm">
          No more answers will come in. {answersLabel(pulse.responseCount)} so far
          {pulse.responseCount < pulse.threshold
            ? ` — below the ${pulse.threshold} needed, so results will stay hidden.`
            : '; everyone asked can see the results.'}{' '}
          You can re-open it later.
        </Text>
        <FormAlert message={close.isError ? formErrorMessageOf(close.error) : null} />
        <Group justify="flex-end" gap="sm">
          <Button variant="default" onClick={onClose}>
            Keep open
          </Button>
          <Button
            color="red"
            loading={close.isPending}
            onClick={() =>
              close.mutate(undefined, {
                onSuccess: () => {
                  notifications.show({ color: 'teal', message: 'The pulse is closed.' });
                  onClose();
                },
              })
            }
          >
            Close pulse
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}

function HideModal({ pulse, opened, onClose }: { pulse: PulseView; opened: boolean; onClose: () => void }) {
  const moderate = useModeratePulse(pulse.id);
  const [reason, setReason] = useState('');
  const [tried, setTried] = useState(false);
  const error = tried && reason.trim() === '' ? 'Say why, so the asker understands.' : null;
  return (
    <Modal
      closeButtonProps={{ 'aria-label': 'Close' }}
      opened={opened}
      onClose={onClose}
      title="Hide this pulse"
      centered
    >
      <Stack gap="md">
        <Text fz="sm">
          Members will no longer see it or its results. The asker sees your reason, and the action is logged.
        </Text>
        <Textarea
          label="Reason"
          value={reason}
          onChange={(event) => setReason(event.currentTarget.value)}
          maxLength={500}
          autosize
          minRows={2}
          error={error}
          data-autofocus
        />
        <FormAlert message={moderate.isError ? formErrorMessageOf(moderate.error) : null} />
        <Group justify="flex-end" gap="sm">
          <Button variant="default" onClick={onClose}>
            Cancel
          </Button>
          <Button
            color="red"
            loading={moderate.isPending}
            onClick={() => {
              setTried(true);
              if (reason.trim() === '') return;
              moderate.mutate(
                { action: 'hide', reason: reason.trim() },
                {
                  onSuccess: () => {
                    notifications.show({ color: 'teal', message: 'The pulse is hidden.' });
                    onClose();
                  },
                },
              );
            }}
          >
            Hide pulse
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}

/** The asker's view of progress, and the controls of the asker and of facilitators. */
function ControlPanel({ pulse }: { pulse: PulseView }) {
  const [dialog, setDialog] = useState<Dialog>(null);
  const unhide = useModeratePulse(pulse.id);
  const { abilities } = pulse;
  const hasControls = abilities.close || abilities.extend || abilities.reopen || abilities.hide;
  if (!pulse.viewer.isAsker && !hasControls) return null;
  const toThreshold = Math.min(100, (pulse.responseCount / pulse.threshold) * 100);
  const close = () => setDialog(null);
  return (
    <Paper withBorder p={{ base: 'md', sm: 'lg' }} component="section" aria-labelledby="pulse-progress">
      <Stack gap="md">
        <Title order={2} fz="h4" id="pulse-progress">
          {pulse.viewer.isAsker ? 'Your pulse so far' : 'Facilitator'}
        </Title>
        <Stack gap={6}>
          <Text fz="sm">
            <Text span fw={700}>
              {pulse.responseCount} of {pulse.audienceSize}
            </Text>{' '}
            asked have answered{pulse.declinedCount > 0 ? `, ${pulse.declinedCount} passed` : ''}.{' '}
            {pulse.responseCount >= pulse.threshold
              ? 'Results are visible.'
              : `Results appear at ${pulse.threshold} answers.`}
          </Text>
          <Progress
            value={toThreshold}
            aria-label={`${pulse.responseCount} of ${pulse.threshold} answers needed for results`}
            size="md"
            color={pulse.responseCount >= pulse.threshold ? 'teal' : undefined}
          />
        </Stack>
        <Group gap="sm" wrap="wrap">
          {pulse.viewer.isAsker ? <ResultsLink pulse={pulse} /> : null}
          {abilities.extend ? (
            <Button
              variant="default"
              leftSection={<IconClockPlus size={16} aria-hidden="true" />}
              onClick={() => setDialog('extend')}
            >
              Extend once
            </Button>
          ) : null}
          {abilities.close ? (
            <Button
              variant="default"
              leftSection={<IconLock size={16} aria-hidden="true" />}
              onClick={() => setDialog('close')}
            >
              Close now
            </Button>
          ) : null}
          {abilities.reopen ? (
            <Button
              variant="default"
              leftSection={<IconPlayerPlay size={16} aria-hidden="true" />}
              onClick={() => setDialog('reopen')}
            >
              Re-open
            </Button>
          ) : null}
          {abilities.hide && pulse.status !== 'hidden' ? (
            <Button
              variant="default"
              color="red"
              leftSection={<IconEyeOff size={16} aria-hidden="true" />}
              onClick={() => setDialog('hide')}
            >
              Hide
            </Button>
          ) : null}
          {abilities.hide && pulse.status === 'hidden' ? (
            <Button
              variant="default"
              leftSection={<IconEye size={16} aria-hidden="true" />}
              loading={unhide.isPending}
              onClick={() =>
                unhide.mutate(
                  { action: 'unhide' },
                  {
                    onSuccess: () => notifications.show({ color: 'teal', message: 'Members can see the pulse again.' }),
                    onError: (error) =>
                      notifications.show({
                        color: 'red',
                        title: 'Not shown again',
                        message: formErrorMessageOf(error),
                      }),
                  },
                )
              }
            >
              Show again
            </Button>
          ) : null}
        </Group>
        {pulse.viewer.isAsker && pulse.extended && pulse.status === 'open' ? (
          <Text fz="xs" c="dimmed">
            You have used the one extension.
          </Text>
        ) : null}
      </Stack>
      {abilities.extend ? (
        <DeadlineModal
          key={`extend-${dialog}`}
          pulse={pulse}
          kind="extend"
          opened={dialog === 'extend'}
          onClose={close}
        />
      ) : null}
      {abilities.reopen ? (
        <DeadlineModal
          key={`reopen-${dialog}`}
          pulse={pulse}
          kind="reopen"
          opened={dialog === 'reopen'}
          onClose={close}
        />
      ) : null}
      <CloseModal pulse={pulse} opened={dialog === 'close'} onClose={close} />
      {abilities.hide ? <HideModal pulse={pulse} opened={dialog === 'hide'} onClose={close} /> : null}
    </Paper>
  );
}

function AnswerSection({ pulse }: { pulse: PulseView }) {
  const now = useNow();
  const answer = useAnswerPulse(pulse.id);
  const decline = useDeclinePulse(pulse.id);
  const [sent, setSent] = useState<Answer[]>([]);
  const [editing, setEditing] = useState(false);
  const { state } = pulse.viewer;
  const open = isPulseOpen(pulse, now);

  if (state === 'not_asked')
    return (
      <Paper withBorder p={{ base: 'md', sm: 'lg' }} component="section" aria-labelledby="pulse-questions">
        <Title order={2} fz="h4" id="pulse-questions" mb="md">
          {pulse.viewer.isAsker ? 'What your peers see' : 'The questions'}
        </Title>
        <AnswerForm questions={pulse.questions} mode="preview" />
      </Paper>
    );

  const serverError =
    answer.error instanceof ApiError
      ? { message: formErrorMessageOf(answer.error), details: answer.error.details, sent }
      : answer.error
        ? { message: formErrorMessageOf(answer.error), details: [], sent }
        : null;

  if (state === 'answered' && !editing)
    return (
      <Stack gap="md">
        <Alert
          variant="light"
          color="teal"
          icon={<IconCircleCheck size={18} aria-hidden="true" />}
          title="Thank you — your answers are in"
        >
          <Stack gap="sm">
            <Text fz="sm">
              {open
                ? 'You can change them until the deadline.'
                : 'The pulse has closed; these are the answers you gave.'}{' '}
              {pulse.abilities.viewResults
                ? ''
                : pulse.resultsVisibility === 'after_close'
                  ? 'Results show after the deadline.'
                  : `Results show once ${pulse.threshold} peers have answered.`}
            </Text>
            <Group gap="sm">
              <ResultsLink pulse={pulse} />
              {open && pulse.abilities.answer ? (
                <Button variant="default" onClick={() => setEditing(true)}>
                  Change my answers
                </Button>
              ) : null}
            </Group>
          </Stack>
        </Alert>
        <Paper withBorder p={{ base: 'md', sm: 'lg' }} component="section" aria-labelledby="pulse-own-answers">
          <Title order={2} fz="h4" id="pulse-own-answers" mb="md">
            Your answers
          </Title>
          <AnswerSummary questions={pulse.questions} answers={pulse.viewer.answers ?? []} />
        </Paper>
      </Stack>
    );

  if (!pulse.abilities.answer)
    return (
      <Alert variant="light" color="gray" icon={<IconLock size={18} aria-hidden="true" />} title="This pulse is closed">
        <Stack gap="sm">
          <Text fz="sm">
            {state === 'declined'
              ? 'You passed on this one.'
              : 'It closed before you answered. The asker may re-open it.'}
          </Text>
          <Group>
            <ResultsLink pulse={pulse} />
          </Group>
        </Stack>
      </Alert>
    );

  return (
    <Paper withBorder p={{ base: 'md', sm: 'lg' }} component="section" aria-labelledby="pulse-answer">
      <Stack gap="md">
        <Group justify="space-between" gap="sm" wrap="wrap">
          <Title order={2} fz="h4" id="pulse-answer">
            {state === 'answered' ? 'Change your answers' : 'Your answers'}
          </Title>
          {state === 'declined' ? (
            <Text fz="sm" c="dimmed">
              You passed on this one; you can still answer.
            </Text>
          ) : null}
        </Group>
        <AnswerForm
          key={pulse.viewer.answers ? 'edit' : 'new'}
          questions={pulse.questions}
          initial={pulse.viewer.answers}
          submitLabel={state === 'answered' ? 'Save changes' : 'Send answers'}
          pending={answer.isPending}
          serverError={serverError}
          onSubmit={(answers) => {
            setSent(answers);
            answer.mutate(
              { answers },
              {
                onSuccess: () => {
                  setEditing(false);
                  notifications.show({
                    color: 'teal',
                    message: state === 'answered' ? 'Your answers are updated.' : 'Thank you — your answers are in.',
                  });
                },
              },
            );
          }}
          extraActions={
            state === 'answered' ? (
              <Button variant="default" onClick={() => setEditing(false)}>
                Cancel
              </Button>
            ) : pulse.abilities.decline ? (
              <Button
                variant="default"
                loading={decline.isPending}
                onClick={() =>
                  decline.mutate(undefined, {
                    onSuccess: () =>
                      notifications.show({ color: 'teal', message: 'Noted — the asker’s count stays honest.' }),
                    onError: (error) =>
                      notifications.show({ color: 'red', title: 'Not recorded', message: formErrorMessageOf(error) }),
                  })
                }
              >
                Not for me
              </Button>
            ) : null
          }
        />
      </Stack>
    </Paper>
  );
}

function HiddenNote({ pulse }: { pulse: PulseView }) {
  if (pulse.status !== 'hidden') return null;
  return (
    <Alert
      variant="light"
      color="red"
      icon={<IconEyeOff size={18} aria-hidden="true" />}
      title="A facilitator hid this pulse"
    >
      Members no longer see it or its results.{pulse.hiddenReason ? ` Reason: ${pulse.hiddenReason}` : ''}
    </Alert>
  );
}

/** One pulse: its questions to answer on one screen, or its progress and controls for the asker. */
export function PulsePage() {
  return (
    <PulseGate>
      {(pulse) => (
        <Stack gap={0} maw={820}>
          <BackToPulses />
          <PulseHeader pulse={pulse} />
          <Stack gap="lg">
            <HiddenNote pulse={pulse} />
            <ControlPanel pulse={pulse} />
            {pulse.status === 'hidden' && !pulse.viewer.isAsker ? null : <AnswerSection pulse={pulse} />}
            <PrivacyNote pulse={pulse} />
          </Stack>
        </Stack>
      )}
    </PulseGate>
  );
}

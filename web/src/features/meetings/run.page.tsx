import {
  ActionIcon,
  Anchor,
  Button,
  Group,
  Kbd,
  Modal,
  Stack,
  Text,
  useComputedColorScheme,
  useMantineColorScheme,
  VisuallyHidden,
} from '@mantine/core';
import type { MeetingView, RunView } from '@roundtable/contract/meetings';
import {
  IconArrowLeft,
  IconArrowRight,
  IconMaximize,
  IconMoon,
  IconPlayerPlay,
  IconPlayerStop,
  IconSun,
} from '@tabler/icons-react';
import { useEffect, useState } from 'react';
import { Link, useParams } from 'react-router';
import { FormAlert } from '../../components/form-alert';
import { formErrorMessageOf } from '../../lib/forms';
import { MeetingGate } from './meeting-gate';
import { formatMeetingWhen } from './meeting-time';
import { useMeeting, useRunMeeting } from './meetings.queries';
import classes from './run.module.css';
import {
  clockOffset,
  describeCountdown,
  formatCountdown,
  nextActionLabel,
  type RunPhase,
  runPhase,
  runPositionLabel,
  stepReminder,
  stepTime,
} from './run-clock';
import { useRunStream } from './run-stream';

/** A clock that ticks four times a second while the screen counts down. */
function useTicker(isActive: boolean): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    if (!isActive) return;
    const timer = setInterval(() => setNow(Date.now()), 250);
    return () => clearInterval(timer);
  }, [isActive]);
  return now;
}

function SchemeToggle() {
  const { setColorScheme } = useMantineColorScheme();
  const computed = useComputedColorScheme('light', { getInitialValueInEffect: false });
  const next = computed === 'dark' ? 'light' : 'dark';
  return (
    <ActionIcon
      size="lg"
      variant="default"
      aria-label={next === 'dark' ? 'Switch to the dark theme' : 'Switch to the light theme'}
      onClick={() => setColorScheme(next)}
    >
      <IconMoon size={20} className="mantine-dark-hidden" aria-hidden="true" />
      <IconSun size={20} className="mantine-light-hidden" aria-hidden="true" />
    </ActionIcon>
  );
}

function StepClock({ run, now, offset }: { run: RunView; now: number; offset: number }) {
  const time = stepTime(run, now, offset);
  const step = run.stepIndex === null ? undefined : run.protocol[run.stepIndex];
  if (!time || !step) return null;
  return (
    <Stack gap="md">
      <section
        className={[classes.clock, time.isOvertime ? classes.clockOver : ''].join(' ')}
        aria-label="Time in this step"
      >
        <p className={classes.stepName}>{step.name}</p>
        {/* Read out once a minute would be noise; the label carries the time for those who ask. */}
        <p className={classes.countdown} role="timer" aria-label={describeCountdown(time.remainingMs)}>
          {formatCountdown(time.remainingMs)}
        </p>
        {time.isOvertime ? (
          <p className={classes.overLabel}>Over time</p>
        ) : (
          <p className={classes.underLabel}>left of {step.minutes} min</p>
        )}
      </section>
    </Stack>
  );
}

function ProtocolSteps({ run }: { run: RunView }) {
  return (
    <section aria-labelledby="protocol-title">
      <h2 id="protocol-title" className={classes.eyebrow} style={{ marginBottom: 12 }}>
        The protocol
      </h2>
      <ol className={classes.steps}>
        {run.protocol.map((step, index) => {
          const isCurrent = index === run.stepIndex;
          const isDone = run.stepIndex !== null && index < run.stepIndex;
          return (
            <li
              // The protocol's steps are fixed while the meeting runs; their place is who they are.
              // biome-ignore lint/suspicious/noArrayIndexKey: steps may share a name
              key={index}
              className={[classes.step, isCurrent ? classes.stepCurrent : '', isDone ? classes.stepDone : ''].join(' ')}
              aria-current={isCurrent ? 'step' : undefined}
            >
              <span>
                {index + 1}. {step.name}
                {isCurrent ? (
                  <VisuallyHidden> (now)</VisuallyHidden>
                ) : isDone ? (
                  <VisuallyHidden> (done)</VisuallyHidden>
                ) : null}
              </span>
              <span>{step.minutes} min</span>
            </li>
          );
        })}
      </ol>
    </section>
  );
}

function Waiting({ meeting }: { meeting: MeetingView }) {
  return (
    <Stack gap="lg">
      <p className={classes.eyebrow}>{formatMeetingWhen(meeting.startsAt, meeting.endsAt)}</p>
      <h1 className={classes.big}>Waiting to start</h1>
      <p className={classes.presenter}>
        {meeting.run?.abilities.run || meeting.abilities.run
          ? 'Start the meeting when the group is ready; everyone following sees the first issue.'
          : 'This screen moves on by itself when a facilitator starts the meeting.'}
      </p>
      {meeting.agenda.length > 0 ? (
        <section aria-labelledby="run-agenda-title">
          <h2 id="run-agenda-title" className={classes.eyebrow} style={{ marginBottom: 12 }}>
            On the agenda
          </h2>
          <ol className={classes.steps}>
            {meeting.agenda.map((item) => (
              <li key={item.id} className={classes.step}>
                <span>
                  {item.title}{' '}
                  <Text span inherit c="dimmed">
                    — {item.author.name}
                  </Text>
                </span>
                <span>{item.minutes ?? 0} min</span>
              </li>
            ))}
          </ol>
        </section>
      ) : (
        <p className={classes.underLabel}>The agenda is empty.</p>
      )}
    </Stack>
  );
}

function Processing({ run, now, offset }: { run: RunView; now: number; offset: number }) {
  const step = run.stepIndex === null ? undefined : run.protocol[run.stepIndex];
  const reminder = step ? stepReminder(step.name) : null;
  return (
    <Stack gap="xl">
      <Stack gap={8}>
        <p className={classes.eyebrow}>{runPositionLabel(run)}</p>
        <h1 className={classes.issueTitle}>{run.issueTitle}</h1>
        {run.presenter ? <p className={classes.presenter}>Presented by {run.presenter.name}</p> : null}
      </Stack>
      <div className={classes.stage}>
        <StepClock run={run} now={now} offset={offset} />
        <Stack gap="lg">
          <ProtocolSteps run={run} />
          {reminder ? <p className={classes.reminder}>{reminder}</p> : null}
        </Stack>
      </div>
    </Stack>
  );
}

function Finished({ meeting, phase }: { meeting: MeetingView; phase: 'agendaDone' | 'ended' }) {
  return (
    <Stack gap="lg">
      <h1 className={classes.big}>{phase === 'ended' ? 'The meeting has ended' : 'The agenda is done'}</h1>
      <p className={classes.presenter}>
        {phase === 'ended'
          ? 'Thank you for your time and your candour. The recap follows once the facilitators publish it.'
          : 'Every issue has been worked through. A facilitator ends the meeting.'}
      </p>
      {phase === 'ended' ? (
        <Group>
          <Button component={Link} to={`/meetings/${meeting.id}/recap`} size="lg">
            {meeting.abilities.publishRecap ? 'Write the recap' : 'Go to the recap'}
          </Button>
        </Group>
      ) : null}
    </Stack>
  );
}

/** A key press moves the meeting on, unless the person is typing or a button would take the key itself. */
function isKeyForScreen(event: KeyboardEvent): boolean {
  if (event.repeat || event.altKey || event.ctrlKey || event.metaKey) return false;
  const target = event.target instanceof HTMLElement ? event.target : null;
  if (target?.closest('input, textarea, select, [contenteditable="true"], [role="dialog"]')) return false;
  if (event.key === ' ' && target?.closest('button, a')) return false;
  return true;
}

function Controls({ meeting, phase, run }: { meeting: MeetingView; phase: RunPhase; run: RunView | null }) {
  const move = useRunMeeting(meeting.id);
  const [confirming, setConfirming] = useState(false);
  const act = (action: 'start' | 'next' | 'back' | 'end') => {
    if (move.isPending) return;
    move.mutate(action, { onSuccess: () => setConfirming(false) });
  };
  const canStep = phase === 'issue' || phase === 'agendaDone';

  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (confirming || !isKeyForScreen(event)) return;
      if (event.key === 'ArrowRight' || event.key === ' ') {
        if (phase === 'issue') {
          event.preventDefault();
          act('next');
        }
      } else if (event.key === 'ArrowLeft' && canStep) {
        event.preventDefault();
        act('back');
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  });

  const next = run ? nextActionLabel(run) : null;
  return (
    <section className={classes.controls} aria-label="Run the meeting">
      <Stack gap={4}>
        {canStep ? (
          <Text className={classes.kbd}>
            Keyboard: <Kbd>→</Kbd> or <Kbd>Space</Kbd> next · <Kbd>←</Kbd> back
          </Text>
        ) : (
          <Text className={classes.kbd}>
            {phase === 'ended' ? 'The meeting has ended.' : 'Only facilitators see these controls.'}
          </Text>
        )}
        <FormAlert message={move.isError && !confirming ? formErrorMessageOf(move.error) : null} />
      </Stack>
      <Group gap="sm">
        {phase === 'waiting' ? (
          <Button
            size="lg"
            leftSection={<IconPlayerPlay size={20} aria-hidden="true" />}
            loading={move.isPending}
            onClick={() => act('start')}
          >
            Start the meeting
          </Button>
        ) : null}
        {canStep ? (
          <>
            <Button
              size="lg"
              variant="default"
              leftSection={<IconArrowLeft size={20} aria-hidden="true" />}
              disabled={move.isPending}
              onClick={() => act('back')}
            >
              Back
            </Button>
            {next ? (
              <Button
                size="lg"
                rightSection={<IconArrowRight size={20} aria-hidden="true" />}
                loading={move.isPending && move.variables === 'next'}
                onClick={() => act('next')}
              >
                {next}
              </Button>
            ) : null}
            <Button
              size="lg"
              variant={phase === 'agendaDone' ? 'filled' : 'default'}
              color="red"
              leftSection={<IconPlayerStop size={20} aria-hidden="true" />}
              onClick={() => setConfirming(true)}
            >
              End meeting
            </Button>
          </>
        ) : null}
      </Group>
      <Modal
        opened={confirming}
        onClose={() => setConfirming(false)}
        title="End the meeting?"
        centered
        closeButtonProps={{ 'aria-label': 'Close' }}
      >
        <Stack gap="md">
          <Text fz="sm">
            {phase === 'agendaDone'
              ? 'Every issue has been worked through.'
              : 'Issues not reached go back to the queue for the next meeting, first in line.'}{' '}
            Afterwards you record who attended and publish the recap.
          </Text>
          <FormAlert message={move.isError ? formErrorMessageOf(move.error) : null} />
          <Group justify="flex-end" gap="sm">
            <Button variant="default" onClick={() => setConfirming(false)}>
              Keep going
            </Button>
            <Button color="red" loading={move.isPending} onClick={() => act('end')}>
              End meeting
            </Button>
          </Group>
        </Stack>
      </Modal>
    </section>
  );
}

function RunScreen({ meeting, receivedAt }: { meeting: MeetingView; receivedAt: number }) {
  useRunStream(meeting.id);
  const run = meeting.run;
  const phase = runPhase(run);
  const now = useTicker(phase === 'issue');
  const offset = run ? clockOffset(run.serverNow, receivedAt) : 0;
  const canRun = meeting.abilities.run || (run?.abilities.run ?? false);
  return (
    <div className={classes.screen}>
      <header className={classes.bar}>
        <Anchor
          component={Link}
          to={`/meetings/${meeting.id}`}
          fz="sm"
          display="inline-flex"
          style={{ alignItems: 'center', gap: 4 }}
        >
          <IconArrowLeft size={14} aria-hidden="true" />
          {meeting.title}
        </Anchor>
        <Group gap="sm">
          <Text fz="sm" c="dimmed" visibleFrom="sm">
            {meeting.network.name} · confidential
          </Text>
          {typeof document !== 'undefined' && document.fullscreenEnabled ? (
            <ActionIcon
              size="lg"
              variant="default"
              aria-label="Full screen"
              onClick={() => void document.documentElement.requestFullscreen().catch(() => undefined)}
            >
              <IconMaximize size={20} aria-hidden="true" />
            </ActionIcon>
          ) : null}
          <SchemeToggle />
        </Group>
      </header>
      <main className={classes.main} aria-live="off">
        {phase === 'waiting' ? (
          <Waiting meeting={meeting} />
        ) : phase === 'issue' && run ? (
          <Processing run={run} now={now} offset={offset} />
        ) : (
          <Finished meeting={meeting} phase={phase === 'ended' ? 'ended' : 'agendaDone'} />
        )}
        {/* One polite sentence per change, for people following with a screen reader. */}
        <VisuallyHidden component="p" aria-live="polite">
          {phase === 'issue' && run
            ? `${run.issueTitle}: ${run.stepIndex === null ? '' : run.protocol[run.stepIndex]?.name}`
            : ''}
        </VisuallyHidden>
      </main>
      {canRun && phase !== 'ended' ? <Controls meeting={meeting} phase={phase} run={run} /> : null}
    </div>
  );
}

function RunLoaded({ meeting }: { meeting: MeetingView }) {
  const { meetingId = '' } = useParams();
  // When the meeting reached this browser: the base for correcting its clock against serverNow.
  const { dataUpdatedAt } = useMeeting(meetingId);
  return <RunScreen meeting={meeting} receivedAt={dataUpdatedAt || Date.now()} />;
}

/** The run screen: for everyone the projected view of where the meeting is, live; for facilitators its controls. */
export function RunPage() {
  return <MeetingGate page="Live">{(meeting) => <RunLoaded meeting={meeting} />}</MeetingGate>;
}

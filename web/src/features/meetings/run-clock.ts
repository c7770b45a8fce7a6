import type { RunView } from '@roundtable/contract/meetings';

/** Where a meeting is, as the run screen shows it. */
export type RunPhase = 'waiting' | 'issue' | 'agendaDone' | 'ended';

export function runPhase(run: Pick<RunView, 'startedAt' | 'endedAt' | 'issueId'> | null): RunPhase {
  if (run === null || run.startedAt === null) return 'waiting';
  if (run.endedAt !== null) return 'ended';
  return run.issueId === null ? 'agendaDone' : 'issue';
}

/**
 * How far the server's clock is ahead of this browser's, in milliseconds, from a view stamped with
 * `serverNow` and received at `receivedAt` (browser time): every screen then counts down from the
 * same instant, however wrong its own clock is.
 */
export const clockOffset = (serverNow: string, receivedAt: number): number => Date.parse(serverNow) - receivedAt;

export type StepTime = {
  /** The step's length in milliseconds. */
  totalMs: number;
  /** Time left; negative once the step runs over. */
  remainingMs: number;
  isOvertime: boolean;
};

/** Time left in the current step at `now` (browser time), corrected by the clock offset. */
export function stepTime(
  run: Pick<RunView, 'stepIndex' | 'stepStartedAt' | 'protocol' | 'issueId'>,
  now: number,
  offset: number,
): StepTime | null {
  if (run.issueId === null || run.stepIndex === null || run.stepStartedAt === null) return null;
  const step = run.protocol[run.stepIndex];
  if (!step) return null;
  const totalMs = step.minutes * 60_000;
  const remainingMs = Date.parse(run.stepStartedAt) + totalMs - (now + offset);
  return { totalMs, remainingMs, isOvertime: remainingMs < 0 };
}

const pad = (value: number) => String(value).padStart(2, '0');

/**
 * The countdown as the screen shows it: `4:59`, `1:02:03` past an hour, and once over time the
 * time over with a plus: `+1:05`. Seconds round up while counting down, so `0:00` is the end.
 */
export function formatCountdown(remainingMs: number): string {
  const isOver = remainingMs < 0;
  const seconds = isOver ? Math.floor(-remainingMs / 1000) : Math.ceil(remainingMs / 1000);
  const hours = Math.floor(seconds / 3600);
  const minutes = Math.floor((seconds % 3600) / 60);
  const rest = seconds % 60;
  const clock = hours > 0 ? `${hours}:${pad(minutes)}:${pad(rest)}` : `${minutes}:${pad(rest)}`;
  return isOver ? `+${clock}` : clock;
}

/** The same time in words, for screen readers: "4 minutes 59 seconds left", "1 minute over". */
export function describeCountdown(remainingMs: number): string {
  const isOver = remainingMs < 0;
  const seconds = isOver ? Math.floor(-remainingMs / 1000) : Math.ceil(remainingMs / 1000);
  const minutes = Math.floor(seconds / 60);
  const rest = seconds % 60;
  const parts = [
    minutes > 0 ? `${minutes} ${minutes === 1 ? 'minute' : 'minutes'}` : '',
    rest > 0 || minutes === 0 ? `${rest} ${rest === 1 ? 'second' : 'seconds'}` : '',
  ].filter(Boolean);
  return `${parts.join(' ')} ${isOver ? 'over time' : 'left'}`;
}

/** What the facilitator's "next" does from here. */
export function nextActionLabel(
  run: Pick<RunView, 'issueId' | 'stepIndex' | 'protocol' | 'position' | 'agendaLength'>,
) {
  if (run.issueId === null) return null;
  const isLastStep = (run.stepIndex ?? 0) >= run.protocol.length - 1;
  if (!isLastStep) return 'Next step';
  return (run.position ?? 0) >= run.agendaLength - 1 ? 'Finish the last issue' : 'Next issue';
}

/** A reminder for the step the group is in; experience sharing is where advice creeps in. */
export function stepReminder(name: string): string | null {
  const key = name.toLowerCase();
  if (key.includes('experience')) return 'I statements, not advice: share what you did, not what they should do.';
  if (key.includes('clarif')) return 'Questions to understand, not to suggest.';
  if (key.includes('commit')) return 'The presenter says what they will do, and by when.';
  return null;
}

/** "Issue 1 of 3 · Step 2 of 4". */
export function runPositionLabel(run: Pick<RunView, 'position' | 'agendaLength' | 'stepIndex' | 'protocol'>): string {
  const issue = run.position === null ? '' : `Issue ${run.position + 1} of ${run.agendaLength}`;
  const step = run.stepIndex === null ? '' : `Step ${run.stepIndex + 1} of ${run.protocol.length}`;
  return [issue, step].filter(Boolean).join(' · ');
}

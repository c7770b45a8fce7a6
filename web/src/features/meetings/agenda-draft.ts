import {
  AGENDA_MAX_ITEMS,
  type AgendaBody,
  DEFAULT_MEETING_PROTOCOL,
  type IssueView,
  TIME_BOX_MAX_MINUTES,
} from '@roundtable/contract/meetings';

/*
 * The agenda builder's draft: issues taken from the queue, in order, each with its time box.
 * Pure, so ordering and the time sums are tested without a browser.
 */

export type AgendaDraftItem = { issue: IssueView; minutes: number | string };

/** One issue through the whole protocol (present, questions, experience, commitment). */
export const DEFAULT_TIME_BOX = DEFAULT_MEETING_PROTOCOL.reduce((sum, step) => sum + step.minutes, 0);

/** Moves the item at `index` up (-1) or down (+1); out of range leaves the list as it is. */
export function moveItem<T>(items: readonly T[], index: number, delta: -1 | 1): T[] {
  const target = index + delta;
  if (index < 0 || index >= items.length || target < 0 || target >= items.length) return [...items];
  const next = [...items];
  const [item] = next.splice(index, 1);
  if (item !== undefined) next.splice(target, 0, item);
  return next;
}

export const addItem = (items: readonly AgendaDraftItem[], issue: IssueView): AgendaDraftItem[] =>
  items.some((item) => item.issue.id === issue.id) || items.length >= AGENDA_MAX_ITEMS
    ? [...items]
    : [...items, { issue, minutes: issue.minutes ?? DEFAULT_TIME_BOX }];

export const removeItem = (items: readonly AgendaDraftItem[], issueId: string): AgendaDraftItem[] =>
  items.filter((item) => item.issue.id !== issueId);

const minutesOf = (value: number | string) => (typeof value === 'number' && Number.isFinite(value) ? value : 0);

export const totalMinutes = (items: readonly AgendaDraftItem[]): number =>
  items.reduce((sum, item) => sum + minutesOf(item.minutes), 0);

/** The time box's problem, in the server's limits, or null. */
export function checkTimeBox(value: number | string): string | null {
  if (typeof value !== 'number' || !Number.isInteger(value)) return 'Whole minutes';
  if (value < 1) return 'At least 1 minute';
  if (value > TIME_BOX_MAX_MINUTES) return `At most ${TIME_BOX_MAX_MINUTES} minutes`;
  return null;
}

/** The agenda as the draft starts: what the meeting holds already, in its order. */
export const draftOf = (agenda: readonly (IssueView & { position: number })[]): AgendaDraftItem[] =>
  [...agenda]
    .sort((a, b) => a.position - b.position)
    .map((issue) => ({ issue, minutes: issue.minutes ?? DEFAULT_TIME_BOX }));

export function toAgendaBody(items: readonly AgendaDraftItem[], publish: boolean): AgendaBody {
  return { items: items.map((item) => ({ issueId: item.issue.id, minutes: minutesOf(item.minutes) })), publish };
}

/** Queue issues not yet on the draft, A before B before C as the queue already is. */
export const availableIssues = (queue: readonly IssueView[], items: readonly AgendaDraftItem[]): IssueView[] =>
  queue.filter((issue) => !items.some((item) => item.issue.id === issue.id));

/** Puts a queued issue on the draft at `index` (clamped), as `addItem` would at the end. */
export function insertItem(items: readonly AgendaDraftItem[], issue: IssueView, index: number): AgendaDraftItem[] {
  const added = addItem(items, issue);
  if (added.length === items.length) return added;
  const at = Math.max(0, Math.min(index, items.length));
  const [item] = added.splice(items.length, 1);
  if (item) added.splice(at, 0, item);
  return added;
}

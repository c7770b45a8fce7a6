/*
 * Drag to order in the agenda builder, without the browser: which ids are what, where a drop lands,
 * and what a screen reader hears at each step. The component wires these to dnd-kit.
 */

/** The agenda's own drop zone, for issues dragged in from the queue. */
export const AGENDA_DROP_ID = 'agenda-drop';

const QUEUE_PREFIX = 'queue:';

/** A queued issue's drag id: apart from the agenda rows, which are the issue ids themselves. */
export const queueDragId = (issueId: string) => `${QUEUE_PREFIX}${issueId}`;

/** The issue behind a queue drag id, or null for an agenda row. */
export const queuedIssueId = (dragId: string | number): string | null => {
  const id = String(dragId);
  return id.startsWith(QUEUE_PREFIX) ? id.slice(QUEUE_PREFIX.length) : null;
};

/** Moves the item at `from` to `to`; out of range leaves the list as it is. */
export function moveItemTo<T>(items: readonly T[], from: number, to: number): T[] {
  const next = [...items];
  if (from === to || from < 0 || from >= items.length || to < 0 || to >= items.length) return next;
  const [item] = next.splice(from, 1);
  if (item !== undefined) next.splice(to, 0, item);
  return next;
}

/**
 * Where the dragged thing would land, as a 0-based index into the agenda once it is there, or null
 * when it is over nothing that takes it. A row lands where the row it is over is; a queued issue
 * goes before the row it is over, or at the end when over the agenda elsewhere.
 */
export function dropIndex(
  agendaIds: readonly string[],
  activeId: string | number,
  overId: string | number | null | undefined,
): number | null {
  if (overId == null) return null;
  const over = String(overId);
  const overIndex = agendaIds.indexOf(over);
  if (queuedIssueId(activeId) === null) return overIndex === -1 ? null : overIndex;
  if (overIndex !== -1) return overIndex;
  return over === AGENDA_DROP_ID ? agendaIds.length : null;
}

export type DragMoment = {
  phase: 'start' | 'over' | 'end' | 'cancel';
  title: string;
  /** An agenda row being reordered, or a queued issue being added. */
  from: 'agenda' | 'queue';
  /** 0-based: where the row was when picked up (agenda), where it would land or landed (null: nowhere). */
  startIndex: number | null;
  index: number | null;
  /** How many items the agenda has with the dragged one on it. */
  count: number;
};

/** What a screen reader hears, in plain words. */
export function describeDrag({ phase, title, from, startIndex, index, count }: DragMoment): string {
  const issue = `issue “${title}”`;
  const at = (position: number | null) => `position ${(position ?? 0) + 1} of ${count}`;
  if (from === 'agenda') {
    switch (phase) {
      case 'start':
        return `Picked up ${issue}. It is in ${at(startIndex)}.`;
      case 'over':
        return index === null
          ? `${capital(issue)} is not over the agenda.`
          : `${capital(issue)} is moved to ${at(index)}.`;
      case 'end':
        return index === null
          ? `Dropped ${issue}. It stays in ${at(startIndex)}.`
          : `Dropped ${issue}. It is now in ${at(index)}.`;
      case 'cancel':
        return `Stopped dragging. ${capital(issue)} is back in ${at(startIndex)}.`;
    }
  }
  switch (phase) {
    case 'start':
      return `Picked up ${issue} from the queue. Drop it on the agenda to add it.`;
    case 'over':
      return index === null
        ? `${capital(issue)} is not over the agenda.`
        : `${capital(issue)} would go in ${at(index)}.`;
    case 'end':
      return index === null
        ? `Dropped ${issue} outside the agenda. It stays in the queue.`
        : `Added ${issue} to the agenda in ${at(index)}.`;
    case 'cancel':
      return `Stopped dragging. ${capital(issue)} stays in the queue.`;
  }
}

const capital = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);

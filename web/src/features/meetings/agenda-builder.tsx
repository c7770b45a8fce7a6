import {
  type Announcements,
  type CollisionDetection,
  closestCenter,
  DndContext,
  type DragEndEvent,
  type DragOverEvent,
  DragOverlay,
  type DragStartEvent,
  KeyboardSensor,
  type Modifier,
  PointerSensor,
  pointerWithin,
  useDraggable,
  useDroppable,
  useSensor,
  useSensors,
} from '@dnd-kit/core';
import {
  SortableContext,
  sortableKeyboardCoordinates,
  useSortable,
  verticalListSortingStrategy,
} from '@dnd-kit/sortable';
import { CSS } from '@dnd-kit/utilities';
import {
  ActionIcon,
  Alert,
  Badge,
  Button,
  Group,
  NumberInput,
  Paper,
  Progress,
  Stack,
  Text,
  Title,
} from '@mantine/core';
import { notifications } from '@mantine/notifications';
import {
  AGENDA_MAX_ITEMS,
  type IssueView,
  type MeetingView,
  TIME_BOX_MAX_MINUTES,
} from '@roundtable/contract/meetings';
import { IconArrowDown, IconArrowUp, IconGripVertical, IconListCheck, IconX } from '@tabler/icons-react';
import { type KeyboardEvent, type ReactNode, useEffect, useRef, useState } from 'react';
import { createPortal } from 'react-dom';
import { FormAlert } from '../../components/form-alert';
import { formErrorMessageOf } from '../../lib/forms';
import { startsOf } from './agenda';
import { AGENDA_DROP_ID, describeDrag, dropIndex, moveItemTo, queueDragId, queuedIssueId } from './agenda-dnd';
import {
  type AgendaDraftItem,
  addItem,
  checkTimeBox,
  DEFAULT_TIME_BOX,
  draftOf,
  insertItem,
  moveItem,
  removeItem,
  toAgendaBody,
  totalMinutes,
} from './agenda-draft';
import { IssueLine, IssueQueue } from './issues';
import { PRIORITY_COLORS } from './meeting-labels';
import { formatDuration, minutesBetween } from './meeting-time';
import classes from './meetings.module.css';
import { useSetAgenda } from './meetings.queries';

function TimeFit({ total, length }: { total: number; length: number }) {
  const over = total - length;
  return (
    <Stack gap={4}>
      <Group justify="space-between" gap="xs">
        <Text fz="sm" fw={500}>
          {formatDuration(total)} planned of {formatDuration(length)}
        </Text>
        <Text fz="sm" c={over > 0 ? 'red.8' : 'dimmed'} fw={over > 0 ? 600 : undefined}>
          {over > 0 ? `${formatDuration(over)} over` : over < 0 ? `${formatDuration(-over)} left` : 'Exactly on time'}
        </Text>
      </Group>
      <Progress
        value={Math.min(100, (total / Math.max(1, length)) * 100)}
        color={over > 0 ? 'red' : 'indigo'}
        aria-label={`${total} of ${length} minutes planned`}
      />
    </Stack>
  );
}

type Focus = { id: string; direction: 'up' | 'down' } | null;

/** What a dragged thing carries: its issue, for the overlay and the announcements. */
type DragData = { issue: IssueView };
const issueOf = (data: { current?: Record<string, unknown> | undefined }): IssueView | undefined =>
  (data.current as DragData | undefined)?.issue;

/** A queued issue over the agenda lands where the pointer is; a row snaps to the nearest row. */
const collide: CollisionDetection = (args) => {
  if (queuedIssueId(args.active.id) !== null) {
    const hits = pointerWithin(args);
    const row = hits.find((hit) => hit.id !== AGENDA_DROP_ID);
    return row ? [row] : hits;
  }
  return closestCenter({
    ...args,
    droppableContainers: args.droppableContainers.filter((container) => container.id !== AGENDA_DROP_ID),
  });
};

/** Agenda rows move up and down only; an issue from the queue goes where the pointer takes it. */
const verticalRows: Modifier = ({ transform, active }) =>
  active && queuedIssueId(active.id) === null ? { ...transform, x: 0 } : transform;

const screenReaderInstructions = {
  draggable:
    'To pick up an agenda item, press Space or Enter. Use the up and down arrow keys to move it, Space or Enter to drop it where it is, Escape to put it back. Alt with the up or down arrow also moves the focused item.',
};

/** The whole agenda card takes issues dragged from the queue; it shows when one is on its way. */
function AgendaDropZone({ enabled, over, children }: { enabled: boolean; over: boolean; children: ReactNode }) {
  const { setNodeRef } = useDroppable({ id: AGENDA_DROP_ID, disabled: !enabled });
  return (
    <div
      ref={setNodeRef}
      className={classes.dropZone}
      data-receiving={enabled || undefined}
      data-over={over || undefined}
    >
      {children}
    </div>
  );
}

type RowProps = {
  item: AgendaDraftItem;
  index: number;
  count: number;
  start: string | undefined;
  error: string | null;
  /** An issue from the queue would go just before this row. */
  insertBefore: boolean;
  onMove: (index: number, delta: -1 | 1) => void;
  onKey: (event: KeyboardEvent, index: number) => void;
  onMinutes: (value: number | string) => void;
  onRemove: () => void;
};

function AgendaRow({ item, index, count, start, error, insertBefore, onMove, onKey, onMinutes, onRemove }: RowProps) {
  const { attributes, listeners, setNodeRef, setActivatorNodeRef, transform, transition, isDragging } = useSortable({
    id: item.issue.id,
    data: { issue: item.issue } satisfies DragData,
  });
  const title = item.issue.title;
  return (
    <li
      ref={setNodeRef}
      data-row={item.issue.id}
      data-dragging={isDragging || undefined}
      data-insert-before={insertBefore || undefined}
      tabIndex={-1}
      className={classes.agendaItem}
      style={{ transform: CSS.Translate.toString(transform), transition }}
      onKeyDown={(event) => onKey(event, index)}
      aria-label={`${index + 1}. ${title}`}
    >
      <Stack gap={2} align="center" style={{ flex: 'none' }}>
        <ActionIcon
          ref={setActivatorNodeRef}
          variant="subtle"
          color="gray"
          size="md"
          className={classes.grip}
          {...attributes}
          {...listeners}
          aria-label={`Drag to reorder ${title}`}
        >
          <IconGripVertical size={18} aria-hidden="true" />
        </ActionIcon>
        <ActionIcon
          variant="subtle"
          color="gray"
          size="sm"
          data-move={`${item.issue.id}-up`}
          disabled={index === 0}
          onClick={() => onMove(index, -1)}
          aria-label={`Move “${title}” up`}
        >
          <IconArrowUp size={16} />
        </ActionIcon>
        <Text fz="xs" c="dimmed" fw={600} aria-hidden="true">
          {index + 1}
        </Text>
        <ActionIcon
          variant="subtle"
          color="gray"
          size="sm"
          data-move={`${item.issue.id}-down`}
          disabled={index === count - 1}
          onClick={() => onMove(index, 1)}
          aria-label={`Move “${title}” down`}
        >
          <IconArrowDown size={16} />
        </ActionIcon>
      </Stack>
      <Stack gap={6} style={{ flex: 1, minWidth: 0 }}>
        <IssueLine issue={item.issue} />
        <Group gap="xs" wrap="nowrap" align="flex-start">
          <NumberInput
            size="xs"
            label="Minutes"
            aria-label={`Minutes for “${title}”`}
            min={1}
            max={TIME_BOX_MAX_MINUTES}
            allowDecimal={false}
            allowNegative={false}
            value={item.minutes}
            error={error}
            onChange={onMinutes}
            w={110}
          />
          <Text fz="xs" c="dimmed" mt={26}>
            from {start}
          </Text>
        </Group>
      </Stack>
      <ActionIcon variant="subtle" color="gray" onClick={onRemove} aria-label={`Take “${title}” off the agenda`}>
        <IconX size={16} />
      </ActionIcon>
    </li>
  );
}

/**
 * A queued issue's grip, for dragging it onto the agenda with a pointer. Keyboards and screen
 * readers have the issue's "Add" button instead, so the grip is not a tab stop.
 */
function QueueGrip({ issue, disabled }: { issue: IssueView; disabled: boolean }) {
  const { setNodeRef, listeners, isDragging } = useDraggable({
    id: queueDragId(issue.id),
    data: { issue } satisfies DragData,
    disabled,
  });
  if (disabled) return null;
  return (
    <div
      ref={setNodeRef}
      {...listeners}
      className={classes.queueGrip}
      data-dragging={isDragging || undefined}
      title="Drag onto the agenda"
      aria-hidden="true"
    >
      <IconGripVertical size={18} />
    </div>
  );
}

/** What follows the pointer while a queued issue is dragged. */
function QueueDragPreview({ issue }: { issue: IssueView }) {
  return (
    <Paper withBorder shadow="md" p="xs" w="max-content" maw={420} className={classes.dragPreview}>
      <Group gap="xs" wrap="nowrap">
        <Badge variant="light" color={PRIORITY_COLORS[issue.priority]} tt="none">
          {issue.priority}
        </Badge>
        <Text fz="sm" fw={600} lineClamp={1}>
          {issue.title}
        </Text>
      </Group>
    </Paper>
  );
}

/**
 * For facilitators: pick issues from the queue into the agenda (Add, or drag one in), order them
 * (drag by the grip, the buttons, or Alt+↑/↓ on a row), give each its minutes, see the total
 * against the meeting's length, save or publish.
 */
export function AgendaBuilder({ meeting }: { meeting: MeetingView }) {
  const save = useSetAgenda(meeting.id);
  const [items, setItems] = useState<AgendaDraftItem[]>(() => draftOf(meeting.agenda));
  const [dirty, setDirty] = useState(false);
  const [focus, setFocus] = useState<Focus>(null);
  const [dragging, setDragging] = useState<{ id: string; issue: IssueView } | null>(null);
  const [overId, setOverId] = useState<string | null>(null);
  const listRef = useRef<HTMLOListElement>(null);
  /** A picked-up row is first "over" itself: that says nothing the pick-up did not, and would cut it off. */
  const firstOver = useRef(false);
  const sensors = useSensors(
    useSensor(PointerSensor, { activationConstraint: { distance: 4 } }),
    useSensor(KeyboardSensor, { coordinateGetter: sortableKeyboardCoordinates }),
  );
  const length = minutesBetween(meeting.startsAt, meeting.endsAt);
  const total = totalMinutes(items);
  const errors = items.map((item) => checkTimeBox(item.minutes));
  const hasErrors = errors.some(Boolean);
  const ids = items.map((item) => item.issue.id);
  const full = items.length >= AGENDA_MAX_ITEMS;
  const fromQueue = dragging !== null && queuedIssueId(dragging.id) !== null;
  const landing = fromQueue && dragging ? dropIndex(ids, dragging.id, overId) : null;
  const starts = startsOf(
    meeting,
    items.map((item) => (typeof item.minutes === 'number' ? item.minutes : 0)),
  );

  // A moved row is re-inserted in the DOM; keep the keyboard where the person was.
  useEffect(() => {
    if (!focus) return;
    const target = listRef.current?.querySelector<HTMLElement>(`[data-move="${focus.id}-${focus.direction}"]`);
    const row = listRef.current?.querySelector<HTMLElement>(`[data-row="${focus.id}"]`);
    (target && !target.hasAttribute('disabled') ? target : row)?.focus();
    setFocus(null);
  }, [focus]);

  const change = (next: AgendaDraftItem[]) => {
    setItems(next);
    setDirty(true);
  };
  const move = (index: number, delta: -1 | 1) => {
    const item = items[index];
    if (!item) return;
    change(moveItem(items, index, delta));
    setFocus({ id: item.issue.id, direction: delta === -1 ? 'up' : 'down' });
  };
  const onRowKey = (event: KeyboardEvent, index: number) => {
    // While a row is picked up, the arrows are the drag's own.
    if (dragging || !event.altKey || (event.key !== 'ArrowUp' && event.key !== 'ArrowDown')) return;
    event.preventDefault();
    move(index, event.key === 'ArrowUp' ? -1 : 1);
  };

  const onDragStart = ({ active }: DragStartEvent) => {
    const issue = issueOf(active.data);
    if (issue) setDragging({ id: String(active.id), issue });
  };
  const onDragOver = ({ over }: DragOverEvent) => setOverId(over ? String(over.id) : null);
  const endDrag = () => {
    setDragging(null);
    setOverId(null);
  };
  const onDragEnd = ({ active, over }: DragEndEvent) => {
    endDrag();
    const index = dropIndex(ids, active.id, over?.id);
    if (index === null) return;
    const issue = issueOf(active.data);
    if (queuedIssueId(active.id) !== null) {
      if (issue) change(insertItem(items, issue, index));
      return;
    }
    const from = ids.indexOf(String(active.id));
    if (from !== index) change(moveItemTo(items, from, index));
  };

  /** The moment in words: the title from the drag's data, positions from the draft as it is. */
  const say = (
    phase: 'start' | 'over' | 'end' | 'cancel',
    active: { id: string | number; data: { current?: Record<string, unknown> | undefined } },
    over: { id: string | number } | null,
  ) => {
    const issue = issueOf(active.data);
    if (!issue) return undefined;
    const queued = queuedIssueId(active.id) !== null;
    const startIndex = queued ? null : ids.indexOf(String(active.id));
    return describeDrag({
      phase,
      title: issue.title,
      from: queued ? 'queue' : 'agenda',
      startIndex,
      index: phase === 'start' ? startIndex : dropIndex(ids, active.id, over?.id),
      count: queued ? ids.length + 1 : ids.length,
    });
  };
  const announcements: Announcements = {
    onDragStart: ({ active }) => {
      firstOver.current = true;
      return say('start', active, null);
    },
    onDragOver: ({ active, over }) => {
      const first = firstOver.current;
      firstOver.current = false;
      return first && over?.id === active.id ? undefined : say('over', active, over);
    },
    onDragEnd: ({ active, over }) => say('end', active, over),
    onDragCancel: ({ active, over }) => say('cancel', active, over),
  };

  const submit = (publish: boolean) =>
    save.mutate(toAgendaBody(items, publish), {
      onSuccess: (saved) => {
        setItems(draftOf(saved.agenda));
        setDirty(false);
        notifications.show({
          color: 'teal',
          message: publish
            ? 'The agenda is published; the members hear of it.'
            : 'Draft saved. Members do not see it yet.',
        });
      },
    });

  return (
    <DndContext
      sensors={sensors}
      collisionDetection={collide}
      modifiers={[verticalRows]}
      accessibility={{ announcements, screenReaderInstructions }}
      onDragStart={onDragStart}
      onDragOver={onDragOver}
      onDragEnd={onDragEnd}
      onDragCancel={endDrag}
    >
      <Stack gap="md">
        <AgendaDropZone enabled={fromQueue} over={fromQueue && landing !== null}>
          <Paper withBorder component="section" aria-labelledby="agenda-title" style={{ overflow: 'hidden' }}>
            <Stack gap="sm" p="md">
              <Group justify="space-between" gap="xs" wrap="wrap">
                <Title order={2} fz="h4" id="agenda-title">
                  Agenda
                </Title>
                <Badge variant="light" color={meeting.agendaPublished ? 'teal' : 'gray'} tt="none">
                  {meeting.agendaPublished
                    ? dirty
                      ? 'Published · unsaved changes'
                      : 'Published'
                    : 'Draft · members don’t see it yet'}
                </Badge>
              </Group>
              <TimeFit total={total} length={length} />
            </Stack>
            {items.length === 0 ? (
              <Text fz="sm" c="dimmed" px="md" pb="md">
                Add issues from the queue below, or drag them here. Each gets {formatDuration(DEFAULT_TIME_BOX)} by
                default — the whole protocol — and you can change it.
              </Text>
            ) : (
              <SortableContext items={ids} strategy={verticalListSortingStrategy}>
                <ol
                  ref={listRef}
                  className={classes.list}
                  aria-label="Agenda items, in order"
                  data-insert-end={(fromQueue && landing === items.length) || undefined}
                  style={{ borderTop: '1px solid var(--mantine-color-default-border)' }}
                >
                  {items.map((item, index) => (
                    <AgendaRow
                      key={item.issue.id}
                      item={item}
                      index={index}
                      count={items.length}
                      start={starts[index]}
                      error={errors[index] ?? null}
                      insertBefore={fromQueue && landing === index}
                      onMove={move}
                      onKey={onRowKey}
                      onMinutes={(value) =>
                        change(
                          items.map((other) =>
                            other.issue.id === item.issue.id ? { ...other, minutes: value } : other,
                          ),
                        )
                      }
                      onRemove={() => change(removeItem(items, item.issue.id))}
                    />
                  ))}
                </ol>
              </SortableContext>
            )}
            <Stack gap="sm" p="md" style={{ borderTop: '1px solid var(--mantine-color-default-border)' }}>
              {total > length ? (
                <Alert variant="light" color="orange" p="xs" icon={<IconListCheck size={16} aria-hidden="true" />}>
                  <Text fz="sm">
                    The agenda runs {formatDuration(total - length)} past the meeting’s end. Shorten a time box or leave
                    an issue for next time.
                  </Text>
                </Alert>
              ) : null}
              <FormAlert message={save.isError ? formErrorMessageOf(save.error) : null} />
              <Group justify="space-between" gap="sm" wrap="wrap">
                <Text fz="xs" c="dimmed">
                  Tip: drag a row by its grip, or press Alt + ↑ / ↓ to move the focused item.
                </Text>
                <Group gap="sm">
                  <Button
                    variant="default"
                    disabled={hasErrors || !dirty}
                    loading={save.isPending && save.variables?.publish === false}
                    onClick={() => submit(false)}
                  >
                    {meeting.agendaPublished ? 'Save without telling' : 'Save draft'}
                  </Button>
                  <Button
                    disabled={hasErrors || items.length === 0 || (meeting.agendaPublished && !dirty)}
                    loading={save.isPending && save.variables?.publish === true}
                    onClick={() => submit(true)}
                  >
                    {meeting.agendaPublished ? 'Publish changes' : 'Publish agenda'}
                  </Button>
                </Group>
              </Group>
            </Stack>
          </Paper>
        </AgendaDropZone>
        <IssueQueue
          networkId={meeting.network.id}
          meetingId={meeting.id}
          canRaise={meeting.abilities.raiseIssue}
          canOffer={meeting.status === 'scheduled'}
          onAdd={(issue: IssueView) => change(addItem(items, issue))}
          excludedIds={ids}
          extra={meeting.agenda}
          addDisabled={full}
          lead={(issue) => <QueueGrip issue={issue} disabled={full} />}
        />
      </Stack>
      {/* On the body: a transformed ancestor would carry the fixed-position overlay off with it. */}
      {createPortal(
        <DragOverlay dropAnimation={null} zIndex={1000}>
          {fromQueue && dragging ? <QueueDragPreview issue={dragging.issue} /> : null}
        </DragOverlay>,
        document.body,
      )}
    </DndContext>
  );
}

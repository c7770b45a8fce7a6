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
import { IconArrowDown, IconArrowUp, IconListCheck, IconX } from '@tabler/icons-react';
import { type KeyboardEvent, useEffect, useRef, useState } from 'react';
import { FormAlert } from '../../components/form-alert';
import { formErrorMessageOf } from '../../lib/forms';
import {
  type AgendaDraftItem,
  addItem,
  checkTimeBox,
  DEFAULT_TIME_BOX,
  draftOf,
  moveItem,
  removeItem,
  toAgendaBody,
  totalMinutes,
} from './agenda-draft';
import { AgendaItemFollowUp } from './agenda-follow-up';
import { IssueLine, IssueQueue } from './issues';
import { formatDuration, minutesBetween } from './meeting-time';
import classes from './meetings.module.css';
import { useSetAgenda } from './meetings.queries';

const clock = new Intl.DateTimeFormat(undefined, { timeStyle: 'short' });

/** When each item starts, in the viewer's zone, laid end to end from the meeting's start. */
function startsOf(meeting: MeetingView, minutes: readonly number[]): string[] {
  let offset = 0;
  return minutes.map((length) => {
    const at = new Date(Date.parse(meeting.startsAt) + offset * 60_000);
    offset += length;
    return clock.format(at);
  });
}

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

/** The agenda as members see it: each issue with its time box and when it starts. */
export function AgendaView({ meeting }: { meeting: MeetingView }) {
  const length = minutesBetween(meeting.startsAt, meeting.endsAt);
  const minutes = meeting.agenda.map((item) => item.minutes ?? 0);
  const starts = startsOf(meeting, minutes);
  return (
    <Paper withBorder component="section" aria-labelledby="agenda-title" style={{ overflow: 'hidden' }}>
      <Stack gap={4} p="md" pb="sm">
        <Title order={2} fz="h4" id="agenda-title">
          Agenda
        </Title>
        {meeting.agenda.length > 0 ? (
          <Text fz="sm" c="dimmed">
            {meeting.agenda.length} {meeting.agenda.length === 1 ? 'issue' : 'issues'},{' '}
            {formatDuration(minutes.reduce((sum, value) => sum + value, 0))} of {formatDuration(length)}. Each follows
            the protocol: present, clarifying questions, experience sharing, commitment.
          </Text>
        ) : null}
      </Stack>
      {meeting.agenda.length === 0 ? (
        <Text fz="sm" c="dimmed" px="md" pb="md">
          The facilitators publish the agenda before the meeting, picked from the issues members raise. Raise yours
          below so it can be on it.
        </Text>
      ) : (
        <ol className={classes.list} style={{ borderTop: '1px solid var(--mantine-color-default-border)' }}>
          {meeting.agenda.map((item, index) => (
            <li key={item.id} className={classes.agendaItem}>
              <Stack gap={0} className={classes.timeBox}>
                <Text fz="sm" fw={600}>
                  {starts[index]}
                </Text>
                <Text fz="xs" c="dimmed">
                  {item.minutes ?? 0} min
                </Text>
              </Stack>
              <div style={{ flex: 1, minWidth: 0 }}>
                <IssueLine issue={item} />
                {meeting.agendaPublished ? <AgendaItemFollowUp meeting={meeting} item={item} /> : null}
              </div>
            </li>
          ))}
        </ol>
      )}
    </Paper>
  );
}

type Focus = { id: string; direction: 'up' | 'down' } | null;

/**
 * For facilitators: pick issues from the queue into the agenda, order them (buttons, or Alt+↑/↓
 * on a row), give each its minutes, see the total against the meeting's length, save or publish.
 */
export function AgendaBuilder({ meeting }: { meeting: MeetingView }) {
  const save = useSetAgenda(meeting.id);
  const [items, setItems] = useState<AgendaDraftItem[]>(() => draftOf(meeting.agenda));
  const [dirty, setDirty] = useState(false);
  const [focus, setFocus] = useState<Focus>(null);
  const listRef = useRef<HTMLOListElement>(null);
  const length = minutesBetween(meeting.startsAt, meeting.endsAt);
  const total = totalMinutes(items);
  const errors = items.map((item) => checkTimeBox(item.minutes));
  const hasErrors = errors.some(Boolean);
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
    if (!event.altKey || (event.key !== 'ArrowUp' && event.key !== 'ArrowDown')) return;
    event.preventDefault();
    move(index, event.key === 'ArrowUp' ? -1 : 1);
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
    <Stack gap="md">
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
            Add issues from the queue below. Each gets {formatDuration(DEFAULT_TIME_BOX)} by default — the whole
            protocol — and you can change it.
          </Text>
        ) : (
          <ol
            ref={listRef}
            className={classes.list}
            aria-label="Agenda items, in order"
            style={{ borderTop: '1px solid var(--mantine-color-default-border)' }}
          >
            {items.map((item, index) => (
              <li
                key={item.issue.id}
                data-row={item.issue.id}
                tabIndex={-1}
                className={classes.agendaItem}
                onKeyDown={(event) => onRowKey(event, index)}
                aria-label={`${index + 1}. ${item.issue.title}`}
              >
                <Stack gap={2} align="center" style={{ flex: 'none' }}>
                  <ActionIcon
                    variant="subtle"
                    color="gray"
                    size="sm"
                    data-move={`${item.issue.id}-up`}
                    disabled={index === 0}
                    onClick={() => move(index, -1)}
                    aria-label={`Move “${item.issue.title}” up`}
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
                    disabled={index === items.length - 1}
                    onClick={() => move(index, 1)}
                    aria-label={`Move “${item.issue.title}” down`}
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
                      aria-label={`Minutes for “${item.issue.title}”`}
                      min={1}
                      max={TIME_BOX_MAX_MINUTES}
                      allowDecimal={false}
                      allowNegative={false}
                      value={item.minutes}
                      error={errors[index]}
                      onChange={(value) =>
                        change(
                          items.map((other) =>
                            other.issue.id === item.issue.id ? { ...other, minutes: value } : other,
                          ),
                        )
                      }
                      w={110}
                    />
                    <Text fz="xs" c="dimmed" mt={26}>
                      from {starts[index]}
                    </Text>
                  </Group>
                </Stack>
                <ActionIcon
                  variant="subtle"
                  color="gray"
                  onClick={() => change(removeItem(items, item.issue.id))}
                  aria-label={`Take “${item.issue.title}” off the agenda`}
                >
                  <IconX size={16} />
                </ActionIcon>
              </li>
            ))}
          </ol>
        )}
        <Stack gap="sm" p="md" style={{ borderTop: '1px solid var(--mantine-color-default-border)' }}>
          {total > length ? (
            <Alert variant="light" color="orange" p="xs" icon={<IconListCheck size={16} aria-hidden="true" />}>
              <Text fz="sm">
                The agenda runs {formatDuration(total - length)} past the meeting’s end. Shorten a time box or leave an
                issue for next time.
              </Text>
            </Alert>
          ) : null}
          <FormAlert message={save.isError ? formErrorMessageOf(save.error) : null} />
          <Group justify="space-between" gap="sm" wrap="wrap">
            <Text fz="xs" c="dimmed">
              Tip: Alt + ↑ / ↓ moves the focused item.
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
      <IssueQueue
        networkId={meeting.network.id}
        meetingId={meeting.id}
        canRaise={meeting.abilities.raiseIssue}
        onAdd={(issue: IssueView) => change(addItem(items, issue))}
        excludedIds={items.map((item) => item.issue.id)}
        extra={meeting.agenda}
        addDisabled={items.length >= AGENDA_MAX_ITEMS}
      />
    </Stack>
  );
}

import {
  ActionIcon,
  Badge,
  Button,
  Group,
  Menu,
  Modal,
  Paper,
  Radio,
  SimpleGrid,
  Skeleton,
  Stack,
  Text,
  Textarea,
  TextInput,
  Title,
  Tooltip,
} from '@mantine/core';
import { useForm } from '@mantine/form';
import { notifications } from '@mantine/notifications';
import {
  ISSUE_BACKGROUND_MAX_LENGTH,
  ISSUE_NEEDS,
  ISSUE_PRIORITIES,
  ISSUE_TITLE_MAX_LENGTH,
  type IssueNeed,
  type IssuePriority,
  type IssueView,
} from '@roundtable/contract/meetings';
import { IconDots, IconPencil, IconPlus, IconTrash } from '@tabler/icons-react';
import { type ReactNode, useState } from 'react';
import { ErrorState } from '../../components/error-state';
import { FormAlert } from '../../components/form-alert';
import { RelativeTime } from '../../components/relative-time';
import { errorMessageOf } from '../../lib/api';
import { applyApiError, formErrorMessageOf } from '../../lib/forms';
import { useLiveValidation } from '../../lib/use-live-validation';
import { useMe } from '../accounts/session';
import { needLabel, PRIORITY_COLORS, priorityMeaning } from './meeting-labels';
import classes from './meetings.module.css';
import { useIssueQueue, useRaiseIssue, useUpdateIssue, useWithdrawIssue } from './meetings.queries';
import { IssueOffers } from './offers';

type IssueValues = { title: string; need: IssueNeed | ''; priority: IssuePriority | ''; background: string };

/** The contract's rules for an issue, as errors keyed by field. */
export function validateIssue(values: IssueValues): Record<string, string> {
  const errors: Record<string, string> = {};
  if (values.title.trim() === '') errors.title = 'Say in a few words what you want the group’s help with.';
  else if (values.title.length > ISSUE_TITLE_MAX_LENGTH)
    errors.title = `Keep it under ${ISSUE_TITLE_MAX_LENGTH} characters.`;
  if (values.need === '') errors.need = 'Choose what you need from the group.';
  if (values.priority === '') errors.priority = 'Choose how pressing it is.';
  if (values.background.length > ISSUE_BACKGROUND_MAX_LENGTH)
    errors.background = `Keep it under ${ISSUE_BACKGROUND_MAX_LENGTH.toLocaleString()} characters.`;
  return errors;
}

const FIELDS = { title: 'The title', need: 'What you need', priority: 'The priority', background: 'The background' };

/** Raise an issue, or change one's own: title, what you need, A/B/C with what they mean, background. */
export function IssueModal({
  networkId,
  issue,
  opened,
  onClose,
}: {
  networkId: string;
  issue?: IssueView;
  opened: boolean;
  onClose: () => void;
}) {
  const raise = useRaiseIssue(networkId);
  const update = useUpdateIssue(networkId);
  const [alert, setAlert] = useState<string | null>(null);
  const enhanceGetInputProps = useLiveValidation<IssueValues>();
  const form = useForm<IssueValues>({
    initialValues: {
      title: issue?.title ?? '',
      need: issue?.need ?? '',
      priority: issue?.priority ?? '',
      background: issue?.background ?? '',
    },
    validate: validateIssue,
    enhanceGetInputProps,
  });
  const close = () => {
    setAlert(null);
    if (!issue) form.reset();
    onClose();
  };
  const submit = form.onSubmit((values) => {
    setAlert(null);
    if (values.need === '' || values.priority === '') return;
    const body = {
      title: values.title.trim(),
      need: values.need,
      priority: values.priority,
      background: values.background.trim(),
    };
    const onError = (error: Error) => setAlert(applyApiError(error, FIELDS, form.setFieldError));
    const onSuccess = () => {
      notifications.show({
        color: 'teal',
        message: issue
          ? 'Your issue is updated.'
          : 'Your issue is in the queue. The facilitators see it when they build the agenda.',
      });
      form.reset();
      close();
    };
    if (issue) update.mutate({ issueId: issue.id, body }, { onSuccess, onError });
    else raise.mutate(body, { onSuccess, onError });
  });
  return (
    <Modal
      opened={opened}
      onClose={close}
      title={issue ? 'Change your issue' : 'Raise an issue'}
      size="lg"
      closeButtonProps={{ 'aria-label': 'Close' }}
    >
      <form onSubmit={submit} noValidate>
        <Stack gap="md">
          <Text fz="sm" c="dimmed">
            Bring a real problem you face now. The group works on it together, in confidence.
          </Text>
          <FormAlert message={alert} />
          <TextInput
            size="sm"
            label="Your issue"
            placeholder="Should we move our FP&A team in-house?"
            maxLength={ISSUE_TITLE_MAX_LENGTH}
            data-autofocus
            {...form.getInputProps('title')}
          />
          <Radio.Group label="What do you need from the group?" {...form.getInputProps('need')}>
            <SimpleGrid cols={{ base: 1, xs: 2 }} spacing="xs" mt={6}>
              {ISSUE_NEEDS.map((need) => (
                <Radio.Card key={need.id} value={need.id} p="sm" radius="md">
                  <Group wrap="nowrap" align="flex-start" gap="sm">
                    <Radio.Indicator />
                    <div>
                      <Text fz="sm" fw={600}>
                        {need.label}
                      </Text>
                      <Text fz="xs" c="dimmed">
                        {need.hint}
                      </Text>
                    </div>
                  </Group>
                </Radio.Card>
              ))}
            </SimpleGrid>
          </Radio.Group>
          <Radio.Group label="How pressing is it?" {...form.getInputProps('priority')}>
            <Stack gap={6} mt={6}>
              {ISSUE_PRIORITIES.map((priority) => (
                <Radio key={priority.id} value={priority.id} label={priority.label} />
              ))}
            </Stack>
          </Radio.Group>
          <Textarea
            label="Background (optional)"
            description="What the group should know: the situation, what you tried, what is at stake."
            autosize
            minRows={3}
            maxRows={10}
            maxLength={ISSUE_BACKGROUND_MAX_LENGTH}
            {...form.getInputProps('background')}
          />
          <Group justify="flex-end" gap="sm">
            <Button variant="default" onClick={close}>
              Cancel
            </Button>
            <Button type="submit" loading={raise.isPending || update.isPending}>
              {issue ? 'Save changes' : 'Raise issue'}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}

export function PriorityBadge({ priority }: { priority: IssuePriority }) {
  return (
    <Tooltip label={priorityMeaning(priority)} openDelay={250}>
      <Badge
        variant="light"
        color={PRIORITY_COLORS[priority]}
        tt="none"
        aria-label={`Priority ${priority}: ${priorityMeaning(priority)}`}
      >
        {priority}
      </Badge>
    </Tooltip>
  );
}

function WithdrawModal({
  issue,
  networkId,
  meetingId,
  onClose,
}: {
  issue: IssueView | null;
  networkId: string;
  meetingId?: string;
  onClose: () => void;
}) {
  const withdraw = useWithdrawIssue(networkId, meetingId);
  return (
    <Modal
      opened={issue !== null}
      onClose={onClose}
      title="Withdraw this issue?"
      centered
      closeButtonProps={{ 'aria-label': 'Close' }}
    >
      <Stack gap="md">
        <Text fz="sm">
          “{issue?.title}” leaves the queue{issue?.status === 'on_agenda' ? ' and the agenda' : ''}. You can raise it
          again later.
        </Text>
        <FormAlert message={withdraw.isError ? formErrorMessageOf(withdraw.error) : null} />
        <Group justify="flex-end" gap="sm">
          <Button variant="default" onClick={onClose}>
            Keep it
          </Button>
          <Button
            color="red"
            loading={withdraw.isPending}
            onClick={() =>
              issue &&
              withdraw.mutate(issue.id, {
                onSuccess: () => {
                  notifications.show({ color: 'teal', message: 'The issue is withdrawn.' });
                  onClose();
                },
              })
            }
          >
            Withdraw
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}

/** One issue: priority, title, what is needed, who raised it; its own actions at the end. */
export function IssueLine({ issue, actions }: { issue: IssueView; actions?: ReactNode }) {
  return (
    <Group gap="sm" wrap="nowrap" align="flex-start">
      <PriorityBadge priority={issue.priority} />
      <Stack gap={2} style={{ flex: 1, minWidth: 0 }}>
        <Text fz="sm" fw={600} style={{ overflowWrap: 'anywhere' }}>
          {issue.title}
        </Text>
        <Text fz="xs" c="dimmed">
          Needs {needLabel(issue.need).toLowerCase()} · {issue.author.name} · <RelativeTime value={issue.createdAt} />
          {issue.carriedOver > 0
            ? ` · waited through ${issue.carriedOver === 1 ? 'one agenda' : `${issue.carriedOver} agendas`}`
            : ''}
        </Text>
        {issue.background ? (
          <Text fz="sm" c="dimmed" lineClamp={3} className={classes.prose} mt={2}>
            {issue.background}
          </Text>
        ) : null}
      </Stack>
      {actions}
    </Group>
  );
}

/** Edit and withdraw, for the issues the viewer may change. */
export function IssueMenu({
  issue,
  onEdit,
  onWithdraw,
}: {
  issue: IssueView;
  onEdit: () => void;
  onWithdraw: () => void;
}) {
  if (!issue.abilities.edit && !issue.abilities.withdraw) return null;
  return (
    <Menu position="bottom-end" withinPortal>
      <Menu.Target>
        <ActionIcon variant="subtle" color="gray" aria-label={`Actions for “${issue.title}”`}>
          <IconDots size={18} />
        </ActionIcon>
      </Menu.Target>
      <Menu.Dropdown>
        {issue.abilities.edit ? (
          <Menu.Item leftSection={<IconPencil size={16} aria-hidden="true" />} onClick={onEdit}>
            Edit
          </Menu.Item>
        ) : null}
        {issue.abilities.withdraw ? (
          <Menu.Item color="red" leftSection={<IconTrash size={16} aria-hidden="true" />} onClick={onWithdraw}>
            Withdraw
          </Menu.Item>
        ) : null}
      </Menu.Dropdown>
    </Menu>
  );
}

type QueueProps = {
  networkId: string;
  meetingId?: string;
  canRaise: boolean;
  /** The agenda builder's "Add" per issue, and the issues already on its draft. */
  onAdd?: (issue: IssueView) => void;
  excludedIds?: readonly string[];
  addDisabled?: boolean;
  /** Issues taken off the draft agenda: back among the waiting ones until the agenda is saved. */
  extra?: readonly IssueView[];
  /** Peers may offer the authors something (the meeting is still to come); the offers show under each issue. */
  canOffer?: boolean;
  /** Before each issue: the agenda builder's drag grip. */
  lead?: (issue: IssueView) => ReactNode;
};

const PRIORITY_ORDER = { A: 0, B: 1, C: 2 } as const;

/** The network's issues waiting for an agenda, A first, with "Raise an issue". */
export function IssueQueue({
  networkId,
  meetingId,
  canRaise,
  onAdd,
  excludedIds = [],
  addDisabled,
  extra = [],
  canOffer = false,
  lead,
}: QueueProps) {
  const me = useMe();
  const queue = useIssueQueue(networkId);
  const [raising, setRaising] = useState(false);
  const [editing, setEditing] = useState<IssueView | null>(null);
  const [withdrawing, setWithdrawing] = useState<IssueView | null>(null);
  const waiting = [
    ...extra.filter((issue) => !queue.data?.some((queued) => queued.id === issue.id)),
    ...(queue.data ?? []),
  ];
  const items = waiting
    .filter((issue) => !excludedIds.includes(issue.id))
    .sort((a, b) => PRIORITY_ORDER[a.priority] - PRIORITY_ORDER[b.priority] || a.createdAt.localeCompare(b.createdAt));
  return (
    <Paper withBorder component="section" aria-labelledby="queue-title" style={{ overflow: 'hidden' }}>
      <Group justify="space-between" gap="sm" p="md" pb="sm" wrap="wrap">
        <div>
          <Title order={2} fz="h4" id="queue-title">
            Issues waiting for an agenda
          </Title>
          <Text fz="sm" c="dimmed">
            {onAdd
              ? 'Add the ones this meeting will work on; the others wait for the next.'
              : 'The facilitators pick from these for the agenda, A first.'}
          </Text>
        </div>
        {canRaise ? (
          <Button
            variant="default"
            leftSection={<IconPlus size={16} aria-hidden="true" />}
            onClick={() => setRaising(true)}
          >
            Raise an issue
          </Button>
        ) : null}
      </Group>
      {queue.isPending ? (
        <Stack gap="sm" p="md" pt={0} aria-busy="true" aria-label="Loading the issues">
          <Skeleton height={40} />
          <Skeleton height={40} />
        </Stack>
      ) : queue.isError ? (
        <ErrorState
          title="The issues did not load"
          message={errorMessageOf(queue.error)}
          onRetry={() => void queue.refetch()}
          retrying={queue.isFetching}
        />
      ) : items.length === 0 ? (
        <Text fz="sm" c="dimmed" px="md" pb="md">
          {waiting.length > 0
            ? 'Every waiting issue is on the agenda.'
            : 'No issue is waiting. What do you want your peers’ help with? Raise it, and the facilitators can put it on the agenda.'}
        </Text>
      ) : (
        <ul className={classes.list} style={{ borderTop: '1px solid var(--mantine-color-default-border)' }}>
          {items.map((issue) => (
            <li
              key={issue.id}
              className={lead ? classes.queueItem : undefined}
              style={{ padding: 'var(--mantine-spacing-sm) var(--mantine-spacing-md)' }}
            >
              {lead?.(issue)}
              <div style={{ flex: 1, minWidth: 0 }}>
                <IssueLine
                  issue={issue}
                  actions={
                    <Group gap={4} wrap="nowrap">
                      {onAdd ? (
                        <Button
                          size="xs"
                          variant="light"
                          leftSection={<IconPlus size={14} aria-hidden="true" />}
                          onClick={() => onAdd(issue)}
                          disabled={addDisabled}
                          aria-label={`Add “${issue.title}” to the agenda`}
                        >
                          Add
                        </Button>
                      ) : null}
                      <IssueMenu
                        issue={issue}
                        onEdit={() => setEditing(issue)}
                        onWithdraw={() => setWithdrawing(issue)}
                      />
                    </Group>
                  }
                />
                <IssueOffers
                  issueId={issue.id}
                  issueTitle={issue.title}
                  offerCount={issue.offerCount}
                  canOffer={canOffer && issue.author.id !== me.id && issue.status !== 'withdrawn'}
                />
              </div>
            </li>
          ))}
        </ul>
      )}
      <IssueModal networkId={networkId} opened={raising} onClose={() => setRaising(false)} />
      {editing ? (
        <IssueModal key={editing.id} networkId={networkId} issue={editing} opened onClose={() => setEditing(null)} />
      ) : null}
      <WithdrawModal
        issue={withdrawing}
        networkId={networkId}
        meetingId={meetingId}
        onClose={() => setWithdrawing(null)}
      />
    </Paper>
  );
}

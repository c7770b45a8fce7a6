import {
  ActionIcon,
  Anchor,
  Badge,
  Button,
  Checkbox,
  EmptyState,
  Group,
  Menu,
  Modal,
  Paper,
  Progress,
  Skeleton,
  Stack,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { activityMetric, describeCount } from '@roundtable/contract/activity';
import type { DimensionId } from '@roundtable/contract/assessments';
import {
  PLAN_ACTIONS_PER_GOAL_MAX,
  PLAN_TITLE_MAX_LENGTH,
  type PlanActionView,
  type PlanGoalView,
  type PlanProposalView,
} from '@roundtable/contract/plans';
import { IconCheck, IconDots, IconPencil, IconPlus, IconTargetArrow, IconTrash } from '@tabler/icons-react';
import { type FormEvent, type ReactNode, useState } from 'react';
import { Link } from 'react-router';
import { ErrorState } from '../../components/error-state';
import { PageHeader } from '../../components/page-header';
import { errorMessageOf } from '../../lib/api';
import { usePageTitle } from '../../lib/use-page-title';
import { useInstrument } from '../assessments/assessments.queries';
import {
  acceptedProposal,
  useAddAction,
  useDeleteAction,
  useDeleteGoal,
  usePlan,
  useProposal,
  useReplacePlan,
  useUpdateAction,
  useUpdateGoal,
} from './plans.queries';

const dayFormat = new Intl.DateTimeFormat(undefined, { day: 'numeric', month: 'short', year: 'numeric' });

/** A plan date (`YYYY-MM-DD`) as the viewer reads it: "9 Dec 2026". */
function formatDay(day: string): string {
  const [year, month, date] = day.split('-').map(Number);
  return dayFormat.format(new Date(year ?? 1970, (month ?? 1) - 1, date ?? 1));
}

const today = () => {
  const now = new Date();
  return `${now.getFullYear()}-${String(now.getMonth() + 1).padStart(2, '0')}-${String(now.getDate()).padStart(2, '0')}`;
};

const showError = (title: string) => (error: unknown) =>
  notifications.show({ color: 'red', title, message: errorMessageOf(error) });

/** Where to go to do what a tracked action counts. */
const METRIC_LINKS: Record<string, { to: string; label: string; when: string }> = {
  networks_joined: { to: '/networks', label: 'Find a network', when: 'when you join a network' },
  applications_sent: { to: '/networks', label: 'Find a network', when: 'when you apply to a network' },
  invitations_sent: { to: '/networks', label: 'Open your networks', when: 'when you invite a peer' },
  networks_facilitated: { to: '/networks', label: 'Open your networks', when: 'when you facilitate a network' },
  threads_started: { to: '/networks', label: 'Ask your peers', when: 'when you start a question or discussion' },
  replies_posted: { to: '/networks', label: 'Open your networks', when: 'when you reply to a peer' },
  helpful_marks_given: { to: '/networks', label: 'Open your networks', when: 'when you mark a reply helpful' },
  pulses_answered: { to: '/pulses', label: 'Pulses waiting for you', when: 'when you answer a pulse' },
  assessments_taken: { to: '/nq/take', label: 'Retake the NQ', when: 'when you retake the NQ' },
};

function useDimensionNames(): (id: DimensionId) => string {
  const instrument = useInstrument();
  return (id) => instrument.data?.dimensions.find((d) => d.id === id)?.name ?? id;
}

function ProgressSummary({ done, total, label }: { done: number; total: number; label: string }) {
  const percent = total === 0 ? 0 : Math.round((done / total) * 100);
  return (
    <Stack gap={4}>
      <Group justify="space-between" gap="xs">
        <Text fz="sm" fw={500}>
          {label}
        </Text>
        <Text fz="sm" c="dimmed">
          {done} of {total} done
        </Text>
      </Group>
      <Progress value={percent} color="teal" aria-label={`${label}: ${done} of ${total} actions done`} />
    </Stack>
  );
}

type EditTarget = { kind: 'goal'; goal: PlanGoalView } | { kind: 'action'; action: PlanActionView } | null;

function EditModal({ target, onClose }: { target: EditTarget; onClose: () => void }) {
  const updateGoal = useUpdateGoal();
  const updateAction = useUpdateAction();
  const [title, setTitle] = useState(
    target?.kind === 'goal' ? target.goal.title : target?.kind === 'action' ? target.action.title : '',
  );
  const [date, setDate] = useState(
    target?.kind === 'goal' ? target.goal.targetDate : target?.kind === 'action' ? (target.action.dueDate ?? '') : '',
  );
  const titleError = title.trim() === '' ? 'Give it a few words.' : null;
  const pending = updateGoal.isPending || updateAction.isPending;

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (!target || titleError) return;
    if (target.kind === 'goal') {
      if (!date) return;
      updateGoal.mutate(
        { goalId: target.goal.id, body: { title: title.trim(), targetDate: date } },
        { onSuccess: onClose, onError: showError('The goal was not changed') },
      );
    } else {
      updateAction.mutate(
        { actionId: target.action.id, body: { title: title.trim(), dueDate: date || null } },
        { onSuccess: onClose, onError: showError('The action was not changed') },
      );
    }
  };

  return (
    <Modal opened={target !== null} onClose={onClose} title={target?.kind === 'goal' ? 'Edit goal' : 'Edit action'}>
      <form onSubmit={submit} noValidate>
        <Stack gap="md">
          <TextInput
            label={target?.kind === 'goal' ? 'Goal' : 'Action'}
            value={title}
            maxLength={PLAN_TITLE_MAX_LENGTH}
            required
            error={titleError}
            onChange={(event) => setTitle(event.currentTarget.value)}
            data-autofocus
          />
          <TextInput
            type="date"
            label={target?.kind === 'goal' ? 'Target date' : 'Due date'}
            description={
              target?.kind === 'action' ? 'Leave empty for no due date. We remind you that morning.' : undefined
            }
            required={target?.kind === 'goal'}
            value={date}
            onChange={(event) => setDate(event.currentTarget.value)}
          />
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              Cancel
            </Button>
            <Button type="submit" loading={pending} disabled={Boolean(titleError)}>
              Save
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}

function ActionRow({ action, onEdit }: { action: PlanActionView; onEdit: () => void }) {
  const updateAction = useUpdateAction();
  const deleteAction = useDeleteAction();
  const overdue = !action.done && action.dueDate !== null && action.dueDate < today();
  const link = action.metric ? METRIC_LINKS[action.metric] : undefined;
  let tracking: ReactNode = null;
  if (action.metric && action.target !== null) {
    tracking =
      action.done && action.completedBy === 'activity' ? (
        <Text fz="xs" c="teal.9" fw={500}>
          Done — {describeCount(action.metric, action.progress ?? 0)} since you added it.
        </Text>
      ) : (
        <Text fz="xs" c="dimmed">
          {action.progress ?? 0} of {action.target} · ticks itself when you do it (
          {activityMetric(action.metric).label.toLowerCase()})
          {link && !action.done ? (
            <>
              {' · '}
              <Anchor component={Link} to={link.to} fz="xs" underline="always">
                {link.label}
              </Anchor>
            </>
          ) : null}
        </Text>
      );
  }
  return (
    <Group component="li" wrap="nowrap" align="flex-start" gap="sm" py={8}>
      <Checkbox
        mt={2}
        checked={action.done}
        aria-label={`${action.title}: ${action.done ? 'done' : 'not done'}`}
        onChange={(event) =>
          updateAction.mutate(
            { actionId: action.id, body: { done: event.currentTarget.checked } },
            { onError: showError('The action was not ticked') },
          )
        }
        disabled={updateAction.isPending || (action.done && action.completedBy === 'activity')}
      />
      <Stack gap={2} style={{ flex: 1, minWidth: 0 }}>
        <Text fz="sm" fw={500} td={action.done ? 'line-through' : undefined} c={action.done ? 'dimmed' : undefined}>
          {action.title}
        </Text>
        <Group gap={6}>
          {action.dueDate ? (
            <Text fz="xs" c={overdue ? 'var(--mantine-color-error)' : 'dimmed'} fw={overdue ? 600 : undefined}>
              {overdue ? 'Overdue since' : 'Due'} {formatDay(action.dueDate)}
            </Text>
          ) : (
            <Text fz="xs" c="dimmed">
              No due date
            </Text>
          )}
          {action.done ? (
            <Badge size="xs" color="teal" variant="light" leftSection={<IconCheck size={10} aria-hidden="true" />}>
              Done
            </Badge>
          ) : null}
        </Group>
        {tracking}
      </Stack>
      <Menu position="bottom-end" withinPortal>
        <Menu.Target>
          <ActionIcon variant="subtle" color="gray" aria-label={`More for ${action.title}`}>
            <IconDots size={16} />
          </ActionIcon>
        </Menu.Target>
        <Menu.Dropdown>
          <Menu.Item leftSection={<IconPencil size={14} aria-hidden="true" />} onClick={onEdit}>
            Edit
          </Menu.Item>
          <Menu.Item
            color="red"
            leftSection={<IconTrash size={14} aria-hidden="true" />}
            onClick={() => deleteAction.mutate(action.id, { onError: showError('The action was not removed') })}
          >
            Remove
          </Menu.Item>
        </Menu.Dropdown>
      </Menu>
    </Group>
  );
}

function AddActionForm({ goal }: { goal: PlanGoalView }) {
  const addAction = useAddAction();
  const [open, setOpen] = useState(false);
  const [title, setTitle] = useState('');
  const [dueDate, setDueDate] = useState('');
  if (goal.actions.length >= PLAN_ACTIONS_PER_GOAL_MAX) return null;
  if (!open) {
    return (
      <Button
        variant="subtle"
        size="sm"
        w="fit-content"
        leftSection={<IconPlus size={16} aria-hidden="true" />}
        onClick={() => setOpen(true)}
      >
        Add an action
      </Button>
    );
  }
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (title.trim() === '') return;
    addAction.mutate(
      { goalId: goal.id, body: { title: title.trim(), dueDate: dueDate || null } },
      {
        onSuccess: () => {
          setTitle('');
          setDueDate('');
          setOpen(false);
        },
        onError: showError('The action was not added'),
      },
    );
  };
  return (
    <form onSubmit={submit} noValidate>
      <Group gap="xs" align="flex-end" wrap="wrap">
        <TextInput
          label="New action"
          placeholder="e.g. Call a peer about pricing"
          value={title}
          maxLength={PLAN_TITLE_MAX_LENGTH}
          onChange={(event) => setTitle(event.currentTarget.value)}
          style={{ flex: '1 1 220px' }}
          data-autofocus
          autoFocus
        />
        <TextInput
          type="date"
          label="Due"
          value={dueDate}
          onChange={(event) => setDueDate(event.currentTarget.value)}
          style={{ flex: '0 1 160px' }}
        />
        <Button
          type="submit"
          variant="light"
          leftSection={<IconPlus size={16} aria-hidden="true" />}
          loading={addAction.isPending}
          disabled={title.trim() === ''}
        >
          Add
        </Button>
      </Group>
    </form>
  );
}

function GoalCard({ goal, onEdit }: { goal: PlanGoalView; onEdit: (target: EditTarget) => void }) {
  const nameOf = useDimensionNames();
  const deleteGoal = useDeleteGoal();
  return (
    <Paper withBorder radius="lg" p={{ base: 'md', sm: 'lg' }} component="section" aria-labelledby={`goal-${goal.id}`}>
      <Stack gap="md">
        <Group justify="space-between" align="flex-start" wrap="nowrap" gap="sm">
          <Stack gap={4} style={{ minWidth: 0 }}>
            <Badge variant="light" radius="sm" w="fit-content">
              {nameOf(goal.dimension)}
            </Badge>
            <Title order={2} fz="h4" id={`goal-${goal.id}`}>
              {goal.title}
            </Title>
            <Text fz="sm" c="dimmed">
              By {formatDay(goal.targetDate)}
            </Text>
          </Stack>
          <Menu position="bottom-end" withinPortal>
            <Menu.Target>
              <ActionIcon variant="subtle" color="gray" aria-label={`More for the goal ${goal.title}`}>
                <IconDots size={18} />
              </ActionIcon>
            </Menu.Target>
            <Menu.Dropdown>
              <Menu.Item
                leftSection={<IconPencil size={14} aria-hidden="true" />}
                onClick={() => onEdit({ kind: 'goal', goal })}
              >
                Edit goal
              </Menu.Item>
              <Menu.Item
                color="red"
                leftSection={<IconTrash size={14} aria-hidden="true" />}
                onClick={() => deleteGoal.mutate(goal.id, { onError: showError('The goal was not removed') })}
              >
                Remove goal and its actions
              </Menu.Item>
            </Menu.Dropdown>
          </Menu>
        </Group>
        <ProgressSummary done={goal.progress.done} total={goal.progress.total} label="Progress" />
        {goal.actions.length > 0 ? (
          <Stack
            gap={0}
            component="ul"
            p={0}
            m={0}
            style={{ listStyle: 'none' }}
            aria-label={`Actions for ${goal.title}`}
          >
            {goal.actions.map((action) => (
              <ActionRow key={action.id} action={action} onEdit={() => onEdit({ kind: 'action', action })} />
            ))}
          </Stack>
        ) : (
          <Text fz="sm" c="dimmed">
            No actions yet. Add the first step below.
          </Text>
        )}
        <AddActionForm goal={goal} />
      </Stack>
    </Paper>
  );
}

function ProposalView({ proposal }: { proposal: PlanProposalView }) {
  const nameOf = useDimensionNames();
  const replace = useReplacePlan();
  return (
    <Stack gap="lg">
      <Paper withBorder radius="lg" p="lg">
        <Group justify="space-between" gap="md">
          <Stack gap={4} style={{ flex: '1 1 320px' }}>
            <Title order={2} fz="h3">
              Your proposed plan
            </Title>
            <Text c="dimmed">
              Built from your NQ of {proposal.basedOn.overall}: it works on{' '}
              {proposal.basedOn.weakest.map(nameOf).join(' and ')}, your two weakest dimensions. Accept it, then change
              anything you like.
            </Text>
          </Stack>
          <Button
            size="md"
            leftSection={<IconCheck size={18} aria-hidden="true" />}
            loading={replace.isPending}
            onClick={() =>
              replace.mutate(acceptedProposal(proposal), {
                onSuccess: () =>
                  notifications.show({
                    color: 'teal',
                    title: 'Your plan is set',
                    message: 'Actions tick themselves as you do them.',
                  }),
                onError: showError('The plan was not saved'),
              })
            }
          >
            Accept this plan
          </Button>
        </Group>
      </Paper>
      {proposal.goals.map((goal) => (
        <Paper
          withBorder
          radius="lg"
          p="lg"
          key={goal.dimension}
          component="section"
          aria-labelledby={`proposed-${goal.dimension}`}
        >
          <Stack gap="sm">
            <Badge variant="light" radius="sm" w="fit-content">
              {nameOf(goal.dimension)}
            </Badge>
            <Title order={3} fz="h4" id={`proposed-${goal.dimension}`}>
              {goal.title}
            </Title>
            <Text fz="sm" c="dimmed">
              By {formatDay(goal.targetDate)}
            </Text>
            <Stack gap="sm" component="ul" pl="md" m={0}>
              {goal.actions.map((action) => (
                <li key={action.title}>
                  <Text fz="sm" fw={500}>
                    {action.title}
                  </Text>
                  <Text fz="xs" c="dimmed">
                    Due {formatDay(action.dueDate)}
                    {action.metric ? ' · ticks itself when you do it' : ''}
                  </Text>
                  {action.networks.length > 0 ? (
                    <Text fz="xs" mt={2}>
                      Networks that fit:{' '}
                      {action.networks.map((network, index) => (
                        <span key={network.id}>
                          {index > 0 ? ', ' : ''}
                          <Anchor component={Link} to={`/networks/${network.slug}`} fz="xs">
                            {network.name}
                          </Anchor>
                        </span>
                      ))}
                    </Text>
                  ) : null}
                </li>
              ))}
            </Stack>
          </Stack>
        </Paper>
      ))}
    </Stack>
  );
}

function PlanSkeleton() {
  return (
    <Stack gap="md" aria-busy="true" aria-label="Loading your plan">
      <Skeleton height={60} radius="lg" />
      <Skeleton height={240} radius="lg" />
      <Skeleton height={240} radius="lg" />
    </Stack>
  );
}

/** /nq/plan: the member's networking plan, or the plan proposed from their NQ until they accept it. */
export function PlanPage() {
  usePageTitle('My networking plan');
  const plan = usePlan();
  const isEmpty = plan.isSuccess && plan.data.goals.length === 0;
  const proposal = useProposal(isEmpty);
  const [editing, setEditing] = useState<EditTarget>(null);

  let content: ReactNode;
  if (plan.isPending || (isEmpty && proposal.isPending)) content = <PlanSkeleton />;
  else if (plan.isError || proposal.isError)
    content = (
      <Paper withBorder>
        <ErrorState
          title="Your plan did not load"
          message={errorMessageOf(plan.error ?? proposal.error)}
          onRetry={() => {
            void plan.refetch();
            void proposal.refetch();
          }}
        />
      </Paper>
    );
  else if (isEmpty && !proposal.data)
    content = (
      <Paper withBorder py={48} px="md" radius="lg">
        <EmptyState
          icon={<IconTargetArrow size={26} stroke={1.5} aria-hidden="true" />}
          withIndicatorBackground
          title="Your plan starts with the NQ"
          description="Take the three-minute NQ assessment: your plan is built from your two weakest dimensions, with networks to join."
        >
          <EmptyState.Actions>
            <Button component={Link} to="/nq/take">
              Take the NQ
            </Button>
          </EmptyState.Actions>
        </EmptyState>
      </Paper>
    );
  else if (isEmpty && proposal.data) content = <ProposalView proposal={proposal.data} />;
  else if (plan.data)
    content = (
      <Stack gap="lg">
        <Paper withBorder radius="lg" p="lg">
          <ProgressSummary done={plan.data.progress.done} total={plan.data.progress.total} label="Your whole plan" />
        </Paper>
        {plan.data.goals.map((goal) => (
          <GoalCard key={goal.id} goal={goal} onEdit={setEditing} />
        ))}
      </Stack>
    );

  return (
    <>
      <PageHeader
        title="My networking plan"
        description="Goals and actions for the dimensions of your NQ you want to grow. Actions that name an activity tick themselves."
        actions={
          <Button component={Link} to="/nq" variant="default">
            My NQ
          </Button>
        }
      />
      {content}
      {editing ? (
        <EditModal
          key={editing.kind === 'goal' ? editing.goal.id : editing.action.id}
          target={editing}
          onClose={() => setEditing(null)}
        />
      ) : null}
    </>
  );
}

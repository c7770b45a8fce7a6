import {
  Badge,
  Box,
  Button,
  Code,
  EmptyState,
  Group,
  Paper,
  SegmentedControl,
  Skeleton,
  Stack,
  Text,
} from '@mantine/core';
import { notifications } from '@mantine/notifications';
import type { JobStatus, JobView } from '@roundtable/contract/admin';
import {
  IconAlertTriangle,
  IconCircleCheck,
  IconClockHour4,
  IconListCheck,
  IconPlayerPlay,
  IconRefresh,
  IconRotateClockwise,
} from '@tabler/icons-react';
import type { ReactNode } from 'react';
import { useSearchParams } from 'react-router';
import { ErrorState } from '../../components/error-state';
import { PageHeader } from '../../components/page-header';
import { RelativeTime } from '../../components/relative-time';
import { errorMessageOf } from '../../lib/api';
import { usePageTitle } from '../../lib/use-page-title';
import { useJobs, useRetryJob } from './admin.queries';
import classes from './outbox.module.css';

const STATUSES: { value: JobStatus; label: string; color: string; icon: typeof IconClockHour4 }[] = [
  { value: 'queued', label: 'Queued', color: 'gray', icon: IconClockHour4 },
  { value: 'running', label: 'Running', color: 'blue', icon: IconPlayerPlay },
  { value: 'failed', label: 'Failed', color: 'red', icon: IconAlertTriangle },
  { value: 'done', label: 'Done', color: 'teal', icon: IconCircleCheck },
];

const isStatus = (value: string | null): value is JobStatus => STATUSES.some((status) => status.value === value);

const EMPTY: Record<JobStatus | 'all', string> = {
  all: 'Emails, digests and reminders are worked in the background; they will appear here as they are queued.',
  queued: 'Nothing is waiting to run.',
  running: 'No job is running right now.',
  failed: 'No job has failed. Failed jobs wait here for a retry.',
  done: 'No finished jobs. Finished jobs are kept for a week.',
};

function StatusBadge({ status }: { status: JobStatus }) {
  const shown = STATUSES.find((item) => item.value === status) ?? STATUSES[0];
  if (!shown) return null;
  const Icon = shown.icon;
  return (
    <Badge variant="light" color={shown.color} leftSection={<Icon size={12} aria-hidden="true" />}>
      {shown.label}
    </Badge>
  );
}

function JobRow({ job }: { job: JobView }) {
  const retry = useRetryJob();
  return (
    <li className={classes.row}>
      <Group justify="space-between" align="flex-start" gap="sm" wrap="wrap">
        <Box style={{ flex: '1 1 260px', minWidth: 0 }}>
          <Group gap="xs" wrap="wrap">
            <Text fw={600} fz="sm" ff="monospace">
              {job.name}
            </Text>
            <StatusBadge status={job.status} />
          </Group>
          <Text c="dimmed" fz="xs" mt={4}>
            Attempt {job.attempts} of {job.maxAttempts} ·{' '}
            {job.status === 'done' && job.finishedAt ? (
              <>
                finished <RelativeTime value={job.finishedAt} />
              </>
            ) : (
              <>
                {job.status === 'queued' || job.status === 'failed' ? 'runs' : 'started'}{' '}
                <RelativeTime value={job.runAt} />
              </>
            )}{' '}
            · queued <RelativeTime value={job.createdAt} />
          </Text>
          {job.lastError ? (
            <details className={classes.details}>
              <summary>
                <Text span fz="xs" c={job.status === 'failed' ? 'red' : 'dimmed'} fw={500}>
                  Last error
                </Text>
              </summary>
              <Code block mt={6} className={classes.error}>
                {job.lastError}
              </Code>
            </details>
          ) : null}
        </Box>
        {job.status === 'failed' ? (
          <Button
            variant="default"
            size="xs"
            leftSection={<IconRotateClockwise size={14} aria-hidden="true" />}
            loading={retry.isPending}
            aria-label={`Retry ${job.name}`}
            onClick={() =>
              retry.mutate(job.id, {
                onSuccess: () =>
                  notifications.show({ color: 'teal', message: `${job.name} is queued again with fresh attempts.` }),
                onError: (error) =>
                  notifications.show({
                    color: 'red',
                    title: 'The job was not retried',
                    message: errorMessageOf(error),
                  }),
              })
            }
          >
            Retry
          </Button>
        ) : null}
      </Group>
    </li>
  );
}

function JobsSkeleton() {
  return (
    <Paper withBorder aria-busy="true" aria-label="Loading jobs">
      {[0, 1, 2, 3, 4].map((row) => (
        <Stack key={row} gap={8} className={classes.row}>
          <Skeleton height={12} width="35%" radius="xl" />
          <Skeleton height={10} width="55%" radius="xl" />
        </Stack>
      ))}
    </Paper>
  );
}

/** The host admin's view of the background queue: what waits, runs, failed and finished, with retry. */
export function JobsPage() {
  usePageTitle('Jobs');
  const [searchParams, setSearchParams] = useSearchParams();
  const requested = searchParams.get('status');
  const status = isStatus(requested) ? requested : null;
  const jobs = useJobs(status);
  const items = jobs.data ?? [];

  let content: ReactNode;
  if (jobs.isPending) content = <JobsSkeleton />;
  else if (jobs.isError)
    content = (
      <Paper withBorder>
        <ErrorState
          title="The jobs did not load"
          message={errorMessageOf(jobs.error)}
          onRetry={() => void jobs.refetch()}
          retrying={jobs.isRefetching}
        />
      </Paper>
    );
  else if (items.length === 0)
    content = (
      <Paper withBorder py={48} px="md">
        <EmptyState
          icon={<IconListCheck size={26} stroke={1.5} aria-hidden="true" />}
          withIndicatorBackground
          title={status ? `No ${status} jobs` : 'No jobs yet'}
          description={EMPTY[status ?? 'all']}
        />
      </Paper>
    );
  else
    content = (
      <Stack gap="md">
        <Paper withBorder style={{ overflow: 'hidden' }}>
          <ul className={classes.list} aria-label="Jobs, newest first">
            {items.map((job) => (
              <JobRow key={job.id} job={job} />
            ))}
          </ul>
        </Paper>
        <Group justify="space-between" gap="sm">
          <Text c="dimmed" fz="sm">
            {items.length === 1 ? '1 job' : `${items.length} jobs`}, newest first
          </Text>
          {jobs.hasNextPage ? (
            <Button variant="default" onClick={() => void jobs.fetchNextPage()} loading={jobs.isFetchingNextPage}>
              Load more
            </Button>
          ) : null}
        </Group>
      </Stack>
    );

  return (
    <>
      <PageHeader
        title="Jobs"
        description="Emails, digests and reminders worked in the background. A failed job can be retried."
        actions={
          <Button
            variant="default"
            leftSection={<IconRefresh size={16} aria-hidden="true" />}
            onClick={() => void jobs.refetch()}
            loading={jobs.isRefetching && !jobs.isFetchingNextPage}
            disabled={jobs.isPending}
          >
            Refresh
          </Button>
        }
      />
      <Box mb="md" style={{ overflowX: 'auto' }}>
        <SegmentedControl
          aria-label="Status"
          value={status ?? 'all'}
          onChange={(value) => setSearchParams(isStatus(value) ? { status: value } : {}, { replace: true })}
          data={[{ value: 'all', label: 'All' }, ...STATUSES.map(({ value, label }) => ({ value, label }))]}
        />
      </Box>
      {content}
    </>
  );
}

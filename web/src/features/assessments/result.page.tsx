import { Alert, Button, Group, Paper, Skeleton, Stack, Text, Title } from '@mantine/core';
import { IconArrowLeft, IconListCheck, IconLock } from '@tabler/icons-react';
import { Link, Navigate, useParams } from 'react-router';
import { ErrorState } from '../../components/error-state';
import { PageHeader } from '../../components/page-header';
import { errorMessageOf } from '../../lib/api';
import { usePageTitle } from '../../lib/use-page-title';
import { useSession } from '../accounts/session';
import { useActivity, useAssessment, useInstrument } from './assessments.queries';
import { readPendingResult } from './pending-result';
import { ResultView } from './result-view';

const Loading = () => (
  <Stack gap="md" aria-busy="true" aria-label="Loading the result">
    <Skeleton height={120} radius="lg" />
    <Skeleton height={320} radius="lg" />
  </Stack>
);

/** /nq/results/:assessmentId: one of the member's stored results. */
export function ResultPage() {
  usePageTitle('Your NQ result');
  const { assessmentId = '' } = useParams();
  const result = useAssessment(assessmentId);
  const instrument = useInstrument();
  const activity = useActivity();
  return (
    <>
      <PageHeader
        title="Your NQ result"
        description="Where your network stands today, and the two areas to grow first."
        actions={
          <>
            <Button
              component={Link}
              to="/nq"
              variant="default"
              leftSection={<IconArrowLeft size={16} aria-hidden="true" />}
            >
              My NQ & plan
            </Button>
            <Button component={Link} to="/nq/plan" leftSection={<IconListCheck size={16} aria-hidden="true" />}>
              Build my plan
            </Button>
          </>
        }
      />
      {result.isPending || instrument.isPending ? (
        <Loading />
      ) : result.isError || instrument.isError ? (
        <Paper withBorder>
          <ErrorState
            title="This result did not load"
            message={errorMessageOf(result.error ?? instrument.error)}
            onRetry={() => void result.refetch()}
          />
        </Paper>
      ) : (
        <ResultView result={result.data} instrument={instrument.data} activity={activity.data} />
      )}
    </>
  );
}

/** /nq/result: a visitor's result, kept in this browser until they create an account. */
export function LocalResultPage() {
  usePageTitle('Your NQ result');
  const session = useSession();
  const instrument = useInstrument();
  const pending = readPendingResult();
  if (session.data?.me) return <Navigate to="/nq" replace />;
  if (!pending) return <Navigate to="/nq" replace />;
  return (
    <Stack gap="lg">
      <Stack gap={6}>
        <Title order={1} fz={{ base: 26, sm: 32 }}>
          Your NQ result
        </Title>
        <Text c="dimmed">Where your network stands today, and the two areas to grow first.</Text>
      </Stack>
      <Alert
        variant="light"
        color="indigo"
        icon={<IconLock size={18} aria-hidden="true" />}
        title="Kept in this browser only"
      >
        <Stack gap="xs">
          <Text fz="sm">
            Create a free account to save this result, see your progress when you retake it, and get a networking plan
            built from your two weakest dimensions.
          </Text>
          <Group gap="sm">
            <Button component={Link} to="/sign-up?next=%2Fnq" size="sm">
              Create an account to save it
            </Button>
            <Button component={Link} to="/sign-in?next=%2Fnq" variant="default" size="sm">
              Sign in
            </Button>
          </Group>
        </Stack>
      </Alert>
      {instrument.isPending ? (
        <Loading />
      ) : instrument.isError ? (
        <ErrorState
          title="This result did not load"
          message={errorMessageOf(instrument.error)}
          onRetry={() => void instrument.refetch()}
        />
      ) : (
        <ResultView result={pending.result} instrument={instrument.data} />
      )}
    </Stack>
  );
}

import {
  Alert,
  Anchor,
  Badge,
  Button,
  EmptyState,
  Group,
  Paper,
  SimpleGrid,
  Skeleton,
  Stack,
  Table,
  Text,
  Title,
} from '@mantine/core';
import type { MeView } from '@roundtable/contract/accounts';
import { IconArrowRight, IconListCheck, IconRefresh, IconTargetArrow } from '@tabler/icons-react';
import type { ReactNode } from 'react';
import { Link } from 'react-router';
import { ErrorState } from '../../components/error-state';
import { PageHeader } from '../../components/page-header';
import { errorMessageOf } from '../../lib/api';
import { formatDate } from '../../lib/time';
import { usePageTitle } from '../../lib/use-page-title';
import { useSession } from '../accounts/session';
import { useActivity, useAssessmentHistory, useInstrument } from './assessments.queries';
import { LazyHistoryChart } from './nq-charts-lazy';
import { readPendingResult } from './pending-result';
import { BAND_WORDS, BandBadge, ResultView } from './result-view';

/** /nq: for a visitor, the welcoming start of the NQ; for a member, their latest result, history and plan. */
export function NqPage() {
  const session = useSession();
  const me = session.data?.me ?? null;
  return me ? <MemberNq me={me} /> : <VisitorNq />;
}

function DimensionList() {
  const instrument = useInstrument();
  if (instrument.isPending) return <Skeleton height={140} radius="md" aria-hidden="true" />;
  if (instrument.isError) return null;
  return (
    <SimpleGrid cols={{ base: 1, xs: 2 }} spacing="sm" component="ul" p={0} m={0} style={{ listStyle: 'none' }}>
      {instrument.data.dimensions.map((dimension) => (
        <Paper component="li" withBorder p="sm" radius="md" key={dimension.id}>
          <Text fw={600} fz="sm">
            {dimension.name}
          </Text>
          <Text fz="xs" c="dimmed">
            {dimension.description}
          </Text>
        </Paper>
      ))}
    </SimpleGrid>
  );
}

function VisitorNq() {
  usePageTitle('Your Networking Quotient');
  const pending = readPendingResult();
  return (
    <Stack gap="xl">
      <Stack gap="sm">
        <Badge variant="light" radius="sm" size="lg" w="fit-content">
          Free · about 3 minutes · no account needed
        </Badge>
        <Title order={1} fz={{ base: 28, sm: 36 }} lh={1.15}>
          What is your Networking Quotient?
        </Title>
        <Text fz="lg" c="dimmed">
          Know where you stand before you build your network. Rate 24 statements about how you connect with people, and
          get a score from 0 to 100, a picture of six dimensions of your network, and plain advice on what to improve
          first.
        </Text>
      </Stack>
      {pending ? (
        <Alert
          variant="light"
          color="teal"
          title={`You scored NQ ${pending.result.overall} on ${formatDate(pending.result.createdAt)}`}
        >
          <Stack gap="xs">
            <Text fz="sm">
              {BAND_WORDS[pending.result.band].name}. Create an account to keep this result, follow your progress, and
              get a networking plan built from it.
            </Text>
            <Group gap="sm">
              <Button component={Link} to="/nq/result" variant="default" size="sm">
                See my result
              </Button>
              <Button component={Link} to="/sign-up?next=%2Fnq" size="sm">
                Create an account to save it
              </Button>
            </Group>
          </Stack>
        </Alert>
      ) : null}
      <Group gap="sm">
        <Button component={Link} to="/nq/take" size="lg" rightSection={<IconArrowRight size={18} aria-hidden="true" />}>
          {pending ? 'Take it again' : 'Take the NQ'}
        </Button>
        <Anchor component={Link} to="/sign-in?next=%2Fnq" fz="sm">
          Already a member? Sign in
        </Anchor>
      </Group>
      <Stack gap="sm" component="section" aria-labelledby="nq-dimensions">
        <Title order={2} fz="h4" id="nq-dimensions">
          Six dimensions of a strong network
        </Title>
        <DimensionList />
      </Stack>
      <Text fz="sm" c="dimmed">
        How the score is worked out — every weight and band — is public in Roundtable’s documentation. Your answers stay
        in this browser unless you create an account.
      </Text>
    </Stack>
  );
}

function MemberNq({ me }: { me: MeView }) {
  usePageTitle('My NQ & plan');
  const history = useAssessmentHistory();
  const instrument = useInstrument();
  const activity = useActivity();
  const results = history.data?.items ?? [];
  const latest = results[0];

  let content: ReactNode;
  if (history.isPending || instrument.isPending) {
    content = (
      <Stack gap="md" aria-busy="true" aria-label="Loading your NQ">
        <Skeleton height={120} radius="lg" />
        <Skeleton height={320} radius="lg" />
      </Stack>
    );
  } else if (history.isError || instrument.isError) {
    const error = history.error ?? instrument.error;
    content = (
      <Paper withBorder>
        <ErrorState
          title="Your NQ did not load"
          message={errorMessageOf(error)}
          onRetry={() => {
            void history.refetch();
            void instrument.refetch();
          }}
        />
      </Paper>
    );
  } else if (!latest) {
    content = (
      <Paper withBorder py={48} px="md" radius="lg">
        <EmptyState
          icon={<IconTargetArrow size={26} stroke={1.5} aria-hidden="true" />}
          withIndicatorBackground
          title="Take the NQ assessment"
          description={`Three minutes, ${me.name.split(' ')[0]}: rate 24 statements, see where your network is strong and where to grow, then get a plan built from it.`}
        >
          <EmptyState.Actions>
            <Button component={Link} to="/nq/take">
              Take the NQ
            </Button>
          </EmptyState.Actions>
        </EmptyState>
      </Paper>
    );
  } else {
    content = (
      <Stack gap="xl">
        <ResultView result={latest} instrument={instrument.data} activity={activity.data} />
        <Paper withBorder p="lg" radius="lg">
          <Group justify="space-between" gap="md">
            <Stack gap={4} style={{ flex: '1 1 280px' }}>
              <Title order={2} fz="h4">
                Turn it into a plan
              </Title>
              <Text fz="sm" c="dimmed">
                Goals and actions for your two weakest dimensions, with networks to join. Actions tick themselves as you
                do them.
              </Text>
            </Stack>
            <Button component={Link} to="/nq/plan" leftSection={<IconListCheck size={16} aria-hidden="true" />}>
              Open my plan
            </Button>
          </Group>
        </Paper>
        {results.length > 1 ? (
          <Stack gap="sm" component="section" aria-labelledby="nq-history">
            <Title order={2} fz="h3" id="nq-history">
              Your NQ over time
            </Title>
            <Paper withBorder p="md" radius="lg">
              <LazyHistoryChart
                results={results}
                label={`Line chart of your NQ: ${[...results]
                  .reverse()
                  .map((result) => `${result.overall} on ${formatDate(result.createdAt)}`)
                  .join(', ')}`}
              />
              <Table.ScrollContainer minWidth={320} mt="md">
                <Table>
                  <Table.Thead>
                    <Table.Tr>
                      <Table.Th>Taken</Table.Th>
                      <Table.Th>NQ</Table.Th>
                      <Table.Th>Band</Table.Th>
                    </Table.Tr>
                  </Table.Thead>
                  <Table.Tbody>
                    {results.map((result) => (
                      <Table.Tr key={result.id}>
                        <Table.Td>
                          <Anchor component={Link} to={`/nq/results/${result.id}`} fz="sm">
                            {formatDate(result.createdAt)}
                          </Anchor>
                        </Table.Td>
                        <Table.Td fw={600}>{result.overall}</Table.Td>
                        <Table.Td>
                          <BandBadge band={result.band} />
                        </Table.Td>
                      </Table.Tr>
                    ))}
                  </Table.Tbody>
                </Table>
              </Table.ScrollContainer>
            </Paper>
          </Stack>
        ) : null}
      </Stack>
    );
  }

  return (
    <>
      <PageHeader
        title="My NQ & plan"
        description="Your Networking Quotient: where your network stands, how it changes, and what to do next."
        actions={
          latest ? (
            <Button
              component={Link}
              to="/nq/take"
              variant="default"
              leftSection={<IconRefresh size={16} aria-hidden="true" />}
            >
              Retake the NQ
            </Button>
          ) : null
        }
      />
      {content}
    </>
  );
}

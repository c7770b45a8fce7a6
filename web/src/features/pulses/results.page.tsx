import {
  Alert,
  Anchor,
  Button,
  Group,
  Paper,
  Progress,
  SegmentedControl,
  Select,
  Skeleton,
  Stack,
  Text,
  Title,
} from '@mantine/core';
import { BREAKDOWN_FIELDS, type BreakdownField, type PulseResults, type PulseView } from '@roundtable/contract/pulses';
import { IconArrowLeft, IconDownload, IconHourglass, IconLock } from '@tabler/icons-react';
import { Suspense } from 'react';
import { Link, useSearchParams } from 'react-router';
import { ErrorState } from '../../components/error-state';
import { errorMessageOf } from '../../lib/api';
import { useNow } from '../../lib/use-now';
import { PulseGate } from './pulse-gate';
import { answersLabel, isPulseOpen, PulseDeadline, PulseStatusBadge } from './pulse-parts';
import { resultsCsvUrl, usePulseResults } from './pulses.queries';
// The charts are plain SVG and CSS and load with this page, which is itself loaded on demand: never on the first page.
import { QuestionResultCard, ResponseCurveCard } from './results-charts';

const isField = (value: string | null): value is BreakdownField => BREAKDOWN_FIELDS.some((field) => field.id === value);

function ChartSkeleton() {
  return <Skeleton height={180} radius="md" />;
}

function BelowThreshold({ results }: { results: PulseResults }) {
  const { responseCount, threshold } = results;
  return (
    <Paper withBorder p={{ base: 'md', sm: 'xl' }} component="section" aria-labelledby="results-waiting">
      <Stack gap="md" align="flex-start">
        <Group gap="sm" wrap="nowrap">
          <IconHourglass size={24} stroke={1.6} aria-hidden="true" />
          <Title order={2} fz="h4" id="results-waiting">
            {responseCount} of {threshold} answers so far — results appear at {threshold}
          </Title>
        </Group>
        <Progress
          value={Math.min(100, (responseCount / threshold) * 100)}
          w="100%"
          size="lg"
          aria-label={`${responseCount} of ${threshold} answers needed for results`}
        />
        <Text fz="sm" c="dimmed">
          Results stay hidden until {threshold} peers have answered, so no one’s answer can be singled out. You’ll be
          told when they are ready.
        </Text>
      </Stack>
    </Paper>
  );
}

function Coverage({ pulse, results }: { pulse: PulseView; results: PulseResults }) {
  const now = useNow();
  const included = results.includedCount ?? results.responseCount;
  const isOpen = isPulseOpen(pulse, now);
  if (included >= results.responseCount)
    return (
      <Text fz="sm" c="dimmed">
        {isOpen
          ? `Results from all ${answersLabel(results.responseCount)} so far. They change only once at least ${results.threshold} peers have answered or changed an answer, so no single answer ever shows alone.`
          : `Final results from all ${answersLabel(results.responseCount)}.`}
      </Text>
    );
  const waiting = results.responseCount - included;
  return (
    <Text fz="sm" c="dimmed">
      Results from {included} of {answersLabel(results.responseCount)}. The other {waiting}{' '}
      {waiting === 1 ? 'answer is' : 'answers are'} held back until at least {results.threshold} peers have answered or
      changed an answer since{isOpen ? '' : ' (re-opening the pulse lets more peers answer)'}, so no single answer ever
      shows alone.
    </Text>
  );
}

function Breakdown({ results, by }: { results: PulseResults; by: BreakdownField }) {
  const groups = results.breakdown?.groups ?? [];
  const field = BREAKDOWN_FIELDS.find((candidate) => candidate.id === by)?.label ?? by;
  if (groups.length === 0)
    return (
      <Text fz="sm" c="dimmed">
        Not enough answers to break down by {field.toLowerCase()}.
      </Text>
    );
  return (
    <Stack gap="xl">
      <Text fz="sm" c="dimmed">
        Groups smaller than {results.threshold} answers are merged into “Other”, never shown alone.
      </Text>
      {groups.map((group) => (
        <Stack key={group.label} gap="sm" component="section" aria-label={`${field}: ${group.label}`}>
          <Title order={3} fz="h5">
            {field}: {group.label}{' '}
            <Text span c="dimmed" fz="sm" fw={400}>
              ({answersLabel(group.responseCount)})
            </Text>
          </Title>
          <Suspense fallback={<ChartSkeleton />}>
            {group.questions.map((question, index) => (
              <QuestionResultCard key={question.questionId} result={question} index={index} headingOrder={4} />
            ))}
          </Suspense>
        </Stack>
      ))}
    </Stack>
  );
}

function ResultsBody({ pulse }: { pulse: PulseView }) {
  const [searchParams, setSearchParams] = useSearchParams();
  const requested = searchParams.get('by');
  const by = pulse.abilities.breakDown && isField(requested) ? requested : null;
  const query = usePulseResults(pulse.id, by);

  if (!pulse.abilities.viewResults)
    return (
      <Alert
        variant="light"
        color="gray"
        icon={<IconLock size={18} aria-hidden="true" />}
        title="Results are not open to you yet"
      >
        <Stack gap="sm">
          <Text fz="sm">
            {pulse.resultsVisibility === 'after_close'
              ? 'The asker shares results after the deadline.'
              : 'Answer the pulse to see where your peers stand.'}
          </Text>
          <Button component={Link} to={`/pulses/${pulse.id}`} style={{ alignSelf: 'flex-start' }}>
            Open the pulse
          </Button>
        </Stack>
      </Alert>
    );
  if (query.isPending)
    return (
      <Stack gap="md" aria-busy="true" aria-label="Loading the results">
        <Skeleton height={24} width="50%" />
        <ChartSkeleton />
        <ChartSkeleton />
      </Stack>
    );
  if (query.isError)
    return (
      <Paper withBorder>
        <ErrorState
          title="The results did not load"
          message={errorMessageOf(query.error)}
          onRetry={() => void query.refetch()}
          retrying={query.isRefetching}
        />
      </Paper>
    );
  const results = query.data;
  const breakdownData = [
    { value: 'all', label: 'Everyone' },
    ...BREAKDOWN_FIELDS.map((field) => ({ value: field.id, label: field.label })),
  ];
  const setBy = (value: string | null) =>
    setSearchParams(value && value !== 'all' ? { by: value } : {}, { replace: true });

  return (
    <Stack gap="lg">
      {results.visible ? (
        <Stack gap="md">
          <Group justify="space-between" gap="sm" wrap="wrap" align="center">
            <Coverage pulse={pulse} results={results} />
            <Button
              component="a"
              href={resultsCsvUrl(pulse.id)}
              download
              variant="default"
              leftSection={<IconDownload size={16} aria-hidden="true" />}
            >
              Download CSV
            </Button>
          </Group>
          {pulse.abilities.breakDown ? (
            <Group gap="sm" wrap="wrap">
              <Text fz="sm" fw={500} id="breakdown-label">
                Break down by
              </Text>
              <SegmentedControl
                visibleFrom="sm"
                aria-labelledby="breakdown-label"
                value={by ?? 'all'}
                onChange={setBy}
                data={breakdownData}
              />
              <Select
                hiddenFrom="sm"
                aria-labelledby="breakdown-label"
                value={by ?? 'all'}
                onChange={setBy}
                allowDeselect={false}
                data={breakdownData}
                w={200}
              />
            </Group>
          ) : pulse.viewer.isAsker ? (
            <Text fz="sm" c="dimmed">
              You can break the results down by company size, region or industry once the pulse has closed.
            </Text>
          ) : null}
          {by && results.breakdown ? (
            <Breakdown results={results} by={by} />
          ) : (
            <Suspense fallback={<ChartSkeleton />}>
              {(results.questions ?? []).map((question, index) => (
                <QuestionResultCard key={question.questionId} result={question} index={index} />
              ))}
            </Suspense>
          )}
        </Stack>
      ) : (
        <BelowThreshold results={results} />
      )}
      {results.curve ? (
        <Suspense fallback={<ChartSkeleton />}>
          <ResponseCurveCard curve={results.curve} audienceSize={pulse.audienceSize} />
        </Suspense>
      ) : null}
      {results.respondents ? (
        <Paper withBorder p={{ base: 'md', sm: 'lg' }} component="section" aria-labelledby="respondents">
          <Stack gap="xs">
            <Title order={2} fz="h4" id="respondents">
              Who answered
            </Title>
            <Text fz="sm" c="dimmed">
              This pulse is not anonymous, so you see who answered — never what each person said.
            </Text>
            <Text fz="sm">{results.respondents.length > 0 ? results.respondents.join(', ') : 'No one yet.'}</Text>
          </Stack>
        </Paper>
      ) : null}
    </Stack>
  );
}

/** A pulse's results: a friendly wait below the threshold, then charts; the asker also sees the response curve. */
export function ResultsPage() {
  return (
    <PulseGate page="Results">
      {(pulse) => (
        <Stack gap={0} maw={880}>
          <Anchor
            component={Link}
            to={`/pulses/${pulse.id}`}
            fz="sm"
            mb="xs"
            display="inline-flex"
            style={{ alignItems: 'center', gap: 4 }}
          >
            <IconArrowLeft size={14} aria-hidden="true" />
            The pulse
          </Anchor>
          <Stack gap={8} mb="lg">
            <Group gap="xs" wrap="wrap">
              <Title order={1} fz={{ base: 24, sm: 28 }} lh={1.2} style={{ overflowWrap: 'anywhere' }}>
                Results: {pulse.title}
              </Title>
              <PulseStatusBadge pulse={pulse} />
            </Group>
            <Group gap={6} wrap="wrap" style={{ rowGap: 2 }}>
              <Text fz="sm" c="dimmed">
                {pulse.networks.map((network) => network.name).join(', ')}
              </Text>
              <Text fz="sm" c="dimmed" aria-hidden="true">
                ·
              </Text>
              <PulseDeadline pulse={pulse} fz="sm" />
              <Text fz="sm" c="dimmed" aria-hidden="true">
                ·
              </Text>
              <Text fz="sm" c="dimmed">
                {pulse.responseCount} of {pulse.audienceSize} answered
              </Text>
            </Group>
          </Stack>
          <ResultsBody pulse={pulse} />
        </Stack>
      )}
    </PulseGate>
  );
}

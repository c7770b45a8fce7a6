import { Badge, Group, List, Paper, Progress, SimpleGrid, Stack, Text, ThemeIcon, Title } from '@mantine/core';
import type { ActivityView } from '@roundtable/contract/activity';
import type { AssessmentView, BandId, InstrumentView } from '@roundtable/contract/assessments';
import { IconBulb, IconTrendingUp } from '@tabler/icons-react';
import { formatDate } from '../../lib/time';
import { LazyRadarChart } from './nq-charts-lazy';

export const BAND_WORDS: Record<BandId, { name: string; color: string; line: string }> = {
  developing: {
    name: 'Developing',
    color: 'red.9',
    line: 'Your network has plenty of room to grow. Start with the two areas below.',
  },
  capable: {
    name: 'Capable',
    color: 'cyan.9',
    line: 'You have a working network. A few deliberate habits will make it answer faster.',
  },
  strong: {
    name: 'Strong',
    color: 'teal',
    line: 'Your network serves you well. Keep it that way, and sharpen the weak spots.',
  },
  exceptional: {
    name: 'Exceptional',
    color: 'indigo.9',
    line: 'Your network is a real asset. Share what you do with your peers.',
  },
};

export function BandBadge({ band }: { band: BandId }) {
  const words = BAND_WORDS[band];
  return (
    <Badge color={words.color} variant="filled" size="lg" radius="sm">
      {words.name}
    </Badge>
  );
}

type ResultViewProps = {
  result: AssessmentView;
  instrument: InstrumentView;
  activity?: ActivityView | undefined;
};

/** A result: the NQ and its band, the radar of the six dimensions with their numbers, and advice. */
export function ResultView({ result, instrument, activity }: ResultViewProps) {
  const weakest = new Set(result.advice.map((advice) => advice.dimension));
  const signals = new Map(activity?.dimensions.map((signal) => [signal.dimension, signal]));
  const summary = instrument.dimensions
    .map((dimension) => `${dimension.name} ${result.dimensions[dimension.id]}`)
    .join(', ');
  return (
    <Stack gap="lg">
      <Paper withBorder p={{ base: 'md', sm: 'xl' }} radius="lg">
        <Group gap="xl" align="center" wrap="wrap">
          <Stack gap={0} align="center" miw={120}>
            <Text fz={56} fw={800} lh={1} aria-describedby="nq-out-of">
              {result.overall}
            </Text>
            <Text id="nq-out-of" c="dimmed" fz="sm">
              NQ out of 100
            </Text>
          </Stack>
          <Stack gap={6} style={{ flex: '1 1 240px' }}>
            <Group gap="xs">
              <BandBadge band={result.band} />
              <Text c="dimmed" fz="sm">
                Taken {formatDate(result.createdAt)}
              </Text>
            </Group>
            <Text>{BAND_WORDS[result.band].line}</Text>
          </Stack>
        </Group>
      </Paper>

      <SimpleGrid cols={{ base: 1, md: 2 }} spacing="lg">
        <Paper withBorder p="md" radius="lg">
          <Title order={2} fz="h4" mb="xs">
            Your six dimensions
          </Title>
          <LazyRadarChart
            result={result}
            dimensions={instrument.dimensions}
            label={`Radar chart of your scores: ${summary}`}
          />
        </Paper>
        <Paper withBorder p="md" radius="lg">
          <Stack gap="md" component="ul" p={0} m={0} style={{ listStyle: 'none' }} aria-label="Scores by dimension">
            {instrument.dimensions.map((dimension) => {
              const score = result.dimensions[dimension.id];
              const signal = signals.get(dimension.id);
              return (
                <Stack component="li" gap={4} key={dimension.id}>
                  <Group justify="space-between" gap="xs" wrap="nowrap">
                    <Text fw={600} fz="sm">
                      {dimension.name}
                      {weakest.has(dimension.id) ? (
                        <Badge ml={8} size="xs" variant="outline" color="red.9" radius="sm">
                          Grow first
                        </Badge>
                      ) : null}
                    </Text>
                    <Text fw={700} fz="sm">
                      {score}
                    </Text>
                  </Group>
                  <Progress
                    value={score}
                    color={weakest.has(dimension.id) ? 'orange' : 'indigo'}
                    aria-label={`${dimension.name}: ${score} out of 100`}
                  />
                  <Text fz="xs" c="dimmed">
                    {dimension.description}
                  </Text>
                  {signal ? (
                    <Text fz="xs">
                      <Text span fw={600} fz="xs">
                        What your activity says:{' '}
                      </Text>
                      {signal.summary}
                    </Text>
                  ) : null}
                </Stack>
              );
            })}
          </Stack>
        </Paper>
      </SimpleGrid>

      <Stack gap="sm" component="section" aria-labelledby="nq-advice">
        <Title order={2} fz="h3" id="nq-advice">
          Where to grow first
        </Title>
        <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="lg">
          {result.advice.map((advice) => (
            <Paper withBorder p="lg" radius="lg" key={advice.dimension}>
              <Stack gap="sm">
                <Group gap="sm" wrap="nowrap">
                  <ThemeIcon variant="light" color="orange" size={36} radius="md" aria-hidden="true">
                    <IconTrendingUp size={20} />
                  </ThemeIcon>
                  <div>
                    <Title order={3} fz="h4">
                      {advice.name}
                    </Title>
                    <Text fz="sm" c="dimmed">
                      {advice.score} out of 100
                    </Text>
                  </div>
                </Group>
                <Text>{advice.summary}</Text>
                <List
                  spacing={6}
                  fz="sm"
                  icon={
                    <ThemeIcon variant="transparent" color="indigo" size={18} aria-hidden="true">
                      <IconBulb size={16} />
                    </ThemeIcon>
                  }
                >
                  {advice.steps.map((step) => (
                    <List.Item key={step}>{step}</List.Item>
                  ))}
                </List>
              </Stack>
            </Paper>
          ))}
        </SimpleGrid>
      </Stack>
    </Stack>
  );
}

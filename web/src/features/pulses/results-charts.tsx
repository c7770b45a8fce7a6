import { Alert, Group, Paper, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import type { QuestionResult, ResponseCurve } from '@roundtable/contract/pulses';
import classes from './pulses.module.css';

const number = new Intl.NumberFormat(undefined, { maximumFractionDigits: 2 });
const fmt = (value: number, unit?: string) => `${number.format(value)}${unit ? ` ${unit}` : ''}`;
const answers = (count: number) => (count === 1 ? '1 answer' : `${count} answers`);

function ChoiceBars({ result }: { result: QuestionResult }) {
  const options = result.options ?? [];
  return (
    <Stack gap="sm">
      <ul className={classes.choices} aria-label={`Answers to “${result.prompt}”`}>
        {options.map((option) => (
          <li key={option.label}>
            <Group justify="space-between" gap="sm" wrap="nowrap" mb={4}>
              <Text fz="sm" style={{ overflowWrap: 'anywhere' }}>
                {option.label}
              </Text>
              <Text fz="sm" fw={600} style={{ whiteSpace: 'nowrap' }}>
                {option.count} · {number.format(option.percent)}%
              </Text>
            </Group>
            <div className={classes.bar} aria-hidden="true">
              <div className={classes.barFill} style={{ width: `${Math.min(100, option.percent)}%` }} />
            </div>
          </li>
        ))}
      </ul>
      {result.type === 'multiple_choice' ? (
        <Text fz="xs" c="dimmed">
          Peers could choose several options; each percentage is of the {answers(result.answered)}.
        </Text>
      ) : null}
    </Stack>
  );
}

type Column = { label: string; count: number };

/** Vertical bars with their counts above and labels below; a table of the same figures for screen readers. */
function Histogram({ columns, caption }: { columns: Column[]; caption: string }) {
  const highest = Math.max(1, ...columns.map((column) => column.count));
  return (
    <figure style={{ margin: 0 }}>
      <div aria-hidden="true">
        <div className={classes.histogram}>
          {columns.map((column) => (
            <div key={column.label} className={classes.histogramColumn}>
              <Text fz="xs" c="dimmed" lh={1.2}>
                {column.count > 0 ? column.count : ''}
              </Text>
              <div className={classes.histogramBar} style={{ height: `${(column.count / highest) * 100}%` }} />
            </div>
          ))}
        </div>
        <div className={classes.histogramAxis}>
          {columns.map((column) => (
            <span key={column.label} className={classes.axisLabel} title={column.label}>
              {column.label}
            </span>
          ))}
        </div>
      </div>
      <table style={{ position: 'absolute', width: 1, height: 1, overflow: 'hidden', clip: 'rect(0 0 0 0)' }}>
        <caption>{caption}</caption>
        <tbody>
          {columns.map((column) => (
            <tr key={column.label}>
              <th scope="row">{column.label}</th>
              <td>{answers(column.count)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </figure>
  );
}

function ScaleResult({ result }: { result: QuestionResult }) {
  const distribution = result.distribution ?? [];
  const max = distribution.at(-1)?.value ?? 5;
  return (
    <Stack gap="sm">
      {result.mean !== undefined && result.median !== undefined ? (
        <Text fz="sm">
          On a scale of 1 to {max}, the average answer is{' '}
          <Text span fw={700}>
            {number.format(result.mean)}
          </Text>{' '}
          and the middle answer is{' '}
          <Text span fw={700}>
            {number.format(result.median)}
          </Text>
          .
        </Text>
      ) : null}
      <Histogram
        caption={`How many chose each value of “${result.prompt}”`}
        columns={distribution.map((step) => ({ label: String(step.value), count: step.count }))}
      />
    </Stack>
  );
}

function NumberResult({ result }: { result: QuestionResult }) {
  const { median, q1, q3, unit } = result;
  return (
    <Stack gap="sm">
      {median !== undefined ? (
        <Text fz="sm">
          The middle answer is{' '}
          <Text span fw={700}>
            {fmt(median, unit)}
          </Text>
          {q1 !== undefined && q3 !== undefined ? (
            <>
              ; half of the peers answered between{' '}
              <Text span fw={700}>
                {fmt(q1, unit)}
              </Text>{' '}
              and{' '}
              <Text span fw={700}>
                {fmt(q3, unit)}
              </Text>
            </>
          ) : null}
          .
        </Text>
      ) : null}
      {result.histogram && result.histogram.length > 0 ? (
        <Histogram
          caption={`How many answers to “${result.prompt}” fall in each range`}
          columns={result.histogram.map((bin) => ({
            label: `${number.format(bin.from)}–${number.format(bin.to)}`,
            count: bin.count,
          }))}
        />
      ) : null}
      <Text fz="xs" c="dimmed">
        {median === undefined
          ? 'The middle answer shows from twice the results threshold. '
          : 'The middle and quartiles are rounded to two significant digits. '}
        Every range holds several answers, and the lowest and highest answers are never shown: either could point to one
        peer.
      </Text>
    </Stack>
  );
}

function TextResult({ result }: { result: QuestionResult }) {
  const texts = result.texts ?? [];
  if (texts.length === 0)
    return (
      <Text fz="sm" c="dimmed">
        No written answers.
      </Text>
    );
  return (
    <Stack gap="xs">
      <ul className={classes.texts} aria-label={`Written answers to “${result.prompt}”`}>
        {texts.map((text, index) => (
          // biome-ignore lint/suspicious/noArrayIndexKey: two peers may write the same words; the order is the server's shuffle.
          <li key={index} className={classes.textItem}>
            <Text fz="sm">{text}</Text>
          </li>
        ))}
      </ul>
      <Text fz="xs" c="dimmed">
        In random order, never with a name.
      </Text>
    </Stack>
  );
}

/** One question's aggregates: bars for choices, a histogram for scales and numbers, texts listed unattributed. */
export function QuestionResultCard({
  result,
  index,
  headingOrder = 3,
}: {
  result: QuestionResult;
  index: number;
  headingOrder?: 3 | 4;
}) {
  let body: React.ReactNode = null;
  if (result.type === 'single_choice' || result.type === 'multiple_choice') body = <ChoiceBars result={result} />;
  else if (result.type === 'scale') body = <ScaleResult result={result} />;
  else if (result.type === 'number') body = <NumberResult result={result} />;
  else body = <TextResult result={result} />;
  return (
    <Paper withBorder p={{ base: 'md', sm: 'lg' }} component="section" aria-label={`Question ${index + 1}`}>
      <Stack gap="md">
        <Stack gap={2}>
          <Title order={headingOrder} fz="md" style={{ overflowWrap: 'anywhere' }}>
            {index + 1}. {result.prompt}
          </Title>
          <Text fz="xs" c="dimmed">
            {answers(result.answered)}
          </Text>
        </Stack>
        {result.withheld ? (
          <Alert variant="light" color="gray" p="xs" pl="sm" title="Figure withheld">
            <Text fz="sm">{result.withheld}</Text>
          </Alert>
        ) : null}
        {body}
      </Stack>
    </Paper>
  );
}

function minutesText(minutes: number): string {
  if (minutes < 1) return 'within a minute';
  if (minutes < 60) return `after ${minutes} min`;
  const hours = minutes / 60;
  return hours < 48 ? `after ${number.format(Math.round(hours * 10) / 10)} h` : `after ${Math.round(hours / 24)} days`;
}

/** Cumulative answers hour by hour, with the two numbers the asker compares: first answer, within 48 h. */
export function ResponseCurveCard({ curve, audienceSize }: { curve: ResponseCurve; audienceSize: number }) {
  const hourly = curve.hourly.length > 0 ? curve.hourly : [0];
  const total = hourly.at(-1) ?? 0;
  const top = Math.max(1, total, ...hourly);
  const width = Math.max(1, hourly.length);
  const points = [`0,${top}`, ...hourly.map((count, hour) => `${hour + 1},${top - count}`)];
  const line = points.join(' ');
  const area = `0,${top} ${line} ${width},${top}`;
  const half = Math.ceil(hourly.findIndex((count) => count >= total / 2) + 1);
  return (
    <Paper withBorder p={{ base: 'md', sm: 'lg' }} component="section" aria-labelledby="response-curve">
      <Stack gap="md">
        <Title order={2} fz="h4" id="response-curve">
          How fast peers answered
        </Title>
        <SimpleGrid cols={{ base: 1, xs: 3 }} spacing="md">
          <div className={classes.stat}>
            <Text fz="xs" c="dimmed">
              First answer
            </Text>
            <Text fz="xl" fw={700}>
              {curve.minutesToFirstAnswer === null ? '—' : minutesText(curve.minutesToFirstAnswer)}
            </Text>
          </div>
          <div className={classes.stat}>
            <Text fz="xs" c="dimmed">
              Within 48 hours
            </Text>
            <Text fz="xl" fw={700}>
              {answers(curve.answersWithin48Hours)}
            </Text>
          </div>
          <div className={classes.stat}>
            <Text fz="xs" c="dimmed">
              Answered so far
            </Text>
            <Text fz="xl" fw={700}>
              {total} of {audienceSize}
            </Text>
          </div>
        </SimpleGrid>
        <figure style={{ margin: 0 }}>
          <svg
            className={classes.curve}
            viewBox={`0 0 ${width} ${top}`}
            preserveAspectRatio="none"
            role="img"
            aria-label={
              total === 0
                ? 'No answers yet.'
                : `Answers over time: ${answers(total)} after ${hourly.length} h; half of them within ${half} h.`
            }
          >
            {[0.25, 0.5, 0.75].map((share) => (
              <line key={share} className={classes.curveGrid} x1={0} x2={width} y1={top * share} y2={top * share} />
            ))}
            <polygon className={classes.curveArea} points={area} />
            <polyline className={classes.curveLine} points={line} />
          </svg>
          <Group justify="space-between" mt={4}>
            <Text fz="xs" c="dimmed">
              Asked
            </Text>
            <Text fz="xs" c="dimmed">
              {hourly.length} h · {answers(total)}
            </Text>
          </Group>
        </figure>
      </Stack>
    </Paper>
  );
}

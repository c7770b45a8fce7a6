import '@mantine/charts/styles.css';
import { LineChart, RadarChart } from '@mantine/charts';
import type { AssessmentView, InstrumentView } from '@roundtable/contract/assessments';

/*
 * The charts, in a module of their own that pages load lazily: recharts is heavy, and the first
 * page must stay under its JavaScript budget. Each chart is a picture of numbers the page also
 * shows as text, so it is hidden from screen readers behind a summary label.
 */

/** Axis labels short enough to fit around the radar on a phone. */
const SHORT_NAMES: Record<string, string> = {
  breadth: 'Breadth',
  depth: 'Depth',
  diversity: 'Diversity',
  reciprocity: 'Reciprocity',
  peer: 'Peers',
  upkeep: 'Upkeep',
};

type RadarProps = { result: AssessmentView; dimensions: InstrumentView['dimensions']; label: string };

export function NqRadarChart({ result, dimensions, label }: RadarProps) {
  const data = dimensions.map((dimension) => ({
    dimension: SHORT_NAMES[dimension.id] ?? dimension.name,
    score: result.dimensions[dimension.id],
  }));
  return (
    <div role="img" aria-label={label}>
      <RadarChart
        h={320}
        data={data}
        dataKey="dimension"
        withPolarRadiusAxis
        polarRadiusAxisProps={{ domain: [0, 100], tick: false, axisLine: false }}
        series={[{ name: 'score', label: 'Your score', color: 'indigo.6', opacity: 0.25 }]}
        withDots
      />
    </div>
  );
}

type HistoryProps = { results: AssessmentView[]; label: string };

const shortDate = new Intl.DateTimeFormat(undefined, { day: 'numeric', month: 'short', year: '2-digit' });

export function NqHistoryChart({ results, label }: HistoryProps) {
  const data = [...results]
    .reverse()
    .map((result) => ({ date: shortDate.format(new Date(result.createdAt)), NQ: result.overall }));
  return (
    <div role="img" aria-label={label}>
      <LineChart
        h={220}
        data={data}
        dataKey="date"
        series={[{ name: 'NQ', color: 'indigo.6' }]}
        yAxisProps={{ domain: [0, 100] }}
        curveType="monotone"
        withDots
      />
    </div>
  );
}

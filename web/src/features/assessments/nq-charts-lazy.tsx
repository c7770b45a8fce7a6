import { Skeleton } from '@mantine/core';
import { type ComponentProps, lazy, Suspense } from 'react';

const charts = () => import('./nq-charts');
const Radar = lazy(() => charts().then((m) => ({ default: m.NqRadarChart })));
const History = lazy(() => charts().then((m) => ({ default: m.NqHistoryChart })));

/** The radar chart of a result, loaded on demand with a placeholder of its size. */
export function LazyRadarChart(props: ComponentProps<typeof Radar>) {
  return (
    <Suspense fallback={<Skeleton height={320} radius="md" aria-hidden="true" />}>
      <Radar {...props} />
    </Suspense>
  );
}

export function LazyHistoryChart(props: ComponentProps<typeof History>) {
  return (
    <Suspense fallback={<Skeleton height={220} radius="md" aria-hidden="true" />}>
      <History {...props} />
    </Suspense>
  );
}

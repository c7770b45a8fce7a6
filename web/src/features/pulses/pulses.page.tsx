import { Button, EmptyState, Paper, Stack, Tabs } from '@mantine/core';
import type { PulseBox } from '@roundtable/contract/pulses';
import { IconChartBar, IconCircleCheck, IconInbox, IconPlus } from '@tabler/icons-react';
import { Link, useSearchParams } from 'react-router';
import { PageHeader } from '../../components/page-header';
import { usePageTitle } from '../../lib/use-page-title';
import { PulseList } from './pulse-parts';
import { useMyPulses } from './pulses.queries';

type Box = Exclude<PulseBox, 'all'>;

const BOXES: { id: Box; label: string; list: string }[] = [
  { id: 'waiting', label: 'Waiting for you', list: 'Pulses waiting for your answer' },
  { id: 'answered', label: 'Answered', list: 'Pulses you answered' },
  { id: 'asked', label: 'Asked by you', list: 'Pulses you asked' },
];

const EMPTY: Record<Box, { title: string; description: string }> = {
  waiting: {
    title: 'No pulses waiting. Ask your peers a quick question',
    description:
      'A pulse asks your networks “where do other companies stand on this?” in a few quick questions. Answers are anonymous, and results show once enough peers have answered — usually within 48 hours.',
  },
  answered: {
    title: 'You have not answered a pulse yet',
    description:
      'When peers ask your networks a quick question, it waits for you here. Answering takes a minute and lets you see where everyone stands.',
  },
  asked: {
    title: 'Ask your peers a quick question',
    description:
      'Choose a few questions — a choice, a scale, a number — and your networks answer anonymously within 48 hours. You see how many answered and how fast.',
  },
};

const EMPTY_ICON: Record<Box, typeof IconInbox> = {
  waiting: IconInbox,
  answered: IconCircleCheck,
  asked: IconChartBar,
};

const isBox = (value: string | null): value is Box => BOXES.some((box) => box.id === value);

function AskButton() {
  return (
    <Button component={Link} to="/pulses/new" leftSection={<IconPlus size={16} aria-hidden="true" />}>
      Ask a pulse
    </Button>
  );
}

function BoxList({ box }: { box: Box }) {
  const query = useMyPulses(box);
  const { list } = BOXES.find((candidate) => candidate.id === box) ?? { list: 'Pulses' };
  const Icon = EMPTY_ICON[box];
  return (
    <PulseList
      query={query}
      label={list}
      errorTitle="Your pulses did not load"
      empty={
        <Paper withBorder py={48} px="md">
          <EmptyState
            icon={<Icon size={26} stroke={1.5} aria-hidden="true" />}
            withIndicatorBackground
            title={EMPTY[box].title}
            description={EMPTY[box].description}
          >
            <EmptyState.Actions>
              <AskButton />
            </EmptyState.Actions>
          </EmptyState>
        </Paper>
      }
    />
  );
}

/** The pulse inbox: what waits for the member's answer (with its countdown), what they answered, what they asked. */
export function PulsesPage() {
  usePageTitle('Pulses');
  const [searchParams, setSearchParams] = useSearchParams();
  const requested = searchParams.get('box');
  const box: Box = isBox(requested) ? requested : 'waiting';
  return (
    <Stack gap={0}>
      <PageHeader
        title="Pulses"
        description="Quick questions to your networks: “where do other companies stand on this?” Answers are anonymous; results show once enough peers answer."
        actions={<AskButton />}
      />
      <Tabs
        value={box}
        onChange={(value) => setSearchParams(value && value !== 'waiting' ? { box: value } : {}, { replace: true })}
        keepMounted={false}
      >
        <Tabs.List mb="lg" style={{ overflowX: 'auto', flexWrap: 'nowrap' }}>
          {BOXES.map(({ id, label }) => (
            <Tabs.Tab key={id} value={id}>
              {label}
            </Tabs.Tab>
          ))}
        </Tabs.List>
        {BOXES.map(({ id }) => (
          <Tabs.Panel key={id} value={id}>
            <BoxList box={id} />
          </Tabs.Panel>
        ))}
      </Tabs>
    </Stack>
  );
}

import { Button, EmptyState, Group, Paper, Stack, Text } from '@mantine/core';
import type { NetworkView } from '@roundtable/contract/networks';
import { IconChartBar, IconPlus } from '@tabler/icons-react';
import { Link } from 'react-router';
import { PulseList } from './pulse-parts';
import { useNetworkPulses } from './pulses.queries';

function AskButton({ network }: { network: NetworkView }) {
  return (
    <Button
      component={Link}
      to={`/pulses/new?network=${encodeURIComponent(network.slug)}`}
      leftSection={<IconPlus size={16} aria-hidden="true" />}
    >
      Ask a pulse
    </Button>
  );
}

/** The network's pulses (those the member was asked or asked), with their status and counts. */
export function PulsesTab({ network }: { network: NetworkView }) {
  const query = useNetworkPulses(network.id);
  return (
    <Stack gap="md">
      <Group justify="space-between" gap="sm" wrap="wrap">
        <Text c="dimmed" fz="sm" maw={560}>
          Quick questions to the members: “where do other companies stand on this?” Answers are anonymous.
        </Text>
        <AskButton network={network} />
      </Group>
      <PulseList
        query={query}
        label={`Pulses in ${network.name}`}
        errorTitle="The pulses did not load"
        empty={
          <Paper withBorder py={48} px="md">
            <EmptyState
              icon={<IconChartBar size={26} stroke={1.5} aria-hidden="true" />}
              withIndicatorBackground
              title="Ask your peers a quick question"
              description={`Learn where the members of ${network.name} stand: a few quick questions, anonymous answers, results within 48 hours.`}
            >
              <EmptyState.Actions>
                <AskButton network={network} />
              </EmptyState.Actions>
            </EmptyState>
          </Paper>
        }
      />
    </Stack>
  );
}

import { Anchor, Button, EmptyState, Group, Paper, Skeleton, Stack, Text, Textarea, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { DECISION_MESSAGE_MAX_LENGTH, type NetworkSummaryView } from '@roundtable/contract/networks';
import { IconCheck, IconInbox, IconX } from '@tabler/icons-react';
import { type ReactNode, useState } from 'react';
import { Link } from 'react-router';
import { ErrorState } from '../../components/error-state';
import { FormAlert } from '../../components/form-alert';
import { PageHeader } from '../../components/page-header';
import { errorMessageOf } from '../../lib/api';
import { formErrorMessageOf } from '../../lib/forms';
import { usePageTitle } from '../../lib/use-page-title';
import { cadenceLabel, formatLabel, joinPolicyBadge } from './network-labels';
import classes from './networks.module.css';
import { useDecideProposal, useProposals } from './networks.queries';

function Proposal({ network }: { network: NetworkSummaryView }) {
  const decide = useDecideProposal(network.slug);
  const [message, setMessage] = useState('');
  const send = (decision: 'approve' | 'decline') =>
    decide.mutate(
      { decision, ...(message.trim() ? { message: message.trim() } : {}) },
      {
        onSuccess: () =>
          notifications.show({
            color: 'teal',
            message:
              decision === 'approve'
                ? `${network.name} is open; its proposer is its first facilitator.`
                : `${network.name} is declined; the proposer hears by email.`,
          }),
      },
    );
  const headingId = `proposal-${network.id}`;
  return (
    <Paper withBorder p={{ base: 'md', sm: 'lg' }} component="article" aria-labelledby={headingId}>
      <Stack gap="sm">
        <Title order={2} fz="h4" id={headingId}>
          <Anchor component={Link} to={`/networks/${network.slug}`} c="inherit" fw={650}>
            {network.name}
          </Anchor>
        </Title>
        <Text fz="sm" c="dimmed">
          {[
            formatLabel(network.format),
            network.homeLocation,
            `meets ${cadenceLabel(network.cadence).toLowerCase()}`,
            joinPolicyBadge[network.joinPolicy],
          ]
            .filter(Boolean)
            .join(' · ')}
        </Text>
        <Text fz="sm" lineClamp={5} className={classes.prose}>
          {network.purpose}
        </Text>
        <FormAlert message={decide.isError ? formErrorMessageOf(decide.error) : null} />
        <Textarea
          label="Message to the proposer (optional)"
          autosize
          minRows={2}
          maxLength={DECISION_MESSAGE_MAX_LENGTH}
          value={message}
          onChange={(event) => setMessage(event.currentTarget.value)}
        />
        <Group gap="sm">
          <Button
            leftSection={<IconCheck size={16} aria-hidden="true" />}
            onClick={() => send('approve')}
            loading={decide.isPending && decide.variables?.decision === 'approve'}
            disabled={decide.isPending}
          >
            Approve
          </Button>
          <Button
            variant="default"
            leftSection={<IconX size={16} aria-hidden="true" />}
            onClick={() => send('decline')}
            loading={decide.isPending && decide.variables?.decision === 'decline'}
            disabled={decide.isPending}
          >
            Decline
          </Button>
        </Group>
      </Stack>
    </Paper>
  );
}

/** Networks members proposed, for a host admin to open or decline. */
export function ProposalsPage() {
  usePageTitle('Network proposals');
  const proposals = useProposals();
  let content: ReactNode;
  if (proposals.isPending)
    content = (
      <Stack gap="md" aria-busy="true" aria-label="Loading proposals">
        <Skeleton height={200} />
        <Skeleton height={200} />
      </Stack>
    );
  else if (proposals.isError)
    content = (
      <Paper withBorder>
        <ErrorState
          title="Proposals did not load"
          message={errorMessageOf(proposals.error)}
          onRetry={() => void proposals.refetch()}
          retrying={proposals.isRefetching}
        />
      </Paper>
    );
  else if (proposals.data.length === 0)
    content = (
      <Paper withBorder py={48} px="md">
        <EmptyState
          variant="light"
          icon={<IconInbox size={26} stroke={1.5} aria-hidden="true" />}
          title="No proposals waiting"
          description="When members propose a network, it waits here for you. Members can propose networks only when the instance settings allow it."
          maw={520}
          mx="auto"
        >
          <EmptyState.Actions>
            <Button component={Link} to="/admin/settings" variant="default">
              Open settings
            </Button>
          </EmptyState.Actions>
        </EmptyState>
      </Paper>
    );
  else
    content = (
      <Stack gap="md">
        {proposals.data.map((network) => (
          <Proposal key={network.id} network={network} />
        ))}
        {proposals.hasNextPage ? (
          <Group justify="center">
            <Button
              variant="default"
              onClick={() => void proposals.fetchNextPage()}
              loading={proposals.isFetchingNextPage}
            >
              Load more
            </Button>
          </Group>
        ) : null}
      </Stack>
    );
  return (
    <>
      <PageHeader
        title="Network proposals"
        description="Networks members would like to start. Approve one to open it with its proposer as facilitator."
      />
      {content}
    </>
  );
}

import {
  Anchor,
  Avatar,
  Badge,
  Button,
  EmptyState,
  Group,
  Paper,
  Skeleton,
  Stack,
  Tabs,
  Text,
  Textarea,
  Title,
} from '@mantine/core';
import { notifications } from '@mantine/notifications';
import {
  type ApplicationStatus,
  type ApplicationView,
  type ConflictView,
  DECISION_MESSAGE_MAX_LENGTH,
  type NetworkView,
} from '@roundtable/contract/networks';
import { IconAlertTriangle, IconCheck, IconClipboardCheck, IconInfoCircle, IconX } from '@tabler/icons-react';
import { useState } from 'react';
import { Link, useSearchParams } from 'react-router';
import { ErrorState } from '../../components/error-state';
import { FormAlert } from '../../components/form-alert';
import { PageHeader } from '../../components/page-header';
import { RelativeTime } from '../../components/relative-time';
import { errorMessageOf } from '../../lib/api';
import { formErrorMessageOf } from '../../lib/forms';
import { initialsOf } from '../../lib/names';
import { labelOf, optionLists } from '../profiles/profile-labels';
import { NetworkGate } from './network.page';
import { BackToNetwork, FacilitatorsOnly } from './network-settings.page';
import classes from './networks.module.css';
import { useApplications, useDecideApplication } from './networks.queries';

const TABS: { status: ApplicationStatus; label: string; empty: string }[] = [
  {
    status: 'pending',
    label: 'Waiting for review',
    empty: 'No one is waiting. New applications appear here, and facilitators get an email for each.',
  },
  { status: 'approved', label: 'Approved', empty: 'Approved applicants appear here until they accept the charter.' },
  { status: 'joined', label: 'Joined', empty: 'Applicants who were approved and joined appear here.' },
  { status: 'declined', label: 'Declined', empty: 'No application has been declined.' },
];

/** The sentence a facilitator reads for one conflict; it must make sense without the colour. */
function conflictText(conflict: ConflictView): string {
  const who = conflict.member.name;
  switch (conflict.kind) {
    case 'same_company':
      return `Works at ${conflict.company}, like ${who}.`;
    case 'declared_competitor':
      return `Declared ${conflict.company}, where ${who} works, a competitor.`;
    case 'declared_by_member':
      return `${who} declared ${conflict.company}, the applicant's company, a competitor.`;
    case 'customer':
      return `A customer relationship with ${conflict.company} involves ${who}.`;
  }
}

function Conflicts({ conflicts }: { conflicts: ConflictView[] }) {
  if (conflicts.length === 0) {
    return (
      <Group gap={6} wrap="nowrap">
        <IconCheck size={16} aria-hidden="true" color="var(--mantine-color-teal-7)" />
        <Text fz="sm">No conflicts of interest with current members.</Text>
      </Group>
    );
  }
  return (
    <Stack gap={6} component="ul" className={classes.list} style={{ gap: 6 }}>
      {conflicts.map((conflict) => (
        <Group
          component="li"
          key={`${conflict.kind}-${conflict.member.id}-${conflict.company}`}
          gap={8}
          wrap="nowrap"
          align="flex-start"
          style={{ border: 0 }}
        >
          {conflict.refused ? (
            <IconAlertTriangle
              size={18}
              aria-hidden="true"
              color="var(--mantine-color-red-7)"
              style={{ flex: 'none' }}
            />
          ) : (
            <IconInfoCircle
              size={18}
              aria-hidden="true"
              color="var(--mantine-color-yellow-8)"
              style={{ flex: 'none' }}
            />
          )}
          <Text fz="sm" c={conflict.refused ? 'red.8' : undefined}>
            <Text span fw={700} fz="sm">
              {conflict.refused ? 'Refused by this network’s rules: ' : 'Worth a look: '}
            </Text>
            {conflictText(conflict)}
          </Text>
        </Group>
      ))}
    </Stack>
  );
}

function Answer({ question, answer }: { question: string; answer: string }) {
  return (
    <Stack gap={2}>
      <Text fz="sm" c="dimmed">
        {question}
      </Text>
      <Text fz="sm" className={classes.prose}>
        {answer.trim() === '' ? <em>No answer</em> : answer}
      </Text>
    </Stack>
  );
}

function Decision({ network, application }: { network: NetworkView; application: ApplicationView }) {
  const decide = useDecideApplication(network.slug);
  const [message, setMessage] = useState('');
  const send = (decision: 'approve' | 'decline') =>
    decide.mutate(
      { applicationId: application.id, decision, ...(message.trim() ? { message: message.trim() } : {}) },
      {
        onSuccess: () =>
          notifications.show({
            color: 'teal',
            message:
              decision === 'approve'
                ? `${application.applicant.name} is approved and will be asked to accept the charter.`
                : `${application.applicant.name}'s application is declined.`,
          }),
      },
    );
  return (
    <Stack gap="sm">
      <FormAlert message={decide.isError ? formErrorMessageOf(decide.error) : null} />
      <Textarea
        label="Message to the applicant (optional)"
        description="Sent with your decision. Especially kind when you decline."
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
  );
}

function ApplicationCard({ network, application }: { network: NetworkView; application: ApplicationView }) {
  const { applicant } = application;
  const role = [applicant.jobTitle, applicant.company].filter(Boolean).join(' · ');
  const facts = [
    labelOf(optionLists.level, applicant.level),
    labelOf(optionLists.function, applicant.function),
    labelOf(optionLists.industry, applicant.industry),
    labelOf(optionLists.companySize, applicant.companySize),
    labelOf(optionLists.region, applicant.region),
  ].filter(Boolean);
  const refused = application.conflicts.some((conflict) => conflict.refused);
  const headingId = `application-${application.id}`;
  return (
    <Paper withBorder p={{ base: 'md', sm: 'lg' }} component="article" aria-labelledby={headingId}>
      <Stack gap="md">
        <Group justify="space-between" align="flex-start" wrap="wrap" gap="sm">
          <Group gap="md" wrap="nowrap" style={{ minWidth: 0 }}>
            <Avatar src={applicant.avatarUrl} size={52} radius="xl" color="indigo" alt="">
              {initialsOf(applicant.name)}
            </Avatar>
            <Stack gap={2} style={{ minWidth: 0 }}>
              <Title order={2} fz="h4" id={headingId}>
                <Anchor component={Link} to={`/members/${applicant.id}`} c="inherit" fw={650}>
                  {applicant.name}
                </Anchor>
              </Title>
              {applicant.headline ? <Text fz="sm">{applicant.headline}</Text> : null}
              {role ? (
                <Text fz="sm" c="dimmed">
                  {role}
                </Text>
              ) : null}
            </Stack>
          </Group>
          <Stack gap={4} align="flex-end">
            {refused ? (
              <Badge
                color="red"
                variant="light"
                tt="none"
                leftSection={<IconAlertTriangle size={12} aria-hidden="true" />}
              >
                Conflict refused by the rules
              </Badge>
            ) : null}
            <Text fz="xs" c="dimmed">
              Applied <RelativeTime value={application.createdAt} />
            </Text>
          </Stack>
        </Group>
        {facts.length > 0 ? (
          <Group gap={6}>
            {facts.map((fact) => (
              <Badge key={fact} variant="default" tt="none" fw={500}>
                {fact}
              </Badge>
            ))}
          </Group>
        ) : null}
        <Stack gap="sm">
          <Answer question="Why they want to join" answer={application.why} />
          <Answer question="What they bring" answer={application.contribution} />
          {application.answers.map((item) => (
            <Answer key={item.question} question={item.question} answer={item.answer} />
          ))}
        </Stack>
        <Stack gap={6}>
          <Title order={3} fz="h6">
            Conflicts of interest
          </Title>
          <Conflicts conflicts={application.conflicts} />
        </Stack>
        {application.status === 'pending' ? (
          <Decision network={network} application={application} />
        ) : (
          <Text fz="sm" c="dimmed">
            {application.status === 'declined' ? 'Declined' : 'Approved'}
            {application.decidedBy ? ` by ${application.decidedBy.name}` : ''}
            {application.decidedAt ? (
              <>
                {' '}
                <RelativeTime value={application.decidedAt} />
              </>
            ) : null}
            {application.decisionMessage ? `: “${application.decisionMessage}”` : '.'}
          </Text>
        )}
      </Stack>
    </Paper>
  );
}

function ApplicationList({
  network,
  status,
  empty,
}: {
  network: NetworkView;
  status: ApplicationStatus;
  empty: string;
}) {
  const applications = useApplications(network.slug, status);
  if (applications.isPending)
    return (
      <Stack gap="md" aria-busy="true" aria-label="Loading applications">
        <Skeleton height={180} />
        <Skeleton height={180} />
      </Stack>
    );
  if (applications.isError)
    return (
      <Paper withBorder>
        <ErrorState
          title="Applications did not load"
          message={errorMessageOf(applications.error)}
          onRetry={() => void applications.refetch()}
          retrying={applications.isRefetching}
        />
      </Paper>
    );
  if (applications.data.length === 0)
    return (
      <Paper withBorder py={40} px="md">
        <EmptyState
          variant="light"
          icon={<IconClipboardCheck size={26} stroke={1.5} aria-hidden="true" />}
          title="Nothing here"
          description={empty}
          maw={480}
          mx="auto"
        />
      </Paper>
    );
  return (
    <Stack gap="md">
      {applications.data.map((application) => (
        <ApplicationCard key={application.id} network={network} application={application} />
      ))}
      {applications.hasNextPage ? (
        <Group justify="center">
          <Button
            variant="default"
            onClick={() => void applications.fetchNextPage()}
            loading={applications.isFetchingNextPage}
          >
            Load more
          </Button>
        </Group>
      ) : null}
    </Stack>
  );
}

function ReviewQueue({ network }: { network: NetworkView }) {
  const [searchParams, setSearchParams] = useSearchParams();
  const requested = searchParams.get('status');
  const tab = TABS.find((item) => item.status === requested) ?? TABS[0];
  return (
    <>
      <BackToNetwork network={network} />
      <PageHeader
        title="Applications"
        description={`Who wants to join ${network.name}: their profile, their answers and any conflicts with current members.`}
      />
      <Tabs
        value={tab?.status ?? 'pending'}
        onChange={(value) => setSearchParams(value && value !== 'pending' ? { status: value } : {}, { replace: true })}
        keepMounted={false}
      >
        <Tabs.List mb="lg" style={{ overflowX: 'auto', flexWrap: 'nowrap' }}>
          {TABS.map((item) => (
            <Tabs.Tab key={item.status} value={item.status}>
              {item.label}
            </Tabs.Tab>
          ))}
        </Tabs.List>
        {TABS.map((item) => (
          <Tabs.Panel key={item.status} value={item.status}>
            <ApplicationList network={network} status={item.status} empty={item.empty} />
          </Tabs.Panel>
        ))}
      </Tabs>
    </>
  );
}

export function ApplicationsPage() {
  return (
    <NetworkGate page="Applications">
      {(network) =>
        network.viewer.abilities.review ? <ReviewQueue network={network} /> : <FacilitatorsOnly network={network} />
      }
    </NetworkGate>
  );
}

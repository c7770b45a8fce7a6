import {
  Alert,
  Anchor,
  Avatar,
  Badge,
  Button,
  Group,
  Menu,
  Modal,
  Paper,
  Skeleton,
  Stack,
  Tabs,
  Text,
  Textarea,
  Title,
} from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { DECISION_MESSAGE_MAX_LENGTH, JOIN_POLICIES, type NetworkView } from '@roundtable/contract/networks';
import {
  IconBooks,
  IconCalendarEvent,
  IconCalendarRepeat,
  IconChartBar,
  IconCheck,
  IconChevronDown,
  IconClipboardList,
  IconDoorExit,
  IconEyeOff,
  IconFlag,
  IconHourglass,
  IconInfoCircle,
  IconLock,
  IconMail,
  IconMapPin,
  IconMessages,
  IconSettings,
  IconUserPlus,
  IconUsers,
  IconX,
  type TablerIcon,
} from '@tabler/icons-react';
import { type ReactNode, useState } from 'react';
import { Link, useNavigate, useParams, useSearchParams } from 'react-router';
import { ErrorState } from '../../components/error-state';
import { FormAlert } from '../../components/form-alert';
import { MessagePage } from '../../components/message-page';
import { RelativeTime } from '../../components/relative-time';
import { errorMessageOf, isApiError } from '../../lib/api';
import { formErrorMessageOf } from '../../lib/forms';
import { initialsOf } from '../../lib/names';
import { usePageTitle } from '../../lib/use-page-title';
import { MeetingsTab } from '../meetings/meetings-tab';
import { labelOf } from '../profiles/profile-labels';
import { PulsesTab } from '../pulses/pulses-tab';
import { DiscussionsTab } from '../threads/discussions-tab';
import { ApplyModal } from './apply-modal';
import { CharterModal, CharterText } from './charter-modal';
import { InviteModal } from './invite-modal';
import { audienceLabels, audienceSummary, cadenceLabel, formatLabel, membersLabel } from './network-labels';
import { MembersTab } from './network-members';
import classes from './networks.module.css';
import { useAcceptCharter, useDecideProposal, useJoinNetwork, useLeaveNetwork, useNetwork } from './networks.queries';

type Upcoming = { id: string; label: string; icon: TablerIcon; promise: string };

const UPCOMING_TABS: Upcoming[] = [
  {
    id: 'discussions',
    label: 'Discussions',
    icon: IconMessages,
    promise:
      'Ask your peers anything in confidence and get answers from people who have faced the same problem. Threads and replies stay inside this network.',
  },
  {
    id: 'pulses',
    label: 'Pulses',
    icon: IconChartBar,
    promise:
      'Quick polls to learn where the other members stand on a question, with anonymous results within 48 hours.',
  },
  {
    id: 'meetings',
    label: 'Meetings',
    icon: IconCalendarEvent,
    promise: 'The network’s meetings with RSVPs and an agenda of the issues members raise.',
  },
  {
    id: 'library',
    label: 'Library',
    icon: IconBooks,
    promise: 'Processes, templates and case studies the members share, visible only inside this network.',
  },
];

/** Tabs whose feature is built; the others say what they will do. */
const BUILT_TABS = ['discussions', 'pulses', 'meetings'];

function ComingSoonTab({ tab }: { tab: Upcoming }) {
  const Icon = tab.icon;
  return (
    <Paper withBorder py={40} px="md">
      <MessagePage
        headingOrder={2}
        icon={<Icon size={26} stroke={1.5} aria-hidden="true" />}
        title={`${tab.label} are coming soon`}
        description={tab.promise}
      />
    </Paper>
  );
}

function Fact({ icon: Icon, children }: { icon: TablerIcon; children: ReactNode }) {
  return (
    <Group gap={6} wrap="nowrap">
      <Icon size={16} aria-hidden="true" className={classes.factIcon} />
      <Text fz="sm" c="dimmed">
        {children}
      </Text>
    </Group>
  );
}

function Section({ title, children }: { title: string; children: ReactNode }) {
  const id = `about-${title.toLowerCase().replace(/\W+/g, '-')}`;
  return (
    <Paper withBorder p={{ base: 'md', sm: 'xl' }} component="section" aria-labelledby={id}>
      <Title order={2} fz="h4" mb="md" id={id}>
        {title}
      </Title>
      {children}
    </Paper>
  );
}

function AboutTab({ network }: { network: NetworkView }) {
  return (
    <Stack gap="md">
      <Section title="Purpose">
        <Text className={classes.prose}>{network.purpose}</Text>
      </Section>
      <Section title="Who it is for">
        <dl
          style={{ margin: 0, display: 'grid', gridTemplateColumns: 'minmax(120px, max-content) 1fr', gap: '8px 24px' }}
        >
          {audienceSummary(network.audience).map(({ dimension, labels }) => (
            <div key={dimension} style={{ display: 'contents' }}>
              <Text component="dt" c="dimmed" fz="sm">
                {audienceLabels[dimension]}
              </Text>
              <Text component="dd" fz="sm" m={0}>
                {labels.length > 0 ? labels.join(', ') : 'Anyone'}
              </Text>
            </div>
          ))}
          <Text component="dt" c="dimmed" fz="sm">
            Joining
          </Text>
          <Text component="dd" fz="sm" m={0}>
            {labelOf(JOIN_POLICIES, network.joinPolicy)}
          </Text>
        </dl>
      </Section>
      <Section title="Facilitators">
        {network.facilitators.length === 0 ? (
          <Text fz="sm" c="dimmed">
            No facilitator yet.
          </Text>
        ) : (
          <Stack gap="sm" component="ul" className={classes.list} style={{ gap: 12 }}>
            {network.facilitators.map((person) => (
              <Group key={person.id} component="li" gap="sm" wrap="nowrap" style={{ border: 0 }}>
                <Avatar src={person.avatarUrl} radius="xl" color="indigo" alt="">
                  {initialsOf(person.name)}
                </Avatar>
                <Stack gap={0} style={{ minWidth: 0 }}>
                  <Anchor component={Link} to={`/members/${person.id}`} fw={500} fz="sm">
                    {person.name}
                  </Anchor>
                  {person.headline ? (
                    <Text fz="xs" c="dimmed">
                      {person.headline}
                    </Text>
                  ) : null}
                </Stack>
              </Group>
            ))}
          </Stack>
        )}
      </Section>
      <Section title={`Charter and confidentiality (version ${network.charterVersion})`}>
        <Stack gap="md">
          <CharterText network={network} headingOrder={3} />
          <Text fz="xs" c="dimmed">
            Last changed <RelativeTime value={network.charterUpdatedAt} />. Every member accepts the current version
            before taking part.
          </Text>
        </Stack>
      </Section>
    </Stack>
  );
}

function ProposalDecision({ network }: { network: NetworkView }) {
  const decide = useDecideProposal(network.slug);
  const [message, setMessage] = useState('');
  const [alert, setAlert] = useState<string | null>(null);
  const send = (decision: 'approve' | 'decline') => {
    setAlert(null);
    decide.mutate(
      { decision, ...(message.trim() ? { message: message.trim() } : {}) },
      {
        onSuccess: () =>
          notifications.show({
            color: 'teal',
            message: decision === 'approve' ? `${network.name} is now open.` : 'The proposal is declined.',
          }),
        onError: (error) => setAlert(formErrorMessageOf(error)),
      },
    );
  };
  return (
    <Stack gap="sm" mt="sm">
      <FormAlert message={alert} />
      <Textarea
        label="Message to the proposer (optional)"
        value={message}
        maxLength={DECISION_MESSAGE_MAX_LENGTH}
        onChange={(event) => setMessage(event.currentTarget.value)}
        autosize
        minRows={2}
      />
      <Group gap="sm">
        <Button
          leftSection={<IconCheck size={16} aria-hidden="true" />}
          onClick={() => send('approve')}
          loading={decide.isPending && decide.variables?.decision === 'approve'}
        >
          Approve network
        </Button>
        <Button
          variant="default"
          leftSection={<IconX size={16} aria-hidden="true" />}
          onClick={() => send('decline')}
          loading={decide.isPending && decide.variables?.decision === 'decline'}
        >
          Decline
        </Button>
      </Group>
    </Stack>
  );
}

/** The notes that say where the viewer stands: a proposal, an application, a charter to accept. */
function StatusNotes({ network }: { network: NetworkView }) {
  const { viewer } = network;
  const notes: ReactNode[] = [];
  if (network.status === 'proposed') {
    notes.push(
      <Alert
        key="proposed"
        color="yellow"
        variant="light"
        icon={<IconHourglass size={18} aria-hidden="true" />}
        title="Waiting for a host admin"
      >
        {network.proposedBy ? `${network.proposedBy.name} proposed this network. ` : ''}It opens to members once a host
        admin approves it.
        {viewer.abilities.decideProposal ? <ProposalDecision network={network} /> : null}
      </Alert>,
    );
  }
  if (network.status === 'declined') {
    notes.push(
      <Alert
        key="declined"
        color="gray"
        variant="light"
        icon={<IconInfoCircle size={18} aria-hidden="true" />}
        title="Proposal declined"
      >
        A host admin declined this proposal, so the network is not open.
      </Alert>,
    );
  }
  const application = viewer.application;
  if (viewer.role === null && viewer.admitted) {
    notes.push(
      <Alert
        key="admitted"
        color="teal"
        variant="light"
        icon={<IconCheck size={18} aria-hidden="true" />}
        title="You are admitted"
      >
        Accept the charter and the confidentiality agreement to join.
      </Alert>,
    );
  } else if (viewer.role === null && application?.status === 'pending') {
    notes.push(
      <Alert
        key="pending"
        color="indigo"
        variant="light"
        icon={<IconHourglass size={18} aria-hidden="true" />}
        title="Application pending"
      >
        Facilitators will review your application; you’ll hear by email. You applied{' '}
        <RelativeTime value={application.createdAt} />.
      </Alert>,
    );
  } else if (viewer.role === null && application?.status === 'declined') {
    notes.push(
      <Alert
        key="declined-application"
        color="gray"
        variant="light"
        icon={<IconInfoCircle size={18} aria-hidden="true" />}
        title="Your application was declined"
      >
        <Stack gap={6}>
          {application.decisionMessage ? (
            <Text fz="sm">
              The facilitators wrote: <q className={classes.prose}>{application.decisionMessage}</q>
            </Text>
          ) : (
            <Text fz="sm">The facilitators did not leave a message.</Text>
          )}
          {viewer.abilities.apply ? <Text fz="sm">You can apply again when your situation changes.</Text> : null}
        </Stack>
      </Alert>,
    );
  }
  if (viewer.role !== null && (viewer.acceptedCharterVersion ?? 0) < network.charterVersion) {
    notes.push(
      <Alert
        key="charter"
        color="yellow"
        variant="light"
        icon={<IconInfoCircle size={18} aria-hidden="true" />}
        title="The charter has changed"
      >
        The facilitators updated the charter or the confidentiality agreement. Read and accept version{' '}
        {network.charterVersion} to keep taking part.
      </Alert>,
    );
  }
  if (
    viewer.role === null &&
    !viewer.abilities.join &&
    !viewer.abilities.apply &&
    !application &&
    network.joinPolicy === 'invitation' &&
    network.status === 'active'
  ) {
    notes.push(
      <Text key="invitation" fz="sm" c="dimmed">
        This network takes members by invitation only. If you think you belong here, ask one of its facilitators.
      </Text>,
    );
  }
  return notes.length > 0 ? <Stack gap="sm">{notes}</Stack> : null;
}

function LeaveModal({ network, opened, onClose }: { network: NetworkView; opened: boolean; onClose: () => void }) {
  const leave = useLeaveNetwork(network.slug);
  const navigate = useNavigate();
  return (
    <Modal
      closeButtonProps={{ 'aria-label': 'Close' }}
      opened={opened}
      onClose={onClose}
      title={`Leave ${network.name}?`}
      centered
    >
      <Stack gap="md">
        <Text fz="sm">
          You will no longer see its discussions, pulses or meetings. What you shared stays with the members, who agreed
          to keep it confidential.
        </Text>
        <FormAlert message={leave.isError ? formErrorMessageOf(leave.error) : null} />
        <Group justify="flex-end" gap="sm">
          <Button variant="default" onClick={onClose}>
            Stay
          </Button>
          <Button
            color="red"
            loading={leave.isPending}
            onClick={() =>
              leave.mutate(undefined, {
                onSuccess: () => {
                  notifications.show({ color: 'teal', message: `You left ${network.name}.` });
                  onClose();
                  void navigate('/networks');
                },
              })
            }
          >
            Leave network
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}

type Dialog = 'join' | 'charter' | 'apply' | 'invite' | 'leave' | null;

function PrimaryAction({ network, open }: { network: NetworkView; open: (dialog: Dialog) => void }) {
  const { viewer } = network;
  if (viewer.role !== null && (viewer.acceptedCharterVersion ?? 0) < network.charterVersion)
    return <Button onClick={() => open('charter')}>Accept updated charter</Button>;
  if (viewer.abilities.join)
    return (
      <Button onClick={() => open('join')} leftSection={<IconUserPlus size={16} aria-hidden="true" />}>
        {viewer.admitted ? 'Accept the charter and join' : 'Join network'}
      </Button>
    );
  if (viewer.abilities.apply)
    return (
      <Button onClick={() => open('apply')} leftSection={<IconUserPlus size={16} aria-hidden="true" />}>
        {viewer.application?.status === 'declined' ? 'Apply again' : 'Apply to join'}
      </Button>
    );
  if (viewer.role === null && viewer.application?.status === 'pending')
    return (
      <Badge
        size="lg"
        variant="light"
        color="indigo"
        tt="none"
        leftSection={<IconHourglass size={14} aria-hidden="true" />}
      >
        Application pending
      </Badge>
    );
  return null;
}

function NetworkHeader({ network, open }: { network: NetworkView; open: (dialog: Dialog) => void }) {
  const { abilities } = network.viewer;
  const place = [formatLabel(network.format), network.homeLocation].filter(Boolean).join(' · ');
  const hasMore = abilities.review || abilities.manage || abilities.leave;
  return (
    <Stack gap="md" mb="lg">
      <Group justify="space-between" align="flex-start" gap="md" wrap="wrap">
        <Stack gap={8} maw={720} style={{ flex: '1 1 320px', minWidth: 0 }}>
          <Group gap="xs" wrap="wrap">
            <Title order={1} fz={{ base: 24, sm: 28 }} lh={1.2} style={{ overflowWrap: 'anywhere' }}>
              {network.name}
            </Title>
            {network.viewer.role ? (
              <Badge variant="light" color="indigo" tt="none">
                {network.viewer.role === 'facilitator' ? 'You facilitate' : 'Member'}
              </Badge>
            ) : null}
            {network.listed ? null : (
              <Badge variant="light" color="gray" tt="none" leftSection={<IconEyeOff size={12} aria-hidden="true" />}>
                Unlisted
              </Badge>
            )}
          </Group>
          <Group gap="lg" wrap="wrap" style={{ rowGap: 4 }}>
            <Fact icon={IconMapPin}>{place}</Fact>
            <Fact icon={IconCalendarRepeat}>Meets {cadenceLabel(network.cadence).toLowerCase()}</Fact>
            <Fact icon={IconUsers}>{membersLabel(network.memberCount, network.sizeLimit)}</Fact>
          </Group>
        </Stack>
        <Group gap="sm">
          {abilities.invite ? (
            <Button
              variant="default"
              leftSection={<IconMail size={16} aria-hidden="true" />}
              onClick={() => open('invite')}
            >
              Invite
            </Button>
          ) : null}
          {hasMore ? (
            <Menu position="bottom-end" withinPortal>
              <Menu.Target>
                <Button variant="default" rightSection={<IconChevronDown size={16} aria-hidden="true" />}>
                  {abilities.manage || abilities.review ? 'Facilitate' : 'More'}
                </Button>
              </Menu.Target>
              <Menu.Dropdown>
                {abilities.review ? (
                  <Menu.Item
                    component={Link}
                    to={`/networks/${network.slug}/applications`}
                    leftSection={<IconClipboardList size={16} aria-hidden="true" />}
                  >
                    Review applications
                  </Menu.Item>
                ) : null}
                {abilities.manage ? (
                  <Menu.Item
                    component={Link}
                    to={`/networks/${network.slug}/flags`}
                    leftSection={<IconFlag size={16} aria-hidden="true" />}
                  >
                    Flagged posts
                  </Menu.Item>
                ) : null}
                {abilities.manage ? (
                  <Menu.Item
                    component={Link}
                    to={`/networks/${network.slug}/settings`}
                    leftSection={<IconSettings size={16} aria-hidden="true" />}
                  >
                    Network settings
                  </Menu.Item>
                ) : null}
                {abilities.leave ? (
                  <Menu.Item
                    color="red"
                    leftSection={<IconDoorExit size={16} aria-hidden="true" />}
                    onClick={() => open('leave')}
                  >
                    Leave network
                  </Menu.Item>
                ) : null}
              </Menu.Dropdown>
            </Menu>
          ) : null}
          <PrimaryAction network={network} open={open} />
        </Group>
      </Group>
      <Group
        gap={8}
        wrap="nowrap"
        px="md"
        py={10}
        className={classes.charterBox}
        role="note"
        aria-label="Confidential network"
      >
        <IconLock size={16} aria-hidden="true" className={classes.factIcon} />
        <Text fz="sm">
          <Text span fw={600} fz="sm">
            Confidential.
          </Text>{' '}
          What members share here stays in this network; every member has accepted the confidentiality agreement.
        </Text>
      </Group>
      <StatusNotes network={network} />
    </Stack>
  );
}

function NetworkLoaded({ network }: { network: NetworkView }) {
  const [searchParams, setSearchParams] = useSearchParams();
  const [dialog, setDialog] = useState<Dialog>(null);
  const join = useJoinNetwork(network.slug);
  const acceptCharter = useAcceptCharter(network.slug);
  const isMember = network.viewer.role !== null;
  const canSeeMembers = network.viewer.abilities.readMembers;

  const tabs = [
    ...(isMember ? UPCOMING_TABS.map((tab) => tab.id) : []),
    ...(canSeeMembers ? ['members'] : []),
    'about',
  ];
  const requested = searchParams.get('tab');
  const tab = requested && tabs.includes(requested) ? requested : (tabs[0] ?? 'about');
  const close = () => {
    setDialog(null);
    join.reset();
    acceptCharter.reset();
  };

  return (
    <>
      <NetworkHeader network={network} open={setDialog} />
      <Tabs
        value={tab}
        onChange={(value) => setSearchParams(value && value !== tabs[0] ? { tab: value } : {}, { replace: true })}
        keepMounted={false}
      >
        {/* A single tab would be a heading dressed as a control: then the panel alone shows. */}
        <Tabs.List mb="lg" style={{ overflowX: 'auto', flexWrap: 'nowrap' }} hidden={tabs.length < 2}>
          {isMember
            ? UPCOMING_TABS.map(({ id, label, icon: Icon }) => (
                <Tabs.Tab key={id} value={id} leftSection={<Icon size={16} aria-hidden="true" />}>
                  {label}
                </Tabs.Tab>
              ))
            : null}
          {canSeeMembers ? (
            <Tabs.Tab value="members" leftSection={<IconUsers size={16} aria-hidden="true" />}>
              Members
            </Tabs.Tab>
          ) : null}
          <Tabs.Tab value="about" leftSection={<IconInfoCircle size={16} aria-hidden="true" />}>
            About
          </Tabs.Tab>
        </Tabs.List>
        <Tabs.Panel value="discussions">
          <DiscussionsTab network={network} />
        </Tabs.Panel>
        <Tabs.Panel value="pulses">
          <PulsesTab network={network} />
        </Tabs.Panel>
        <Tabs.Panel value="meetings">
          <MeetingsTab network={network} />
        </Tabs.Panel>
        {UPCOMING_TABS.filter((upcoming) => !BUILT_TABS.includes(upcoming.id)).map((upcoming) => (
          <Tabs.Panel key={upcoming.id} value={upcoming.id}>
            <ComingSoonTab tab={upcoming} />
          </Tabs.Panel>
        ))}
        <Tabs.Panel value="members">
          <MembersTab network={network} />
        </Tabs.Panel>
        <Tabs.Panel value="about">
          <AboutTab network={network} />
        </Tabs.Panel>
      </Tabs>

      <CharterModal
        opened={dialog === 'join'}
        onClose={close}
        title={`Join ${network.name}`}
        intro="Every member accepts the network’s charter and confidentiality agreement before taking part. Read them, then accept."
        network={network}
        submitLabel="Join network"
        pending={join.isPending}
        error={join.error}
        onAccept={(version) =>
          join.mutate(version, {
            onSuccess: (joined) => {
              close();
              notifications.show({
                color: 'teal',
                title: `Welcome to ${joined.name}`,
                message: 'You are a member now.',
              });
            },
          })
        }
      />
      <CharterModal
        opened={dialog === 'charter'}
        onClose={close}
        title="Accept the updated charter"
        intro={`The facilitators changed the charter or the confidentiality agreement. This is version ${network.charterVersion}.`}
        network={network}
        submitLabel="Accept and continue"
        pending={acceptCharter.isPending}
        error={acceptCharter.error}
        onAccept={(version) =>
          acceptCharter.mutate(version, {
            onSuccess: () => {
              close();
              notifications.show({ color: 'teal', message: 'Thank you. You accepted the updated charter.' });
            },
          })
        }
      />
      <ApplyModal network={network} opened={dialog === 'apply'} onClose={close} />
      {network.viewer.abilities.invite ? (
        <InviteModal network={network} opened={dialog === 'invite'} onClose={close} />
      ) : null}
      <LeaveModal network={network} opened={dialog === 'leave'} onClose={close} />
    </>
  );
}

export function NetworkSkeleton() {
  return (
    <Stack gap="md" aria-busy="true" aria-label="Loading the network">
      <Skeleton height={32} width="45%" />
      <Skeleton height={14} width="60%" />
      <Skeleton height={40} mt="sm" />
      <Skeleton height={36} width="70%" mt="md" />
      <Skeleton height={200} />
    </Stack>
  );
}

/** Loads the network of the page's `:slug`; a missing one reads "not found" without saying whether it exists. */
export function NetworkGate({
  children,
  page,
}: {
  children: (network: NetworkView) => ReactNode;
  /** The page's own name, shown before the network's in the window title. */
  page?: string;
}) {
  const { slug = '' } = useParams();
  const network = useNetwork(slug);
  const name = network.data?.name ?? 'Network';
  usePageTitle(page ? `${page} · ${name}` : name);
  if (network.isPending) return <NetworkSkeleton />;
  if (network.isError) {
    const isMissing = isApiError(network.error) && network.error.status === 404;
    return isMissing ? (
      <MessagePage
        icon={<IconUsers size={30} stroke={1.5} aria-hidden="true" />}
        title="Network not found"
        description="This network does not exist, or it is unlisted and you are not a member. If someone invited you, open the link in their email."
        actions={
          <Button component={Link} to="/networks">
            Browse networks
          </Button>
        }
      />
    ) : (
      <ErrorState
        title="The network could not load"
        message={errorMessageOf(network.error)}
        onRetry={() => void network.refetch()}
        retrying={network.isFetching}
      />
    );
  }
  return <>{children(network.data)}</>;
}

export function NetworkPage() {
  return <NetworkGate>{(network) => <NetworkLoaded key={network.id} network={network} />}</NetworkGate>;
}

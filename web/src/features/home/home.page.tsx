import {
  Anchor,
  Badge,
  Button,
  EmptyState,
  Group,
  Paper,
  SimpleGrid,
  Skeleton,
  Stack,
  Text,
  ThemeIcon,
  Title,
} from '@mantine/core';
import {
  IconCalendarEvent,
  IconChartBar,
  IconMessages,
  IconTargetArrow,
  IconUsersGroup,
  type TablerIcon,
} from '@tabler/icons-react';
import { Link } from 'react-router';
import { firstNameOf } from '../../lib/names';
import { useNow } from '../../lib/use-now';
import { usePageTitle } from '../../lib/use-page-title';
import { useMe } from '../accounts/session';
import { VerifyEmailReminder } from '../accounts/verify-email-reminder';
import { useMyNetworks } from '../networks/networks.queries';

type WaitingCard = {
  id: string;
  title: string;
  icon: TablerIcon;
  shows: string;
  empty: string;
  link: { to: string; label: string };
};

const CARDS: WaitingCard[] = [
  {
    id: 'pulses',
    title: 'Pulses waiting for you',
    icon: IconChartBar,
    shows: 'Quick polls from your networks that need your answer, with the time left to answer each.',
    empty: 'Nothing is waiting for you yet.',
    link: { to: '/pulses', label: 'About pulses' },
  },
  {
    id: 'replies',
    title: 'Replies to your threads',
    icon: IconMessages,
    shows: 'New answers from peers to the questions you asked, so you never miss the one that helps.',
    empty: 'You have not asked anything yet.',
    link: { to: '/networks', label: 'About networks' },
  },
  {
    id: 'meetings',
    title: 'Upcoming meetings',
    icon: IconCalendarEvent,
    shows: 'Your next network meetings, with the agenda and whether you have replied to the invitation.',
    empty: 'No meetings are scheduled yet.',
    link: { to: '/meetings', label: 'About meetings' },
  },
  {
    id: 'plan',
    title: 'Your plan',
    icon: IconTargetArrow,
    shows: 'The next actions in your networking plan, built from your NQ assessment, with their due dates.',
    empty: 'Your plan starts with the NQ assessment.',
    link: { to: '/nq', label: 'About NQ & plan' },
  },
];

function greetingFor(hour: number): string {
  if (hour < 5) return 'Good evening';
  if (hour < 12) return 'Good morning';
  if (hour < 18) return 'Good afternoon';
  return 'Good evening';
}

function WaitingCardView({ card }: { card: WaitingCard }) {
  const Icon = card.icon;
  return (
    <Paper withBorder p="lg" component="section" aria-labelledby={`home-${card.id}`}>
      <Stack gap="sm" h="100%">
        <Group justify="space-between" wrap="nowrap" align="flex-start">
          <ThemeIcon variant="light" size={36} radius="md" aria-hidden="true">
            <Icon size={20} stroke={1.7} />
          </ThemeIcon>
          <Badge variant="default" radius="sm" fw={500} tt="none">
            Nothing yet
          </Badge>
        </Group>
        <Title order={2} fz="h4" id={`home-${card.id}`}>
          {card.title}
        </Title>
        <Text fz="sm" c="dimmed" style={{ flex: 1 }}>
          {card.shows} {card.empty}
        </Text>
        <Anchor component={Link} to={card.link.to} fz="sm" fw={500}>
          {card.link.label}
        </Anchor>
      </Stack>
    </Paper>
  );
}

export function HomePage() {
  usePageTitle('Home');
  const me = useMe();
  const now = useNow();

  return (
    <Stack gap="xl">
      <Stack gap={6}>
        <Title order={1} fz={{ base: 24, sm: 28 }}>
          {greetingFor(now.getHours())}, {firstNameOf(me.name)}
        </Title>
        <Text c="dimmed">What needs you today, and what is new across your networks.</Text>
      </Stack>

      <VerifyEmailReminder />

      <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="md">
        {CARDS.map((card) => (
          <WaitingCardView key={card.id} card={card} />
        ))}
      </SimpleGrid>

      <HomeNetworks />
    </Stack>
  );
}

/** The member's networks, or, before the first one, what networks are and where to find them. */
function HomeNetworks() {
  const mine = useMyNetworks();
  if (mine.isPending) return <Skeleton height={160} aria-hidden="true" />;
  if (mine.isSuccess && mine.data.length > 0) {
    return (
      <Paper withBorder p="lg" component="section" aria-labelledby="home-networks">
        <Group justify="space-between" mb="sm">
          <Title order={2} fz="h4" id="home-networks">
            Your networks
          </Title>
          <Anchor component={Link} to="/networks" fz="sm" fw={500}>
            All networks
          </Anchor>
        </Group>
        <Stack gap={4} component="ul" p={0} m={0} style={{ listStyle: 'none' }}>
          {mine.data.map((network) => (
            <Group component="li" key={network.id} justify="space-between" wrap="nowrap" gap="sm" py={6}>
              <Anchor component={Link} to={`/networks/${network.slug}`} fw={500} truncate>
                {network.name}
              </Anchor>
              <Text fz="sm" c="dimmed" style={{ whiteSpace: 'nowrap' }}>
                {network.memberCount === 1 ? '1 member' : `${network.memberCount} members`}
              </Text>
            </Group>
          ))}
        </Stack>
      </Paper>
    );
  }
  // A failed load falls back to the invitation to find networks: the Networks page shows the error and a retry.
  return (
    <Paper withBorder p={{ base: 'lg', sm: 48 }} component="section" aria-labelledby="home-activity">
      <EmptyState
        variant="light"
        icon={<IconUsersGroup size={26} stroke={1.5} aria-hidden="true" />}
        maw={520}
        mx="auto"
      >
        <EmptyState.Title order={2} id="home-activity">
          Activity across your networks
        </EmptyState.Title>
        <EmptyState.Description>
          Networks are small, confidential groups of true peers. Once you join one, its newest questions, pulse results
          and shared resources appear here. You are not in a network yet: the directory shows the ones that fit your
          profile best first.
        </EmptyState.Description>
        <EmptyState.Actions>
          <Button component={Link} to="/networks">
            Find your networks
          </Button>
        </EmptyState.Actions>
      </EmptyState>
    </Paper>
  );
}

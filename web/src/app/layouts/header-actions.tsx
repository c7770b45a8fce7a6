import {
  ActionIcon,
  Avatar,
  Group,
  Menu,
  Text,
  UnstyledButton,
  useComputedColorScheme,
  useMantineColorScheme,
} from '@mantine/core';
import type { MeView } from '@roundtable/contract/accounts';
import { IconBellCog, IconChevronDown, IconLogout, IconMoon, IconSun, IconUser } from '@tabler/icons-react';
import { Link } from 'react-router';
import { useSignOut } from '../../features/accounts/session';
import { NotificationBell } from '../../features/notifications/notification-bell';
import { initialsOf } from '../../lib/names';
import classes from './app-layout.module.css';

function ColorSchemeToggle() {
  const { setColorScheme } = useMantineColorScheme();
  const computed = useComputedColorScheme('light', { getInitialValueInEffect: false });
  const next = computed === 'dark' ? 'light' : 'dark';
  return (
    <ActionIcon
      size="lg"
      aria-label="Toggle colour scheme"
      title={next === 'dark' ? 'Switch to dark theme' : 'Switch to light theme'}
      onClick={() => setColorScheme(next)}
    >
      {/* Both icons render; CSS shows the right one, so the first paint is right before React knows the scheme. */}
      <IconMoon size={20} stroke={1.7} className="mantine-dark-hidden" />
      <IconSun size={20} stroke={1.7} className="mantine-light-hidden" />
    </ActionIcon>
  );
}

function AccountMenu({ me }: { me: MeView }) {
  const signOut = useSignOut();
  return (
    <Menu position="bottom-end" width={240}>
      <Menu.Target>
        <UnstyledButton aria-label="Account menu" className={classes.accountButton}>
          <Group gap={8} wrap="nowrap">
            <Avatar size={30} radius="xl" color="indigo" variant="filled" src={me.profile.avatarUrl} alt="">
              {initialsOf(me.name)}
            </Avatar>
            <Text fz="sm" fw={500} visibleFrom="sm" maw={160} truncate="end">
              {me.name}
            </Text>
            <IconChevronDown size={14} stroke={1.8} className={classes.chevron} aria-hidden="true" />
          </Group>
        </UnstyledButton>
      </Menu.Target>
      <Menu.Dropdown>
        <div className={classes.menuIdentity}>
          <Text fz="sm" fw={600} truncate="end">
            {me.name}
          </Text>
          <Text fz="xs" c="dimmed" truncate="end">
            {me.email}
          </Text>
        </div>
        <Menu.Divider />
        <Menu.Item component={Link} to="/profile" leftSection={<IconUser size={16} stroke={1.7} />}>
          Profile
        </Menu.Item>
        <Menu.Item component={Link} to="/settings/notifications" leftSection={<IconBellCog size={16} stroke={1.7} />}>
          Notification preferences
        </Menu.Item>
        <Menu.Item leftSection={<IconLogout size={16} stroke={1.7} />} onClick={() => signOut.mutate()}>
          Sign out
        </Menu.Item>
      </Menu.Dropdown>
    </Menu>
  );
}

export function HeaderActions({ me }: { me: MeView }) {
  return (
    <Group gap={4} wrap="nowrap">
      <NotificationBell />
      <ColorSchemeToggle />
      <AccountMenu me={me} />
    </Group>
  );
}

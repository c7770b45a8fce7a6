import { Anchor, AppShell, Burger, Center, Container, Group, Loader, NavLink, Stack, Text } from '@mantine/core';
import { useDisclosure, useMediaQuery } from '@mantine/hooks';
import type { MeView } from '@roundtable/contract/accounts';
import { IconLock } from '@tabler/icons-react';
import { Suspense } from 'react';
import { Link, Outlet, useLocation } from 'react-router';
import { Logo } from '../../components/logo';
import { useMe } from '../../features/accounts/session';
import { useSavePendingResult } from '../../features/assessments/pending-result';
import { PageErrorBoundary } from '../error-boundary';
import { adminNavFor, mainNav, type NavItem } from '../navigation';
import classes from './app-layout.module.css';
import { HeaderActions } from './header-actions';

function PageLoader() {
  return (
    <Center py={96} role="status" aria-label="Loading page">
      <Loader type="dots" />
    </Center>
  );
}

const isActive = (pathname: string, path: string) =>
  path === '/' ? pathname === '/' : pathname === path || pathname.startsWith(`${path}/`);

type NavListProps = { items: NavItem[]; pathname: string; onNavigate: () => void };

function NavList({ items, pathname, onNavigate }: NavListProps) {
  return (
    <Stack gap={2}>
      {items.map((item) => {
        const active = isActive(pathname, item.path);
        const Icon = item.icon;
        return (
          <NavLink
            key={item.path}
            component={Link}
            to={item.path}
            label={item.label}
            leftSection={<Icon size={18} stroke={1.7} aria-hidden="true" />}
            active={active}
            aria-current={active ? 'page' : undefined}
            onClick={onNavigate}
            className={classes.navLink}
          />
        );
      })}
    </Stack>
  );
}

function AppNavbar({ me, onNavigate }: { me: MeView; onNavigate: () => void }) {
  const { pathname } = useLocation();
  const adminNav = adminNavFor(me);
  return (
    <>
      <AppShell.Section grow p="sm" style={{ overflowY: 'auto' }}>
        <NavList items={mainNav} pathname={pathname} onNavigate={onNavigate} />
        {adminNav.length > 0 ? (
          <>
            <Text component="h2" className={classes.navSectionLabel}>
              Admin
            </Text>
            <NavList items={adminNav} pathname={pathname} onNavigate={onNavigate} />
          </>
        ) : null}
      </AppShell.Section>
      <AppShell.Section p="md" className={classes.navFooter}>
        <Group gap={8} wrap="nowrap" align="flex-start">
          <IconLock size={14} stroke={1.8} style={{ marginTop: 3, flex: 'none' }} aria-hidden="true" />
          <Text fz="xs" c="dimmed">
            What members share in a network stays in that network.
          </Text>
        </Group>
      </AppShell.Section>
    </>
  );
}

/** The signed-in frame: header with bell, theme and account menu; the navigation; the page. */
export function AppLayout() {
  const me = useMe();
  // A result taken before signing up is saved to the account as soon as someone is signed in here.
  useSavePendingResult();
  const [navOpened, { toggle, close }] = useDisclosure(false);
  // Below `sm` the navbar is a drawer; while closed it is inert, so keyboard focus never lands off-screen.
  const isMobile = useMediaQuery('(max-width: 47.99em)') ?? false;

  return (
    <AppShell
      header={{ height: 60 }}
      navbar={{ width: 256, breakpoint: 'sm', collapsed: { mobile: !navOpened } }}
      padding={0}
    >
      <a href="#main" className={classes.skipLink}>
        Skip to content
      </a>
      <AppShell.Header>
        <Group h="100%" px={{ base: 'sm', sm: 'md' }} justify="space-between" wrap="nowrap">
          <Group gap="xs" wrap="nowrap">
            <Burger
              opened={navOpened}
              onClick={toggle}
              hiddenFrom="sm"
              size="sm"
              aria-label={navOpened ? 'Close navigation' : 'Open navigation'}
              aria-expanded={navOpened}
              aria-controls="app-navbar"
            />
            <Anchor component={Link} to="/" underline="never" aria-label="Roundtable home" onClick={close}>
              <Logo />
            </Anchor>
          </Group>
          <HeaderActions me={me} />
        </Group>
      </AppShell.Header>
      <AppShell.Navbar id="app-navbar" aria-label="Main" inert={isMobile && !navOpened}>
        <AppNavbar me={me} onNavigate={close} />
      </AppShell.Navbar>
      <AppShell.Main id="main" tabIndex={-1} className={classes.main}>
        <Container size={1120} px={{ base: 'md', sm: 'xl' }} py={{ base: 'lg', sm: 40 }}>
          <PageErrorBoundary>
            <Suspense fallback={<PageLoader />}>
              <Outlet />
            </Suspense>
          </PageErrorBoundary>
        </Container>
      </AppShell.Main>
    </AppShell>
  );
}

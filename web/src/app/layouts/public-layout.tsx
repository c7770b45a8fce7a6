import { Anchor, Box, Button, Center, Container, Group, Loader } from '@mantine/core';
import { Suspense } from 'react';
import { Link, Outlet } from 'react-router';
import { Logo } from '../../components/logo';
import classes from './auth-layout.module.css';

/** The open frame of public pages wider than a card (the NQ): the brand, a way in, the page. */
export function PublicLayout() {
  return (
    <Box className={classes.root} style={{ display: 'block' }}>
      <Container size={820} px={0} style={{ minWidth: 0 }}>
        <Group justify="space-between" mb="xl" wrap="nowrap">
          <Anchor component={Link} to="/nq" underline="never" aria-label="Roundtable">
            <Logo />
          </Anchor>
          <Group gap="xs" wrap="nowrap">
            <Button component={Link} to="/sign-in?next=%2Fnq" variant="subtle" size="sm">
              Sign in
            </Button>
            <Button component={Link} to="/sign-up?next=%2Fnq" variant="default" size="sm" visibleFrom="xs">
              Create account
            </Button>
          </Group>
        </Group>
        <main>
          <Suspense
            fallback={
              <Center py="xl" role="status" aria-label="Loading page">
                <Loader type="dots" />
              </Center>
            }
          >
            <Outlet />
          </Suspense>
        </main>
      </Container>
    </Box>
  );
}

import { Anchor, Box, Center, Loader, Stack, Text } from '@mantine/core';
import { Suspense } from 'react';
import { Link, Outlet } from 'react-router';
import { Logo } from '../../components/logo';
import classes from './auth-layout.module.css';

/** The calm, centred frame of the public pages: the brand, one line of promise, and the page's card. */
export function AuthLayout() {
  return (
    <Box className={classes.root}>
      <Stack component="main" className={classes.column} gap="xl">
        <Stack gap={10} align="center">
          <Anchor component={Link} to="/" underline="never" aria-label="Roundtable home">
            <Logo size="lg" />
          </Anchor>
          <Text c="dimmed" ta="center" fz="sm" maw={340}>
            Confidential networks of true peers who answer each other fast.
          </Text>
        </Stack>
        <Suspense
          fallback={
            <Center py="xl" role="status" aria-label="Loading page">
              <Loader type="dots" />
            </Center>
          }
        >
          <Outlet />
        </Suspense>
      </Stack>
    </Box>
  );
}

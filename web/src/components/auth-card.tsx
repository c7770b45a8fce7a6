import { Paper, Stack, Text, Title } from '@mantine/core';
import type { ReactNode } from 'react';

type AuthCardProps = {
  title: string;
  description?: ReactNode;
  children: ReactNode;
  /** A quiet line under the card, e.g. "Already have an account? Sign in". */
  footer?: ReactNode;
};

/** The card every public account page sits in; its title is the page's only h1. */
export function AuthCard({ title, description, children, footer }: AuthCardProps) {
  return (
    <Stack gap="lg">
      <Paper withBorder shadow="sm" radius="lg" p={{ base: 'lg', xs: 32 }}>
        <Stack gap={6} mb="lg">
          <Title order={1} fz={24} lh={1.25}>
            {title}
          </Title>
          {description ? (
            <Text c="dimmed" fz="sm">
              {description}
            </Text>
          ) : null}
        </Stack>
        {children}
      </Paper>
      {footer ? (
        <Text ta="center" fz="sm" c="dimmed">
          {footer}
        </Text>
      ) : null}
    </Stack>
  );
}

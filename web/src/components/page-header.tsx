import { Group, Stack, Text, Title } from '@mantine/core';
import type { ReactNode } from 'react';

type PageHeaderProps = {
  title: ReactNode;
  /** One sentence: what this page is for. */
  description?: ReactNode;
  /** The page's primary action (and at most one or two secondary ones). */
  actions?: ReactNode;
};

/** Answers "what is this, what can I do here" at the top of every signed-in page; holds its only h1. */
export function PageHeader({ title, description, actions }: PageHeaderProps) {
  return (
    <Group justify="space-between" align="flex-start" gap="md" mb="xl" wrap="wrap">
      <Stack gap={6} maw={680} style={{ flex: '1 1 320px' }}>
        <Title order={1} fz={{ base: 24, sm: 28 }} lh={1.2}>
          {title}
        </Title>
        {description ? (
          <Text c="dimmed" fz="md">
            {description}
          </Text>
        ) : null}
      </Stack>
      {actions ? <Group gap="sm">{actions}</Group> : null}
    </Group>
  );
}

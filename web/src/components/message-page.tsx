import { Center, EmptyState, Group } from '@mantine/core';
import type { ReactNode } from 'react';

type MessagePageProps = {
  icon: ReactNode;
  title: string;
  description: ReactNode;
  actions?: ReactNode;
  color?: string;
  /** 1 when the message is the whole page; 2 when it sits under a page header. */
  headingOrder?: 1 | 2;
};

/** A whole page that is one calm message: not found, not allowed, coming soon. Its title is the h1. */
export function MessagePage({ icon, title, description, actions, color, headingOrder = 1 }: MessagePageProps) {
  return (
    <Center mih={headingOrder === 1 ? 'min(60vh, 560px)' : undefined} px="md">
      <EmptyState size="lg" variant="light" color={color} icon={icon} maw={520}>
        <EmptyState.Title order={headingOrder} fz={headingOrder === 1 ? { base: 22, sm: 26 } : 'lg'}>
          {title}
        </EmptyState.Title>
        <EmptyState.Description fz="md">{description}</EmptyState.Description>
        {actions ? (
          <EmptyState.Actions>
            <Group gap="sm" justify="center">
              {actions}
            </Group>
          </EmptyState.Actions>
        ) : null}
      </EmptyState>
    </Center>
  );
}

import { Group, Text } from '@mantine/core';

type LogoMarkProps = { size?: number };

/** The round-table mark: six seats around one table. Decorative; the wordmark carries the name. */
export function LogoMark({ size = 28 }: LogoMarkProps) {
  return (
    <svg width={size} height={size} viewBox="0 0 32 32" aria-hidden="true" focusable="false">
      <rect width="32" height="32" rx="8" fill="var(--mantine-color-indigo-7)" />
      <circle cx="16" cy="16" r="5.5" fill="none" stroke="#fff" strokeWidth="2.5" />
      <g fill="#fff">
        <circle cx="16" cy="5.75" r="2.25" />
        <circle cx="16" cy="26.25" r="2.25" />
        <circle cx="7.1" cy="10.9" r="2.25" />
        <circle cx="24.9" cy="10.9" r="2.25" />
        <circle cx="7.1" cy="21.1" r="2.25" />
        <circle cx="24.9" cy="21.1" r="2.25" />
      </g>
    </svg>
  );
}

type LogoProps = { size?: 'sm' | 'lg' };

export function Logo({ size = 'sm' }: LogoProps) {
  const large = size === 'lg';
  return (
    <Group gap={large ? 10 : 8} wrap="nowrap">
      <LogoMark size={large ? 36 : 28} />
      <Text component="span" fw={700} fz={large ? 22 : 17} lh={1} c="var(--mantine-color-bright)" lts={-0.2}>
        Roundtable
      </Text>
    </Group>
  );
}

import { Group, NativeSelect, Text } from '@mantine/core';
import type { FieldVisibility } from '@roundtable/contract/profiles';
import { IconUsersGroup, IconWorld } from '@tabler/icons-react';
import { useId } from 'react';

const choices = [
  { value: 'network', label: 'Only peers in my networks' },
  { value: 'signed_in', label: 'Everyone signed in' },
];

type VisibilityControlProps = {
  /** The field's label, e.g. "Company", used to name the control for screen readers. */
  fieldLabel: string;
  value: FieldVisibility;
  onChange: (value: FieldVisibility) => void;
};

/** "Who sees this" beside a profile field, in words rather than an icon alone. */
export function VisibilityControl({ fieldLabel, value, onChange }: VisibilityControlProps) {
  const id = useId();
  const Icon = value === 'network' ? IconUsersGroup : IconWorld;
  return (
    <Group gap={6} wrap="nowrap" mt={4}>
      <Text component="label" htmlFor={id} fz="xs" c="dimmed" style={{ whiteSpace: 'nowrap' }}>
        Who sees this
      </Text>
      <NativeSelect
        id={id}
        size="xs"
        aria-label={`${fieldLabel}: who sees it`}
        data={choices}
        value={value}
        onChange={(event) => onChange(event.currentTarget.value as FieldVisibility)}
        leftSection={<Icon size={14} aria-hidden="true" />}
        w={220}
      />
    </Group>
  );
}

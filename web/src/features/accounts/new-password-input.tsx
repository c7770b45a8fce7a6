import { Box, Group, PasswordInput, type PasswordInputProps, Text, VisuallyHidden } from '@mantine/core';
import { PASSWORD_MIN_LENGTH } from '@roundtable/contract/accounts';
import { estimatePasswordStrength, type PasswordStrength } from './accounts.rules';

const SEGMENT_COLORS: Record<PasswordStrength['score'], string> = {
  0: 'var(--mantine-color-gray-5)',
  1: 'var(--mantine-color-red-7)',
  2: 'var(--mantine-color-orange-6)',
  3: 'var(--mantine-color-teal-6)',
  4: 'var(--mantine-color-green-7)',
};

const CATEGORY: Record<PasswordStrength['score'], string> = {
  0: 'too short',
  1: 'weak',
  2: 'fair',
  3: 'good',
  4: 'strong',
};

type NewPasswordInputProps = Omit<PasswordInputProps, 'value'> & { value: string };

/** A password being chosen: the rules up front, a show/hide toggle and a live strength hint below. */
export function NewPasswordInput({ value, ...props }: NewPasswordInputProps) {
  const strength = estimatePasswordStrength(value);
  return (
    <Box>
      <PasswordInput
        autoComplete="new-password"
        description={`At least ${PASSWORD_MIN_LENGTH} characters. A few unrelated words make a strong password you can remember.`}
        visibilityToggleFocusable
        visibilityToggleButtonProps={{ 'aria-label': 'Show password' }}
        {...props}
        value={value}
      />
      {value === '' ? null : (
        <Box mt={8}>
          <Group gap={4} grow aria-hidden="true">
            {[1, 2, 3, 4].map((segment) => (
              <Box
                key={segment}
                h={4}
                style={{
                  borderRadius: 2,
                  background:
                    strength.score >= segment ? SEGMENT_COLORS[strength.score] : 'var(--mantine-color-default-border)',
                  transition: 'background 150ms ease',
                }}
              />
            ))}
          </Group>
          <Text fz="xs" c="dimmed" mt={6}>
            {strength.label}
          </Text>
          <VisuallyHidden aria-live="polite">Password strength: {CATEGORY[strength.score]}</VisuallyHidden>
        </Box>
      )}
    </Box>
  );
}

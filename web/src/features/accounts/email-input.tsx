import { TextInput, type TextInputProps } from '@mantine/core';

/** The email field every account form shares, so label, autofill and hints stay the same everywhere. */
export function EmailInput(props: TextInputProps) {
  return (
    <TextInput label="Email" type="email" autoComplete="email" placeholder="you@company.com" required {...props} />
  );
}

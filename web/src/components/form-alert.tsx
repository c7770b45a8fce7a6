import { Alert } from '@mantine/core';
import { IconAlertCircle } from '@tabler/icons-react';

type FormAlertProps = { message: string | null; title?: string };

/** The server's answer when it is about the whole form rather than one field. */
export function FormAlert({ message, title }: FormAlertProps) {
  if (!message) return null;
  return (
    <Alert color="red" variant="light" icon={<IconAlertCircle size={18} aria-hidden="true" />} title={title}>
      {message}
    </Alert>
  );
}

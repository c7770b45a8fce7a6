import { Alert, Button, Text } from '@mantine/core';
import { IconMailExclamation } from '@tabler/icons-react';
import { useResendVerification } from './accounts.queries';
import { useMe } from './session';

/** A quiet nudge, shown until the signed-in person has confirmed their email address. */
export function VerifyEmailReminder() {
  const me = useMe();
  const resend = useResendVerification(me.email);
  if (me.emailVerified) return null;
  return (
    <Alert
      role="status"
      variant="default"
      icon={<IconMailExclamation size={20} color="var(--mantine-color-indigo-text)" aria-hidden="true" />}
      title="Confirm your email"
    >
      <Text fz="sm">
        Confirm your email address so your peers can reach you and you can recover your account. We sent a link to{' '}
        <strong>{me.email}</strong>.
      </Text>
      <Button mt="sm" size="xs" variant="default" loading={resend.isPending} onClick={() => resend.mutate()}>
        Resend email
      </Button>
    </Alert>
  );
}

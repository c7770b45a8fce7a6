import { Anchor, Button, Stack, Text, ThemeIcon } from '@mantine/core';
import { useForm } from '@mantine/form';
import { IconArrowLeft, IconMailForward } from '@tabler/icons-react';
import { useState } from 'react';
import { Link } from 'react-router';
import { AuthCard } from '../../components/auth-card';
import { FormAlert } from '../../components/form-alert';
import { applyApiError } from '../../lib/forms';
import { useLiveValidation } from '../../lib/use-live-validation';
import { usePageTitle } from '../../lib/use-page-title';
import { useRequestPasswordReset } from './accounts.queries';
import { validateEmail } from './accounts.rules';
import { EmailInput } from './email-input';

type ForgotPasswordValues = { email: string };

const backToSignIn = (
  <Anchor component={Link} to="/sign-in" fw={600}>
    <IconArrowLeft size={14} style={{ verticalAlign: '-2px', marginRight: 4 }} aria-hidden="true" />
    Back to sign in
  </Anchor>
);

export function ForgotPasswordPage() {
  const [sentTo, setSentTo] = useState<string | null>(null);
  usePageTitle(sentTo ? 'Check your email' : 'Reset your password');
  const requestReset = useRequestPasswordReset();
  const [alert, setAlert] = useState<string | null>(null);
  const form = useForm<ForgotPasswordValues>({
    initialValues: { email: '' },
    validate: { email: validateEmail },
    enhanceGetInputProps: useLiveValidation<ForgotPasswordValues>(),
  });

  const submit = form.onSubmit((values) => {
    setAlert(null);
    const email = values.email.trim();
    requestReset.mutate(
      { email },
      {
        onSuccess: () => setSentTo(email),
        onError: (error) => setAlert(applyApiError(error, { email: 'Email' }, form.setFieldError)),
      },
    );
  });

  if (sentTo) {
    // The same answer whether or not an account exists, so this page reveals nothing about who has one.
    return (
      <AuthCard title="Check your email" footer={backToSignIn}>
        <Stack gap="md" align="flex-start">
          <ThemeIcon size={44} radius="xl" variant="light" aria-hidden="true">
            <IconMailForward size={24} stroke={1.6} />
          </ThemeIcon>
          <Text>
            If an account exists for <strong>{sentTo}</strong>, we've sent a link to choose a new password. It works for
            one hour.
          </Text>
          <Text c="dimmed" fz="sm">
            Nothing after a few minutes? Check your spam folder, or make sure you used the address you sign in with.
          </Text>
          <Button variant="default" onClick={() => setSentTo(null)}>
            Use a different email
          </Button>
        </Stack>
      </AuthCard>
    );
  }

  return (
    <AuthCard
      title="Reset your password"
      description="Enter the email you sign in with and we'll send you a link to choose a new password."
      footer={backToSignIn}
    >
      <form onSubmit={submit} noValidate>
        <Stack gap="md">
          <FormAlert message={alert} />
          <EmailInput {...form.getInputProps('email')} />
          <Button type="submit" size="md" fullWidth loading={requestReset.isPending} disabled={requestReset.isPending}>
            Send reset link
          </Button>
        </Stack>
      </form>
    </AuthCard>
  );
}

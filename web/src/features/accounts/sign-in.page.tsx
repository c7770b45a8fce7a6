import { Anchor, Button, Group, PasswordInput, Stack } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useState } from 'react';
import { Link, useSearchParams } from 'react-router';
import { AuthCard } from '../../components/auth-card';
import { FormAlert } from '../../components/form-alert';
import { applyApiError } from '../../lib/forms';
import { withNext } from '../../lib/next-path';
import { useLiveValidation } from '../../lib/use-live-validation';
import { usePageTitle } from '../../lib/use-page-title';
import { useSignIn } from './accounts.queries';
import { validateCurrentPassword, validateEmail } from './accounts.rules';
import { EmailInput } from './email-input';

type SignInValues = { email: string; password: string };

const FIELDS = { email: 'Email', password: 'Password' };

export function SignInPage() {
  usePageTitle('Sign in');
  const [searchParams] = useSearchParams();
  const next = searchParams.get('next');
  const signIn = useSignIn();
  const [alert, setAlert] = useState<string | null>(null);
  const form = useForm<SignInValues>({
    initialValues: { email: '', password: '' },
    validate: { email: validateEmail, password: validateCurrentPassword },
    enhanceGetInputProps: useLiveValidation<SignInValues>(),
  });

  const submit = form.onSubmit((values) => {
    setAlert(null);
    // On success the session changes and the route guard takes the person on to `next` or home.
    signIn.mutate(
      { email: values.email.trim(), password: values.password },
      { onError: (error) => setAlert(applyApiError(error, FIELDS, form.setFieldError)) },
    );
  });

  return (
    <AuthCard
      title="Sign in"
      description="Welcome back. Your peers are a question away."
      footer={
        <Stack gap={6} align="center" component="span">
          <span>
            New to Roundtable?{' '}
            <Anchor component={Link} to={withNext('/sign-up', next)} fw={600}>
              Create an account
            </Anchor>
          </span>
          <span>
            Or start by learning where you stand:{' '}
            <Anchor component={Link} to="/nq" fw={600}>
              take the free NQ assessment
            </Anchor>
          </span>
        </Stack>
      }
    >
      <form onSubmit={submit} noValidate>
        <Stack gap="md">
          <FormAlert message={alert} />
          <EmailInput {...form.getInputProps('email')} />
          <Stack gap={6}>
            <PasswordInput
              label="Password"
              autoComplete="current-password"
              required
              visibilityToggleFocusable
              visibilityToggleButtonProps={{ 'aria-label': 'Show password' }}
              {...form.getInputProps('password')}
            />
            <Group justify="flex-end">
              <Anchor component={Link} to="/forgot-password" fz="sm">
                Forgot your password?
              </Anchor>
            </Group>
          </Stack>
          <Button type="submit" size="md" fullWidth loading={signIn.isPending} disabled={signIn.isPending}>
            Sign in
          </Button>
        </Stack>
      </form>
    </AuthCard>
  );
}

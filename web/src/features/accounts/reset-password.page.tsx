import { Alert, Anchor, Button, Stack } from '@mantine/core';
import { useForm } from '@mantine/form';
import { notifications } from '@mantine/notifications';
import { IconLinkOff } from '@tabler/icons-react';
import { useState } from 'react';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { AuthCard } from '../../components/auth-card';
import { FormAlert } from '../../components/form-alert';
import { ApiError } from '../../lib/api';
import { applyApiError } from '../../lib/forms';
import { useLiveValidation } from '../../lib/use-live-validation';
import { usePageTitle } from '../../lib/use-page-title';
import { useCompletePasswordReset } from './accounts.queries';
import { validateNewPassword } from './accounts.rules';
import { NewPasswordInput } from './new-password-input';

type ResetPasswordValues = { password: string };

const TOKEN_PATTERN = /^[A-Za-z0-9_-]{20,200}$/;

function InvalidLink() {
  return (
    <Stack gap="md">
      <Alert
        color="orange"
        variant="light"
        icon={<IconLinkOff size={18} aria-hidden="true" />}
        title="This link has expired or was already used"
      >
        Reset links work for one hour and only once. Ask for a new one and we'll email it to you.
      </Alert>
      <Button component={Link} to="/forgot-password" size="md" fullWidth>
        Ask for a new link
      </Button>
    </Stack>
  );
}

export function ResetPasswordPage() {
  usePageTitle('Choose a new password');
  const [searchParams] = useSearchParams();
  const token = searchParams.get('token') ?? '';
  const navigate = useNavigate();
  const completeReset = useCompletePasswordReset();
  const [alert, setAlert] = useState<string | null>(null);
  const [linkIsInvalid, setLinkIsInvalid] = useState(!TOKEN_PATTERN.test(token));
  const form = useForm<ResetPasswordValues>({
    initialValues: { password: '' },
    validate: { password: (value) => validateNewPassword(value) },
    enhanceGetInputProps: useLiveValidation<ResetPasswordValues>(),
  });

  const submit = form.onSubmit((values) => {
    setAlert(null);
    completeReset.mutate(
      { token, password: values.password },
      {
        onSuccess: (me) => {
          notifications.show({
            color: 'teal',
            title: 'Your new password is set',
            message: `Welcome back, ${me.name}. Your other devices were signed out.`,
          });
          void navigate('/', { replace: true });
        },
        onError: (error) => {
          if (error instanceof ApiError && error.code === 'invalid_token') setLinkIsInvalid(true);
          else setAlert(applyApiError(error, { password: 'New password' }, form.setFieldError));
        },
      },
    );
  });

  return (
    <AuthCard
      title="Choose a new password"
      description={linkIsInvalid ? undefined : 'Pick a password you do not use anywhere else. You will be signed in.'}
      footer={
        <Anchor component={Link} to="/sign-in" fw={600}>
          Back to sign in
        </Anchor>
      }
    >
      {linkIsInvalid ? (
        <InvalidLink />
      ) : (
        <form onSubmit={submit} noValidate>
          <Stack gap="md">
            <FormAlert message={alert} />
            <NewPasswordInput
              label="New password"
              required
              {...form.getInputProps('password')}
              value={form.values.password}
            />
            <Button
              type="submit"
              size="md"
              fullWidth
              loading={completeReset.isPending}
              disabled={completeReset.isPending}
            >
              Set new password
            </Button>
          </Stack>
        </form>
      )}
    </AuthCard>
  );
}

import { Alert, Anchor, Button, Stack, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import { notifications } from '@mantine/notifications';
import { NAME_MAX_LENGTH } from '@roundtable/contract/accounts';
import { IconCrown, IconLock, IconMailOpened } from '@tabler/icons-react';
import { useState } from 'react';
import { Link, useSearchParams } from 'react-router';
import { AuthCard } from '../../components/auth-card';
import { FormAlert } from '../../components/form-alert';
import { applyApiError } from '../../lib/forms';
import { withNext } from '../../lib/next-path';
import { useLiveValidation } from '../../lib/use-live-validation';
import { usePageTitle } from '../../lib/use-page-title';
import { usePublicInstance, useSignUp } from './accounts.queries';
import { validateEmail, validateName, validateNewPassword } from './accounts.rules';
import { EmailInput } from './email-input';
import { NewPasswordInput } from './new-password-input';

type SignUpValues = { name: string; email: string; password: string };

const FIELDS = { name: 'Name', email: 'Email', password: 'Password' };

export function SignUpPage() {
  usePageTitle('Sign up');
  const [searchParams] = useSearchParams();
  const next = searchParams.get('next');
  // Someone arriving from an invitation link may sign up even where sign-up is by invitation only.
  // The token also rides in `next` when the person went by the sign-in page first.
  const invitationToken =
    searchParams.get('invitation') ?? /^\/invitations\/([A-Za-z0-9_-]+)$/.exec(next ?? '')?.[1] ?? null;
  const instance = usePublicInstance();
  const signUp = useSignUp();
  const [alert, setAlert] = useState<string | null>(null);
  const form = useForm<SignUpValues>({
    initialValues: { name: '', email: '', password: '' },
    validate: {
      name: validateName,
      email: validateEmail,
      password: (value, values) =>
        validateNewPassword(value, [values.email, values.email.split('@')[0] ?? '', values.name]),
    },
    enhanceGetInputProps: useLiveValidation<SignUpValues>(),
  });

  const isFirstAccount = instance.data?.hasAdmin === false;
  const isInvitationOnly =
    instance.data?.hasAdmin === true && instance.data.signUpPolicy === 'invitation' && !invitationToken;

  const submit = form.onSubmit((values) => {
    setAlert(null);
    const email = values.email.trim();
    signUp.mutate(
      {
        name: values.name.trim(),
        email,
        password: values.password,
        ...(invitationToken ? { invitationToken } : {}),
      },
      {
        onSuccess: (me) =>
          notifications.show({
            color: 'teal',
            title: me.role === 'admin' ? 'Welcome, host admin' : `Welcome to Roundtable, ${me.name}`,
            message: `We sent a link to ${me.email} to confirm your address.`,
          }),
        onError: (error) => setAlert(applyApiError(error, FIELDS, form.setFieldError)),
      },
    );
  });

  const footer = (
    <>
      Already have an account?{' '}
      <Anchor component={Link} to={withNext('/sign-in', next)} fw={600}>
        Sign in
      </Anchor>
    </>
  );

  if (isInvitationOnly) {
    return (
      <AuthCard title="Create your account" footer={footer}>
        <Alert
          color="indigo"
          variant="light"
          icon={<IconLock size={18} aria-hidden="true" />}
          title="By invitation only"
        >
          This Roundtable is open to invited people only. Ask a facilitator or a host admin for an invitation; the email
          it comes with lets you create your account.
        </Alert>
      </AuthCard>
    );
  }

  return (
    <AuthCard
      title="Create your account"
      description="Meet true peers, ask them anything in confidence, and hear back fast."
      footer={footer}
    >
      <form onSubmit={submit} noValidate>
        <Stack gap="md">
          {invitationToken && !isFirstAccount ? (
            <Alert
              color="indigo"
              variant="light"
              icon={<IconMailOpened size={18} aria-hidden="true" />}
              title="You are invited"
            >
              Create your account, then accept the invitation and the network’s charter on the next page.
            </Alert>
          ) : null}
          {isFirstAccount ? (
            <Alert
              color="indigo"
              variant="light"
              icon={<IconCrown size={18} aria-hidden="true" />}
              title="You are the first one here"
            >
              The first account becomes the host admin of this Roundtable: you will decide who can join and set up the
              first networks.
            </Alert>
          ) : null}
          <FormAlert message={alert} />
          <TextInput
            label="Name"
            autoComplete="name"
            placeholder="Ada Lovelace"
            maxLength={NAME_MAX_LENGTH}
            required
            {...form.getInputProps('name')}
          />
          <EmailInput {...form.getInputProps('email')} />
          <NewPasswordInput
            label="Password"
            required
            {...form.getInputProps('password')}
            value={form.values.password}
          />
          <Button type="submit" size="md" fullWidth loading={signUp.isPending} disabled={signUp.isPending}>
            Create account
          </Button>
        </Stack>
      </form>
    </AuthCard>
  );
}

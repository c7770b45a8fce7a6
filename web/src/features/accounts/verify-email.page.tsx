import { Anchor, Button, Center, Loader, Stack, Text, ThemeIcon } from '@mantine/core';
import { IconCircleCheck, IconMailX } from '@tabler/icons-react';
import { useEffect, useRef } from 'react';
import { Link, useSearchParams } from 'react-router';
import { AuthCard } from '../../components/auth-card';
import { errorMessageOf } from '../../lib/api';
import { usePageTitle } from '../../lib/use-page-title';
import { useResendVerification, useVerifyEmail } from './accounts.queries';
import { useSession } from './session';

const TOKEN_PATTERN = /^[A-Za-z0-9_-]{20,200}$/;

function ResendButton({ email }: { email: string }) {
  const resend = useResendVerification(email);
  return (
    <Button size="md" fullWidth loading={resend.isPending} onClick={() => resend.mutate()}>
      Send a new link
    </Button>
  );
}

export function VerifyEmailPage() {
  const [searchParams] = useSearchParams();
  const token = searchParams.get('token') ?? '';
  const tokenLooksValid = TOKEN_PATTERN.test(token);
  const session = useSession();
  const me = session.data?.me ?? null;
  const verify = useVerifyEmail();
  const { mutate } = verify;
  // Tokens work once: the ref stops a second POST when React runs the effect twice in development.
  const postedToken = useRef<string | null>(null);

  useEffect(() => {
    if (!tokenLooksValid || postedToken.current === token) return;
    postedToken.current = token;
    mutate({ token });
  }, [token, tokenLooksValid, mutate]);

  const failed = !tokenLooksValid || verify.isError;
  const title = verify.isSuccess
    ? 'Email confirmed'
    : failed
      ? me?.emailVerified
        ? 'Your email is already confirmed'
        : 'We could not confirm your email'
      : 'Confirming your email…';
  usePageTitle(title);

  if (verify.isSuccess) {
    return (
      <AuthCard title={title}>
        <Stack gap="md" align="flex-start">
          <ThemeIcon size={44} radius="xl" color="teal" variant="light" aria-hidden="true">
            <IconCircleCheck size={26} stroke={1.6} />
          </ThemeIcon>
          <Text>Thank you — your peers can now reach you, and you can always recover your account.</Text>
          <Button component={Link} to="/" size="md" fullWidth>
            Continue
          </Button>
        </Stack>
      </AuthCard>
    );
  }

  if (failed) {
    const reason = tokenLooksValid
      ? errorMessageOf(verify.error)
      : 'This link is incomplete. Open it straight from the email, or ask for a new one.';
    return (
      <AuthCard title={title}>
        <Stack gap="md" align="flex-start">
          <ThemeIcon
            size={44}
            radius="xl"
            color={me?.emailVerified ? 'teal' : 'orange'}
            variant="light"
            aria-hidden="true"
          >
            {me?.emailVerified ? <IconCircleCheck size={26} stroke={1.6} /> : <IconMailX size={24} stroke={1.6} />}
          </ThemeIcon>
          {me?.emailVerified ? (
            <>
              <Text>There is nothing more to do: {me.email} is confirmed.</Text>
              <Button component={Link} to="/" size="md" fullWidth>
                Continue
              </Button>
            </>
          ) : me ? (
            <>
              <Text>{reason}</Text>
              <Text c="dimmed" fz="sm">
                Confirmation links work for 48 hours and only once. We can send a fresh one to {me.email}.
              </Text>
              <ResendButton email={me.email} />
              <Anchor component={Link} to="/" fz="sm">
                Not now — go home
              </Anchor>
            </>
          ) : (
            <>
              <Text>{reason}</Text>
              <Text c="dimmed" fz="sm">
                Confirmation links work for 48 hours and only once. Sign in and we can send you a fresh one.
              </Text>
              <Button component={Link} to="/sign-in" size="md" fullWidth>
                Sign in
              </Button>
            </>
          )}
        </Stack>
      </AuthCard>
    );
  }

  return (
    <AuthCard title={title}>
      <Center py="lg" role="status" aria-label="Confirming your email">
        <Loader type="dots" />
      </Center>
    </AuthCard>
  );
}

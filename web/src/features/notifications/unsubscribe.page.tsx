import { Alert, Anchor, Button, Stack, Text } from '@mantine/core';
import { NOTIFICATION_KINDS } from '@roundtable/contract/notifications';
import { IconAlertCircle, IconCircleCheck, IconMailOff } from '@tabler/icons-react';
import { Link, useSearchParams } from 'react-router';
import { AuthCard } from '../../components/auth-card';
import { FormAlert } from '../../components/form-alert';
import { isApiError } from '../../lib/api';
import { formErrorMessageOf } from '../../lib/forms';
import { usePageTitle } from '../../lib/use-page-title';
import { useUnsubscribe } from './notifications.queries';

const TOKEN = /^[A-Za-z0-9_-]{20,200}$/;

/** What the link will stop, in the words of the preferences page. */
function describeKind(kind: string | null): string {
  if (kind === null || kind === 'digest') return 'the email digest';
  const known = NOTIFICATION_KINDS.find((item) => item.id === kind);
  return known ? `emails when: ${known.label.charAt(0).toLowerCase()}${known.label.slice(1)}` : 'these emails';
}

const preferencesLink = (
  <Anchor component={Link} to="/settings/notifications" underline="always">
    preferences
  </Anchor>
);

/** Where an email's unsubscribe link lands; works signed out, the link's token is the credential. */
export function UnsubscribePage() {
  usePageTitle('Stop these emails');
  const [searchParams] = useSearchParams();
  const token = searchParams.get('token') ?? '';
  const kind = searchParams.get('kind');
  const unsubscribe = useUnsubscribe();
  // A refused token is a link that no longer works; anything else (the network) may work on a second try.
  const isBadLink =
    !TOKEN.test(token) ||
    (isApiError(unsubscribe.error) && unsubscribe.error.status >= 400 && unsubscribe.error.status < 500);

  if (isBadLink)
    return (
      <AuthCard title="This link does not work">
        <Stack gap="md">
          <Alert color="red" variant="light" icon={<IconAlertCircle size={18} aria-hidden="true" />}>
            The unsubscribe link is incomplete or no longer valid. Copy the whole link from the email, or sign in and
            choose your emails in your notification preferences.
          </Alert>
          <Button component={Link} to="/settings/notifications" variant="default">
            Open notification preferences
          </Button>
        </Stack>
      </AuthCard>
    );

  if (unsubscribe.isSuccess)
    return (
      <AuthCard title="You’re unsubscribed">
        <Stack gap="md" role="status">
          <Alert color="teal" variant="light" icon={<IconCircleCheck size={18} aria-hidden="true" />}>
            Done — you’ll no longer get {unsubscribe.data.stopped}.
          </Alert>
          <Text fz="sm">Change all your emails in {preferencesLink}.</Text>
        </Stack>
      </AuthCard>
    );

  return (
    <AuthCard
      title="Stop these emails?"
      description={`You’ll no longer get ${describeKind(kind)}. Everything still shows under the bell in Roundtable.`}
    >
      <Stack gap="md">
        <FormAlert message={unsubscribe.isError ? formErrorMessageOf(unsubscribe.error) : null} />
        <Button
          leftSection={<IconMailOff size={16} aria-hidden="true" />}
          loading={unsubscribe.isPending}
          onClick={() => unsubscribe.mutate({ token, kind })}
          fullWidth
        >
          Stop these emails
        </Button>
        <Text c="dimmed" fz="sm" ta="center">
          Or choose exactly what you get in your {preferencesLink}.
        </Text>
      </Stack>
    </AuthCard>
  );
}

import {
  Badge,
  Button,
  DataList,
  Group,
  Paper,
  PasswordInput,
  Stack,
  Text,
  TextInput,
  Title,
  useMatches,
} from '@mantine/core';
import { useForm } from '@mantine/form';
import { notifications } from '@mantine/notifications';
import { type MeView, NAME_MAX_LENGTH } from '@roundtable/contract/accounts';
import { IconAlertCircle, IconCircleCheck } from '@tabler/icons-react';
import { type ReactNode, useState } from 'react';
import { Link } from 'react-router';
import { FormAlert } from '../../components/form-alert';
import { PageHeader } from '../../components/page-header';
import { applyApiError } from '../../lib/forms';
import { formatDate } from '../../lib/time';
import { useLiveValidation } from '../../lib/use-live-validation';
import { usePageTitle } from '../../lib/use-page-title';
import { AvatarEditor } from '../profiles/avatar-editor';
import { ProfileEditor } from '../profiles/profile-editor';
import { useChangePassword, useResendVerification, useUpdateMe } from './accounts.queries';
import { validateCurrentPassword, validateName, validateNewPassword } from './accounts.rules';
import { NewPasswordInput } from './new-password-input';
import { useMe } from './session';

// Lets a long email wrap instead of pushing the card wider than a phone screen.
const VALUE_STYLE = { flex: 1, minWidth: 0 };

type SectionProps = { title: string; description: string; children: ReactNode };

function Section({ title, description, children }: SectionProps) {
  return (
    <Paper withBorder p={{ base: 'md', sm: 'xl' }} component="section">
      <Stack gap={4} mb="lg">
        <Title order={2} fz="h3">
          {title}
        </Title>
        <Text c="dimmed" fz="sm">
          {description}
        </Text>
      </Stack>
      {children}
    </Paper>
  );
}

type NameValues = { name: string };

function NameForm({ me }: { me: MeView }) {
  const updateMe = useUpdateMe();
  const [alert, setAlert] = useState<string | null>(null);
  const form = useForm<NameValues>({
    initialValues: { name: me.name },
    validate: { name: validateName },
    enhanceGetInputProps: useLiveValidation<NameValues>(),
  });
  const unchanged = form.values.name.trim() === me.name;

  const submit = form.onSubmit((values) => {
    setAlert(null);
    const name = values.name.trim();
    updateMe.mutate(
      { name },
      {
        onSuccess: (updated) => {
          form.setInitialValues({ name: updated.name });
          form.setValues({ name: updated.name });
          notifications.show({ color: 'teal', message: 'Your name is saved.' });
        },
        onError: (error) => setAlert(applyApiError(error, { name: 'Name' }, form.setFieldError)),
      },
    );
  });

  return (
    <form onSubmit={submit} noValidate>
      <Stack gap="sm">
        <FormAlert message={alert} />
        <TextInput
          label="Name"
          description="Shown to everyone signed in, next to your picture."
          autoComplete="name"
          maxLength={NAME_MAX_LENGTH}
          required
          maw={440}
          {...form.getInputProps('name')}
        />
        <Group>
          <Button type="submit" loading={updateMe.isPending} disabled={unchanged || updateMe.isPending}>
            Save name
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

function EmailStatus({ me }: { me: MeView }) {
  const resend = useResendVerification(me.email);
  return (
    <Stack gap={8} align="flex-start">
      <Group gap="xs" wrap="wrap">
        <Text component="span" fz="sm" fw={500} style={{ overflowWrap: 'anywhere' }}>
          {me.email}
        </Text>
        {me.emailVerified ? (
          <Badge color="teal" variant="light" leftSection={<IconCircleCheck size={12} aria-hidden="true" />}>
            Verified
          </Badge>
        ) : (
          <Badge color="orange" variant="light" leftSection={<IconAlertCircle size={12} aria-hidden="true" />}>
            Not verified
          </Badge>
        )}
      </Group>
      {me.emailVerified ? null : (
        <Button size="xs" variant="default" loading={resend.isPending} onClick={() => resend.mutate()}>
          Resend confirmation email
        </Button>
      )}
    </Stack>
  );
}

type PasswordValues = { currentPassword: string; newPassword: string };

function ChangePasswordForm({ me }: { me: MeView }) {
  const changePassword = useChangePassword();
  const [alert, setAlert] = useState<string | null>(null);
  const form = useForm<PasswordValues>({
    initialValues: { currentPassword: '', newPassword: '' },
    validate: {
      currentPassword: validateCurrentPassword,
      newPassword: (value) => validateNewPassword(value, [me.email, me.name]),
    },
    enhanceGetInputProps: useLiveValidation<PasswordValues>(),
  });

  const submit = form.onSubmit((values) => {
    setAlert(null);
    changePassword.mutate(values, {
      onSuccess: () => {
        form.reset();
        notifications.show({ color: 'teal', message: 'Password changed. Other devices were signed out.' });
      },
      onError: (error) =>
        setAlert(
          applyApiError(
            error,
            { currentPassword: 'Current password', newPassword: 'New password' },
            form.setFieldError,
          ),
        ),
    });
  });

  return (
    <form onSubmit={submit} noValidate>
      <Stack gap="md" maw={440}>
        <FormAlert message={alert} />
        <PasswordInput
          label="Current password"
          autoComplete="current-password"
          required
          visibilityToggleFocusable
          visibilityToggleButtonProps={{ 'aria-label': 'Show password' }}
          {...form.getInputProps('currentPassword')}
        />
        <NewPasswordInput
          label="New password"
          required
          {...form.getInputProps('newPassword')}
          value={form.values.newPassword}
        />
        <Group>
          <Button type="submit" loading={changePassword.isPending} disabled={changePassword.isPending}>
            Change password
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

export function ProfilePage() {
  usePageTitle('Profile');
  const me = useMe();
  // Labels beside values need room; on a phone they stack above.
  const dataListOrientation = useMatches<'vertical' | 'horizontal'>({ base: 'vertical', xs: 'horizontal' });
  return (
    <>
      <PageHeader
        title="Profile"
        description="How your peers see you, and how you sign in."
        actions={
          <Button component={Link} to={`/members/${me.id}`} variant="default">
            See your public profile
          </Button>
        }
      />
      <Stack gap="lg" maw={760}>
        <Section title="Picture" description="Helps peers recognise you in threads and meetings.">
          <AvatarEditor me={me} />
        </Section>
        <Section title="Your details" description="Your name is visible to everyone signed in.">
          <Stack gap="xl">
            <NameForm me={me} />
            <DataList withDivider labelWidth={112} orientation={dataListOrientation}>
              <DataList.Item>
                <DataList.ItemLabel>Email</DataList.ItemLabel>
                <DataList.ItemValue style={VALUE_STYLE}>
                  <EmailStatus me={me} />
                </DataList.ItemValue>
              </DataList.Item>
              <DataList.Item>
                <DataList.ItemLabel>Role</DataList.ItemLabel>
                <DataList.ItemValue style={VALUE_STYLE}>
                  {me.role === 'admin' ? 'Host admin' : 'Member'}
                </DataList.ItemValue>
              </DataList.Item>
              <DataList.Item>
                <DataList.ItemLabel>Member since</DataList.ItemLabel>
                <DataList.ItemValue style={VALUE_STYLE}>{formatDate(me.createdAt)}</DataList.ItemValue>
              </DataList.Item>
            </DataList>
          </Stack>
        </Section>
        <ProfileEditor me={me} />
        <Section title="Change password" description="Changing your password signs you out on your other devices.">
          <ChangePasswordForm me={me} />
        </Section>
      </Stack>
    </>
  );
}

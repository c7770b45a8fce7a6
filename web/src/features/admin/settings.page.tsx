import { Button, Group, Paper, Radio, Skeleton, Stack, Switch, Text, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import type { SignUpPolicy } from '@roundtable/contract/admin';
import { useState } from 'react';
import { ErrorState } from '../../components/error-state';
import { FormAlert } from '../../components/form-alert';
import { PageHeader } from '../../components/page-header';
import { errorMessageOf } from '../../lib/api';
import { formErrorMessageOf } from '../../lib/forms';
import { usePageTitle } from '../../lib/use-page-title';
import { useInstanceSettings, useUpdateInstanceSettings } from './admin.queries';

const POLICIES: { value: SignUpPolicy; label: string; description: string; saved: string }[] = [
  {
    value: 'open',
    label: 'Open — anyone can create an account',
    description: 'Suits associations and open communities. Each network still decides who may join it.',
    saved: 'Anyone can now create an account.',
  },
  {
    value: 'invitation',
    label: 'By invitation — only invited people can join',
    description: 'Suits company programmes and private groups. Facilitators and host admins invite people by email.',
    saved: 'Only invited people can join now.',
  },
];

const isSignUpPolicy = (value: string): value is SignUpPolicy => value === 'open' || value === 'invitation';

function SignUpPolicyForm({ current }: { current: SignUpPolicy }) {
  const update = useUpdateInstanceSettings();
  const [choice, setChoice] = useState<SignUpPolicy>(current);
  const [alert, setAlert] = useState<string | null>(null);

  return (
    <form
      noValidate
      onSubmit={(event) => {
        event.preventDefault();
        setAlert(null);
        update.mutate(
          { signUpPolicy: choice },
          {
            onSuccess: (settings) =>
              notifications.show({
                color: 'teal',
                title: 'Sign-up policy saved',
                message: POLICIES.find((policy) => policy.value === settings.signUpPolicy)?.saved,
              }),
            onError: (error) => setAlert(formErrorMessageOf(error)),
          },
        );
      }}
    >
      <Stack gap="lg">
        <FormAlert message={alert} />
        <Radio.Group
          label="Who can create an account"
          value={choice}
          onChange={(value) => {
            if (isSignUpPolicy(value)) setChoice(value);
          }}
        >
          <Stack gap="md" mt="sm">
            {POLICIES.map((policy) => (
              <Radio key={policy.value} value={policy.value} label={policy.label} description={policy.description} />
            ))}
          </Stack>
        </Radio.Group>
        <Group>
          <Button type="submit" loading={update.isPending} disabled={choice === current || update.isPending}>
            Save changes
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

function ProposalsSwitch({ current }: { current: boolean }) {
  const update = useUpdateInstanceSettings();
  const [alert, setAlert] = useState<string | null>(null);
  // While saving, the switch shows the value being saved rather than jumping back.
  const checked = (update.isPending ? update.variables?.memberNetworkProposals : undefined) ?? current;
  return (
    <Stack gap="md">
      <FormAlert message={alert} />
      <Switch
        label="Members can propose networks"
        description="A proposed network waits under Admin › Network proposals until a host admin approves it; its proposer becomes its first facilitator."
        checked={checked}
        disabled={update.isPending}
        onChange={(event) => {
          setAlert(null);
          const memberNetworkProposals = event.currentTarget.checked;
          update.mutate(
            { memberNetworkProposals },
            {
              onSuccess: () =>
                notifications.show({
                  color: 'teal',
                  message: memberNetworkProposals
                    ? 'Members can now propose networks.'
                    : 'Only host admins create networks now.',
                }),
              onError: (error) => setAlert(formErrorMessageOf(error)),
            },
          );
        }}
      />
    </Stack>
  );
}

export function SettingsPage() {
  usePageTitle('Settings');
  const settings = useInstanceSettings();

  return (
    <>
      <PageHeader title="Settings" description="How this Roundtable instance works for everyone on it." />
      <Paper withBorder p={{ base: 'md', sm: 'xl' }} component="section" maw={760}>
        <Stack gap={4} mb="lg">
          <Title order={2} fz="h3">
            Sign-up policy
          </Title>
          <Text c="dimmed" fz="sm">
            Decide whether people can create an account on their own, or only when invited.
          </Text>
        </Stack>
        {settings.isPending ? (
          <Stack gap="md" aria-busy="true" aria-label="Loading settings">
            <Skeleton height={14} width="40%" radius="xl" />
            <Skeleton height={14} width="70%" radius="xl" />
            <Skeleton height={14} width="65%" radius="xl" />
          </Stack>
        ) : settings.isError ? (
          <ErrorState
            title="Settings did not load"
            message={errorMessageOf(settings.error)}
            onRetry={() => void settings.refetch()}
            retrying={settings.isRefetching}
          />
        ) : (
          <SignUpPolicyForm key={settings.data.signUpPolicy} current={settings.data.signUpPolicy} />
        )}
      </Paper>
      <Paper withBorder p={{ base: 'md', sm: 'xl' }} component="section" maw={760} mt="lg">
        <Stack gap={4} mb="lg">
          <Title order={2} fz="h3">
            Networks
          </Title>
          <Text c="dimmed" fz="sm">
            Host admins always create networks. Decide whether members may propose them too.
          </Text>
        </Stack>
        {settings.isPending ? (
          <Skeleton height={24} width="50%" radius="xl" />
        ) : settings.isError ? null : (
          <ProposalsSwitch current={settings.data.memberNetworkProposals} />
        )}
      </Paper>
    </>
  );
}

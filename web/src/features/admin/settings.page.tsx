import { Button, Group, NumberInput, Paper, Radio, Skeleton, Stack, Switch, Text, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import type { InstanceSettingsView, SignUpPolicy } from '@roundtable/contract/admin';
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

type PulseRules = Pick<InstanceSettingsView, 'pulsesAskVerifiedOnly' | 'pulsesMinimumMemberDays'>;

function PulseRulesForm({ current }: { current: PulseRules }) {
  const update = useUpdateInstanceSettings();
  const [alert, setAlert] = useState<string | null>(null);
  const [askVerifiedOnly, setAskVerifiedOnly] = useState(current.pulsesAskVerifiedOnly);
  const [days, setDays] = useState<number>(current.pulsesMinimumMemberDays);
  const isValidDays = Number.isInteger(days) && days >= 0 && days <= 90;
  const isChanged = askVerifiedOnly !== current.pulsesAskVerifiedOnly || days !== current.pulsesMinimumMemberDays;
  return (
    <form
      onSubmit={(event) => {
        event.preventDefault();
        if (!isValidDays) return;
        setAlert(null);
        update.mutate(
          { pulsesAskVerifiedOnly: askVerifiedOnly, pulsesMinimumMemberDays: days },
          {
            onSuccess: () =>
              notifications.show({ color: 'teal', message: 'Pulse rules saved. New pulses follow them.' }),
            onError: (error) => setAlert(formErrorMessageOf(error)),
          },
        );
      }}
    >
      <Stack gap="md">
        <FormAlert message={alert} />
        <Switch
          label="Ask only members who confirmed their email"
          description="Accounts nobody confirmed are not asked, so they cannot count toward a pulse's results threshold."
          checked={askVerifiedOnly}
          onChange={(event) => setAskVerifiedOnly(event.currentTarget.checked)}
        />
        <NumberInput
          label="Ask members after they have belonged to the network for"
          description="In days, 0 to 90. New members are asked once they have been in the network this long; 0 asks everyone at once."
          suffix=" days"
          min={0}
          max={90}
          step={1}
          allowDecimal={false}
          allowNegative={false}
          value={days}
          onChange={(value) => setDays(typeof value === 'number' ? value : Number.parseInt(value, 10) || 0)}
          error={isValidDays ? undefined : 'Choose a whole number of days from 0 to 90.'}
          maw={360}
        />
        <Group>
          <Button type="submit" loading={update.isPending} disabled={!isChanged || !isValidDays || update.isPending}>
            Save pulse rules
          </Button>
        </Group>
      </Stack>
    </form>
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
      <Paper
        withBorder
        p={{ base: 'md', sm: 'xl' }}
        component="section"
        maw={760}
        mt="lg"
        aria-labelledby="pulse-rules-heading"
      >
        <Stack gap={4} mb="lg">
          <Title order={2} fz="h3" id="pulse-rules-heading">
            Pulses
          </Title>
          <Text c="dimmed" fz="sm">
            A pulse shows results only once enough peers have answered. In networks anyone can join, decide who is
            asked, so that no one can make up that number with accounts of their own.
          </Text>
        </Stack>
        {settings.isPending ? (
          <Skeleton height={24} width="50%" radius="xl" />
        ) : settings.isError ? null : (
          <PulseRulesForm
            key={`${settings.data.pulsesAskVerifiedOnly}-${settings.data.pulsesMinimumMemberDays}`}
            current={settings.data}
          />
        )}
      </Paper>
    </>
  );
}

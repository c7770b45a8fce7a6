import { Anchor, Button } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import type { NetworkView } from '@roundtable/contract/networks';
import { IconArrowLeft, IconShieldLock } from '@tabler/icons-react';
import { Link, useNavigate } from 'react-router';
import { MessagePage } from '../../components/message-page';
import { PageHeader } from '../../components/page-header';
import { MeetingSettingsSection } from '../meetings/meeting-settings';
import { NetworkGate } from './network.page';
import { NetworkForm, networkValues, updateBodyFrom } from './network-form';
import { useUpdateNetwork } from './networks.queries';

export function BackToNetwork({ network }: { network: NetworkView }) {
  return (
    <Anchor
      component={Link}
      to={`/networks/${network.slug}`}
      fz="sm"
      mb="xs"
      display="inline-flex"
      style={{ alignItems: 'center', gap: 4 }}
    >
      <IconArrowLeft size={14} aria-hidden="true" />
      {network.name}
    </Anchor>
  );
}

/** Only for the people the server lets manage; anyone else reads why not. */
export function FacilitatorsOnly({ network }: { network: NetworkView }) {
  return (
    <MessagePage
      icon={<IconShieldLock size={30} stroke={1.5} aria-hidden="true" />}
      title="For facilitators"
      description={`Only the facilitators of ${network.name} and host admins can open this page.`}
      actions={
        <Button component={Link} to={`/networks/${network.slug}`}>
          Back to the network
        </Button>
      }
    />
  );
}

function SettingsForm({ network }: { network: NetworkView }) {
  const update = useUpdateNetwork(network.slug);
  const navigate = useNavigate();
  return (
    <>
      <BackToNetwork network={network} />
      <PageHeader
        title="Network settings"
        description="What the network is, who it is for, how people join and what they agree to."
      />
      <NetworkForm
        mode="edit"
        initialValues={networkValues(network)}
        submitLabel="Save settings"
        pending={update.isPending}
        onSubmit={async (values, initial) => {
          const saved = await update.mutateAsync(updateBodyFrom(values, initial));
          notifications.show({
            color: 'teal',
            message:
              saved.charterVersion > network.charterVersion
                ? `Saved. Members will be asked to accept charter version ${saved.charterVersion}.`
                : 'The settings are saved.',
          });
          if (saved.slug !== network.slug) void navigate(`/networks/${saved.slug}/settings`, { replace: true });
          return networkValues(saved);
        }}
      />
      <MeetingSettingsSection networkId={network.id} />
    </>
  );
}

export function NetworkSettingsPage() {
  return (
    <NetworkGate page="Settings">
      {(network) =>
        network.viewer.abilities.manage ? (
          <SettingsForm key={network.id} network={network} />
        ) : (
          <FacilitatorsOnly network={network} />
        )
      }
    </NetworkGate>
  );
}

import { Button } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconUsersGroup } from '@tabler/icons-react';
import { useMemo } from 'react';
import { Link, useNavigate } from 'react-router';
import { MessagePage } from '../../components/message-page';
import { PageHeader } from '../../components/page-header';
import { usePageTitle } from '../../lib/use-page-title';
import { usePublicInstance } from '../accounts/accounts.queries';
import { useMe } from '../accounts/session';
import { NetworkSkeleton } from './network.page';
import { createBodyFrom, NetworkForm, newNetworkValues } from './network-form';
import { useCreateNetwork } from './networks.queries';

/** Host admins create a network; members propose one when the instance allows it. The same form either way. */
export function NewNetworkPage() {
  const me = useMe();
  const instance = usePublicInstance();
  const create = useCreateNetwork();
  const navigate = useNavigate();
  const initialValues = useMemo(newNetworkValues, []);
  const isHost = me.abilities.manageInstance;
  const canPropose = instance.data?.memberNetworkProposals === true;
  usePageTitle(isHost ? 'Create a network' : 'Propose a network');

  if (!isHost && instance.isPending) return <NetworkSkeleton />;
  if (!isHost && !canPropose) {
    return (
      <MessagePage
        icon={<IconUsersGroup size={30} stroke={1.5} aria-hidden="true" />}
        title="Host admins set up networks here"
        description="On this Roundtable only host admins create networks. If you know a group of peers who should meet, tell one of them."
        actions={
          <Button component={Link} to="/networks">
            Browse networks
          </Button>
        }
      />
    );
  }

  return (
    <>
      <PageHeader
        title={isHost ? 'Create a network' : 'Propose a network'}
        description={
          isHost
            ? 'A small group of true peers. You become its first facilitator, and can appoint others.'
            : 'Describe the group of peers you have in mind. A host admin reviews it; once approved, you become its first facilitator.'
        }
      />
      <NetworkForm
        mode="create"
        initialValues={initialValues}
        submitLabel={isHost ? 'Create network' : 'Send proposal'}
        pending={create.isPending}
        onSubmit={async (values) => {
          const network = await create.mutateAsync(createBodyFrom(values));
          notifications.show({
            color: 'teal',
            title: network.status === 'proposed' ? 'Proposal sent' : `${network.name} is open`,
            message:
              network.status === 'proposed'
                ? 'A host admin will review it. You will hear by email.'
                : 'Invite the first members from its page.',
          });
          void navigate(`/networks/${network.slug}`);
          return null;
        }}
      />
    </>
  );
}

import { Blockquote, Button, Group, Paper, Skeleton, Stack, Text, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import type { InvitationPreviewView } from '@roundtable/contract/networks';
import { IconCalendarRepeat, IconLinkOff, IconLock, IconMapPin, IconUsers } from '@tabler/icons-react';
import { Link, useNavigate, useParams } from 'react-router';
import { ErrorState } from '../../components/error-state';
import { MessagePage } from '../../components/message-page';
import { RelativeTime } from '../../components/relative-time';
import { errorMessageOf, isApiError } from '../../lib/api';
import { usePageTitle } from '../../lib/use-page-title';
import { useSession } from '../accounts/session';
import { CharterAcceptance, CharterText } from './charter-modal';
import { cadenceLabel, formatLabel, membersLabel } from './network-labels';
import classes from './networks.module.css';
import { useAcceptInvitation, useInvitationPreview } from './networks.queries';

function Fact({ icon: Icon, text }: { icon: typeof IconUsers; text: string }) {
  return (
    <Group gap={6} wrap="nowrap">
      <Icon size={16} aria-hidden="true" className={classes.factIcon} />
      <Text fz="sm" c="dimmed">
        {text}
      </Text>
    </Group>
  );
}

function AcceptForm({ token, preview }: { token: string; preview: InvitationPreviewView }) {
  const accept = useAcceptInvitation(token);
  const navigate = useNavigate();
  return (
    <CharterAcceptance
      network={preview.network}
      scroll={false}
      submitLabel="Accept and join"
      pending={accept.isPending}
      error={accept.error}
      onAccept={(charterVersion) =>
        accept.mutate(
          { charterVersion },
          {
            onSuccess: (accepted) => {
              notifications.show({
                color: 'teal',
                title: `Welcome to ${preview.network.name}`,
                message: accepted.joined
                  ? 'You are a member now.'
                  : 'Accept the charter on the network’s page to join.',
              });
              void navigate(`/networks/${accepted.slug}`);
            },
          },
        )
      }
    />
  );
}

function Invitation({
  token,
  preview,
  signedIn,
}: {
  token: string;
  preview: InvitationPreviewView;
  signedIn: boolean;
}) {
  const { network } = preview;
  const here = `/invitations/${token}`;
  const signUp = `/sign-up?${new URLSearchParams({ next: here, invitation: token }).toString()}`;
  const signIn = `/sign-in?${new URLSearchParams({ next: here }).toString()}`;
  return (
    <Stack gap="lg" maw={760} mx="auto" w="100%">
      <Paper withBorder p={{ base: 'lg', sm: 'xl' }} radius="lg">
        <Stack gap="md">
          <Text fz="sm" c="dimmed">
            {preview.invitedBy.name} invites you to join
          </Text>
          <Title order={1} fz={{ base: 24, sm: 28 }} lh={1.2} style={{ overflowWrap: 'anywhere' }}>
            {network.name}
          </Title>
          <Group gap="lg" style={{ rowGap: 4 }}>
            <Fact
              icon={IconMapPin}
              text={[formatLabel(network.format), network.homeLocation].filter(Boolean).join(' · ')}
            />
            <Fact icon={IconCalendarRepeat} text={`Meets ${cadenceLabel(network.cadence).toLowerCase()}`} />
            <Fact icon={IconUsers} text={membersLabel(network.memberCount, null)} />
          </Group>
          <Text className={classes.prose}>{network.purpose}</Text>
          {preview.message ? (
            <Blockquote p="md" color="indigo" cite={`— ${preview.invitedBy.name}`} className={classes.prose}>
              {preview.message}
            </Blockquote>
          ) : null}
          <Text fz="sm" c="dimmed">
            This invitation expires <RelativeTime value={preview.expiresAt} />.
          </Text>
        </Stack>
      </Paper>
      <Paper
        withBorder
        p={{ base: 'lg', sm: 'xl' }}
        radius="lg"
        component="section"
        aria-labelledby="invitation-charter"
      >
        <Stack gap="md">
          <Group gap={8} wrap="nowrap">
            <IconLock size={18} aria-hidden="true" className={classes.factIcon} />
            <Title order={2} fz="h4" id="invitation-charter">
              What members agree to
            </Title>
          </Group>
          {signedIn ? (
            <AcceptForm token={token} preview={preview} />
          ) : (
            <>
              <CharterText network={network} headingOrder={3} />
              <Text fz="sm">You accept the charter and the confidentiality agreement when you join.</Text>
              <Group gap="sm">
                <Button component={Link} to={signUp}>
                  Create an account to accept
                </Button>
                <Button component={Link} to={signIn} variant="default">
                  Sign in
                </Button>
              </Group>
            </>
          )}
        </Stack>
      </Paper>
    </Stack>
  );
}

/** Where an invitation link lands, signed in or not: the network, the note, the charter, and one way forward. */
export function InvitationPage() {
  const { token = '' } = useParams();
  const session = useSession();
  const preview = useInvitationPreview(token);
  usePageTitle(preview.data ? `Invitation to ${preview.data.network.name}` : 'Invitation');

  if (preview.isPending || session.isPending) {
    return (
      <Stack gap="md" maw={760} mx="auto" w="100%" aria-busy="true" aria-label="Loading the invitation">
        <Skeleton height={220} radius="lg" />
        <Skeleton height={280} radius="lg" />
      </Stack>
    );
  }
  if (preview.isError) {
    // A malformed, unknown, used, revoked or expired token all read the same: ask for a new one.
    const status = isApiError(preview.error) ? preview.error.status : 0;
    if (status === 400 || status === 404 || status === 410) {
      return (
        <MessagePage
          icon={<IconLinkOff size={30} stroke={1.5} aria-hidden="true" />}
          title="This invitation no longer works"
          description="It may have expired, been used already or been withdrawn. Ask the person who invited you for a new one."
          actions={
            <Button component={Link} to="/">
              Go to Roundtable
            </Button>
          }
        />
      );
    }
    return (
      <ErrorState
        title="The invitation could not load"
        message={errorMessageOf(preview.error)}
        onRetry={() => void preview.refetch()}
        retrying={preview.isFetching}
      />
    );
  }
  return <Invitation token={token} preview={preview.data} signedIn={Boolean(session.data?.me)} />;
}

import { Anchor, Badge, Group, Paper, Skeleton, Stack, Text, Title, Tooltip } from '@mantine/core';
import type { NetworkSummaryView } from '@roundtable/contract/networks';
import { IconCalendarRepeat, IconEyeOff, IconMapPin, IconUsers } from '@tabler/icons-react';
import { Link } from 'react-router';
import { cadenceLabel, formatLabel, joinPolicyBadge, membersLabel } from './network-labels';
import classes from './networks.module.css';

/** What the viewer's relation to the network is, in words: member, facilitator, waiting, invited. */
export function viewerStatus(network: NetworkSummaryView): { label: string; color: string } | null {
  const { viewer } = network;
  if (viewer.role === 'facilitator') return { label: 'You facilitate', color: 'indigo' };
  if (viewer.role === 'member') return { label: 'Member', color: 'indigo' };
  if (viewer.admitted) return { label: 'Admitted: accept the charter', color: 'teal' };
  if (viewer.application?.status === 'pending') return { label: 'Application pending', color: 'yellow' };
  return null;
}

function fitLabel(fit: number): string {
  if (fit >= 75) return `Strong fit (${fit}%)`;
  if (fit >= 40) return `Good fit (${fit}%)`;
  return `Partial fit (${fit}%)`;
}

/** One network in a list: enough to decide whether to open it. Its name is the link. */
export function NetworkCard({ network, headingLevel = 3 }: { network: NetworkSummaryView; headingLevel?: 2 | 3 }) {
  const status = viewerStatus(network);
  const place = [formatLabel(network.format), network.homeLocation].filter(Boolean).join(' · ');
  return (
    <Paper withBorder p="lg" className={classes.card} component="article">
      <Stack gap="sm" h="100%">
        <Group justify="space-between" align="flex-start" wrap="nowrap" gap="sm">
          <Title order={headingLevel} fz="h4" lh={1.3} style={{ overflowWrap: 'anywhere' }}>
            <Anchor component={Link} to={`/networks/${network.slug}`} className={classes.cardLink} c="inherit" fw={650}>
              {network.name}
            </Anchor>
          </Title>
          {network.listed ? null : (
            <Tooltip label="Unlisted: only members and invited people can find it">
              <Badge
                variant="light"
                color="gray"
                leftSection={<IconEyeOff size={12} aria-hidden="true" />}
                tt="none"
                style={{ flex: 'none' }}
              >
                Unlisted
              </Badge>
            </Tooltip>
          )}
        </Group>
        <Text fz="sm" lineClamp={3} style={{ flex: 1 }}>
          {network.purpose}
        </Text>
        <Stack gap={4}>
          <Group gap={6} wrap="nowrap">
            <IconMapPin size={15} aria-hidden="true" className={classes.factIcon} />
            <Text fz="sm" c="dimmed" truncate>
              {place}
            </Text>
          </Group>
          <Group gap={6} wrap="nowrap">
            <IconCalendarRepeat size={15} aria-hidden="true" className={classes.factIcon} />
            <Text fz="sm" c="dimmed">
              Meets {cadenceLabel(network.cadence).toLowerCase()}
            </Text>
          </Group>
          <Group gap={6} wrap="nowrap">
            <IconUsers size={15} aria-hidden="true" className={classes.factIcon} />
            <Text fz="sm" c="dimmed">
              {membersLabel(network.memberCount, network.sizeLimit)}
            </Text>
          </Group>
        </Stack>
        <Group gap={6}>
          {network.status === 'proposed' ? (
            <Badge variant="light" color="yellow" tt="none">
              Proposed: waiting for approval
            </Badge>
          ) : null}
          {status ? (
            <Badge variant="light" color={status.color} tt="none">
              {status.label}
            </Badge>
          ) : (
            <Badge variant="default" tt="none" fw={500}>
              {joinPolicyBadge[network.joinPolicy]}
            </Badge>
          )}
          {network.fit !== null && status === null ? (
            <Badge variant="dot" color={network.fit >= 40 ? 'teal' : 'gray'} tt="none" fw={500}>
              {fitLabel(network.fit)}
            </Badge>
          ) : null}
        </Group>
      </Stack>
    </Paper>
  );
}

export function NetworkCardSkeleton() {
  return (
    <Paper withBorder p="lg" aria-hidden="true">
      <Stack gap="sm">
        <Skeleton height={20} width="60%" />
        <Skeleton height={12} />
        <Skeleton height={12} width="85%" />
        <Skeleton height={12} width="40%" mt="sm" />
        <Skeleton height={12} width="35%" />
        <Skeleton height={20} width={110} radius="xl" mt="xs" />
      </Stack>
    </Paper>
  );
}

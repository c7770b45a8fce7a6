import { Anchor, Avatar, Badge, Button, Group, Paper, Skeleton, Stack, Text, Title } from '@mantine/core';
import type { MemberView } from '@roundtable/contract/profiles';
import { IconExternalLink, IconPencil } from '@tabler/icons-react';
import { Link, useParams } from 'react-router';
import { ErrorState } from '../../components/error-state';
import { LinkifiedText } from '../../components/linkified-text';
import { PageHeader } from '../../components/page-header';
import { errorMessageOf, isApiError } from '../../lib/api';
import { initialsOf } from '../../lib/names';
import { usePageTitle } from '../../lib/use-page-title';
import { fieldLabels, labelOf, optionLists } from './profile-labels';
import { useMember } from './profiles.queries';

function Facts({ member }: { member: MemberView }) {
  const facts: { label: string; value: string | null }[] = [
    { label: fieldLabels.level, value: labelOf(optionLists.level, member.level) },
    { label: fieldLabels.function, value: labelOf(optionLists.function, member.function) },
    { label: fieldLabels.industry, value: labelOf(optionLists.industry, member.industry) },
    { label: fieldLabels.company, value: member.company ?? null },
    { label: fieldLabels.companySize, value: labelOf(optionLists.companySize, member.companySize) },
    { label: fieldLabels.region, value: labelOf(optionLists.region, member.region) },
    { label: fieldLabels.timeZone, value: member.timeZone?.replace(/_/g, ' ') ?? null },
    {
      label: fieldLabels.yearsOfExperience,
      value: member.yearsOfExperience === undefined ? null : `${member.yearsOfExperience} years`,
    },
  ];
  const shown = facts.filter((fact) => fact.value !== null);
  if (shown.length === 0) return null;
  return (
    <dl style={{ margin: 0, display: 'grid', gridTemplateColumns: 'minmax(120px, max-content) 1fr', gap: '8px 24px' }}>
      {shown.map((fact) => (
        <div key={fact.label} style={{ display: 'contents' }}>
          <Text component="dt" c="dimmed" fz="sm">
            {fact.label}
          </Text>
          <Text component="dd" fz="sm" m={0} style={{ overflowWrap: 'anywhere' }}>
            {fact.value}
          </Text>
        </div>
      ))}
    </dl>
  );
}

export function MemberPage() {
  const { memberId = '' } = useParams();
  const member = useMember(memberId);
  usePageTitle(member.data?.name ?? 'Member');

  if (member.isPending) {
    return (
      <Stack gap="md" maw={760} aria-busy="true" aria-label="Loading the profile">
        <Group gap="lg">
          <Skeleton circle height={96} />
          <Stack gap="xs" style={{ flex: 1 }}>
            <Skeleton height={28} width="50%" />
            <Skeleton height={16} width="70%" />
          </Stack>
        </Group>
        <Skeleton height={160} />
      </Stack>
    );
  }
  if (member.isError) {
    const isMissing = isApiError(member.error) && member.error.status === 404;
    return (
      <>
        <PageHeader title="Member profile" />
        <ErrorState
          title={isMissing ? 'No such member' : 'The profile could not load'}
          message={isMissing ? 'This member does not exist, or you cannot see them.' : errorMessageOf(member.error)}
          {...(isMissing ? {} : { onRetry: () => void member.refetch(), retrying: member.isFetching })}
        />
      </>
    );
  }

  const view = member.data;
  const role = [view.jobTitle, view.company].filter(Boolean).join(' · ');
  return (
    <Stack gap="lg" maw={760}>
      <Group justify="space-between" align="flex-start" wrap="wrap" gap="md">
        <Group gap="lg" wrap="nowrap" align="center" style={{ minWidth: 0 }}>
          <Avatar
            src={view.avatarUrl}
            size={96}
            radius={96}
            color="indigo"
            variant="filled"
            alt={view.avatarUrl ? `Picture of ${view.name}` : undefined}
          >
            {initialsOf(view.name)}
          </Avatar>
          <Stack gap={4} style={{ minWidth: 0 }}>
            <Title order={1} fz={{ base: 24, sm: 28 }} lh={1.2} style={{ overflowWrap: 'anywhere' }}>
              {view.name}
            </Title>
            {view.headline ? <Text fz="md">{view.headline}</Text> : null}
            {role ? (
              <Text c="dimmed" fz="sm">
                {role}
              </Text>
            ) : null}
          </Stack>
        </Group>
        {view.isSelf ? (
          <Button
            component={Link}
            to="/profile"
            variant="default"
            leftSection={<IconPencil size={16} aria-hidden="true" />}
          >
            Edit your profile
          </Button>
        ) : null}
      </Group>

      <Paper withBorder p={{ base: 'md', sm: 'xl' }} component="section" aria-labelledby="member-details">
        <Title order={2} fz="h4" mb="md" id="member-details">
          Details
        </Title>
        <Stack gap="lg">
          <Facts member={view} />
          {view.expertise?.length ? (
            <Stack gap={6}>
              <Text c="dimmed" fz="sm" id="member-expertise">
                {fieldLabels.expertise}
              </Text>
              <Group
                gap={6}
                component="ul"
                aria-labelledby="member-expertise"
                style={{ listStyle: 'none', padding: 0, margin: 0 }}
              >
                {view.expertise.map((tag) => (
                  <Badge key={tag} component="li" variant="light" color="indigo" tt="none">
                    {tag}
                  </Badge>
                ))}
              </Group>
            </Stack>
          ) : null}
          {view.bio ? (
            <Stack gap={6}>
              <Text c="dimmed" fz="sm">
                {fieldLabels.bio}
              </Text>
              <Text fz="sm" style={{ whiteSpace: 'pre-line' }}>
                <LinkifiedText text={view.bio} />
              </Text>
            </Stack>
          ) : null}
          {view.website ? (
            <Anchor href={view.website} target="_blank" rel="noopener noreferrer nofollow ugc" fz="sm">
              <Group gap={4} component="span" wrap="nowrap">
                {new URL(view.website).host}
                <IconExternalLink size={14} aria-label="(opens in a new tab)" />
              </Group>
            </Anchor>
          ) : null}
          {Object.keys(view).length <= 4 ? (
            <Text c="dimmed" fz="sm">
              {view.isSelf
                ? 'Your profile is empty. Add your role and expertise so the right peers can find you.'
                : `${view.name} has not shared any details with you yet.`}
            </Text>
          ) : null}
        </Stack>
      </Paper>
    </Stack>
  );
}

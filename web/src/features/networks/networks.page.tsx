import {
  Button,
  Chip,
  EmptyState,
  Group,
  Paper,
  Select,
  SimpleGrid,
  Stack,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { useDebouncedCallback } from '@mantine/hooks';
import {
  DIRECTORY_QUERY_MAX_LENGTH,
  DIRECTORY_SORTS,
  type DirectorySort,
  NETWORK_FORMATS,
} from '@roundtable/contract/networks';
import { FUNCTIONS, INDUSTRIES, LEVELS, type Option, REGIONS } from '@roundtable/contract/profiles';
import { IconFilterOff, IconPlus, IconSearch, IconUsersGroup } from '@tabler/icons-react';
import { type ReactNode, useState } from 'react';
import { Link, useSearchParams } from 'react-router';
import { ErrorState } from '../../components/error-state';
import { PageHeader } from '../../components/page-header';
import { errorMessageOf } from '../../lib/api';
import { usePageTitle } from '../../lib/use-page-title';
import { usePublicInstance } from '../accounts/accounts.queries';
import { useMe } from '../accounts/session';
import { selectData } from '../profiles/profile-labels';
import { NetworkCard, NetworkCardSkeleton } from './network-card';
import { type DirectoryFilters, useDirectory, useMyNetworks } from './networks.queries';

type SelectFilter = 'industry' | 'function' | 'level' | 'region' | 'format';

const SELECT_FILTERS: { key: SelectFilter; label: string; options: readonly Option[] }[] = [
  { key: 'industry', label: 'Industry', options: INDUSTRIES },
  { key: 'function', label: 'Function', options: FUNCTIONS },
  { key: 'level', label: 'Level', options: LEVELS },
  { key: 'region', label: 'Region', options: REGIONS },
  { key: 'format', label: 'Format', options: NETWORK_FORMATS },
];

const isOneOf = (options: readonly Option[], value: string | null): value is string =>
  value !== null && options.some((option) => option.id === value);

/** The filters in the URL, keeping only values the API accepts, so a hand-edited link never errors. */
function filtersFrom(params: URLSearchParams): DirectoryFilters {
  const filters: DirectoryFilters = {};
  const q = params.get('q')?.trim().slice(0, DIRECTORY_QUERY_MAX_LENGTH);
  if (q) filters.q = q;
  for (const { key, options } of SELECT_FILTERS) {
    const value = params.get(key);
    if (isOneOf(options, value)) filters[key] = value;
  }
  if (params.get('hasSpace') === 'true') filters.hasSpace = true;
  const sort = params.get('sort');
  if (isOneOf(DIRECTORY_SORTS, sort)) filters.sort = sort as DirectorySort;
  return filters;
}

const hasNarrowing = (filters: DirectoryFilters) =>
  Object.keys(filters).some((key) => key !== 'sort' && filters[key as keyof DirectoryFilters] !== undefined);

function CreateAction({ label }: { label: string }) {
  return (
    <Button component={Link} to="/networks/new" leftSection={<IconPlus size={16} aria-hidden="true" />}>
      {label}
    </Button>
  );
}

function CardGrid({ children, label }: { children: ReactNode; label: string }) {
  return (
    <SimpleGrid cols={{ base: 1, sm: 2, lg: 3 }} spacing="md" aria-label={label}>
      {children}
    </SimpleGrid>
  );
}

function YourNetworks() {
  const mine = useMyNetworks();
  if (mine.isPending) {
    return (
      <CardGrid label="Loading your networks">
        <NetworkCardSkeleton />
        <NetworkCardSkeleton />
      </CardGrid>
    );
  }
  if (mine.isError) {
    return (
      <Paper withBorder>
        <ErrorState
          title="Your networks did not load"
          message={errorMessageOf(mine.error)}
          onRetry={() => void mine.refetch()}
          retrying={mine.isRefetching}
        />
      </Paper>
    );
  }
  if (mine.data.length === 0) {
    return (
      <Text c="dimmed" fz="sm">
        You are not in a network yet. Find one of true peers in the directory below.
      </Text>
    );
  }
  return (
    <CardGrid label="Your networks">
      {mine.data.map((network) => (
        <NetworkCard key={network.id} network={network} />
      ))}
    </CardGrid>
  );
}

function DirectoryResults({
  filters,
  onClear,
  createLabel,
}: {
  filters: DirectoryFilters;
  onClear: () => void;
  createLabel: string | null;
}) {
  const directory = useDirectory(filters);
  if (directory.isPending) {
    return (
      <CardGrid label="Loading networks">
        {[1, 2, 3, 4, 5, 6].map((key) => (
          <NetworkCardSkeleton key={key} />
        ))}
      </CardGrid>
    );
  }
  if (directory.isError) {
    return (
      <Paper withBorder>
        <ErrorState
          title="The directory did not load"
          message={errorMessageOf(directory.error)}
          onRetry={() => void directory.refetch()}
          retrying={directory.isRefetching}
        />
      </Paper>
    );
  }
  const networks = directory.data;
  if (networks.length === 0) {
    const narrowed = hasNarrowing(filters);
    return (
      <Paper withBorder py={40} px="md">
        <EmptyState
          variant="light"
          icon={<IconUsersGroup size={26} stroke={1.5} aria-hidden="true" />}
          maw={520}
          mx="auto"
        >
          <EmptyState.Title order={3}>{narrowed ? 'No networks match' : 'No networks yet'}</EmptyState.Title>
          <EmptyState.Description>
            {narrowed
              ? 'Try fewer filters or other words: networks are often broader than their name.'
              : createLabel
                ? 'Networks are small groups of true peers who meet and answer each other. Set up the first one and invite the people it is for.'
                : 'Networks are small groups of true peers who meet and answer each other. None is open yet; a host admin will set them up.'}
          </EmptyState.Description>
          <EmptyState.Actions>
            {narrowed ? (
              <Button variant="default" leftSection={<IconFilterOff size={16} aria-hidden="true" />} onClick={onClear}>
                Clear filters
              </Button>
            ) : createLabel ? (
              <CreateAction label={createLabel === 'Create a network' ? 'Create the first network' : createLabel} />
            ) : null}
          </EmptyState.Actions>
        </EmptyState>
      </Paper>
    );
  }
  return (
    <Stack gap="md">
      <CardGrid label="Networks in the directory">
        {networks.map((network) => (
          <NetworkCard key={network.id} network={network} />
        ))}
      </CardGrid>
      <Group justify="space-between" gap="sm">
        <Text c="dimmed" fz="sm" aria-live="polite">
          {networks.length === 1 ? '1 network' : `${networks.length} networks`}
          {directory.hasNextPage ? ' so far' : ''}
        </Text>
        {directory.hasNextPage ? (
          <Button
            variant="default"
            onClick={() => void directory.fetchNextPage()}
            loading={directory.isFetchingNextPage}
          >
            Load more
          </Button>
        ) : null}
      </Group>
    </Stack>
  );
}

export function NetworksPage() {
  usePageTitle('Networks');
  const me = useMe();
  const instance = usePublicInstance();
  const [searchParams, setSearchParams] = useSearchParams();
  const filters = filtersFrom(searchParams);
  const [search, setSearch] = useState(filters.q ?? '');

  const createLabel = me.abilities.manageInstance
    ? 'Create a network'
    : instance.data?.memberNetworkProposals
      ? 'Propose a network'
      : null;

  // Filters live in the URL, so a reload, the back button or a shared link shows the same results.
  const setParam = (key: string, value: string | null) =>
    setSearchParams(
      (params) => {
        const next = new URLSearchParams(params);
        if (value) next.set(key, value);
        else next.delete(key);
        return next;
      },
      { replace: true },
    );

  const writeSearch = useDebouncedCallback((value: string) => setParam('q', value.trim() || null), 300);

  const clear = () => {
    writeSearch.cancel();
    setSearch('');
    setSearchParams(filters.sort ? { sort: filters.sort } : {}, { replace: true });
  };

  return (
    <>
      <PageHeader
        title="Networks"
        description="Small, confidential groups of true peers. Your networks first, then every network you can join."
        actions={createLabel ? <CreateAction label={createLabel} /> : null}
      />
      <Stack gap={40}>
        <Stack gap="md" component="section" aria-labelledby="your-networks">
          <Title order={2} fz="h3" id="your-networks">
            Your networks
          </Title>
          <YourNetworks />
        </Stack>

        <Stack gap="md" component="section" aria-labelledby="directory">
          <Title order={2} fz="h3" id="directory">
            Directory
          </Title>
          <Paper withBorder p="md">
            <Stack gap="sm">
              <TextInput
                label="Search networks"
                placeholder="Words from the name or purpose"
                leftSection={<IconSearch size={16} aria-hidden="true" />}
                value={search}
                maxLength={DIRECTORY_QUERY_MAX_LENGTH}
                onChange={(event) => {
                  setSearch(event.currentTarget.value);
                  writeSearch(event.currentTarget.value);
                }}
                type="search"
              />
              <SimpleGrid cols={{ base: 2, md: 3, lg: 5 }} spacing="sm" verticalSpacing="sm">
                {SELECT_FILTERS.map(({ key, label, options }) => (
                  <Select
                    key={key}
                    label={label}
                    placeholder="Any"
                    data={selectData(options)}
                    value={filters[key] ?? null}
                    onChange={(value) => setParam(key, value)}
                    clearable
                    clearButtonProps={{ 'aria-label': `Clear the ${label.toLowerCase()} filter` }}
                    searchable={options.length > 8}
                    comboboxProps={{ withinPortal: true }}
                  />
                ))}
              </SimpleGrid>
              <Group justify="space-between" align="flex-end" gap="sm">
                <Chip
                  checked={filters.hasSpace === true}
                  onChange={(checked) => setParam('hasSpace', checked ? 'true' : null)}
                  variant="outline"
                >
                  Has space for new members
                </Chip>
                <Group gap="sm" wrap="wrap">
                  {hasNarrowing(filters) ? (
                    <Button
                      variant="subtle"
                      size="compact-sm"
                      leftSection={<IconFilterOff size={14} aria-hidden="true" />}
                      onClick={clear}
                    >
                      Clear filters
                    </Button>
                  ) : null}
                  <Select
                    label="Sort by"
                    data={selectData(DIRECTORY_SORTS)}
                    value={filters.sort ?? 'fit'}
                    onChange={(value) => setParam('sort', value === 'fit' ? null : value)}
                    allowDeselect={false}
                    w={200}
                  />
                </Group>
              </Group>
            </Stack>
          </Paper>
          <DirectoryResults filters={filters} onClear={clear} createLabel={createLabel} />
        </Stack>
      </Stack>
    </>
  );
}

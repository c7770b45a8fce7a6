import { Button, Group, Paper, Stack } from '@mantine/core';
import type { InfiniteData, UseInfiniteQueryResult } from '@tanstack/react-query';
import type { ReactNode } from 'react';
import { errorMessageOf } from '../lib/api';
import { ErrorState } from './error-state';

export type PagedListProps<Item extends { id: string }> = {
  query: UseInfiniteQueryResult<InfiniteData<{ items: Item[] }, unknown>>;
  /** Names the list for screen readers, and its loading state. */
  label: string;
  /** What shows while the first page loads, given the loading label. */
  skeleton: (label: string) => ReactNode;
  empty: ReactNode;
  errorTitle: string;
  listClassName: string | undefined;
  renderItem: (item: Item) => ReactNode;
};

/** A cursor-paged list with its skeleton, friendly error, teaching empty state and "Load more". */
export function PagedList<Item extends { id: string }>({
  query,
  label,
  skeleton,
  empty,
  errorTitle,
  listClassName,
  renderItem,
}: PagedListProps<Item>) {
  if (query.isPending) return <>{skeleton(`Loading ${label.toLowerCase()}`)}</>;
  if (query.isError)
    return (
      <Paper withBorder>
        <ErrorState
          title={errorTitle}
          message={errorMessageOf(query.error)}
          onRetry={() => void query.refetch()}
          retrying={query.isRefetching}
        />
      </Paper>
    );
  const items = query.data.pages.flatMap((page) => page.items);
  if (items.length === 0) return <>{empty}</>;
  return (
    <Stack gap="md">
      <Paper withBorder style={{ overflow: 'hidden' }}>
        <ul className={listClassName} aria-label={label}>
          {items.map(renderItem)}
        </ul>
      </Paper>
      {query.hasNextPage ? (
        <Group justify="center">
          <Button variant="default" onClick={() => void query.fetchNextPage()} loading={query.isFetchingNextPage}>
            Load more
          </Button>
        </Group>
      ) : null}
    </Stack>
  );
}

import { notifications } from '@mantine/notifications';
import type { MeView } from '@roundtable/contract/accounts';
import { type QueryClient, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { createContext, useContext } from 'react';
import { api, errorMessageOf, isApiError } from '../../lib/api';

/**
 * Who is signed in. `endedByUser` marks a deliberate sign-out, so the guards send the person to
 * the sign-in page without a `next` pointing back where they were.
 */
export type Session = { me: MeView | null; endedByUser?: boolean };

export const sessionQueryKey = ['session'] as const;

async function fetchSession(signal: AbortSignal): Promise<Session> {
  try {
    return { me: await api.get<MeView>('/me', { signal }) };
  } catch (error) {
    if (isApiError(error) && error.status === 401) return { me: null };
    throw error;
  }
}

export function useSession() {
  return useQuery({
    queryKey: sessionQueryKey,
    queryFn: ({ signal }) => fetchSession(signal),
    staleTime: 60_000,
  });
}

/** Records who is signed in now; answers cached for someone else are dropped first. */
export function setSignedIn(queryClient: QueryClient, me: MeView): void {
  const previous = queryClient.getQueryData<Session>(sessionQueryKey)?.me;
  if (previous && previous.id !== me.id) removePersonalQueries(queryClient);
  queryClient.setQueryData<Session>(sessionQueryKey, { me });
}

const removePersonalQueries = (queryClient: QueryClient): void =>
  queryClient.removeQueries({ predicate: (query) => query.queryKey[0] !== sessionQueryKey[0] });

/** Forgets the person and every cached answer that belonged to them. */
export function setSignedOut(queryClient: QueryClient, endedByUser: boolean): void {
  queryClient.setQueryData<Session>(sessionQueryKey, { me: null, endedByUser });
  removePersonalQueries(queryClient);
}

const MeContext = createContext<MeView | null>(null);

/** Makes the signed-in person available to every page under the signed-in guard. */
export const MeProvider = MeContext;

/** The signed-in person; only for pages rendered under the signed-in guard. */
export function useMe(): MeView {
  const me = useContext(MeContext);
  if (me === null) throw new Error('useMe() is only available on signed-in pages.');
  return me;
}

export function useSignOut() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: () => api.post<void>('/auth/sign-out'),
    onSuccess: () => setSignedOut(queryClient, true),
    onError: (error) => {
      // The session had already ended elsewhere: the person is signed out either way.
      if (isApiError(error) && error.status === 401) setSignedOut(queryClient, true);
      else notifications.show({ color: 'red', title: 'You are still signed in', message: errorMessageOf(error) });
    },
  });
}

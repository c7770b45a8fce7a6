import { MutationCache, QueryCache, QueryClient } from '@tanstack/react-query';
import { type Session, sessionQueryKey, setSignedOut } from '../features/accounts/session';
import { isApiError } from '../lib/api';

/** Retries only what may succeed on a second try: network failures and server errors, twice. */
const shouldRetry = (failureCount: number, error: unknown): boolean =>
  failureCount < 2 && !(isApiError(error) && error.status >= 400 && error.status < 500);

export function createQueryClient(): QueryClient {
  const queryClient: QueryClient = new QueryClient({
    queryCache: new QueryCache({ onError: (error) => onSessionEnded(error) }),
    mutationCache: new MutationCache({ onError: (error) => onSessionEnded(error) }),
    defaultOptions: {
      queries: { retry: shouldRetry, staleTime: 30_000 },
      mutations: { retry: false },
    },
  });

  // A session that expired or was revoked (a password change elsewhere) sends the person to sign in,
  // from wherever they were, and brings them back after.
  function onSessionEnded(error: unknown): void {
    if (!isApiError(error) || error.code !== 'unauthenticated') return;
    const session = queryClient.getQueryData<Session>(sessionQueryKey);
    if (session?.me) setSignedOut(queryClient, false);
  }

  return queryClient;
}

import type { MeView } from '@roundtable/contract/accounts';
import { Navigate, Outlet, useLocation, useSearchParams } from 'react-router';
import { ErrorState } from '../components/error-state';
import { FullPageLoader } from '../components/full-page-loader';
import { MeProvider, useMe, useSession } from '../features/accounts/session';
import { errorMessageOf } from '../lib/api';
import { safeNextPath } from '../lib/next-path';
import { ForbiddenPage } from './status-pages';

function SessionError({ error, onRetry }: { error: unknown; onRetry: () => void }) {
  return (
    <main>
      <ErrorState title="Roundtable did not load" message={errorMessageOf(error)} onRetry={onRetry} />
    </main>
  );
}

/** Signed-in pages: anyone else goes to sign in, and comes back here afterwards. */
export function RequireSignedIn() {
  const session = useSession();
  const location = useLocation();
  if (session.data === undefined) {
    return session.isError ? (
      <SessionError error={session.error} onRetry={() => void session.refetch()} />
    ) : (
      <FullPageLoader />
    );
  }
  const { me, endedByUser } = session.data;
  if (me === null) {
    const here = `${location.pathname}${location.search}`;
    const to = endedByUser || here === '/' ? '/sign-in' : `/sign-in?${new URLSearchParams({ next: here }).toString()}`;
    return <Navigate to={to} replace />;
  }
  return (
    <MeProvider value={me}>
      <Outlet />
    </MeProvider>
  );
}

/** Sign-in and sign-up: someone already signed in goes on to `next`, or home. */
export function RedirectIfSignedIn() {
  const session = useSession();
  const [searchParams] = useSearchParams();
  if (session.isPending) return <FullPageLoader />;
  const me = session.data?.me;
  if (me) return <Navigate to={safeNextPath(searchParams.get('next')) ?? '/'} replace />;
  return <Outlet />;
}

type RequireAbilityProps = { ability: keyof MeView['abilities'] };

/** Host-admin pages: the server's abilities decide; anyone else sees a polite refusal. */
export function RequireAbility({ ability }: RequireAbilityProps) {
  const me = useMe();
  return me.abilities[ability] ? <Outlet /> : <ForbiddenPage />;
}

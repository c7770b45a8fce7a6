import { lazy, Suspense } from 'react';
import { Navigate, Route, Routes, useParams } from 'react-router';
import { FullPageLoader } from '../components/full-page-loader';
import { MeProvider, useMe, useSession } from '../features/accounts/session';
import { SignInPage } from '../features/accounts/sign-in.page';
import { ComingSoonPage } from './coming-soon-page';
import { RedirectIfSignedIn, RequireAbility, RequireSignedIn } from './guards';
import { AppLayout } from './layouts/app-layout';
import { AuthLayout } from './layouts/auth-layout';
import { PublicLayout } from './layouts/public-layout';
import { upcomingAreas } from './navigation';
import { ForbiddenPage, NotFoundPage } from './status-pages';

// Sign-in and home, the two usual first pages, are in the main bundle; other pages load on demand.
const HomePage = lazy(() => import('../features/home/home.page').then((m) => ({ default: m.HomePage })));
const SignUpPage = lazy(() => import('../features/accounts/sign-up.page').then((m) => ({ default: m.SignUpPage })));
const ForgotPasswordPage = lazy(() =>
  import('../features/accounts/forgot-password.page').then((m) => ({ default: m.ForgotPasswordPage })),
);
const ResetPasswordPage = lazy(() =>
  import('../features/accounts/reset-password.page').then((m) => ({ default: m.ResetPasswordPage })),
);
const VerifyEmailPage = lazy(() =>
  import('../features/accounts/verify-email.page').then((m) => ({ default: m.VerifyEmailPage })),
);
const ProfilePage = lazy(() => import('../features/accounts/profile.page').then((m) => ({ default: m.ProfilePage })));
const MemberPage = lazy(() => import('../features/profiles/member.page').then((m) => ({ default: m.MemberPage })));
const OutboxPage = lazy(() => import('../features/admin/outbox.page').then((m) => ({ default: m.OutboxPage })));
const NetworksPage = lazy(() =>
  import('../features/networks/networks.page').then((m) => ({ default: m.NetworksPage })),
);
const NewNetworkPage = lazy(() =>
  import('../features/networks/new-network.page').then((m) => ({ default: m.NewNetworkPage })),
);
const NetworkPage = lazy(() => import('../features/networks/network.page').then((m) => ({ default: m.NetworkPage })));
const NetworkSettingsPage = lazy(() =>
  import('../features/networks/network-settings.page').then((m) => ({ default: m.NetworkSettingsPage })),
);
const ApplicationsPage = lazy(() =>
  import('../features/networks/applications.page').then((m) => ({ default: m.ApplicationsPage })),
);
const InvitationPage = lazy(() =>
  import('../features/networks/invitation.page').then((m) => ({ default: m.InvitationPage })),
);
const ProposalsPage = lazy(() =>
  import('../features/networks/proposals.page').then((m) => ({ default: m.ProposalsPage })),
);
const JobsPage = lazy(() => import('../features/admin/jobs.page').then((m) => ({ default: m.JobsPage })));
const NotificationsPage = lazy(() =>
  import('../features/notifications/notifications.page').then((m) => ({ default: m.NotificationsPage })),
);
const NotificationPreferencesPage = lazy(() =>
  import('../features/notifications/notification-preferences.page').then((m) => ({
    default: m.NotificationPreferencesPage,
  })),
);
const UnsubscribePage = lazy(() =>
  import('../features/notifications/unsubscribe.page').then((m) => ({ default: m.UnsubscribePage })),
);
const ThreadPage = lazy(() => import('../features/threads/thread.page').then((m) => ({ default: m.ThreadPage })));
const AskPage = lazy(() => import('../features/threads/ask.page').then((m) => ({ default: m.AskPage })));
const FlagsPage = lazy(() => import('../features/threads/flags.page').then((m) => ({ default: m.FlagsPage })));
const ModerationLogPage = lazy(() =>
  import('../features/admin/moderation-log.page').then((m) => ({ default: m.ModerationLogPage })),
);
const PulsesPage = lazy(() => import('../features/pulses/pulses.page').then((m) => ({ default: m.PulsesPage })));
const NewPulsePage = lazy(() => import('../features/pulses/new-pulse.page').then((m) => ({ default: m.NewPulsePage })));
const PulsePage = lazy(() => import('../features/pulses/pulse.page').then((m) => ({ default: m.PulsePage })));
const ResultsPage = lazy(() => import('../features/pulses/results.page').then((m) => ({ default: m.ResultsPage })));
const MeetingsPage = lazy(() =>
  import('../features/meetings/meetings.page').then((m) => ({ default: m.MeetingsPage })),
);
const ScheduleMeetingPage = lazy(() =>
  import('../features/meetings/schedule-meeting.page').then((m) => ({ default: m.ScheduleMeetingPage })),
);
const RunPage = lazy(() => import('../features/meetings/run.page').then((m) => ({ default: m.RunPage })));
const RecapPage = lazy(() => import('../features/meetings/recap.page').then((m) => ({ default: m.RecapPage })));
const OffersPage = lazy(() => import('../features/meetings/offers.page').then((m) => ({ default: m.OffersPage })));
const MeetingPage = lazy(() => import('../features/meetings/meeting.page').then((m) => ({ default: m.MeetingPage })));
const EditMeetingPage = lazy(() =>
  import('../features/meetings/edit-meeting.page').then((m) => ({ default: m.EditMeetingPage })),
);
const NqPage = lazy(() => import('../features/assessments/nq.page').then((m) => ({ default: m.NqPage })));
const TakePage = lazy(() => import('../features/assessments/take.page').then((m) => ({ default: m.TakePage })));
const ResultPage = lazy(() => import('../features/assessments/result.page').then((m) => ({ default: m.ResultPage })));
const LocalResultPage = lazy(() =>
  import('../features/assessments/result.page').then((m) => ({ default: m.LocalResultPage })),
);
const PlanPage = lazy(() => import('../features/plans/plan.page').then((m) => ({ default: m.PlanPage })));
const SettingsPage = lazy(() => import('../features/admin/settings.page').then((m) => ({ default: m.SettingsPage })));

/** Pages anyone may reach (such as "not found") wear the app's frame when signed in, the public one otherwise. */
function EitherLayout() {
  const session = useSession();
  if (session.isPending) return <FullPageLoader />;
  const me = session.data?.me;
  if (!me) return <AuthLayout />;
  return (
    <MeProvider value={me}>
      <AppLayout />
    </MeProvider>
  );
}

/** The NQ is open to everyone: members see it in the app's frame, visitors in the open public one. */
function NqLayout() {
  const session = useSession();
  if (session.isPending) return <FullPageLoader />;
  const me = session.data?.me;
  if (!me) return <PublicLayout />;
  return (
    <MeProvider value={me}>
      <AppLayout />
    </MeProvider>
  );
}

/** /admin goes to the first admin page this person may open. */
function AdminIndex() {
  const me = useMe();
  if (me.abilities.readOutbox) return <Navigate to="/admin/outbox" replace />;
  if (me.abilities.manageInstance) return <Navigate to="/admin/settings" replace />;
  return <ForbiddenPage />;
}

function PeopleRedirect() {
  const { memberId = '' } = useParams();
  return <Navigate to={`/members/${memberId}`} replace />;
}

/** Every route of the web app. Guards are layout routes, so a page never renders for the wrong person. */
export function AppRoutes() {
  return (
    <Suspense fallback={<FullPageLoader />}>
      <Routes>
        <Route element={<AuthLayout />}>
          <Route element={<RedirectIfSignedIn />}>
            <Route path="sign-in" element={<SignInPage />} />
            <Route path="sign-up" element={<SignUpPage />} />
          </Route>
          <Route path="forgot-password" element={<ForgotPasswordPage />} />
          <Route path="reset-password" element={<ResetPasswordPage />} />
          <Route path="verify-email" element={<VerifyEmailPage />} />
          {/* An email's unsubscribe link works signed out: its token is the credential. */}
          <Route path="unsubscribe" element={<UnsubscribePage />} />
        </Route>
        <Route element={<RequireSignedIn />}>
          {/* The run screen is projected in the room: the whole screen, without the app's navigation. */}
          <Route path="meetings/:meetingId/run" element={<RunPage />} />
          <Route element={<AppLayout />}>
            <Route index element={<HomePage />} />
            <Route path="profile" element={<ProfilePage />} />
            <Route path="members/:memberId" element={<MemberPage />} />
            <Route path="notifications" element={<NotificationsPage />} />
            <Route path="settings/notifications" element={<NotificationPreferencesPage />} />
            <Route path="networks" element={<NetworksPage />} />
            <Route path="networks/new" element={<NewNetworkPage />} />
            <Route path="networks/:slug" element={<NetworkPage />} />
            <Route path="networks/:slug/settings" element={<NetworkSettingsPage />} />
            <Route path="networks/:slug/applications" element={<ApplicationsPage />} />
            <Route path="networks/:slug/ask" element={<AskPage />} />
            <Route path="networks/:slug/flags" element={<FlagsPage />} />
            <Route path="threads/:threadId" element={<ThreadPage />} />
            <Route path="pulses" element={<PulsesPage />} />
            <Route path="pulses/new" element={<NewPulsePage />} />
            <Route path="pulses/:pulseId" element={<PulsePage />} />
            <Route path="pulses/:pulseId/results" element={<ResultsPage />} />
            <Route path="meetings" element={<MeetingsPage />} />
            <Route path="meetings/new" element={<ScheduleMeetingPage />} />
            <Route path="meetings/:meetingId" element={<MeetingPage />} />
            <Route path="meetings/:meetingId/edit" element={<EditMeetingPage />} />
            <Route path="meetings/:meetingId/recap" element={<RecapPage />} />
            <Route path="meetings/offers" element={<OffersPage />} />
            {/* Mentions in posts link to /people/<id>, the address the server writes. */}
            <Route path="people/:memberId" element={<PeopleRedirect />} />
            <Route path="nq/results/:assessmentId" element={<ResultPage />} />
            <Route path="nq/plan" element={<PlanPage />} />
            {upcomingAreas.map((area) => (
              <Route key={area.path} path={area.path} element={<ComingSoonPage area={area} />} />
            ))}
            <Route path="admin" element={<AdminIndex />} />
            <Route element={<RequireAbility ability="readOutbox" />}>
              <Route path="admin/outbox" element={<OutboxPage />} />
              <Route path="admin/jobs" element={<JobsPage />} />
            </Route>
            <Route element={<RequireAbility ability="manageInstance" />}>
              <Route path="admin/settings" element={<SettingsPage />} />
              <Route path="admin/network-proposals" element={<ProposalsPage />} />
              <Route path="admin/moderation-log" element={<ModerationLogPage />} />
            </Route>
          </Route>
        </Route>
        {/* The NQ is the first thing a newcomer can do, account or not. */}
        <Route element={<NqLayout />}>
          <Route path="nq" element={<NqPage />} />
          <Route path="nq/take" element={<TakePage />} />
          <Route path="nq/result" element={<LocalResultPage />} />
        </Route>
        <Route element={<EitherLayout />}>
          {/* An invitation link works for people without an account yet. */}
          <Route path="invitations/:token" element={<InvitationPage />} />
          <Route path="*" element={<NotFoundPage />} />
        </Route>
      </Routes>
    </Suspense>
  );
}

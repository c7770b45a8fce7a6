import type {
  AgendaBody,
  CalendarFeedView,
  CheckInBody,
  CommitmentCreateBody,
  CommitmentView,
  IssueCreateBody,
  IssuePage,
  IssueUpdateBody,
  IssueView,
  MeetingCancelBody,
  MeetingCreateBody,
  MeetingPage,
  MeetingSettingsBody,
  MeetingSettingsView,
  MeetingsWhen,
  MeetingUpdateBody,
  MeetingView,
  OfferCreateBody,
  OfferLinkBody,
  OfferList,
  OfferView,
  ParticipantList,
  RecapBody,
  RecapView,
  RsvpBody,
  RunAction,
  RunView,
  ScheduledView,
} from '@roundtable/contract/meetings';
import { type QueryClient, useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, isApiError, uploadWithProgress } from '../../lib/api';

const PAGE_SIZE = 20;

export const meetingsQueryKey = ['meetings'] as const;
const listsKey = [...meetingsQueryKey, 'list'] as const;
const myMeetingsKey = (when: MeetingsWhen) => [...listsKey, 'me', when] as const;
const networkMeetingsKey = (networkId: string, when: MeetingsWhen) =>
  [...listsKey, 'network', networkId, when] as const;
export const meetingKey = (meetingId: string) => [...meetingsQueryKey, 'detail', meetingId] as const;
const participantsKey = (meetingId: string) => [...meetingsQueryKey, 'participants', meetingId] as const;
const queueKey = (networkId: string) => [...meetingsQueryKey, 'queue', networkId] as const;
const feedKey = [...meetingsQueryKey, 'calendar-feed'] as const;
const offersKey = [...meetingsQueryKey, 'offers'] as const;
const issueOffersKey = (issueId: string) => [...offersKey, 'issue', issueId] as const;
const myOffersKey = (role: MyOffersRole) => [...offersKey, 'me', role] as const;
const recapKey = (meetingId: string) => [...meetingsQueryKey, 'recap', meetingId] as const;
const settingsKey = (networkId: string) => [...meetingsQueryKey, 'settings', networkId] as const;

export type MyOffersRole = 'offered_to_me' | 'offered_by_me';

const enc = encodeURIComponent;

const pagedMeetings = (key: readonly unknown[], path: string, when: MeetingsWhen) => ({
  queryKey: key,
  queryFn: ({ pageParam, signal }: { pageParam: string | null; signal: AbortSignal }) => {
    const query = new URLSearchParams({ when, limit: String(PAGE_SIZE) });
    if (pageParam) query.set('cursor', pageParam);
    return api.get<MeetingPage>(`${path}?${query.toString()}`, { signal });
  },
  initialPageParam: null as string | null,
  getNextPageParam: (lastPage: MeetingPage) => lastPage.nextCursor,
});

/** The meetings of all the member's networks: upcoming soonest first, or past latest first. */
export const useMyMeetings = (when: MeetingsWhen) =>
  useInfiniteQuery(pagedMeetings(myMeetingsKey(when), '/me/meetings', when));

/** One network's meetings. */
export const useNetworkMeetings = (networkId: string, when: MeetingsWhen) =>
  useInfiniteQuery(pagedMeetings(networkMeetingsKey(networkId, when), `/networks/${enc(networkId)}/meetings`, when));

export function useMeeting(meetingId: string) {
  return useQuery({
    queryKey: meetingKey(meetingId),
    queryFn: ({ signal }) => api.get<MeetingView>(`/meetings/${enc(meetingId)}`, { signal }),
  });
}

/** The facilitators' roll: every member's answer, note and attendance. */
export function useParticipants(meetingId: string, enabled: boolean) {
  return useQuery({
    queryKey: participantsKey(meetingId),
    queryFn: ({ signal }) => api.get<ParticipantList>(`/meetings/${enc(meetingId)}/participants`, { signal }),
    enabled,
  });
}

/** The network's issues waiting for an agenda, A first. */
export function useIssueQueue(networkId: string) {
  return useQuery({
    queryKey: queueKey(networkId),
    queryFn: ({ signal }) => api.get<IssuePage>(`/networks/${enc(networkId)}/meeting-issues`, { signal }),
    select: (page) => page.items,
  });
}

/** A changed meeting replaces the cached one; the lists that show it, its roll and the queue refetch. */
function storeMeeting(queryClient: QueryClient, meeting: MeetingView): void {
  queryClient.setQueryData(meetingKey(meeting.id), meeting);
  void queryClient.invalidateQueries({ queryKey: listsKey });
  void queryClient.invalidateQueries({ queryKey: participantsKey(meeting.id) });
  void queryClient.invalidateQueries({ queryKey: queueKey(meeting.network.id) });
}

const useMeetingMutation = <Variables>(run: (variables: Variables) => Promise<MeetingView>) => {
  const queryClient = useQueryClient();
  return useMutation({ mutationFn: run, onSuccess: (meeting) => storeMeeting(queryClient, meeting) });
};

export function useScheduleMeeting() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ networkId, body }: { networkId: string; body: MeetingCreateBody }) =>
      api.post<ScheduledView>(`/networks/${enc(networkId)}/meetings`, body),
    onSuccess: (scheduled) => storeMeeting(queryClient, scheduled.meeting),
  });
}

export const useUpdateMeeting = (meetingId: string) =>
  useMeetingMutation((body: MeetingUpdateBody) => api.patch<MeetingView>(`/meetings/${enc(meetingId)}`, body));

export const useCancelMeeting = (meetingId: string) =>
  useMeetingMutation((body: MeetingCancelBody) => api.post<MeetingView>(`/meetings/${enc(meetingId)}/cancel`, body));

export const useAnswerMeeting = (meetingId: string) =>
  useMeetingMutation((body: RsvpBody) => api.put<MeetingView>(`/meetings/${enc(meetingId)}/rsvp`, body));

export const useSetAgenda = (meetingId: string) =>
  useMeetingMutation((body: AgendaBody) => api.put<MeetingView>(`/meetings/${enc(meetingId)}/agenda`, body));

export function useRecordAttendance(meetingId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (attendedIds: string[]) =>
      api.put<ParticipantList>(`/meetings/${enc(meetingId)}/attendance`, { attendedIds }),
    onSuccess: (roll) => queryClient.setQueryData(participantsKey(meetingId), roll),
  });
}

/** Issues change the queue, and an agenda that may hold them. */
const useIssueMutation = <Variables>(networkId: string, run: (variables: Variables) => Promise<IssueView>) => {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: run,
    onSuccess: (issue) => {
      void queryClient.invalidateQueries({ queryKey: queueKey(networkId) });
      if (issue.meetingId) void queryClient.invalidateQueries({ queryKey: meetingKey(issue.meetingId) });
    },
  });
};

export const useRaiseIssue = (networkId: string) =>
  useIssueMutation(networkId, (body: IssueCreateBody) =>
    api.post<IssueView>(`/networks/${enc(networkId)}/meeting-issues`, body),
  );

export const useUpdateIssue = (networkId: string) =>
  useIssueMutation(networkId, ({ issueId, body }: { issueId: string; body: IssueUpdateBody }) =>
    api.patch<IssueView>(`/meeting-issues/${enc(issueId)}`, body),
  );

export function useWithdrawIssue(networkId: string, meetingId?: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (issueId: string) => api.delete<IssueView>(`/meeting-issues/${enc(issueId)}`),
    onSuccess: () => {
      void queryClient.invalidateQueries({ queryKey: queueKey(networkId) });
      // A withdrawn issue leaves the agenda too; the answer no longer says which one.
      if (meetingId) void queryClient.invalidateQueries({ queryKey: meetingKey(meetingId) });
    },
  });
}

export function useCalendarFeed() {
  return useQuery({
    queryKey: feedKey,
    queryFn: ({ signal }) => api.get<CalendarFeedView>('/me/calendar-feed', { signal }),
  });
}

/** Making and turning off the feed: the answer is the new state; a new address is only in this answer. */
export function useCalendarFeedMutation(action: 'create' | 'delete') {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: () =>
      action === 'create'
        ? api.post<CalendarFeedView>('/me/calendar-feed')
        : api.delete<CalendarFeedView>('/me/calendar-feed'),
    onSuccess: (feed) => queryClient.setQueryData(feedKey, { ...feed, url: null, webcalUrl: null }),
  });
}

/** The facilitator moves the meeting on; the answer replaces the run in the cached meeting. */
export function useRunMeeting(meetingId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (action: RunAction) => api.post<RunView>(`/meetings/${enc(meetingId)}/run`, { action }),
    onSuccess: (run) => storeRun(queryClient, run),
  });
}

/** A run state, from the facilitator's own answer or the live stream, into the cached meeting. */
export function storeRun(queryClient: QueryClient, run: RunView): void {
  queryClient.setQueryData<MeetingView>(meetingKey(run.meetingId), (meeting) =>
    // The stream's views carry no one's abilities: keep the viewer's own.
    meeting
      ? { ...meeting, run: { ...run, abilities: meeting.run?.abilities ?? { run: meeting.abilities.run } } }
      : meeting,
  );
  // Moving on changes more than the run: issues become processed, ending opens the recap and the
  // roll. The meeting itself comes again from the server, which knows what the viewer may now do.
  void queryClient.invalidateQueries({ queryKey: meetingKey(run.meetingId) });
}

/** An issue's offers, asked for only when it has some (`offerCount`), so a long queue costs one request. */
export function useIssueOffers(issueId: string, offerCount: number) {
  return useQuery({
    queryKey: issueOffersKey(issueId),
    enabled: offerCount > 0,
    queryFn: ({ signal }) => api.get<OfferList>(`/meeting-issues/${enc(issueId)}/offers`, { signal }),
    select: (list) => list.items,
  });
}

export function useMyOffers(role: MyOffersRole) {
  return useQuery({
    queryKey: myOffersKey(role),
    queryFn: ({ signal }) => api.get<OfferList>(`/me/offers?role=${role}`, { signal }),
    select: (list) => list.items,
  });
}

/** Any change to an offer: every list that may show it, and the issues' offer counts, refetch. */
const useOfferMutation = <Variables>(run: (variables: Variables) => Promise<OfferView>) => {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: run,
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: meetingsQueryKey }),
  });
};

export const useMakeOffer = (issueId: string) =>
  useOfferMutation((body: OfferCreateBody) => api.post<OfferView>(`/meeting-issues/${enc(issueId)}/offers`, body));

export const useShareOfferLink = (offerId: string) =>
  useOfferMutation((body: OfferLinkBody) => api.post<OfferView>(`/meeting-offers/${enc(offerId)}/link`, body));

export const useWithdrawOffer = () =>
  useOfferMutation((offerId: string) => api.delete<OfferView>(`/meeting-offers/${enc(offerId)}`));

/** Fulfils an offer with a document, reporting the upload's progress from 0 to 1. */
export const useSendOfferFile = (offerId: string) =>
  useOfferMutation(({ file, onProgress }: { file: File; onProgress: (share: number) => void }) =>
    uploadWithProgress<OfferView>(`/meeting-offers/${enc(offerId)}/file`, file, onProgress),
  );

export function useRecordCommitment(issueId: string, meetingId?: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: CommitmentCreateBody) =>
      api.post<CommitmentView>(`/meeting-issues/${enc(issueId)}/commitments`, body),
    onSuccess: () => {
      if (meetingId) void queryClient.invalidateQueries({ queryKey: recapKey(meetingId) });
    },
  });
}

/** A check-in takes the commitment off the meeting's open ones. */
export function useCheckIn(meetingId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ commitmentId, body }: { commitmentId: string; body: CheckInBody }) =>
      api.post<CommitmentView>(`/meeting-commitments/${enc(commitmentId)}/check-in`, body),
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: meetingKey(meetingId) }),
  });
}

export function useRecap(meetingId: string) {
  return useQuery({
    queryKey: recapKey(meetingId),
    queryFn: ({ signal }) => api.get<RecapView>(`/meetings/${enc(meetingId)}/recap`, { signal }),
    retry: (count, error) => !(isApiError(error) && error.status < 500) && count < 2,
  });
}

export function usePublishRecap(meetingId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: RecapBody) => api.post<RecapView>(`/meetings/${enc(meetingId)}/recap`, body),
    onSuccess: (recap) => {
      queryClient.setQueryData(recapKey(meetingId), recap);
      void queryClient.invalidateQueries({ queryKey: meetingKey(meetingId) });
    },
  });
}

export function useMeetingSettings(networkId: string) {
  return useQuery({
    queryKey: settingsKey(networkId),
    queryFn: ({ signal }) => api.get<MeetingSettingsView>(`/networks/${enc(networkId)}/meeting-settings`, { signal }),
  });
}

export function useUpdateMeetingSettings(networkId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: MeetingSettingsBody) =>
      api.patch<MeetingSettingsView>(`/networks/${enc(networkId)}/meeting-settings`, body),
    onSuccess: (settings) => queryClient.setQueryData(settingsKey(networkId), settings),
  });
}

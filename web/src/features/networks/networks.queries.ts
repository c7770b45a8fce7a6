import type { OkResponse } from '@roundtable/contract/common';
import type {
  ApplicationBody,
  ApplicationPage,
  ApplicationStatus,
  ApplicationView,
  DecisionBody,
  DirectorySort,
  EmailInvitationBody,
  EmailInvitationsView,
  InvitationAcceptBody,
  InvitationAcceptedView,
  InvitationPreviewView,
  InvitationView,
  InviteLinkBody,
  InviteLinkView,
  MembershipView,
  NetworkCreateBody,
  NetworkPage,
  NetworkUpdateBody,
  NetworkView,
  OwnApplicationView,
  ProposalDecisionBody,
} from '@roundtable/contract/networks';
import { type QueryClient, useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../../lib/api';

const PAGE_SIZE = 20;

/** The directory's filters exactly as the URL and the API carry them. */
export type DirectoryFilters = {
  q?: string;
  industry?: string;
  function?: string;
  level?: string;
  region?: string;
  format?: string;
  hasSpace?: boolean;
  sort?: DirectorySort;
};

export const networksQueryKey = ['networks'] as const;
const directoryKey = (filters: DirectoryFilters) => [...networksQueryKey, 'directory', filters] as const;
const myNetworksKey = [...networksQueryKey, 'mine'] as const;
const proposalsKey = [...networksQueryKey, 'proposals'] as const;
export const networkKey = (networkId: string) => [...networksQueryKey, 'detail', networkId] as const;
const membersKey = (networkId: string) => [...networkKey(networkId), 'members'] as const;
const applicationsKey = (networkId: string, status?: ApplicationStatus) =>
  [...networkKey(networkId), 'applications', status ?? 'all'] as const;
const invitationsKey = (networkId: string) => [...networkKey(networkId), 'invitations'] as const;
const invitationPreviewKey = (token: string) => ['invitations', token] as const;

const path = (networkId: string) => `/networks/${encodeURIComponent(networkId)}`;

function queryString(params: Record<string, string | number | boolean | null | undefined>): string {
  const query = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) {
    if (value !== undefined && value !== null && value !== '') query.set(key, String(value));
  }
  return query.toString();
}

/** Cursor paging shared by every list in this area. */
function pagedQuery<T>(key: readonly unknown[], url: string, params: Record<string, string | boolean | undefined>) {
  return {
    queryKey: key,
    queryFn: ({ pageParam, signal }: { pageParam: string | null; signal: AbortSignal }) =>
      api.get<{ items: T[]; nextCursor: string | null }>(
        `${url}?${queryString({ ...params, limit: PAGE_SIZE, cursor: pageParam })}`,
        { signal },
      ),
    initialPageParam: null as string | null,
    getNextPageParam: (lastPage: { nextCursor: string | null }) => lastPage.nextCursor,
    select: (data: { pages: { items: T[] }[] }) => data.pages.flatMap((page) => page.items),
  };
}

export function useDirectory(filters: DirectoryFilters) {
  return useInfiniteQuery(
    pagedQuery<NetworkPage['items'][number]>(directoryKey(filters), '/networks', {
      ...filters,
      hasSpace: filters.hasSpace ? true : undefined,
    }),
  );
}

/** The networks the signed-in member belongs to. */
export function useMyNetworks() {
  return useQuery({
    queryKey: myNetworksKey,
    queryFn: ({ signal }) => api.get<NetworkPage>(`/me/networks?limit=100`, { signal }),
    select: (page) => page.items,
  });
}

export function useNetwork(networkId: string) {
  return useQuery({
    queryKey: networkKey(networkId),
    queryFn: ({ signal }) => api.get<NetworkView>(path(networkId), { signal }),
  });
}

/**
 * A changed network goes into the cache under its slug and its id, and every list that may show it
 * is refreshed: its role, member count or place in the directory may have moved.
 */
function storeNetwork(queryClient: QueryClient, network: NetworkView): void {
  queryClient.setQueryData(networkKey(network.slug), network);
  queryClient.setQueryData(networkKey(network.id), network);
  void queryClient.invalidateQueries({
    queryKey: networksQueryKey,
    predicate: (query) => query.queryKey[1] !== 'detail' || query.queryKey.length > 3,
  });
}

const useNetworkMutation = <Body>(run: (body: Body) => Promise<NetworkView>) => {
  const queryClient = useQueryClient();
  return useMutation({ mutationFn: run, onSuccess: (network) => storeNetwork(queryClient, network) });
};

export const useCreateNetwork = () =>
  useNetworkMutation((body: NetworkCreateBody) => api.post<NetworkView>('/networks', body));

export const useUpdateNetwork = (networkId: string) =>
  useNetworkMutation((body: NetworkUpdateBody) => api.patch<NetworkView>(path(networkId), body));

export const useJoinNetwork = (networkId: string) =>
  useNetworkMutation((charterVersion: number) => api.post<NetworkView>(`${path(networkId)}/join`, { charterVersion }));

export const useAcceptCharter = (networkId: string) =>
  useNetworkMutation((charterVersion: number) =>
    api.post<NetworkView>(`${path(networkId)}/charter/accept`, { charterVersion }),
  );

export const useDecideProposal = (networkId: string) =>
  useNetworkMutation((body: ProposalDecisionBody) =>
    api.post<NetworkView>(`${path(networkId)}/proposal-decision`, body),
  );

export function useLeaveNetwork(networkId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: () => api.post<OkResponse>(`${path(networkId)}/leave`),
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: networksQueryKey }),
  });
}

export function useApply(networkId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: ApplicationBody) => api.post<OwnApplicationView>(`${path(networkId)}/applications`, body),
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: networksQueryKey }),
  });
}

export const useMembers = (networkId: string) =>
  useInfiniteQuery(pagedQuery<MembershipView>(membersKey(networkId), `${path(networkId)}/members`, {}));

/** Member list changes also change the network's member count and facilitators. */
function useMembershipMutation<Variables, Result>(networkId: string, run: (variables: Variables) => Promise<Result>) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: run,
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: networkKey(networkId) }),
  });
}

export const useRemoveMember = (networkId: string) =>
  useMembershipMutation(networkId, ({ memberId, reason }: { memberId: string; reason: string }) =>
    api.post<OkResponse>(`${path(networkId)}/members/${encodeURIComponent(memberId)}/removal`, { reason }),
  );

export const useAppointFacilitator = (networkId: string) =>
  useMembershipMutation(networkId, (memberId: string) =>
    api.post<MembershipView>(`${path(networkId)}/facilitators`, { memberId }),
  );

export const useStepDownFacilitator = (networkId: string) =>
  useMembershipMutation(networkId, (memberId: string) =>
    api.delete<MembershipView>(`${path(networkId)}/facilitators/${encodeURIComponent(memberId)}`),
  );

export const useApplications = (networkId: string, status: ApplicationStatus) =>
  useInfiniteQuery(
    pagedQuery<ApplicationPage['items'][number]>(
      applicationsKey(networkId, status),
      `${path(networkId)}/applications`,
      {
        status,
      },
    ),
  );

export const useDecideApplication = (networkId: string) =>
  useMembershipMutation(networkId, ({ applicationId, ...body }: DecisionBody & { applicationId: string }) =>
    api.post<ApplicationView>(`${path(networkId)}/applications/${encodeURIComponent(applicationId)}/decision`, body),
  );

export const useInvitations = (networkId: string) =>
  useInfiniteQuery(pagedQuery<InvitationView>(invitationsKey(networkId), `${path(networkId)}/invitations`, {}));

export const useInviteByEmail = (networkId: string) =>
  useMembershipMutation(networkId, (body: EmailInvitationBody) =>
    api.post<EmailInvitationsView>(`${path(networkId)}/invitations`, body),
  );

export const useCreateInviteLink = (networkId: string) =>
  useMembershipMutation(networkId, (body: InviteLinkBody) =>
    api.post<InviteLinkView>(`${path(networkId)}/invite-links`, body),
  );

export const useRevokeInvitation = (networkId: string) =>
  useMembershipMutation(networkId, (invitationId: string) =>
    api.delete<InvitationView>(`${path(networkId)}/invitations/${encodeURIComponent(invitationId)}`),
  );

/** Networks members proposed, waiting for a host admin. */
export const useProposals = () =>
  useInfiniteQuery(pagedQuery<NetworkPage['items'][number]>(proposalsKey, '/network-proposals', {}));

export function useInvitationPreview(token: string) {
  return useQuery({
    queryKey: invitationPreviewKey(token),
    queryFn: ({ signal }) => api.get<InvitationPreviewView>(`/invitations/${encodeURIComponent(token)}`, { signal }),
    retry: false,
  });
}

export function useAcceptInvitation(token: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: InvitationAcceptBody) =>
      api.post<InvitationAcceptedView>(`/invitations/${encodeURIComponent(token)}/accept`, body),
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: networksQueryKey }),
  });
}

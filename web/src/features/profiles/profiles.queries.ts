import type { MeUpdateBody, MeView } from '@roundtable/contract/accounts';
import type { MemberView, OwnProfileView } from '@roundtable/contract/profiles';
import { type QueryClient, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../../lib/api';
import { type Session, sessionQueryKey, setSignedIn } from '../accounts/session';

export const memberQueryKey = (memberId: string) => ['members', memberId] as const;

export function useMember(memberId: string) {
  return useQuery({
    queryKey: memberQueryKey(memberId),
    queryFn: ({ signal }) => api.get<MemberView>(`/members/${encodeURIComponent(memberId)}`, { signal }),
  });
}

/** The signed-in person's cached account gets the profile the server answered with. */
function setOwnProfile(queryClient: QueryClient, profile: OwnProfileView): void {
  const me = queryClient.getQueryData<Session>(sessionQueryKey)?.me;
  if (!me) return;
  setSignedIn(queryClient, { ...me, profile });
  void queryClient.invalidateQueries({ queryKey: memberQueryKey(me.id) });
}

export function useSaveProfile() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: MeUpdateBody) => api.patch<MeView>('/me', body),
    onSuccess: (me) => {
      setSignedIn(queryClient, me);
      void queryClient.invalidateQueries({ queryKey: memberQueryKey(me.id) });
    },
  });
}

export function useUploadAvatar() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (file: File) => {
      const form = new FormData();
      form.append('file', file);
      return api.put<OwnProfileView>('/me/avatar', form);
    },
    onSuccess: (profile) => setOwnProfile(queryClient, profile),
  });
}

export function useRemoveAvatar() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: () => api.delete<OwnProfileView>('/me/avatar'),
    onSuccess: (profile) => setOwnProfile(queryClient, profile),
  });
}

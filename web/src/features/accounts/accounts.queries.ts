import { notifications } from '@mantine/notifications';
import type {
  MeUpdateBody,
  MeView,
  PasswordChangeBody,
  PasswordResetCompleteBody,
  PasswordResetRequestBody,
  SignInBody,
  SignUpBody,
  VerifyEmailBody,
} from '@roundtable/contract/accounts';
import type { PublicInstanceView } from '@roundtable/contract/admin';
import type { OkResponse } from '@roundtable/contract/common';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../../lib/api';
import { formErrorMessageOf } from '../../lib/forms';
import { type Session, sessionQueryKey, setSignedIn } from './session';

export const publicInstanceQueryKey = ['instance', 'public'] as const;

/** What the sign-up page needs to know: the sign-up policy and whether a host admin exists yet. */
export function usePublicInstance() {
  return useQuery({
    queryKey: publicInstanceQueryKey,
    queryFn: ({ signal }) => api.get<PublicInstanceView>('/instance', { signal }),
  });
}

export function useSignUp() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: SignUpBody) => api.post<MeView>('/auth/sign-up', body),
    onSuccess: (me) => {
      setSignedIn(queryClient, me);
      void queryClient.invalidateQueries({ queryKey: publicInstanceQueryKey });
    },
  });
}

export function useSignIn() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: SignInBody) => api.post<MeView>('/auth/sign-in', body),
    onSuccess: (me) => setSignedIn(queryClient, me),
  });
}

export const useRequestPasswordReset = () =>
  useMutation({
    mutationFn: (body: PasswordResetRequestBody) => api.post<OkResponse>('/auth/password-reset', body),
  });

export function useCompletePasswordReset() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: PasswordResetCompleteBody) => api.post<MeView>('/auth/password-reset/complete', body),
    onSuccess: (me) => setSignedIn(queryClient, me),
  });
}

export function useVerifyEmail() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: VerifyEmailBody) => api.post<OkResponse>('/auth/verify-email', body),
    onSuccess: () => {
      const session = queryClient.getQueryData<Session>(sessionQueryKey);
      if (session?.me) void queryClient.invalidateQueries({ queryKey: sessionQueryKey });
    },
  });
}

/** Sends a fresh confirmation link and says so in a notification. */
export const useResendVerification = (email: string) =>
  useMutation({
    mutationFn: () => api.post<OkResponse>('/auth/verify-email/resend'),
    onSuccess: () =>
      notifications.show({
        color: 'teal',
        title: 'Email sent',
        message: `We sent a new confirmation link to ${email}. It works for 48 hours.`,
      }),
    onError: (error) =>
      notifications.show({ color: 'red', title: 'Could not send the email', message: formErrorMessageOf(error) }),
  });

export function useUpdateMe() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: MeUpdateBody) => api.patch<MeView>('/me', body),
    onSuccess: (me) => setSignedIn(queryClient, me),
  });
}

export const useChangePassword = () =>
  useMutation({ mutationFn: (body: PasswordChangeBody) => api.post<void>('/me/password', body) });

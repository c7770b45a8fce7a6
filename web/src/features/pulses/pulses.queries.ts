import type {
  BreakdownField,
  PulseBox,
  PulseCreateBody,
  PulseModerationBody,
  PulsePage,
  PulseResults,
  PulseView,
  ResponseBody,
} from '@roundtable/contract/pulses';
import { type QueryClient, useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../../lib/api';

const PAGE_SIZE = 20;

export const pulsesQueryKey = ['pulses'] as const;
const listsKey = [...pulsesQueryKey, 'list'] as const;
const boxKey = (box: PulseBox) => [...listsKey, 'box', box] as const;
const networkPulsesKey = (networkId: string) => [...listsKey, 'network', networkId] as const;
export const pulseKey = (pulseId: string) => [...pulsesQueryKey, 'detail', pulseId] as const;
const resultsKey = (pulseId: string) => [...pulsesQueryKey, 'results', pulseId] as const;

const enc = encodeURIComponent;

const pagedPulses = (key: readonly unknown[], path: string, params: Record<string, string>) => ({
  queryKey: key,
  queryFn: ({ pageParam, signal }: { pageParam: string | null; signal: AbortSignal }) => {
    const query = new URLSearchParams({ ...params, limit: String(PAGE_SIZE) });
    if (pageParam) query.set('cursor', pageParam);
    return api.get<PulsePage>(`${path}?${query.toString()}`, { signal });
  },
  initialPageParam: null as string | null,
  getNextPageParam: (lastPage: PulsePage) => lastPage.nextCursor,
});

/** The signed-in member's pulses: waiting for an answer, answered, or asked by them. */
export const useMyPulses = (box: PulseBox) => useInfiniteQuery(pagedPulses(boxKey(box), '/me/pulses', { box }));

/** A network's pulses that the member was asked or asked (all of them for its facilitators). */
export const useNetworkPulses = (networkId: string) =>
  useInfiniteQuery(pagedPulses(networkPulsesKey(networkId), `/networks/${enc(networkId)}/pulses`, {}));

export function usePulse(pulseId: string) {
  return useQuery({
    queryKey: pulseKey(pulseId),
    queryFn: ({ signal }) => api.get<PulseView>(`/pulses/${enc(pulseId)}`, { signal }),
  });
}

/** Results refresh with the page's focus; while open they only change in whole steps of the threshold. */
export function usePulseResults(pulseId: string, by: BreakdownField | null) {
  return useQuery({
    queryKey: [...resultsKey(pulseId), by ?? 'all'],
    queryFn: ({ signal }) =>
      api.get<PulseResults>(`/pulses/${enc(pulseId)}/results${by ? `?by=${by}` : ''}`, { signal }),
    // An open page keeps up with new answers; the server only moves in whole steps of the threshold.
    refetchInterval: 60_000,
  });
}

export const resultsCsvUrl = (pulseId: string) => `/api/v1/pulses/${enc(pulseId)}/results.csv`;

/** A changed pulse replaces the cached one; the lists and results that show it refetch. */
function storePulse(queryClient: QueryClient, pulse: PulseView): void {
  queryClient.setQueryData(pulseKey(pulse.id), pulse);
  void queryClient.invalidateQueries({ queryKey: listsKey });
  void queryClient.invalidateQueries({ queryKey: resultsKey(pulse.id) });
}

const usePulseMutation = <Variables>(run: (variables: Variables) => Promise<PulseView>) => {
  const queryClient = useQueryClient();
  return useMutation({ mutationFn: run, onSuccess: (pulse) => storePulse(queryClient, pulse) });
};

export const useCreatePulse = () =>
  usePulseMutation(({ networkId, body }: { networkId: string; body: PulseCreateBody }) =>
    api.post<PulseView>(`/networks/${enc(networkId)}/pulses`, body),
  );

export const useAnswerPulse = (pulseId: string) =>
  usePulseMutation((body: ResponseBody) => api.post<PulseView>(`/pulses/${enc(pulseId)}/responses`, body));

export const useDeclinePulse = (pulseId: string) =>
  usePulseMutation(() => api.post<PulseView>(`/pulses/${enc(pulseId)}/decline`));

export const useClosePulse = (pulseId: string) =>
  usePulseMutation(() => api.post<PulseView>(`/pulses/${enc(pulseId)}/close`));

export const useExtendPulse = (pulseId: string) =>
  usePulseMutation((closesAt: string) => api.post<PulseView>(`/pulses/${enc(pulseId)}/extend`, { closesAt }));

export const useReopenPulse = (pulseId: string) =>
  usePulseMutation((closesAt: string) => api.post<PulseView>(`/pulses/${enc(pulseId)}/reopen`, { closesAt }));

export const useModeratePulse = (pulseId: string) =>
  usePulseMutation((body: PulseModerationBody) => api.post<PulseView>(`/pulses/${enc(pulseId)}/moderation`, body));

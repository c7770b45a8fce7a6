import type { ActivityView } from '@roundtable/contract/activity';
import type {
  AssessmentCreateBody,
  AssessmentPage,
  AssessmentView,
  InstrumentView,
} from '@roundtable/contract/assessments';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../../lib/api';

export const nqQueryKey = ['nq'] as const;
const historyKey = [...nqQueryKey, 'history'] as const;
/** The history chart shows up to this many of the latest results. */
const HISTORY_SIZE = 50;

export function useInstrument() {
  return useQuery({
    queryKey: [...nqQueryKey, 'instrument'],
    queryFn: ({ signal }) => api.get<InstrumentView>('/assessments/instrument', { signal }),
    staleTime: Number.POSITIVE_INFINITY,
  });
}

/** The member's latest results, newest first. */
export function useAssessmentHistory(enabled = true) {
  return useQuery({
    queryKey: historyKey,
    queryFn: ({ signal }) => api.get<AssessmentPage>(`/assessments?limit=${HISTORY_SIZE}`, { signal }),
    enabled,
  });
}

export function useAssessment(assessmentId: string) {
  return useQuery({
    queryKey: [...nqQueryKey, 'result', assessmentId],
    queryFn: ({ signal }) => api.get<AssessmentView>(`/assessments/${encodeURIComponent(assessmentId)}`, { signal }),
  });
}

export function useActivity() {
  return useQuery({
    queryKey: ['activity'],
    queryFn: ({ signal }) => api.get<ActivityView>('/activity', { signal }),
  });
}

/** Scores an answer sheet; signed in it lands in the history, and the plan proposal follows it. */
export function useTakeAssessment() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: AssessmentCreateBody) => api.post<AssessmentView>('/assessments', body),
    onSuccess: (result) => {
      if (result.id) {
        queryClient.setQueryData([...nqQueryKey, 'result', result.id], result);
        void queryClient.invalidateQueries({ queryKey: historyKey });
        void queryClient.invalidateQueries({ queryKey: ['activity'] });
        void queryClient.invalidateQueries({ queryKey: ['plan'] });
      }
    },
  });
}

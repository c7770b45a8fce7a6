import type {
  ActionCreateBody,
  ActionUpdateBody,
  GoalUpdateBody,
  PlanActionView,
  PlanProposalView,
  PlanReplaceBody,
  PlanView,
} from '@roundtable/contract/plans';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, isApiError } from '../../lib/api';

const planKey = ['plan'] as const;
const proposalKey = ['plan', 'proposal'] as const;

export function usePlan() {
  return useQuery({ queryKey: planKey, queryFn: ({ signal }) => api.get<PlanView>('/plan', { signal }) });
}

/** The proposal from the latest NQ; `null` when there is no NQ result yet to build it from. */
export function useProposal(enabled: boolean) {
  return useQuery({
    queryKey: proposalKey,
    enabled,
    queryFn: async ({ signal }) => {
      try {
        return await api.get<PlanProposalView>('/plan/proposal', { signal });
      } catch (error) {
        if (isApiError(error) && error.status === 404) return null;
        throw error;
      }
    },
  });
}

/**
 * The proposal as the plan body that accepts it unchanged: the contract's `acceptedProposal`,
 * restated because importing a value from contract/plans pulls TypeBox into the first page's
 * preloaded scripts (210 kB instead of 198 kB gzipped, measured with bench/src/web-budget.ts).
 */
export const acceptedProposal = (proposal: PlanProposalView): PlanReplaceBody => ({
  goals: proposal.goals.map((goal) => ({
    dimension: goal.dimension,
    title: goal.title,
    targetDate: goal.targetDate,
    actions: goal.actions.map((action) => ({
      title: action.title,
      dueDate: action.dueDate,
      metric: action.metric,
      target: action.target,
    })),
  })),
});

function usePlanMutation<Input>(run: (input: Input) => Promise<PlanView>) {
  const queryClient = useQueryClient();
  return useMutation({ mutationFn: run, onSuccess: (plan) => queryClient.setQueryData(planKey, plan) });
}

export const useReplacePlan = () => usePlanMutation((body: PlanReplaceBody) => api.put<PlanView>('/plan', body));

export const useUpdateGoal = () =>
  usePlanMutation(({ goalId, body }: { goalId: string; body: GoalUpdateBody }) =>
    api.patch<PlanView>(`/plan/goals/${encodeURIComponent(goalId)}`, body),
  );

export const useDeleteGoal = () =>
  usePlanMutation((goalId: string) => api.delete<PlanView>(`/plan/goals/${encodeURIComponent(goalId)}`));

export const useDeleteAction = () =>
  usePlanMutation((actionId: string) => api.delete<PlanView>(`/plan/actions/${encodeURIComponent(actionId)}`));

/** Changes to one action refresh the whole plan, whose progress counts follow. */
function useActionMutation<Input>(run: (input: Input) => Promise<PlanActionView>) {
  const queryClient = useQueryClient();
  return useMutation({ mutationFn: run, onSuccess: () => queryClient.invalidateQueries({ queryKey: planKey }) });
}

export const useAddAction = () =>
  useActionMutation(({ goalId, body }: { goalId: string; body: ActionCreateBody }) =>
    api.post<PlanActionView>(`/plan/goals/${encodeURIComponent(goalId)}/actions`, body),
  );

/** A tick shows at once; the plan is read again afterwards, or put back if the server refuses. */
export function useUpdateAction() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ actionId, body }: { actionId: string; body: ActionUpdateBody }) =>
      api.patch<PlanActionView>(`/plan/actions/${encodeURIComponent(actionId)}`, body),
    onMutate: async ({ actionId, body }) => {
      if (body.done === undefined) return;
      await queryClient.cancelQueries({ queryKey: planKey });
      queryClient.setQueryData<PlanView>(planKey, (plan) =>
        plan
          ? {
              ...plan,
              goals: plan.goals.map((goal) => ({
                ...goal,
                actions: goal.actions.map((action) =>
                  action.id === actionId
                    ? { ...action, done: Boolean(body.done), completedBy: body.done ? 'member' : null }
                    : action,
                ),
              })),
            }
          : plan,
      );
    },
    onSettled: () => queryClient.invalidateQueries({ queryKey: planKey }),
  });
}

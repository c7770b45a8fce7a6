import { accountRoutePolicies } from './features/accounts/accounts.policy.js';
import { activityRoutePolicies } from './features/activity/activity.policy.js';
import { adminRoutePolicies } from './features/admin/admin.policy.js';
import { assessmentRoutePolicies } from './features/assessments/assessments.policy.js';
import { instanceRoutePolicies } from './features/instance/instance.policy.js';
import { liveRoutePolicies } from './features/live/live.policy.js';
import { meetingRoutePolicies } from './features/meetings/meetings.policy.js';
import { moderationRoutePolicies } from './features/moderation/moderation.policy.js';
import { networkRoutePolicies } from './features/networks/networks.policy.js';
import { notificationRoutePolicies } from './features/notifications/notifications.policy.js';
import { planRoutePolicies } from './features/plans/plans.policy.js';
import { profileRoutePolicies } from './features/profiles/profiles.policy.js';
import { pulseRoutePolicies } from './features/pulses/pulses.policy.js';
import { threadRoutePolicies } from './features/threads/threads.policy.js';
import type { Policy } from './platform/policy.js';

const platformRoutePolicies = {
  /** Health checks, the OpenAPI document and the web app itself. */
  public: () => true,
} satisfies Record<string, Policy>;

/** Every route names one of these; the gate refuses before the body is even read. */
export const routePolicies = {
  ...platformRoutePolicies,
  ...accountRoutePolicies,
  ...instanceRoutePolicies,
  ...adminRoutePolicies,
  ...profileRoutePolicies,
  ...networkRoutePolicies,
  ...notificationRoutePolicies,
  ...liveRoutePolicies,
  ...threadRoutePolicies,
  ...moderationRoutePolicies,
  ...pulseRoutePolicies,
  ...assessmentRoutePolicies,
  ...activityRoutePolicies,
  ...planRoutePolicies,
  ...meetingRoutePolicies,
} satisfies Record<string, Policy>;

export type RoutePolicyName = keyof typeof routePolicies;

declare module 'fastify' {
  interface FastifyContextConfig {
    policy?: RoutePolicyName;
  }
}

import { isHostAdmin, type Policy } from '../../platform/policy.js';

export const adminRoutePolicies = {
  'admin.outbox.list': isHostAdmin,
  'admin.jobs.list': isHostAdmin,
  'admin.jobs.retry': isHostAdmin,
} satisfies Record<string, Policy>;

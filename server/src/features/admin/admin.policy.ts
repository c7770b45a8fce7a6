import { isHostAdmin, type Policy } from '../../platform/policy.js';

export const adminRoutePolicies = {
  'admin.outbox.list': isHostAdmin,
} satisfies Record<string, Policy>;

import { isHostAdmin, type Policy } from '../../platform/policy.js';

export const instanceRoutePolicies = {
  'instance.readPublic': () => true,
  'instance.settings.manage': isHostAdmin,
} satisfies Record<string, Policy>;

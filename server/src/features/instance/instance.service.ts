import type {
  InstanceSettingsUpdateBody,
  InstanceSettingsView,
  PublicInstanceView,
  SignUpPolicy,
} from '@roundtable/contract/admin';
import type { Db } from '../../db/database.js';
import { hasAnyUser, readSettingValues, writeSettingValue } from './instance.queries.js';

const signUpPolicies: readonly SignUpPolicy[] = ['open', 'invitation'];

/** The instance's settings, with defaults for anything never set. */
export async function getInstanceSettings(db: Db): Promise<InstanceSettingsView> {
  const values = await readSettingValues(db);
  const signUpPolicy = values.get('signUpPolicy');
  return {
    signUpPolicy: signUpPolicies.find((policy) => policy === signUpPolicy) ?? 'open',
    memberNetworkProposals: values.get('memberNetworkProposals') === 'true',
    pulsesAskVerifiedOnly: values.get('pulsesAskVerifiedOnly') === 'true',
    pulsesMinimumMemberDays: Math.min(
      90,
      Math.max(0, Number.parseInt(values.get('pulsesMinimumMemberDays') ?? '0', 10) || 0),
    ),
  };
}

export async function updateInstanceSettings(
  db: Db,
  changes: InstanceSettingsUpdateBody,
): Promise<InstanceSettingsView> {
  if (changes.signUpPolicy) await writeSettingValue(db, 'signUpPolicy', changes.signUpPolicy);
  if (changes.memberNetworkProposals !== undefined) {
    await writeSettingValue(db, 'memberNetworkProposals', String(changes.memberNetworkProposals));
  }
  if (changes.pulsesAskVerifiedOnly !== undefined)
    await writeSettingValue(db, 'pulsesAskVerifiedOnly', String(changes.pulsesAskVerifiedOnly));
  if (changes.pulsesMinimumMemberDays !== undefined)
    await writeSettingValue(db, 'pulsesMinimumMemberDays', String(changes.pulsesMinimumMemberDays));
  return getInstanceSettings(db);
}

export async function getPublicInstance(db: Db): Promise<PublicInstanceView> {
  const [settings, hasAdmin] = await Promise.all([getInstanceSettings(db), hasAnyUser(db)]);
  return { signUpPolicy: settings.signUpPolicy, hasAdmin, memberNetworkProposals: settings.memberNetworkProposals };
}

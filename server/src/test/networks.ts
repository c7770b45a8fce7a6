import type { NetworkCreateBody, NetworkView } from '@roundtable/contract/networks';
import type { Person, TestApp } from './app.js';

/** A network body with every required field; tests override what they are about. */
export const networkBody = (overrides: Partial<NetworkCreateBody> = {}): NetworkCreateBody => ({
  name: 'CFO Circle',
  purpose: 'Finance chiefs of mid-sized manufacturers comparing notes on pricing, cash and people.',
  format: 'online',
  joinPolicy: 'open',
  listed: true,
  ...overrides,
});

export async function createNetwork(
  t: TestApp,
  as: Person,
  overrides: Partial<NetworkCreateBody> = {},
): Promise<NetworkView> {
  const response = await t.request({ method: 'POST', url: '/api/v1/networks', as, payload: networkBody(overrides) });
  if (response.statusCode !== 201) throw new Error(`create network failed ${response.statusCode}: ${response.body}`);
  return response.json();
}

export async function joinNetwork(t: TestApp, as: Person, network: Pick<NetworkView, 'id' | 'charterVersion'>) {
  const response = await t.request({
    method: 'POST',
    url: `/api/v1/networks/${network.id}/join`,
    as,
    payload: { charterVersion: network.charterVersion },
  });
  if (response.statusCode !== 200) throw new Error(`join failed ${response.statusCode}: ${response.body}`);
  return response.json() as NetworkView;
}

export async function setProfile(t: TestApp, as: Person, profile: Record<string, unknown>): Promise<void> {
  const response = await t.request({ method: 'PATCH', url: '/api/v1/me', as, payload: { profile } });
  if (response.statusCode !== 200) throw new Error(`profile update failed ${response.statusCode}: ${response.body}`);
}

export async function apply(t: TestApp, as: Person, networkId: string, answers?: string[]) {
  return t.request({
    method: 'POST',
    url: `/api/v1/networks/${networkId}/applications`,
    as,
    payload: {
      why: 'I run finance at a mid-sized firm.',
      contribution: 'Ten years of pricing work.',
      ...(answers ? { answers } : {}),
    },
  });
}

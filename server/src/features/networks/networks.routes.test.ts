import { DEFAULT_CHARTER } from '@roundtable/contract/networks';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type Person, type TestApp } from '../../test/app.js';
import { createNetwork, joinNetwork, networkBody, setProfile } from '../../test/networks.js';

let t: TestApp;
let admin: Person;
beforeAll(async () => {
  t = await buildTestApp();
  admin = await t.admin();
});
afterAll(() => t.close());

const directory = (as: Person, query: Record<string, string> = {}) =>
  t.request({ method: 'GET', url: '/api/v1/networks', as, query });
const namesIn = (response: { json(): { items: { name: string }[] } }) => response.json().items.map((n) => n.name);

describe('creating a network', () => {
  it('creates an active network with sensible defaults and makes the host admin its first facilitator', async () => {
    const network = await createNetwork(t, admin, { name: 'Heads of Data, DACH' });
    expect(network).toMatchObject({
      name: 'Heads of Data, DACH',
      slug: 'heads-of-data-dach',
      status: 'active',
      cadence: 'monthly',
      sizeLimit: null,
      charterVersion: 1,
      charter: DEFAULT_CHARTER,
      memberCount: 1,
      audience: { levels: [], functions: [], industries: [], companySizes: [], regions: [] },
      viewer: { role: 'facilitator', acceptedCharterVersion: 1 },
    });
    expect(network.facilitators.map((f) => f.id)).toEqual([admin.me.id]);
    const again = await createNetwork(t, admin, { name: 'Heads of Data, DACH' });
    expect(again.slug).toBe('heads-of-data-dach-2');
  });

  it('refuses a slug already taken with 409 and writes nothing', async () => {
    await createNetwork(t, admin, { name: 'Slug Owner', slug: 'taken-slug' });
    const before = await t.rowCounts();
    const response = await t.request({
      method: 'POST',
      url: '/api/v1/networks',
      as: admin,
      payload: networkBody({ name: 'Another', slug: 'taken-slug' }),
    });
    expect(response.statusCode).toBe(409);
    expect(response.json().error.details).toEqual([{ path: '/slug', message: 'is taken' }]);
    expect(await t.rowCounts()).toEqual(before);
  });

  it('gives a member the next free slug instead of confirming that an unlisted network holds it', async () => {
    await createNetwork(t, admin, { name: 'Hidden Owner', slug: 'quiet-room', listed: false });
    await createNetwork(t, admin, { name: 'Listed Owner', slug: 'open-room' });
    const setProposals = (memberNetworkProposals: boolean) =>
      t.request({ method: 'PATCH', url: '/api/v1/instance/settings', as: admin, payload: { memberNetworkProposals } });
    await setProposals(true);
    try {
      const member = await t.member('Sam Slug');
      const propose = (slug: string) =>
        t.request({
          method: 'POST',
          url: '/api/v1/networks',
          as: member,
          payload: networkBody({ name: 'Mine', slug }),
        });
      const unlisted = await propose('quiet-room');
      const listed = await propose('open-room');
      expect([unlisted.statusCode, listed.statusCode]).toEqual([201, 201]);
      expect([unlisted.json().slug, listed.json().slug]).toEqual(['quiet-room-2', 'open-room-2']);
    } finally {
      await setProposals(false);
    }
  });

  it('refuses members unless the instance lets them propose, then keeps the proposal for a host admin', async () => {
    const member = await t.member('Paula Proposer');
    const refused = await t.request({ method: 'POST', url: '/api/v1/networks', as: member, payload: networkBody() });
    expect(refused.statusCode).toBe(403);

    await t.request({
      method: 'PATCH',
      url: '/api/v1/instance/settings',
      as: admin,
      payload: { memberNetworkProposals: true },
    });
    const proposed = await t.request({
      method: 'POST',
      url: '/api/v1/networks',
      as: member,
      payload: networkBody({ name: 'Supply Chain Leads' }),
    });
    expect(proposed.statusCode).toBe(201);
    expect(proposed.json()).toMatchObject({ status: 'proposed', memberCount: 0, viewer: { role: null } });
    const id = proposed.json().id;

    const outsider = await t.member();
    expect((await t.request({ method: 'GET', url: `/api/v1/networks/${id}`, as: outsider })).statusCode).toBe(404);
    expect(namesIn(await directory(outsider, { q: 'Supply' }))).toEqual([]);
    expect((await t.request({ method: 'GET', url: '/api/v1/network-proposals', as: member })).statusCode).toBe(403);
    const queue = await t.request({ method: 'GET', url: '/api/v1/network-proposals', as: admin });
    expect(queue.json().items.map((n: { id: string }) => n.id)).toContain(id);

    const approved = await t.request({
      method: 'POST',
      url: `/api/v1/networks/${id}/proposal-decision`,
      as: admin,
      payload: { decision: 'approve' },
    });
    expect(approved.statusCode).toBe(200);
    expect(approved.json()).toMatchObject({ status: 'active', memberCount: 1 });
    const asProposer = (await t.request({ method: 'GET', url: `/api/v1/networks/${id}`, as: member })).json();
    expect(asProposer.viewer.role).toBe('facilitator');
    expect(namesIn(await directory(outsider, { q: 'Supply' }))).toEqual(['Supply Chain Leads']);
    await t.request({
      method: 'PATCH',
      url: '/api/v1/instance/settings',
      as: admin,
      payload: { memberNetworkProposals: false },
    });
  });
});

describe('the directory', () => {
  let viewer: Person;
  beforeAll(async () => {
    await createNetwork(t, admin, {
      name: 'Software CFO Forum',
      purpose: 'Finance leaders of software companies on pricing and revenue recognition.',
      audience: { levels: ['c_level'], functions: ['finance'], industries: ['software'] },
    });
    await createNetwork(t, admin, {
      name: 'Retail Finance Directors',
      purpose: 'Directors of finance in retail groups compare inventory and cash practices.',
      audience: { levels: ['director'], functions: ['finance'], industries: ['retail'] },
      format: 'in_person',
      homeLocation: 'Berlin',
    });
    await createNetwork(t, admin, {
      name: 'Any Industry Executives',
      purpose: 'Chief executives of every sector meet quarterly.',
      audience: { levels: ['c_level'] },
      sizeLimit: 2,
    });
    await createNetwork(t, admin, {
      name: 'Secret Software Circle',
      listed: false,
      audience: { industries: ['software'] },
    });
    viewer = await t.member('Vera Viewer');
    await setProfile(t, viewer, { level: 'c_level', function: 'finance', industry: 'software' });
  });

  it('ranks by fit to the viewer’s profile first, and shows the fit', async () => {
    const response = await directory(viewer, { limit: '100' });
    expect(response.statusCode).toBe(200);
    const items = response.json().items as { name: string; fit: number }[];
    expect(items[0]).toMatchObject({ name: 'Software CFO Forum', fit: 100 });
    const position = (name: string) => items.findIndex((n) => n.name === name);
    expect(position('Any Industry Executives')).toBeLessThan(position('Retail Finance Directors'));
    expect(items.map((n) => n.name)).not.toContain('Secret Software Circle');
  });

  it('filters by industry and level, counting networks open to anyone on that dimension', async () => {
    const names = namesIn(await directory(viewer, { industry: 'software', level: 'c_level', limit: '100' }));
    expect(names).toContain('Software CFO Forum');
    expect(names).toContain('Any Industry Executives');
    expect(names).not.toContain('Retail Finance Directors');
  });

  it('finds networks by words in the name or purpose, with prefixes and stemming', async () => {
    expect(namesIn(await directory(viewer, { q: 'inventory' }))).toEqual(['Retail Finance Directors']);
    expect(namesIn(await directory(viewer, { q: 'recogn pric' }))).toEqual(['Software CFO Forum']);
    expect(namesIn(await directory(viewer, { q: '"); drop table networks; --' }))).toEqual([]);
    expect(namesIn(await directory(viewer, { q: 'nothing-like-this-exists' }))).toEqual([]);
  });

  it('filters by format and by networks with space left', async () => {
    expect(namesIn(await directory(viewer, { format: 'in_person' }))).toEqual(['Retail Finance Directors']);
    const full = await t.member();
    const network = (await directory(viewer, { q: 'Any Industry' })).json().items[0];
    await joinNetwork(t, full, network);
    const withSpace = namesIn(await directory(viewer, { hasSpace: 'true', limit: '100' }));
    expect(withSpace).not.toContain('Any Industry Executives');
    expect(withSpace).toContain('Software CFO Forum');
    const refused = await t.request({
      method: 'POST',
      url: `/api/v1/networks/${network.id}/join`,
      as: viewer,
      payload: { charterVersion: 1 },
    });
    expect(refused.statusCode).toBe(409);
    expect(refused.json().error.code).toBe('network_full');
  });

  it('pages by cursor without repeating or skipping a network, in every order', async () => {
    for (const sort of ['fit', 'newest', 'name']) {
      const all = namesIn(await directory(viewer, { sort, limit: '100' }));
      const paged: string[] = [];
      let cursor: string | null = null;
      do {
        const query: Record<string, string> = { sort, limit: '2', ...(cursor ? { cursor } : {}) };
        const page: { items: { name: string }[]; nextCursor: string | null } = (await directory(viewer, query)).json();
        paged.push(...page.items.map((n) => n.name));
        cursor = page.nextCursor;
      } while (cursor);
      expect(paged, sort).toEqual(all);
    }
    const bad = await directory(viewer, { cursor: 'not-a-cursor' });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.code).toBe('validation_failed');
  });

  it('lists the viewer’s own networks, unlisted ones included', async () => {
    const mine = await t.request({ method: 'GET', url: '/api/v1/me/networks', as: admin });
    expect(namesIn(mine)).toContain('Secret Software Circle');
    const none = await t.request({ method: 'GET', url: '/api/v1/me/networks', as: viewer });
    expect(none.json()).toEqual({ items: [], nextCursor: null });
  });
});

describe('editing a network', () => {
  it('keeps the charter versioned: members see the change and accept it again', async () => {
    const network = await createNetwork(t, admin, { name: 'Charter Keepers' });
    const member = await t.member();
    await joinNetwork(t, member, network);
    const edited = await t.request({
      method: 'PATCH',
      url: `/api/v1/networks/${network.id}`,
      as: admin,
      payload: { charter: 'Be kind. Be brief.', audience: { industries: ['energy'] } },
    });
    expect(edited.statusCode).toBe(200);
    expect(edited.json()).toMatchObject({ charterVersion: 2, charter: 'Be kind. Be brief.' });
    expect(edited.json().audience.industries).toEqual(['energy']);

    const asMember = (await t.request({ method: 'GET', url: `/api/v1/networks/${network.id}`, as: member })).json();
    expect(asMember.viewer.acceptedCharterVersion).toBe(1);
    const stale = await t.request({
      method: 'POST',
      url: `/api/v1/networks/${network.id}/charter/accept`,
      as: member,
      payload: { charterVersion: 1 },
    });
    expect(stale.statusCode).toBe(409);
    expect(stale.json().error.code).toBe('charter_outdated');
    const accepted = await t.request({
      method: 'POST',
      url: `/api/v1/networks/${network.id}/charter/accept`,
      as: member,
      payload: { charterVersion: 2 },
    });
    expect(accepted.json().viewer.acceptedCharterVersion).toBe(2);
    const acceptances = await t.database.db
      .selectFrom('charterAcceptances')
      .select(['version'])
      .where('networkId', '=', network.id)
      .where('userId', '=', member.me.id)
      .orderBy('acceptedAt')
      .execute();
    expect(acceptances.map((a) => a.version)).toEqual([1, 2]);

    const unchanged = await t.request({
      method: 'PATCH',
      url: `/api/v1/networks/${network.id}`,
      as: admin,
      payload: { charter: 'Be kind. Be brief.' },
    });
    expect(unchanged.json().charterVersion).toBe(2);
  });

  it('refuses a size limit below the current member count', async () => {
    const network = await createNetwork(t, admin, { name: 'Crowded Room' });
    await joinNetwork(t, await t.member(), network);
    const response = await t.request({
      method: 'PATCH',
      url: `/api/v1/networks/${network.id}`,
      as: admin,
      payload: { sizeLimit: 1 },
    });
    expect(response.statusCode).toBe(400);
    expect(response.json().error.details[0].path).toBe('/sizeLimit');
  });
});

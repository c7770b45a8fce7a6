import { DEFAULT_VISIBILITY } from '@roundtable/contract/profiles';
import { describe, expect, it } from 'vitest';
import type { Profile } from '../../db/tables.js';
import { type Actor, anonymous } from '../../platform/policy.js';
import { presentMember, presentOwnProfile } from './profiles.presenter.js';
import { mergeProfile, prepareProfileChanges, sniffImage } from './profiles.service.js';

const viewer = (userId: string, role: 'member' | 'admin' = 'member'): Actor => ({
  kind: 'user',
  userId,
  role,
  sessionId: 's',
});

const row = (overrides: Partial<Profile> = {}): Profile => ({
  userId: 'm',
  headline: 'Hello',
  jobTitle: null,
  level: null,
  function: null,
  industry: null,
  company: 'Acme',
  companySize: null,
  region: null,
  timeZone: null,
  yearsOfExperience: null,
  expertise: '["pricing"]',
  bio: null,
  website: null,
  competitors: '["Globex"]',
  customers: '[]',
  visibility: JSON.stringify({ ...DEFAULT_VISIBILITY, headline: 'network' }),
  avatarKey: null,
  avatarUpdatedAt: null,
  updatedAt: '2026-11-25T12:00:00.000Z',
  ...overrides,
});

describe('presentMember', () => {
  const member = { id: 'm', name: 'Mia Member' };
  const alone = { memberId: 'm', viewerNetworkIds: [], memberNetworkIds: ['n1'] };

  it('leaves out network-only fields for a signed-in stranger', () => {
    const view = presentMember(member, row(), viewer('x'), alone);
    expect(view).toEqual({ id: 'm', name: 'Mia Member', avatarUrl: null, isSelf: false, expertise: ['pricing'] });
  });

  it('shows network-only fields to a peer who shares a network', () => {
    const view = presentMember(member, row(), viewer('x'), { ...alone, viewerNetworkIds: ['n1'] });
    expect(view).toMatchObject({ headline: 'Hello', company: 'Acme' });
  });

  it('shows nothing but the name to someone signed out', () => {
    expect(presentMember(member, row(), anonymous, alone)).toEqual({
      id: 'm',
      name: 'Mia Member',
      avatarUrl: null,
      isSelf: false,
    });
  });

  it('falls back to the default for a visibility the row does not name', () => {
    const view = presentMember(member, row({ visibility: '{}' }), viewer('x'), alone);
    expect(view).toMatchObject({ headline: 'Hello' });
    expect(view).not.toHaveProperty('company');
  });
});

describe('presentOwnProfile', () => {
  it('answers an empty profile with every field null and the default visibilities', () => {
    const own = presentOwnProfile('m', undefined);
    expect(own).toMatchObject({ headline: null, expertise: [], avatarUrl: null, visibility: DEFAULT_VISIBILITY });
  });
});

describe('prepareProfileChanges', () => {
  it('trims text, keeps only http(s) links and de-duplicates tags', () => {
    expect(
      prepareProfileChanges({ headline: '  Hi ', website: 'HTTPS://Example.com/a', expertise: [' A  b', 'a b', 'C'] }),
    ).toEqual({ headline: 'Hi', website: 'https://example.com/a', expertise: ['a b', 'c'] });
  });

  it('refuses a link with credentials in it', () => {
    expect(() => prepareProfileChanges({ website: 'https://user:secret@example.com' })).toThrow(/http/);
  });
});

describe('sniffImage', () => {
  it.each([
    ['JPEG', Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0, 0]), 'jpeg'],
    ['PNG', Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0]), 'png'],
    ['WebP', Buffer.from('RIFF\u0000\u0000\u0000\u0000WEBPVP8 ', 'latin1'), 'webp'],
    ['GIF', Buffer.from('GIF89a', 'latin1'), null],
    ['SVG', Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"/>'), null],
    ['an empty file', Buffer.alloc(0), null],
  ])('recognises %s', (_label, bytes, kind) => {
    expect(sniffImage(bytes)).toBe(kind);
  });
});

describe('mergeProfile', () => {
  it('keeps fields left out, clears fields sent as null and keeps the avatar', () => {
    const current = row({ avatarKey: 'avatars/m/a.webp', avatarUpdatedAt: '2026-11-25T12:00:00.000Z' });
    const merged = mergeProfile('m', current, { company: null, jobTitle: 'CFO' }, '2026-11-26T00:00:00.000Z');
    expect(merged).toMatchObject({
      headline: 'Hello',
      company: null,
      jobTitle: 'CFO',
      expertise: '["pricing"]',
      avatarKey: 'avatars/m/a.webp',
      updatedAt: '2026-11-26T00:00:00.000Z',
    });
  });
});

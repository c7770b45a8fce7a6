import fs from 'node:fs';
import path from 'node:path';
import { PROFILE_FIELDS, type ProfileField } from '@roundtable/contract/profiles';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type Person, type TestApp } from '../../test/app.js';
import { multipart } from '../../test/multipart.js';

let t: TestApp;
beforeAll(async () => {
  t = await buildTestApp();
});
afterAll(() => t.close());

const fullProfile = {
  headline: 'Scaling B2B sales teams across Europe',
  jobTitle: 'VP Sales',
  level: 'vice_president',
  function: 'sales',
  industry: 'software',
  company: 'Acme Analytics',
  companySize: '201-1000',
  region: 'western_europe',
  timeZone: 'Europe/Berlin',
  yearsOfExperience: 17,
  expertise: ['pricing', 'sales enablement'],
  bio: 'Built three sales teams from zero.',
  website: 'https://example.com/blog',
} as const;

const patchMe = (as: Person, payload: Record<string, unknown>) =>
  t.request({ method: 'PATCH', url: '/api/v1/me', as, payload });
const getMember = (id: string, as?: Person) =>
  t.request({ method: 'GET', url: `/api/v1/members/${id}`, ...(as ? { as } : {}) });

/** A member whose every field is set; `network` holds the fields only network peers may see. */
async function memberWithProfile(network: ProfileField[]): Promise<Person> {
  const person = await t.member('Nadia Network');
  const visibility = Object.fromEntries(
    PROFILE_FIELDS.map((field) => [field, network.includes(field) ? 'network' : 'signed_in']),
  );
  const response = await patchMe(person, { profile: { ...fullProfile, visibility } });
  expect(response.statusCode, response.body).toBe(200);
  return person;
}

describe('the profile on /me', () => {
  it('starts empty with the default visibilities', async () => {
    const person = await t.member();
    const me = (await t.request({ method: 'GET', url: '/api/v1/me', as: person })).json();
    expect(me.profile).toMatchObject({ headline: null, level: null, expertise: [], avatarUrl: null });
    expect(me.profile.visibility).toMatchObject({ headline: 'signed_in', company: 'network', bio: 'network' });
  });

  it('saves a partial change, keeps fields left out and clears a field sent as null', async () => {
    const person = await t.member();
    const first = await patchMe(person, {
      profile: { headline: '  Helping founders hire  ', level: 'founder_owner', timeZone: 'America/New_York' },
    });
    expect(first.statusCode).toBe(200);
    expect(first.json().profile).toMatchObject({
      headline: 'Helping founders hire',
      level: 'founder_owner',
      timeZone: 'America/New_York',
    });

    const second = await patchMe(person, {
      name: 'Fern Founder',
      profile: { level: null, visibility: { headline: 'network' } },
    });
    expect(second.statusCode).toBe(200);
    expect(second.json()).toMatchObject({ name: 'Fern Founder' });
    expect(second.json().profile).toMatchObject({
      headline: 'Helping founders hire',
      level: null,
      timeZone: 'America/New_York',
    });
    expect(second.json().profile.visibility).toMatchObject({ headline: 'network', jobTitle: 'signed_in' });

    const again = (await t.request({ method: 'GET', url: '/api/v1/me', as: person })).json();
    expect(again.profile).toEqual(second.json().profile);
  });

  it('normalises expertise tags: trimmed, lower case, inner spaces collapsed, no duplicates', async () => {
    const person = await t.member();
    const response = await patchMe(person, {
      profile: { expertise: ['  Pricing ', 'pricing', 'Sales   Enablement', 'M&A'] },
    });
    expect(response.json().profile.expertise).toEqual(['pricing', 'sales enablement', 'm&a']);
  });

  it.each([
    ['an unknown level', { level: 'emperor' }, '/profile/level'],
    ['an unknown industry', { industry: 'piracy' }, '/profile/industry'],
    ['a link that is not http(s)', { website: 'javascript:alert(1)' }, '/profile/website'],
    ['an ftp link', { website: 'ftp://example.com/file' }, '/profile/website'],
    ['a link without a host', { website: 'https://' }, '/profile/website'],
    ['too many tags', { expertise: Array.from({ length: 16 }, (_, i) => `tag ${i}`) }, '/profile/expertise'],
    ['a tag that is too long', { expertise: ['x'.repeat(41)] }, '/profile/expertise/0'],
    ['an unknown time zone', { timeZone: 'Mars/Olympus_Mons' }, '/profile/timeZone'],
    ['a bio that is too long', { bio: 'b'.repeat(1001) }, '/profile/bio'],
    ['negative years', { yearsOfExperience: -1 }, '/profile/yearsOfExperience'],
    ['an unknown visibility', { visibility: { bio: 'everyone' } }, '/profile/visibility/bio'],
    ['an unknown field', { shoeSize: 44 }, '/profile/shoeSize'],
  ])('refuses %s with 400 naming the field and writes nothing', async (_label, profile, field) => {
    const person = await t.member('Una Changed');
    await patchMe(person, { profile: { headline: 'Before' } });
    const before = await t.rowCounts();
    const response = await patchMe(person, { name: 'Should Not Land', profile });
    expect(response.statusCode).toBe(400);
    const { error } = response.json();
    expect(error.code).toBe('validation_failed');
    expect(error.details.map((d: { path: string }) => d.path)).toContain(field);
    expect(await t.rowCounts()).toEqual(before);
    const me = (await t.request({ method: 'GET', url: '/api/v1/me', as: person })).json();
    expect(me.name).toBe('Una Changed');
    expect(me.profile.headline).toBe('Before');
  });
});

describe('GET /members/:memberId', () => {
  const networkOnly: ProfileField[] = ['company', 'bio', 'timeZone'];

  it('answers 401 when signed out', async () => {
    const member = await memberWithProfile(networkOnly);
    const response = await getMember(member.me.id);
    expect(response.statusCode).toBe(401);
    expect(response.json().error.code).toBe('unauthenticated');
  });

  it('answers 404 for an unknown member', async () => {
    const viewer = await t.member();
    const response = await getMember('no-such-member', viewer);
    expect(response.statusCode).toBe(404);
    expect(response.json().error.code).toBe('not_found');
  });

  it('shows the member every field of their own profile', async () => {
    const member = await memberWithProfile(networkOnly);
    const view = (await getMember(member.me.id, member)).json();
    expect(view).toMatchObject({ id: member.me.id, name: 'Nadia Network', isSelf: true, ...fullProfile });
  });

  it('shows a host admin every field', async () => {
    const member = await memberWithProfile(networkOnly);
    const view = (await getMember(member.me.id, await t.admin())).json();
    expect(view).toMatchObject({ isSelf: false, ...fullProfile });
  });

  it('shows another member only the fields open to everyone signed in, and the name always', async () => {
    const member = await memberWithProfile(networkOnly);
    const other = await t.member('Oscar Other');
    const response = await getMember(member.me.id, other);
    expect(response.statusCode).toBe(200);
    const view = response.json();
    expect(view).toMatchObject({ id: member.me.id, name: 'Nadia Network', isSelf: false, avatarUrl: null });
    for (const field of PROFILE_FIELDS) {
      if (networkOnly.includes(field)) expect(view, field).not.toHaveProperty(field);
      else expect(view[field], field).toEqual(fullProfile[field]);
    }
  });

  it('leaves out fields that are empty, so hidden and empty look the same', async () => {
    const member = await t.member('Erin Empty');
    const view = (await getMember(member.me.id, await t.member())).json();
    expect(view).toEqual({ id: member.me.id, name: 'Erin Empty', avatarUrl: null, isSelf: false });
  });
});

const photo = (width: number, height: number) =>
  sharp({ create: { width, height, channels: 3, background: { r: 30, g: 90, b: 160 } } })
    .png()
    .toBuffer();

const uploadAvatar = (as: Person, body: { payload: Buffer; headers: Record<string, string> }) =>
  t.request({ method: 'PUT', url: '/api/v1/me/avatar', as, payload: body.payload, headers: body.headers });

const storedFiles = (userId: string): string[] => {
  const dir = path.join(t.filesDir, 'avatars', userId);
  return fs.existsSync(dir) ? fs.readdirSync(dir) : [];
};

describe('avatar', () => {
  it('crops an uploaded PNG to a 256×256 WebP that signed-in people can load', async () => {
    const person = await t.member();
    const response = await uploadAvatar(person, multipart(await photo(600, 400), 'me.png', 'image/png'));
    expect(response.statusCode, response.body).toBe(200);
    const avatarUrl: string = response.json().avatarUrl;
    expect(avatarUrl).toMatch(new RegExp(`^/api/v1/members/${person.me.id}/avatar\\?v=\\d+$`));

    const image = await t.request({ method: 'GET', url: avatarUrl, as: await t.member() });
    expect(image.statusCode).toBe(200);
    expect(image.headers['content-type']).toBe('image/webp');
    const metadata = await sharp(image.rawPayload).metadata();
    expect(metadata).toMatchObject({ format: 'webp', width: 256, height: 256 });

    expect((await t.request({ method: 'GET', url: avatarUrl })).statusCode).toBe(401);
    const view = (await getMember(person.me.id, await t.member())).json();
    expect(view.avatarUrl).toBe(avatarUrl);
  });

  it('replaces the old file when a new picture is uploaded', async () => {
    const person = await t.member();
    await uploadAvatar(person, multipart(await photo(300, 300), 'one.png', 'image/png'));
    const [first] = storedFiles(person.me.id);
    t.clock.advance(1000);
    const second = await uploadAvatar(
      person,
      multipart(
        await sharp(await photo(300, 500))
          .jpeg()
          .toBuffer(),
        'two.jpg',
        'image/jpeg',
      ),
    );
    expect(second.statusCode).toBe(200);
    const files = storedFiles(person.me.id);
    expect(files).toHaveLength(1);
    expect(files[0]).not.toBe(first);
  });

  it('refuses a text file renamed to .png with 415 and stores nothing', async () => {
    const person = await t.member();
    const before = await t.rowCounts();
    const response = await uploadAvatar(person, multipart(Buffer.from('not a picture at all'), 'me.png', 'image/png'));
    expect(response.statusCode).toBe(415);
    expect(response.json().error.code).toBe('unsupported_media_type');
    expect(await t.rowCounts()).toEqual(before);
    expect(storedFiles(person.me.id)).toEqual([]);
  });

  it('refuses a file with image magic bytes that is not an image with 400', async () => {
    const person = await t.member();
    const fake = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.alloc(64, 7)]);
    const response = await uploadAvatar(person, multipart(fake, 'me.png', 'image/png'));
    expect(response.statusCode).toBe(400);
    expect(response.json().error.code).toBe('validation_failed');
  });

  it('refuses a picture over 5 MB with 413', async () => {
    const person = await t.member();
    const big = Buffer.concat([await photo(10, 10), Buffer.alloc(5 * 1024 * 1024 + 1)]);
    const response = await uploadAvatar(person, multipart(big, 'big.png', 'image/png'));
    expect(response.statusCode).toBe(413);
    expect(response.json().error.code).toBe('payload_too_large');
    expect(storedFiles(person.me.id)).toEqual([]);
  });

  it('refuses a JSON body with 415', async () => {
    const person = await t.member();
    const response = await t.request({ method: 'PUT', url: '/api/v1/me/avatar', as: person, payload: { file: 'x' } });
    expect(response.statusCode).toBe(415);
    expect(response.json().error.code).toBe('unsupported_media_type');
  });

  it('removes the picture and its file', async () => {
    const person = await t.member();
    const uploaded = await uploadAvatar(person, multipart(await photo(256, 256), 'me.png', 'image/png'));
    const avatarUrl: string = uploaded.json().avatarUrl;
    const response = await t.request({ method: 'DELETE', url: '/api/v1/me/avatar', as: person });
    expect(response.statusCode).toBe(200);
    expect(response.json().avatarUrl).toBeNull();
    expect(storedFiles(person.me.id)).toEqual([]);
    const image = await t.request({ method: 'GET', url: avatarUrl, as: person });
    expect(image.statusCode).toBe(404);
    expect(image.json().error.code).toBe('not_found');
  });
});

describe('GET /profile-options', () => {
  it('lists the shared options to anyone, levels in order', async () => {
    const response = await t.request({ method: 'GET', url: '/api/v1/profile-options' });
    expect(response.statusCode).toBe(200);
    const options = response.json();
    expect(options.levels[0]).toEqual({ id: 'early_career', label: 'Early career / apprentice' });
    expect(options.levels.at(-1).id).toBe('board_member');
    expect(options.companySizes.map((s: { id: string }) => s.id)).toEqual([
      '1-10',
      '11-50',
      '51-200',
      '201-1000',
      '1001-5000',
      '5001-10000',
      '10000+',
    ]);
    expect(options.limits).toMatchObject({ expertiseMaxTags: 15, bioMaxLength: 1000 });
  });
});

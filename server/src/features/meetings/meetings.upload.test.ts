import { createHash } from 'node:crypto';
import fs from 'node:fs';
import { Readable } from 'node:stream';
import v8 from 'node:v8';
import vm from 'node:vm';
import { OFFER_FILE_MAX_BYTES } from '@roundtable/contract/meetings';
import type { NetworkView } from '@roundtable/contract/networks';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type Person, type TestApp } from '../../test/app.js';
import { createNetwork, joinNetwork } from '../../test/networks.js';

/*
 * An offer's document streams from the request into the store and back out: never held whole in
 * memory, checked by its bytes as they pass, and nothing kept of an upload that is refused or
 * breaks off.
 */
let t: TestApp;
let presenter: Person;
let offerer: Person;
let network: NetworkView;

const MB = 1024 * 1024;
const BOUNDARY = '----roundtableStreamedUpload';
const headers = { 'content-type': `multipart/form-data; boundary=${BOUNDARY}` };
const partHead = (filename: string, type: string) =>
  Buffer.from(
    `--${BOUNDARY}\r\nContent-Disposition: form-data; name="file"; filename="${filename}"\r\nContent-Type: ${type}\r\n\r\n`,
  );
const partTail = Buffer.from(`\r\n--${BOUNDARY}--\r\n`);

/**
 * A multipart body generated 64 kB at a time as it is read: `size` bytes of document starting with
 * `first`, each chunk made by `fill` (a fresh buffer each time, as a socket hands them over).
 * `complete: false` stops before the closing boundary, as a connection that drops does.
 */
function streamedUpload(options: {
  filename: string;
  type: string;
  size: number;
  first: Buffer;
  fill?: (offset: number, length: number) => Buffer;
  complete?: boolean;
}): { payload: Readable; digest: () => string } {
  const { size, first, fill = (_offset, length) => Buffer.alloc(length, 0x41), complete = true } = options;
  const hash = createHash('sha256');
  async function* chunks() {
    yield partHead(options.filename, options.type);
    hash.update(first);
    yield Buffer.from(first);
    for (let offset = first.length; offset < size; offset += 64 * 1024) {
      const chunk = fill(offset, Math.min(64 * 1024, size - offset));
      hash.update(chunk);
      yield chunk;
    }
    if (complete) yield partTail;
  }
  let digest: string | undefined;
  return { payload: Readable.from(chunks()), digest: () => (digest ??= hash.digest('hex')) };
}

/**
 * Garbage collection on demand, without starting the test process with --expose-gc: a full one,
 * or a minor one, which frees the young objects that chunks in flight hang from in a millisecond.
 */
function collector(): (type: 'major' | 'minor') => void {
  v8.setFlagsFromString('--expose-gc');
  const gc: unknown = vm.runInNewContext('gc');
  if (typeof gc !== 'function') throw new Error('no gc() to call');
  return (type) => gc({ type, execution: 'sync' });
}

async function openOffer(): Promise<string> {
  const issue = await t.request({
    method: 'POST',
    url: `/api/v1/networks/${network.id}/meeting-issues`,
    as: presenter,
    payload: { title: 'Needs an onboarding process', need: 'experience', priority: 'A' },
  });
  expect(issue.statusCode, issue.body).toBe(201);
  const offer = await t.request({
    method: 'POST',
    url: `/api/v1/meeting-issues/${issue.json().id}/offers`,
    as: offerer,
    payload: { description: 'Our onboarding process', dueOn: '2026-12-01' },
  });
  expect(offer.statusCode, offer.body).toBe(201);
  return offer.json().id;
}

const upload = (offerId: string, payload: Readable) =>
  t.request({ method: 'PUT', url: `/api/v1/meeting-offers/${offerId}/file`, as: offerer, payload, headers });

const storedFiles = () =>
  fs.readdirSync(t.filesDir, { recursive: true, withFileTypes: true }).filter((e) => e.isFile());

beforeAll(async () => {
  t = await buildTestApp();
  presenter = await t.admin();
  network = await createNetwork(t, presenter, { name: 'Upload Circle' });
  offerer = await t.member('Olive Offerer');
  await joinNetwork(t, offerer, network);
});
afterAll(() => t.close());

describe('an offer’s document', () => {
  it('streams in and out byte for byte, served as an inert attachment', async () => {
    const offerId = await openOffer();
    const document = streamedUpload({
      filename: 'onboarding.pdf',
      type: 'application/pdf',
      size: 3 * MB + 17,
      first: Buffer.from('%PDF-1.7\n'),
      fill: (offset, length) => Buffer.from(Array.from({ length }, (_, i) => (offset + i) % 251)),
    });
    const stored = await upload(offerId, document.payload);
    expect(stored.statusCode, stored.body).toBe(200);
    expect(stored.json().file).toMatchObject({ name: 'onboarding.pdf', type: 'application/pdf' });

    for (const reader of [presenter, offerer]) {
      const download = await t.request({ method: 'GET', url: `/api/v1/meeting-offers/${offerId}/file`, as: reader });
      expect(download.statusCode).toBe(200);
      expect(download.headers).toMatchObject({
        'content-type': 'application/pdf',
        'content-length': String(3 * MB + 17),
        'content-disposition': "attachment; filename*=UTF-8''onboarding.pdf",
        'x-content-type-options': 'nosniff',
        'content-security-policy': "sandbox; default-src 'none'",
        'cache-control': 'private, no-store',
      });
      expect(createHash('sha256').update(download.rawPayload).digest('hex')).toBe(document.digest());
    }
  });

  it('refuses text that turns out not to be text megabytes in, keeping nothing', async () => {
    const offerId = await openOffer();
    const before = await t.rowCounts();
    const files = storedFiles().length;
    const response = await upload(
      offerId,
      streamedUpload({
        filename: 'members.csv',
        type: 'text/csv',
        size: 2 * MB,
        first: Buffer.from('name,role\n'),
        // A NUL byte well past the first bytes the kind is decided from.
        fill: (offset, length) => {
          const chunk = Buffer.alloc(length, 0x61);
          if (offset <= MB && MB < offset + length) chunk[MB - offset] = 0;
          return chunk;
        },
      }).payload,
    );
    expect(response.statusCode, response.body).toBe(415);
    expect(response.json().error.code).toBe('unsupported_media_type');
    expect(await t.rowCounts()).toEqual(before);
    expect(storedFiles().length).toBe(files);
  });

  it('keeps no row and no file of an upload that breaks off before its end', async () => {
    const offerId = await openOffer();
    const before = await t.rowCounts();
    const files = storedFiles().length;
    const response = await upload(
      offerId,
      streamedUpload({
        filename: 'onboarding.pdf',
        type: 'application/pdf',
        size: 6 * MB,
        first: Buffer.from('%PDF-1.7\n'),
        complete: false,
      }).payload,
    );
    expect(response.statusCode, response.body).toBe(400);
    expect(response.json().error.details).toEqual([{ path: '/file', message: 'is incomplete' }]);
    expect(await t.rowCounts()).toEqual(before);
    expect(storedFiles().length).toBe(files);
    const offer = await t.request({ method: 'GET', url: `/api/v1/meeting-offers/${offerId}/file`, as: offerer });
    expect(offer.statusCode).toBe(404);
  });

  it('keeps no row and no file of an upload whose client goes away midway', async () => {
    const offerId = await openOffer();
    const before = await t.rowCounts();
    const files = storedFiles().length;
    const document = streamedUpload({
      filename: 'onboarding.pdf',
      type: 'application/pdf',
      size: 20 * MB,
      first: Buffer.from('%PDF-1.7\n'),
    });
    let sent = 0;
    document.payload.on('data', (chunk: Buffer) => {
      sent += chunk.length;
      if (sent > 5 * MB) document.payload.destroy(new Error('connection reset by peer'));
    });
    await upload(offerId, document.payload).catch(() => undefined);
    // The handler may still be cleaning up after the request is gone.
    await expect.poll(() => storedFiles().length).toBe(files);
    expect(await t.rowCounts()).toEqual(before);
  });

  it(`streams a ${OFFER_FILE_MAX_BYTES / MB} MB document without the server holding it in memory`, async () => {
    // Once small, so every module and pool on the path is loaded before measuring.
    const warmUp = await upload(
      await openOffer(),
      streamedUpload({ filename: 'warm.pdf', type: 'application/pdf', size: 200_000, first: Buffer.from('%PDF-1.7\n') })
        .payload,
    );
    expect(warmUp.statusCode, warmUp.body).toBe(200);

    const offerId = await openOffer();
    const document = streamedUpload({
      filename: 'handbook.pdf',
      type: 'application/pdf',
      size: OFFER_FILE_MAX_BYTES,
      first: Buffer.from('%PDF-1.7\n'),
    });
    // Memory is sampled after a collection, so the figures are what the server holds rather than
    // chunks already dropped that the collector has not got round to (64 kB chunks of garbage can
    // pile up to tens of MB between collections and made an unforced measure flap).
    const collect = collector();
    collect('major');
    const start = process.memoryUsage();
    const peak = { rss: start.rss, arrayBuffers: start.arrayBuffers };
    const sample = () => {
      collect('minor');
      const now = process.memoryUsage();
      peak.rss = Math.max(peak.rss, now.rss);
      peak.arrayBuffers = Math.max(peak.arrayBuffers, now.arrayBuffers);
    };
    const sampler = setInterval(sample, 10);
    const response = await upload(offerId, document.payload);
    clearInterval(sampler);
    sample();
    expect(response.statusCode, response.body).toBe(200);
    expect(response.json().file).toMatchObject({ size: OFFER_FILE_MAX_BYTES });
    const growth = { rss: (peak.rss - start.rss) / MB, arrayBuffers: (peak.arrayBuffers - start.arrayBuffers) / MB };
    console.info(
      `25 MB upload: peak growth rss ${growth.rss.toFixed(1)} MB, arrayBuffers ${growth.arrayBuffers.toFixed(1)} MB`,
    );
    // Buffering the document would add at least its 25 MB to both.
    expect(growth.arrayBuffers).toBeLessThan(15);
    expect(growth.rss).toBeLessThan(15);
    const [file] = storedFiles().filter((entry) => entry.parentPath.includes(offerId));
    expect(file && fs.statSync(`${file.parentPath}/${file.name}`).size).toBe(OFFER_FILE_MAX_BYTES);
  });
});

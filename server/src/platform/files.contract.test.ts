import { createHash, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { ListObjectsV2Command, S3Client } from '@aws-sdk/client-s3';
import S3rver from 's3rver';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../config.js';
import { type FileStore, LocalFileStore } from './files.js';
import { S3FileStore } from './files.s3.js';

/** What a test needs of a store: the store, and every name it holds (objects, files, temporaries). */
type Harness = { store: FileStore; listAll(): Promise<string[]>; close(): Promise<void> };

const MB = 1024 * 1024;

/** `size` random bytes in chunks of 64 kB, generated as they are read, and their digest. */
function randomStream(size: number): { stream: Readable; digest: Promise<string> } {
  const hash = createHash('sha256');
  let left = size;
  let resolveDigest: (value: string) => void = () => {};
  const digest = new Promise<string>((resolve) => {
    resolveDigest = resolve;
  });
  const stream = new Readable({
    read() {
      if (left === 0) {
        resolveDigest(hash.digest('hex'));
        this.push(null);
        return;
      }
      const chunk = randomBytes(Math.min(64 * 1024, left));
      left -= chunk.length;
      hash.update(chunk);
      this.push(chunk);
    },
  });
  return { stream, digest };
}

/** A stream that yields `before` bytes and then fails, as an upload that breaks off does. */
function failingStream(before: number): Readable {
  let sent = 0;
  return new Readable({
    read() {
      if (sent >= before) {
        setImmediate(() => this.destroy(new Error('the client went away')));
        return;
      }
      const chunk = randomBytes(Math.min(256 * 1024, before - sent));
      sent += chunk.length;
      this.push(chunk);
    },
  });
}

async function digestOf(stream: Readable): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of stream) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

async function localHarness(): Promise<Harness> {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'rt-files-contract-'));
  return {
    store: new LocalFileStore(root),
    listAll: async () =>
      fs
        .readdirSync(root, { recursive: true, withFileTypes: true })
        .filter((entry) => entry.isFile())
        .map((entry) => path.relative(root, path.join(entry.parentPath, entry.name))),
    close: async () => fs.rmSync(root, { recursive: true, force: true }),
  };
}

/** An S3-protocol server from npm, in-process on a free port, in a temporary folder. */
async function s3Harness(): Promise<Harness & { url: string }> {
  const directory = fs.mkdtempSync(path.join(os.tmpdir(), 'rt-s3rver-'));
  const server = new S3rver({
    address: '127.0.0.1',
    port: 0,
    silent: true,
    directory,
    configureBuckets: [{ name: 'roundtable-test', configs: [] }],
  });
  const { port } = await server.run();
  const endpoint = `http://127.0.0.1:${port}`;
  // Through the configuration, as a host would set it up; s3rver takes its own fixed keys.
  const config = loadConfig({
    S3_URL: `s3://roundtable-test/instance-a?endpoint=${encodeURIComponent(endpoint)}&region=us-east-1&forcePathStyle=true`,
    S3_ACCESS_KEY_ID: 'S3RVER',
    S3_SECRET_ACCESS_KEY: 'S3RVER',
  });
  if (!config.s3) throw new Error('S3_URL was not read');
  const store = new S3FileStore(config.s3);
  const client = new S3Client({
    endpoint,
    region: 'us-east-1',
    forcePathStyle: true,
    credentials: { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' },
  });
  return {
    store,
    url: endpoint,
    listAll: async () => {
      const listed = await client.send(new ListObjectsV2Command({ Bucket: 'roundtable-test' }));
      return (listed.Contents ?? []).map((object) => object.Key ?? '');
    },
    close: async () => {
      store.close();
      client.destroy();
      await server.close();
      fs.rmSync(directory, { recursive: true, force: true });
    },
  };
}

describe.each([
  ['local disk', localHarness],
  ['S3 (s3rver)', s3Harness],
] as const)('the FileStore contract on %s', (name, makeHarness) => {
  let harness: Harness;
  let store: FileStore;
  beforeAll(async () => {
    harness = await makeHarness();
    store = harness.store;
  });
  afterAll(() => harness.close());

  it('stores, reads and deletes a small file as a buffer', async () => {
    const bytes = randomBytes(3000);
    await store.put('avatars/u1/a.webp', bytes, 'image/webp');
    expect((await store.get('avatars/u1/a.webp'))?.equals(bytes)).toBe(true);
    await store.put('avatars/u1/a.webp', Buffer.from('replaced'), 'image/webp');
    expect((await store.get('avatars/u1/a.webp'))?.toString()).toBe('replaced');
    await store.delete('avatars/u1/a.webp');
    expect(await store.get('avatars/u1/a.webp')).toBeUndefined();
  });

  it('streams a 12 MB file in and out byte for byte', async () => {
    const size = 12 * MB + 123;
    const source = randomStream(size);
    const stored = await store.putStream('offers/o1/big', source.stream, 'application/pdf');
    expect(stored.size).toBe(size);
    const file = await store.getStream('offers/o1/big');
    expect(file?.size).toBe(size);
    expect(await digestOf(file?.stream ?? Readable.from([]))).toBe(await source.digest);
    await store.delete('offers/o1/big');
  });

  it('answers undefined for a missing key and takes the deletion of one in its stride', async () => {
    expect(await store.get('offers/none/x')).toBeUndefined();
    expect(await store.getStream('offers/none/x')).toBeUndefined();
    await expect(store.delete('offers/none/x')).resolves.toBeUndefined();
  });

  it.each([
    '../escape',
    'offers/../../etc/passwd',
    '/absolute',
    'offers//double',
    'offers/./here',
    '',
    'offers/x\u0000y',
  ])('refuses the unsafe key %j', async (key) => {
    await expect(store.put(key, Buffer.from('x'), 'text/plain')).rejects.toThrow(/unsafe file key/);
    await expect(store.putStream(key, Readable.from([Buffer.from('x')]), 'text/plain')).rejects.toThrow(
      /unsafe file key/,
    );
    await expect(store.get(key)).rejects.toThrow(/unsafe file key/);
    await expect(store.getStream(key)).rejects.toThrow(/unsafe file key/);
    await expect(store.delete(key)).rejects.toThrow(/unsafe file key/);
  });

  it.each([
    ['small (one request)', 100 * 1024],
    ['large (multipart)', 11 * MB],
  ])('leaves nothing behind when a %s upload breaks off midway', async (_label, before) => {
    const listed = await harness.listAll();
    await expect(store.putStream('offers/o2/broken', failingStream(before), 'application/pdf')).rejects.toThrow(
      'the client went away',
    );
    expect(await store.getStream('offers/o2/broken')).toBeUndefined();
    expect(await harness.listAll()).toEqual(listed);
  });

  it('leaves nothing behind when the upload stream is destroyed without an error', async () => {
    const listed = await harness.listAll();
    const stream = new Readable({ read() {} });
    stream.push(randomBytes(200 * 1024));
    setTimeout(() => stream.destroy(), 20);
    await expect(store.putStream('offers/o3/aborted', stream, 'application/pdf')).rejects.toThrow();
    expect(await harness.listAll()).toEqual(listed);
  });

  if (name === 'local disk') {
    it('hands out no signed URL: downloads stream through the server', () => {
      expect(store.signedUrl).toBeUndefined();
    });
  } else {
    it('hands out a short-lived signed URL that downloads the file as an attachment', async () => {
      const bytes = Buffer.from('<html><script>alert(1)</script></html>');
      await store.put('offers/o4/page', bytes, 'text/html');
      const url = await store.signedUrl?.('offers/o4/page', {
        filename: 'our process (v2).txt',
        contentType: 'text/plain',
        expiresInSeconds: 1,
      });
      expect(url).toBeDefined();
      const response = await fetch(url ?? '');
      expect(response.status).toBe(200);
      expect(response.headers.get('content-disposition')).toBe(
        "attachment; filename*=UTF-8''our%20process%20%28v2%29.txt",
      );
      expect(response.headers.get('content-type')).toBe('text/plain');
      expect(Buffer.from(await response.arrayBuffer()).equals(bytes)).toBe(true);
      // S3 signs to the second; past the lifetime the same URL is refused.
      await new Promise((resolve) => setTimeout(resolve, 2100));
      expect((await fetch(url ?? '')).status).toBe(403);
    });

    it('keeps every key under the configured prefix', async () => {
      await store.put('avatars/u2/b.webp', Buffer.from('x'), 'image/webp');
      expect(await harness.listAll()).toContain('instance-a/avatars/u2/b.webp');
      await store.delete('avatars/u2/b.webp');
    });
  }
});

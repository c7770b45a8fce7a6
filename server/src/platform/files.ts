import { randomBytes } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import fs from 'node:fs/promises';
import path from 'node:path';
import { type Readable, Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';

/** A stored file opened for reading. */
export type StoredFile = { stream: Readable; size: number };

export type SignedUrlOptions = {
  /** The name the browser saves the file under (`Content-Disposition: attachment`). */
  filename: string;
  contentType: string;
  expiresInSeconds: number;
};

/**
 * Where uploaded files live: a local folder in the embedded mode, object storage in the scaled
 * mode. Keys are relative, slash-separated and chosen by the server, never by the uploader.
 * `put` and `get` hold a whole file in memory and suit small ones (avatars); documents go through
 * `putStream` and `getStream`.
 */
export interface FileStore {
  put(key: string, content: Buffer, contentType: string): Promise<void>;
  /** The file's bytes, or undefined when there is no such file. */
  get(key: string): Promise<Buffer | undefined>;
  /**
   * Stores what the stream yields. The file appears whole or not at all: when the stream errors or
   * is destroyed midway nothing is left under the key (nor anywhere else), and the error is thrown.
   */
  putStream(key: string, content: Readable, contentType: string): Promise<{ size: number }>;
  /** The file as a stream, or undefined when there is no such file. */
  getStream(key: string): Promise<StoredFile | undefined>;
  /** Removing a missing file is not an error. */
  delete(key: string): Promise<void>;
  /**
   * A short-lived URL that downloads the file as an attachment without this server; only stores
   * that can hand one out (S3) have it. Check access before handing one out: it cannot be revoked.
   */
  signedUrl?(key: string, options: SignedUrlOptions): Promise<string>;
}

/** A `Content-Disposition` that saves the file under its name, in RFC 5987 form so any name is safe in the header. */
export function attachment(filename: string): string {
  const encoded = encodeURIComponent(filename).replace(
    /['()*!]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  );
  return `attachment; filename*=UTF-8''${encoded}`;
}

const SAFE_KEY = /^[A-Za-z0-9_-]+(\/[A-Za-z0-9_.-]+)*$/;

export function assertSafeKey(key: string): void {
  if (!SAFE_KEY.test(key) || key.split('/').some((part) => part === '..' || part === '.')) {
    throw new Error(`unsafe file key: ${key}`);
  }
}

/** Passes bytes through and counts them. */
export function byteCounter(): Transform & { bytes: number } {
  const counter = new Transform({
    transform(chunk: Buffer, _encoding, done) {
      counter.bytes += chunk.length;
      done(null, chunk);
    },
  }) as Transform & { bytes: number };
  counter.bytes = 0;
  return counter;
}

/** Files under one directory (`DATA_DIR/files`). Writes go to a temporary name first, so a crash never leaves half a file. */
export class LocalFileStore implements FileStore {
  constructor(private readonly root: string) {}

  private pathOf(key: string): string {
    assertSafeKey(key);
    return path.join(this.root, ...key.split('/'));
  }

  private async temporaryFor(key: string): Promise<{ target: string; temporary: string }> {
    const target = this.pathOf(key);
    await fs.mkdir(path.dirname(target), { recursive: true });
    return { target, temporary: `${target}.${randomBytes(6).toString('hex')}.tmp` };
  }

  async put(key: string, content: Buffer): Promise<void> {
    const { target, temporary } = await this.temporaryFor(key);
    try {
      await fs.writeFile(temporary, content);
      await fs.rename(temporary, target);
    } catch (error) {
      await fs.rm(temporary, { force: true });
      throw error;
    }
  }

  async putStream(key: string, content: Readable): Promise<{ size: number }> {
    const { target, temporary } = await this.temporaryFor(key);
    const counter = byteCounter();
    try {
      // `flush` makes the rename follow bytes that reached the disk, not just the page cache.
      await pipeline(content, counter, createWriteStream(temporary, { flush: true }));
      await fs.rename(temporary, target);
    } catch (error) {
      content.destroy();
      await fs.rm(temporary, { force: true });
      throw error;
    }
    return { size: counter.bytes };
  }

  async get(key: string): Promise<Buffer | undefined> {
    try {
      return await fs.readFile(this.pathOf(key));
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw error;
    }
  }

  async getStream(key: string): Promise<StoredFile | undefined> {
    let handle: fs.FileHandle;
    try {
      handle = await fs.open(this.pathOf(key), 'r');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw error;
    }
    try {
      // The size from the open handle, so it matches the bytes read even if the file is replaced meanwhile.
      const { size } = await handle.stat();
      return { stream: handle.createReadStream(), size };
    } catch (error) {
      await handle.close();
      throw error;
    }
  }

  async delete(key: string): Promise<void> {
    await fs.rm(this.pathOf(key), { force: true });
  }
}

import { Readable } from 'node:stream';
import {
  DeleteObjectCommand,
  GetObjectCommand,
  NoSuchKey,
  PutObjectCommand,
  S3Client,
  S3ServiceException,
} from '@aws-sdk/client-s3';
import { Upload } from '@aws-sdk/lib-storage';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import type { S3Config } from '../config.js';
import {
  assertSafeKey,
  attachment,
  byteCounter,
  type FileStore,
  type SignedUrlOptions,
  type StoredFile,
} from './files.js';

/** S3's smallest part; with two in flight an upload holds about 10 MB however large the file. */
const PART_SIZE = 5 * 1024 * 1024;
const PARTS_IN_FLIGHT = 2;

const isMissing = (error: unknown) =>
  error instanceof NoSuchKey || (error instanceof S3ServiceException && error.$metadata.httpStatusCode === 404);

/** Files as objects in one bucket of S3-compatible storage (AWS, MinIO, Garage, Ceph …), under an optional prefix. */
export class S3FileStore implements FileStore {
  private readonly client: S3Client;

  constructor(private readonly config: S3Config) {
    this.client = new S3Client({
      region: config.region,
      forcePathStyle: config.forcePathStyle,
      ...(config.endpoint ? { endpoint: config.endpoint } : {}),
      // Without keys the SDK's own chain applies: AWS_* variables, the instance's or task's role.
      // A copy: the SDK marks the object it is given, and the configuration is frozen.
      ...(config.credentials ? { credentials: { ...config.credentials } } : {}),
    });
  }

  private objectKey(key: string): string {
    assertSafeKey(key);
    return `${this.config.prefix}${key}`;
  }

  async put(key: string, content: Buffer, contentType: string): Promise<void> {
    await this.client.send(
      new PutObjectCommand({
        Bucket: this.config.bucket,
        Key: this.objectKey(key),
        Body: content,
        ContentType: contentType,
      }),
    );
  }

  async putStream(key: string, content: Readable, contentType: string): Promise<{ size: number }> {
    const objectKey = this.objectKey(key);
    const counter = byteCounter();
    // The upload only sees the stream end; the source's own error is the one worth reporting,
    // rather than whatever aborting the multipart upload answers.
    let sourceError: unknown;
    content.once('error', (error) => {
      sourceError = error;
      counter.destroy(error);
    });
    content.once('close', () => {
      if (!content.readableEnded && !counter.destroyed) counter.destroy(new Error('the upload stream closed early'));
    });
    content.pipe(counter);
    const upload = new Upload({
      client: this.client,
      params: { Bucket: this.config.bucket, Key: objectKey, Body: counter, ContentType: contentType },
      partSize: PART_SIZE,
      queueSize: PARTS_IN_FLIGHT,
    });
    try {
      await upload.done();
    } catch (error) {
      content.destroy();
      // A multipart upload that failed is aborted by the library and never becomes an object; a
      // single PUT that failed never wrote one either.
      throw sourceError ?? error;
    }
    return { size: counter.bytes };
  }

  async get(key: string): Promise<Buffer | undefined> {
    const file = await this.getStream(key);
    if (!file) return undefined;
    const chunks: Buffer[] = [];
    for await (const chunk of file.stream) chunks.push(chunk as Buffer);
    return Buffer.concat(chunks);
  }

  async getStream(key: string): Promise<StoredFile | undefined> {
    try {
      const object = await this.client.send(
        new GetObjectCommand({ Bucket: this.config.bucket, Key: this.objectKey(key) }),
      );
      if (!(object.Body instanceof Readable)) throw new Error('S3 answered without a readable body');
      return { stream: object.Body, size: object.ContentLength ?? 0 };
    } catch (error) {
      if (isMissing(error)) return undefined;
      throw error;
    }
  }

  async delete(key: string): Promise<void> {
    // S3 answers a delete of a missing key with success.
    await this.client.send(new DeleteObjectCommand({ Bucket: this.config.bucket, Key: this.objectKey(key) }));
  }

  signedUrl(key: string, options: SignedUrlOptions): Promise<string> {
    return getSignedUrl(
      this.client,
      new GetObjectCommand({
        Bucket: this.config.bucket,
        Key: this.objectKey(key),
        ResponseContentDisposition: attachment(options.filename),
        ResponseContentType: options.contentType,
      }),
      { expiresIn: options.expiresInSeconds },
    );
  }

  /** Ends the client's keep-alive connections. */
  close(): void {
    this.client.destroy();
  }
}

import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from './config.js';

describe('loadConfig', () => {
  it('defaults to SQLite in ./data on port 3000', () => {
    const config = loadConfig({}, '/srv/roundtable');
    expect(config).toMatchObject({
      port: 3000,
      dataDir: '/srv/roundtable/data',
      databaseUrl: null,
      redisUrl: null,
      smtpUrl: null,
    });
    expect(config.publicUrl.toString()).toBe('http://localhost:3000/');
    expect(Object.isFrozen(config)).toBe(true);
  });

  it('reads every variable', () => {
    const config = loadConfig({
      PORT: '8080',
      HOST: '127.0.0.1',
      PUBLIC_URL: 'https://peers.example.org',
      DATA_DIR: '/var/lib/roundtable',
      DATABASE_URL: 'postgres://rt@db/roundtable',
      REDIS_URL: 'redis://cache:6379',
      SMTP_URL: 'smtp://mail:25',
    });
    expect(config).toMatchObject({
      port: 8080,
      host: '127.0.0.1',
      dataDir: '/var/lib/roundtable',
      databaseUrl: 'postgres://rt@db/roundtable',
      redisUrl: 'redis://cache:6379',
      smtpUrl: 'smtp://mail:25',
    });
    expect(config.publicUrl.origin).toBe('https://peers.example.org');
  });

  it.each([
    ['PORT', 'eighty', /PORT/],
    ['PORT', '70000', /PORT/],
    ['PUBLIC_URL', 'peers.example.org', /PUBLIC_URL/],
    ['DATABASE_URL', 'mysql://db/x', /DATABASE_URL.*postgres/],
    ['REDIS_URL', 'http://cache', /REDIS_URL/],
    ['SMTP_URL', 'not a url', /SMTP_URL/],
    ['LOG_LEVEL', 'loud', /LOG_LEVEL/],
    ['TRUST_PROXY', 'maybe', /TRUST_PROXY/],
    ['JOBS', 'cron', /JOBS must be one of in-process, workers/],
    ['JOBS', 'workers', /JOBS=workers needs DATABASE_URL/],
  ])('stops with a message naming %s when it is %s', (name, value, message) => {
    expect(() => loadConfig({ [name]: value })).toThrow(ConfigError);
    expect(() => loadConfig({ [name]: value })).toThrow(message);
  });
});

describe('the JOBS setting', () => {
  it('works jobs in the server process unless told otherwise', () => {
    expect(loadConfig({}).jobs).toBe('in-process');
  });

  it('leaves jobs to worker processes on PostgreSQL', () => {
    expect(loadConfig({ JOBS: 'workers', DATABASE_URL: 'postgres://rt@db/roundtable' }).jobs).toBe('workers');
  });
});

describe('the S3 settings', () => {
  it('keeps files on disk unless S3_URL is set', () => {
    expect(loadConfig({}).s3).toBeNull();
  });

  it('reads the bucket, prefix, options and keys', () => {
    const { s3 } = loadConfig({
      S3_URL: 's3://roundtable-files/instance-a/?endpoint=http://minio:9000&region=eu-central-1&forcePathStyle=true',
      S3_ACCESS_KEY_ID: 'AKIA123',
      S3_SECRET_ACCESS_KEY: 'secret',
    });
    expect(s3).toEqual({
      bucket: 'roundtable-files',
      prefix: 'instance-a/',
      region: 'eu-central-1',
      endpoint: 'http://minio:9000',
      forcePathStyle: true,
      credentials: { accessKeyId: 'AKIA123', secretAccessKey: 'secret' },
    });
    expect(Object.isFrozen(s3)).toBe(true);
  });

  it('leaves AWS itself, the region of AWS_REGION and the SDK’s own keys when only a bucket is named', () => {
    expect(loadConfig({ S3_URL: 's3://roundtable-files', AWS_REGION: 'eu-west-1' }).s3).toEqual({
      bucket: 'roundtable-files',
      prefix: '',
      region: 'eu-west-1',
      endpoint: null,
      forcePathStyle: false,
      credentials: null,
    });
  });

  it.each([
    [{ S3_URL: 'https://bucket.s3.amazonaws.com' }, /S3_URL must start with s3:\/\//],
    [{ S3_URL: 's3://Bad_Bucket' }, /S3_URL must name a bucket/],
    [{ S3_URL: 's3://ab' }, /S3_URL must name a bucket/],
    [{ S3_URL: 's3://key:secret@bucket' }, /S3_URL must not hold keys/],
    [{ S3_URL: 's3://bucket?endpont=http://minio:9000' }, /S3_URL takes only region, endpoint, forcePathStyle/],
    [{ S3_URL: 's3://bucket?endpoint=minio:9000' }, /S3_URL endpoint must start with http:\/\/ or https:\/\//],
    [{ S3_URL: 's3://bucket?forcePathStyle=sometimes' }, /S3_URL forcePathStyle must be true or false/],
    [{ S3_URL: 's3://bucket?region=EU Central' }, /S3_URL region/],
    [{ S3_URL: 's3://bucket/a%20b' }, /S3_URL's path is a key prefix/],
    [{ S3_URL: 's3://bucket', S3_ACCESS_KEY_ID: 'AKIA123' }, /go together/],
    [{ S3_ACCESS_KEY_ID: 'AKIA123', S3_SECRET_ACCESS_KEY: 'secret' }, /need S3_URL/],
  ])('stops with a clear message for %o', (env, message) => {
    expect(() => loadConfig(env)).toThrow(ConfigError);
    expect(() => loadConfig(env)).toThrow(message);
  });
});

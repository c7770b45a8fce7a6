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

import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import SqliteDatabase from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { GOOD_PASSWORD } from './test/app.js';
import { testDialect } from './test/database.js';
import { networkBody } from './test/networks.js';

const mainFile = path.join(import.meta.dirname, 'main.ts');

/*
 * What a server acknowledged is stored: fifty replies posted at once to the embedded database all
 * answer 201, the server is killed with SIGKILL (no shutdown, no flush) right after the last one,
 * and every reply is in the database file with its own position.
 */
describe.runIf(testDialect() === 'sqlite')('acknowledged replies under kill -9', () => {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'roundtable-durability-'));
  let child: ChildProcess | undefined;
  afterAll(() => {
    if (child && child.exitCode === null) child.kill('SIGKILL');
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it('keeps all 50 concurrent replies that answered 201', async () => {
    const port = 4100 + Math.floor(Math.random() * 800);
    const origin = `http://127.0.0.1:${port}`;
    child = spawn(process.execPath, ['--conditions=source', '--import', 'tsx', mainFile], {
      env: {
        PATH: process.env.PATH ?? '',
        PORT: String(port),
        HOST: '127.0.0.1',
        DATA_DIR: dataDir,
        PUBLIC_URL: origin,
        WEB_DIST: '',
        LOG_LEVEL: 'warn',
      },
      stdio: 'ignore',
    });
    const exited = once(child, 'exit');
    for (let i = 0; ; i++) {
      if (
        await fetch(`${origin}/readyz`).then(
          (r) => r.ok,
          () => false,
        )
      )
        break;
      if (i > 150) throw new Error('the server never became ready');
      await new Promise((resolve) => setTimeout(resolve, 100));
    }

    const call = async (method: string, url: string, cookie: string | undefined, body: unknown) => {
      const response = await fetch(`${origin}${url}`, {
        method,
        headers: { 'content-type': 'application/json', origin, ...(cookie ? { cookie } : {}) },
        body: JSON.stringify(body),
      });
      return {
        status: response.status,
        json: (await response.json()) as { id: string },
        cookie: response.headers.get('set-cookie'),
      };
    };
    const signUp = await call('POST', '/api/v1/auth/sign-up', undefined, {
      email: 'durable.host@example.com',
      name: 'Dora Durable',
      password: GOOD_PASSWORD,
    });
    expect(signUp.status).toBe(201);
    const cookie = (signUp.cookie ?? '').split(';')[0] ?? '';
    const network = await call('POST', '/api/v1/networks', cookie, networkBody({ name: 'Durable Circle' }));
    expect(network.status).toBe(201);
    const thread = await call('POST', `/api/v1/networks/${network.json.id}/threads`, cookie, {
      title: 'Fifty answers at once',
      body: 'Does every acknowledged reply survive?',
      kind: 'discussion',
      anonymous: false,
    });
    expect(thread.status).toBe(201);

    const replies = await Promise.all(
      Array.from({ length: 50 }, (_, i) =>
        call('POST', `/api/v1/threads/${thread.json.id}/replies`, cookie, { body: `Reply ${i}`, anonymous: false }),
      ),
    );
    child.kill('SIGKILL');
    await exited;
    expect(replies.map((reply) => reply.status)).toEqual(Array(50).fill(201));

    const sqlite = new SqliteDatabase(path.join(dataDir, 'roundtable.db'), { readonly: true });
    try {
      const stored = sqlite
        .prepare('select id, position from replies where thread_id = ? order by position')
        .all(thread.json.id) as { id: string; position: number }[];
      expect(new Set(stored.map((row) => row.id))).toEqual(new Set(replies.map((reply) => reply.json.id)));
      expect(stored.map((row) => row.position)).toEqual(Array.from({ length: 50 }, (_, i) => i + 1));
      const counts = sqlite
        .prepare('select reply_count as replyCount, last_position as lastPosition from threads where id = ?')
        .get(thread.json.id);
      expect(counts).toEqual({ replyCount: 50, lastPosition: 50 });
    } finally {
      sqlite.close();
    }
  }, 60_000);
});

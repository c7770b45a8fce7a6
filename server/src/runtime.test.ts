import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { unsupportedNodeMessage } from './runtime.js';

describe('the Node.js version check', () => {
  it.each(['20.20.2', 'v22.11.0', '18.0.0', '22.9.9'])('refuses Node %s with one line naming 22.12', (version) => {
    const message = unsupportedNodeMessage(version);
    expect(message).toMatch(/needs Node\.js 22\.12\.0 or newer \(24 LTS recommended\)/);
    expect(message).toContain(version.replace(/^v/, ''));
    expect(message).not.toContain('\n');
  });

  it.each(['22.12.0', 'v22.13.1', '24.22.3', '26.0.0', '23.0.0'])('accepts Node %s', (version) => {
    expect(unsupportedNodeMessage(version)).toBeUndefined();
  });
});

/** The machines this runs on ship an older Node as /usr/bin/node; the check is tried on it. */
const olderNode = ['/usr/bin/node', '/usr/local/bin/node'].find((candidate) => {
  if (!fs.existsSync(candidate)) return false;
  const version = spawnSync(candidate, ['-p', 'process.versions.node'], { encoding: 'utf8' }).stdout.trim();
  return unsupportedNodeMessage(version) !== undefined;
});

describe.skipIf(olderNode === undefined)(`the entry points on an older Node (${olderNode})`, () => {
  it.each(['main.ts', 'worker.ts'])('%s prints the one-line refusal and exits 1', (entry) => {
    const result = spawnSync(
      olderNode ?? '',
      ['--conditions=source', '--import', 'tsx', path.join(import.meta.dirname, entry)],
      {
        encoding: 'utf8',
        env: { PATH: process.env.PATH ?? '', DATA_DIR: '/nonexistent/never-created' },
        timeout: 15_000,
      },
    );
    expect(result.status).toBe(1);
    expect(result.stdout).toBe('');
    const lines = result.stderr.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^Roundtable needs Node\.js 22\.12\.0 or newer .*this is Node\.js 2?\d\./);
    expect(fs.existsSync('/nonexistent/never-created')).toBe(false);
  });
});

/**
 * Where a server's CPU time went, from a V8 `.cpuprofile` (`npm run bench -- --profile DIR`):
 * self time by package (or by our own source folder) and the heaviest functions.
 * Usage: tsx bench/src/profile-summary.ts FILE.cpuprofile [--top N]
 */
import fs from 'node:fs';
import { parseArgs } from 'node:util';

type Frame = { functionName: string; url: string; lineNumber: number };
type ProfileNode = { id: number; callFrame: Frame; children?: number[] };
type Profile = { nodes: ProfileNode[]; samples: number[]; timeDeltas: number[] };

const { positionals, values } = parseArgs({
  allowPositionals: true,
  options: { top: { type: 'string', default: '25' } },
});
const file = positionals[0];
if (!file) throw new Error('Usage: profile-summary FILE.cpuprofile [--top N]');
const profile = JSON.parse(fs.readFileSync(file, 'utf8')) as Profile;

/** The package a frame belongs to, or the project folder for our own code. */
function areaOf(frame: Frame): string {
  const { url, functionName } = frame;
  if (!url) return functionName.startsWith('(') ? functionName : `native ${functionName || '(anonymous)'}`;
  const modules = url.lastIndexOf('node_modules/');
  if (modules >= 0) {
    const rest = url.slice(modules + 'node_modules/'.length).split('/');
    return rest[0]?.startsWith('@') ? `${rest[0]}/${rest[1]}` : (rest[0] ?? url);
  }
  if (url.startsWith('node:')) return url;
  const ours = url.match(/server\/(?:src|dist)\/(.*?)(?:\/[^/]+)?$/);
  if (ours) return `roundtable ${ours[1] ?? ''}`;
  return url;
}

const byId = new Map(profile.nodes.map((node) => [node.id, node]));
const selfTime = new Map<number, number>();
profile.samples.forEach((id, index) => {
  selfTime.set(id, (selfTime.get(id) ?? 0) + (profile.timeDeltas[index] ?? 0));
});
const total = [...selfTime.values()].reduce((sum, value) => sum + value, 0);
const areas = new Map<string, number>();
const functions = new Map<string, number>();
for (const [id, micros] of selfTime) {
  const frame = byId.get(id)?.callFrame;
  if (!frame) continue;
  const area = areaOf(frame);
  areas.set(area, (areas.get(area) ?? 0) + micros);
  const name = `${frame.functionName || '(anonymous)'}  ${area}${frame.url ? `:${frame.lineNumber + 1}` : ''}`;
  functions.set(name, (functions.get(name) ?? 0) + micros);
}
const top = Number(values.top);
const say = (line: string) => process.stdout.write(`${line}\n`);
const print = (title: string, rows: Map<string, number>) => {
  say(`\n${title}`);
  for (const [name, micros] of [...rows].sort((a, b) => b[1] - a[1]).slice(0, top))
    say(`${((100 * micros) / total).toFixed(1).padStart(5)} %  ${name}`);
};
say(`${(total / 1e6).toFixed(1)} s sampled`);
print('self time by area', areas);
print('self time by function', functions);

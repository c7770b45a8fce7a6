import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

/*
 * The import direction of STYLE.md, checked over the source itself: a feature reaches another only
 * through its service (and its policy, presenter or jobs), never its routes or queries, and no
 * chain of imports comes back to where it started. Biome's per-folder rules cannot say "another
 * feature's", so this test does.
 */

const root = import.meta.dirname;

type Import = { specifier: string; line: number; target: string };

function sourceFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(full);
    return entry.name.endsWith('.ts') && !entry.name.endsWith('.d.ts') ? [full] : [];
  });
}

const isTest = (file: string) => file.endsWith('.test.ts');

/**
 * A file's relative imports and re-exports, each resolved to a file. Type-only imports are left
 * out: they are erased, so they neither load a module nor close a circle at run time.
 */
function importsOf(file: string, source = fs.readFileSync(file, 'utf8')): Import[] {
  const found: Import[] = [];
  const patterns = [
    /^(?:import|export)(?!\s+type\s)[^;]*?\sfrom\s+'([^']+)'/gms,
    /^import\s+'([^']+)'/gm,
    /\bimport\(\s*'([^']+)'\s*\)/g,
  ];
  for (const pattern of patterns) {
    for (const match of source.matchAll(pattern)) {
      const specifier = match[1];
      if (specifier === undefined || !specifier.startsWith('.')) continue;
      const line = source.slice(0, match.index).split('\n').length;
      const target = path.resolve(path.dirname(file), specifier.replace(/\.js$/, '.ts'));
      found.push({ specifier, line, target });
    }
  }
  return found;
}

/** `threads` for `features/threads/threads.service.ts`; undefined outside the features. */
function featureOf(file: string): string | undefined {
  const parts = path.relative(path.join(root, 'features'), file).split(path.sep);
  return parts.length === 2 && parts[0] !== '..' ? parts[0] : undefined;
}

const privateRoles = ['routes', 'queries'];

/** Imports of another feature's routes or queries, as `file:line imports 'specifier'`. */
function crossFeatureImports(files: readonly string[], read = importsOf): string[] {
  const offences: string[] = [];
  for (const file of files) {
    const from = featureOf(file);
    if (from === undefined) continue;
    for (const { specifier, line, target } of read(file)) {
      const to = featureOf(target);
      const role = path.basename(target).split('.').at(-2);
      if (to !== undefined && to !== from && role !== undefined && privateRoles.includes(role))
        offences.push(`${path.relative(root, file)}:${line} imports '${specifier}' (the ${role} of ${to})`);
    }
  }
  return offences;
}

/**
 * The circles a depth-first walk of a directed graph meets, in name order, as chains of nodes: at
 * least one wherever there is any, so an empty answer means the graph has none.
 */
function cyclesOf(edges: ReadonlyMap<string, readonly string[]>): string[][] {
  const state = new Map<string, 'open' | 'done'>();
  const stack: string[] = [];
  const cycles: string[][] = [];
  const visit = (node: string) => {
    state.set(node, 'open');
    stack.push(node);
    for (const next of [...(edges.get(node) ?? [])].sort()) {
      if (state.get(next) === 'open') cycles.push([...stack.slice(stack.indexOf(next)), next]);
      else if (!state.has(next)) visit(next);
    }
    stack.pop();
    state.set(node, 'done');
  };
  for (const node of [...edges.keys()].sort()) if (!state.has(node)) visit(node);
  return cycles;
}

/** Import circles among these modules, as chains of files. */
function importCycles(files: readonly string[], read = importsOf): string[][] {
  const known = new Set(files);
  const edges = new Map(
    files.map((file) => [
      file,
      read(file)
        .map((i) => i.target)
        .filter((t) => known.has(t)),
    ]),
  );
  return cyclesOf(edges).map((cycle) => cycle.map((file) => path.relative(root, file)));
}

/**
 * Circles among the features (a module of one importing a module of another), each hop named by
 * one import that makes it: `threads → moderation (features/threads/x.ts:3 '../moderation/y.js') → …`.
 */
function featureCycles(files: readonly string[], read = importsOf): { chain: string; detail: string }[] {
  const edges = new Map<string, Map<string, string>>();
  for (const file of files) {
    const from = featureOf(file);
    if (from === undefined) continue;
    const to = edges.get(from) ?? new Map<string, string>();
    edges.set(from, to);
    for (const { specifier, line, target } of read(file)) {
      const feature = featureOf(target);
      if (feature !== undefined && feature !== from && !to.has(feature))
        to.set(feature, `${path.relative(root, file)}:${line} '${specifier}'`);
    }
  }
  return cyclesOf(new Map([...edges].map(([feature, to]) => [feature, [...to.keys()]]))).map((cycle) => ({
    chain: cycle.join(' → '),
    detail: cycle
      .map((feature, i) => {
        const previous = cycle[i - 1];
        return previous === undefined ? feature : `${feature} (${edges.get(previous)?.get(feature)})`;
      })
      .join(' → '),
  }));
}

describe('the import direction', () => {
  const files = sourceFiles(root);
  const modules = files.filter((file) => !isTest(file));

  it('has no feature import another feature’s routes or queries', () => {
    expect(crossFeatureImports(files)).toEqual([]);
  });

  it('has no import circle among the server’s modules', () => {
    expect(importCycles(modules).map((cycle) => cycle.join(' → '))).toEqual([]);
  });

  it('has no circle among the features but the one known, which is to go', () => {
    // networks.presenter shows profiles' avatars and values; profiles.service asks networks whose
    // member someone is. Remove it from here when one of them stops.
    const known = new Set(['networks → profiles → networks']);
    const cycles = featureCycles(modules);
    expect(cycles.filter((cycle) => !known.has(cycle.chain)).map((cycle) => cycle.detail)).toEqual([]);
    expect(cycles.map((cycle) => cycle.chain)).toEqual([...known]);
  });

  it('sees a forbidden import and a circle when there is one', () => {
    const service = path.join(root, 'features/live/live.service.ts');
    const other = path.join(root, 'features/threads/threads.service.ts');
    const fake = (imports: Record<string, string[]>) => (file: string) =>
      (imports[file] ?? []).map((specifier) => ({
        specifier,
        line: 1,
        target: path.resolve(path.dirname(file), specifier.replace(/\.js$/, '.ts')),
      }));
    const read = fake({
      [service]: ['../threads/threads.queries.js', '../threads/threads.service.js'],
      [other]: ['../live/live.service.js'],
    });
    expect(crossFeatureImports([service], read)).toEqual([
      "features/live/live.service.ts:1 imports '../threads/threads.queries.js' (the queries of threads)",
    ]);
    expect(importCycles([service, other], read)).toEqual([
      ['features/live/live.service.ts', 'features/threads/threads.service.ts', 'features/live/live.service.ts'],
    ]);
    expect(featureCycles([service, other], read)).toEqual([
      {
        chain: 'live → threads → live',
        detail:
          "live → threads (features/live/live.service.ts:1 '../threads/threads.queries.js') → live (features/threads/threads.service.ts:1 '../live/live.service.js')",
      },
    ]);
    expect(importsOf(service, "import type { A } from './a.js';\nimport { b } from './b.js';\n")).toEqual([
      { specifier: './b.js', line: 2, target: path.join(root, 'features/live/b.ts') },
    ]);
  });
});

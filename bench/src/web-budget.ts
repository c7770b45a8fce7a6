import fs from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';

export type WebWeight = { files: { file: string; gzipKb: number }[]; gzipKb: number };

/**
 * The JavaScript a first visit downloads: the scripts and module preloads index.html names.
 * Lazily imported chunks are not counted — that is the point of loading them lazily.
 * Null when the web app has not been built.
 */
export function measureFirstPageJs(webDist: string): WebWeight | null {
  const indexFile = path.join(webDist, 'index.html');
  if (!fs.existsSync(indexFile)) return null;
  const html = fs.readFileSync(indexFile, 'utf8');

  const referenced = new Set<string>();
  for (const tag of html.match(/<(script|link)\b[^>]*>/gi) ?? []) {
    const isScript = /^<script/i.test(tag);
    const isPreload = /\brel\s*=\s*["']?modulepreload/i.test(tag);
    const url = /\b(?:src|href)\s*=\s*["']([^"']+)["']/i.exec(tag)?.[1];
    if (!url || !(isScript || isPreload) || /^(?:[a-z]+:)?\/\//i.test(url)) continue;
    referenced.add(url.split(/[?#]/)[0] ?? url);
  }

  const files = [...referenced].map((url) => {
    const file = path.join(webDist, url.replace(/^\.?\//, ''));
    if (!fs.existsSync(file)) throw new Error(`index.html references ${url}, which is not in ${webDist}.`);
    return { file: path.relative(webDist, file), gzipKb: gzipSync(fs.readFileSync(file)).length / 1000 };
  });
  return { files, gzipKb: files.reduce((sum, file) => sum + file.gzipKb, 0) };
}

/**
 * The oldest Node.js Roundtable starts on. Node 24 LTS is the runtime it is built and tested on;
 * 22.12 is the oldest still maintained that its dependencies (pg-boss, sanitize-html) accept.
 */
export const minimumNodeVersion = '22.12.0';

function parts(version: string): number[] {
  return version
    .replace(/^v/, '')
    .split('.')
    .map((part) => Number.parseInt(part, 10) || 0);
}

/** The one line that refuses `version`, or `undefined` when it is new enough. */
export function unsupportedNodeMessage(version: string): string | undefined {
  const have = parts(version);
  const need = parts(minimumNodeVersion);
  for (let i = 0; i < need.length; i++) {
    const difference = (have[i] ?? 0) - (need[i] ?? 0);
    if (difference > 0) return undefined;
    if (difference < 0) {
      return `Roundtable needs Node.js ${minimumNodeVersion} or newer (24 LTS recommended); this is Node.js ${version.replace(/^v/, '')}. See the README's "Start it".`;
    }
  }
  return undefined;
}

/**
 * Exits with the refusal on an older Node. The entry points call it before they load anything
 * else (the rest is imported dynamically after it), so an old runtime never gets as far as a
 * native addon built for another one.
 */
export function refuseUnsupportedNode(version: string = process.versions.node): void {
  const message = unsupportedNodeMessage(version);
  if (message === undefined) return;
  process.stderr.write(`${message}\n`);
  process.exit(1);
}

/**
 * The in-app path to return to after signing in, or null. Only same-site paths are accepted, so a
 * crafted `?next=//evil.example` link cannot send someone elsewhere after they sign in.
 */
export function safeNextPath(next: string | null): string | null {
  if (!next?.startsWith('/') || next.startsWith('//') || next.startsWith('/\\')) return null;
  return next;
}

/** Adds `?next=` to a path, keeping the return address when moving between sign-in and sign-up. */
export function withNext(path: string, next: string | null): string {
  const safe = safeNextPath(next);
  return safe && safe !== '/' ? `${path}?${new URLSearchParams({ next: safe }).toString()}` : path;
}

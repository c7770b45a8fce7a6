import type { FastifyRequest } from 'fastify';
import { AppError } from './errors.js';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * Cross-site request forgery guard for cookie sessions: a state-changing request that a browser
 * marks as coming from another site is refused. Requests without Origin (curl, server-to-server)
 * carry no ambient browser cookies and pass. Only PUBLIC_URL's origin counts as ours: the Host
 * header is the client's to choose (and a proxy's to rewrite), so it proves nothing.
 */
export function createOriginCheck(publicOrigin: string) {
  return async function checkOrigin(request: FastifyRequest): Promise<void> {
    if (SAFE_METHODS.has(request.method)) return;
    const origin = request.headers.origin;
    if (origin === undefined) {
      if (request.headers['sec-fetch-site'] === 'cross-site') throw refused();
      return;
    }
    if (origin !== publicOrigin) throw refused();
  };
}

const refused = () =>
  new AppError('forbidden_origin', 'This request came from another site and was refused. Use Roundtable directly.');

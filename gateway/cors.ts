import type http from 'node:http';
import type { CorsOrigins } from '../common/config';
import { sendJson } from '../common/http';

/** The request headers browser clients send: Apollo Client, GraphiQL, urql, graphql-request, fetch by hand. */
const ALLOWED_HEADERS = [
  'authorization',
  'content-type',
  'accept',
  'apollo-require-preflight',
  'x-apollo-operation-name',
  'apollographql-client-name',
  'apollographql-client-version',
];
/** Response headers a cross-origin client may read besides the CORS-safelisted ones: when to retry after a 429. */
const EXPOSED_HEADERS = ['retry-after'];
/** How long a browser may reuse a preflight answer (Chromium caps it at 2 hours). */
const MAX_AGE_SECONDS = 600;

const LOCALHOST = /^http:\/\/(localhost|127\.0\.0\.1)(:\d+)?$/;

export function isAllowedOrigin(allowed: CorsOrigins, origin: string): boolean {
  return allowed.anyOrigin || allowed.origins.includes(origin) || (allowed.anyLocalhost && LOCALHOST.test(origin));
}

/**
 * CORS for /graphql. Returns true when it has answered the request (a preflight). Every response varies by Origin,
 * since an allowed origin gets headers another does not. A preflight from an origin not on the list is 403 without
 * CORS headers (the browser fails it either way; the status tells whoever reads the network log why). Other requests
 * from such an origin are served as if same-origin: the browser withholds the response, and Apollo's CSRF
 * prevention still refuses simple requests (GET or text/plain POST without a preflight-forcing header) from anyone.
 * Credentials (cookies) are not allowed: callers authenticate with a bearer token.
 */
export function handleCors(allowed: CorsOrigins, req: http.IncomingMessage, res: http.ServerResponse): boolean {
  res.setHeader('vary', 'Origin');
  const origin = req.headers.origin;
  const preflight = req.method === 'OPTIONS' && origin !== undefined && req.headers['access-control-request-method'] !== undefined;
  if (!origin || !isAllowedOrigin(allowed, origin)) {
    if (!preflight) return false;
    sendJson(res, 403, {
      errors: [{ message: `Origin ${origin} is not allowed to call this gateway (CORS_ORIGINS).`, extensions: { code: 'FORBIDDEN' } }],
    });
    return true;
  }
  res.setHeader('access-control-allow-origin', origin);
  if (!preflight) {
    res.setHeader('access-control-expose-headers', EXPOSED_HEADERS.join(', '));
    return false;
  }
  res.writeHead(204, {
    'access-control-allow-methods': 'GET, POST',
    'access-control-allow-headers': ALLOWED_HEADERS.join(', '),
    'access-control-max-age': String(MAX_AGE_SECONDS),
    'content-length': '0',
  });
  res.end();
  return true;
}

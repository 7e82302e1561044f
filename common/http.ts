import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { promisify } from 'node:util';
import zlib from 'node:zlib';
import Negotiator from 'negotiator';
import { requestScope } from './request-scope';
import { ApolloServer, HeaderMap, type BaseContext, type HTTPGraphQLRequest } from '@apollo/server';

export type Route = (req: http.IncomingMessage, res: http.ServerResponse) => Promise<void> | void;

export interface HttpOptions<C extends BaseContext> {
  server: ApolloServer<C>;
  /** The operation's context; it sees the GraphQL request as Apollo will read it, and may refuse it by throwing. */
  context: (req: http.IncomingMessage, request: HTTPGraphQLRequest) => Promise<C>;
  routes?: Record<string, Route>;
  maxBodyBytes?: number;
  /** Runs first on every /graphql request (the gateway's CORS); true when it has answered the request itself. */
  beforeGraphQL?: (req: http.IncomingMessage, res: http.ServerResponse) => boolean;
  /** Serves GET /graphql to a browser navigating there (Accept: text/html), e.g. an IDE; other clients get GraphQL. */
  page?: Route;
  /** Runs before the body is read (a refusal then costs no upload nor parsing); true when it has answered the request itself. */
  beforeBody?: (req: http.IncomingMessage, res: http.ServerResponse) => Promise<boolean>;
}

export class PayloadTooLargeError extends Error {}

export function sendJson(res: http.ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(text), ...headers });
  res.end(text);
}

/**
 * Reads the body up to `limit` bytes. Past it (or when Content-Length already says so) it rejects at once and keeps
 * discarding what still arrives, so the 413 reaches the client instead of a reset connection.
 */
export function readBody(req: http.IncomingMessage, limit: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = Number(req.headers['content-length'] ?? 0);
    let tooLarge = size > limit;
    if (tooLarge) reject(new PayloadTooLargeError());
    size = 0;
    req.on('data', (chunk: Buffer) => {
      if (tooLarge) return;
      size += chunk.length;
      if (size > limit) {
        tooLarge = true;
        chunks.length = 0;
        reject(new PayloadTooLargeError());
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

/** Bodies up to this size go out as they are: compressing them saves a few hundred bytes and costs a compression. */
export const COMPRESSION_THRESHOLD_BYTES = 1024;

// Fast settings, measured in bench/results/compression.md on the partner portal home (6 KB): brotli 4 and gzip 6 both
// take it to ~1.45 KB in ~0.1 ms; brotli's default quality (11) saves 15% more and costs 12-20 ms per response.
const brotli = promisify(zlib.brotliCompress);
const gzip = promisify(zlib.gzip);
export const BROTLI_QUALITY = 4;
export const GZIP_LEVEL = 6;

// @types/negotiator (0.6) predates negotiator 1's `preferred` option, which breaks q ties in our favour.
type EncodingNegotiator = { encoding(available: readonly string[], options: { preferred: readonly string[] }): string | undefined };

/** br or gzip when Accept-Encoding allows it (q=0 refuses; br wins a tie), else undefined: send it as it is. */
export function responseEncoding(req: http.IncomingMessage): 'br' | 'gzip' | undefined {
  const chosen = (new Negotiator(req) as unknown as EncodingNegotiator).encoding(['br', 'gzip', 'identity'], { preferred: ['br', 'gzip'] });
  return chosen === 'br' || chosen === 'gzip' ? chosen : undefined;
}

function appendVary(res: http.ServerResponse, header: string): void {
  const vary = res.getHeader('vary');
  res.setHeader('vary', vary ? `${String(vary)}, ${header}` : header);
}

/** Ends the response with the body, compressed when it is larger than the threshold and the client accepts it. */
export async function endCompressed(req: http.IncomingMessage, res: http.ServerResponse, body: string): Promise<void> {
  const raw = Buffer.from(body, 'utf8');
  if (raw.length <= COMPRESSION_THRESHOLD_BYTES) return void res.end(raw);
  // Above the threshold the answer depends on Accept-Encoding, compressed or not: caches must keep them apart.
  appendVary(res, 'Accept-Encoding');
  const encoding = responseEncoding(req);
  if (!encoding) return void res.end(raw);
  const compressed =
    encoding === 'br'
      ? await brotli(raw, {
          params: {
            [zlib.constants.BROTLI_PARAM_QUALITY]: BROTLI_QUALITY,
            [zlib.constants.BROTLI_PARAM_MODE]: zlib.constants.BROTLI_MODE_TEXT,
            [zlib.constants.BROTLI_PARAM_SIZE_HINT]: raw.length,
          },
        })
      : await gzip(raw, { level: GZIP_LEVEL });
  res.setHeader('content-encoding', encoding);
  res.setHeader('content-length', compressed.length);
  res.end(compressed);
}

const isJson = (contentType: string | undefined) =>
  Boolean(contentType?.startsWith('application/json') || contentType?.startsWith('application/graphql-response+json'));

function parseBody(text: string, contentType: string | undefined): unknown {
  if (!text) return undefined;
  return isJson(contentType) ? JSON.parse(text) : text;
}

function graphQLError(res: http.ServerResponse, status: number, message: string): void {
  // After a 413 the rest of the body is discarded, not read: the connection is not reused.
  const headers: Record<string, string> = status === 413 ? { connection: 'close' } : {};
  const code = ({ 413: 'PAYLOAD_TOO_LARGE', 415: 'UNSUPPORTED_MEDIA_TYPE' } as Record<number, string>)[status] ?? 'BAD_REQUEST';
  sendJson(res, status, { errors: [{ message, extensions: { code } }] }, headers);
}

/** A lean Node HTTP integration for Apollo Server: /graphql plus plain routes such as /health. */
export function createHttpServer<C extends BaseContext>(options: HttpOptions<C>): http.Server {
  const { server, context, routes = {}, maxBodyBytes = 1_000_000, beforeGraphQL, page, beforeBody } = options;
  // Each request in a scope of its own, where the code serving it can note its caller (common/request-scope.ts).
  return http.createServer((req, res) => requestScope.run({}, () => handle(req, res)));

  async function handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    try {
      const url = new URL(req.url ?? '/', 'http://localhost');
      const route = routes[url.pathname];
      if (route) return await route(req, res);
      if (url.pathname !== '/graphql') return sendJson(res, 404, { error: `No route ${url.pathname}; the GraphQL endpoint is /graphql.` });
      if (beforeGraphQL?.(req, res)) return;
      if (page && req.method === 'GET' && req.headers.accept?.includes('text/html')) return await page(req, res);

      const contentType = req.headers['content-type'];
      if (req.method === 'POST' && !isJson(contentType)) {
        return graphQLError(
          res,
          415,
          `Send the operation as JSON with "content-type: application/json" (got ${contentType ? `"${contentType}"` : 'none'}).`,
        );
      }
      if (await beforeBody?.(req, res)) return;
      let body: unknown;
      try {
        body = parseBody(await readBody(req, maxBodyBytes), req.headers['content-type']);
      } catch (error) {
        if (error instanceof PayloadTooLargeError) return graphQLError(res, 413, `Request body exceeds ${maxBodyBytes} bytes.`);
        return graphQLError(res, 400, 'Request body is not valid JSON.');
      }
      const headers = new HeaderMap();
      for (const [name, value] of Object.entries(req.headers)) {
        if (value !== undefined) headers.set(name, Array.isArray(value) ? value.join(', ') : value);
      }
      const httpGraphQLRequest = { method: req.method ?? 'GET', headers, search: url.search, body };
      const response = await server.executeHTTPGraphQLRequest({ httpGraphQLRequest, context: () => context(req, httpGraphQLRequest) });
      for (const [name, value] of response.headers) res.setHeader(name, value);
      res.statusCode = response.status ?? 200;
      if (response.body.kind === 'complete') return await endCompressed(req, res, response.body.string);
      // Incremental delivery (multipart, chunk by chunk) is sent as it is: a compressor would hold chunks back.
      for await (const chunk of response.body.asyncIterator) res.write(chunk);
      res.end();
    } catch (error) {
      if (!res.headersSent) sendJson(res, 500, { errors: [{ message: 'Internal server error', extensions: { code: 'INTERNAL_SERVER_ERROR' } }] });
      else res.end();
      server.logger.error(error instanceof Error ? (error.stack ?? error.message) : String(error));
    }
  }
}

export function listen(server: http.Server, port: number, host = '0.0.0.0'): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve((server.address() as AddressInfo).port);
    });
  });
}

/** Stops accepting connections, lets in-flight requests finish, then closes idle keep-alive sockets. */
export function close(server: http.Server): Promise<void> {
  return new Promise((resolve) => {
    if (!server.listening) return resolve();
    server.close(() => resolve());
    server.closeIdleConnections();
  });
}

import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { ApolloServer, HeaderMap, type BaseContext } from '@apollo/server';

export type Route = (req: http.IncomingMessage, res: http.ServerResponse) => Promise<void> | void;

export interface HttpOptions<C extends BaseContext> {
  server: ApolloServer<C>;
  context: (req: http.IncomingMessage) => Promise<C>;
  routes?: Record<string, Route>;
  maxBodyBytes?: number;
}

export class PayloadTooLargeError extends Error {}

export function sendJson(res: http.ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(text), ...headers });
  res.end(text);
}

export function readBody(req: http.IncomingMessage, limit: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        reject(new PayloadTooLargeError());
        req.destroy();
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

function parseBody(text: string, contentType: string | undefined): unknown {
  if (!text) return undefined;
  if (contentType?.startsWith('application/json') || contentType?.startsWith('application/graphql-response+json')) {
    return JSON.parse(text);
  }
  return text;
}

function graphQLError(res: http.ServerResponse, status: number, message: string): void {
  sendJson(res, status, { errors: [{ message, extensions: { code: status === 413 ? 'PAYLOAD_TOO_LARGE' : 'BAD_REQUEST' } }] });
}

/** A lean Node HTTP integration for Apollo Server: /graphql plus plain routes such as /health. */
export function createHttpServer<C extends BaseContext>(options: HttpOptions<C>): http.Server {
  const { server, context, routes = {}, maxBodyBytes = 1_000_000 } = options;
  return http.createServer(async (req, res) => {
    try {
      const url = new URL(req.url ?? '/', 'http://localhost');
      const route = routes[url.pathname];
      if (route) return await route(req, res);
      if (url.pathname !== '/graphql') return sendJson(res, 404, { error: `No route ${url.pathname}; the GraphQL endpoint is /graphql.` });

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
      const response = await server.executeHTTPGraphQLRequest({
        httpGraphQLRequest: { method: req.method ?? 'GET', headers, search: url.search, body },
        context: () => context(req),
      });
      for (const [name, value] of response.headers) res.setHeader(name, value);
      res.statusCode = response.status ?? 200;
      if (response.body.kind === 'complete') return void res.end(response.body.string);
      for await (const chunk of response.body.asyncIterator) res.write(chunk);
      res.end();
    } catch (error) {
      if (!res.headersSent) sendJson(res, 500, { errors: [{ message: 'Internal server error', extensions: { code: 'INTERNAL_SERVER_ERROR' } }] });
      else res.end();
      server.logger.error(error instanceof Error ? error.stack ?? error.message : String(error));
    }
  });
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

import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import zlib from 'node:zlib';
import { createTestDatabase, type TestDatabase } from './support/database';
import { startTestStack, tokenFor, type TestStack } from './support/stack';

/**
 * The gateway compresses answers larger than 1 KB when Accept-Encoding allows it (br preferred, gzip otherwise),
 * and never smaller ones. Raw node:http requests: fetch would ask for compression and undo it by itself.
 */
const PORTAL_HOME = fs.readFileSync(path.join(__dirname, '..', 'schema', 'operations', 'partner', 'PartnerPortalHome.graphql'), 'utf8');

let db: TestDatabase;
let t: TestStack;
let token: string;

beforeAll(async () => {
  db = await createTestDatabase();
  t = await startTestStack(db.url);
  token = await tokenFor('bluepeak-it');
});

afterAll(async () => {
  await t?.stop();
  await db?.drop();
});

interface RawAnswer {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: Buffer;
}

function request(query: string, acceptEncoding?: string): Promise<RawAnswer> {
  const payload = JSON.stringify({ query, variables: { deals: 20 } });
  const headers: http.OutgoingHttpHeaders = {
    'content-type': 'application/json',
    authorization: `Bearer ${token}`,
    'content-length': Buffer.byteLength(payload),
  };
  if (acceptEncoding !== undefined) headers['accept-encoding'] = acceptEncoding;
  return new Promise((resolve, reject) => {
    const req = http.request(t.stack.gatewayUrl, { method: 'POST', headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(payload);
  });
}

const decoded = ({ headers, body }: RawAnswer) =>
  headers['content-encoding'] === 'br' ? zlib.brotliDecompressSync(body) : headers['content-encoding'] === 'gzip' ? zlib.gunzipSync(body) : body;

describe('response compression', () => {
  let plain: RawAnswer;
  beforeAll(async () => {
    plain = await request(PORTAL_HOME);
  });

  it('sends the partner portal home as it is to a client that does not ask for compression', () => {
    expect(plain.status).toBe(200);
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(plain.headers.vary).toMatch(/accept-encoding/i);
    expect(plain.body.length).toBeGreaterThan(1024);
    expect(Number(plain.headers['content-length'])).toBe(plain.body.length);
    expect(JSON.parse(plain.body.toString()).data.me.partner.deals.edges).toHaveLength(20);
  });

  it.each([
    ['gzip, deflate, br, zstd', 'br'],
    ['br', 'br'],
    ['*', 'br'],
    ['gzip', 'gzip'],
    ['br;q=0, gzip', 'gzip'],
    ['gzip;q=1, br;q=0.5', 'gzip'],
  ])('Accept-Encoding "%s": %s, the same answer once decompressed, Content-Length of what was sent', async (acceptEncoding, encoding) => {
    const answer = await request(PORTAL_HOME, acceptEncoding);
    expect(answer.status).toBe(200);
    expect(answer.headers['content-encoding']).toBe(encoding);
    expect(answer.headers.vary).toMatch(/accept-encoding/i);
    expect(Number(answer.headers['content-length'])).toBe(answer.body.length);
    expect(answer.body.length).toBeLessThan(plain.body.length / 3);
    expect(decoded(answer).toString()).toBe(plain.body.toString());
  });

  it.each(['identity', 'br;q=0, gzip;q=0', 'deflate', ''])('Accept-Encoding "%s" allows neither: sent as it is', async (acceptEncoding) => {
    const answer = await request(PORTAL_HOME, acceptEncoding);
    expect(answer.headers['content-encoding']).toBeUndefined();
    expect(answer.body.toString()).toBe(plain.body.toString());
  });

  it('never compresses 1 KB or less, whatever the client accepts', async () => {
    const small = await request('{ me { role slug name } }', 'gzip, deflate, br');
    expect(small.status).toBe(200);
    expect(small.body.length).toBeLessThanOrEqual(1024);
    expect(small.headers['content-encoding']).toBeUndefined();
    // Vary: Origin (CORS) is on every /graphql answer; a small one must not vary on the encoding.
    expect(String(small.headers.vary ?? '')).not.toMatch(/accept-encoding/i);
    expect(JSON.parse(small.body.toString())).toEqual({ data: { me: { role: 'PARTNER', slug: 'bluepeak-it', name: expect.any(String) } } });
  });
});

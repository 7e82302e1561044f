import { loadConfig } from '../common/config';
import { demoOrganizations } from '../tooling/demo/catalog';
import { createGateway, type Gateway } from '../gateway/server';
import { createLogger } from '../common/logger';
import { createTestDatabase, type TestDatabase } from './support/database';
import { post, startTestStack, type TestStack } from './support/stack';

// The IDE over HTTP: what GET /graphql serves a browser, its assets, and the development-only token endpoint.
// test/browser/ide.test.ts drives it in Chromium.
const BROWSER_ACCEPT = 'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8';

let db: TestDatabase;
let t: TestStack;
let origin: string;

beforeAll(async () => {
  db = await createTestDatabase();
  t = await startTestStack(db.url);
  origin = new URL(t.stack.gatewayUrl).origin;
});

afterAll(async () => {
  await t?.stop();
  await db?.drop();
});

const requestToken = (body: string, contentType = 'application/json') =>
  fetch(`${origin}/ide/token`, { method: 'POST', headers: { 'content-type': contentType }, body });

describe('GET /graphql for a browser', () => {
  it('is our IDE page, whose every script and stylesheet is on this gateway, under a policy that forbids other origins', async () => {
    const response = await fetch(t.stack.gatewayUrl, { headers: { accept: BROWSER_ACCEPT } });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/html/);
    const html = await response.text();
    expect(html).toContain('<div id="ide">');
    expect(html).not.toMatch(/apollographql|embeddable-sandbox|cdn|unpkg|jsdelivr/i);
    const references = [...html.matchAll(/(?:src|href)="([^"]*)"/g)].map((match) => match[1]);
    expect(references.sort()).toEqual(['/ide/ide.css', '/ide/ide.js']);
    const policy = response.headers.get('content-security-policy')!;
    expect(policy).toContain("default-src 'self'");
    expect(policy).toContain("connect-src 'self'");
    expect(policy).not.toMatch(/script-src[^;]*unsafe/);
  });

  it('passes every demo organization (as its ADMIN) and every demo member to the sign-in picker', async () => {
    const html = await (await fetch(t.stack.gatewayUrl, { headers: { accept: BROWSER_ACCEPT } })).text();
    const config = JSON.parse(/<script type="application\/json" id="ide-config">(.*?)<\/script>/s.exec(html)![1]);
    const offered = config.signIn.groups.flatMap((group: { choices: { id: string }[] }) => group.choices.map((choice) => choice.id));
    const people = [
      'northwind-cloud/pat',
      'northwind-cloud/quinn',
      'northwind-cloud/fran',
      'northwind-cloud/lee',
      'bluepeak-it/sam',
      'bluepeak-it/alex',
      'bluepeak-it/mo',
    ];
    expect(offered.sort()).toEqual(
      [...demoOrganizations().map((org) => org.slug), ...people, 'tessera-distribution/dana', 'tessera-distribution/cy'].sort(),
    );
    expect(config.signIn.groups.map((group: { label: string }) => group.label)).toEqual([
      'Vendors',
      'Partners',
      'Distributors',
      'Northwind Cloud members',
      'BluePeak IT members',
      'Tessera Distribution members',
    ]);
    const bluepeak = config.signIn.groups.find((group: { label: string }) => group.label === 'BluePeak IT members');
    expect(bluepeak.choices[0]).toEqual({ id: 'bluepeak-it/sam', label: 'Sam Keller, SALES (user:sam@bluepeak-it)' });
  });

  it('serves the bundled GraphiQL (script and styles), revalidated by ETag', async () => {
    const script = await fetch(`${origin}/ide/ide.js`);
    expect(script.status).toBe(200);
    expect(script.headers.get('content-type')).toMatch(/^text\/javascript/);
    const code = await script.text();
    expect(code).toContain('graphiql');
    expect(code).not.toMatch(/https?:\/\/(unpkg|cdn\.jsdelivr|esm\.sh)/);
    const styles = await fetch(`${origin}/ide/ide.css`);
    expect(styles.headers.get('content-type')).toMatch(/^text\/css/);
    expect(await styles.text()).toContain('.graphiql-container');
    const again = await fetch(`${origin}/ide/ide.js`, { headers: { 'if-none-match': script.headers.get('etag')! } });
    expect(again.status).toBe(304);
  });

  it('a GET query from a non-browser client is still GraphQL', async () => {
    const url = `${t.stack.gatewayUrl}?query=${encodeURIComponent('{ __typename }')}`;
    const response = await fetch(url, { headers: { accept: 'application/json', 'apollo-require-preflight': 'true' } });
    expect(response.status).toBe(401);
    expect(((await response.json()) as { errors: { extensions: { code: string } }[] }).errors[0].extensions.code).toBe('UNAUTHENTICATED');
  });
});

describe('POST /ide/token (development and test only)', () => {
  it('issues a token for a demo organization, as which the gateway answers', async () => {
    const response = await requestToken(JSON.stringify({ id: 'tessera-distribution' }));
    expect(response.status).toBe(200);
    expect(response.headers.get('cache-control')).toBe('no-store');
    const { token } = (await response.json()) as { token: string };
    const me = await post(t.stack.gatewayUrl, { query: '{ me { slug role } }' }, { authorization: `Bearer ${token}` });
    expect(me.data).toEqual({ me: { slug: 'tessera-distribution', role: 'DISTRIBUTOR' } });
  });

  it('issues a token for a demo member, who signs in as that member', async () => {
    const response = await requestToken(JSON.stringify({ id: 'bluepeak-it/mo' }));
    const { token } = (await response.json()) as { token: string };
    const me = await post(t.stack.gatewayUrl, { query: '{ me { slug member { subject groups } } }' }, { authorization: `Bearer ${token}` });
    expect(me.data).toEqual({ me: { slug: 'bluepeak-it', member: { subject: 'user:mo@bluepeak-it', groups: ['MARKETING'] } } });
  });

  it.each([
    ['an unknown organization', JSON.stringify({ id: 'nobody-inc' }), 'application/json', 404, 'NOT_FOUND'],
    ['no id', JSON.stringify({ slug: 'bluepeak-it' }), 'application/json', 400, 'BAD_USER_INPUT'],
    ['not JSON', '{id:', 'application/json', 400, 'BAD_USER_INPUT'],
    ['JSON null', 'null', 'application/json', 400, 'BAD_USER_INPUT'],
    ['a simple (text/plain) request another origin could send', JSON.stringify({ id: 'bluepeak-it' }), 'text/plain', 415, 'UNSUPPORTED_MEDIA_TYPE'],
    ['a large body', JSON.stringify({ id: 'x'.repeat(5000) }), 'application/json', 413, 'PAYLOAD_TOO_LARGE'],
  ])('refuses %s with no token', async (_case, body, contentType, status, code) => {
    const response = await requestToken(body, contentType);
    expect(response.status).toBe(status);
    const answer = (await response.json()) as { token?: string; errors: { extensions: { code: string } }[] };
    expect(answer.token).toBeUndefined();
    expect(answer.errors[0].extensions.code).toBe(code);
  });

  it('answers no cross-origin preflight (no CORS on it), so no other page can fetch a token', async () => {
    const response = await fetch(`${origin}/ide/token`, {
      method: 'OPTIONS',
      headers: { origin: 'http://localhost:3000', 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type' },
    });
    expect(response.headers.get('access-control-allow-origin')).toBeNull();
  });
});

describe('in production', () => {
  const production = { NODE_ENV: 'production', GATEWAY_SECRET: 'g'.repeat(32), JWT_SECRET: 'j'.repeat(32), GATEWAY_PORT: '0' };
  const gateways: Gateway[] = [];
  const start = async (env: Record<string, string>) => {
    const gateway = createGateway(loadConfig({ ...production, ...env }), { logger: createLogger('test', 'silent') });
    gateways.push(gateway);
    return `http://127.0.0.1:${await gateway.start(0, '127.0.0.1')}`;
  };
  afterAll(async () => {
    for (const gateway of gateways) await gateway.stop();
  });

  it('serves no IDE unless IDE=true, and never the token endpoint', async () => {
    const closed = await start({});
    const page = await fetch(`${closed}/graphql`, { headers: { accept: BROWSER_ACCEPT } });
    expect(page.headers.get('content-type')).not.toMatch(/text\/html/);
    expect((await fetch(`${closed}/ide/ide.js`)).status).toBe(404);

    const open = await start({ IDE: 'true' });
    const html = await (await fetch(`${open}/graphql`, { headers: { accept: BROWSER_ACCEPT } })).text();
    expect(html).toContain('<div id="ide">');
    // No picker: the caller pastes their identity provider's token into GraphiQL's header editor.
    expect(html).toContain('"signIn":null');
    for (const gateway of [closed, open]) {
      const response = await fetch(`${gateway}/ide/token`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ id: 'bluepeak-it' }),
      });
      expect(response.status).toBe(404);
      expect(await response.text()).not.toContain('token"');
    }
  });
});

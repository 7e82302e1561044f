import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loadConfig, databaseUrlFor } from '../common/config';

describe('configuration from the environment', () => {
  it('has working defaults for development', () => {
    const config = loadConfig({});
    expect(config.gatewayPort).toBe(4000);
    expect(config.host).toBe('0.0.0.0');
    expect(loadConfig({ HOST: '127.0.0.1' }).host).toBe('127.0.0.1');
    expect(config.subgraphPorts).toEqual({ vendor: 4001, partner: 4002, distributor: 4003 });
    expect(config.subgraphUrls.partner).toBe('http://localhost:4002/graphql');
    expect(databaseUrlFor(config, 'vendor')).toBe('postgres://postgres:postgres@127.0.0.1:54329/channel_graph');
  });

  it('uses DATABASE_URL for every subgraph unless one has its own', () => {
    const config = loadConfig({ DATABASE_URL: 'postgres://a@db/x', PARTNER_DATABASE_URL: 'postgres://b@db/y' });
    expect(databaseUrlFor(config, 'vendor')).toBe('postgres://a@db/x');
    expect(databaseUrlFor(config, 'partner')).toBe('postgres://b@db/y');
  });

  it.each([
    [{ GATEWAY_PORT: 'eighty' }, /GATEWAY_PORT must be a port number/],
    [{ VENDOR_PORT: '70000' }, /VENDOR_PORT must be a port number/],
    [{ DATABASE_URL: 'not a url' }, /DATABASE_URL must be a URL/],
    [{ NODE_ENV: 'staging' }, /NODE_ENV must be development, test or production/],
    [{ NODE_ENV: 'production', JWT_JWKS_URL: 'https://idp.example/jwks' }, /GATEWAY_SECRET is required in production/],
    [{ GATEWAY_SECRET: 'short' }, /GATEWAY_SECRET must be at least 32 characters/],
    [{ INTROSPECTION: 'yes' }, /INTROSPECTION must be true or false/],
    [{ MAX_BODY_BYTES: '0' }, /MAX_BODY_BYTES must be a whole number ≥ 1/],
    [{ MAX_RESPONSE_BYTES: '4MB' }, /MAX_RESPONSE_BYTES must be a whole number ≥ 1/],
    [{ RATE_LIMIT_PER_MINUTE: '-1' }, /RATE_LIMIT_PER_MINUTE must be a whole number ≥ 0/],
    [{ RATE_LIMIT_PER_MINUTE: '60', RATE_LIMIT_BURST: '0' }, /RATE_LIMIT_BURST must be at least 1/],
    [{ SUBGRAPH_TIMEOUT_MS: '0' }, /SUBGRAPH_TIMEOUT_MS must be a whole number ≥ 1/],
    [{ SUBGRAPH_TIMEOUT_MS: '2.5s' }, /SUBGRAPH_TIMEOUT_MS must be a whole number ≥ 1/],
  ])('fails fast on %j', (env, message) => {
    expect(() => loadConfig(env)).toThrow(message);
  });

  it('needs a token verification key in production and refuses the development secret there', () => {
    const production = { NODE_ENV: 'production', GATEWAY_SECRET: 'x'.repeat(32) };
    expect(() => loadConfig(production)).toThrow(/JWT_JWKS_URL or JWT_PUBLIC_KEY \(RS256\/ES256\) or JWT_SECRET \(HS256\) is required in production/);
    expect(() => loadConfig({ ...production, JWT_SECRET: 'channel-graph-development-jwt-secret' })).toThrow(
      /development secret, refused in production/,
    );
    expect(loadConfig({ ...production, JWT_JWKS_URL: 'https://idp.example/.well-known/jwks.json' }).jwt).toMatchObject({
      secret: undefined,
      jwksUrl: 'https://idp.example/.well-known/jwks.json',
    });
    expect(() => loadConfig({ JWT_PUBLIC_KEY: 'not a key' })).toThrow(/JWT_PUBLIC_KEY must be a PEM public key/);
  });

  describe('refuses published and weak secrets in production', () => {
    const production = { NODE_ENV: 'production', GATEWAY_SECRET: 'g'.repeat(32), JWT_SECRET: 'j'.repeat(32) };
    it.each([
      ['JWT_SECRET', 'channel-graph-development-gateway-secret', /JWT_SECRET is the development secret, refused in production/],
      ['GATEWAY_SECRET', 'channel-graph-development-gateway-secret', /GATEWAY_SECRET is the development secret, refused in production/],
      ['GATEWAY_SECRET', 'channel-graph-development-jwt-secret', /GATEWAY_SECRET is the development secret, refused in production/],
      [
        'GATEWAY_SECRET',
        'change-me-gateway-secret-at-least-32-chars',
        /GATEWAY_SECRET is a documented placeholder \("change-me"\), refused in production/,
      ],
      ['JWT_SECRET', 'change-me-jwt-secret-at-least-32-characters', /JWT_SECRET is a documented placeholder/],
      ['JWT_SECRET', 'our-production-secret-CHANGE-ME-later-please', /JWT_SECRET is a documented placeholder/],
      ['GATEWAY_SECRET', 'please-Change-Me-before-going-live-0123456789', /GATEWAY_SECRET is a documented placeholder/],
    ])('%s = %s', (variable, value, message) => {
      expect(() => loadConfig({ ...production, [variable]: value })).toThrow(message);
      // Outside production the same values are accepted (development and tests use them).
      expect(() => loadConfig({ ...production, NODE_ENV: 'development', [variable]: value })).not.toThrow();
    });

    it('JWT_SECRET equal to GATEWAY_SECRET', () => {
      const same = 'a-random-looking-secret-0123456789abcdef';
      expect(() => loadConfig({ ...production, GATEWAY_SECRET: same, JWT_SECRET: same })).toThrow(
        /JWT_SECRET must differ from GATEWAY_SECRET in production/,
      );
      expect(loadConfig({ ...production, GATEWAY_SECRET: same, JWT_SECRET: `${same}-2` }).gatewaySecret).toBe(same);
    });
  });

  it('rate limits by default in production (600 a minute, burst 100), configurable, off by default elsewhere', () => {
    const production = { NODE_ENV: 'production', GATEWAY_SECRET: 'g'.repeat(32), JWT_SECRET: 'j'.repeat(32) };
    expect(loadConfig(production).rateLimit).toEqual({ perMinute: 600, burst: 100 });
    expect(loadConfig({ ...production, RATE_LIMIT_PER_MINUTE: '1200', RATE_LIMIT_BURST: '300' }).rateLimit).toEqual({ perMinute: 1200, burst: 300 });
    expect(loadConfig({ ...production, RATE_LIMIT_PER_MINUTE: '0' }).rateLimit.perMinute).toBe(0);
    expect(loadConfig({ NODE_ENV: 'development' }).rateLimit).toEqual({ perMinute: 0, burst: 0 });
    expect(loadConfig({ NODE_ENV: 'test' }).rateLimit).toEqual({ perMinute: 0, burst: 0 });
  });

  it('serves /metrics on the public port outside production, in production only behind METRICS_TOKEN or on METRICS_PORT', () => {
    const production = { NODE_ENV: 'production', GATEWAY_SECRET: 'g'.repeat(32), JWT_SECRET: 'j'.repeat(32) };
    const token = 'm'.repeat(32);
    expect(loadConfig({}).metrics).toEqual({ token: undefined, port: undefined, public: true });
    expect(loadConfig(production).metrics).toEqual({ token: undefined, port: undefined, public: false });
    expect(loadConfig({ ...production, METRICS_TOKEN: token }).metrics).toEqual({ token, port: undefined, public: true });
    expect(loadConfig({ ...production, METRICS_PORT: '9464' }).metrics).toEqual({ token: undefined, port: 9464, public: false });
    expect(loadConfig({ METRICS_PORT: '9464', METRICS_TOKEN: token }).metrics).toEqual({ token, port: 9464, public: false });
    expect(() => loadConfig({ METRICS_TOKEN: 'short' })).toThrow(/METRICS_TOKEN must be at least 32 characters/);
    expect(() => loadConfig({ ...production, METRICS_TOKEN: 'change-me-metrics-token-0123456789abc' })).toThrow(
      /METRICS_TOKEN is a documented placeholder/,
    );
    expect(() => loadConfig({ METRICS_PORT: 'nine' })).toThrow(/METRICS_PORT must be a port number/);
    expect(() => loadConfig({ METRICS_PORT: '4000' })).toThrow(/METRICS_PORT must differ from GATEWAY_PORT/);
  });

  it('hardens the gateway: introspection off in production unless enabled, body limit, rate limit off by default', () => {
    const production = { NODE_ENV: 'production', GATEWAY_SECRET: 'x'.repeat(32), JWT_SECRET: 'y'.repeat(32) };
    expect(loadConfig({}).introspection).toBe(true);
    expect(loadConfig(production).introspection).toBe(false);
    expect(loadConfig({ ...production, INTROSPECTION: 'true' }).introspection).toBe(true);
    expect(loadConfig({ INTROSPECTION: 'false' }).introspection).toBe(false);
    expect(loadConfig({}).maxBodyBytes).toBe(1_000_000);
    expect(loadConfig({ MAX_BODY_BYTES: '5000' }).maxBodyBytes).toBe(5000);
    expect(loadConfig({}).maxResponseBytes).toBe(4_000_000);
    expect(loadConfig({ MAX_RESPONSE_BYTES: '65536' }).maxResponseBytes).toBe(65_536);
    expect(loadConfig({}).rateLimit).toEqual({ perMinute: 0, burst: 0 });
    expect(loadConfig({ RATE_LIMIT_PER_MINUTE: '120' }).rateLimit).toEqual({ perMinute: 120, burst: 120 });
    expect(loadConfig({ RATE_LIMIT_PER_MINUTE: '120', RATE_LIMIT_BURST: '20' }).rateLimit).toEqual({ perMinute: 120, burst: 20 });
    expect(loadConfig({}).subgraphTimeoutMs).toBe(10_000);
    expect(loadConfig({ SUBGRAPH_TIMEOUT_MS: '2500', STATEMENT_TIMEOUT_MS: '2000' }).subgraphTimeoutMs).toBe(2500);
  });

  it('STATEMENT_TIMEOUT_MS: 5 s by default, configurable, always shorter than SUBGRAPH_TIMEOUT_MS', () => {
    expect(loadConfig({}).statementTimeoutMs).toBe(5_000);
    expect(loadConfig({ STATEMENT_TIMEOUT_MS: '1500' }).statementTimeoutMs).toBe(1500);
    expect(loadConfig({ SUBGRAPH_TIMEOUT_MS: '30000', STATEMENT_TIMEOUT_MS: '20000' })).toMatchObject({
      subgraphTimeoutMs: 30_000,
      statementTimeoutMs: 20_000,
    });
    expect(() => loadConfig({ STATEMENT_TIMEOUT_MS: '0' })).toThrow(/STATEMENT_TIMEOUT_MS must be a whole number ≥ 1/);
    expect(() => loadConfig({ STATEMENT_TIMEOUT_MS: '5s' })).toThrow(/STATEMENT_TIMEOUT_MS must be a whole number ≥ 1/);
    // A gateway that gives up first would leave the statement running for nobody.
    expect(() => loadConfig({ SUBGRAPH_TIMEOUT_MS: '2500' })).toThrow(
      /SUBGRAPH_TIMEOUT_MS \(2500\) must be longer than STATEMENT_TIMEOUT_MS \(5000\)/,
    );
    expect(() => loadConfig({ STATEMENT_TIMEOUT_MS: '10000' })).toThrow(
      /SUBGRAPH_TIMEOUT_MS \(10000\) must be longer than STATEMENT_TIMEOUT_MS \(10000\)/,
    );
  });

  it('IN_FLIGHT_PER_ORG: 8 operations at once per organization by default, in every environment; 0 turns it off', () => {
    const production = { NODE_ENV: 'production', GATEWAY_SECRET: 'g'.repeat(32), JWT_SECRET: 'j'.repeat(32) };
    expect(loadConfig({}).inFlightPerOrg).toBe(8);
    expect(loadConfig(production).inFlightPerOrg).toBe(8);
    expect(loadConfig({ IN_FLIGHT_PER_ORG: '32' }).inFlightPerOrg).toBe(32);
    expect(loadConfig({ IN_FLIGHT_PER_ORG: '0' }).inFlightPerOrg).toBe(0);
    expect(() => loadConfig({ IN_FLIGHT_PER_ORG: '-1' })).toThrow(/IN_FLIGHT_PER_ORG must be a whole number ≥ 0/);
    expect(() => loadConfig({ IN_FLIGHT_PER_ORG: 'many' })).toThrow(/IN_FLIGHT_PER_ORG must be a whole number ≥ 0/);
  });

  it('CORS_ORIGINS: any localhost origin in development and test, none in production, exact origins when set', () => {
    const production = { NODE_ENV: 'production', GATEWAY_SECRET: 'x'.repeat(32), JWT_SECRET: 'y'.repeat(32) };
    expect(loadConfig({}).cors).toEqual({ origins: [], anyLocalhost: true, anyOrigin: false });
    expect(loadConfig({ NODE_ENV: 'test' }).cors).toEqual({ origins: [], anyLocalhost: true, anyOrigin: false });
    expect(loadConfig(production).cors).toEqual({ origins: [], anyLocalhost: false, anyOrigin: false });
    expect(loadConfig({ ...production, CORS_ORIGINS: 'https://portal.example.com, http://localhost:3000' }).cors).toEqual({
      origins: ['https://portal.example.com', 'http://localhost:3000'],
      anyLocalhost: false,
      anyOrigin: false,
    });
    expect(loadConfig({ CORS_ORIGINS: '*' }).cors).toEqual({ origins: [], anyLocalhost: false, anyOrigin: true });
    expect(() => loadConfig({ ...production, CORS_ORIGINS: '*' })).toThrow(/CORS_ORIGINS cannot be \* in production/);
  });

  it.each([
    'https://portal.example.com/',
    'https://portal.example.com/app',
    'portal.example.com',
    'ftp://files.example.com',
    'https://Portal.example.com',
    'https://a.example,',
  ])('CORS_ORIGINS refuses %j (not an exact origin)', (value) => {
    expect(() => loadConfig({ CORS_ORIGINS: value })).toThrow(/CORS_ORIGINS must list origins such as https:\/\/app.example.com/);
  });

  it('IDE: served in development and test, in production only with IDE=true', () => {
    const production = { NODE_ENV: 'production', GATEWAY_SECRET: 'x'.repeat(32), JWT_SECRET: 'y'.repeat(32) };
    expect(loadConfig({}).ide).toBe(true);
    expect(loadConfig({ NODE_ENV: 'test' }).ide).toBe(true);
    expect(loadConfig(production).ide).toBe(false);
    expect(loadConfig({ ...production, IDE: 'true' }).ide).toBe(true);
    expect(() => loadConfig({ IDE: 'on' })).toThrow(/IDE must be true or false/);
  });
});

describe('trusted operations (PERSISTED_DOCUMENTS)', () => {
  const manifest = path.join(__dirname, '..', 'schema', 'operations', 'persisted-query-manifest.json');
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'manifests-'));
  let files = 0;
  const file = (content: string) => {
    const name = path.join(dir, `manifest-${++files}.json`);
    fs.writeFileSync(name, content);
    return name;
  };
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));
  const operations = (list: unknown[]) => JSON.stringify({ format: 'apollo-persisted-query-manifest', version: 1, operations: list });

  it('loads the committed manifest: every operation by its id; off unless set', () => {
    const committed = JSON.parse(fs.readFileSync(manifest, 'utf8')) as { operations: { id: string; body: string }[] };
    const config = loadConfig({ PERSISTED_DOCUMENTS: manifest, PERSISTED_DOCUMENTS_ONLY: 'true' });
    expect(config.persistedDocumentsOnly).toBe(true);
    expect([...config.persistedDocuments!.operations]).toEqual(committed.operations.map((o) => [o.id, o.body]));
    expect(loadConfig({})).toMatchObject({ persistedDocuments: undefined, persistedDocumentsOnly: false });
  });

  it.each([
    [{ PERSISTED_DOCUMENTS: '/nowhere/manifest.json' }, /PERSISTED_DOCUMENTS names a file that does not exist: \/nowhere\/manifest.json/],
    [{ PERSISTED_DOCUMENTS: file('{ "format": ') }, /PERSISTED_DOCUMENTS must be a JSON manifest/],
    [{ PERSISTED_DOCUMENTS: file('{ "operations": [] }') }, /PERSISTED_DOCUMENTS must be an Apollo persisted query manifest/],
    [{ PERSISTED_DOCUMENTS: file(operations([{ id: 'a', name: 'A' }])) }, /operation 0 needs a string "id" and "body"/],
    [
      {
        PERSISTED_DOCUMENTS: file(
          operations([
            { id: 'a', body: '{ me { role } }' },
            { id: 'a', body: '{ vendors { id } }' },
          ]),
        ),
      },
      /two operations with id a/,
    ],
    [{ PERSISTED_DOCUMENTS: file(operations([{ id: 'a', name: 'Broken', body: 'query Broken { me {' }])) }, /operation Broken is not valid GraphQL/],
    [{ PERSISTED_DOCUMENTS_ONLY: 'true' }, /PERSISTED_DOCUMENTS_ONLY needs PERSISTED_DOCUMENTS/],
    [{ PERSISTED_DOCUMENTS: manifest, PERSISTED_DOCUMENTS_ONLY: 'yes' }, /PERSISTED_DOCUMENTS_ONLY must be true or false/],
  ])('fails fast on %j', (env, message) => {
    expect(() => loadConfig(env)).toThrow(message);
  });
});

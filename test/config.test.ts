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
    expect(() => loadConfig({ ...production, JWT_SECRET: 'channel-graph-development-jwt-secret' })).toThrow(/development secret, refused in production/);
    expect(loadConfig({ ...production, JWT_JWKS_URL: 'https://idp.example/.well-known/jwks.json' }).jwt).toMatchObject({ secret: undefined, jwksUrl: 'https://idp.example/.well-known/jwks.json' });
    expect(() => loadConfig({ JWT_PUBLIC_KEY: 'not a key' })).toThrow(/JWT_PUBLIC_KEY must be a PEM public key/);
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
    expect(loadConfig({ SUBGRAPH_TIMEOUT_MS: '2500' }).subgraphTimeoutMs).toBe(2500);
  });
});

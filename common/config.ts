import path from 'node:path';

export type SubgraphName = 'vendor' | 'partner' | 'distributor';
export const SUBGRAPHS: readonly SubgraphName[] = ['vendor', 'partner', 'distributor'];

export type Environment = 'development' | 'test' | 'production';

export interface Config {
  env: Environment;
  logLevel: string;
  /** Interface the services listen on: 0.0.0.0 for every interface, 127.0.0.1 for this machine only. */
  host: string;
  gatewayPort: number;
  subgraphPorts: Record<SubgraphName, number>;
  subgraphUrls: Record<SubgraphName, string>;
  /** Database URL per subgraph; undefined means the embedded PostgreSQL. */
  databaseUrls: Record<SubgraphName, string | undefined>;
  embedded: { port: number; dataDir: string };
  jwt: {
    /** HS256 shared secret (development default outside production). */
    secret: string | undefined;
    /** RS256/ES256: a JWKS endpoint of the identity provider... */
    jwksUrl: string | undefined;
    /** ...or its public key in PEM. */
    publicKey: string | undefined;
    issuer: string;
    audience: string;
    clockToleranceSeconds: number;
  };
  gatewaySecret: string;
  /** filter: forbidden fields come back null with FORBIDDEN; reject: the whole operation is refused; off: benchmarks only. */
  authorizationMode: AuthorizationMode;
  /** How long a subgraph reuses scope facts (a vendor's partners, a distributor's network) asked of a peer. */
  scopeCacheTtlMs: number;
  /** Whether the gateway answers introspection (each role its contract); off by default in production. */
  introspection: boolean;
  /** Largest request body the gateway reads; larger ones are HTTP 413. */
  maxBodyBytes: number;
  /** Most bytes of subgraph answers, and of the response, one operation may make the gateway hold. */
  maxResponseBytes: number;
  /** Per (role, organization) token bucket: refill per minute (0 = off) and bucket size. */
  rateLimit: { perMinute: number; burst: number };
  /** How long the gateway waits for one subgraph fetch before that part of the plan fails (the rest is served). */
  subgraphTimeoutMs: number;
}

export type AuthorizationMode = 'filter' | 'reject' | 'off';

export class ConfigError extends Error {
  constructor(variable: string, problem: string) {
    super(`Invalid configuration: ${variable} ${problem}`);
  }
}

export const DEV_JWT_SECRET = 'channel-graph-development-jwt-secret';
export const DEV_GATEWAY_SECRET = 'channel-graph-development-gateway-secret';
export const EMBEDDED_DATABASE = 'channel_graph';

type Env = Record<string, string | undefined>;

function port(env: Env, name: string, fallback: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 0 || value > 65535) throw new ConfigError(name, `must be a port number (0-65535), got "${raw}"`);
  return value;
}

function milliseconds(env: Env, name: string, fallback: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 0) throw new ConfigError(name, `must be a whole number of milliseconds, got "${raw}"`);
  return value;
}

function count(env: Env, name: string, fallback: number, min = 0): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min) throw new ConfigError(name, `must be a whole number ≥ ${min}, got "${raw}"`);
  return value;
}

function flag(env: Env, name: string, fallback: boolean): boolean {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  if (raw === 'true' || raw === 'false') return raw === 'true';
  throw new ConfigError(name, `must be true or false, got "${raw}"`);
}

function url(env: Env, name: string, fallback?: string): string | undefined {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  try {
    new URL(raw);
  } catch {
    throw new ConfigError(name, `must be a URL, got "${raw}"`);
  }
  return raw;
}

function environment(env: Env): Environment {
  const raw = env.NODE_ENV ?? 'development';
  if (raw === 'development' || raw === 'test' || raw === 'production') return raw;
  throw new ConfigError('NODE_ENV', `must be development, test or production, got "${raw}"`);
}

function authorizationMode(env: Env, environmentName: Environment): AuthorizationMode {
  const raw = env.AUTHORIZATION_MODE || 'filter';
  if (raw !== 'filter' && raw !== 'reject' && raw !== 'off') throw new ConfigError('AUTHORIZATION_MODE', `must be filter, reject or off, got "${raw}"`);
  if (raw === 'off' && environmentName === 'production') throw new ConfigError('AUTHORIZATION_MODE', 'cannot be off in production');
  return raw;
}

function secret(env: Env, name: string, environmentName: Environment, devDefault: string): string {
  const raw = env[name];
  if (raw) {
    if (raw.length < 32) throw new ConfigError(name, 'must be at least 32 characters');
    return raw;
  }
  if (environmentName === 'production') throw new ConfigError(name, 'is required in production');
  return devDefault;
}

function rateLimit(env: Env): Config['rateLimit'] {
  const perMinute = count(env, 'RATE_LIMIT_PER_MINUTE', 0);
  const burst = count(env, 'RATE_LIMIT_BURST', perMinute);
  if (perMinute > 0 && burst < 1) throw new ConfigError('RATE_LIMIT_BURST', 'must be at least 1 when RATE_LIMIT_PER_MINUTE is set');
  return { perMinute, burst };
}

export function loadConfig(env: Env = process.env): Config {
  const envName = environment(env);
  const subgraphPorts = {
    vendor: port(env, 'VENDOR_PORT', 4001),
    partner: port(env, 'PARTNER_PORT', 4002),
    distributor: port(env, 'DISTRIBUTOR_PORT', 4003),
  };
  const sharedDatabase = url(env, 'DATABASE_URL');
  const jwksUrl = url(env, 'JWT_JWKS_URL');
  const publicKey = env.JWT_PUBLIC_KEY?.includes('BEGIN PUBLIC KEY') ? env.JWT_PUBLIC_KEY.replace(/\\n/g, '\n') : undefined;
  if (env.JWT_PUBLIC_KEY && !publicKey) throw new ConfigError('JWT_PUBLIC_KEY', 'must be a PEM public key (-----BEGIN PUBLIC KEY-----)');
  if (env.JWT_SECRET && env.JWT_SECRET.length < 32) throw new ConfigError('JWT_SECRET', 'must be at least 32 characters');
  if (envName === 'production' && env.JWT_SECRET === DEV_JWT_SECRET) throw new ConfigError('JWT_SECRET', 'is the development secret, refused in production');
  const asymmetric = Boolean(jwksUrl || publicKey);
  const jwtSecret = asymmetric ? undefined : env.JWT_SECRET || (envName === 'production' ? undefined : DEV_JWT_SECRET);
  if (envName === 'production' && !asymmetric && !jwtSecret) {
    throw new ConfigError('JWT_JWKS_URL', 'or JWT_PUBLIC_KEY (RS256/ES256) or JWT_SECRET (HS256) is required in production');
  }
  return {
    env: envName,
    logLevel: env.LOG_LEVEL || (envName === 'test' ? 'silent' : 'info'),
    host: env.HOST || '0.0.0.0',
    gatewayPort: port(env, 'GATEWAY_PORT', 4000),
    subgraphPorts,
    subgraphUrls: {
      vendor: url(env, 'VENDOR_URL', `http://localhost:${subgraphPorts.vendor}/graphql`)!,
      partner: url(env, 'PARTNER_URL', `http://localhost:${subgraphPorts.partner}/graphql`)!,
      distributor: url(env, 'DISTRIBUTOR_URL', `http://localhost:${subgraphPorts.distributor}/graphql`)!,
    },
    databaseUrls: {
      vendor: url(env, 'VENDOR_DATABASE_URL', sharedDatabase),
      partner: url(env, 'PARTNER_DATABASE_URL', sharedDatabase),
      distributor: url(env, 'DISTRIBUTOR_DATABASE_URL', sharedDatabase),
    },
    embedded: {
      port: port(env, 'EMBEDDED_PG_PORT', 54329),
      dataDir: path.resolve(env.EMBEDDED_PG_DIR || path.join(__dirname, '..', '.data', 'postgres')),
    },
    jwt: {
      secret: jwtSecret,
      jwksUrl,
      publicKey,
      issuer: env.JWT_ISSUER || 'channel-graph',
      audience: env.JWT_AUDIENCE || 'channel-graph',
      clockToleranceSeconds: 30,
    },
    gatewaySecret: secret(env, 'GATEWAY_SECRET', envName, DEV_GATEWAY_SECRET),
    authorizationMode: authorizationMode(env, envName),
    scopeCacheTtlMs: milliseconds(env, 'SCOPE_CACHE_TTL_MS', 2000),
    introspection: flag(env, 'INTROSPECTION', envName !== 'production'),
    maxBodyBytes: count(env, 'MAX_BODY_BYTES', 1_000_000, 1),
    maxResponseBytes: count(env, 'MAX_RESPONSE_BYTES', 4_000_000, 1),
    rateLimit: rateLimit(env),
    subgraphTimeoutMs: count(env, 'SUBGRAPH_TIMEOUT_MS', 10_000, 1),
  };
}

export function embeddedDatabaseUrl(config: Config): string {
  return `postgres://postgres:postgres@127.0.0.1:${config.embedded.port}/${EMBEDDED_DATABASE}`;
}

export function databaseUrlFor(config: Config, subgraph: SubgraphName): string {
  return config.databaseUrls[subgraph] ?? embeddedDatabaseUrl(config);
}

/** Every subgraph's database URL (its own, the shared DATABASE_URL, else the embedded PostgreSQL). */
export function databaseUrlsFor(config: Config): Record<SubgraphName, string> {
  return Object.fromEntries(SUBGRAPHS.map((name) => [name, databaseUrlFor(config, name)])) as Record<SubgraphName, string>;
}

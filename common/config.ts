import fs from 'node:fs';
import path from 'node:path';
import { parse } from 'graphql';
import { PROJECT_ROOT } from './paths';

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
  /**
   * How long the gateway reuses a member's directory entry (status, groups) before asking again (then in the background
   * for up to twice as long, at most 4 s: the longest a disabled member's token still passes). At most
   * MAX_MEMBER_CACHE_TTL_MS.
   */
  memberCacheTtlMs: number;
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
  /** PostgreSQL's statement_timeout on every subgraph connection; always shorter than subgraphTimeoutMs. */
  statementTimeoutMs: number;
  /** Most operations one (role, organization) may have in flight at the gateway at once (0 = no cap). */
  inFlightPerOrg: number;
  /** /metrics: the bearer token it requires (undefined: none), a listener of its own, whether the public port serves it. */
  metrics: { token: string | undefined; port: number | undefined; public: boolean };
  /** Which browser origins may call the gateway cross-origin (CORS_ORIGINS). */
  cors: CorsOrigins;
  /** Whether GET /graphql from a browser serves the IDE (always in development and test; IDE=true in production). */
  ide: boolean;
  /** Trusted operations from PERSISTED_DOCUMENTS (an Apollo persisted query manifest), or undefined. */
  persistedDocuments: PersistedDocuments | undefined;
  /** Whether the gateway refuses every operation that is not in that manifest (production front-ends). */
  persistedDocumentsOnly: boolean;
}

/**
 * `origins` are exact origins ("https://app.example.com"); `anyLocalhost` admits http://localhost:* and
 * http://127.0.0.1:* (the development default); `anyOrigin` is CORS_ORIGINS=* (refused in production).
 */
export interface CorsOrigins {
  origins: readonly string[];
  anyLocalhost: boolean;
  anyOrigin: boolean;
}

export interface PersistedDocuments {
  file: string;
  /** Operation text by manifest id (the id a client sends as extensions.persistedQuery.sha256Hash). */
  operations: ReadonlyMap<string, string>;
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

/** Below the gateway's MAX_STALE_MS (4 s, gateway/members.ts), so "disabled within 5 seconds" holds at any setting. */
export const MAX_MEMBER_CACHE_TTL_MS = 3000;

function memberCacheTtl(env: Env): number {
  const value = milliseconds(env, 'MEMBER_CACHE_TTL_MS', 2000);
  if (value > MAX_MEMBER_CACHE_TTL_MS)
    throw new ConfigError(
      'MEMBER_CACHE_TTL_MS',
      `must be at most ${MAX_MEMBER_CACHE_TTL_MS} (a disabled member is refused within 5 s), got "${value}"`,
    );
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
  if (raw !== 'filter' && raw !== 'reject' && raw !== 'off')
    throw new ConfigError('AUTHORIZATION_MODE', `must be filter, reject or off, got "${raw}"`);
  if (raw === 'off' && environmentName === 'production') throw new ConfigError('AUTHORIZATION_MODE', 'cannot be off in production');
  return raw;
}

/**
 * In production a secret anyone can read is no secret: refuse ours for development and anything left as "change-me"
 * (the placeholders docker-compose.yml carried until it required real secrets all had it).
 */
function refusePublishedSecret(name: string, value: string | undefined, environmentName: Environment): void {
  if (environmentName !== 'production' || !value) return;
  if (value === DEV_JWT_SECRET || value === DEV_GATEWAY_SECRET) throw new ConfigError(name, 'is the development secret, refused in production');
  if (/change-me/i.test(value)) {
    throw new ConfigError(name, 'is a documented placeholder ("change-me"), refused in production: set a random secret of at least 32 characters');
  }
}

function secret(env: Env, name: string, environmentName: Environment, devDefault: string): string {
  const raw = env[name];
  if (raw) {
    if (raw.length < 32) throw new ConfigError(name, 'must be at least 32 characters');
    refusePublishedSecret(name, raw, environmentName);
    return raw;
  }
  if (environmentName === 'production') throw new ConfigError(name, 'is required in production');
  return devDefault;
}

/**
 * Off by default outside production. In production 600 operations a minute (10/s sustained) per organization with a
 * burst of 100: a portal page sends a handful of operations, so dozens of an organization's users clicking at once
 * stay under it (a dashboard's opening burst included), while one tenant's runaway script gets at most ~3% of a
 * gateway that serves ~340 operations/s on 2 cores (BENCHMARKS.md), so it cannot slow everyone else down.
 */
function rateLimit(env: Env, environmentName: Environment): Config['rateLimit'] {
  const production = environmentName === 'production';
  const perMinute = count(env, 'RATE_LIMIT_PER_MINUTE', production ? 600 : 0);
  const burst = count(env, 'RATE_LIMIT_BURST', production ? 100 : perMinute);
  if (perMinute > 0 && burst < 1) throw new ConfigError('RATE_LIMIT_BURST', 'must be at least 1 when RATE_LIMIT_PER_MINUTE is set');
  return { perMinute, burst };
}

/** The default statement_timeout: far above any real statement (the slowest, analytics on seed:large, take ~100s of ms). */
export const DEFAULT_STATEMENT_TIMEOUT_MS = 5_000;

/**
 * A subgraph fetch runs statements; if the gateway gave up on it first, the statement would keep a pooled connection
 * busy for nobody. So the gateway waits longer than any statement may run, and the order is checked at start.
 */
function timeouts(env: Env): Pick<Config, 'subgraphTimeoutMs' | 'statementTimeoutMs'> {
  const subgraphTimeoutMs = count(env, 'SUBGRAPH_TIMEOUT_MS', 10_000, 1);
  const statementTimeoutMs = count(env, 'STATEMENT_TIMEOUT_MS', DEFAULT_STATEMENT_TIMEOUT_MS, 1);
  if (subgraphTimeoutMs <= statementTimeoutMs) {
    throw new ConfigError(
      'SUBGRAPH_TIMEOUT_MS',
      `(${subgraphTimeoutMs}) must be longer than STATEMENT_TIMEOUT_MS (${statementTimeoutMs}), so no statement outlives the request that asked for it`,
    );
  }
  return { subgraphTimeoutMs, statementTimeoutMs };
}

/**
 * 8 operations at once per organization, in every environment: operations take ~10-50 ms, so 8 in flight still pass
 * well over 100 operations/s (more than the production rate limit's 10/s), while one tenant's flood of slow operations
 * holds at most 8 of the subgraphs' pooled connections' worth of work. `npm run bench` sends from one token over more
 * connections and sets it explicitly.
 */
export const DEFAULT_IN_FLIGHT_PER_ORG = 8;

/**
 * /metrics shows every tenant's traffic to whoever reads it, so in production the gateway's public port serves it only
 * behind METRICS_TOKEN; METRICS_PORT moves it to a listener of its own (a port only the scraper can reach).
 */
function metrics(env: Env, environmentName: Environment, gatewayPort: number): Config['metrics'] {
  const token = env.METRICS_TOKEN || undefined;
  if (token && token.length < 32) throw new ConfigError('METRICS_TOKEN', 'must be at least 32 characters');
  refusePublishedSecret('METRICS_TOKEN', token, environmentName);
  const metricsPort = env.METRICS_PORT ? port(env, 'METRICS_PORT', 0) : undefined;
  if (metricsPort && metricsPort === gatewayPort) throw new ConfigError('METRICS_PORT', 'must differ from GATEWAY_PORT');
  return { token, port: metricsPort, public: metricsPort === undefined && (environmentName !== 'production' || token !== undefined) };
}

/** An origin is a scheme, host and optional port, exactly as a browser sends it in the Origin header (no path, no slash). */
function origin(raw: string): string {
  let parsed: URL | undefined;
  try {
    parsed = new URL(raw);
  } catch {
    parsed = undefined;
  }
  if (!parsed || (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') || parsed.origin !== raw) {
    throw new ConfigError(
      'CORS_ORIGINS',
      `must list origins such as https://app.example.com or http://localhost:3000 (scheme, host, port; no path or trailing slash, lowercase), got "${raw}"`,
    );
  }
  return raw;
}

function corsOrigins(env: Env, environmentName: Environment): CorsOrigins {
  const raw = env.CORS_ORIGINS?.trim();
  if (!raw) return { origins: [], anyLocalhost: environmentName !== 'production', anyOrigin: false };
  if (raw === '*') {
    if (environmentName === 'production') throw new ConfigError('CORS_ORIGINS', "cannot be * in production: list the front-ends' origins");
    return { origins: [], anyLocalhost: false, anyOrigin: true };
  }
  return { origins: raw.split(',').map((entry) => origin(entry.trim())), anyLocalhost: false, anyOrigin: false };
}

const MANIFEST_SHAPE = '{ "format": "apollo-persisted-query-manifest", "version": 1, "operations": [{ "id", "name", "type", "body" }] }';

/** Reads and checks the manifest at start: a bad one stops the gateway instead of refusing operations later. */
function readPersistedDocuments(file: string): PersistedDocuments {
  const variable = 'PERSISTED_DOCUMENTS';
  let manifest: { format?: unknown; version?: unknown; operations?: unknown };
  try {
    manifest = JSON.parse(fs.readFileSync(path.resolve(file), 'utf8'));
  } catch (error) {
    const { code, message } = error as NodeJS.ErrnoException;
    throw new ConfigError(
      variable,
      code === 'ENOENT' ? `names a file that does not exist: ${path.resolve(file)}` : `must be a JSON manifest (${file}): ${message}`,
    );
  }
  if (manifest?.format !== 'apollo-persisted-query-manifest' || manifest.version !== 1 || !Array.isArray(manifest.operations)) {
    throw new ConfigError(variable, `must be an Apollo persisted query manifest, ${MANIFEST_SHAPE} (${file})`);
  }
  const operations = new Map<string, string>();
  manifest.operations.forEach((operation: { id?: unknown; name?: unknown; body?: unknown } | null, index: number) => {
    const { id, body } = operation ?? {};
    if (typeof id !== 'string' || !id || typeof body !== 'string')
      throw new ConfigError(variable, `operation ${index} needs a string "id" and "body" (${file})`);
    if (operations.has(id)) throw new ConfigError(variable, `has two operations with id ${id} (${file})`);
    try {
      parse(body);
    } catch (error) {
      throw new ConfigError(variable, `operation ${String(operation?.name ?? id)} is not valid GraphQL: ${(error as Error).message} (${file})`);
    }
    operations.set(id, body);
  });
  return { file, operations };
}

function persistedDocuments(env: Env): Pick<Config, 'persistedDocuments' | 'persistedDocumentsOnly'> {
  const documents = env.PERSISTED_DOCUMENTS ? readPersistedDocuments(env.PERSISTED_DOCUMENTS) : undefined;
  const only = flag(env, 'PERSISTED_DOCUMENTS_ONLY', false);
  if (only && !documents) throw new ConfigError('PERSISTED_DOCUMENTS_ONLY', 'needs PERSISTED_DOCUMENTS, the manifest of the operations to allow');
  return { persistedDocuments: documents, persistedDocumentsOnly: only };
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
  refusePublishedSecret('JWT_SECRET', env.JWT_SECRET, envName);
  // One secret for both would let whoever mints user tokens (the identity provider, its tooling) also sign identities
  // straight to the subgraphs, past every check of the gateway.
  if (envName === 'production' && env.JWT_SECRET && env.JWT_SECRET === env.GATEWAY_SECRET) {
    throw new ConfigError('JWT_SECRET', 'must differ from GATEWAY_SECRET in production');
  }
  const asymmetric = Boolean(jwksUrl || publicKey);
  const jwtSecret = asymmetric ? undefined : env.JWT_SECRET || (envName === 'production' ? undefined : DEV_JWT_SECRET);
  if (envName === 'production' && !asymmetric && !jwtSecret) {
    throw new ConfigError('JWT_JWKS_URL', 'or JWT_PUBLIC_KEY (RS256/ES256) or JWT_SECRET (HS256) is required in production');
  }
  const gatewayPort = port(env, 'GATEWAY_PORT', 4000);
  return {
    env: envName,
    logLevel: env.LOG_LEVEL || (envName === 'test' ? 'silent' : 'info'),
    host: env.HOST || '0.0.0.0',
    gatewayPort,
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
      dataDir: path.resolve(env.EMBEDDED_PG_DIR || path.join(PROJECT_ROOT, '.data', 'postgres')),
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
    memberCacheTtlMs: memberCacheTtl(env),
    introspection: flag(env, 'INTROSPECTION', envName !== 'production'),
    maxBodyBytes: count(env, 'MAX_BODY_BYTES', 1_000_000, 1),
    maxResponseBytes: count(env, 'MAX_RESPONSE_BYTES', 4_000_000, 1),
    rateLimit: rateLimit(env, envName),
    ...timeouts(env),
    inFlightPerOrg: count(env, 'IN_FLIGHT_PER_ORG', DEFAULT_IN_FLIGHT_PER_ORG),
    metrics: metrics(env, envName, gatewayPort),
    cors: corsOrigins(env, envName),
    ide: flag(env, 'IDE', envName !== 'production'),
    ...persistedDocuments(env),
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

import { SignJWT, jwtVerify } from 'jose';
import { isUuid } from './ids';

export const ROLES = ['VENDOR', 'PARTNER', 'DISTRIBUTOR'] as const;
export type Role = (typeof ROLES)[number];

/** Who is calling: the verified claims of the caller's token. */
export interface Identity {
  subject: string;
  role: Role;
  organizationId: string;
}

/** Header carrying the caller's identity from the gateway to subgraphs, signed with the gateway secret. */
export const IDENTITY_HEADER = 'x-channel-identity';
const ISSUER = 'channel-graph-gateway';
const AUDIENCE = 'channel-graph-subgraphs';
const LIFETIME_SECONDS = 120;

/** The caller's organization id as stored (lower case), or null when it cannot be an id (then nothing is in scope). */
export function organizationOf(identity: Identity): string | null {
  return isUuid(identity.organizationId) ? identity.organizationId.toLowerCase() : null;
}

export function isRole(value: unknown): value is Role {
  return typeof value === 'string' && (ROLES as readonly string[]).includes(value);
}

/**
 * Keys of caches held per caller or per organization. JSON of a tuple, so no value can pass for another: with a
 * separator join, org "<id>|x" and subject "y" made the same key as org "<id>" and subject "x|y".
 */
export function callerKey(identity: Identity): string {
  return JSON.stringify([identity.role, identity.organizationId, identity.subject]);
}

export function organizationKey(identity: Identity, ...scope: string[]): string {
  return JSON.stringify([...scope, identity.role, identity.organizationId]);
}

const keys = new Map<string, Uint8Array>();
function key(secret: string): Uint8Array {
  let k = keys.get(secret);
  if (!k) keys.set(secret, (k = new TextEncoder().encode(secret)));
  return k;
}

export function signIdentity(identity: Identity, secret: string): Promise<string> {
  return new SignJWT({ role: identity.role, org: identity.organizationId })
    .setProtectedHeader({ alg: 'HS256' })
    .setSubject(identity.subject)
    .setIssuer(ISSUER)
    .setAudience(AUDIENCE)
    .setIssuedAt()
    .setExpirationTime(`${LIFETIME_SECONDS}s`)
    .sign(key(secret));
}

/** Verifies a gateway-signed identity header; throws when it is missing, forged, expired or malformed. */
export async function verifyIdentity(token: string | undefined, secret: string): Promise<Identity> {
  if (!token) throw new Error(`missing ${IDENTITY_HEADER} header`);
  const { payload } = await jwtVerify(token, key(secret), {
    algorithms: ['HS256'],
    issuer: ISSUER,
    audience: AUDIENCE,
    clockTolerance: 5,
  });
  if (!payload.sub || !isRole(payload.role) || typeof payload.org !== 'string') throw new Error('identity claims are incomplete');
  return { subject: payload.sub, role: payload.role, organizationId: payload.org };
}

/**
 * Caches signed headers per caller so the gateway signs once per caller per minute, not per request. The promise is
 * cached, so concurrent first requests of a caller share one signature (and identical fetches stay identical).
 */
export class IdentitySigner {
  private readonly cache = new Map<string, { token: Promise<string>; refreshAt: number }>();
  constructor(private readonly secret: string) {}

  header(identity: Identity): Promise<string> {
    const cacheKey = callerKey(identity);
    const now = Date.now();
    const hit = this.cache.get(cacheKey);
    if (hit && hit.refreshAt > now) return hit.token;
    const token = signIdentity(identity, this.secret);
    if (this.cache.size > 10_000) this.cache.clear();
    this.cache.set(cacheKey, { token, refreshAt: now + (LIFETIME_SECONDS / 2) * 1000 });
    token.catch(() => this.cache.delete(cacheKey));
    return token;
  }
}

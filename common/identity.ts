import { SignJWT, jwtVerify } from 'jose';
import { isUuid } from './ids';

export const ROLES = ['VENDOR', 'PARTNER', 'DISTRIBUTOR'] as const;
export type Role = (typeof ROLES)[number];

/** Who is calling: the verified claims of the caller's token. */
export interface Identity {
  subject: string;
  role: Role;
  organizationId: string;
  /**
   * The member's groups (DESIGN.md §6) as the gateway found them in the directory when it admitted the token; set by
   * the gateway on every identity it signs. Read by the rule tree (normalized, gateway/authorization/rules.ts), by
   * `requireAction` (common/permissions.ts) and by the partner's row scope (subgraphs/partner/scope.ts: a member without
   * ADMIN sees the deals and leads it owns); an identity without them may do nothing a group grants.
   */
  groups?: readonly string[];
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
  return new SignJWT({ role: identity.role, org: identity.organizationId, ...(identity.groups ? { groups: [...identity.groups] } : {}) })
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
  const { groups } = payload;
  if (groups !== undefined && !(Array.isArray(groups) && groups.every((group) => typeof group === 'string')))
    throw new Error('identity groups are malformed');
  return { subject: payload.sub, role: payload.role, organizationId: payload.org, ...(groups ? { groups } : {}) };
}

/**
 * Caches signed headers per caller so the gateway signs once per caller per minute, not per request. The promise is
 * cached, so concurrent first requests of a caller share one signature (and identical fetches stay identical).
 */
export class IdentitySigner {
  private readonly cache = new Map<string, { token: Promise<string>; refreshAt: number }>();
  constructor(private readonly secret: string) {}

  header(identity: Identity): Promise<string> {
    // the groups are signed too: a member whose groups change gets a header that says so, not the minute-old one
    const cacheKey = JSON.stringify([callerKey(identity), identity.groups ?? null]);
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

import { createPublicKey, type KeyObject } from 'node:crypto';
import { SignJWT, createRemoteJWKSet, jwtVerify, type JWTPayload, type JWTVerifyGetKey } from 'jose';
import type { Config } from '../common/config';
import { UnauthenticatedError } from '../common/errors';
import { isUuid } from '../common/ids';
import { isRole, type Identity, type Role } from '../common/identity';

export type TokenVerifier = (authorization: string | undefined) => Promise<Identity>;

type VerificationKey = { key: Uint8Array | KeyObject | JWTVerifyGetKey; algorithms: string[] };

/**
 * Which key verifies tokens, and the only algorithms accepted with it: a JWKS endpoint or a PEM key (RS256/ES256)
 * in production, the HS256 secret in development. Listing algorithms per key refuses `alg: none` and alg confusion
 * (an HS256 token signed with a public key as secret).
 */
function verificationKey(config: Config): VerificationKey {
  if (config.jwt.jwksUrl)
    return { key: createRemoteJWKSet(new URL(config.jwt.jwksUrl), { cooldownDuration: 30_000 }), algorithms: ['RS256', 'ES256'] };
  if (config.jwt.publicKey) {
    const key = createPublicKey(config.jwt.publicKey);
    if (key.asymmetricKeyType === 'rsa') return { key, algorithms: ['RS256'] };
    if (key.asymmetricKeyType === 'ec' && key.asymmetricKeyDetails?.namedCurve === 'prime256v1') return { key, algorithms: ['ES256'] };
    throw new Error('JWT_PUBLIC_KEY must be an RSA key (RS256) or a P-256 EC key (ES256).');
  }
  if (config.jwt.secret) return { key: new TextEncoder().encode(config.jwt.secret), algorithms: ['HS256'] };
  throw new Error('No JWT verification key: set JWT_JWKS_URL, JWT_PUBLIC_KEY or JWT_SECRET.');
}

function identityOf(payload: JWTPayload): Identity {
  if (!payload.sub) throw new UnauthenticatedError('The bearer token has no sub claim.');
  if (!isRole(payload.role)) throw new UnauthenticatedError('The bearer token has no valid role claim (VENDOR, PARTNER or DISTRIBUTOR).');
  if (typeof payload.org !== 'string' || !payload.org) throw new UnauthenticatedError('The bearer token has no org claim.');
  // Organizations are ids: anything else (a slug, an id with more after it) names no organization, and would reach
  // every cache and scope check keyed on the organization as a value no id can ever equal.
  if (!isUuid(payload.org)) throw new UnauthenticatedError("The bearer token's org claim is not an organization id (a UUID).");
  // Lower case, as ids are stored: one organization is one key in every cache and rate limit, however its id is written.
  return { subject: payload.sub, role: payload.role, organizationId: payload.org.toLowerCase() };
}

/** Verifies `Authorization: Bearer <JWT>` (signature, exp, nbf, iss, aud) and returns the caller; any failure is 401 UNAUTHENTICATED. */
export function createTokenVerifier(config: Config): TokenVerifier {
  const { key, algorithms } = verificationKey(config);
  const options = {
    algorithms,
    issuer: config.jwt.issuer,
    audience: config.jwt.audience,
    clockTolerance: config.jwt.clockToleranceSeconds,
    requiredClaims: ['sub', 'exp'],
  };
  return async (authorization) => {
    const match = /^Bearer\s+(\S+)$/i.exec(authorization ?? '');
    if (!match) throw new UnauthenticatedError();
    let payload: JWTPayload;
    try {
      ({ payload } = typeof key === 'function' ? await jwtVerify(match[1], key, options) : await jwtVerify(match[1], key, options));
    } catch (error) {
      throw new UnauthenticatedError(`The bearer token was refused: ${(error as Error).message}.`);
    }
    return identityOf(payload);
  };
}

/** Issues a development token (npm run token); production tokens come from the identity provider. */
export async function issueDevelopmentToken(
  config: Config,
  claims: { subject: string; role: Role; organizationId: string; expiresIn?: string },
): Promise<string> {
  if (config.env === 'production') throw new Error('Development tokens are not issued in production.');
  if (!config.jwt.secret) throw new Error('Development tokens need the HS256 secret; this gateway is configured for an identity provider.');
  return new SignJWT({ role: claims.role, org: claims.organizationId })
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .setSubject(claims.subject)
    .setIssuer(config.jwt.issuer)
    .setAudience(config.jwt.audience)
    .setIssuedAt()
    .setExpirationTime(claims.expiresIn ?? '12h')
    .sign(new TextEncoder().encode(config.jwt.secret));
}

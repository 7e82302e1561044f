import { SignJWT, jwtVerify } from 'jose';
import type { Config } from '../common/config';
import { UnauthenticatedError } from '../common/errors';
import { isRole, type Identity, type Role } from '../common/identity';

export type TokenVerifier = (authorization: string | undefined) => Promise<Identity>;

function secretKey(config: Config): Uint8Array {
  if (!config.jwt.secret) {
    throw new Error('No JWT verification key: set JWT_SECRET (the development secret is refused in production).');
  }
  return new TextEncoder().encode(config.jwt.secret);
}

/** Verifies `Authorization: Bearer <JWT>` and returns the caller; every failure is a 401 UNAUTHENTICATED. */
export function createTokenVerifier(config: Config): TokenVerifier {
  const key = secretKey(config);
  return async (authorization) => {
    const match = /^Bearer\s+(\S+)$/i.exec(authorization ?? '');
    if (!match) throw new UnauthenticatedError();
    let payload;
    try {
      ({ payload } = await jwtVerify(match[1], key, {
        algorithms: ['HS256'],
        issuer: config.jwt.issuer,
        audience: config.jwt.audience,
        clockTolerance: config.jwt.clockToleranceSeconds,
        requiredClaims: ['sub', 'exp'],
      }));
    } catch (error) {
      throw new UnauthenticatedError(`The bearer token was refused: ${(error as Error).message}.`);
    }
    if (!isRole(payload.role)) throw new UnauthenticatedError('The bearer token has no valid role claim (VENDOR, PARTNER or DISTRIBUTOR).');
    if (typeof payload.org !== 'string' || !payload.org) throw new UnauthenticatedError('The bearer token has no org claim.');
    return { subject: payload.sub!, role: payload.role, organizationId: payload.org };
  };
}

/** Issues a development token (npm run token); production tokens come from the identity provider. */
export async function issueDevelopmentToken(config: Config, claims: { subject: string; role: Role; organizationId: string; expiresIn?: string }): Promise<string> {
  if (config.env === 'production') throw new Error('Development tokens are not issued in production.');
  return new SignJWT({ role: claims.role, org: claims.organizationId })
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .setSubject(claims.subject)
    .setIssuer(config.jwt.issuer)
    .setAudience(config.jwt.audience)
    .setIssuedAt()
    .setExpirationTime(claims.expiresIn ?? '12h')
    .sign(secretKey(config));
}

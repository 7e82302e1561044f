import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { SignJWT, exportJWK, exportSPKI, generateKeyPair, type CryptoKey } from 'jose';
import { loadConfig } from '../common/config';
import { createTokenVerifier, issueDevelopmentToken } from '../gateway/auth';

const identity = { subject: 'user:bluepeak-it', role: 'PARTNER' as const, organizationId: '5f1c1f0e-0000-5000-8000-000000000001' };
const devConfig = loadConfig({ NODE_ENV: 'test' });
const devSecret = new TextEncoder().encode(devConfig.jwt.secret);
const now = () => Math.floor(Date.now() / 1000);

function token(claims: Record<string, unknown> = {}, header: Record<string, unknown> = { alg: 'HS256' }) {
  return new SignJWT({ role: identity.role, org: identity.organizationId, ...claims })
    .setProtectedHeader(header as { alg: string })
    .setSubject(identity.subject)
    .setIssuer('channel-graph')
    .setAudience('channel-graph')
    .setExpirationTime('5m');
}

const refused = (verify: ReturnType<typeof createTokenVerifier>, jwt: string, reason: RegExp) =>
  expect(verify(`Bearer ${jwt}`)).rejects.toMatchObject({
    message: expect.stringMatching(reason),
    extensions: { code: 'UNAUTHENTICATED', http: { status: 401 } },
  });

describe('HS256 development tokens', () => {
  const verify = createTokenVerifier(devConfig);

  it('accepts a development token and returns the caller', async () => {
    expect(await verify(`Bearer ${await issueDevelopmentToken(devConfig, identity)}`)).toEqual(identity);
  });

  it.each([undefined, '', 'Basic abc', 'Bearer', 'Bearer not.a.jwt'])('refuses the header %p', async (header) => {
    await expect(verify(header)).rejects.toMatchObject({ extensions: { code: 'UNAUTHENTICATED', http: { status: 401 } } });
  });

  it('refuses expired tokens, but allows a small clock skew', async () => {
    await refused(
      verify,
      await token()
        .setExpirationTime(now() - 120)
        .sign(devSecret),
      /"exp" claim timestamp check failed/,
    );
    expect(
      await verify(
        `Bearer ${await token()
          .setExpirationTime(now() - 10)
          .sign(devSecret)}`,
      ),
    ).toEqual(identity);
  });

  it('refuses tokens not valid yet (nbf)', async () => {
    await refused(
      verify,
      await token()
        .setNotBefore(now() + 600)
        .sign(devSecret),
      /"nbf" claim timestamp check failed/,
    );
  });

  it('refuses the wrong audience or issuer', async () => {
    await refused(verify, await token().setAudience('another-api').sign(devSecret), /unexpected "aud" claim value/);
    await refused(verify, await token().setIssuer('someone-else').sign(devSecret), /unexpected "iss" claim value/);
  });

  it('refuses a token signed with another key', async () => {
    await refused(verify, await token().sign(new TextEncoder().encode('x'.repeat(40))), /signature verification failed/);
  });

  it('refuses alg: none', async () => {
    const encode = (part: object) => Buffer.from(JSON.stringify(part)).toString('base64url');
    const unsigned = `${encode({ alg: 'none', typ: 'JWT' })}.${encode({ sub: identity.subject, role: 'VENDOR', org: identity.organizationId, iss: 'channel-graph', aud: 'channel-graph', exp: now() + 300 })}.`;
    await refused(verify, unsigned, /alg/);
  });

  it('refuses tokens without a valid role or org', async () => {
    await refused(verify, await token({ role: 'ADMIN' }).sign(devSecret), /role/);
    await refused(verify, await token({ org: undefined }).sign(devSecret), /org/);
  });

  it('refuses an org claim that is not an organization id, and reads an id in upper case as stored', async () => {
    for (const org of [`${identity.organizationId}|x`, 'bluepeak-it', `${identity.organizationId}\u0000`, 42]) {
      await refused(verify, await token({ org }).sign(devSecret), /org claim/);
    }
    expect(await verify(`Bearer ${await token({ org: identity.organizationId.toUpperCase() }).sign(devSecret)}`)).toEqual(identity);
  });
});

describe('RS256 and ES256 tokens from an identity provider', () => {
  let rsa: { publicKey: CryptoKey; privateKey: CryptoKey };
  let ec: { publicKey: CryptoKey; privateKey: CryptoKey };
  let jwks: http.Server;
  let jwksUrl: string;

  beforeAll(async () => {
    rsa = await generateKeyPair('RS256', { extractable: true });
    ec = await generateKeyPair('ES256', { extractable: true });
    const keys = [{ ...(await exportJWK(ec.publicKey)), kid: 'ec-1', alg: 'ES256', use: 'sig' }];
    jwks = http.createServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ keys }));
    });
    await new Promise<void>((resolve) => jwks.listen(0, '127.0.0.1', resolve));
    jwksUrl = `http://127.0.0.1:${(jwks.address() as AddressInfo).port}/.well-known/jwks.json`;
  });

  afterAll(() => new Promise((resolve) => jwks.close(resolve)));

  it('verifies RS256 with a PEM public key, and refuses HS256 tokens there (algorithm confusion)', async () => {
    const pem = await exportSPKI(rsa.publicKey);
    const verify = createTokenVerifier(loadConfig({ NODE_ENV: 'production', GATEWAY_SECRET: 'g'.repeat(32), JWT_PUBLIC_KEY: pem }));
    expect(await verify(`Bearer ${await token({}, { alg: 'RS256' }).sign(rsa.privateKey)}`)).toEqual(identity);
    await refused(verify, await token().sign(new TextEncoder().encode(pem)), /alg/);
    await refused(
      verify,
      await token({}, { alg: 'RS256' })
        .setExpirationTime(now() - 300)
        .sign(rsa.privateKey),
      /"exp"/,
    );
  });

  it('verifies ES256 against a JWKS endpoint and refuses keys it does not publish', async () => {
    const verify = createTokenVerifier(loadConfig({ NODE_ENV: 'production', GATEWAY_SECRET: 'g'.repeat(32), JWT_JWKS_URL: jwksUrl }));
    expect(await verify(`Bearer ${await token({}, { alg: 'ES256', kid: 'ec-1' }).sign(ec.privateKey)}`)).toEqual(identity);
    const stranger = await generateKeyPair('ES256');
    await refused(verify, await token({}, { alg: 'ES256', kid: 'ec-1' }).sign(stranger.privateKey), /signature verification failed/);
    await refused(verify, await token({}, { alg: 'RS256', kid: 'ec-1' }).sign(rsa.privateKey), /alg|key/i);
    await refused(verify, await token({}, { alg: 'ES256', kid: 'ec-1' }).setAudience('another-api').sign(ec.privateKey), /"aud"/);
  });

  it('issues no development tokens in production or without the HS256 secret', async () => {
    const production = loadConfig({ NODE_ENV: 'production', GATEWAY_SECRET: 'g'.repeat(32), JWT_SECRET: 'y'.repeat(32) });
    await expect(issueDevelopmentToken(production, identity)).rejects.toThrow(/not issued in production/);
    await expect(issueDevelopmentToken(loadConfig({ JWT_JWKS_URL: jwksUrl }), identity)).rejects.toThrow(/identity provider/);
  });
});

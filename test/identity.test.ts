import { SignJWT } from 'jose';
import { IdentitySigner, callerKey, organizationKey, signIdentity, verifyIdentity, type Identity } from '../common/identity';

const secret = 'a-gateway-secret-that-is-long-enough-for-tests';
const identity: Identity = { subject: 'user:bluepeak-it', role: 'PARTNER', organizationId: '5f1c1f0e-0000-5000-8000-000000000001' };

describe('gateway-signed identity header', () => {
  it('round-trips the caller', async () => {
    expect(await verifyIdentity(await signIdentity(identity, secret), secret)).toEqual(identity);
  });

  it("carries the member's groups, and a signer signs anew when they change (not the cached header)", async () => {
    const member = { ...identity, groups: ['SALES'] };
    expect(await verifyIdentity(await signIdentity(member, secret), secret)).toEqual(member);
    const signer = new IdentitySigner(secret);
    const sales = await signer.header(member);
    const marketing = await signer.header({ ...member, groups: ['SALES', 'MARKETING'] });
    expect(marketing).not.toBe(sales);
    expect((await verifyIdentity(marketing, secret)).groups).toEqual(['SALES', 'MARKETING']);
    expect(await signer.header(member)).toBe(sales);
  });

  it('refuses groups that are not a list of names', async () => {
    const malformed = await new SignJWT({ role: 'PARTNER', org: identity.organizationId, groups: 'ADMIN' })
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject(identity.subject)
      .setIssuer('channel-graph-gateway')
      .setAudience('channel-graph-subgraphs')
      .setExpirationTime('1m')
      .sign(new TextEncoder().encode(secret));
    await expect(verifyIdentity(malformed, secret)).rejects.toThrow(/groups are malformed/);
  });

  it('refuses a missing, forged or tampered header', async () => {
    await expect(verifyIdentity(undefined, secret)).rejects.toThrow(/missing/);
    await expect(verifyIdentity(await signIdentity(identity, 'another-secret-that-is-long-enough-too'), secret)).rejects.toThrow();
    const [header, , signature] = (await signIdentity(identity, secret)).split('.');
    const escalated = Buffer.from(JSON.stringify({ sub: identity.subject, role: 'VENDOR', org: identity.organizationId })).toString('base64url');
    await expect(verifyIdentity(`${header}.${escalated}.${signature}`, secret)).rejects.toThrow();
  });

  it('refuses an expired header', async () => {
    const expired = await new SignJWT({ role: 'VENDOR', org: 'x' })
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject('s')
      .setIssuer('channel-graph-gateway')
      .setAudience('channel-graph-subgraphs')
      .setExpirationTime(Math.floor(Date.now() / 1000) - 60)
      .sign(new TextEncoder().encode(secret));
    await expect(verifyIdentity(expired, secret)).rejects.toThrow(/exp/);
  });

  it('signs once per caller and reuses the header', async () => {
    const signer = new IdentitySigner(secret);
    const first = await signer.header(identity);
    expect(await signer.header(identity)).toBe(first);
    expect(await signer.header({ ...identity, organizationId: 'other' })).not.toBe(first);
  });

  it('gives concurrent first requests of a caller one signature, even when the clock ticks between them', async () => {
    jest.useFakeTimers({ now: new Date('2026-12-03T12:00:00.000Z'), doNotFake: ['nextTick', 'setImmediate', 'setTimeout', 'queueMicrotask'] });
    try {
      const signer = new IdentitySigner(secret);
      const first = signer.header(identity);
      jest.setSystemTime(new Date('2026-12-03T12:00:02.000Z')); // another second: a second signature would carry another iat
      const second = signer.header(identity);
      expect(await second).toBe(await first);
    } finally {
      jest.useRealTimers();
    }
  });
});

describe('caches keyed on the caller', () => {
  const id = '5f1c1f0e-0000-5000-8000-000000000001';
  const crafted: Identity = { role: 'PARTNER', organizationId: `${id}|x`, subject: 'y' };
  const victim: Identity = { role: 'PARTNER', organizationId: id, subject: 'x|y' };

  it('signs each caller its own header, whatever separators its claims hold', async () => {
    const signer = new IdentitySigner(secret);
    const victimHeader = await signer.header(victim);
    expect(await verifyIdentity(await signer.header(crafted), secret)).toEqual(crafted);
    expect(await verifyIdentity(victimHeader, secret)).toEqual(victim);
    const zero: Identity = { role: 'PARTNER', organizationId: `${id}\u0000x`, subject: 'y' };
    expect(await verifyIdentity(await signer.header(zero), secret)).toEqual(zero);
    expect(await verifyIdentity(await signer.header({ ...victim, subject: 'x\u0000y' }), secret)).toEqual({ ...victim, subject: 'x\u0000y' });
  });

  it('keys callers and organizations unambiguously', () => {
    expect(callerKey(crafted)).not.toBe(callerKey(victim));
    expect(organizationKey({ ...victim, organizationId: `${id}|vendor` }, 'partner')).not.toBe(organizationKey(victim, `partner|${id}`));
    expect(organizationKey(victim, 'vendor')).toBe(organizationKey({ ...victim, subject: 'someone else' }, 'vendor'));
  });
});

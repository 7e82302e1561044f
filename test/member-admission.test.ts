import { IDENTITY_HEADER, IdentitySigner, signIdentity, type Identity } from '../common/identity';
import { createFirstAdmin } from '../common/members/first-admin';
import { MEMBER_OWNERS } from '../common/members/owners';
import { ScopeClient } from '../common/scope';
import { DirectoryUnavailableError, MAX_STALE_MS, MemberAdmission } from '../gateway/members';
import { BLUEPEAK } from '../tooling/demo/catalog';
import { createTestDatabase, type TestDatabase } from './support/database';
import { startSubgraphs, testConfig, type RunningSubgraph } from './support/subgraph';

const TTL_MS = 2000;
let db: TestDatabase;
let graphs: Awaited<ReturnType<typeof startSubgraphs>>;
let partner: RunningSubgraph;
let clock = 1_000_000;
let admission: MemberAdmission;

const member = (subject: string): Identity => ({ subject, role: 'PARTNER', organizationId: BLUEPEAK.id });
const setStatus = (subject: string, status: string) =>
  partner.dataSource.query('UPDATE members SET status = $2 WHERE organization_id = $1 AND subject = $3', [BLUEPEAK.id, status, subject]);

beforeAll(async () => {
  db = await createTestDatabase();
  graphs = await startSubgraphs(['partner'], db.url);
  partner = graphs.partner;
  const config = testConfig();
  admission = new MemberAdmission(
    new ScopeClient({ ...config.subgraphUrls, partner: partner.url }, 0, 1000),
    new IdentitySigner(config.gatewaySecret),
    TTL_MS,
    () => clock,
  );
});

afterAll(async () => {
  await graphs?.stop();
  await db?.drop();
});

describe('MemberAdmission (gateway/members.ts) against the partner subgraph’s directory', () => {
  it('admits an ACTIVE member with its groups; within the TTL from the cache (no lookup, no SQL)', async () => {
    partner.sql.reset();
    expect(await admission.admit(member('user:sam@bluepeak-it'))).toEqual({ ...member('user:sam@bluepeak-it'), groups: ['SALES'] });
    const lookups = admission.lookups;
    const statements = partner.sql.count;
    expect(statements).toBe(1);
    clock += TTL_MS - 1;
    await admission.admit(member('user:sam@bluepeak-it'));
    expect({ lookups: admission.lookups, statements: partner.sql.count }).toEqual({ lookups, statements });
  });

  it('a member disabled while cached: the answer holds for the TTL, then is asked again in the background; refused past the window, whatever the token says', async () => {
    const alex = member('user:alex@bluepeak-it');
    const answeredAt = clock;
    await admission.admit(alex);
    await setStatus(alex.subject, 'DISABLED');
    const lookups = admission.lookups;
    clock = answeredAt + TTL_MS - 1; // the cached answer, no lookup
    await expect(admission.admit(alex)).resolves.toMatchObject({ groups: ['SALES'] });
    expect(admission.lookups).toBe(lookups);
    clock = answeredAt + TTL_MS; // still the last answer, while the directory is asked again
    await expect(admission.admit(alex)).resolves.toMatchObject({ groups: ['SALES'] });
    expect(admission.lookups).toBe(lookups + 1);
    clock = answeredAt + MAX_STALE_MS + 1; // the bound: refused, from the newer answer or a lookup it waits for
    await expect(admission.admit(alex)).rejects.toMatchObject({
      extensions: { code: 'UNAUTHENTICATED' },
      message: expect.stringMatching(
        /user:alex@bluepeak-it is DISABLED, not ACTIVE as a member of its organization: the member is unknown or disabled/,
      ),
    });
    await setStatus(alex.subject, 'ACTIVE');
  });

  it('concurrent requests of one caller share one lookup', async () => {
    clock += MAX_STALE_MS + 1;
    const lookups = admission.lookups;
    const admitted = await Promise.all(Array.from({ length: 10 }, () => admission.admit(member('user:mo@bluepeak-it'))));
    expect(admitted.every((identity) => identity.groups?.[0] === 'MARKETING')).toBe(true);
    expect(admission.lookups).toBe(lookups + 1);
  });

  it('an unknown subject is refused as unknown', async () => {
    await expect(admission.admit(member('user:nobody@bluepeak-it'))).rejects.toMatchObject({
      message: expect.stringMatching(/is unknown as a member/),
    });
  });

  it("the directory answers a caller of another role nothing, even naming this organization's id and member", async () => {
    const forged = { subject: 'user:sam@bluepeak-it', role: 'VENDOR' as const, organizationId: BLUEPEAK.id };
    const response = await fetch(new URL('/internal/memberOfCaller', partner.url), {
      method: 'POST',
      headers: { 'content-type': 'application/json', [IDENTITY_HEADER]: await signIdentity(forged, testConfig().gatewaySecret) },
      body: '{}',
    });
    expect(await response.json()).toBeNull();
  });

  it('a directory that stops answering: the last answer holds until MAX_STALE_MS after its lookup started, then 503', async () => {
    const urls = { ...testConfig().subgraphUrls, partner: partner.url };
    const flaky = new MemberAdmission(new ScopeClient(urls, 0, 200), new IdentitySigner(testConfig().gatewaySecret), TTL_MS, () => clock);
    const sam = member('user:sam@bluepeak-it');
    const answeredAt = clock;
    await flaky.admit(sam);
    urls.partner = 'http://127.0.0.1:9/graphql';
    clock = answeredAt + TTL_MS; // expired: asked again, no answer, the last one holds
    await expect(flaky.admit(sam)).resolves.toMatchObject({ groups: ['SALES'] });
    clock = answeredAt + MAX_STALE_MS;
    await expect(flaky.admit(sam)).resolves.toMatchObject({ groups: ['SALES'] });
    clock = answeredAt + MAX_STALE_MS + 1;
    await expect(flaky.admit(sam)).rejects.toBeInstanceOf(DirectoryUnavailableError);
    // back: asked again at once
    urls.partner = partner.url;
    await expect(flaky.admit(sam)).resolves.toMatchObject({ groups: ['SALES'] });
  });

  it('a directory that does not answer admits nobody (503, retryable) and is asked again next time', async () => {
    const down = new MemberAdmission(
      new ScopeClient({ ...testConfig().subgraphUrls, partner: 'http://127.0.0.1:9/graphql' }, 0, 200),
      new IdentitySigner(testConfig().gatewaySecret),
      TTL_MS,
      () => clock,
    );
    await expect(down.admit(member('user:sam@bluepeak-it'))).rejects.toBeInstanceOf(DirectoryUnavailableError);
    await expect(down.admit(member('user:sam@bluepeak-it'))).rejects.toMatchObject({
      extensions: { code: 'SERVICE_UNAVAILABLE', http: { status: 503 } },
    });
    expect(down.lookups).toBe(2);
  });
});

describe('createFirstAdmin (common/members/first-admin.ts): an organization’s first ADMIN, by an operator', () => {
  it('creates an ACTIVE ADMIN the gateway admits, once: a second is refused (CONFLICT), nothing written', async () => {
    const [{ id }] = await partner.dataSource.query(
      `INSERT INTO partners (slug, name, partner_types, sales_motion, region, country) VALUES ('first-admin-co', 'First Admin Co', '{VAR}', 'SELL_TO', 'NA', 'US') RETURNING id`,
    );
    const admin = await createFirstAdmin(
      partner.dataSource,
      MEMBER_OWNERS.PARTNER,
      id,
      { email: 'Owner@first-admin.example', name: 'Olive Owner', subject: 'user:first-admin-co' },
      'operator:test',
    );
    expect(admin).toMatchObject({ subject: 'user:first-admin-co', groups: ['ADMIN'], status: 'ACTIVE' });
    const identity: Identity = { subject: 'user:first-admin-co', role: 'PARTNER', organizationId: id };
    await expect(admission.admit(identity)).resolves.toMatchObject({ groups: ['ADMIN'] });
    const again = createFirstAdmin(
      partner.dataSource,
      MEMBER_OWNERS.PARTNER,
      id,
      { email: 'b@x.example', name: 'B', subject: 'user:b' },
      'operator:test',
    );
    await expect(again).rejects.toMatchObject({ extensions: { code: 'CONFLICT' }, message: expect.stringMatching(/already has members/) });
    const [{ n }] = await partner.dataSource.query('SELECT count(*)::int AS n FROM members WHERE organization_id = $1', [id]);
    expect(n).toBe(1);
    const [trail] = await partner.dataSource.query(
      `SELECT action, actor_subject FROM change_events WHERE entity_type = 'Member' AND entity_id = $1`,
      [admin.id],
    );
    expect(trail).toEqual({ action: 'CREATED', actor_subject: 'operator:test' });
  });

  it.each([
    ['an e-mail that is not one', { email: 'owner', name: 'O', subject: 'user:o' }, /adminEmail: "owner" is not an e-mail address/],
    ['no name', { email: 'o@x.example', name: ' ', subject: 'user:o' }, /adminName: must not be blank/],
  ])('refuses %s (BAD_USER_INPUT)', async (_, input, message) => {
    await expect(createFirstAdmin(partner.dataSource, MEMBER_OWNERS.PARTNER, BLUEPEAK.id, input, 'operator:test')).rejects.toMatchObject({
      extensions: { code: 'BAD_USER_INPUT' },
      message: expect.stringMatching(message),
    });
  });
});

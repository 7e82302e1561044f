import { ATLAS, BLUEPEAK, HARBOR, MERIDIAN, NORTHWIND, TESSERA, demoEcosystem } from '../tooling/demo/catalog';
import { expectRefused } from './support/snapshot';
import { useTestStack } from './support/stack';

/** registerDeal by a distributor for a partner of its network for that vendor (DESIGN §8, issue 15 item 5), through the gateway. */
const t = useTestStack();
const eco = demoEcosystem();
const NW_SEC = eco.products.find((p) => p.sku === 'NW-SEC')!.id;
const AM_LATHE = eco.products.find((p) => p.sku === 'AM-LATHE-200')!.id;
const UNKNOWN = '00000000-0000-4000-8000-000000000000';

type Json = Record<string, any>;
const REGISTER = `mutation ($input: RegisterDealInput!) { registerDeal(input: $input) {
  id status hasConflict partner { slug } distributor { id } registeredBy { role organizationId }
  history { edges { node { toStatus actorRole actorOrganizationId } } } } }`;

let counter = 0;
const input = (over: Json = {}) => ({
  vendorId: NORTHWIND.id,
  partnerId: BLUEPEAK.id,
  customerName: 'Fabrikam',
  customerDomain: `fabrikam-${++counter}-${Date.now().toString(36)}.example`,
  lines: [{ productId: NW_SEC, quantity: 3 }],
  amount: { amount: '12000.00', currency: 'USD' },
  expectedCloseDate: '2030-03-31',
  ...over,
});
const register = (slug: string, over: Json = {}) => t.as(slug, REGISTER, { input: input(over) });

it('registers the deal for the partner: the partner’s, through the distributor, recording who registered it', async () => {
  const response = await register(TESSERA.slug);
  expect(response.errors).toBeUndefined();
  const deal = response.data!.registerDeal;
  expect(deal).toMatchObject({
    status: 'SUBMITTED',
    partner: { slug: 'bluepeak-it' },
    distributor: { id: TESSERA.id },
    registeredBy: { role: 'DISTRIBUTOR', organizationId: TESSERA.id },
    history: { edges: [{ node: { toStatus: 'SUBMITTED', actorRole: 'DISTRIBUTOR', actorOrganizationId: TESSERA.id } }] },
  });
  const READ = `query ($id: ID!) { deal(id: $id) { id registeredBy { role organizationId } } }`;
  for (const slug of [BLUEPEAK.slug, NORTHWIND.slug, TESSERA.slug]) {
    expect((await t.as(slug, READ, { id: deal.id })).data!.deal).toEqual({
      id: deal.id,
      registeredBy: { role: 'DISTRIBUTOR', organizationId: TESSERA.id },
    });
  }
  for (const slug of [HARBOR.slug, MERIDIAN.slug, ATLAS.slug]) expect((await t.as(slug, READ, { id: deal.id })).data!.deal).toBeNull();
  // the partner's own registrations say so too
  const own = (await register(BLUEPEAK.slug, { partnerId: null })).data!.registerDeal;
  expect(own.registeredBy).toEqual({ role: 'PARTNER', organizationId: BLUEPEAK.id });
});

it('refuses a partner outside its network for that vendor exactly like an unknown one (NOT_FOUND), writing nothing', async () => {
  const unknown = await expectRefused(t.databaseUrl, () => register(TESSERA.slug, { partnerId: UNKNOWN }), 'NOT_FOUND');
  const cases: [string, Json, string][] = [
    [TESSERA.slug, { partnerId: HARBOR.id }, HARBOR.id], // Meridian's network
    [MERIDIAN.slug, { partnerId: BLUEPEAK.id }, BLUEPEAK.id], // Tessera's
    [
      TESSERA.slug,
      { partnerId: BLUEPEAK.id, vendorId: ATLAS.id, lines: [{ productId: AM_LATHE, quantity: 1 }], amount: { amount: '10.00', currency: 'EUR' } },
      BLUEPEAK.id,
    ], // not for that vendor
  ];
  for (const [slug, over, id] of cases) {
    const refused = await expectRefused(t.databaseUrl, () => register(slug, over), 'NOT_FOUND');
    expect(refused.errors![0].message).toBe(unknown.errors![0].message.replace(UNKNOWN, id));
  }
});

it('refuses a partner whose membership was suspended a moment ago, as unknown; resumed, it registers again', async () => {
  const membership = async () =>
    (
      await t.stack.subgraphs.distributor.dataSource.query(
        'SELECT id, version FROM distributor.network_memberships WHERE distributor_id = $1 AND partner_id = $2 AND vendor_id = $3',
        [TESSERA.id, BLUEPEAK.id, NORTHWIND.id],
      )
    )[0] as { id: string; version: number };
  // the distributor's scope facts are fresh in its cache
  expect((await register(TESSERA.slug)).errors).toBeUndefined();
  const active = await membership();
  const suspend = `mutation { suspendNetworkMembership(id: "${active.id}", expectedVersion: ${active.version}) { status } }`;
  expect((await t.as(TESSERA.slug, suspend)).data!.suspendNetworkMembership.status).toBe('SUSPENDED');
  const unknown = await register(TESSERA.slug, { partnerId: UNKNOWN });
  const refused = await expectRefused(t.databaseUrl, () => register(TESSERA.slug), 'NOT_FOUND');
  expect(refused.errors![0].message).toBe(unknown.errors![0].message.replace(UNKNOWN, BLUEPEAK.id));
  const suspended = await membership();
  await t.as(TESSERA.slug, `mutation { resumeNetworkMembership(id: "${suspended.id}", expectedVersion: ${suspended.version}) { status } }`);
  expect((await register(TESSERA.slug)).errors).toBeUndefined();
});

it('validates like a partner’s registration, and asks for the partner', async () => {
  await expectRefused(t.databaseUrl, () => register(TESSERA.slug, { partnerId: null }), 'BAD_USER_INPUT', 'input.partnerId');
  await expectRefused(t.databaseUrl, () => register(TESSERA.slug, { distributorId: MERIDIAN.id }), 'BAD_USER_INPUT', 'input.distributorId');
  await expectRefused(t.databaseUrl, () => register(TESSERA.slug, { expectedCloseDate: '2001-01-01' }), 'BAD_USER_INPUT', 'input.expectedCloseDate');
  await expectRefused(
    t.databaseUrl,
    () => register(TESSERA.slug, { lines: [{ productId: AM_LATHE, quantity: 1 }] }),
    'BAD_USER_INPUT',
    'input.lines[0].productId',
  );
  await expectRefused(t.databaseUrl, () => register(BLUEPEAK.slug, { partnerId: HARBOR.id }), 'BAD_USER_INPUT', 'input.partnerId');
  await expectRefused(t.databaseUrl, () => register(NORTHWIND.slug), 'FORBIDDEN');
});

it('is idempotent by key and detects conflicts like a partner’s registration', async () => {
  const key = `tessera-${Date.now()}`;
  const domain = `dup-${Date.now().toString(36)}.example`;
  const first = (await register(TESSERA.slug, { idempotencyKey: key, customerDomain: domain })).data!.registerDeal;
  const again = (await register(TESSERA.slug, { idempotencyKey: key, customerDomain: domain })).data!.registerDeal;
  expect(again.id).toBe(first.id);
  await expectRefused(
    t.databaseUrl,
    () => register(TESSERA.slug, { idempotencyKey: key, customerDomain: domain, customerName: 'Other' }),
    'CONFLICT',
  );
  // Harbor registered the customer first: the registration for BluePeak collides with it
  const harborDomain = `first-${Date.now().toString(36)}.example`;
  const harbor = await register(HARBOR.slug, { partnerId: null, customerDomain: harborDomain });
  expect(harbor.errors).toBeUndefined();
  const later = (await register(TESSERA.slug, { customerDomain: harborDomain })).data!.registerDeal;
  expect(later.hasConflict).toBe(true);
});

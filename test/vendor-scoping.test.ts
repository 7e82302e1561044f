import { ATLAS, BLUEPEAK, HARBOR, IONIC, MERIDIAN, NORTHWIND, TESSERA, demoEcosystem } from '../tooling/demo/catalog';
import { IDENTITY_HEADER, signIdentity, type Identity } from '../common/identity';
import { TestData } from './support/builder';
import { createTestDatabase, type TestDatabase } from './support/database';
import { demoEligibleIncentiveIds } from './support/eligibility';
import { startSubgraphs, subgraphRequest, testConfig, type RunningSubgraph } from './support/subgraph';

const eco = demoEcosystem();
const sorted = (ids: Iterable<string>) => [...new Set(ids)].sort();
const as = (role: Identity['role'], organizationId: string): Identity => ({
  subject: `user:${role.toLowerCase()}`,
  role,
  organizationId,
  groups: ['ADMIN'],
});

let db: TestDatabase;
let graphs: Awaited<ReturnType<typeof startSubgraphs>>;
let vendor: RunningSubgraph;
const mdfRequests: { id: string; partnerId: string; vendorId: string }[] = [];

beforeAll(async () => {
  db = await createTestDatabase();
  graphs = await startSubgraphs(['vendor', 'partner', 'distributor'], db.url);
  vendor = graphs.vendor;
  // the demo has no MDF requests: one per partner, on an MDF incentive of each vendor
  for (const [partnerId, incentiveName] of [
    [BLUEPEAK.id, 'EMEA demand generation fund'],
    [IONIC.id, 'Integrator trade show fund'],
  ]) {
    const incentive = eco.incentives.find((i) => i.name === incentiveName)!;
    const id = await new TestData(vendor.dataSource).mdfRequest({
      incentiveId: incentive.id,
      partnerId,
      activity: 'Campaign',
      amountMinor: 100000,
      currency: incentive.currency,
      status: 'REQUESTED',
    });
    mdfRequests.push({ id, partnerId, vendorId: incentive.vendorId });
  }
});

afterAll(async () => {
  await graphs?.stop();
  await db?.drop();
});

async function facts(identity: Identity | null, secret = testConfig().gatewaySecret): Promise<{ status: number; body: any }> {
  const headers: Record<string, string> = {};
  if (identity) headers[IDENTITY_HEADER] = await signIdentity(identity, secret);
  const response = await fetch(new URL('/scope', vendor.url), { headers });
  return { status: response.status, body: await response.json() };
}

describe('scope facts served on /scope', () => {
  it.each([NORTHWIND, ATLAS])('VENDOR $slug: partners with a partnership of any status, distributors with an active agreement', async (v) => {
    const { status, body } = await facts(as('VENDOR', v.id));
    expect(status).toBe(200);
    expect(body).toEqual({
      partnerIds: sorted(eco.partnerships.filter((p) => p.vendorId === v.id && p.status === 'ACTIVE').map((p) => p.partnerId)),
      distributorIds: sorted(eco.agreements.filter((a) => a.vendorId === v.id).map((a) => a.distributorId)),
    });
  });

  it.each([BLUEPEAK, HARBOR, IONIC])('PARTNER $slug: vendors it is enrolled with (ACTIVE)', async (p) => {
    const { body } = await facts(as('PARTNER', p.id));
    expect(body).toEqual({ vendorIds: sorted(eco.partnerships.filter((x) => x.partnerId === p.id && x.status === 'ACTIVE').map((x) => x.vendorId)) });
  });

  it.each([TESSERA, MERIDIAN])('DISTRIBUTOR $slug: vendors it carries', async (d) => {
    const { body } = await facts(as('DISTRIBUTOR', d.id));
    expect(body).toEqual({ vendorIds: sorted(eco.agreements.filter((a) => a.distributorId === d.id).map((a) => a.vendorId)) });
  });

  it('an unknown or malformed organization has empty facts; a forged or missing signature is refused', async () => {
    expect((await facts(as('VENDOR', '00000000-0000-4000-8000-000000000000'))).body).toEqual({ partnerIds: [], distributorIds: [] });
    expect((await facts(as('PARTNER', 'not-an-id'))).body).toEqual({ vendorIds: [] });
    expect((await facts(as('DISTRIBUTOR', 'not-an-id'))).body).toEqual({ vendorIds: [] });
    expect((await facts(null)).status).toBe(401);
    expect((await facts(as('VENDOR', NORTHWIND.id), 'not-the-gateway-secret-but-long-enough-0123456789')).status).toBe(401);
  });

  it('follow status: only an ACTIVE partnership counts, for either side; an inactive agreement counts for neither', async () => {
    const ionicAtlas = eco.partnerships.find((p) => p.partnerId === IONIC.id && p.vendorId === ATLAS.id)!;
    const atlasTessera = eco.agreements.find((a) => a.vendorId === ATLAS.id && a.distributorId === TESSERA.id)!;
    await vendor.dataSource.query(`UPDATE partnerships SET status = 'TERMINATED' WHERE id = $1`, [ionicAtlas.id]);
    await vendor.dataSource.query('UPDATE distribution_agreements SET active = false WHERE id = $1', [atlasTessera.id]);
    try {
      expect((await facts(as('PARTNER', IONIC.id))).body).toEqual({ vendorIds: [NORTHWIND.id] });
      const atlas = (await facts(as('VENDOR', ATLAS.id))).body;
      expect(atlas.partnerIds).not.toContain(IONIC.id);
      expect(atlas.distributorIds).toEqual([]);
      expect((await facts(as('DISTRIBUTOR', TESSERA.id))).body).toEqual({ vendorIds: [NORTHWIND.id] });
      // a suspended, invited or pending partnership exposes nothing either (DESIGN §7)
      for (const status of ['SUSPENDED', 'INVITED', 'PENDING']) {
        await vendor.dataSource.query(`UPDATE partnerships SET status = $2 WHERE id = $1`, [ionicAtlas.id, status]);
        expect((await facts(as('PARTNER', IONIC.id))).body).toEqual({ vendorIds: [NORTHWIND.id] });
        expect((await facts(as('VENDOR', ATLAS.id))).body.partnerIds).not.toContain(IONIC.id);
      }
      await vendor.dataSource.query(`UPDATE partnerships SET status = 'ACTIVE' WHERE id = $1`, [ionicAtlas.id]);
      expect((await facts(as('PARTNER', IONIC.id))).body).toEqual({ vendorIds: sorted([NORTHWIND.id, ATLAS.id]) });
    } finally {
      await vendor.dataSource.query(`UPDATE partnerships SET status = $2 WHERE id = $1`, [ionicAtlas.id, ionicAtlas.status]);
      await vendor.dataSource.query('UPDATE distribution_agreements SET active = true WHERE id = $1', [atlasTessera.id]);
    }
  });
});

// ---------------------------------------------------------------------------------------------------------
// Row scope: what each caller must see, computed from the demo ecosystem (and the MDF requests added above).

const CALLERS: [string, Identity][] = [
  ['vendor Northwind', as('VENDOR', NORTHWIND.id)],
  ['vendor Atlas', as('VENDOR', ATLAS.id)],
  ['partner BluePeak', as('PARTNER', BLUEPEAK.id)],
  ['partner Harbor', as('PARTNER', HARBOR.id)],
  ['partner Ionic', as('PARTNER', IONIC.id)],
  ['distributor Tessera', as('DISTRIBUTOR', TESSERA.id)],
  ['distributor Meridian', as('DISTRIBUTOR', MERIDIAN.id)],
];

type Ids = string[];
interface Scope {
  vendors: Ids;
  products: Ids;
  programs: Ids;
  tiers: Ids;
  incentives: Ids;
  partnerships: Ids;
  agreements: Ids;
  directAccounts: Ids;
  mdfRequests: Ids;
}

function expectedScope({ role, organizationId: org }: Identity): Scope {
  // a partner: the vendor rows (public profiles) of any partnership; the rest of ACTIVE ones, and the program it is offered
  const known = new Set(eco.partnerships.filter((p) => p.partnerId === org).map((p) => p.vendorId));
  const enrolled = new Set(eco.partnerships.filter((p) => p.partnerId === org && p.status === 'ACTIVE').map((p) => p.vendorId));
  const offered = new Set(eco.partnerships.filter((p) => p.partnerId === org && ['INVITED', 'PENDING'].includes(p.status)).map((p) => p.programId));
  const carried = new Set(eco.agreements.filter((a) => a.distributorId === org).map((a) => a.vendorId));
  const network = new Set(eco.memberships.filter((m) => m.distributorId === org).map((m) => `${m.partnerId}|${m.vendorId}`));
  const seesVendor = (vendorId: string) =>
    role === 'VENDOR' ? vendorId === org : role === 'PARTNER' ? enrolled.has(vendorId) : carried.has(vendorId);
  const programs = eco.programs.filter((p) => seesVendor(p.vendorId) || (role === 'PARTNER' && offered.has(p.id)));
  const ids = (rows: { id: string }[]) => sorted(rows.map((row) => row.id));
  return {
    vendors: ids(eco.vendors.filter((v) => (role === 'PARTNER' ? known.has(v.id) : seesVendor(v.id)))),
    products: ids(eco.products.filter((p) => seesVendor(p.vendorId))),
    programs: ids(programs),
    tiers: ids(programs.flatMap((p) => p.tiers)),
    // a partner sees only the incentives it is eligible for today
    incentives:
      role === 'PARTNER'
        ? sorted(demoEligibleIncentiveIds(eco, org))
        : ids(eco.incentives.filter((i) => seesVendor(i.vendorId) && (role === 'VENDOR' || i.audience === role))),
    partnerships: ids(
      eco.partnerships.filter((p) =>
        role === 'VENDOR' ? p.vendorId === org : role === 'PARTNER' ? p.partnerId === org : network.has(`${p.partnerId}|${p.vendorId}`),
      ),
    ),
    agreements: ids(eco.agreements.filter((a) => (role === 'VENDOR' ? a.vendorId === org : role === 'DISTRIBUTOR' && a.distributorId === org))),
    directAccounts: ids(eco.directAccounts.filter((a) => role === 'VENDOR' && a.vendorId === org)),
    mdfRequests: ids(mdfRequests.filter((r) => (role === 'VENDOR' ? r.vendorId === org : role === 'PARTNER' && r.partnerId === org))),
  };
}

/** Every row of each table, as the representations of its entity type. */
const ALL_ROWS: Record<keyof Scope, [typename: string, ids: () => Ids]> = {
  vendors: ['Vendor', () => eco.vendors.map((v) => v.id)],
  products: ['Product', () => eco.products.map((p) => p.id)],
  programs: ['PartnerProgram', () => eco.programs.map((p) => p.id)],
  tiers: ['ProgramTier', () => eco.programs.flatMap((p) => p.tiers.map((t) => t.id))],
  incentives: ['Incentive', () => eco.incentives.map((i) => i.id)],
  partnerships: ['Partnership', () => eco.partnerships.map((p) => p.id)],
  agreements: ['DistributionAgreement', () => eco.agreements.map((a) => a.id)],
  directAccounts: ['DirectAccount', () => eco.directAccounts.map((a) => a.id)],
  mdfRequests: ['MdfRequest', () => mdfRequests.map((r) => r.id)],
};

async function ok<T = any>(identity: Identity, query: string, variables: Record<string, unknown> = {}, graph: RunningSubgraph = vendor): Promise<T> {
  const response = await subgraphRequest<T>(graph.url, query, variables, identity);
  expect(response.errors).toBeUndefined();
  return response.data as T;
}

const idsOf = (rows: { id: string }[] | null | undefined) => sorted((rows ?? []).map((row) => row.id));
const entitiesQuery = (selection: string) => `query ($r: [_Any!]!) { _entities(representations: $r) { ${selection} } }`;

describe.each(CALLERS)('row scope of %s', (_name, caller) => {
  let scope: Scope;
  beforeAll(() => {
    scope = expectedScope(caller); // after the MDF requests are added
  });

  it('root lists return exactly the rows in scope', async () => {
    const data = await ok(caller, '{ vendors { id } products { id } programs { id tiers { id } } incentives { id } }');
    expect(idsOf(data.vendors)).toEqual(scope.vendors);
    expect(idsOf(data.products)).toEqual(scope.products);
    expect(idsOf(data.programs)).toEqual(scope.programs);
    expect(idsOf(data.programs.flatMap((p: any) => p.tiers))).toEqual(scope.tiers);
    expect(idsOf(data.incentives)).toEqual(scope.incentives);
  });

  it('a vendor filter cannot widen a list', async () => {
    for (const v of eco.vendors) {
      const data = await ok(
        caller,
        'query ($v: ID) { products(vendorId: $v) { id } programs(vendorId: $v) { id } incentives(vendorId: $v) { id } }',
        { v: v.id },
      );
      expect(idsOf(data.products)).toEqual(scope.products.filter((id) => eco.products.find((p) => p.id === id)!.vendorId === v.id));
      expect(idsOf(data.programs)).toEqual(scope.programs.filter((id) => eco.programs.find((p) => p.id === id)!.vendorId === v.id));
      expect(idsOf(data.incentives)).toEqual(scope.incentives.filter((id) => eco.incentives.find((i) => i.id === id)!.vendorId === v.id));
    }
  });

  it('relations under each vendor in scope hold only rows in scope', async () => {
    const data = await ok(
      caller,
      `{ vendors { id
      products { id vendor { id } } programs { id tiers { id } } incentives { id } partnerships { id vendor { id } }
      distributionAgreements { id } distributors { id } directAccounts { id } } }`,
    );
    const of = (field: string) => idsOf(data.vendors.flatMap((v: any) => v[field] ?? []));
    expect(of('products')).toEqual(scope.products);
    expect(of('programs')).toEqual(scope.programs);
    expect(idsOf(data.vendors.flatMap((v: any) => v.programs.flatMap((p: any) => p.tiers)))).toEqual(scope.tiers);
    expect(of('incentives')).toEqual(scope.incentives);
    // partnerships of vendors outside a distributor's or partner's vendor scope cannot be reached from here
    expect(of('partnerships')).toEqual(
      scope.partnerships.filter((id) => scope.vendors.includes(eco.partnerships.find((p) => p.id === id)!.vendorId)),
    );
    expect(of('distributionAgreements')).toEqual(
      scope.agreements.filter((id) => scope.vendors.includes(eco.agreements.find((a) => a.id === id)!.vendorId)),
    );
    expect(of('directAccounts')).toEqual(scope.directAccounts);
    const activeCarriers = (vendorId: string) =>
      sorted(eco.agreements.filter((a) => scope.agreements.includes(a.id) && a.vendorId === vendorId).map((a) => a.distributorId));
    for (const v of data.vendors) expect(idsOf(v.distributors)).toEqual(activeCarriers(v.id));
  });

  it('_entities answers null for every row outside the scope, of every type', async () => {
    const representations = Object.values(ALL_ROWS).flatMap(([__typename, ids]) => ids().map((id) => ({ __typename, id })));
    const selection = Object.values(ALL_ROWS)
      .map(([type]) => `... on ${type} { id }`)
      .join(' ');
    const data = await ok(caller, entitiesQuery(`__typename ${selection}`), { r: representations });
    for (const [table, [type, ids]] of Object.entries(ALL_ROWS)) {
      const found = data._entities.filter((entity: any, index: number) => representations[index].__typename === type && entity !== null);
      expect({ table, ids: idsOf(found) }).toEqual({ table, ids: scope[table as keyof Scope] });
      expect(found.length + data._entities.filter((e: any, i: number) => representations[i].__typename === type && e === null).length).toBe(
        ids().length,
      );
    }
  });

  it('root lookups answer null outside the scope; aliases and fragments cannot widen it', async () => {
    const own = scope.vendors[0];
    const foreign = eco.vendors.find((v) => !scope.vendors.includes(v.id))?.id ?? '00000000-0000-4000-8000-000000000000';
    const foreignProduct = eco.products.find((p) => p.vendorId === foreign)?.id ?? foreign;
    const data = await ok(
      caller,
      `query ($own: ID!, $foreign: ID!, $foreignProduct: ID!) {
        own: vendor(id: $own) { id ...Rel }
        foreign: vendor(id: $foreign) { id ...Rel }
        ... on Query { again: vendor(id: $foreign) { id } product(id: $foreignProduct) { id vendor { id } } }
        ...Lookups
      }
      fragment Rel on Vendor { products { id } partnerships { id } }
      fragment Lookups on Query { upper: vendor(id: "${foreign.toUpperCase()}") { id } }`,
      { own: own ?? foreign, foreign, foreignProduct },
    );
    expect(data.foreign).toBeNull();
    expect(data.again).toBeNull();
    expect(data.product).toBeNull();
    expect(data.upper).toBeNull();
    if (own) expect(idsOf(data.own.products)).toEqual(scope.products.filter((id) => eco.products.find((p) => p.id === id)!.vendorId === own));
    else expect(data.own).toBeNull();
  });

  it('Partner and Distributor relations hold only rows in scope; a partner outside it looks like one that does not exist', async () => {
    const partnerIds = eco.partners.map((p) => p.id);
    const data = await ok(
      caller,
      entitiesQuery(
        '... on Partner { id partnerships { id } vendors { id } mdfRequests { id } } ... on Distributor { id vendors { id } distributionAgreements { id } }',
      ),
      {
        r: [...partnerIds.map((id) => ({ __typename: 'Partner', id })), ...eco.distributors.map((d) => ({ __typename: 'Distributor', id: d.id }))],
      },
    );
    const partners = data._entities.slice(0, partnerIds.length);
    const distributors = data._entities.slice(partnerIds.length);
    expect(idsOf(partners.flatMap((p: any) => p.partnerships))).toEqual(scope.partnerships);
    expect(idsOf(partners.flatMap((p: any) => p.mdfRequests))).toEqual(scope.mdfRequests);
    partners.forEach((p: any, index: number) => {
      const enrolledVendors = eco.partnerships
        .filter((x) => scope.partnerships.includes(x.id) && x.partnerId === partnerIds[index] && x.status === 'ACTIVE')
        .map((x) => x.vendorId);
      expect(idsOf(p.vendors)).toEqual(sorted(enrolledVendors.filter((v) => scope.vendors.includes(v))));
    });
    expect(idsOf(distributors.flatMap((d: any) => d.distributionAgreements))).toEqual(scope.agreements);
    distributors.forEach((d: any, index: number) => {
      const carried = eco.agreements
        .filter((a) => scope.agreements.includes(a.id) && a.distributorId === eco.distributors[index].id)
        .map((a) => a.vendorId);
      expect(idsOf(d.vendors)).toEqual(sorted(carried.filter((v) => scope.vendors.includes(v))));
    });
    // an id outside the scope answers exactly what an unknown id answers
    const outside = partners.find((p: any) => !p.partnerships.length);
    if (outside) expect(outside).toEqual({ id: outside.id, partnerships: [], vendors: [], mdfRequests: [] });
  });
});

describe('scope rules on changed data', () => {
  const ionicAtlas = eco.partnerships.find((p) => p.partnerId === IONIC.id && p.vendorId === ATLAS.id)!;
  const atlasTessera = eco.agreements.find((a) => a.vendorId === ATLAS.id && a.distributorId === TESSERA.id)!;
  afterEach(async () => {
    await vendor.dataSource.query('UPDATE partnerships SET status = $2 WHERE id = $1', [ionicAtlas.id, ionicAtlas.status]);
    await vendor.dataSource.query('UPDATE distribution_agreements SET active = true WHERE id = $1', [atlasTessera.id]);
  });

  it('a TERMINATED partnership stays with its partner, whose view of the vendor ends but for its public profile', async () => {
    await vendor.dataSource.query(`UPDATE partnerships SET status = 'TERMINATED' WHERE id = $1`, [ionicAtlas.id]);
    const ionic = as('PARTNER', IONIC.id);
    const [partner] = (
      await ok(ionic, entitiesQuery('... on Partner { partnerships { id vendor { id } } vendors { id } mdfRequests { id incentive { id } } }'), {
        r: [{ __typename: 'Partner', id: IONIC.id }],
      })
    )._entities;
    expect(partner.vendors).toEqual([{ id: NORTHWIND.id }]);
    expect(partner.partnerships).toContainEqual({ id: ionicAtlas.id, vendor: { id: ATLAS.id } });
    expect(partner.partnerships).toHaveLength(2);
    expect(partner.mdfRequests).toEqual([{ id: mdfRequests.find((r) => r.partnerId === IONIC.id)!.id, incentive: null }]);
    const data = await ok(ionic, '{ vendors { id } products { id } incentives { id } }');
    expect(idsOf(data.vendors)).toEqual(sorted([NORTHWIND.id, ATLAS.id]));
    expect(data.products.every((p: any) => eco.products.find((x) => x.id === p.id)!.vendorId === NORTHWIND.id)).toBe(true);
    // the vendor still sees its (terminated) partnership
    expect(
      (await ok(as('VENDOR', ATLAS.id), entitiesQuery('... on Partnership { status }'), { r: [{ __typename: 'Partnership', id: ionicAtlas.id }] }))
        ._entities,
    ).toEqual([{ status: 'TERMINATED' }]);
  });

  it('an inactive agreement stays with the distributor, which no longer carries the vendor', async () => {
    await vendor.dataSource.query('UPDATE distribution_agreements SET active = false WHERE id = $1', [atlasTessera.id]);
    const tessera = as('DISTRIBUTOR', TESSERA.id);
    const [d] = (
      await ok(tessera, entitiesQuery('... on Distributor { vendors { id } distributionAgreements { id active vendor { id } } }'), {
        r: [{ __typename: 'Distributor', id: TESSERA.id }],
      })
    )._entities;
    expect(d.vendors).toEqual([{ id: NORTHWIND.id }]);
    // the vendor's public profile stays with the agreement (DESIGN §7); its lines do not
    expect(d.distributionAgreements).toContainEqual({ id: atlasTessera.id, active: false, vendor: { id: ATLAS.id } });
    expect(idsOf((await ok(tessera, '{ vendors { id } }')).vendors)).toEqual(sorted([NORTHWIND.id, ATLAS.id]));
    const atlas = await ok(as('VENDOR', ATLAS.id), '{ vendor: vendors { distributionAgreements { id } distributors { id } } }');
    expect(atlas.vendor).toEqual([{ distributionAgreements: [{ id: atlasTessera.id }], distributors: [] }]);
  });
});

describe('gateway signature', () => {
  it('refuses a request signed with another secret, or none, with 401', async () => {
    expect((await subgraphRequest(vendor.url, '{ vendors { id } }', {}, null)).status).toBe(401);
    const header = await signIdentity(as('VENDOR', NORTHWIND.id), 'not-the-gateway-secret-but-long-enough-0123456789');
    const response = await fetch(vendor.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', [IDENTITY_HEADER]: header },
      body: JSON.stringify({ query: '{ vendors { id } }' }),
    });
    expect(response.status).toBe(401);
  });
});

describe('fail closed when a peer is down', () => {
  it("a distributor's partnerships error and return no rows without the distributor subgraph; what needs no peer still answers", async () => {
    // a set of its own: a fresh scope cache, and a distributor subgraph to stop
    const set = await startSubgraphs(['vendor', 'distributor'], db.url);
    try {
      await set.distributor.stop();
      const tessera = as('DISTRIBUTOR', TESSERA.id);
      const lists = await subgraphRequest(set.vendor.url, '{ vendors { id partnerships { id } } }', {}, tessera);
      expect(lists.errors?.[0].message).toBe('The distributor subgraph did not answer for this caller; retry shortly.');
      expect(lists.errors?.[0].extensions).toMatchObject({ code: 'SERVICE_UNAVAILABLE', retryable: true });
      expect(JSON.stringify(lists.data ?? null)).not.toMatch(/partnerships":\[\{/);
      const [partnership] = eco.partnerships.filter((p) => expectedScope(tessera).partnerships.includes(p.id));
      const entity = await subgraphRequest(
        set.vendor.url,
        entitiesQuery('... on Partnership { id }'),
        { r: [{ __typename: 'Partnership', id: partnership.id }] },
        tessera,
      );
      expect(entity.errors?.length).toBeGreaterThan(0);
      expect(entity.data?._entities?.[0] ?? null).toBeNull();
      // a vendor or partner caller needs no peer for the same rows; a distributor's catalog needs none either
      expect(idsOf((await ok(tessera, '{ products { id } }', {}, set.vendor)).products)).toEqual(expectedScope(tessera).products);
      const ionic = as('PARTNER', IONIC.id);
      expect(idsOf((await ok(ionic, '{ vendors { partnerships { id } } }', {}, set.vendor)).vendors.flatMap((v: any) => v.partnerships))).toEqual(
        expectedScope(ionic).partnerships,
      );
    } finally {
      await set.vendor.stop();
    }
  });
});

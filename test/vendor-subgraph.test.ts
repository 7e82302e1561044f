import { demoMembersOf } from '../tooling/seed/insert-rows';
import { demoPartnershipManagers } from '../tooling/demo/partner-managers';
import { ATLAS, BLUEPEAK, HARBOR, IONIC, MERIDIAN, NORTHWIND, TESSERA, demoEcosystem } from '../tooling/demo/catalog';
import { openDatabase } from '../common/db';
import { IDENTITY_HEADER, signIdentity, type Identity } from '../common/identity';
import { bpsToPercent, margin, ratio } from '../subgraphs/vendor/decimal';
import { subgraph } from '../subgraphs/vendor/server';
import { TestData } from './support/builder';
import { seedDemo } from '../tooling/seed';
import { createTestDatabase, type TestDatabase } from './support/database';
import { startSubgraph, subgraphRequest, type RunningSubgraph } from './support/subgraph';

const eco = demoEcosystem();
const UNKNOWN = '00000000-0000-4000-8000-000000000000';
const NORTHWIND_USER: Identity = { subject: 'user:northwind-cloud', role: 'VENDOR', organizationId: NORTHWIND.id, groups: ['ADMIN'] };
const ATLAS_USER: Identity = { subject: 'user:atlas-machinery', role: 'VENDOR', organizationId: ATLAS.id, groups: ['ADMIN'] };
// enrolled with both vendors: sees both catalogs and programs (rows are scoped to the caller; test/vendor-scoping.test.ts covers the scopes)
const IONIC_USER: Identity = { subject: 'user:ionic-integrators', role: 'PARTNER', organizationId: IONIC.id, groups: ['ADMIN'] };
const TESSERA_USER: Identity = { subject: 'user:tessera-distribution', role: 'DISTRIBUTOR', organizationId: TESSERA.id, groups: ['ADMIN'] };
const byString = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

let db: TestDatabase;
let sg: RunningSubgraph;

beforeAll(async () => {
  db = await createTestDatabase();
  sg = await startSubgraph('vendor', db.url);
});

afterAll(async () => {
  await sg?.stop();
  await db?.drop();
});

async function query<T = Record<string, any>>(
  text: string,
  variables: Record<string, unknown> = {},
  identity: Identity = NORTHWIND_USER,
): Promise<T> {
  const response = await subgraphRequest<T>(sg.url, text, variables, identity);
  expect(response.errors).toBeUndefined();
  expect(response.status).toBe(200);
  return response.data as T;
}

async function entities(representations: Record<string, unknown>[], selection: string, identity: Identity = NORTHWIND_USER): Promise<any[]> {
  const data = await query(
    `query ($representations: [_Any!]!) { _entities(representations: $representations) { ${selection} } }`,
    { representations },
    identity,
  );
  return data._entities;
}

describe('exact decimals', () => {
  it('rounds ratios half away from zero without floats', () => {
    expect(ratio(1n, 3n, 4)).toBe('0.3333');
    expect(ratio(2n, 3n, 4)).toBe('0.6667');
    expect(ratio(-1n, 8n, 2)).toBe('-0.13');
    expect(ratio(0n, 7n, 2)).toBe('0.00');
    expect(margin('12000000', '3000000')).toBe('0.7500');
    expect(margin(100, 150)).toBe('-0.5000');
    expect(margin(0, 0)).toBeNull();
    expect(bpsToPercent(1500)).toBe('15.00');
    expect(bpsToPercent(5)).toBe('0.05');
  });
});

describe('root fields', () => {
  it('me describes a vendor caller and its own vendor', async () => {
    const data = await query('{ me { id role subject slug name vendor { id slug } partner { id } distributor { id } } }');
    expect(data.me).toEqual({
      id: NORTHWIND.id,
      role: 'VENDOR',
      subject: 'user:northwind-cloud',
      slug: 'northwind-cloud',
      name: 'Northwind Cloud',
      vendor: { id: NORTHWIND.id, slug: 'northwind-cloud' },
      partner: null,
      distributor: null,
    });
  });

  it('me gives a partner caller a partner stub and no vendor', async () => {
    const data = await query(
      '{ me { id role vendor { id } partner { id } distributor { id } } }',
      {},
      { subject: 'user:bluepeak-it', role: 'PARTNER', organizationId: BLUEPEAK.id },
    );
    expect(data.me).toEqual({ id: BLUEPEAK.id, role: 'PARTNER', vendor: null, partner: { id: BLUEPEAK.id }, distributor: null });
  });

  it('vendors lists the vendors in scope by name', async () => {
    const data = await query('{ vendors { id slug name website headquartersCountry createdAt } }', {}, IONIC_USER);
    expect(data.vendors.map((v: any) => v.slug)).toEqual(['atlas-machinery', 'northwind-cloud']);
    expect(data.vendors[1]).toMatchObject({
      id: NORTHWIND.id,
      name: 'Northwind Cloud',
      website: 'https://northwind.example',
      headquartersCountry: 'US',
    });
    expect(Number.isNaN(Date.parse(data.vendors[0].createdAt))).toBe(false);
  });

  it('vendor(id) returns the vendor with its relations, null when unknown or malformed', async () => {
    const data = await query(
      `query ($id: ID!, $unknown: ID!) {
        vendor(id: $id) {
          slug products { sku } programs { name } incentives { name } partnerships { id } directAccounts { domain }
          distributionAgreements { distributor { id } regions active startedOn } distributors { id }
        }
        missing: vendor(id: $unknown) { id }
        malformed: vendor(id: "not-a-uuid") { id }
      }`,
      { id: NORTHWIND.id, unknown: UNKNOWN },
    );
    const v = data.vendor;
    expect(v.slug).toBe('northwind-cloud');
    expect(v.products.map((p: any) => p.sku)).toEqual(
      eco.products
        .filter((p) => p.vendorId === NORTHWIND.id)
        .map((p) => p.sku)
        .sort(byString),
    );
    expect(v.programs).toEqual([{ name: 'Northwind Partner Network' }]);
    expect(v.incentives.map((i: any) => i.name)).toEqual(
      eco.incentives
        .filter((i) => i.vendorId === NORTHWIND.id)
        .map((i) => i.name)
        .sort(byString),
    );
    expect(v.partnerships).toHaveLength(eco.partnerships.filter((p) => p.vendorId === NORTHWIND.id).length);
    expect(v.directAccounts.map((a: any) => a.domain)).toEqual(['globex.example', 'initech.example', 'wayneenterprises.example']);
    expect(v.distributionAgreements).toEqual([
      { distributor: { id: MERIDIAN.id }, regions: ['NA'], active: true, startedOn: '2022-09-01' },
      { distributor: { id: TESSERA.id }, regions: ['EMEA'], active: true, startedOn: '2023-01-01' },
    ]);
    expect(v.distributors).toEqual([{ id: MERIDIAN.id }, { id: TESSERA.id }]);
    expect(data.missing).toBeNull();
    expect(data.malformed).toBeNull();
  });

  it('products are ordered by vendor then SKU, with exact money and margin', async () => {
    const all = await query('{ products { id sku vendor { id } } }', {}, IONIC_USER);
    const expected = [...eco.products].sort((a, b) => byString(a.vendorId, b.vendorId) || byString(a.sku, b.sku));
    expect(all.products.map((p: any) => p.sku)).toEqual(expected.map((p) => p.sku));
    expect(all.products.every((p: any) => p.vendor.id === eco.products.find((x) => x.id === p.id)!.vendorId)).toBe(true);

    const atlas = await query(
      'query ($v: ID) { products(vendorId: $v) { sku name category listPrice { amount currency } unitCost { amount currency } margin } }',
      { v: ATLAS.id },
      ATLAS_USER,
    );
    expect(atlas.products.map((p: any) => p.sku)).toEqual(['AM-CNC-500', 'AM-INSTALL', 'AM-LATHE-200', 'AM-ROBOT-ARM']);
    expect(atlas.products[3]).toEqual({
      sku: 'AM-ROBOT-ARM',
      name: 'Robotic Arm R6',
      category: 'automation',
      listPrice: { amount: '180000.00', currency: 'EUR' },
      unitCost: { amount: '99000.00', currency: 'EUR' },
      margin: '0.4500',
    });
    const nw = await query('query ($id: ID!) { product(id: $id) { listPrice { amount currency } margin } }', {
      id: eco.products.find((p) => p.sku === 'NW-PLAT-ENT')!.id,
    });
    expect(nw.product).toEqual({ listPrice: { amount: '120000.00', currency: 'USD' }, margin: '0.7500' });
    const none = await query(`{ products(vendorId: "${UNKNOWN}") { id } bad: products(vendorId: "x") { id } }`);
    expect(none).toEqual({ products: [], bad: [] });
  });

  it('programs list programs by name with ordered tiers, money thresholds and percentages', async () => {
    const data = await query(
      '{ programs { name protectionDays vendor { slug } tiers { name rank minTrailingRevenue { amount currency } minCertifications minWonDeals discountPercent rebatePercent mdfEligible program { name } } } }',
      {},
      IONIC_USER,
    );
    expect(data.programs.map((p: any) => p.name)).toEqual(['Atlas Integrator Program', 'Northwind Partner Network']);
    const northwind = data.programs[1];
    expect(northwind).toMatchObject({ protectionDays: 90, vendor: { slug: 'northwind-cloud' } });
    expect(northwind.tiers.map((t: any) => t.name)).toEqual(['Registered', 'Silver', 'Gold', 'Platinum']);
    expect(northwind.tiers[2]).toEqual({
      name: 'Gold',
      rank: 3,
      minTrailingRevenue: { amount: '500000.00', currency: 'USD' },
      minCertifications: 2,
      minWonDeals: 5,
      discountPercent: '15.00',
      rebatePercent: '2.00',
      mdfEligible: true,
      program: { name: 'Northwind Partner Network' },
    });
    expect(data.programs[0].tiers[1].minTrailingRevenue).toEqual({ amount: '250000.00', currency: 'EUR' });
    const filtered = await query('query ($v: ID) { programs(vendorId: $v) { name } }', { v: ATLAS.id }, IONIC_USER);
    expect(filtered.programs).toEqual([{ name: 'Atlas Integrator Program' }]);
  });

  it('incentives list incentives by name with budget, spend and eligibility', async () => {
    const text = `{ incentives {
      id name kind audience description startsOn endsOn vendor { slug } program { name }
      budget { amount currency } spent { amount currency }
      eligibility { minTierRank regions countries partnerTypes minTrailingRevenue { amount currency } requiredCertifications productCategories }
    } }`;
    // each vendor lists its own
    const own = await query(text);
    expect(own.incentives.map((i: any) => i.name)).toEqual(
      eco.incentives
        .filter((i) => i.vendorId === NORTHWIND.id)
        .map((i) => i.name)
        .sort(byString),
    );
    const data = { incentives: [...own.incentives, ...(await query(text, {}, ATLAS_USER)).incentives] };
    expect(data.incentives.map((i: any) => i.name).sort(byString)).toEqual(eco.incentives.map((i) => i.name).sort(byString));
    const emea = data.incentives.find((i: any) => i.name === 'EMEA demand generation fund');
    expect(emea).toMatchObject({
      kind: 'MDF',
      audience: 'PARTNER',
      startsOn: '2026-01-01',
      endsOn: null,
      vendor: { slug: 'northwind-cloud' },
      program: { name: 'Northwind Partner Network' },
      budget: { amount: '200000.00', currency: 'USD' },
      spent: { amount: '40000.00', currency: 'USD' },
      eligibility: {
        minTierRank: 2,
        regions: ['EMEA'],
        countries: [],
        partnerTypes: [],
        minTrailingRevenue: null,
        requiredCertifications: [],
        productCategories: [],
      },
    });
    const premier = data.incentives.find((i: any) => i.name === 'Premier installation rebate');
    expect(premier.budget).toBeNull();
    expect(premier.spent).toEqual({ amount: '0.00', currency: 'EUR' });
    expect(premier.eligibility).toMatchObject({
      minTierRank: 3,
      productCategories: ['services'],
      minTrailingRevenue: { amount: '1000000.00', currency: 'EUR' },
    });
    const distributorFacing = data.incentives.find((i: any) => i.name === 'Distributor volume rebate');
    expect(distributorFacing).toMatchObject({ audience: 'DISTRIBUTOR', program: null });
    const msp = data.incentives.find((i: any) => i.name === 'MSP certified growth fund');
    expect(msp.eligibility).toMatchObject({ partnerTypes: ['MSP'], requiredCertifications: ['NW-ARCH'] });

    const atlas = await query('query ($v: ID) { incentives(vendorId: $v) { name } }', { v: ATLAS.id }, ATLAS_USER);
    expect(atlas.incentives.map((i: any) => i.name)).toEqual([
      'Distributor stocking SPIFF',
      'Integrator trade show fund',
      'Premier installation rebate',
    ]);
  });
});

describe('entities by reference', () => {
  const firstTier = eco.programs[0].tiers[0];
  const partnership = eco.partnerships.find((p) => p.vendorId === NORTHWIND.id && p.partnerId === IONIC.id)!;
  const agreement = eco.agreements[0];
  const account = eco.directAccounts[0];
  const incentive = eco.incentives[0];
  const product = eco.products[0];

  it.each([
    ['Vendor', NORTHWIND.id, 'slug', NORTHWIND.slug],
    ['Product', product.id, 'sku', product.sku],
    ['PartnerProgram', eco.programs[0].id, 'name', eco.programs[0].name],
    ['ProgramTier', firstTier.id, 'name', firstTier.name],
    ['Incentive', incentive.id, 'name', incentive.name],
    ['Partnership', partnership.id, 'status', partnership.status],
    ['DistributionAgreement', agreement.id, 'startedOn', agreement.startedOn],
    ['DirectAccount', account.id, 'domain', account.domain],
  ])('%s resolves by id; an unknown id gives null', async (type, id, field, value) => {
    const result = await entities(
      [
        { __typename: type, id },
        { __typename: type, id: UNKNOWN },
      ],
      `... on ${type} { id ${field} }`,
    );
    expect(result).toEqual([{ id, [field]: value }, null]);
  });

  it('Partnership references its vendor, partner stub, program and tier', async () => {
    const [p] = await entities(
      [{ __typename: 'Partnership', id: partnership.id }],
      '... on Partnership { vendor { slug } partner { id } program { name } tier { name rank } status salesMotion targetRevenue { amount currency } enrolledAt }',
    );
    const tier = eco.programs.flatMap((x) => x.tiers).find((t) => t.id === partnership.tierId)!;
    expect(p).toEqual({
      vendor: { slug: 'northwind-cloud' },
      partner: { id: IONIC.id },
      program: { name: 'Northwind Partner Network' },
      tier: { name: tier.name, rank: tier.rank },
      status: 'ACTIVE',
      salesMotion: IONIC.salesMotion,
      targetRevenue: { amount: (partnership.targetRevenueMinor / 100).toFixed(2), currency: 'USD' },
      enrolledAt: new Date(partnership.enrolledAt).toISOString(),
    });
  });

  it('DistributionAgreement and DirectAccount reference their vendor', async () => {
    const [a, d] = await entities(
      [
        { __typename: 'DistributionAgreement', id: agreement.id },
        { __typename: 'DirectAccount', id: account.id },
      ],
      '... on DistributionAgreement { vendor { id } distributor { id } regions } ... on DirectAccount { accountVendor: vendor { id } customerName }',
    );
    expect(a).toEqual({ vendor: { id: agreement.vendorId }, distributor: { id: agreement.distributorId }, regions: agreement.regions });
    expect(d).toEqual({ accountVendor: { id: account.vendorId }, customerName: account.customerName });
  });

  it('Partner gets its partnerships and the vendors it is enrolled with', async () => {
    const selection = '... on Partner { id partnerships { vendor { slug } partner { id } } vendors { slug } mdfRequests { id } }';
    const [ionic] = await entities([{ __typename: 'Partner', id: IONIC.id }], selection, IONIC_USER);
    const result = [
      ionic,
      ...(await entities(
        [
          { __typename: 'Partner', id: HARBOR.id },
          { __typename: 'Partner', id: UNKNOWN },
        ],
        selection,
      )),
    ];
    expect(result[0].vendors).toEqual([{ slug: 'atlas-machinery' }, { slug: 'northwind-cloud' }]);
    expect(result[0].partnerships).toHaveLength(2);
    expect(result[0].partnerships.every((p: any) => p.partner.id === IONIC.id)).toBe(true);
    expect(result[1]).toEqual({
      id: HARBOR.id,
      partnerships: [{ vendor: { slug: 'northwind-cloud' }, partner: { id: HARBOR.id } }],
      vendors: [{ slug: 'northwind-cloud' }],
      mdfRequests: [],
    });
    expect(result[2]).toEqual({ id: UNKNOWN, partnerships: [], vendors: [], mdfRequests: [] });
  });

  it('Distributor gets the vendors it carries and its agreements', async () => {
    const selection = '... on Distributor { id vendors { slug } distributionAgreements { vendor { slug } } }';
    const [tessera] = await entities([{ __typename: 'Distributor', id: TESSERA.id }], selection, TESSERA_USER);
    const result = [
      tessera,
      ...(await entities(
        [
          { __typename: 'Distributor', id: MERIDIAN.id },
          { __typename: 'Distributor', id: UNKNOWN },
        ],
        selection,
      )),
    ];
    expect(result[0].vendors).toEqual([{ slug: 'atlas-machinery' }, { slug: 'northwind-cloud' }]);
    expect(result[0].distributionAgreements).toEqual([{ vendor: { slug: 'northwind-cloud' } }, { vendor: { slug: 'atlas-machinery' } }]);
    expect(result[1]).toEqual({
      id: MERIDIAN.id,
      vendors: [{ slug: 'northwind-cloud' }],
      distributionAgreements: [{ vendor: { slug: 'northwind-cloud' } }],
    });
    expect(result[2]).toEqual({ id: UNKNOWN, vendors: [], distributionAgreements: [] });
  });

  it("Viewer: the caller's own from its identity, a vendor's slug and name from the database; another id is that id alone", async () => {
    const [own] = await entities(
      [{ __typename: 'Viewer', id: NORTHWIND.id }],
      '... on Viewer { id slug name role subject vendor { slug } partner { id } }',
    );
    expect(own).toEqual({
      id: NORTHWIND.id,
      slug: 'northwind-cloud',
      name: 'Northwind Cloud',
      role: 'VENDOR',
      subject: 'user:northwind-cloud',
      vendor: { slug: 'northwind-cloud' },
      partner: null,
    });
    const [other] = await entities([{ __typename: 'Viewer', id: ATLAS.id }], '... on Viewer { id vendor { slug } }');
    expect(other).toEqual({ id: ATLAS.id, vendor: null });
  });

  describe('MdfRequest (the demo has none: the test adds one)', () => {
    const mdfIncentive = eco.incentives.find((i) => i.name === 'EMEA demand generation fund')!;
    let id: string;
    beforeAll(async () => {
      id = await new TestData(sg.dataSource).mdfRequest({
        incentiveId: mdfIncentive.id,
        partnerId: BLUEPEAK.id,
        activity: 'Webinar series',
        amountMinor: 1250050,
        currency: 'USD',
        expectedPipelineMinor: 10000000,
        status: 'REQUESTED',
        createdAt: '2026-10-01T09:00:00Z',
        updatedAt: '2026-10-01T09:00:00Z',
      });
    });
    afterAll(async () => {
      await sg.dataSource.query('DELETE FROM mdf_requests WHERE id = $1', [id]);
    });

    it('resolves by id with exact money; an unknown id gives null; the partner lists it', async () => {
      const result = await entities(
        [
          { __typename: 'MdfRequest', id },
          { __typename: 'MdfRequest', id: UNKNOWN },
          { __typename: 'Partner', id: BLUEPEAK.id },
        ],
        '... on MdfRequest { id incentive { name } partner { id } activity amount { amount currency } expectedPipeline { amount currency } status proofOfPerformance createdAt } ... on Partner { mdfRequests { id } }',
      );
      expect(result[0]).toEqual({
        id,
        incentive: { name: mdfIncentive.name },
        partner: { id: BLUEPEAK.id },
        activity: 'Webinar series',
        amount: { amount: '12500.50', currency: 'USD' },
        expectedPipeline: { amount: '100000.00', currency: 'USD' },
        status: 'REQUESTED',
        proofOfPerformance: null,
        createdAt: '2026-10-01T09:00:00.000Z',
      });
      expect(result[1]).toBeNull();
      expect(result[2]).toEqual({ mdfRequests: [{ id }] });
    });
  });
});

describe('batching', () => {
  async function statementsFor(count: number, type: string, ids: string[], selection: string): Promise<number> {
    const representations = ids.slice(0, count).map((id) => ({ __typename: type, id }));
    sg.sql.reset();
    const result = await entities(representations, selection);
    expect(result).toHaveLength(count);
    return sg.sql.count;
  }

  it('partners: 40 parents cost the same statements as 5', async () => {
    const ids = eco.partners.map((p) => p.id);
    const selection =
      '... on Partner { partnerships { tier { name program { name tiers { rank } } } program { vendor { slug } } vendor { slug } } vendors { slug } mdfRequests { id } }';
    const five = await statementsFor(5, 'Partner', ids, selection);
    const forty = await statementsFor(40, 'Partner', ids, selection);
    expect(forty).toBe(five);
    expect(five).toBeLessThanOrEqual(7);
  });

  it('products, incentives and tiers: many parents cost the same statements as few', async () => {
    const productSelection =
      '... on Product { vendor { products { sku } programs { tiers { name } } incentives { program { name } } distributors { id } directAccounts { domain } } }';
    const productIds = eco.products.map((p) => p.id);
    expect(await statementsFor(9, 'Product', productIds, productSelection)).toBe(await statementsFor(2, 'Product', productIds, productSelection));
    const tierIds = eco.programs.flatMap((p) => p.tiers.map((t) => t.id));
    const tierSelection = '... on ProgramTier { minTrailingRevenue { amount } program { vendor { slug } } }';
    expect(await statementsFor(7, 'ProgramTier', tierIds, tierSelection)).toBe(await statementsFor(2, 'ProgramTier', tierIds, tierSelection));
    const distributorIds = [TESSERA.id, MERIDIAN.id];
    const distributorSelection = '... on Distributor { vendors { partnerships { tier { name } } } distributionAgreements { vendor { slug } } }';
    expect(await statementsFor(2, 'Distributor', distributorIds, distributorSelection)).toBe(
      await statementsFor(1, 'Distributor', distributorIds, distributorSelection),
    );
  });
});

describe('gateway signature', () => {
  it('refuses an unsigned request with 401 UNAUTHENTICATED', async () => {
    const response = await subgraphRequest(sg.url, '{ vendors { id } }', {}, null);
    expect(response.status).toBe(401);
    expect(response.errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
  });

  it('refuses a header signed with another secret', async () => {
    const header = await signIdentity(NORTHWIND_USER, 'not-the-gateway-secret-but-long-enough-0123456789');
    const response = await fetch(sg.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', [IDENTITY_HEADER]: header },
      body: JSON.stringify({ query: '{ vendors { id } }' }),
    });
    expect(response.status).toBe(401);
    const body = (await response.json()) as { errors: { extensions: { code: string } }[] };
    expect(body.errors[0].extensions.code).toBe('UNAUTHENTICATED');
  });
});

describe('database', () => {
  const TABLES = [
    'vendors',
    'products',
    'partner_programs',
    'program_tiers',
    'incentives',
    'partnerships',
    'distribution_agreements',
    'direct_accounts',
    'engagement_rules',
    'mdf_requests',
    'partnership_tier_changes',
    'direct_sales',
    'change_events',
    'members',
  ];

  it('seeding again inserts nothing', async () => {
    const counts = await seedDemo.vendor(sg.dataSource);
    expect(Object.keys(counts).sort()).toEqual([...TABLES].sort());
    expect(Object.values(counts).every((n) => n === 0)).toBe(true);
  });

  it('migrations go up, seed the whole demo, come down to nothing and go up again', async () => {
    const empty = await createTestDatabase({ empty: true });
    const ds = await openDatabase(subgraph.databaseOptions(empty.url));
    try {
      const tables = async () =>
        (
          (await ds.query(`SELECT table_name FROM information_schema.tables WHERE table_schema = 'vendor' AND table_name <> 'migrations'`)) as {
            table_name: string;
          }[]
        )
          .map((row) => row.table_name)
          .sort();
      expect(await tables()).toEqual([...TABLES].sort());
      expect(await seedDemo.vendor(ds)).toEqual({
        vendors: eco.vendors.length,
        products: eco.products.length,
        partner_programs: eco.programs.length,
        program_tiers: eco.programs.flatMap((p) => p.tiers).length,
        incentives: eco.incentives.length,
        partnerships: eco.partnerships.length,
        distribution_agreements: eco.agreements.length,
        direct_accounts: eco.directAccounts.length,
        engagement_rules: eco.engagementRules.length,
        direct_sales: eco.directSales.length,
        // each demo rule's CREATED entry, each demo partnership manager's assignment
        change_events: eco.engagementRules.length + demoPartnershipManagers(eco.partnerships).size,
        mdf_requests: 0,
        partnership_tier_changes: 0,
        members: demoMembersOf('VENDOR').length,
      });
      await expect(ds.query(`UPDATE incentives SET spent_minor = budget_minor + 1 WHERE budget_minor IS NOT NULL`)).rejects.toThrow(
        /incentives_spent_within_budget/,
      );
      while (Number((await ds.query('SELECT count(*) AS n FROM migrations'))[0].n) > 0) await ds.undoLastMigration();
      expect(await tables()).toEqual([]);
      await ds.runMigrations();
      expect(await tables()).toEqual([...TABLES].sort());
    } finally {
      await ds.destroy();
      await empty.drop();
    }
  });
});

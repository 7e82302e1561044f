import { randomUUID } from 'node:crypto';
import { ATLAS, BLUEPEAK, HARBOR, IONIC, MERIDIAN, NORTHWIND, TESSERA, demoEcosystem } from '../tooling/demo/catalog';
import { IDENTITY_HEADER, signIdentity, type Identity } from '../common/identity';
import { openDatabase } from '../common/db';
import { databaseOptions } from '../subgraphs/vendor/database';
import { normalizeDomain } from '../common/domain';
import { createTestDatabase, type TestDatabase } from './support/database';
import { startSubgraphs, subgraphRequest, testConfig, type RunningSubgraph } from './support/subgraph';
import { databaseFingerprint, expectRefused as refusedUnchanged } from './support/snapshot';

const eco = demoEcosystem();
const as = (role: Identity['role'], organizationId: string, subject = `user:${role.toLowerCase()}`): Identity => ({
  subject,
  role,
  organizationId,
  groups: ['ADMIN'],
});
const product = (sku: string) => eco.products.find((p) => p.sku === sku)!;
const UNKNOWN = '6f1c2b1e-0000-4000-8000-000000000001';
const program = (vendorId: string) => eco.programs.find((p) => p.vendorId === vendorId)!;
const tier = (vendorId: string, name: string) => program(vendorId).tiers.find((t) => t.name === name)!;
const incentive = (name: string) => eco.incentives.find((i) => i.name === name)!;
const partnerBySlug = (slug: string) => eco.partners.find((p) => p.slug === slug)!;
const partnershipOf = (vendorId: string, partnerId: string) => eco.partnerships.find((p) => p.vendorId === vendorId && p.partnerId === partnerId)!;
const NW = as('VENDOR', NORTHWIND.id, 'user:northwind-admin');
const AT = as('VENDOR', ATLAS.id, 'user:atlas-admin');
const WRONG_ROLES = [as('PARTNER', BLUEPEAK.id), as('DISTRIBUTOR', TESSERA.id)];

let db: TestDatabase;
let graphs: Awaited<ReturnType<typeof startSubgraphs>>;
let vendor: RunningSubgraph;

beforeAll(async () => {
  db = await createTestDatabase();
  graphs = await startSubgraphs(['vendor', 'partner', 'distributor'], db.url);
  vendor = graphs.vendor;
});

afterAll(async () => {
  await graphs?.stop();
  await db?.drop();
});

async function ask(name: string, identity: Identity | null, input: unknown): Promise<{ status: number; body: any }> {
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (identity) headers[IDENTITY_HEADER] = await signIdentity(identity, testConfig().gatewaySecret);
  const response = await fetch(new URL(`/internal/${name}`, vendor.url), { method: 'POST', headers, body: JSON.stringify(input) });
  return { status: response.status, body: await response.json() };
}

describe('normalizeDomain (common/domain.ts), as direct accounts are matched', () => {
  it.each([
    ['acme.example', 'acme.example'],
    ['  ACME.Example  ', 'acme.example'],
    ['https://www.Acme.example/path?q=1#top', 'acme.example'],
    ['http://acme.example:8080', 'acme.example'],
    ['acme.example.', 'acme.example'],
    ['www.acme.example..', 'acme.example'],
    ['//user@sub.acme.example/x', 'sub.acme.example'],
    ['WWW.acme.co.uk', 'acme.co.uk'],
    ['www.com', 'www.com'],
    ['www2.acme.example', 'www2.acme.example'],
    // internationalized names in their ASCII form, as deal registrations store them
    ['Bücher.example', 'xn--bcher-kva.example'],
    ['https://www.bücher.example/', 'xn--bcher-kva.example'],
  ])('%s → %s', (raw, normalized) => expect(normalizeDomain(raw)).toBe(normalized));

  // the last row of each kind was a domain to the vendor's own copy and never to the partner's, which registrations use
  it.each([
    '',
    '   ',
    'acme',
    'not a domain',
    'https://',
    'acme..example',
    'ac_me.example',
    '.acme.example',
    'ac\u200bme.example',
    '127.0.0.1',
    'acme.123',
    '-acme.example',
    'acme-.example',
    `${'a'.repeat(64)}.example`,
  ])('%j is not a domain', (raw) => {
    expect(normalizeDomain(raw)).toBeNull();
  });
});

describe('procedures served to peers', () => {
  const nwPlatform = product('NW-PLAT-ENT');
  const atlasCnc = product('AM-CNC-500');
  const suspended = eco.partnerships.find((p) => p.vendorId === NORTHWIND.id && p.status !== 'ACTIVE')!;

  it('refuses a caller without the gateway signature', async () => {
    expect((await ask('dealRegistration', null, {})).status).toBe(401);
  });

  describe('dealRegistration (caller PARTNER)', () => {
    const input = (over: Record<string, unknown> = {}) => ({
      vendorId: NORTHWIND.id,
      productIds: [nwPlatform.id, atlasCnc.id, UNKNOWN, 'not-an-id'],
      customerDomain: 'https://www.GLOBEX.example/',
      distributorId: TESSERA.id,
      segment: { amountMinor: '4200000', currency: 'USD', partnerRegion: 'EMEA', partnerCountry: 'DE' },
      ...over,
    });

    it('an actively enrolled partner: protection days, product vendors it may see, the direct account, whether the distributor carries the vendor', async () => {
      const { status, body } = await ask('dealRegistration', as('PARTNER', BLUEPEAK.id), input());
      expect(status).toBe(200);
      expect(body).toEqual({
        enrolled: true,
        protectionDays: 90,
        // Atlas's catalog is outside BluePeak's scope (not enrolled there): no such product for it
        productVendors: { [nwPlatform.id]: NORTHWIND.id, [atlasCnc.id]: null, [UNKNOWN]: null, 'not-an-id': null },
        directAccount: { customerName: 'Globex' },
        distributorCarries: true,
        retiredProducts: [],
        directSegment: null,
      });
    });

    it('product vendors of every vendor the partner is enrolled with; no direct account for another domain; null distributor → null', async () => {
      const { body } = await ask(
        'dealRegistration',
        as('PARTNER', IONIC.id),
        input({ productIds: [nwPlatform.id.toUpperCase(), atlasCnc.id], customerDomain: 'acme.example', distributorId: null }),
      );
      expect(body).toEqual({
        enrolled: true,
        protectionDays: 90,
        productVendors: { [nwPlatform.id.toUpperCase()]: NORTHWIND.id, [atlasCnc.id]: ATLAS.id },
        directAccount: null,
        distributorCarries: null,
        retiredProducts: [],
        directSegment: null,
      });
    });

    it('a distributor that does not carry the vendor, or is unknown → false', async () => {
      const tessera = await ask(
        'dealRegistration',
        as('PARTNER', IONIC.id),
        input({ vendorId: ATLAS.id, distributorId: MERIDIAN.id, customerDomain: 'tyrell.example' }),
      );
      expect(tessera.body).toMatchObject({ enrolled: true, directAccount: { customerName: 'Tyrell' }, distributorCarries: false });
      const unknown = await ask('dealRegistration', as('PARTNER', IONIC.id), input({ distributorId: UNKNOWN }));
      expect(unknown.body.distributorCarries).toBe(false);
    });

    it('a partner not enrolled (or not ACTIVE) with the vendor learns nothing about its direct accounts or distribution', async () => {
      for (const [partnerId, vendorId] of [
        [HARBOR.id, ATLAS.id],
        [suspended.partnerId, NORTHWIND.id],
      ]) {
        const { body } = await ask('dealRegistration', as('PARTNER', partnerId), input({ vendorId, customerDomain: 'globex.example' }));
        expect(body).toMatchObject({ enrolled: false, protectionDays: null, directAccount: null, distributorCarries: false });
      }
    });

    it('another role, or input it cannot read → the negative answer', async () => {
      const vendorCaller = await ask('dealRegistration', as('VENDOR', NORTHWIND.id), input());
      expect(vendorCaller.body).toEqual({
        enrolled: false,
        protectionDays: null,
        productVendors: { [nwPlatform.id]: null, [atlasCnc.id]: null, [UNKNOWN]: null, 'not-an-id': null },
        directAccount: null,
        distributorCarries: false,
        retiredProducts: [],
        directSegment: null,
      });
      // ids that are not ids, a domain that is not one: unknown, the negative answer
      const unknown = await ask('dealRegistration', as('PARTNER', BLUEPEAK.id), {
        vendorId: 'x',
        productIds: ['y'],
        customerDomain: 'not a domain',
        distributorId: null,
        segment: input().segment,
      });
      expect(unknown).toEqual({
        status: 200,
        body: {
          enrolled: false,
          protectionDays: null,
          productVendors: { y: null },
          directAccount: null,
          distributorCarries: null,
          retiredProducts: [],
          directSegment: null,
        },
      });
    });

    it('the engagement rule a registration falls in, only to an enrolled partner; retired products it may see', async () => {
      const rule = eco.engagementRules[0]; // NA, platform, from 250,000.00 USD
      const na = { amountMinor: '30000000', currency: 'USD', partnerRegion: 'NA', partnerCountry: 'US' };
      const inSegment = await ask('dealRegistration', as('PARTNER', HARBOR.id), input({ distributorId: null, segment: na }));
      expect(inSegment.body).toMatchObject({ enrolled: true, directSegment: { ruleId: rule.id }, retiredProducts: [] });
      const below = await ask(
        'dealRegistration',
        as('PARTNER', HARBOR.id),
        input({ distributorId: null, segment: { ...na, amountMinor: '24999999' } }),
      );
      expect(below.body.directSegment).toBeNull();
      const other = await ask(
        'dealRegistration',
        as('PARTNER', HARBOR.id),
        input({ distributorId: null, productIds: [product('NW-SEC').id], segment: na }),
      );
      expect(other.body.directSegment).toBeNull();
      // atlas has no rule for harbor, and harbor is not enrolled with atlas: nothing either way
      const atlas = await ask('dealRegistration', as('PARTNER', HARBOR.id), input({ vendorId: ATLAS.id, distributorId: null, segment: na }));
      expect(atlas.body).toMatchObject({ enrolled: false, directSegment: null });

      const both = [nwPlatform.id, atlasCnc.id];
      await vendor.dataSource.query('UPDATE products SET retired_at = now() WHERE id = ANY($1)', [both]);
      try {
        // atlas's catalog is outside harbor's scope: it is not told that atlas retired a product
        const retired = await ask('dealRegistration', as('PARTNER', HARBOR.id), input({ distributorId: null, segment: na }));
        expect(retired.body.retiredProducts).toEqual([nwPlatform.id]);
      } finally {
        await vendor.dataSource.query('UPDATE products SET retired_at = NULL WHERE id = ANY($1)', [both]);
      }
    });

    it('a request the contract does not read is refused (400), naming what is wrong', async () => {
      const cases: [unknown, RegExp][] = [
        [null, /\(the body\): .*expected object/],
        ['x', /\(the body\): .*expected object/],
        [
          { vendorId: 'x', productIds: 'y', customerDomain: 7, distributorId: null },
          /productIds: .*expected array.*customerDomain: .*expected string/,
        ],
        [input({ distributorId: undefined }), /distributorId: /],
        [input({ productIds: Array.from({ length: 501 }, () => nwPlatform.id) }), /productIds: /],
      ];
      for (const [garbage, problem] of cases) {
        const { status, body } = await ask('dealRegistration', as('PARTNER', BLUEPEAK.id), garbage);
        expect(status).toBe(400);
        expect(body.error).toMatch(/^dealRegistration: the request is not what this procedure reads: /);
        expect(body.error).toMatch(problem);
      }
    });

    it('matches the direct account of an internationalized domain in its ASCII form', async () => {
      await vendor.dataSource.query('INSERT INTO direct_accounts (id, vendor_id, customer_name, domain) VALUES ($1, $2, $3, $4)', [
        randomUUID(),
        NORTHWIND.id,
        'Bücher GmbH',
        'xn--bcher-kva.example',
      ]);
      try {
        const { body } = await ask('dealRegistration', as('PARTNER', BLUEPEAK.id), input({ customerDomain: 'https://www.BÜCHER.example/' }));
        expect(body.directAccount).toEqual({ customerName: 'Bücher GmbH' });
      } finally {
        await vendor.dataSource.query('DELETE FROM direct_accounts WHERE domain = $1', ['xn--bcher-kva.example']);
      }
    });
  });

  describe('networkEligibility (caller DISTRIBUTOR)', () => {
    it.each([
      ['carried vendor, active partner', TESSERA, NORTHWIND, BLUEPEAK.id, { carried: true, partnerEnrolled: true }],
      ['carried vendor, partner not enrolled with it', TESSERA, ATLAS, HARBOR.id, { carried: true, partnerEnrolled: false }],
      ['carried vendor, partnership not ACTIVE', TESSERA, NORTHWIND, suspended.partnerId, { carried: true, partnerEnrolled: false }],
      ['vendor not carried: nothing about its partners', MERIDIAN, ATLAS, IONIC.id, { carried: false, partnerEnrolled: false }],
      ['unknown partner', MERIDIAN, NORTHWIND, UNKNOWN, { carried: true, partnerEnrolled: false }],
    ])('%s', async (_label, distributor, vendorOrg, partnerId, expected) => {
      const { body } = await ask('networkEligibility', as('DISTRIBUTOR', distributor.id), { vendorId: vendorOrg.id, partnerId });
      expect(body).toEqual(expected);
    });

    it('an inactive agreement is not carried', async () => {
      await vendor.dataSource.query('UPDATE distribution_agreements SET active = false WHERE vendor_id = $1 AND distributor_id = $2', [
        NORTHWIND.id,
        MERIDIAN.id,
      ]);
      try {
        const { body } = await ask('networkEligibility', as('DISTRIBUTOR', MERIDIAN.id), { vendorId: NORTHWIND.id, partnerId: HARBOR.id });
        expect(body).toEqual({ carried: false, partnerEnrolled: false });
      } finally {
        await vendor.dataSource.query('UPDATE distribution_agreements SET active = true WHERE vendor_id = $1 AND distributor_id = $2', [
          NORTHWIND.id,
          MERIDIAN.id,
        ]);
      }
    });

    it('another role or unreadable input → false, false', async () => {
      expect((await ask('networkEligibility', as('PARTNER', BLUEPEAK.id), { vendorId: NORTHWIND.id, partnerId: BLUEPEAK.id })).body).toEqual({
        carried: false,
        partnerEnrolled: false,
      });
      expect((await ask('networkEligibility', as('DISTRIBUTOR', TESSERA.id), { vendorId: 'nope', partnerId: 'x' })).body).toEqual({
        carried: false,
        partnerEnrolled: false,
      });
    });

    it('a request the contract does not read is refused (400)', async () => {
      for (const garbage of [{ vendorId: 'nope', partnerId: [] }, { vendorId: NORTHWIND.id }, null]) {
        const { status, body } = await ask('networkEligibility', as('DISTRIBUTOR', TESSERA.id), garbage);
        expect(status).toBe(400);
        expect(body.error).toMatch(/^networkEligibility: the request is not what this procedure reads: /);
      }
    });
  });

  describe('carriedProducts (caller DISTRIBUTOR)', () => {
    it("each product's vendor and currency, null unless the distributor carries its vendor", async () => {
      const meridian = await ask('carriedProducts', as('DISTRIBUTOR', MERIDIAN.id), { productIds: [nwPlatform.id, atlasCnc.id, UNKNOWN, 'x'] });
      expect(meridian.body).toEqual({ [nwPlatform.id]: { vendorId: NORTHWIND.id, currency: 'USD' }, [atlasCnc.id]: null, [UNKNOWN]: null, x: null });
      const tessera = await ask('carriedProducts', as('DISTRIBUTOR', TESSERA.id), { productIds: [atlasCnc.id] });
      expect(tessera.body).toEqual({ [atlasCnc.id]: { vendorId: ATLAS.id, currency: 'EUR' } });
    });

    it('another role learns nothing', async () => {
      expect((await ask('carriedProducts', as('VENDOR', NORTHWIND.id), { productIds: [nwPlatform.id] })).body).toEqual({ [nwPlatform.id]: null });
      expect((await ask('carriedProducts', as('DISTRIBUTOR', TESSERA.id), { productIds: [] })).body).toEqual({});
    });

    it('a request the contract does not read is refused (400)', async () => {
      for (const garbage of [
        {},
        { productIds: nwPlatform.id },
        { productIds: [42] },
        { productIds: Array.from({ length: 501 }, () => nwPlatform.id) },
      ]) {
        const { status, body } = await ask('carriedProducts', as('DISTRIBUTOR', TESSERA.id), garbage);
        expect(status).toBe(400);
        expect(body.error).toMatch(/^carriedProducts: the request is not what this procedure reads: productIds/);
      }
    });
  });
});

// ---------------------------------------------------------------------------------------------------------------
// Mutations
// ---------------------------------------------------------------------------------------------------------------

type Response = Awaited<ReturnType<typeof subgraphRequest>>;

const gql = (identity: Identity, query: string, variables: Record<string, unknown> = {}) => subgraphRequest(vendor.url, query, variables, identity);
const sql = <T = any>(text: string, params: unknown[] = []): Promise<T[]> => vendor.dataSource.query(text, params);

const expectRefused = (request: () => Promise<Response>, code: string, field?: string) => refusedUnchanged(db.url, request, code, field);

const PROGRAM_FIELDS =
  'id name description protectionDays vendor { id } tiers { id name rank minTrailingRevenue { amount currency } minCertifications minWonDeals discountPercent rebatePercent mdfEligible }';
const CREATE_PROGRAM = `mutation ($input: CreateProgramInput!) { createProgram(input: $input) { ${PROGRAM_FIELDS} } }`;
const UPDATE_PROGRAM = `mutation ($input: UpdateProgramInput!) { updateProgram(input: $input) { ${PROGRAM_FIELDS} } }`;
const INCENTIVE_FIELDS = `id name description kind audience startsOn endsOn program { id } budget { amount currency } spent { amount currency }
  eligibility { minTierRank regions countries partnerTypes minTrailingRevenue { amount currency } requiredCertifications productCategories }`;
const CREATE_INCENTIVE = `mutation ($input: CreateIncentiveInput!) { createIncentive(input: $input) { ${INCENTIVE_FIELDS} } }`;
const UPDATE_INCENTIVE = `mutation ($input: UpdateIncentiveInput!) { updateIncentive(input: $input) { ${INCENTIVE_FIELDS} } }`;
const PARTNERSHIP_FIELDS = 'id status salesMotion partner { id } program { id } tier { id rank } targetRevenue { amount currency } enrolledAt';
const ENROLL = `mutation ($input: EnrollPartnerInput!) { enrollPartner(input: $input) { ${PARTNERSHIP_FIELDS} } }`;
const SET_TIER = `mutation ($partnershipId: ID!, $tierId: ID!, $reason: String!) { setPartnershipTier(partnershipId: $partnershipId, tierId: $tierId, reason: $reason) { ${PARTNERSHIP_FIELDS} } }`;

const usd = (amount: string) => ({ amount, currency: 'USD' });
const tierInput = (rank: number, name: string, over: Record<string, unknown> = {}) => ({
  name,
  rank,
  minTrailingRevenue: usd(String(rank * 1000)),
  minCertifications: rank,
  minWonDeals: rank,
  discountPercent: '5',
  rebatePercent: '1',
  mdfEligible: false,
  ...over,
});
const programInput = (name: string, over: Record<string, unknown> = {}) => ({
  name,
  tiers: [tierInput(1, 'Entry'), tierInput(2, 'Advanced')],
  ...over,
});

describe('createProgram', () => {
  it('creates the program and its tiers (given in any order) in the vendor currency, protection 90 days by default', async () => {
    const response = await gql(NW, CREATE_PROGRAM, {
      input: {
        name: '  Northwind MSP Program ',
        description: 'For managed service providers.\nTwo tiers.',
        tiers: [
          tierInput(2, 'Growth', { minTrailingRevenue: usd('50000.50'), discountPercent: '12.5', rebatePercent: '2.25', mdfEligible: true }),
          tierInput(1, 'Starter', { minTrailingRevenue: usd('0'), minCertifications: 0, minWonDeals: 0, discountPercent: '0', rebatePercent: '0' }),
          tierInput(3, 'Elite', { minTrailingRevenue: usd('50000.50'), discountPercent: '100', rebatePercent: '3' }),
        ],
      },
    });
    expect(response.errors).toBeUndefined();
    const created = response.data!.createProgram;
    expect(created).toMatchObject({
      name: 'Northwind MSP Program',
      description: 'For managed service providers.\nTwo tiers.',
      protectionDays: 90,
      vendor: { id: NORTHWIND.id },
    });
    expect(created.tiers.map((t: any) => [t.rank, t.name, t.minTrailingRevenue.amount, t.discountPercent, t.rebatePercent, t.mdfEligible])).toEqual([
      [1, 'Starter', '0.00', '0.00', '0.00', false],
      [2, 'Growth', '50000.50', '12.50', '2.25', true],
      [3, 'Elite', '50000.50', '100.00', '3.00', false],
    ]);
    const [row] = await sql('SELECT vendor_id, name, protection_days, currency FROM partner_programs WHERE id = $1', [created.id]);
    expect(row).toEqual({ vendor_id: NORTHWIND.id, name: 'Northwind MSP Program', protection_days: 90, currency: 'USD' });
    const tiers = await sql('SELECT rank, name, min_revenue_minor, discount_bps, rebate_bps FROM program_tiers WHERE program_id = $1 ORDER BY rank', [
      created.id,
    ]);
    expect(tiers).toEqual([
      { rank: 1, name: 'Starter', min_revenue_minor: '0', discount_bps: 0, rebate_bps: 0 },
      { rank: 2, name: 'Growth', min_revenue_minor: '5000050', discount_bps: 1250, rebate_bps: 225 },
      { rank: 3, name: 'Elite', min_revenue_minor: '5000050', discount_bps: 10000, rebate_bps: 300 },
    ]);
  });

  it('takes protectionDays 1..365 and a program name another vendor uses', async () => {
    const response = await gql(AT, CREATE_PROGRAM, {
      input: {
        name: program(NORTHWIND.id).name,
        protectionDays: 365,
        tiers: [{ ...tierInput(1, 'Only'), minTrailingRevenue: { amount: '10.5', currency: 'EUR' } }],
      },
    });
    expect(response.errors).toBeUndefined();
    expect(response.data!.createProgram).toMatchObject({
      protectionDays: 365,
      tiers: [{ minTrailingRevenue: { amount: '10.50', currency: 'EUR' } }],
    });
  });

  const long = 'x'.repeat(201);
  it.each([
    ['blank name', programInput('   '), 'input.name'],
    ['name over 200 characters', programInput(long), 'input.name'],
    ['control character in the name', programInput('Bell\u0007 program'), 'input.name'],
    ['description over 2000 characters', programInput('P1', { description: 'd'.repeat(2001) }), 'input.description'],
    ['protectionDays 0', programInput('P1', { protectionDays: 0 }), 'input.protectionDays'],
    ['protectionDays 366', programInput('P1', { protectionDays: 366 }), 'input.protectionDays'],
    ['no tiers', programInput('P1', { tiers: [] }), 'input.tiers'],
    ['duplicate rank', programInput('P1', { tiers: [tierInput(1, 'A'), tierInput(1, 'B')] }), 'input.tiers[1].rank'],
    ['ranks with a gap', programInput('P1', { tiers: [tierInput(1, 'A'), tierInput(3, 'B')] }), 'input.tiers[1].rank'],
    ['rank 0', programInput('P1', { tiers: [tierInput(0, 'A')] }), 'input.tiers[0].rank'],
    ['duplicate tier name (case aside)', programInput('P1', { tiers: [tierInput(1, 'Gold'), tierInput(2, ' gold ')] }), 'input.tiers[1].name'],
    ['blank tier name', programInput('P1', { tiers: [tierInput(1, ' ')] }), 'input.tiers[0].name'],
    [
      'negative threshold',
      programInput('P1', { tiers: [tierInput(1, 'A', { minTrailingRevenue: usd('-1') })] }),
      'input.tiers[0].minTrailingRevenue.amount',
    ],
    [
      'threshold in another currency',
      programInput('P1', { tiers: [tierInput(1, 'A', { minTrailingRevenue: { amount: '1', currency: 'EUR' } })] }),
      'input.tiers[0].minTrailingRevenue.currency',
    ],
    [
      'threshold with 3 decimals',
      programInput('P1', { tiers: [tierInput(1, 'A', { minTrailingRevenue: usd('1.005') })] }),
      'input.tiers[0].minTrailingRevenue.amount',
    ],
    ['negative certifications', programInput('P1', { tiers: [tierInput(1, 'A', { minCertifications: -1 })] }), 'input.tiers[0].minCertifications'],
    ['discount over 100', programInput('P1', { tiers: [tierInput(1, 'A', { discountPercent: '100.01' })] }), 'input.tiers[0].discountPercent'],
    ['discount with 3 decimals', programInput('P1', { tiers: [tierInput(1, 'A', { discountPercent: '12.345' })] }), 'input.tiers[0].discountPercent'],
    ['negative rebate', programInput('P1', { tiers: [tierInput(1, 'A', { rebatePercent: '-1' })] }), 'input.tiers[0].rebatePercent'],
    [
      'revenue decreasing with rank',
      programInput('P1', { tiers: [tierInput(2, 'B', { minTrailingRevenue: usd('10') }), tierInput(1, 'A', { minTrailingRevenue: usd('20') })] }),
      'input.tiers[0].minTrailingRevenue.amount',
    ],
    [
      'certifications decreasing with rank',
      programInput('P1', { tiers: [tierInput(1, 'A', { minCertifications: 3 }), tierInput(2, 'B', { minCertifications: 2 })] }),
      'input.tiers[1].minCertifications',
    ],
    [
      'won deals decreasing with rank',
      programInput('P1', { tiers: [tierInput(1, 'A', { minWonDeals: 3 }), tierInput(2, 'B', { minWonDeals: 2 })] }),
      'input.tiers[1].minWonDeals',
    ],
  ])('%s → BAD_USER_INPUT, nothing written', async (_label, input, field) => {
    await expectRefused(() => gql(NW, CREATE_PROGRAM, { input }), 'BAD_USER_INPUT', field);
  });

  it.each([program(NORTHWIND.id).name, program(NORTHWIND.id).name.toUpperCase()])('a name the vendor already uses (%s) → CONFLICT', async (name) => {
    const response = await expectRefused(() => gql(NW, CREATE_PROGRAM, { input: programInput(name) }), 'CONFLICT');
    expect(response.errors![0].message).toMatch(/already have a program named/);
  });

  it.each(WRONG_ROLES)('$role → FORBIDDEN', async (identity) => {
    await expectRefused(() => gql(identity, CREATE_PROGRAM, { input: programInput('Not mine') }), 'FORBIDDEN');
  });

  it('concurrent creations with the same name: exactly one wins, the others CONFLICT', async () => {
    const responses = await Promise.all(Array.from({ length: 10 }, () => gql(NW, CREATE_PROGRAM, { input: programInput('Race Program') })));
    expect(responses.filter((r) => !r.errors && r.data?.createProgram)).toHaveLength(1);
    expect(responses.filter((r) => r.errors).map((r) => r.errors![0].extensions?.code)).toEqual(Array(9).fill('CONFLICT'));
    expect(await sql(`SELECT count(*)::int AS n FROM partner_programs WHERE vendor_id = $1 AND name = 'Race Program'`, [NORTHWIND.id])).toEqual([
      { n: 1 },
    ]);
    expect(
      await sql(`SELECT count(*)::int AS n FROM program_tiers WHERE program_id IN (SELECT id FROM partner_programs WHERE name = 'Race Program')`),
    ).toEqual([{ n: 2 }]);
  });
});

describe('updateProgram', () => {
  let programId: string;
  beforeAll(async () => {
    programId = (await gql(NW, CREATE_PROGRAM, { input: programInput('Editable Program', { description: 'before' }) })).data!.createProgram.id;
  });

  it('changes name, description and protection days; a field left out is kept', async () => {
    const response = await gql(NW, UPDATE_PROGRAM, { input: { id: programId, name: ' Edited Program ', protectionDays: 120 } });
    expect(response.errors).toBeUndefined();
    expect(response.data!.updateProgram).toMatchObject({ id: programId, name: 'Edited Program', description: 'before', protectionDays: 120 });
    expect(await sql('SELECT name, description, protection_days FROM partner_programs WHERE id = $1', [programId])).toEqual([
      { name: 'Edited Program', description: 'before', protection_days: 120 },
    ]);
  });

  it('clears the description with null; renaming to its own name in another case is allowed', async () => {
    const response = await gql(NW, UPDATE_PROGRAM, { input: { id: programId.toUpperCase(), description: null, name: 'EDITED PROGRAM' } });
    expect(response.errors).toBeUndefined();
    expect(await sql('SELECT name, description FROM partner_programs WHERE id = $1', [programId])).toEqual([
      { name: 'EDITED PROGRAM', description: null },
    ]);
  });

  it.each([
    ['nothing to change', {}, 'input'],
    ['blank name', { name: ' ' }, 'input.name'],
    ['name null', { name: null }, 'input.name'],
    ['protectionDays 0', { protectionDays: 0 }, 'input.protectionDays'],
    ['protectionDays null', { protectionDays: null }, 'input.protectionDays'],
    ['description with a control character', { description: 'a\u0000b' }, 'input.description'],
  ])('%s → BAD_USER_INPUT, nothing written', async (_label, changes, field) => {
    await expectRefused(() => gql(NW, UPDATE_PROGRAM, { input: { id: programId, ...changes } }), 'BAD_USER_INPUT', field);
  });

  it("another of the vendor's program names → CONFLICT", async () => {
    await expectRefused(() => gql(NW, UPDATE_PROGRAM, { input: { id: programId, name: program(NORTHWIND.id).name.toLowerCase() } }), 'CONFLICT');
  });

  it.each([
    ["another vendor's program", program(ATLAS.id).id],
    ['an unknown id', UNKNOWN],
    ['a value that is not an id', 'program-1'],
  ])('%s → NOT_FOUND, nothing written', async (_label, id) => {
    await expectRefused(() => gql(NW, UPDATE_PROGRAM, { input: { id, name: 'Taken over' } }), 'NOT_FOUND');
  });

  it.each(WRONG_ROLES)('$role → FORBIDDEN', async (identity) => {
    await expectRefused(() => gql(identity, UPDATE_PROGRAM, { input: { id: programId, name: 'Taken over' } }), 'FORBIDDEN');
  });
});

const incentiveInput = (over: Record<string, unknown> = {}) => ({
  kind: 'REBATE',
  audience: 'PARTNER',
  name: 'Spring rebate',
  programId: program(NORTHWIND.id).id,
  startsOn: '2027-03-01',
  endsOn: '2027-05-31',
  budget: usd('25000'),
  ...over,
});

describe('createIncentive', () => {
  it('creates an incentive of one of its programs with deduplicated eligibility gates', async () => {
    const response = await gql(NW, CREATE_INCENTIVE, {
      input: incentiveInput({
        description: 'Q2 push',
        eligibility: {
          minTierRank: 4,
          regions: ['EMEA', 'NA', 'EMEA'],
          countries: ['DE', 'US', 'DE'],
          partnerTypes: ['VAR', 'MSP', 'VAR'],
          minTrailingRevenue: usd('1000.5'),
          requiredCertifications: ['NW-ARCH', ' NW-ARCH ', 'NW-SALES'],
          productCategories: ['platform', 'security', 'platform'],
        },
      }),
    });
    expect(response.errors).toBeUndefined();
    const created = response.data!.createIncentive;
    expect(created).toMatchObject({
      name: 'Spring rebate',
      description: 'Q2 push',
      kind: 'REBATE',
      audience: 'PARTNER',
      startsOn: '2027-03-01',
      endsOn: '2027-05-31',
      program: { id: program(NORTHWIND.id).id },
      budget: usd('25000.00'),
      spent: usd('0.00'),
      eligibility: {
        minTierRank: 4,
        regions: ['EMEA', 'NA'],
        countries: ['DE', 'US'],
        partnerTypes: ['VAR', 'MSP'],
        minTrailingRevenue: usd('1000.50'),
        requiredCertifications: ['NW-ARCH', 'NW-SALES'],
        productCategories: ['platform', 'security'],
      },
    });
    const [row] = await sql('SELECT vendor_id, budget_minor, spent_minor, currency, min_revenue_minor, regions FROM incentives WHERE id = $1', [
      created.id,
    ]);
    expect(row).toEqual({
      vendor_id: NORTHWIND.id,
      budget_minor: '2500000',
      spent_minor: '0',
      currency: 'USD',
      min_revenue_minor: '100050',
      regions: ['EMEA', 'NA'],
    });
  });

  it('an incentive without program, budget, end or gates', async () => {
    const response = await gql(NW, CREATE_INCENTIVE, {
      input: { kind: 'SPIFF', audience: 'DISTRIBUTOR', name: 'Open SPIFF', startsOn: '2027-01-01' },
    });
    expect(response.errors).toBeUndefined();
    expect(response.data!.createIncentive).toMatchObject({
      program: null,
      endsOn: null,
      budget: null,
      eligibility: {
        minTierRank: null,
        regions: [],
        countries: [],
        partnerTypes: [],
        minTrailingRevenue: null,
        requiredCertifications: [],
        productCategories: [],
      },
    });
  });

  it.each([
    ['blank name', { name: '' }, 'input.name'],
    ['ends before it starts', { endsOn: '2027-02-28' }, 'input.endsOn'],
    ['negative budget', { budget: usd('-0.01') }, 'input.budget.amount'],
    ['budget in another currency', { budget: { amount: '10', currency: 'EUR' } }, 'input.budget.currency'],
    ['budget currency that is no code', { budget: { amount: '10', currency: 'usd' } }, 'input.budget.currency'],
    ['minTierRank 0', { eligibility: { minTierRank: 0 } }, 'input.eligibility.minTierRank'],
    ["minTierRank above the program's highest rank", { eligibility: { minTierRank: 5 } }, 'input.eligibility.minTierRank'],
    ['unknown region', { eligibility: { regions: ['EMEA', 'MARS'] } }, 'input.eligibility.regions[1]'],
    ['lower-case country', { eligibility: { countries: ['de'] } }, 'input.eligibility.countries[0]'],
    ['country that is not ISO 3166', { eligibility: { countries: ['XX'] } }, 'input.eligibility.countries[0]'],
    ['negative revenue gate', { eligibility: { minTrailingRevenue: usd('-5') } }, 'input.eligibility.minTrailingRevenue.amount'],
    ['blank certification code', { eligibility: { requiredCertifications: ['NW-ARCH', '  '] } }, 'input.eligibility.requiredCertifications[1]'],
    ['product category over 100 characters', { eligibility: { productCategories: ['c'.repeat(101)] } }, 'input.eligibility.productCategories[0]'],
  ])('%s → BAD_USER_INPUT, nothing written', async (_label, over, field) => {
    await expectRefused(() => gql(NW, CREATE_INCENTIVE, { input: incentiveInput(over) }), 'BAD_USER_INPUT', field);
  });

  it('a date that is not a calendar date is refused before it reaches the resolver', async () => {
    await expectRefused(() => gql(NW, CREATE_INCENTIVE, { input: incentiveInput({ startsOn: '2027-02-30' }) }), 'BAD_USER_INPUT');
  });

  it.each([
    ["another vendor's program", program(ATLAS.id).id],
    ['an unknown program', UNKNOWN],
    ['a program id that is not an id', 'p'],
  ])('%s → NOT_FOUND, nothing written', async (_label, programId) => {
    await expectRefused(() => gql(NW, CREATE_INCENTIVE, { input: incentiveInput({ programId }) }), 'NOT_FOUND');
  });

  it.each(WRONG_ROLES)('$role → FORBIDDEN', async (identity) => {
    await expectRefused(() => gql(identity, CREATE_INCENTIVE, { input: incentiveInput() }), 'FORBIDDEN');
  });
});

describe('updateIncentive', () => {
  const rebate = incentive('Gold and Platinum quarterly rebate'); // budget 500000.00, spent 125000.00, min tier rank 3

  it('changes the budget, end and some gates; gates left out are kept, null clears one', async () => {
    const response = await gql(NW, UPDATE_INCENTIVE, {
      input: { id: rebate.id, budget: usd('125000'), endsOn: '2027-01-31', eligibility: { regions: ['APAC', 'LATAM'], minTierRank: null } },
    });
    expect(response.errors).toBeUndefined();
    expect(response.data!.updateIncentive).toMatchObject({
      budget: usd('125000.00'),
      endsOn: '2027-01-31',
      eligibility: { regions: ['APAC', 'LATAM'], minTierRank: null, partnerTypes: rebate.partnerTypes },
    });
    expect(await sql('SELECT budget_minor, ends_on::text, regions, min_tier_rank, name FROM incentives WHERE id = $1', [rebate.id])).toEqual([
      { budget_minor: '12500000', ends_on: '2027-01-31', regions: ['APAC', 'LATAM'], min_tier_rank: null, name: rebate.name },
    ]);
  });

  it('renames, clears description, end and budget', async () => {
    const response = await gql(NW, UPDATE_INCENTIVE, {
      input: { id: rebate.id, name: 'Renamed rebate', description: null, endsOn: null, budget: null },
    });
    expect(response.errors).toBeUndefined();
    expect(await sql('SELECT name, description, ends_on::text, budget_minor FROM incentives WHERE id = $1', [rebate.id])).toEqual([
      { name: 'Renamed rebate', description: null, ends_on: null, budget_minor: null },
    ]);
  });

  it.each([
    ['nothing to change', {}, 'input'],
    ['empty eligibility', { eligibility: {} }, 'input'],
    ['name null', { name: null }, 'input.name'],
    ['budget below what is spent', { budget: usd('124999.99') }, 'input.budget'],
    ['budget in another currency', { budget: { amount: '200000', currency: 'EUR' } }, 'input.budget.currency'],
    ['end before the start', { endsOn: '2025-12-31' }, 'input.endsOn'],
    ["minTierRank above the program's highest rank", { eligibility: { minTierRank: 5 } }, 'input.eligibility.minTierRank'],
    ['unknown partner type is refused by the schema', { eligibility: { partnerTypes: ['OEM'] } }, undefined],
    ['duplicate-free but blank category', { eligibility: { productCategories: [''] } }, 'input.eligibility.productCategories[0]'],
  ])('%s → BAD_USER_INPUT, nothing written', async (_label, changes, field) => {
    await expectRefused(() => gql(NW, UPDATE_INCENTIVE, { input: { id: rebate.id, ...changes } }), 'BAD_USER_INPUT', field);
  });

  it.each([
    ["another vendor's incentive", incentive('Integrator trade show fund').id],
    ['an unknown id', UNKNOWN],
    ['a value that is not an id', '42'],
  ])('%s → NOT_FOUND, nothing written', async (_label, id) => {
    await expectRefused(() => gql(NW, UPDATE_INCENTIVE, { input: { id, name: 'Mine now' } }), 'NOT_FOUND');
  });

  it.each(WRONG_ROLES)('$role → FORBIDDEN', async (identity) => {
    await expectRefused(() => gql(identity, UPDATE_INCENTIVE, { input: { id: rebate.id, name: 'Mine now' } }), 'FORBIDDEN');
  });
});

describe('enrollPartner', () => {
  const nwProgram = program(NORTHWIND.id);
  const [first, second, third] = ['ember-systems', 'helix-systems', 'summit-systems'].map(partnerBySlug);

  it("invites a partner (INVITED, version 1) at the program's entry tier by default, target in the vendor currency", async () => {
    const response = await gql(NW, ENROLL, {
      input: { partnerId: first.id, programId: nwProgram.id, salesMotion: 'SELL_THROUGH', targetRevenue: usd('75000') },
    });
    expect(response.errors).toBeUndefined();
    expect(response.data!.enrollPartner).toMatchObject({
      status: 'INVITED',
      salesMotion: 'SELL_THROUGH',
      partner: { id: first.id },
      program: { id: nwProgram.id },
      tier: { id: tier(NORTHWIND.id, 'Registered').id, rank: 1 },
      targetRevenue: usd('75000.00'),
    });
    const [row] = await sql(
      `SELECT vendor_id, status, tier_id, target_revenue_minor, currency, date_part('microseconds', enrolled_at)::int % 1000 AS sub_ms
      FROM partnerships WHERE partner_id = $1 AND vendor_id = $2`,
      [first.id, NORTHWIND.id],
    );
    expect(row).toEqual({
      vendor_id: NORTHWIND.id,
      status: 'INVITED',
      tier_id: tier(NORTHWIND.id, 'Registered').id,
      target_revenue_minor: '7500000',
      currency: 'USD',
      sub_ms: 0,
    });
  });

  it('at a given tier of the program, without target', async () => {
    const gold = tier(NORTHWIND.id, 'Gold');
    const response = await gql(NW, ENROLL, {
      input: { partnerId: second.id.toUpperCase(), programId: nwProgram.id, tierId: gold.id, salesMotion: 'HYBRID' },
    });
    expect(response.errors).toBeUndefined();
    expect(response.data!.enrollPartner).toMatchObject({ tier: { id: gold.id }, targetRevenue: null });
    expect(await sql('SELECT tier_id, partner_id FROM partnerships WHERE partner_id = $1 AND vendor_id = $2', [second.id, NORTHWIND.id])).toEqual([
      { tier_id: gold.id, partner_id: second.id },
    ]);
  });

  it.each([
    ['a partner id that is not an id', { partnerId: 'ember' }, 'input.partnerId'],
    ["a tier of another vendor's program", { tierId: tier(ATLAS.id, 'Premier').id }, 'input.tierId'],
    ['a tier id that is not an id', { tierId: 'gold' }, 'input.tierId'],
    ['a negative target', { targetRevenue: usd('-1') }, 'input.targetRevenue.amount'],
    ['a target in another currency', { targetRevenue: { amount: '1', currency: 'EUR' } }, 'input.targetRevenue.currency'],
  ])('%s → BAD_USER_INPUT, nothing written', async (_label, over, field) => {
    await expectRefused(
      () => gql(NW, ENROLL, { input: { partnerId: third.id, programId: nwProgram.id, salesMotion: 'SELL_TO', ...over } }),
      'BAD_USER_INPUT',
      field,
    );
  });

  it.each([
    ["another vendor's program", program(ATLAS.id).id],
    ['an unknown program', UNKNOWN],
  ])('%s → NOT_FOUND, nothing written', async (_label, programId) => {
    await expectRefused(() => gql(NW, ENROLL, { input: { partnerId: third.id, programId, salesMotion: 'SELL_TO' } }), 'NOT_FOUND');
  });

  it('nothing confirms the unseen: an unknown partner id gets the same answer as a known one (INVITED)', async () => {
    const outsider = eco.partners.find(
      (p) => ![first, second, third].includes(p) && !eco.partnerships.some((ps) => ps.partnerId === p.id && ps.vendorId === NORTHWIND.id),
    )!;
    const known = await gql(NW, ENROLL, { input: { partnerId: outsider.id, programId: nwProgram.id, salesMotion: 'SELL_TO' } });
    const unknown = await gql(NW, ENROLL, { input: { partnerId: UNKNOWN, programId: nwProgram.id, salesMotion: 'SELL_TO' } });
    const shape = (r: typeof known) => ({ ...r.data!.enrollPartner, id: 'id', partner: 'partner', enrolledAt: 'at' });
    expect(known.errors).toBeUndefined();
    expect(unknown.errors).toBeUndefined();
    expect(shape(unknown)).toEqual(shape(known));
  });

  it('a partner already enrolled with the vendor (any status) → CONFLICT', async () => {
    await expectRefused(() => gql(NW, ENROLL, { input: { partnerId: BLUEPEAK.id, programId: nwProgram.id, salesMotion: 'SELL_TO' } }), 'CONFLICT');
    const suspended = eco.partnerships.find((p) => p.vendorId === NORTHWIND.id && p.status === 'SUSPENDED')!;
    const response = await expectRefused(
      () => gql(NW, ENROLL, { input: { partnerId: suspended.partnerId, programId: nwProgram.id, salesMotion: 'SELL_TO' } }),
      'CONFLICT',
    );
    expect(response.errors![0].message).toMatch(/SUSPENDED/);
  });

  it.each(WRONG_ROLES)('$role → FORBIDDEN', async (identity) => {
    await expectRefused(
      () => gql(identity, ENROLL, { input: { partnerId: third.id, programId: nwProgram.id, salesMotion: 'SELL_TO' } }),
      'FORBIDDEN',
    );
  });

  it('concurrent enrollments of one partner: exactly one wins, the others CONFLICT', async () => {
    const responses = await Promise.all(
      Array.from({ length: 6 }, () => gql(NW, ENROLL, { input: { partnerId: third.id, programId: nwProgram.id, salesMotion: 'SELL_TO' } })),
    );
    expect(responses.filter((r) => !r.errors)).toHaveLength(1);
    expect(responses.filter((r) => r.errors).map((r) => r.errors![0].extensions?.code)).toEqual(Array(5).fill('CONFLICT'));
    expect(await sql('SELECT count(*)::int AS n FROM partnerships WHERE partner_id = $1', [third.id])).toEqual([{ n: 1 }]);
  });
});

describe('setPartnershipTier', () => {
  const bluepeak = partnershipOf(NORTHWIND.id, BLUEPEAK.id); // Gold
  const changes = (partnershipId: string) =>
    sql(
      `SELECT from_tier_id, to_tier_id, reason, changed_by_subject, date_part('microseconds', changed_at)::int % 1000 AS sub_ms
      FROM partnership_tier_changes WHERE partnership_id = $1 ORDER BY changed_at, id`,
      [partnershipId],
    );

  it('moves the partnership to another tier of its program and records who, from, to and why', async () => {
    const platinum = tier(NORTHWIND.id, 'Platinum');
    const response = await gql(NW, SET_TIER, { partnershipId: bluepeak.id, tierId: platinum.id, reason: '  Exceptional Q3 pipeline  ' });
    expect(response.errors).toBeUndefined();
    expect(response.data!.setPartnershipTier).toMatchObject({ id: bluepeak.id, tier: { id: platinum.id, rank: 4 } });
    expect(await sql('SELECT tier_id FROM partnerships WHERE id = $1', [bluepeak.id])).toEqual([{ tier_id: platinum.id }]);
    expect(await changes(bluepeak.id)).toEqual([
      {
        from_tier_id: tier(NORTHWIND.id, 'Gold').id,
        to_tier_id: platinum.id,
        reason: 'Exceptional Q3 pipeline',
        changed_by_subject: 'user:northwind-admin',
        sub_ms: 0,
      },
    ]);
  });

  it.each([
    ["a tier of another vendor's program", { tierId: tier(ATLAS.id, 'Premier').id }, 'tierId'],
    ['a tier id that is not an id', { tierId: 'platinum' }, 'tierId'],
    ['the tier it already has', { tierId: tier(NORTHWIND.id, 'Platinum').id }, 'tierId'],
    ['a blank reason', { reason: ' \n ' }, 'reason'],
    ['a reason over 2000 characters', { reason: 'r'.repeat(2001) }, 'reason'],
    ['a reason with a control character', { reason: 'because\u001b' }, 'reason'],
  ])('%s → BAD_USER_INPUT, nothing written', async (_label, over, field) => {
    await expectRefused(
      () => gql(NW, SET_TIER, { partnershipId: bluepeak.id, tierId: tier(NORTHWIND.id, 'Silver').id, reason: 'Review', ...over }),
      'BAD_USER_INPUT',
      field,
    );
  });

  it.each([
    ["another vendor's partnership", partnershipOf(ATLAS.id, IONIC.id).id],
    ['an unknown partnership', UNKNOWN],
    ['a value that is not an id', 'p-1'],
  ])('%s → NOT_FOUND, nothing written', async (_label, partnershipId) => {
    await expectRefused(() => gql(NW, SET_TIER, { partnershipId, tierId: tier(NORTHWIND.id, 'Silver').id, reason: 'Review' }), 'NOT_FOUND');
  });

  it.each(WRONG_ROLES)('$role → FORBIDDEN', async (identity) => {
    await expectRefused(
      () => gql(identity, SET_TIER, { partnershipId: bluepeak.id, tierId: tier(NORTHWIND.id, 'Silver').id, reason: 'Review' }),
      'FORBIDDEN',
    );
  });

  it('a TERMINATED partnership keeps its tier → CONFLICT', async () => {
    const harbor = partnershipOf(NORTHWIND.id, HARBOR.id);
    await sql(`UPDATE partnerships SET status = 'TERMINATED' WHERE id = $1`, [harbor.id]);
    try {
      await expectRefused(() => gql(NW, SET_TIER, { partnershipId: harbor.id, tierId: tier(NORTHWIND.id, 'Gold').id, reason: 'Review' }), 'CONFLICT');
    } finally {
      await sql(`UPDATE partnerships SET status = 'ACTIVE' WHERE id = $1`, [harbor.id]);
    }
  });

  it('concurrent changes are recorded one after another, each from the tier it really left', async () => {
    const ionic = partnershipOf(NORTHWIND.id, IONIC.id); // Platinum
    const [silver, gold] = [tier(NORTHWIND.id, 'Silver').id, tier(NORTHWIND.id, 'Gold').id];
    const responses = await Promise.all(
      Array.from({ length: 8 }, (_, k) => gql(NW, SET_TIER, { partnershipId: ionic.id, tierId: k % 2 ? gold : silver, reason: `change ${k}` })),
    );
    const succeeded = responses.filter((r) => !r.errors).length;
    expect(responses.filter((r) => r.errors).every((r) => r.errors![0].extensions?.field === 'tierId')).toBe(true);
    const rows = await changes(ionic.id);
    expect(rows).toHaveLength(succeeded);
    // a chain: the first change leaves Platinum, each next one leaves the tier the previous one set
    const [current] = await sql<{ tier_id: string }>('SELECT tier_id FROM partnerships WHERE id = $1', [ionic.id]);
    const unused = [...rows];
    let at = tier(NORTHWIND.id, 'Platinum').id;
    while (unused.length) {
      const next = unused.findIndex((row) => row.from_tier_id === at);
      expect(next).toBeGreaterThanOrEqual(0);
      at = unused.splice(next, 1)[0].to_tier_id;
    }
    expect(at).toBe(current.tier_id);
  });
});

describe('migration PartnershipTierChanges', () => {
  it('down drops partnership_tier_changes (and the case-insensitive name index); up creates them again', async () => {
    const empty = await createTestDatabase({ empty: true });
    const dataSource = await openDatabase(databaseOptions(empty.url));
    try {
      const exists = async () =>
        (
          await dataSource.query(
            `SELECT to_regclass('vendor.partnership_tier_changes') IS NOT NULL AS t, to_regclass('vendor.partner_programs_vendor_lower_name_key') IS NOT NULL AS i`,
          )
        )[0];
      expect(await exists()).toEqual({ t: true, i: true });
      // the migrations after it are undone first, newest first
      const last = async () => (await dataSource.query(`SELECT name FROM migrations ORDER BY timestamp DESC LIMIT 1`))[0].name;
      while ((await last()) !== 'PartnershipTierChanges1795600000000') await dataSource.undoLastMigration();
      await dataSource.undoLastMigration();
      expect(await exists()).toEqual({ t: false, i: false });
      expect(await dataSource.query(`SELECT to_regclass('vendor.partnerships') IS NOT NULL AS t`)).toEqual([{ t: true }]);
      await dataSource.runMigrations();
      expect(await exists()).toEqual({ t: true, i: true });
    } finally {
      await dataSource.destroy();
      await empty.drop();
    }
  });
});

describe('through the gateway', () => {
  it('a vendor creates a program and enrolls a partner in it; a partner is refused before any subgraph runs the mutation', async () => {
    const { startTestStack } = await import('./support/stack');
    const stack = await startTestStack(db.url);
    try {
      const created = await stack.as('atlas-machinery', CREATE_PROGRAM, {
        input: { name: 'Atlas Service Partners', tiers: [{ ...tierInput(1, 'Service'), minTrailingRevenue: { amount: '0', currency: 'EUR' } }] },
      });
      expect(created.errors).toBeUndefined();
      const programId = created.data!.createProgram.id;
      const enrolled = await stack.as('atlas-machinery', ENROLL, { input: { partnerId: HARBOR.id, programId, salesMotion: 'SELL_WITH' } });
      expect(enrolled.errors).toBeUndefined();
      expect(enrolled.data!.enrollPartner).toMatchObject({ status: 'INVITED', program: { id: programId }, tier: { rank: 1 } });
      const before = await databaseFingerprint(db.url);
      // the subgraph's error reaches the caller with its code (not as the gateway's "409: Conflict")
      const invalid = await stack.as('atlas-machinery', CREATE_PROGRAM, { input: { name: 'atlas service PARTNERS', tiers: [] } });
      expect(invalid.errors?.map((e) => [e.extensions?.code, e.path])).toEqual([['BAD_USER_INPUT', ['createProgram']]]);
      const conflict = await stack.as('atlas-machinery', UPDATE_PROGRAM, { input: { id: programId, name: program(ATLAS.id).name } });
      expect(conflict.errors?.map((e) => e.extensions?.code)).toEqual(['CONFLICT']);
      const refused = await stack.as('bluepeak-it', CREATE_PROGRAM, { input: programInput('Partner-made') });
      expect(refused.errors?.[0].extensions?.code).toBe('FORBIDDEN');
      expect(await databaseFingerprint(db.url)).toEqual(before);
    } finally {
      await stack.stop();
    }
  });
});

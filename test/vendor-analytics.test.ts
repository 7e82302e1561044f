import { randomUUID } from 'node:crypto';
import { TESSERA, demoEcosystem } from '../tooling/demo/catalog';
import type { Identity } from '../common/identity';
import { prorate } from '../subgraphs/vendor/services/period';
import { TestData } from './support/builder';
import { pinToday } from './support/clock';
import { createTestDatabase, type TestDatabase } from './support/database';
import { startSubgraphs, subgraphRequest, type RunningSubgraph } from './support/subgraph';

/**
 * Vendor analytics: direct sales and channel mix, partnership scorecards, tier evaluation and incentive eligibility.
 * A small world of its own (two vendors, five partners, deals, sell-through, direct sales, incentives) is written
 * through the test-data builder into the test's private database, dated relative to today (UTC, one pinned clock for
 * the test and the subgraphs); every expected figure below is worked out by hand from these rows.
 */

const DAY = 86_400_000;
// the rows are dated relative to today, and the subgraphs read the same pinned clock
const TODAY = pinToday();
const day = (offset: number) => new Date(Date.parse(`${TODAY}T00:00:00Z`) + offset * DAY).toISOString().slice(0, 10);
const at = (offset: number) => `${day(offset)}T12:00:00.000Z`;
const as = (role: Identity['role'], organizationId: string): Identity => ({
  subject: `user:${role.toLowerCase()}-analyst`,
  role,
  organizationId,
  groups: ['ADMIN'],
});

// the world
const VA = { id: randomUUID(), slug: 'analytics-vendor', name: 'Analytics Vendor', currency: 'USD' };
const VB = { id: randomUUID(), slug: 'other-analytics-vendor', name: 'Other Analytics Vendor', currency: 'EUR' };
const PROGRAM_M = randomUUID();
const PROGRAM_N = randomUUID();
const PROGRAM_VB = randomUUID();
const TIER = { registered: randomUUID(), silver: randomUUID(), gold: randomUUID(), n1: randomUUID(), n2: randomUUID(), vb1: randomUUID() };
const partner = (slug: string, types: string[], region: string, country: string) => ({
  id: randomUUID(),
  slug,
  name: slug.replace(/-/g, ' '),
  types,
  region,
  country,
});
const P1 = partner('analytics-alpha', ['VAR'], 'EMEA', 'DE');
const P2 = partner('analytics-bravo', ['MSP'], 'NA', 'US');
const P3 = partner('analytics-charlie', ['SI', 'VAR'], 'EMEA', 'FR');
const P4 = partner('analytics-delta', ['REFERRAL'], 'NA', 'CA');
const P5 = partner('analytics-echo', ['VAR'], 'EMEA', 'DE');
const PARTNERS = [P1, P2, P3, P4, P5];
const PS = { p1: randomUUID(), p2: randomUUID(), p3: randomUUID(), p4: randomUUID(), p5: randomUUID(), vbP1: randomUUID() };
const PRODUCT = { sec: randomUUID(), plat: randomUUID(), vbMachine: randomUUID() };
const ACCOUNT = { a: randomUUID(), b: randomUUID() };

const INCENTIVES = ['I1', 'I2', 'I3', 'I4', 'I5', 'I6', 'I7', 'I8', 'I8b', 'I9', 'I10', 'I11', 'I12', 'I13', 'I14', 'I15', 'I16'] as const;
type IncentiveKey = (typeof INCENTIVES)[number];
const I = Object.fromEntries(INCENTIVES.map((key) => [key, randomUUID()])) as Record<IncentiveKey, string>;

let db: TestDatabase;
let graphs: Awaited<ReturnType<typeof startSubgraphs>>;
let vendor: RunningSubgraph;
let data: TestData;
const sql = (text: string, params: unknown[] = []) => vendor.dataSource.query(text, params);

async function createWorld(): Promise<void> {
  data = new TestData(vendor.dataSource);
  // vendor context
  for (const v of [VA, VB]) await data.vendor({ id: v.id, slug: v.slug, name: v.name, headquartersCountry: 'US', currency: v.currency });
  for (const [id, vendorId, name, currency] of [
    [PROGRAM_M, VA.id, 'Main', 'USD'],
    [PROGRAM_N, VA.id, 'Referral', 'USD'],
    [PROGRAM_VB, VB.id, 'VB Program', 'EUR'],
  ]) {
    await data.program({ id, vendorId, name, currency });
  }
  const tiers: [string, string, string, number, number, number, number][] = [
    // id, program, name, rank, min revenue (minor), certifications, won deals
    [TIER.registered, PROGRAM_M, 'Registered', 1, 0, 0, 0],
    [TIER.silver, PROGRAM_M, 'Silver', 2, 100_000_00, 1, 2],
    [TIER.gold, PROGRAM_M, 'Gold', 3, 500_000_00, 2, 4],
    [TIER.n1, PROGRAM_N, 'Referrer', 1, 0, 0, 0],
    [TIER.n2, PROGRAM_N, 'Top referrer', 2, 100_000_00, 0, 0],
    [TIER.vb1, PROGRAM_VB, 'Member', 1, 0, 0, 0],
  ];
  for (const [id, programId, name, rank, minRevenueMinor, minCertifications, minWonDeals] of tiers) {
    await data.tier({ id, programId, name, rank, minRevenueMinor, minCertifications, minWonDeals });
  }
  const partnerships: [string, string, string, string, string, string, number | null, string][] = [
    // id, vendor, partner, program, tier, status, target (minor), currency
    [PS.p1, VA.id, P1.id, PROGRAM_M, TIER.registered, 'ACTIVE', 365_000_00, 'USD'],
    [PS.p2, VA.id, P2.id, PROGRAM_M, TIER.silver, 'ACTIVE', null, 'USD'],
    [PS.p3, VA.id, P3.id, PROGRAM_M, TIER.gold, 'ACTIVE', 0, 'USD'],
    [PS.p4, VA.id, P4.id, PROGRAM_N, TIER.n1, 'ACTIVE', 100_000_00, 'USD'],
    [PS.p5, VA.id, P5.id, PROGRAM_M, TIER.registered, 'SUSPENDED', 100_000_00, 'USD'],
    [PS.vbP1, VB.id, P1.id, PROGRAM_VB, TIER.vb1, 'ACTIVE', 36_500_00, 'EUR'],
  ];
  for (const [index, [id, vendorId, partnerId, programId, tierId, status, targetRevenueMinor, currency]] of partnerships.entries()) {
    await data.partnership({
      id,
      vendorId,
      partnerId,
      programId,
      tierId,
      status,
      salesMotion: 'HYBRID',
      targetRevenueMinor,
      currency,
      enrolledAt: at(-500 + index),
    });
  }
  for (const [id, vendorId, sku, category, currency] of [
    [PRODUCT.sec, VA.id, 'AV-SEC', 'security', 'USD'],
    [PRODUCT.plat, VA.id, 'AV-PLAT', 'platform', 'USD'],
    [PRODUCT.vbMachine, VB.id, 'VB-M', 'machinery', 'EUR'],
  ]) {
    await data.product({ id, vendorId, sku, name: sku, category, listPriceMinor: 100000, unitCostMinor: 50000, currency });
  }
  await data.directAccount({ id: ACCOUNT.a, vendorId: VA.id, customerName: 'Account A', domain: 'account-a.example' });
  await data.directAccount({ id: ACCOUNT.b, vendorId: VA.id, customerName: 'Account B', domain: 'account-b.example' });
  const directSales: [string | null, string, number, string, number][] = [
    // account, channel, amount (minor), currency, day
    [ACCOUNT.a, 'DIRECT', 100_000_00, 'USD', -10],
    [ACCOUNT.b, 'DIRECT', 50_000_00, 'USD', -200], // before the period
    [null, 'MARKETPLACE', 30_000_00, 'USD', -99], // first day of the period
    [null, 'MARKETPLACE', 5_000_00, 'EUR', -5], // another currency
    [null, 'DIRECT', 1_000_00, 'USD', -100], // the day before the period
  ];
  for (const [directAccountId, channel, amountMinor, currency, offset] of directSales) {
    await data.directSale({ vendorId: VA.id, directAccountId, channel, amountMinor, currency, soldOn: day(offset) });
  }
  type Gates = {
    audience?: string;
    startsOn?: string;
    endsOn?: string | null;
    minTierRank?: number;
    regions?: string[];
    countries?: string[];
    partnerTypes?: string[];
    minRevenueMinor?: number;
    certs?: string[];
    categories?: string[];
  };
  const incentive = async (key: IncentiveKey, vendorId: string, programId: string | null, currency: string, g: Gates) =>
    data.incentive({
      id: I[key],
      vendorId,
      programId,
      kind: 'REBATE',
      audience: g.audience ?? 'PARTNER',
      name: `${key} incentive`,
      startsOn: g.startsOn ?? day(-30),
      endsOn: g.endsOn === undefined ? day(30) : g.endsOn,
      currency,
      minTierRank: g.minTierRank ?? null,
      regions: g.regions ?? [],
      countries: g.countries ?? [],
      partnerTypes: g.partnerTypes ?? [],
      minRevenueMinor: g.minRevenueMinor ?? null,
      requiredCertifications: g.certs ?? [],
      productCategories: g.categories ?? [],
    });
  await incentive('I1', VA.id, PROGRAM_M, 'USD', { minTierRank: 2 });
  await incentive('I2', VA.id, PROGRAM_M, 'USD', { regions: ['EMEA'] });
  await incentive('I3', VA.id, null, 'USD', { countries: ['US', 'CA'] });
  await incentive('I4', VA.id, PROGRAM_M, 'USD', { partnerTypes: ['VAR'], endsOn: day(0) }); // its last day is today
  await incentive('I5', VA.id, PROGRAM_M, 'USD', { minRevenueMinor: 370_000_00 }); // exactly P1's trailing revenue
  await incentive('I6', VA.id, PROGRAM_M, 'USD', { certs: ['CERT-A', 'CERT-B'] });
  await incentive('I7', VA.id, PROGRAM_M, 'USD', { categories: ['security'] });
  const combined: Gates = {
    minTierRank: 2,
    regions: ['EMEA'],
    partnerTypes: ['SI', 'MSP'],
    certs: ['CERT-C'],
    minRevenueMinor: 500_000_00,
    categories: ['platform'],
  };
  await incentive('I8', VA.id, PROGRAM_M, 'USD', combined);
  await incentive('I8b', VA.id, PROGRAM_M, 'USD', { ...combined, minRevenueMinor: 700_000_00 });
  await incentive('I9', VA.id, null, 'USD', { startsOn: day(0), endsOn: null }); // starts today, no end, no gate
  await incentive('I10', VA.id, null, 'USD', { startsOn: day(-30), endsOn: day(-1) }); // ended yesterday
  await incentive('I11', VA.id, null, 'USD', { startsOn: day(1) }); // starts tomorrow
  await incentive('I12', VA.id, null, 'USD', { audience: 'DISTRIBUTOR' });
  await incentive('I13', VB.id, null, 'EUR', {});
  // certification gates count the vendor's own, verified: P1's CERT-D for VA is only recorded, its CERT-E is VB's
  await incentive('I14', VA.id, null, 'USD', { certs: ['CERT-D'] });
  await incentive('I15', VB.id, null, 'EUR', { certs: ['CERT-E'] });
  await incentive('I16', VA.id, null, 'USD', { certs: ['CERT-E'] });

  // partner context
  for (const p of PARTNERS) {
    await data.partner({ id: p.id, slug: p.slug, name: p.name, partnerTypes: p.types, salesMotion: 'HYBRID', region: p.region, country: p.country });
  }
  // without a vendor: held before certifications named one, verified, counted for every vendor
  const certifications: [string, string, number | null, { vendorId: string; verifiedAt: string | null }?][] = [
    [P1.id, 'CERT-A', 300],
    [P1.id, 'CERT-B', -1], // CERT-B expired yesterday
    [P1.id, 'CERT-D', 300, { vendorId: VA.id, verifiedAt: null }], // recorded, not verified: named, not counted
    [P1.id, 'CERT-E', 300, { vendorId: VB.id, verifiedAt: '2000-01-01T00:00:00Z' }], // another vendor's: not counted for VA
    [P1.id, 'CERT-F', -1, { vendorId: VA.id, verifiedAt: null }], // expired: nothing at all
    [P2.id, 'CERT-A', 300],
    [P2.id, 'CERT-B', 0], // CERT-B expires today: still valid
    [P3.id, 'CERT-A', null],
    [P3.id, 'CERT-B', 300],
    [P3.id, 'CERT-C', 300],
  ];
  for (const [partnerId, code, expires, recorded] of certifications) {
    await data.certification({
      partnerId,
      code,
      name: code,
      holderName: 'Sam Analyst',
      earnedOn: day(-400),
      expiresOn: expires === null ? null : day(expires),
      ...recorded,
    });
  }
  const deals: [string, string, 'WON' | 'LOST', number, string, number, string][] = [
    // partner, vendor, status, final amount (minor), currency, closed on (day), product
    [P1.id, VA.id, 'WON', 200_000_00, 'USD', -20, PRODUCT.sec],
    [P1.id, VA.id, 'WON', 150_000_00, 'USD', -150, PRODUCT.plat], // in the trailing year, before the period
    [P1.id, VA.id, 'LOST', 0, 'USD', -30, PRODUCT.plat],
    [P2.id, VA.id, 'WON', 80_000_00, 'USD', -50, PRODUCT.plat],
    [P2.id, VA.id, 'WON', 999_000_00, 'USD', -400, PRODUCT.sec], // before the trailing year
    [P3.id, VA.id, 'WON', 300_000_00, 'USD', -10, PRODUCT.plat],
    [P3.id, VA.id, 'WON', 250_000_00, 'USD', -60, PRODUCT.plat],
    [P3.id, VA.id, 'WON', 10_000_00, 'EUR', -70, PRODUCT.plat], // another currency
    [P3.id, VA.id, 'WON', 50_000_00, 'USD', -80, PRODUCT.plat],
    [P1.id, VB.id, 'WON', 5_000_00, 'EUR', -3, PRODUCT.vbMachine],
  ];
  for (const [index, [partnerId, vendorId, status, finalMinor, currency, closed, productId]] of deals.entries()) {
    const id = await data.deal({
      partnerId,
      vendorId,
      customerName: `Customer ${index}`,
      customerDomain: `customer-${index}.example`,
      amountMinor: Math.max(finalMinor, 1_000_00),
      finalAmountMinor: status === 'WON' ? finalMinor : null,
      currency,
      expectedCloseDate: day(closed),
      status,
      createdAt: at(closed - 40),
      updatedAt: at(closed),
    });
    await data.dealLine({ dealId: id, productId, quantity: 1, position: 0 });
    const events: [string | null, string, number][] = [
      [null, 'SUBMITTED', closed - 40],
      ['SUBMITTED', 'APPROVED', closed - 35],
      ['APPROVED', status, closed],
    ];
    for (const [fromStatus, toStatus, when] of events) {
      await data.dealEvent({
        dealId: id,
        fromStatus,
        toStatus,
        actorSubject: 'user:test',
        actorRole: 'PARTNER',
        actorOrganizationId: partnerId,
        at: at(when),
      });
    }
    // verified by the vendor at the claim: every figure here is verified revenue (unverified claims: verified-revenue.test.ts)
    if (status === 'WON')
      await data.verification({ dealId: id, amountMinor: finalMinor, actorRole: 'VENDOR', actorOrganizationId: vendorId, at: at(closed + 1) });
  }

  // distributor context
  const sellThrough: [string, number, string, number][] = [
    // partner, amount (minor), currency, sold on (day)
    [P1.id, 20_000_00, 'USD', -5],
    [P1.id, 7_000_00, 'EUR', -5], // another currency
    [P2.id, 15_000_00, 'USD', -120], // in the trailing year, before the period
    [P4.id, 100_000_00, 'USD', -99], // first day of the period
  ];
  for (const [index, [partnerId, amountMinor, currency, sold]] of sellThrough.entries()) {
    await data.sellThrough({
      distributorId: TESSERA.id,
      partnerId,
      vendorId: VA.id,
      productId: PRODUCT.plat,
      quantity: 1,
      amountMinor,
      currency,
      soldOn: day(sold),
      externalReference: `ANALYTICS-${index}`,
    });
  }
}

beforeAll(async () => {
  db = await createTestDatabase();
  graphs = await startSubgraphs(['vendor', 'partner', 'distributor'], db.url);
  vendor = graphs.vendor;
  await createWorld();
});

afterAll(async () => {
  await graphs?.stop();
  await db?.drop();
});

async function ok<T = any>(identity: Identity, query: string, variables: Record<string, unknown> = {}): Promise<T> {
  const response = await subgraphRequest<T>(vendor.url, query, variables, identity);
  expect(response.errors).toBeUndefined();
  return response.data as T;
}

async function failure(identity: Identity, query: string, variables: Record<string, unknown> = {}) {
  const response = await subgraphRequest(vendor.url, query, variables, identity);
  expect(response.errors?.length).toBeGreaterThan(0);
  return response.errors![0];
}

const entities = (selection: string) => `query ($r: [_Any!]!) { _entities(representations: $r) { ${selection} } }`;
const PERIOD = { from: day(-99), to: day(0) }; // 100 days
const WEEK = { from: day(-9), to: day(0) }; // 10 days
const EMPTY = { from: '2001-01-01', to: '2001-12-31' };
const usd = (amount: string) => ({ amount, currency: 'USD' });
const eur = (amount: string) => ({ amount, currency: 'EUR' });

describe('direct sales', () => {
  it('the demo: a few dozen northwind-cloud sales over three years, DIRECT to its accounts, MARKETPLACE without; a few atlas-machinery DIRECT', () => {
    const eco = demoEcosystem();
    const northwind = eco.directSales.filter((s) => s.vendorId === eco.vendors[0].id);
    const atlas = eco.directSales.filter((s) => s.vendorId === eco.vendors[1].id);
    expect(northwind.length).toBeGreaterThanOrEqual(24);
    expect(atlas.length).toBeGreaterThanOrEqual(3);
    expect(atlas.every((s) => s.channel === 'DIRECT')).toBe(true);
    for (const s of eco.directSales) {
      const account = eco.directAccounts.find((a) => a.id === s.directAccountId);
      if (s.channel === 'MARKETPLACE') expect(s.directAccountId).toBeNull();
      else expect(account?.vendorId).toBe(s.vendorId);
    }
    expect(new Set(northwind.map((s) => s.channel))).toEqual(new Set(['DIRECT', 'MARKETPLACE']));
    const days = eco.directSales.map((s) => s.soldOn).sort();
    expect(days[0] >= '2023-11-01' && days[days.length - 1] <= '2026-11-01').toBe(true);
    expect(demoEcosystem().directSales).toEqual(eco.directSales);
  });

  it("the table checks its rows: channel, amount, a marketplace sale has no account, an account is the same vendor's", async () => {
    const insert = (account: string | null, channel: string, amount: number, vendorId = VA.id) =>
      data.directSale({ vendorId, directAccountId: account, channel, amountMinor: amount, currency: 'USD', soldOn: day(-3000) });
    await expect(insert(null, 'RESELLER', 1)).rejects.toThrow(/direct_sales_channel_check/);
    await expect(insert(null, 'DIRECT', -1)).rejects.toThrow(/direct_sales_amount_non_negative/);
    await expect(insert(ACCOUNT.a, 'MARKETPLACE', 1)).rejects.toThrow(/direct_sales_marketplace_without_account/);
    await expect(insert(ACCOUNT.a, 'DIRECT', 1, VB.id)).rejects.toThrow(/direct_sales_account_fkey/);
    const [{ n }] = await sql(`SELECT count(*)::int AS n FROM vendor.direct_sales WHERE vendor_id = $1`, [VA.id]);
    expect(n).toBe(5);
  });
});

describe('Vendor.channelMix', () => {
  const query = `query ($id: ID!, $period: PeriodInput!, $currency: String!) { vendor(id: $id) { channelMix(period: $period, currency: $currency) {
    period { from to } currency direct { amount currency } partnerSourced { amount currency } marketplace { amount currency }
    directShare partnerSourcedShare marketplaceShare } } }`;
  const mix = (identity: Identity, vendorId: string, period: unknown, currency: string) => ok(identity, query, { id: vendorId, period, currency });

  it('USD over 100 days: direct and marketplace from direct sales, partner-sourced from won deals, shares of the total', async () => {
    // direct 100,000.00 (the sales 100 and 200 days ago fall outside); marketplace 30,000.00 (first day; the EUR sale
    // is another currency); partner-sourced: won USD deals 200,000 + 80,000 + 300,000 + 250,000 + 50,000 = 880,000.00.
    // Total 1,010,000.00: 100/1010 = 0.09900.. → 0.0990; 880/1010 = 0.87128.. → 0.8713; 30/1010 = 0.02970.. → 0.0297
    const data = await mix(as('VENDOR', VA.id), VA.id, PERIOD, 'USD');
    expect(data.vendor.channelMix).toEqual({
      period: PERIOD,
      currency: 'USD',
      direct: usd('100000.00'),
      partnerSourced: usd('880000.00'),
      marketplace: usd('30000.00'),
      directShare: '0.0990',
      partnerSourcedShare: '0.8713',
      marketplaceShare: '0.0297',
    });
  });

  it('another currency counts only its own rows; a currency without sales, or an empty period, answers zeros and null shares', async () => {
    // EUR: marketplace 5,000.00, partner-sourced 10,000.00 → 0.0000, 0.6667, 0.3333
    expect((await mix(as('VENDOR', VA.id), VA.id, PERIOD, 'EUR')).vendor.channelMix).toMatchObject({
      direct: eur('0.00'),
      partnerSourced: eur('10000.00'),
      marketplace: eur('5000.00'),
      directShare: '0.0000',
      partnerSourcedShare: '0.6667',
      marketplaceShare: '0.3333',
    });
    for (const [period, currency] of [
      [PERIOD, 'GBP'],
      [EMPTY, 'USD'],
    ] as const) {
      expect((await mix(as('VENDOR', VA.id), VA.id, period, currency)).vendor.channelMix).toEqual({
        period,
        currency,
        direct: { amount: '0.00', currency },
        partnerSourced: { amount: '0.00', currency },
        marketplace: { amount: '0.00', currency },
        directShare: null,
        partnerSourcedShare: null,
        marketplaceShare: null,
      });
    }
    // a one-day period: only the marketplace sale of its day
    expect((await mix(as('VENDOR', VA.id), VA.id, { from: day(-99), to: day(-99) }, 'USD')).vendor.channelMix).toMatchObject({
      direct: usd('0.00'),
      partnerSourced: usd('0.00'),
      marketplace: usd('30000.00'),
      marketplaceShare: '1.0000',
      directShare: '0.0000',
    });
  });

  it("only the vendor itself: another vendor's mix is null; another role is FORBIDDEN", async () => {
    // VB is the caller; VA (not in its scope) and its own null/with data
    const foreign = await ok(
      as('VENDOR', VB.id),
      entities('... on Vendor { channelMix(period: $p, currency: "USD") { direct { amount } } }').replace(
        '($r: [_Any!]!)',
        '($r: [_Any!]!, $p: PeriodInput!)',
      ),
      {
        r: [
          { __typename: 'Vendor', id: VA.id },
          { __typename: 'Vendor', id: VB.id },
        ],
        p: PERIOD,
      },
    );
    expect(foreign._entities).toEqual([null, { channelMix: { direct: { amount: '0.00' } } }]);
    const partnerView = await failure(as('PARTNER', P1.id), query, { id: VA.id, period: PERIOD, currency: 'USD' });
    expect(partnerView.extensions?.code).toBe('FORBIDDEN');
  });

  it('validates the period and the currency', async () => {
    const cases: [unknown, string, string][] = [
      [{ from: day(0), to: day(-1) }, 'USD', 'period'],
      [{ from: '2010-01-01', to: '2020-01-01' }, 'USD', 'period'], // ten years and a day
      [PERIOD, 'usd', 'currency'],
      [PERIOD, 'XYZ', 'currency'],
      [PERIOD, 'US', 'currency'],
    ];
    for (const [period, currency, field] of cases) {
      const error = await failure(as('VENDOR', VA.id), query, { id: VA.id, period, currency });
      expect({ code: error.extensions?.code, field: error.extensions?.field }).toEqual({ code: 'BAD_USER_INPUT', field });
    }
    // exactly ten years is a period
    expect((await mix(as('VENDOR', VA.id), VA.id, { from: '2010-01-01', to: '2019-12-31' }, 'USD')).vendor.channelMix.direct).toEqual(usd('0.00'));
  });
});

describe('Partnership.scorecard', () => {
  const card = 'period { from to } revenue { amount currency } target { amount currency } attainment wonDeals';

  it('a vendor: revenue (won deals + sell-through, the partnership currency), prorated target, attainment, won deals', async () => {
    const data = await ok(
      as('VENDOR', VA.id),
      `query ($id: ID!, $p: PeriodInput!) { vendor(id: $id) { partnerships { id scorecard(period: $p) { ${card} } } } }`,
      { id: VA.id, p: PERIOD },
    );
    const byId = Object.fromEntries(data.vendor.partnerships.map((p: any) => [p.id, p.scorecard]));
    // P1: deal 200,000 + sell-through 20,000 (the EUR line ignored); target 365,000 × 100/365 = 100,000.00 → 2.2000
    expect(byId[PS.p1]).toEqual({ period: PERIOD, revenue: usd('220000.00'), target: usd('100000.00'), attainment: '2.2000', wonDeals: 1 });
    // P2: deal 80,000 (its sell-through is before the period); no target
    expect(byId[PS.p2]).toEqual({ period: PERIOD, revenue: usd('80000.00'), target: null, attainment: null, wonDeals: 1 });
    // P3: 300,000 + 250,000 + 50,000 USD (the EUR deal is not revenue, but a won deal); a zero target has no attainment
    expect(byId[PS.p3]).toEqual({ period: PERIOD, revenue: usd('600000.00'), target: usd('0.00'), attainment: null, wonDeals: 4 });
    // P4: sell-through 100,000 on the first day; target 100,000 × 100/365 = 27,397.26027 → 27,397.26; 10,000,000 / 2,739,726 = 3.65000003 → 3.6500
    expect(byId[PS.p4]).toEqual({ period: PERIOD, revenue: usd('100000.00'), target: usd('27397.26'), attainment: '3.6500', wonDeals: 0 });
    // P5 (suspended): nothing in the period
    expect(byId[PS.p5]).toEqual({ period: PERIOD, revenue: usd('0.00'), target: usd('27397.26'), attainment: '0.0000', wonDeals: 0 });
  });

  it('10 days: the target rounds half up to minor units; an empty period answers zeros', async () => {
    expect(prorate(100_000_00n, 10)).toBe(273_973n); // 273,972.60 minor units → 273,973
    expect(prorate(1n, 182)).toBe(0n); // 0.4986 → 0
    expect(prorate(1n, 183)).toBe(1n); // 0.5013 → 1
    const data = await ok(
      as('VENDOR', VA.id),
      entities(
        `... on Partnership { week: scorecard(period: $w) { ${card} } empty: scorecard(period: $e) { revenue { amount } target { amount } attainment wonDeals } }`,
      ).replace('($r: [_Any!]!)', '($r: [_Any!]!, $w: PeriodInput!, $e: PeriodInput!)'),
      {
        r: [
          { __typename: 'Partnership', id: PS.p1 },
          { __typename: 'Partnership', id: PS.p4 },
        ],
        w: WEEK,
        e: EMPTY,
      },
    );
    const [p1, p4] = data._entities;
    expect(p1.week).toEqual({ period: WEEK, revenue: usd('20000.00'), target: usd('10000.00'), attainment: '2.0000', wonDeals: 0 });
    expect(p4.week).toEqual({ period: WEEK, revenue: usd('0.00'), target: usd('2739.73'), attainment: '0.0000', wonDeals: 0 });
    // 2001 is a whole year: the whole annual target
    expect(p1.empty).toEqual({ revenue: { amount: '0.00' }, target: { amount: '365000.00' }, attainment: '0.0000', wonDeals: 0 });
  });

  it("a partner: its own partnerships with every vendor, each in its currency; not another partner's", async () => {
    const data = await ok(
      as('PARTNER', P1.id),
      `query ($p: PeriodInput!) { _entities(representations: [{ __typename: "Partner", id: "${P1.id}" }]) {
      ... on Partner { partnerships { id scorecard(period: $p) { revenue { amount currency } target { amount currency } attainment wonDeals } } } } }`,
      { p: PERIOD },
    );
    const byId = Object.fromEntries(data._entities[0].partnerships.map((p: any) => [p.id, p.scorecard]));
    expect(byId).toEqual({
      [PS.p1]: { revenue: usd('220000.00'), target: usd('100000.00'), attainment: '2.2000', wonDeals: 1 },
      // VB: the EUR deal 3 days ago; target 36,500 × 100/365 = 10,000.00 EUR
      [PS.vbP1]: { revenue: eur('5000.00'), target: eur('10000.00'), attainment: '0.5000', wonDeals: 1 },
    });
    const other = await ok(
      as('PARTNER', P2.id),
      entities('... on Partnership { scorecard(period: $p) { wonDeals } }').replace('($r: [_Any!]!)', '($r: [_Any!]!, $p: PeriodInput!)'),
      { r: [{ __typename: 'Partnership', id: PS.p1 }], p: PERIOD },
    );
    expect(other._entities).toEqual([null]);
  });

  it('another vendor sees none; a distributor is FORBIDDEN; a bad period is BAD_USER_INPUT', async () => {
    const vb = await ok(
      as('VENDOR', VB.id),
      entities('... on Partnership { scorecard(period: $p) { wonDeals } }').replace('($r: [_Any!]!)', '($r: [_Any!]!, $p: PeriodInput!)'),
      { r: [{ __typename: 'Partnership', id: PS.p1 }], p: PERIOD },
    );
    expect(vb._entities).toEqual([null]);
    const eco = demoEcosystem();
    const networkLine = eco.memberships.find((m) => m.distributorId === TESSERA.id)!;
    const partnership = eco.partnerships.find((p) => p.partnerId === networkLine.partnerId && p.vendorId === networkLine.vendorId)!;
    const distributor = await subgraphRequest(
      vendor.url,
      entities('... on Partnership { id scorecard(period: $p) { wonDeals } }').replace('($r: [_Any!]!)', '($r: [_Any!]!, $p: PeriodInput!)'),
      { r: [{ __typename: 'Partnership', id: partnership.id }], p: PERIOD },
      as('DISTRIBUTOR', TESSERA.id),
    );
    expect(distributor.errors?.[0].extensions?.code).toBe('FORBIDDEN');
    const error = await failure(
      as('VENDOR', VA.id),
      `query ($id: ID!) { vendor(id: $id) { partnerships { scorecard(period: { from: "${day(0)}", to: "${day(-1)}" }) { wonDeals } } } }`,
      { id: VA.id },
    );
    expect({ code: error.extensions?.code, field: error.extensions?.field }).toEqual({ code: 'BAD_USER_INPUT', field: 'period' });
  });

  it('many partnerships cost one call per peer per distinct period, not one per partnership', async () => {
    graphs.partner.sql.reset();
    graphs.distributor.sql.reset();
    const data = await ok(
      as('VENDOR', VA.id),
      `query ($id: ID!, $p: PeriodInput!, $w: PeriodInput!) { vendor(id: $id) { partnerships {
      a: scorecard(period: $p) { wonDeals } b: scorecard(period: $w) { wonDeals } c: scorecard(period: $p) { revenue { amount } } } } }`,
      { id: VA.id, p: PERIOD, w: WEEK },
    );
    expect(data.vendor.partnerships).toHaveLength(5);
    const performanceCalls = graphs.partner.sql.statements.filter((s) => s.includes('sold_product_ids')).length;
    const sellThroughCalls = graphs.distributor.sql.statements.filter((s) => s.includes('GROUP BY vendor_id, partner_id, currency')).length;
    expect({ performanceCalls, sellThroughCalls }).toEqual({ performanceCalls: 2, sellThroughCalls: 2 });
  });
});

describe('incentive eligibility', () => {
  // Facts (trailing 12 months, USD): P1 tier 1, EMEA/DE, VAR, CERT-A (CERT-B expired), 200,000 + 150,000 + 20,000
  // sell-through = 370,000.00, sold security + platform. P2 tier 2, NA/US, MSP, CERT-A + CERT-B (expires today),
  // 80,000 + 15,000 = 95,000.00, sold platform (its security deal is 400 days old). P3 tier 3, EMEA/FR, SI + VAR,
  // CERT-A/B/C, 600,000.00 (and 10,000 EUR), sold platform. P4 tier 1 (of the other program), NA/CA, REFERRAL, no
  // certification, 100,000.00 sell-through, sold nothing. P5 is SUSPENDED.
  //
  //            I1 tier≥2  I2 EMEA  I3 US/CA  I4 VAR  I5 ≥370k  I6 A+B  I7 security  I8 all  I8b all,≥700k  I9 open
  //   P1          -         x        -        x        x        -         x          -        -            x
  //   P2          x         -        x        -        -        x         -          -        -            x
  //   P3          x         x        -        x        x        x         -          x        -            x
  //   P4          -         -        x        -        -        -         -          -        -            x
  //   P5          -         -        -        -        -        -         -          -        -            -
  // I10 ended yesterday, I11 starts tomorrow, I12 is for distributors: nobody's. I13 (VB, no gate): P1's.
  // I14 (CERT-D, recorded not verified) and I16 (CERT-E, VB's certification): nobody's. I15 (VB, CERT-E): P1's.
  const ELIGIBLE: Record<string, IncentiveKey[]> = {
    [P1.id]: ['I2', 'I4', 'I5', 'I7', 'I9'],
    [P2.id]: ['I1', 'I3', 'I6', 'I9'],
    [P3.id]: ['I1', 'I2', 'I4', 'I5', 'I6', 'I8', 'I9'],
    [P4.id]: ['I3', 'I9'],
    [P5.id]: [],
  };
  const ids = (keys: IncentiveKey[]) => keys.map((key) => I[key]).sort();
  const idsOf = (rows: { id: string }[] | null) => (rows ?? []).map((row) => row.id).sort();

  it.each(PARTNERS.map((p) => [p.slug, p]))(
    '%s: the incentives root field and its eligibleIncentives are exactly its eligible set',
    async (_slug, p) => {
      const expected = ids([...ELIGIBLE[p.id], ...(p === P1 ? (['I13', 'I15'] as IncentiveKey[]) : [])]);
      const data = await ok(
        as('PARTNER', p.id),
        `{ incentives { id name } _entities(representations: [{ __typename: "Partner", id: "${p.id}" }]) { ... on Partner { eligibleIncentives { id } } } }`,
      );
      expect(idsOf(data.incentives)).toEqual(expected);
      expect(data.incentives.map((i: any) => i.name)).toEqual([...data.incentives.map((i: any) => i.name)].sort());
      expect(idsOf(data._entities[0].eligibleIncentives)).toEqual(expected);
      // lookups and the vendor's list agree with the list
      const lookups = await ok(as('PARTNER', p.id), entities('... on Incentive { id }'), {
        r: INCENTIVES.map((key) => ({ __typename: 'Incentive', id: I[key] })),
      });
      expect(idsOf(lookups._entities.filter(Boolean))).toEqual(expected);
    },
  );

  it("a vendor sees each partner's eligible incentives among its own, all partners in one call per procedure", async () => {
    graphs.partner.sql.reset();
    graphs.distributor.sql.reset();
    const data = await ok(as('VENDOR', VA.id), entities('... on Partner { id eligibleIncentives { id } }'), {
      r: PARTNERS.map((p) => ({ __typename: 'Partner', id: p.id })),
    });
    for (const [index, p] of PARTNERS.entries())
      expect({ partner: p.slug, ids: idsOf(data._entities[index].eligibleIncentives) }).toEqual({ partner: p.slug, ids: ids(ELIGIBLE[p.id]) });
    expect(graphs.partner.sql.statements.filter((s) => s.includes('sold_product_ids'))).toHaveLength(1);
    expect(graphs.partner.sql.statements.filter((s) => s.includes('partner_types, region, country'))).toHaveLength(1);
    expect(graphs.distributor.sql.statements.filter((s) => s.includes('GROUP BY vendor_id, partner_id, currency'))).toHaveLength(1);
    const vb = await ok(as('VENDOR', VB.id), entities('... on Partner { eligibleIncentives { id } }'), {
      r: [P1, P2].map((p) => ({ __typename: 'Partner', id: p.id })),
    });
    expect(vb._entities.map((p: any) => idsOf(p.eligibleIncentives))).toEqual([ids(['I13', 'I15']), []]);
  });

  it("a partner learns nothing of another partner's; a distributor is FORBIDDEN", async () => {
    const data = await ok(as('PARTNER', P2.id), entities('... on Partner { eligibleIncentives { id } }'), {
      r: [{ __typename: 'Partner', id: P1.id }],
    });
    expect(data._entities[0].eligibleIncentives).toEqual([]);
    const distributor = await subgraphRequest(
      vendor.url,
      entities('... on Partner { eligibleIncentives { id } }'),
      { r: [{ __typename: 'Partner', id: P1.id }] },
      as('DISTRIBUTOR', TESSERA.id),
    );
    expect(distributor.errors?.[0].extensions?.code).toBe('FORBIDDEN');
  });

  it('eligibility follows the data: a gate changed, a partnership suspended', async () => {
    try {
      await sql(`UPDATE vendor.incentives SET regions = '{NA}' WHERE id = $1`, [I.I2]);
      await sql(`UPDATE vendor.partnerships SET status = 'SUSPENDED' WHERE id = $1`, [PS.vbP1]);
      const data = await ok(as('PARTNER', P1.id), '{ incentives { id } }');
      expect(idsOf(data.incentives)).toEqual(ids(['I4', 'I5', 'I7', 'I9']));
    } finally {
      await sql(`UPDATE vendor.incentives SET regions = '{EMEA}' WHERE id = $1`, [I.I2]);
      await sql(`UPDATE vendor.partnerships SET status = 'ACTIVE' WHERE id = $1`, [PS.vbP1]);
    }
  });
});

describe('evaluateTiers', () => {
  const mutation = `mutation ($programId: ID) { evaluateTiers(programId: $programId) {
    evaluated changes { partnership { id tier { id } } fromTier { id name } toTier { id name } reason changedAt } } }`;
  const tierOf = async (id: string) => (await sql(`SELECT tier_id FROM vendor.partnerships WHERE id = $1`, [id]))[0].tier_id;
  const snapshot = async () => ({
    tiers: await sql(`SELECT id, tier_id FROM vendor.partnerships WHERE vendor_id = $1 ORDER BY id`, [VA.id]),
    changes: await sql(`SELECT count(*)::int AS n FROM vendor.partnership_tier_changes`),
  });

  it("refuses another role, another vendor's program and an unknown one, changing nothing", async () => {
    const before = await snapshot();
    const partner = await failure(as('PARTNER', P1.id), mutation, {});
    expect(partner.extensions?.code).toBe('FORBIDDEN');
    for (const programId of [PROGRAM_VB, randomUUID(), 'not-an-id']) {
      expect((await failure(as('VENDOR', VA.id), mutation, { programId })).extensions?.code).toBe('NOT_FOUND');
    }
    expect(await snapshot()).toEqual(before);
  });

  it('sets each ACTIVE partnership to the highest tier it qualifies for, records why, and a second run changes nothing', async () => {
    const first = (await ok(as('VENDOR', VA.id), mutation, {})).evaluateTiers;
    // P1: 370,000.00, 1 certification, 2 won → Silver (Gold asks 500,000, 2, 4). P2: 95,000.00, 2, 1 → below Silver:
    // Registered. P3: 600,000.00, 3, 4 → Gold, as it is. P4 (other program): 100,000.00 = Top referrer's threshold.
    // P5 is SUSPENDED: not evaluated.
    expect(first.evaluated).toBe(4);
    const changes = Object.fromEntries(first.changes.map((c: any) => [c.partnership.id, c]));
    expect(Object.keys(changes).sort()).toEqual([PS.p1, PS.p2, PS.p4].sort());
    expect(changes[PS.p1]).toMatchObject({
      partnership: { tier: { id: TIER.silver } },
      fromTier: { id: TIER.registered, name: 'Registered' },
      toTier: { id: TIER.silver, name: 'Silver' },
      reason: 'evaluateTiers: verified revenue 370000.00 USD, 1 verified certification (1 unverified, not counted), 2 won deals',
    });
    expect(changes[PS.p2]).toMatchObject({
      fromTier: { name: 'Silver' },
      toTier: { name: 'Registered' },
      reason: 'evaluateTiers: verified revenue 95000.00 USD, 2 verified certifications, 1 won deal',
    });
    expect(changes[PS.p4]).toMatchObject({
      fromTier: { name: 'Referrer' },
      toTier: { name: 'Top referrer' },
      reason: 'evaluateTiers: verified revenue 100000.00 USD, 0 verified certifications, 0 won deals',
    });
    expect(await tierOf(PS.p1)).toBe(TIER.silver);
    expect(await tierOf(PS.p2)).toBe(TIER.registered);
    expect(await tierOf(PS.p3)).toBe(TIER.gold);
    expect(await tierOf(PS.p4)).toBe(TIER.n2);
    expect(await tierOf(PS.p5)).toBe(TIER.registered);
    const recorded = await sql(
      `SELECT partnership_id, from_tier_id, to_tier_id, reason, changed_by_subject, changed_at FROM vendor.partnership_tier_changes WHERE partnership_id = ANY($1) ORDER BY reason`,
      [[PS.p1, PS.p2, PS.p3, PS.p4, PS.p5]],
    );
    expect(recorded.map((r: any) => [r.partnership_id, r.from_tier_id, r.to_tier_id, r.changed_by_subject])).toEqual(
      expect.arrayContaining([
        [PS.p1, TIER.registered, TIER.silver, 'user:vendor-analyst'],
        [PS.p2, TIER.silver, TIER.registered, 'user:vendor-analyst'],
        [PS.p4, TIER.n1, TIER.n2, 'user:vendor-analyst'],
      ]),
    );
    expect(recorded).toHaveLength(3);
    expect(recorded.map((r: any) => r.changed_at.toISOString()).sort()).toEqual(first.changes.map((c: any) => c.changedAt).sort());

    const before = await snapshot();
    const second = (await ok(as('VENDOR', VA.id), mutation, {})).evaluateTiers;
    expect(second).toEqual({ evaluated: 4, changes: [] });
    expect(await snapshot()).toEqual(before);
  });

  it('concurrent evaluations record each change once', async () => {
    await sql(`UPDATE vendor.partnerships SET tier_id = CASE id WHEN $1 THEN $3::uuid ELSE $4::uuid END WHERE id IN ($1, $2)`, [
      PS.p1,
      PS.p2,
      TIER.registered,
      TIER.silver,
    ]);
    const [{ n: before }] = await sql(`SELECT count(*)::int AS n FROM vendor.partnership_tier_changes`);
    const runs = await Promise.all(Array.from({ length: 8 }, () => ok(as('VENDOR', VA.id), mutation, {})));
    expect(runs.flatMap((r) => r.evaluateTiers.changes.map((c: any) => c.partnership.id)).sort()).toEqual([PS.p1, PS.p2].sort());
    const [{ n: after }] = await sql(`SELECT count(*)::int AS n FROM vendor.partnership_tier_changes`);
    expect(after - before).toBe(2);
  });

  it('one program only; another vendor with nothing to evaluate', async () => {
    await sql(`UPDATE vendor.partnerships SET tier_id = $2 WHERE id = $1`, [PS.p4, TIER.n1]);
    const data = (await ok(as('VENDOR', VA.id), mutation, { programId: PROGRAM_N })).evaluateTiers;
    expect(data.evaluated).toBe(1);
    expect(data.changes.map((c: any) => [c.partnership.id, c.toTier.id])).toEqual([[PS.p4, TIER.n2]]);
    // VB: P1 has 5,000.00 EUR, its program one tier → stays
    expect((await ok(as('VENDOR', VB.id), mutation, {})).evaluateTiers).toEqual({ evaluated: 1, changes: [] });
  });
});

describe('unverified claims (DESIGN §7): beside the figures, never in them', () => {
  // P2 stands at 95,000.00 USD verified (80,000 won + 15,000 sell-through), 2 certifications, 1 won deal: Registered,
  // not eligible for I5 (≥ 370,000) nor I7 (a security product sold). A claim of 500,000.00 on a 100,000.00
  // registration, won 5 days ago with a security product, unverified: if it counted, P2 would qualify for Silver
  // (100,000, 1, 2), I5 and I7. It counts only once verified.
  const ids = (keys: IncentiveKey[]) => keys.map((key) => I[key]).sort();
  const tierOf = async (id: string) => (await sql(`SELECT tier_id FROM vendor.partnerships WHERE id = $1`, [id]))[0].tier_id;
  const mutation = `mutation ($programId: ID) { evaluateTiers(programId: $programId) { changes { partnership { id } toTier { name } reason } } }`;
  const eligibleOf = async () => {
    const data = await ok(as('VENDOR', VA.id), entities('... on Partner { eligibleIncentives { id } }'), {
      r: [{ __typename: 'Partner', id: P2.id }],
    });
    return data._entities[0].eligibleIncentives.map((row: { id: string }) => row.id).sort();
  };
  const scorecardOf = async () => {
    const data = await ok(
      as('VENDOR', VA.id),
      `query ($id: ID!, $p: PeriodInput!) { vendor(id: $id) { partnerships { id scorecard(period: $p) { revenue { amount currency } unverifiedRevenue { amount currency } wonDeals } } } }`,
      { id: VA.id, p: PERIOD },
    );
    return data.vendor.partnerships.find((p: any) => p.id === PS.p2).scorecard;
  };
  const p2Change = async () =>
    (await ok(as('VENDOR', VA.id), mutation, { programId: PROGRAM_M })).evaluateTiers.changes.find((c: any) => c.partnership.id === PS.p2);

  it('a big unverified claim moves no tier, unlocks no incentive and is shown beside the scorecard revenue; verified, it counts', async () => {
    // from Registered (so I1, tier ≥ 2, is not P2's until a tier evaluation promotes it)
    await sql(`UPDATE vendor.partnerships SET tier_id = $2 WHERE id = $1`, [PS.p2, TIER.registered]);
    const claimId = await data.deal({
      partnerId: P2.id,
      vendorId: VA.id,
      customerName: 'Claimed Customer',
      customerDomain: 'claimed.example',
      amountMinor: 100_000_00,
      finalAmountMinor: 500_000_00,
      currency: 'USD',
      expectedCloseDate: day(-5),
      status: 'WON',
      createdAt: at(-45),
      updatedAt: at(-5),
    });
    await data.dealLine({ dealId: claimId, productId: PRODUCT.sec, quantity: 1, position: 0 });
    for (const [fromStatus, toStatus, when] of [
      [null, 'SUBMITTED', -45],
      ['SUBMITTED', 'APPROVED', -40],
      ['APPROVED', 'WON', -5],
    ] as const) {
      await data.dealEvent({
        dealId: claimId,
        fromStatus,
        toStatus,
        actorSubject: 'user:test',
        actorRole: 'PARTNER',
        actorOrganizationId: P2.id,
        at: at(when),
      });
    }

    expect(await scorecardOf()).toEqual({ revenue: usd('80000.00'), unverifiedRevenue: usd('500000.00'), wonDeals: 2 });
    expect(await eligibleOf()).toEqual(ids(['I3', 'I6', 'I9']));
    expect(await p2Change()).toBeUndefined();
    expect(await tierOf(PS.p2)).toBe(TIER.registered);

    // verified at 300,000.00: 395,000.00 verified in the trailing year, a security product sold
    await data.verification({ dealId: claimId, amountMinor: 300_000_00, actorRole: 'VENDOR', actorOrganizationId: VA.id, at: at(-4) });
    expect(await scorecardOf()).toEqual({ revenue: usd('380000.00'), unverifiedRevenue: usd('0.00'), wonDeals: 2 });
    expect(await eligibleOf()).toEqual(ids(['I3', 'I5', 'I6', 'I7', 'I9']));
    expect(await p2Change()).toMatchObject({
      toTier: { name: 'Silver' },
      reason: 'evaluateTiers: verified revenue 395000.00 USD, 2 verified certifications, 2 won deals',
    });
    expect(await eligibleOf()).toEqual(ids(['I1', 'I3', 'I5', 'I6', 'I7', 'I9']));
  });
});

import { SignJWT } from 'jose';
import { BLUEPEAK, HARBOR, IONIC, MERIDIAN, NORTHWIND, ATLAS, TESSERA, demoEcosystem, type DemoDeal } from '../tooling/demo/catalog';
import { openDatabase } from '../common/db';
import { stableId } from '../common/ids';
import { IDENTITY_HEADER, type Identity } from '../common/identity';
import { encodeCursor } from '../common/pagination';
import { databaseOptions, SCHEMA } from '../subgraphs/partner/database';
import { seed } from '../tooling/seed/partner';
import { migrations } from '../subgraphs/partner/migrations';
import { createTestDatabase, type TestDatabase } from './support/database';
import { startSubgraphs, subgraphRequest, type RunningSubgraph } from './support/subgraph';

const eco = demoEcosystem();
let db: TestDatabase;
let peers: Awaited<ReturnType<typeof startSubgraphs>>;
let sg: RunningSubgraph;

beforeAll(async () => {
  db = await createTestDatabase();
  // the vendor and distributor subgraphs own the facts that scope a vendor's or a distributor's partners
  peers = await startSubgraphs(['vendor', 'partner', 'distributor'], db.url);
  sg = peers.partner;
});

afterAll(async () => {
  await peers?.stop();
  await db?.drop();
});

/**
 * Rows are scoped to the caller (test/partner-scoping.test.ts covers every role): these tests call as
 * Northwind Cloud, which sees the partners enrolled with it and the deals on its products.
 */
const NORTHWIND_USER: Identity = { subject: 'user:northwind-cloud', role: 'VENDOR', organizationId: NORTHWIND.id, groups: ['ADMIN'] };
const as = (role: Identity['role'], org: { id: string; slug: string }): Identity => ({
  subject: `user:${org.slug}`,
  role,
  organizationId: org.id,
  groups: ['ADMIN'],
});
const nwPartnerIds = new Set(eco.partnerships.filter((ps) => ps.vendorId === NORTHWIND.id && ps.status === 'ACTIVE').map((ps) => ps.partnerId));
const nwPartners = eco.partners.filter((p) => nwPartnerIds.has(p.id));
const nwDeals = eco.deals.filter((d) => d.vendorId === NORTHWIND.id);

/** Runs an operation that must succeed and returns its data. */
async function gql<T = any>(query: string, variables: Record<string, unknown> = {}, identity: Identity = NORTHWIND_USER): Promise<T> {
  const response = await subgraphRequest<T>(sg.url, query, variables, identity);
  expect(response.errors).toBeUndefined();
  return response.data as T;
}

async function errorCode(query: string, variables: Record<string, unknown> = {}): Promise<unknown> {
  const response = await subgraphRequest(sg.url, query, variables, NORTHWIND_USER);
  expect(response.errors?.length).toBeGreaterThan(0);
  return response.errors![0].extensions?.code;
}

const newestFirst = (a: DemoDeal, b: DemoDeal) => (a.createdAt === b.createdAt ? (a.id < b.id ? 1 : -1) : a.createdAt < b.createdAt ? 1 : -1);
const today = new Date().toISOString().slice(0, 10);
const UNKNOWN = '00000000-0000-4000-8000-000000000000';

/** Walks a connection page by page and returns every node id in order. */
async function walk(
  fetchPage: (after: string | null) => Promise<{
    edges: { cursor: string; node: { id: string } }[];
    pageInfo: { hasNextPage: boolean; endCursor: string | null };
    totalCount: number;
  }>,
) {
  const ids: string[] = [];
  let after: string | null = null;
  let totalCount = -1;
  for (let pages = 0; pages < 100; pages++) {
    const page = await fetchPage(after);
    totalCount = page.totalCount;
    ids.push(...page.edges.map((edge) => edge.node.id));
    expect(page.pageInfo.endCursor).toBe(page.edges.length ? page.edges[page.edges.length - 1].cursor : null);
    if (!page.pageInfo.hasNextPage) break;
    after = page.pageInfo.endCursor;
  }
  expect(new Set(ids).size).toBe(ids.length);
  return { ids, totalCount };
}

describe('entities resolve by reference', () => {
  it('Partner, Certification, Deal, Vendor and Distributor; unknown ids give null', async () => {
    const certification = eco.certifications.find((c) => c.partnerId === BLUEPEAK.id)!;
    const deal = nwDeals.find((d) => d.distributorId !== null && d.lines.length === 2)!;
    // Certification.partner is Partner! while Deal.partner is Partner (it may leave the caller's scope): one response name cannot hold both
    const data = await gql(
      `query ($reps: [_Any!]!) { _entities(representations: $reps) {
        ... on Partner { id slug name types salesMotion region country createdAt }
        ... on Certification { id code name holderName earnedOn expiresOn active holder: partner { slug } }
        ... on Deal { id customerName customerDomain status version partner { slug } vendor { id } distributor { id } lines { quantity product { id } } }
        ... on Vendor { id vendorDeals: deals(first: 1) { totalCount } }
        ... on Distributor { id distributorDeals: deals(first: 1) { totalCount } }
      } }`,
      {
        reps: [
          { __typename: 'Partner', id: BLUEPEAK.id },
          { __typename: 'Certification', id: certification.id },
          { __typename: 'Deal', id: deal.id },
          { __typename: 'Vendor', id: NORTHWIND.id },
          { __typename: 'Distributor', id: TESSERA.id },
          { __typename: 'Partner', id: UNKNOWN },
          { __typename: 'Certification', id: UNKNOWN },
          { __typename: 'Deal', id: UNKNOWN },
          { __typename: 'Partner', id: 'not-a-uuid' },
          { __typename: 'Partner', id: HARBOR.id.toUpperCase() },
        ],
      },
    );
    const [partner, cert, dealNode, vendor, distributor, ...rest] = data._entities;
    expect(partner).toMatchObject({
      id: BLUEPEAK.id,
      slug: 'bluepeak-it',
      name: 'BluePeak IT',
      types: ['VAR'],
      salesMotion: 'SELL_THROUGH',
      region: 'EMEA',
      country: 'DE',
    });
    expect(new Date(partner.createdAt).toISOString()).toBe(partner.createdAt);
    expect(cert).toEqual({
      id: certification.id,
      code: certification.code,
      name: certification.name,
      holderName: certification.holderName,
      earnedOn: certification.earnedOn,
      expiresOn: certification.expiresOn,
      active: certification.expiresOn === null || certification.expiresOn >= today,
      holder: { slug: 'bluepeak-it' },
    });
    expect(dealNode).toEqual({
      id: deal.id,
      customerName: deal.customerName,
      customerDomain: deal.customerDomain,
      status: deal.status,
      version: deal.history.length,
      partner: { slug: eco.partners.find((p) => p.id === deal.partnerId)!.slug },
      vendor: { id: deal.vendorId },
      distributor: { id: deal.distributorId },
      lines: deal.lines.map((line) => ({ quantity: line.quantity, product: { id: line.productId } })),
    });
    expect(vendor).toEqual({ id: NORTHWIND.id, vendorDeals: { totalCount: nwDeals.length } });
    expect(distributor).toEqual({ id: TESSERA.id, distributorDeals: { totalCount: nwDeals.filter((d) => d.distributorId === TESSERA.id).length } });
    expect(rest.slice(0, 4)).toEqual([null, null, null, null]);
    expect(rest[4]).toMatchObject({ id: HARBOR.id, slug: 'harbor-msp' });
  });
});

describe('root fields', () => {
  it('partner(id) with its certifications; unknown and malformed ids give null', async () => {
    const data = await gql(
      `query ($id: ID!) {
      partner(id: $id) { slug name types salesMotion region country certifications { id code active expiresOn } }
      unknown: partner(id: "${UNKNOWN}") { id }
      malformed: partner(id: "nope") { id }
    }`,
      { id: IONIC.id },
    );
    const certifications = eco.certifications.filter((c) => c.partnerId === IONIC.id);
    expect(data.partner).toMatchObject({
      slug: 'ionic-integrators',
      name: 'Ionic Integrators',
      types: ['SI'],
      salesMotion: 'SELL_WITH',
      region: 'EMEA',
      country: 'GB',
    });
    expect(data.partner.certifications.map((c: { id: string }) => c.id).sort()).toEqual(certifications.map((c) => c.id).sort());
    for (const c of data.partner.certifications) expect(c.active).toBe(c.expiresOn === null || c.expiresOn >= today);
    expect(data.unknown).toBeNull();
    expect(data.malformed).toBeNull();
  });

  it('partners filters by type, region, country and search (wildcards are literal)', async () => {
    const query = `query ($filter: PartnerFilter) { partners(filter: $filter, first: 100) { totalCount edges { node { slug types region country } } } }`;
    const count = async (filter: Record<string, unknown>) => (await gql(query, { filter })).partners;

    const msp = await count({ type: 'MSP' });
    expect(msp.totalCount).toBe(nwPartners.filter((p) => p.types.includes('MSP')).length);
    expect(msp.edges.every((e: any) => e.node.types.includes('MSP'))).toBe(true);
    expect(msp.edges.map((e: any) => e.node.slug)).toContain('harbor-msp');

    expect((await count({ region: 'NA' })).totalCount).toBe(nwPartners.filter((p) => p.region === 'NA').length);
    expect((await count({ country: 'de' })).totalCount).toBe(nwPartners.filter((p) => p.country === 'DE').length);
    expect((await count({ type: 'VAR', region: 'EMEA', country: 'DE' })).totalCount).toBe(
      nwPartners.filter((p) => p.types.includes('VAR') && p.region === 'EMEA' && p.country === 'DE').length,
    );

    const peak = await count({ search: 'PEAK' });
    expect(peak.edges.map((e: any) => e.node.slug)).toEqual(['bluepeak-it']);
    expect((await count({ search: 'systems' })).totalCount).toBe(nwPartners.filter((p) => /systems/i.test(p.name)).length);
    expect((await count({ search: '-msp' })).edges.map((e: any) => e.node.slug)).toEqual(['harbor-msp']);
    expect((await count({ search: '%' })).totalCount).toBe(0);
    expect((await count({ search: '_' })).totalCount).toBe(0);
    expect((await count({ search: '' })).totalCount).toBe(nwPartners.length);
  });

  it('deal(id) with lines, history, money and vendor notes', async () => {
    const won = nwDeals.find((d) => d.status === 'WON' && d.lines.length === 2 && d.vendorNotes !== null)!;
    const data = await gql(
      `query ($id: ID!) { deal(id: $id) {
      id customerName customerDomain status expectedCloseDate protectionExpiresAt vendorNotes createdAt updatedAt
      amount { amount currency } finalAmount { amount currency }
      lines { product { id } quantity }
      history { totalCount edges { node { id kind fromStatus toStatus amount { amount currency } actorSubject actorRole actorOrganizationId reason at } } }
    } missing: deal(id: "${UNKNOWN}") { id } }`,
      { id: won.id },
    );
    const cents = (minor: number) => `${Math.floor(minor / 100)}.${String(minor % 100).padStart(2, '0')}`;
    expect(data.deal).toEqual({
      id: won.id,
      customerName: won.customerName,
      customerDomain: won.customerDomain,
      status: 'WON',
      expectedCloseDate: won.expectedCloseDate,
      protectionExpiresAt: won.protectionExpiresAt,
      vendorNotes: won.vendorNotes,
      createdAt: won.createdAt,
      updatedAt: won.updatedAt,
      amount: { amount: cents(won.amountMinor), currency: won.currency },
      finalAmount: { amount: cents(won.finalAmountMinor!), currency: won.currency },
      lines: won.lines.map((line) => ({ product: { id: line.productId }, quantity: line.quantity })),
      // The vendor sees its own users' subjects; the partner's and distributor's are theirs to know.
      history: {
        totalCount: won.history.length,
        edges: won.history.map(({ kind, amountMinor, ...event }) => ({
          node: {
            ...event,
            actorSubject: event.actorOrganizationId === NORTHWIND.id ? event.actorSubject : null,
            // the claim on the WON transition, the confirmed revenue on a verification
            kind: kind ?? 'STATUS_CHANGE',
            amount:
              (amountMinor ?? (event.toStatus === 'WON' ? won.finalAmountMinor : null)) === null
                ? null
                : { amount: cents(amountMinor ?? won.finalAmountMinor!), currency: won.currency },
          },
        })),
      },
    });
    expect(data.missing).toBeNull();
  });

  it('money is an exact decimal string in the deal currency', async () => {
    const atlas = eco.deals.find((d) => d.vendorId === ATLAS.id)!;
    const submitted = eco.deals.find((d) => d.vendorId === ATLAS.id && d.status === 'SUBMITTED')!;
    const data = await gql(
      `{ a: deal(id: "${atlas.id}") { amount { amount currency } } s: deal(id: "${submitted.id}") { finalAmount { amount } } }`,
      {},
      as('VENDOR', ATLAS),
    );
    expect(data.a.amount).toEqual({
      amount: (BigInt(atlas.amountMinor) / 100n).toString() + '.' + String(atlas.amountMinor % 100).padStart(2, '0'),
      currency: 'EUR',
    });
    expect(typeof data.a.amount.amount).toBe('string');
    expect(data.s.finalAmount).toBeNull();
  });

  it('deals filters by status list, vendor, partner and distributor', async () => {
    const query = `query ($filter: DealFilter) { deals(filter: $filter, first: 5) { totalCount edges { node { id status } } } }`;
    const run = async (filter: Record<string, unknown>) => (await gql(query, { filter })).deals;
    const all = await run({});
    expect(all.totalCount).toBe(nwDeals.length);
    expect(all.edges.map((e: any) => e.node.id)).toEqual(
      [...nwDeals]
        .sort(newestFirst)
        .slice(0, 5)
        .map((d) => d.id),
    );

    const decided = await run({ status: ['WON', 'LOST'] });
    expect(decided.totalCount).toBe(nwDeals.filter((d) => d.status === 'WON' || d.status === 'LOST').length);
    expect(decided.edges.every((e: any) => ['WON', 'LOST'].includes(e.node.status))).toBe(true);
    expect((await run({ status: [] })).totalCount).toBe(nwDeals.length);

    expect((await run({ vendorId: NORTHWIND.id })).totalCount).toBe(nwDeals.length);
    expect((await run({ vendorId: ATLAS.id })).totalCount).toBe(0); // another vendor's deals are out of scope
    expect((await run({ partnerId: IONIC.id })).totalCount).toBe(nwDeals.filter((d) => d.partnerId === IONIC.id).length);
    expect((await run({ distributorId: MERIDIAN.id, status: ['SUBMITTED'] })).totalCount).toBe(
      nwDeals.filter((d) => d.distributorId === MERIDIAN.id && d.status === 'SUBMITTED').length,
    );
    expect(await errorCode(`{ deals(filter: { vendorId: "northwind" }) { totalCount } }`)).toBe('BAD_USER_INPUT');
  });
});

describe('connections', () => {
  it('partners pages walk every partner once, by name', async () => {
    const { ids, totalCount } = await walk(
      async (after) =>
        (
          await gql(
            `query ($after: String) { partners(first: 7, after: $after) { totalCount pageInfo { hasNextPage endCursor } edges { cursor node { id } } } }`,
            { after },
          )
        ).partners,
    );
    expect(totalCount).toBe(nwPartners.length);
    const ordered: { id: string }[] = await sg.dataSource.query(`SELECT id FROM ${SCHEMA}.partners WHERE id = ANY($1) ORDER BY name, id`, [
      [...nwPartnerIds],
    ]);
    expect(ids).toEqual(ordered.map((row) => row.id));
  });

  it('deals pages walk every deal once, newest first', async () => {
    const { ids, totalCount } = await walk(
      async (after) =>
        (
          await gql(
            `query ($after: String) { deals(first: 100, after: $after) { totalCount pageInfo { hasNextPage endCursor } edges { cursor node { id } } } }`,
            { after },
          )
        ).deals,
    );
    expect(totalCount).toBe(nwDeals.length);
    expect(ids).toEqual([...nwDeals].sort(newestFirst).map((d) => d.id));
  });

  it('nested Partner.deals and Deal.history page the same way', async () => {
    const expected = nwDeals.filter((d) => d.partnerId === IONIC.id && d.status !== 'SUBMITTED').sort(newestFirst);
    const { ids, totalCount } = await walk(
      async (after) =>
        (
          await gql(
            `query ($id: ID!, $after: String) { partner(id: $id) {
        deals(first: 6, after: $after, filter: { status: [APPROVED, REJECTED, WON, LOST, EXPIRED, WITHDRAWN] }) { totalCount pageInfo { hasNextPage endCursor } edges { cursor node { id } } }
      } }`,
            { id: IONIC.id, after },
          )
        ).partner.deals,
    );
    expect(totalCount).toBe(expected.length);
    expect(ids).toEqual(expected.map((d) => d.id));

    const long = nwDeals.find((d) => d.history.length === 3)!;
    const history = await walk(
      async (after) =>
        (
          await gql(
            `query ($id: ID!, $after: String) { deal(id: $id) { history(first: 1, after: $after) { totalCount pageInfo { hasNextPage endCursor } edges { cursor node { id } } } } }`,
            { id: long.id, after },
          )
        ).deal.history,
    );
    expect(history).toEqual({ ids: long.history.map((e) => e.id), totalCount: 3 });
  });

  it('Vendor.deals and Distributor.deals apply the same filter', async () => {
    const query = `query ($reps: [_Any!]!) { _entities(representations: $reps) {
      ... on Vendor { deals(first: 3, filter: { status: [WON] }) { totalCount edges { node { id status vendor { id } } } } }
      ... on Distributor { deals(first: 3, filter: { vendorId: "${NORTHWIND.id}" }) { totalCount edges { node { id distributor { id } } } } }
    } }`;
    const [vendor] = (await gql(query, { reps: [{ __typename: 'Vendor', id: ATLAS.id }] }, as('VENDOR', ATLAS)))._entities;
    const [distributor, nobody] = (
      await gql(
        query,
        {
          reps: [
            { __typename: 'Distributor', id: TESSERA.id },
            { __typename: 'Distributor', id: UNKNOWN },
          ],
        },
        as('DISTRIBUTOR', TESSERA),
      )
    )._entities;
    const atlasWon = eco.deals.filter((d) => d.vendorId === ATLAS.id && d.status === 'WON').sort(newestFirst);
    expect(vendor.deals.totalCount).toBe(atlasWon.length);
    expect(vendor.deals.edges.map((e: any) => e.node.id)).toEqual(atlasWon.slice(0, 3).map((d) => d.id));
    const tesseraNorthwind = eco.deals.filter((d) => d.distributorId === TESSERA.id && d.vendorId === NORTHWIND.id).sort(newestFirst);
    expect(distributor.deals.totalCount).toBe(tesseraNorthwind.length);
    expect(distributor.deals.edges.map((e: any) => e.node.id)).toEqual(tesseraNorthwind.slice(0, 3).map((d) => d.id));
    expect(nobody.deals).toEqual({ totalCount: 0, edges: [] });
  });

  it('first is capped at 100 and foreign cursors are refused with BAD_USER_INPUT', async () => {
    expect(await errorCode(`{ partners(first: 101) { totalCount } }`)).toBe('BAD_USER_INPUT');
    expect(await errorCode(`{ deals(first: 101) { totalCount } }`)).toBe('BAD_USER_INPUT');
    expect(await errorCode(`{ partner(id: "${BLUEPEAK.id}") { deals(first: 101) { totalCount } } }`)).toBe('BAD_USER_INPUT');
    expect(await errorCode(`{ deals(after: "garbage") { totalCount } }`)).toBe('BAD_USER_INPUT');
    const partnerCursor = encodeCursor(['BluePeak IT', BLUEPEAK.id]);
    expect(await errorCode(`{ deals(after: "${partnerCursor}") { totalCount } }`)).toBe('BAD_USER_INPUT');
  });
});

describe('batching', () => {
  const partnerDeals = `query ($reps: [_Any!]!) { _entities(representations: $reps) {
    ... on Partner { slug certifications { code } deals(first: 3) { totalCount edges { node { id lines { quantity } history(first: 2) { totalCount edges { node { toStatus } } } } } } }
  } }`;

  async function statements(partnerCount: number): Promise<number> {
    const reps = nwPartners.slice(0, partnerCount).map((p) => ({ __typename: 'Partner', id: p.id }));
    sg.sql.reset();
    const data = await gql(partnerDeals, { reps });
    expect(data._entities).toHaveLength(partnerCount);
    for (const [index, partner] of data._entities.entries()) {
      const deals = nwDeals.filter((d) => d.partnerId === nwPartners[index].id).sort(newestFirst);
      expect(partner.deals.totalCount).toBe(deals.length);
      expect(partner.deals.edges.map((e: any) => e.node.id)).toEqual(deals.slice(0, 3).map((d) => d.id));
      for (const edge of partner.deals.edges) {
        const deal = deals.find((d) => d.id === edge.node.id)!;
        expect(edge.node.lines).toEqual(deal.lines.map((line) => ({ quantity: line.quantity })));
      }
    }
    return sg.sql.count;
  }

  it('40 partners with nested deals, lines and history cost as many statements as 5', async () => {
    const five = await statements(5);
    const forty = await statements(40);
    expect(forty).toBe(five);
    // partners, certifications, deal pages, deal counts, lines, history pages, history counts
    expect(five).toBeLessThanOrEqual(7);
  });

  it('the brief case: deals(first: 3) { totalCount edges { node { id lines { quantity } } } }', async () => {
    const query = `query ($reps: [_Any!]!) { _entities(representations: $reps) { ... on Partner { deals(first: 3) { totalCount edges { node { id lines { quantity } } } } } } }`;
    const count = async (n: number) => {
      sg.sql.reset();
      await gql(query, { reps: nwPartners.slice(0, n).map((p) => ({ __typename: 'Partner', id: p.id })) });
      return sg.sql.count;
    };
    const five = await count(5);
    expect(await count(40)).toBe(five);
    expect(five).toBe(4);
  });

  it('a page of deals resolves partners, lines and history in a fixed number of statements', async () => {
    const query = (first: number) => `{ deals(first: ${first}) { edges { node { partner { slug } lines { quantity } history { totalCount } } } } }`;
    sg.sql.reset();
    await gql(query(5));
    const five = sg.sql.count;
    sg.sql.reset();
    await gql(query(100));
    expect(sg.sql.count).toBe(five);
  });
});

describe('gateway signature', () => {
  it('refuses an unsigned request with 401 UNAUTHENTICATED', async () => {
    const response = await subgraphRequest(sg.url, '{ partners { totalCount } }', {}, null);
    expect(response.status).toBe(401);
    expect(response.errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
  });

  it('refuses a header signed with another secret', async () => {
    const forged = await new SignJWT({ role: 'VENDOR', org: NORTHWIND.id })
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject('user:mallory')
      .setIssuer('channel-graph-gateway')
      .setAudience('channel-graph-subgraphs')
      .setIssuedAt()
      .setExpirationTime('60s')
      .sign(new TextEncoder().encode('not-the-gateway-secret-but-long-enough-to-sign'));
    const response = await fetch(sg.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', [IDENTITY_HEADER]: forged },
      body: JSON.stringify({ query: '{ partners { totalCount } }' }),
    });
    const body = (await response.json()) as { errors?: { extensions?: { code?: string } }[] };
    expect(response.status).toBe(401);
    expect(body.errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
  });
});

describe('database', () => {
  it('seeded the demo ecosystem, with deterministic line ids, and a second seed inserts nothing', async () => {
    const [{ count }] = await sg.dataSource.query(`SELECT count(*)::int AS count FROM ${SCHEMA}.deal_lines WHERE id = $1`, [
      stableId('deal-line', eco.deals[0].id, '0'),
    ]);
    expect(count).toBe(1);
    const tables: { table: string; rows: number }[] = await sg.dataSource.query(
      `SELECT 'partners' AS table, count(*)::int AS rows FROM ${SCHEMA}.partners UNION ALL SELECT 'certifications', count(*)::int FROM ${SCHEMA}.certifications
       UNION ALL SELECT 'deals', count(*)::int FROM ${SCHEMA}.deals UNION ALL SELECT 'deal_lines', count(*)::int FROM ${SCHEMA}.deal_lines
       UNION ALL SELECT 'deal_events', count(*)::int FROM ${SCHEMA}.deal_events`,
    );
    expect(Object.fromEntries(tables.map((t) => [t.table, t.rows]))).toEqual({
      partners: eco.partners.length,
      certifications: eco.certifications.length,
      deals: eco.deals.length,
      deal_lines: eco.deals.reduce((n, d) => n + d.lines.length, 0),
      deal_events: eco.deals.reduce((n, d) => n + d.history.length, 0),
    });
    expect(await seed(sg.dataSource)).toEqual({ partners: 0, certifications: 0, deals: 0, deal_lines: 0, deal_events: 0, members: 0 });
  });

  it('enforces its constraints', async () => {
    const reject = (sql: string, params: unknown[]) => expect(sg.dataSource.query(sql, params)).rejects.toThrow();
    const insertPartner = `INSERT INTO ${SCHEMA}.partners (slug, name, partner_types, sales_motion, region, country) VALUES ($1, 'X', $2, 'HYBRID', 'EMEA', 'DE')`;
    await reject(insertPartner, ['bluepeak-it', ['VAR']]);
    await reject(insertPartner, ['Bad Slug', ['VAR']]);
    await reject(insertPartner, ['fine-slug', ['VAR', 'RESELLER']]);
    await reject(insertPartner, ['fine-slug', []]);
    const insertDeal = `INSERT INTO ${SCHEMA}.deals (partner_id, vendor_id, customer_name, customer_domain, amount_minor, currency, expected_close_date, status)
      VALUES ($1, $2, 'Acme', $3, $4, 'USD', '2027-01-01', $5)`;
    await reject(insertDeal, [BLUEPEAK.id, NORTHWIND.id, 'acme.example', 0, 'SUBMITTED']);
    await reject(insertDeal, [BLUEPEAK.id, NORTHWIND.id, 'Acme.Example', 100, 'SUBMITTED']);
    await reject(insertDeal, [BLUEPEAK.id, NORTHWIND.id, 'acme.example', 100, 'PENDING']);
    await reject(insertDeal, [UNKNOWN, NORTHWIND.id, 'acme.example', 100, 'SUBMITTED']);
  });

  it('migrations run up, undo down to nothing, and up again', async () => {
    const empty = await createTestDatabase({ empty: true });
    const dataSource = await openDatabase(databaseOptions(empty.url), false);
    try {
      const tables = async () =>
        (
          (await dataSource.query(
            `SELECT table_name FROM information_schema.tables WHERE table_schema = $1 AND table_name <> 'migrations' ORDER BY 1`,
            [SCHEMA],
          )) as { table_name: string }[]
        ).map((t) => t.table_name);
      expect(await dataSource.runMigrations()).toHaveLength(migrations.length);
      expect(await tables()).toEqual([
        'certifications',
        'change_events',
        'deal_events',
        'deal_lines',
        'deals',
        'lead_settings',
        'leads',
        'members',
        'partners',
      ]);
      for (;;) {
        const [{ count }] = await dataSource.query(`SELECT count(*)::int AS count FROM ${SCHEMA}.migrations`);
        if (count === 0) break;
        await dataSource.undoLastMigration();
      }
      expect(await tables()).toEqual([]);
      expect(await dataSource.runMigrations()).toHaveLength(migrations.length);
      expect(await seed(dataSource)).toMatchObject({ partners: eco.partners.length, deals: eco.deals.length });
    } finally {
      await dataSource.destroy();
      await empty.drop();
    }
  });
});

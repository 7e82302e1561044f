import { demoMembersOf } from '../tooling/seed/insert-rows';
import { loadConfig } from '../common/config';
import { openDatabase } from '../common/db';
import {
  BLUEPEAK,
  demoEcosystem,
  HARBOR,
  MERIDIAN,
  NORTHWIND,
  REFERRAL_POINT,
  TESSERA,
  type DemoMembership,
  type DemoSellThrough,
} from '../tooling/demo/catalog';
import { IDENTITY_HEADER, signIdentity, type Identity } from '../common/identity';
import { stableId } from '../common/ids';
import { databaseOptions, SCHEMA } from '../subgraphs/distributor/database';
import { seed } from '../tooling/seed/distributor';
import { createTestDatabase, type TestDatabase } from './support/database';
import { startSubgraphs, subgraphRequest, type RunningSubgraph } from './support/subgraph';

const demo = demoEcosystem();
const UNKNOWN = stableId('distributor-test', 'nobody');

/** Minor units as the exact decimal the API must print (every demo currency has 2 decimals). */
const decimal = (minor: number) => `${Math.floor(minor / 100)}.${String(minor % 100).padStart(2, '0')}`;
const membershipOrder = (a: DemoMembership, b: DemoMembership) => b.joinedAt.localeCompare(a.joinedAt) || (b.id < a.id ? -1 : 1);
const sellThroughOrder = (a: DemoSellThrough, b: DemoSellThrough) => b.soldOn.localeCompare(a.soldOn) || (b.id < a.id ? -1 : 1);
const networkOf = (distributorId: string, vendorId?: string) =>
  demo.memberships.filter((m) => m.distributorId === distributorId && (!vendorId || m.vendorId === vendorId)).sort(membershipOrder);
const sellThroughOf = (distributorId: string) => demo.sellThrough.filter((s) => s.distributorId === distributorId).sort(sellThroughOrder);

let db: TestDatabase;
let sg: RunningSubgraph;
let vendor: RunningSubgraph;

beforeAll(async () => {
  db = await createTestDatabase();
  // the vendor subgraph says which distributors a vendor caller may see (its /scope)
  ({ vendor, distributor: sg } = await startSubgraphs(['vendor', 'distributor'], db.url));
});

afterAll(async () => {
  await sg?.stop();
  await vendor?.stop();
  await db?.drop();
});

/** Rows are scoped to the caller (test/distributor-scoping.test.ts): each test asks as an organization that sees what it checks. */
const as = (role: Identity['role'], organizationId: string): Identity => ({
  subject: `user:${role.toLowerCase()}`,
  role,
  organizationId,
  groups: ['ADMIN'],
});
const TESSERA_USER = as('DISTRIBUTOR', TESSERA.id);
const MERIDIAN_USER = as('DISTRIBUTOR', MERIDIAN.id);
/** Carried by both distributors. */
const NORTHWIND_USER = as('VENDOR', NORTHWIND.id);
const request = (query: string, variables: Record<string, unknown> = {}, identity: Identity = TESSERA_USER) =>
  subgraphRequest(sg.url, query, variables, identity);

describe('root fields', () => {
  it('lists the demo distributors by name', async () => {
    const res = await request('{ distributors { id slug name region countries createdAt } }', {}, NORTHWIND_USER);
    expect(res.errors).toBeUndefined();
    expect(res.data!.distributors).toEqual(
      [MERIDIAN, TESSERA].map((d) => ({
        id: d.id,
        slug: d.slug,
        name: d.name,
        region: d.region,
        countries: d.countries,
        createdAt: expect.any(String),
      })),
    );
    expect(Number.isNaN(Date.parse(res.data!.distributors[0].createdAt))).toBe(false);
  });

  it('finds a distributor by id, and null for unknown or malformed ids', async () => {
    const query = 'query ($id: ID!) { distributor(id: $id) { id slug name region countries } }';
    const found = await request(query, { id: TESSERA.id });
    expect(found.data!.distributor).toEqual({
      id: TESSERA.id,
      slug: 'tessera-distribution',
      name: 'Tessera Distribution',
      region: 'EMEA',
      countries: TESSERA.countries,
    });
    for (const id of [UNKNOWN, 'not-a-uuid']) {
      const missing = await request(query, { id });
      expect(missing.errors).toBeUndefined();
      expect(missing.data!.distributor).toBeNull();
    }
  });
});

describe('entities by reference', () => {
  const entities = (representations: unknown[], selection: string, identity: Identity = TESSERA_USER) =>
    request(`query ($r: [_Any!]!) { _entities(representations: $r) { ${selection} } }`, { r: representations }, identity);

  it('resolves Distributor', async () => {
    const res = await entities(
      [
        { __typename: 'Distributor', id: MERIDIAN.id },
        { __typename: 'Distributor', id: UNKNOWN },
      ],
      '... on Distributor { id slug name region countries }',
      MERIDIAN_USER,
    );
    expect(res.errors).toBeUndefined();
    expect(res.data!._entities).toEqual([
      { id: MERIDIAN.id, slug: 'meridian-supply', name: 'Meridian Supply', region: 'NA', countries: ['US', 'CA'] },
      null,
    ]);
  });

  it('resolves NetworkMembership with its terms as exact money', async () => {
    const m = networkOf(MERIDIAN.id).find((x) => x.partnerId === HARBOR.id)!;
    const res = await entities(
      [
        { __typename: 'NetworkMembership', id: m.id },
        { __typename: 'NetworkMembership', id: UNKNOWN },
      ],
      '... on NetworkMembership { id distributor { slug } partner { id } vendor { id } creditLimit { amount currency } paymentTermsDays status joinedAt }',
      MERIDIAN_USER,
    );
    expect(res.errors).toBeUndefined();
    expect(res.data!._entities).toEqual([
      {
        id: m.id,
        distributor: { slug: 'meridian-supply' },
        partner: { id: HARBOR.id },
        vendor: { id: m.vendorId },
        creditLimit: { amount: decimal(m.creditLimitMinor), currency: 'USD' },
        paymentTermsDays: m.paymentTermsDays,
        status: 'ACTIVE',
        joinedAt: m.joinedAt,
      },
      null,
    ]);
    expect(res.data!._entities[0].creditLimit.amount).toMatch(/^\d+\.\d{2}$/);
  });

  it('resolves SellThroughLine with an exact amount', async () => {
    const line = demo.sellThrough.find((s) => s.currency === 'EUR')!;
    expect(line.distributorId).toBe(TESSERA.id);
    const res = await entities(
      [
        { __typename: 'SellThroughLine', id: UNKNOWN },
        { __typename: 'SellThroughLine', id: line.id },
      ],
      '... on SellThroughLine { id distributor { id } partner { id } vendor { id } product { id } quantity amount { amount currency } soldOn externalReference }',
    );
    expect(res.errors).toBeUndefined();
    expect(res.data!._entities).toEqual([
      null,
      {
        id: line.id,
        distributor: { id: line.distributorId },
        partner: { id: line.partnerId },
        vendor: { id: line.vendorId },
        product: { id: line.productId },
        quantity: line.quantity,
        amount: { amount: decimal(line.amountMinor), currency: 'EUR' },
        soldOn: line.soldOn,
        externalReference: line.externalReference,
      },
    ]);
  });

  it('extends Partner with its memberships and distributors', async () => {
    const res = await entities(
      [BLUEPEAK.id, REFERRAL_POINT.id, UNKNOWN].map((id) => ({ __typename: 'Partner', id })),
      '... on Partner { id networkMemberships { id distributor { slug } vendor { id } } distributors { slug } }',
    );
    expect(res.errors).toBeUndefined();
    const bluepeak = demo.memberships.filter((m) => m.partnerId === BLUEPEAK.id).sort(membershipOrder);
    expect(bluepeak.length).toBeGreaterThan(0);
    expect(res.data!._entities).toEqual([
      {
        id: BLUEPEAK.id,
        networkMemberships: bluepeak.map((m) => ({ id: m.id, distributor: { slug: 'tessera-distribution' }, vendor: { id: m.vendorId } })),
        distributors: [{ slug: 'tessera-distribution' }],
      },
      // a SELL_TO referral partner sells direct: in no network
      { id: REFERRAL_POINT.id, networkMemberships: [], distributors: [] },
      // Partner belongs to the partner subgraph: this one only knows it has no memberships
      { id: UNKNOWN, networkMemberships: [], distributors: [] },
    ]);
  });
});

describe('connections', () => {
  const networkPage = `query ($id: ID!, $first: Int, $after: String) { distributor(id: $id) { network(first: $first, after: $after) {
    totalCount pageInfo { hasNextPage endCursor } edges { cursor node { id joinedAt partner { id } } } } } }`;
  const sellThroughPage = `query ($id: ID!, $first: Int, $after: String) { distributor(id: $id) { sellThrough(first: $first, after: $after) {
    totalCount pageInfo { hasNextPage endCursor } edges { cursor node { id soldOn } } } } }`;

  /** Walks as the distributor itself, which sees its whole network and sell-through. */
  async function walk(query: string, field: 'network' | 'sellThrough', id: string, first: number, expectedTotal: number): Promise<string[]> {
    const ids: string[] = [];
    let after: string | null = null;
    for (let pages = 0; pages < 100; pages++) {
      const res = await request(query, { id, first, after }, as('DISTRIBUTOR', id));
      expect(res.errors).toBeUndefined();
      const conn = res.data!.distributor[field];
      expect(conn.totalCount).toBe(expectedTotal);
      ids.push(...conn.edges.map((e: { node: { id: string } }) => e.node.id));
      expect(conn.pageInfo.endCursor).toBe(conn.edges.length ? conn.edges[conn.edges.length - 1].cursor : null);
      expect(conn.pageInfo.hasNextPage).toBe(ids.length < expectedTotal);
      if (!conn.pageInfo.hasNextPage) return ids;
      expect(conn.edges).toHaveLength(first);
      after = conn.pageInfo.endCursor;
    }
    throw new Error('paging did not end');
  }

  it('walks a distributor network, newest member first, without duplicates', async () => {
    for (const d of [TESSERA, MERIDIAN]) {
      const expected = networkOf(d.id).map((m) => m.id);
      expect(expected.length).toBeGreaterThan(7);
      const ids = await walk(networkPage, 'network', d.id, 7, expected.length);
      expect(new Set(ids).size).toBe(ids.length);
      expect(ids).toEqual(expected);
    }
  });

  it('walks sell-through, newest sale first, without duplicates', async () => {
    const expected = sellThroughOf(TESSERA.id).map((s) => s.id);
    expect(expected.length).toBeGreaterThan(100);
    const ids = await walk(sellThroughPage, 'sellThrough', TESSERA.id, 100, expected.length);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids).toEqual(expected);
  });

  it('defaults to 20 and refuses first: 101 or a foreign cursor with BAD_USER_INPUT', async () => {
    const res = await request(sellThroughPage, { id: MERIDIAN.id }, MERIDIAN_USER);
    expect(res.data!.distributor.sellThrough.edges).toHaveLength(20);
    expect(res.data!.distributor.sellThrough.totalCount).toBe(sellThroughOf(MERIDIAN.id).length);
    const tooMany = await request(networkPage, { id: TESSERA.id, first: 101 });
    expect(tooMany.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
    expect(tooMany.errors?.[0].message).toMatch(/first/);
    for (const after of ['garbage', Buffer.from(JSON.stringify(['2026-01-01', 'not-a-uuid'])).toString('base64url')]) {
      const bad = await request(networkPage, { id: TESSERA.id, first: 5, after });
      expect(bad.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
    }
  });
});

describe('batching', () => {
  const partnerQuery = `query ($r: [_Any!]!) { _entities(representations: $r) { ... on Partner {
    id networkMemberships { id vendor { id } distributor { slug } } distributors { slug } } } }`;

  /** As a vendor carried by both distributors: its lines of both networks. */
  async function statementsFor(query: string, representations: unknown[]) {
    await request('{ distributors { id } }', {}, NORTHWIND_USER); // the vendor's facts are fetched (and cached) before counting
    sg.sql.reset();
    const res = await request(query, { r: representations }, NORTHWIND_USER);
    expect(res.errors).toBeUndefined();
    return { count: sg.sql.count, data: res.data! };
  }

  it('resolves 40 partners with the same number of SQL statements as 5', async () => {
    const partners = demo.partners.slice(0, 40).map((p) => ({ __typename: 'Partner', id: p.id }));
    const five = await statementsFor(partnerQuery, partners.slice(0, 5));
    const forty = await statementsFor(partnerQuery, partners);
    expect(forty.data._entities).toHaveLength(40);
    expect(forty.data._entities.flatMap((p: { networkMemberships: unknown[] }) => p.networkMemberships)).toHaveLength(
      demo.memberships.filter((m) => m.vendorId === NORTHWIND.id && partners.some((p) => p.id === m.partnerId)).length,
    );
    expect(five.count).toBeLessThanOrEqual(3);
    expect(forty.count).toBe(five.count);
  });

  it('pages the networks of both distributors in one statement (plus one count)', async () => {
    const { count, data } = await statementsFor(
      'query ($r: [_Any!]!) { _entities(representations: $r) { ... on Distributor { slug network(first: 5) { totalCount edges { node { partner { id } } } } } } }',
      [TESSERA, MERIDIAN].map((d) => ({ __typename: 'Distributor', id: d.id })),
    );
    expect(data._entities).toEqual(
      [TESSERA, MERIDIAN].map((d) => ({
        slug: d.slug,
        network: {
          totalCount: networkOf(d.id, NORTHWIND.id).length,
          edges: networkOf(d.id, NORTHWIND.id)
            .slice(0, 5)
            .map((m) => ({ node: { partner: { id: m.partnerId } } })),
        },
      })),
    );
    expect(count).toBe(3); // distributors by id, the pages, the counts
  });
});

describe('gateway signature', () => {
  const query = '{ distributors { slug } }';

  it('refuses an unsigned request with 401 UNAUTHENTICATED', async () => {
    const res = await subgraphRequest(sg.url, query, {}, null);
    expect(res.status).toBe(401);
    expect(res.errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
    expect(res.data).toBeUndefined();
  });

  it('refuses a header signed with another secret', async () => {
    const forged = await signIdentity({ subject: 'user:mallory', role: 'DISTRIBUTOR', organizationId: TESSERA.id }, 'x'.repeat(40));
    expect(forged).not.toBe('');
    expect(loadConfig({ NODE_ENV: 'test' }).gatewaySecret).not.toBe('x'.repeat(40));
    const response = await fetch(sg.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', [IDENTITY_HEADER]: forged },
      body: JSON.stringify({ query }),
    });
    const body = (await response.json()) as { errors?: { extensions?: { code?: string } }[] };
    expect(response.status).toBe(401);
    expect(body.errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
  });
});

describe('database', () => {
  it('holds the demo rows, and seeding again inserts nothing', async () => {
    const [{ distributors, memberships, lines }] = await sg.dataSource.query(
      `SELECT (SELECT count(*)::int FROM distributors) AS distributors, (SELECT count(*)::int FROM network_memberships) AS memberships,
              (SELECT count(*)::int FROM sell_through_lines) AS lines`,
    );
    expect({ distributors, memberships, lines }).toEqual({
      distributors: demo.distributors.length,
      memberships: demo.memberships.length,
      lines: demo.sellThrough.length,
    });
    expect(await seed(sg.dataSource)).toEqual({ distributors: 0, network_memberships: 0, sell_through_lines: 0, members: 0 });
  });

  it('migrates up, down to nothing, and up again; constraints guard the data', async () => {
    const empty = await createTestDatabase({ empty: true });
    const dataSource = await openDatabase(databaseOptions(empty.url));
    try {
      const tables = async () =>
        (
          await dataSource.query(
            `SELECT table_name FROM information_schema.tables WHERE table_schema = $1 AND table_name <> 'migrations' ORDER BY 1`,
            [SCHEMA],
          )
        ).map((row: { table_name: string }) => row.table_name);
      expect(await tables()).toEqual(['change_events', 'distributors', 'members', 'network_memberships', 'sell_through_lines']);
      while ((await dataSource.query('SELECT count(*)::int AS n FROM migrations'))[0].n > 0) await dataSource.undoLastMigration();
      expect(await tables()).toEqual([]);
      expect((await dataSource.runMigrations()).length).toBeGreaterThan(0);
      expect(await tables()).toEqual(['change_events', 'distributors', 'members', 'network_memberships', 'sell_through_lines']);

      expect(await seed(dataSource)).toEqual({
        distributors: demo.distributors.length,
        network_memberships: demo.memberships.length,
        sell_through_lines: demo.sellThrough.length,
        members: demoMembersOf('DISTRIBUTOR').length,
      });
      const m = demo.memberships[0];
      const rejects = (sql: string, params: unknown[]) => expect(dataSource.query(sql, params)).rejects.toThrow();
      await rejects(`INSERT INTO distributors (slug, name, region) VALUES ('Not A Slug', 'X', 'EMEA')`, []);
      await rejects(`INSERT INTO distributors (slug, name, region) VALUES ($1, 'Again', 'EMEA')`, [TESSERA.slug]);
      await rejects(`INSERT INTO network_memberships (distributor_id, partner_id, vendor_id, currency) VALUES ($1, $2, $3, 'EUR')`, [
        m.distributorId,
        m.partnerId,
        m.vendorId,
      ]);
      await rejects(
        `INSERT INTO network_memberships (distributor_id, partner_id, vendor_id, currency, payment_terms_days) VALUES ($1, $2, $2, 'EUR', 400)`,
        [TESSERA.id, UNKNOWN],
      );
      await rejects(`INSERT INTO network_memberships (distributor_id, partner_id, vendor_id, currency, status) VALUES ($1, $2, $2, 'EUR', 'GONE')`, [
        TESSERA.id,
        UNKNOWN,
      ]);
      await rejects(`INSERT INTO network_memberships (distributor_id, partner_id, vendor_id, currency) VALUES ($1, $1, $1, 'EUR')`, [UNKNOWN]);
      await rejects(
        `INSERT INTO sell_through_lines (distributor_id, partner_id, vendor_id, product_id, quantity, amount_minor, currency, sold_on, external_reference)
         VALUES ($1, $2, $2, $2, 0, 100, 'EUR', '2026-01-01', 'REF-1')`,
        [TESSERA.id, UNKNOWN],
      );
    } finally {
      await dataSource.destroy();
      await empty.drop();
    }
  });
});

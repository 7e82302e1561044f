import { SignJWT } from 'jose';
import { ATLAS, BLUEPEAK, HARBOR, IONIC, MERIDIAN, NORTHWIND, TESSERA, demoEcosystem, type DemoDeal } from '../tooling/demo/catalog';
import { IDENTITY_HEADER, type Identity } from '../common/identity';
import type { Caller } from '../common/scope';
import { createLoaders } from '../subgraphs/partner/loaders';
import { createTestDatabase, type TestDatabase } from './support/database';
import { startSubgraphs, subgraphRequest, type RunningSubgraph } from './support/subgraph';

/**
 * Row scoping of the partner subgraph (partners, certifications, deals, lines, history), against the
 * real vendor and distributor subgraphs, which own the facts that decide a vendor's and a distributor's
 * partners. Expectations are computed from the demo catalog, not from the subgraphs' answers.
 */
const eco = demoEcosystem();
const UNKNOWN = '00000000-0000-4000-8000-000000000000';
/** How long the partner subgraph may reuse a peer's facts (SCOPE_CACHE_TTL_MS default), plus margin. */
const SCOPE_CACHE_EXPIRY_MS = 2100;

let db: TestDatabase;
const NAMES = ['vendor', 'partner', 'distributor'] as const;
let running: Record<(typeof NAMES)[number], RunningSubgraph>;
const stopped = new Set<string>();

beforeAll(async () => {
  db = await createTestDatabase();
  running = await startSubgraphs([...NAMES], db.url);
});

afterAll(async () => {
  for (const name of NAMES) if (running?.[name] && !stopped.has(name)) await running[name].stop();
  await db?.drop();
});

type Org = { id: string; slug: string };
// each organization's ADMIN, as the gateway signs it: the whole organization's rows (a SALES member's narrow: deal-owners.test.ts)
const identity = (role: Identity['role'], org: Org): Identity => ({ subject: `user:${org.slug}`, role, organizationId: org.id, groups: ['ADMIN'] });
const CALLERS: [string, Identity][] = [
  ['vendor northwind-cloud', identity('VENDOR', NORTHWIND)],
  ['vendor atlas-machinery', identity('VENDOR', ATLAS)],
  ['partner bluepeak-it', identity('PARTNER', BLUEPEAK)],
  ['partner harbor-msp', identity('PARTNER', HARBOR)],
  ['distributor tessera-distribution', identity('DISTRIBUTOR', TESSERA)],
  ['distributor meridian-supply', identity('DISTRIBUTOR', MERIDIAN)],
];

/** The partners a caller may see (docs/triangle.md): ACTIVE with the vendor, itself, or in the distributor's network. */
function partnersInScope(who: Identity): Set<string> {
  switch (who.role) {
    case 'VENDOR':
      return new Set(eco.partnerships.filter((ps) => ps.vendorId === who.organizationId && ps.status === 'ACTIVE').map((ps) => ps.partnerId));
    case 'PARTNER':
      return new Set([who.organizationId]);
    case 'DISTRIBUTOR':
      return new Set(eco.memberships.filter((m) => m.distributorId === who.organizationId).map((m) => m.partnerId));
  }
}

/** Deals on the vendor's products, the partner's own, or routed to the distributor. */
function dealInScope(who: Identity, deal: DemoDeal): boolean {
  switch (who.role) {
    case 'VENDOR':
      return deal.vendorId === who.organizationId;
    case 'PARTNER':
      return deal.partnerId === who.organizationId;
    case 'DISTRIBUTOR':
      return deal.distributorId === who.organizationId;
  }
}

const dealsInScope = (who: Identity) => eco.deals.filter((d) => dealInScope(who, d));
const newestFirst = (a: DemoDeal, b: DemoDeal) => (a.createdAt === b.createdAt ? (a.id < b.id ? 1 : -1) : a.createdAt < b.createdAt ? 1 : -1);
const sorted = (ids: Iterable<string>) => [...ids].sort();

async function gql<T = any>(who: Identity, query: string, variables: Record<string, unknown> = {}): Promise<T> {
  const response = await subgraphRequest<T>(running.partner.url, query, variables, who);
  expect(response.errors).toBeUndefined();
  return response.data as T;
}

type Page = { totalCount: number; pageInfo: { hasNextPage: boolean; endCursor: string | null }; edges: { node: { id: string } }[] };

/** Every node id of a root connection, page by page, and its totalCount. */
async function walk(who: Identity, field: 'partners' | 'deals', selection = 'id'): Promise<{ ids: string[]; totalCount: number; nodes: any[] }> {
  const nodes: any[] = [];
  let after: string | null = null;
  let totalCount = -1;
  for (let pages = 0; pages < 20; pages++) {
    const page: Page = (
      await gql(
        who,
        `query ($after: String) { ${field}(first: 100, after: $after) { totalCount pageInfo { hasNextPage endCursor } edges { node { ${selection} } } } }`,
        { after },
      )
    )[field];
    totalCount = page.totalCount;
    nodes.push(...page.edges.map((edge) => edge.node));
    if (!page.pageInfo.hasNextPage) break;
    after = page.pageInfo.endCursor;
  }
  return { ids: nodes.map((node) => node.id), totalCount, nodes };
}

describe.each(CALLERS)('%s', (_name, who) => {
  const partners = partnersInScope(who);
  const deals = dealsInScope(who);
  const ownPartner = [...partners][0];
  const foreignPartner = eco.partners.find((p) => !partners.has(p.id))!.id;
  const ownDeal = deals[0];
  const foreignDeal = eco.deals.find((d) => !dealInScope(who, d))!;
  const ownCertification = eco.certifications.find((c) => partners.has(c.partnerId))!;
  const foreignCertification = eco.certifications.find((c) => !partners.has(c.partnerId))!;

  it('the demo gives this caller some rows in scope and some out of it', () => {
    expect(partners.size).toBeGreaterThan(0);
    expect(partners.size).toBeLessThan(eco.partners.length);
    expect(deals.length).toBeGreaterThan(0);
    expect(deals.length).toBeLessThan(eco.deals.length);
    expect([ownPartner, foreignPartner, ownDeal, foreignDeal, ownCertification, foreignCertification].every(Boolean)).toBe(true);
  });

  it('partners lists exactly the partners in scope, with their certifications; totalCount counts them', async () => {
    const { ids, totalCount, nodes } = await walk(who, 'partners', 'id certifications { id }');
    expect(sorted(ids)).toEqual(sorted(partners));
    expect(totalCount).toBe(partners.size);
    const certifications = nodes.flatMap((node) => node.certifications.map((c: { id: string }) => c.id));
    expect(sorted(certifications)).toEqual(sorted(eco.certifications.filter((c) => partners.has(c.partnerId)).map((c) => c.id)));
  });

  it('deals lists exactly the deals in scope, newest first; totalCount counts them', async () => {
    const { ids, totalCount } = await walk(who, 'deals');
    expect(ids).toEqual([...deals].sort(newestFirst).map((d) => d.id));
    expect(totalCount).toBe(deals.length);
  });

  it("another tenant's ids read as unknown ids: root lookups, aliases and fragments give null", async () => {
    const data = await gql(
      who,
      `query ($own: ID!, $foreign: ID!, $ownDeal: ID!, $foreignDeal: ID!) {
      own: partner(id: $own) { id }
      foreign: partner(id: $foreign) { id }
      missing: partner(id: "${UNKNOWN}") { id }
      ownDeal: deal(id: $ownDeal) { id }
      foreignDeal: deal(id: $foreignDeal) { id }
      ...Foreign
    }
    fragment Foreign on Query { viaFragment: partner(id: $foreign) { id name } dealViaFragment: deal(id: $foreignDeal) { ... on Deal { id } } }`,
      { own: ownPartner, foreign: foreignPartner.toUpperCase(), ownDeal: ownDeal.id, foreignDeal: foreignDeal.id },
    );
    expect(data).toEqual({
      own: { id: ownPartner },
      foreign: null,
      missing: null,
      ownDeal: { id: ownDeal.id },
      foreignDeal: null,
      viaFragment: null,
      dealViaFragment: null,
    });
  });

  it("_entities gives null for another tenant's Partner, Certification and Deal", async () => {
    const data = await gql(
      who,
      `query ($reps: [_Any!]!) { _entities(representations: $reps) {
      ... on Partner { id } ... on Certification { id partner { id } } ... on Deal { id }
    } }`,
      {
        reps: [
          { __typename: 'Partner', id: ownPartner },
          { __typename: 'Partner', id: foreignPartner },
          { __typename: 'Certification', id: ownCertification.id },
          { __typename: 'Certification', id: foreignCertification.id },
          { __typename: 'Deal', id: ownDeal.id },
          { __typename: 'Deal', id: foreignDeal.id },
        ],
      },
    );
    expect(data._entities).toEqual([
      { id: ownPartner },
      null,
      { id: ownCertification.id, partner: { id: ownCertification.partnerId } },
      null,
      { id: ownDeal.id },
      null,
    ]);
  });

  it('filters narrow the scope, never widen it', async () => {
    const foreignOrg = { VENDOR: 'vendorId', PARTNER: 'partnerId', DISTRIBUTOR: 'distributorId' }[who.role];
    const other = { VENDOR: [NORTHWIND, ATLAS], PARTNER: [BLUEPEAK, HARBOR], DISTRIBUTOR: [TESSERA, MERIDIAN] }[who.role].find(
      (o) => o.id !== who.organizationId,
    )!;
    const foreign = eco.partners.find((p) => p.id === foreignPartner)!;
    const data = await gql(
      who,
      `query ($dealFilter: DealFilter, $byPartner: DealFilter, $search: String) {
      other: deals(filter: $dealFilter) { totalCount edges { node { id } } }
      byForeignPartner: deals(filter: $byPartner) { totalCount edges { node { id } } }
      found: partners(filter: { search: $search }) { totalCount edges { node { id } } }
    }`,
      { dealFilter: { [foreignOrg]: other.id }, byPartner: { partnerId: foreignPartner }, search: foreign.slug },
    );
    expect(data.other).toEqual({ totalCount: 0, edges: [] });
    expect(data.byForeignPartner).toEqual({ totalCount: 0, edges: [] });
    expect(data.found.edges.map((e: any) => e.node.id)).not.toContain(foreignPartner);
    expect(data.found.totalCount).toBe(data.found.edges.length);
  });

  it('Vendor.deals and Distributor.deals hold only the deals in scope', async () => {
    const reps = [NORTHWIND, ATLAS]
      .map((v) => ({ __typename: 'Vendor', id: v.id }))
      .concat([TESSERA, MERIDIAN].map((d) => ({ __typename: 'Distributor', id: d.id })));
    const data = await gql(
      who,
      `query ($reps: [_Any!]!) { _entities(representations: $reps) {
      ... on Vendor { deals(first: 100) { totalCount edges { node { id } } } }
      ... on Distributor { deals(first: 100) { totalCount edges { node { id } } } }
    } }`,
      { reps },
    );
    const owners: [keyof DemoDeal, string][] = [
      ['vendorId', NORTHWIND.id],
      ['vendorId', ATLAS.id],
      ['distributorId', TESSERA.id],
      ['distributorId', MERIDIAN.id],
    ];
    owners.forEach(([column, id], index) => {
      const expected = deals.filter((d) => d[column] === id).sort(newestFirst);
      expect(data._entities[index].deals.totalCount).toBe(expected.length);
      expect(data._entities[index].deals.edges.map((e: any) => e.node.id)).toEqual(expected.slice(0, 100).map((d) => d.id));
    });
  });
});

describe('nested relations', () => {
  const northwind = identity('VENDOR', NORTHWIND);
  const atlas = identity('VENDOR', ATLAS);
  const tessera = identity('DISTRIBUTOR', TESSERA);

  it("Partner.deals of a partner both vendors see holds each vendor's deals only, and counts them", async () => {
    const query = `query ($id: ID!) { partner(id: $id) { deals(first: 100) { totalCount edges { node { id vendor { id } } } } } }`;
    for (const who of [northwind, atlas]) {
      const expected = eco.deals.filter((d) => d.partnerId === IONIC.id && dealInScope(who, d)).sort(newestFirst);
      const { deals } = (await gql(who, query, { id: IONIC.id })).partner;
      expect(deals.totalCount).toBe(expected.length);
      expect(deals.edges.map((e: any) => e.node.id)).toEqual(expected.map((d) => d.id));
      expect(deals.totalCount).toBeLessThan(eco.deals.filter((d) => d.partnerId === IONIC.id).length);
    }
  });

  it("a distributor sees a network partner's deals routed to it only", async () => {
    const expected = eco.deals.filter((d) => d.partnerId === IONIC.id && d.distributorId === TESSERA.id);
    const { deals } = (
      await gql(tessera, `{ partner(id: "${IONIC.id}") { deals(first: 100) { totalCount edges { node { id distributor { id } } } } } }`)
    ).partner;
    expect(deals.totalCount).toBe(expected.length);
    expect(sorted(deals.edges.map((e: any) => e.node.id))).toEqual(sorted(expected.map((d) => d.id)));
  });

  it('a deal in scope brings its lines and full history', async () => {
    const deal = eco.deals.find((d) => d.distributorId === TESSERA.id && d.history.length === 3)!;
    const data = await gql(tessera, `{ deal(id: "${deal.id}") { lines { quantity product { id } } history { totalCount edges { node { id } } } } }`);
    expect(data.deal.lines).toEqual(deal.lines.map((line) => ({ quantity: line.quantity, product: { id: line.productId } })));
    expect(data.deal.history).toEqual({ totalCount: 3, edges: deal.history.map((e) => ({ node: { id: e.id } })) });
  });

  it('children of an out-of-scope parent are not fetched: the scope is in the SQL of every child query', async () => {
    // A caller asking for another tenant's children directly (the graph never lets it reach them: their parents are null).
    const noPeer = () => Promise.reject(new Error('a partner needs no peer facts'));
    const caller: Caller = { identity: identity('PARTNER', BLUEPEAK), facts: noPeer, ask: noPeer };
    const loaders = await createLoaders(running.partner.dataSource, caller);
    const foreignDeal = eco.deals.find((d) => d.partnerId === HARBOR.id && d.lines.length > 0)!;
    const ownDeal = eco.deals.find((d) => d.partnerId === BLUEPEAK.id)!;
    expect(await loaders.dealLinesByDealId.load(foreignDeal.id)).toEqual([]);
    expect((await loaders.dealLinesByDealId.load(ownDeal.id)).length).toBe(ownDeal.lines.length);
    const history = await loaders.historyByDeal.load(foreignDeal.id, {});
    expect(history.edges).toEqual([]);
    expect(await history.totalCount()).toBe(0);
    expect(await loaders.certificationsByPartnerId.load(HARBOR.id)).toEqual([]);
    expect(await loaders.certificationById.load(eco.certifications.find((c) => c.partnerId === HARBOR.id)!.id)).toBeNull();
    const harborDeals = await loaders.dealsByPartner.load(HARBOR.id, {});
    expect(harborDeals.edges).toEqual([]);
    expect(await harborDeals.totalCount()).toBe(0);
  });
});

describe('gateway signature', () => {
  it('refuses requests signed with another secret, or unsigned, with 401', async () => {
    const forged = await new SignJWT({ role: 'VENDOR', org: NORTHWIND.id })
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject('user:mallory')
      .setIssuer('channel-graph-gateway')
      .setAudience('channel-graph-subgraphs')
      .setIssuedAt()
      .setExpirationTime('60s')
      .sign(new TextEncoder().encode('not-the-gateway-secret-but-long-enough-to-sign'));
    const response = await fetch(running.partner.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', [IDENTITY_HEADER]: forged },
      body: JSON.stringify({ query: '{ partners { totalCount } }' }),
    });
    expect(response.status).toBe(401);
    expect((await subgraphRequest(running.partner.url, '{ deals { totalCount } }', {}, null)).status).toBe(401);
  });
});

// The two tests below change the peers (a suspended membership, then no peers at all): keep them last.
describe('when the facts change', () => {
  it('a distributor keeps the deals routed to it after a partner leaves its network; the partner reads null, not an error', async () => {
    const tessera = identity('DISTRIBUTOR', TESSERA);
    const leaving = eco.partners.find((p) => p.slug === 'cobalt-systems')!;
    const routed = eco.deals.filter((d) => d.partnerId === leaving.id && d.distributorId === TESSERA.id);
    expect(routed.length).toBeGreaterThan(0);
    await running.distributor.dataSource.query(`UPDATE network_memberships SET status = 'SUSPENDED' WHERE distributor_id = $1 AND partner_id = $2`, [
      TESSERA.id,
      leaving.id,
    ]);
    await new Promise((resolve) => setTimeout(resolve, SCOPE_CACHE_EXPIRY_MS));
    const data = await gql(
      tessera,
      `query ($id: ID!) {
      deals(first: 100, filter: { partnerId: $id }) { totalCount edges { node { id partner { id } } } }
      partner(id: $id) { id }
      partners(first: 100) { totalCount }
    }`,
      { id: leaving.id },
    );
    expect(data.deals.totalCount).toBe(routed.length);
    expect(data.deals.edges.every((e: any) => e.node.partner === null)).toBe(true);
    expect(data.partner).toBeNull();
    expect(data.partners.totalCount).toBe(partnersInScope(tessera).size - 1);
  });
});

describe('a peer that owns scope facts is down', () => {
  const northwind = identity('VENDOR', NORTHWIND);
  const tessera = identity('DISTRIBUTOR', TESSERA);
  const bluepeak = identity('PARTNER', BLUEPEAK);

  beforeAll(async () => {
    for (const name of ['vendor', 'distributor'] as const) {
      await running[name].stop();
      stopped.add(name);
    }
    // facts asked before the peers went down may be reused this long
    await new Promise((resolve) => setTimeout(resolve, SCOPE_CACHE_EXPIRY_MS));
  });

  it('the fields that need the facts fail closed: an error and no rows', async () => {
    for (const who of [northwind, tessera]) {
      const list = await subgraphRequest(running.partner.url, '{ partners(first: 100) { totalCount edges { node { id } } } }', {}, who);
      expect(list.errors?.length).toBeGreaterThan(0);
      expect(list.data ?? null).toBeNull();

      const lookup = await subgraphRequest(running.partner.url, `{ partner(id: "${IONIC.id}") { id } }`, {}, who);
      expect(lookup.errors?.length).toBeGreaterThan(0);
      expect(lookup.data?.partner ?? null).toBeNull();

      const entities = await subgraphRequest(
        running.partner.url,
        `query ($reps: [_Any!]!) { _entities(representations: $reps) { ... on Partner { id } } }`,
        { reps: [{ __typename: 'Partner', id: IONIC.id }] },
        who,
      );
      expect(entities.errors?.length).toBeGreaterThan(0);
      expect(entities.data?._entities?.[0] ?? null).toBeNull();
      expect(JSON.stringify(entities.data ?? null)).not.toContain(IONIC.id);
    }
  });

  it('fields whose scope is local still answer: the peer is asked only when a field needs it', async () => {
    const vendorDeals = await gql(northwind, '{ deals(first: 5) { totalCount edges { node { id history { totalCount } } } } }');
    expect(vendorDeals.deals.totalCount).toBe(dealsInScope(northwind).length);
    const own = await gql(
      bluepeak,
      `{ partners { totalCount } partner(id: "${BLUEPEAK.id}") { certifications { id } deals(first: 1) { totalCount } } }`,
    );
    expect(own.partners.totalCount).toBe(1);
    expect(own.partner.deals.totalCount).toBe(dealsInScope(bluepeak).length);
  });
});

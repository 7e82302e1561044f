import { ATLAS, BLUEPEAK, demoEcosystem, HARBOR, IONIC, MERIDIAN, NORTHWIND, REFERRAL_POINT, TESSERA } from '../tooling/demo/catalog';
import { IDENTITY_HEADER, signIdentity, type Identity } from '../common/identity';
import { stableId } from '../common/ids';
import { TestData } from './support/builder';
import { createTestDatabase, type TestDatabase } from './support/database';
import { startSubgraph, startSubgraphs, subgraphRequest, testConfig, type RunningSubgraph } from './support/subgraph';

/**
 * Row scope of the distributor subgraph (distributors, network memberships, sell-through lines) for each role,
 * and the facts it serves to its peers on /scope. The demo data gets a few rows that the demo lacks: a distributor
 * no vendor has an agreement with, and SUSPENDED memberships, so "any status" and "ACTIVE only" can be told apart.
 */
const demo = demoEcosystem();
const as = (role: Identity['role'], organizationId: string): Identity => ({
  subject: `user:${role.toLowerCase()}`,
  role,
  organizationId,
  groups: ['ADMIN'],
});
const sorted = (ids: Iterable<string>) => [...new Set(ids)].sort();

const ORPHAN = {
  id: stableId('distributor', 'orphan-wholesale'),
  slug: 'orphan-wholesale',
  name: 'Orphan Wholesale',
  region: 'EMEA',
  countries: ['DE'],
};
interface Membership {
  id: string;
  distributorId: string;
  partnerId: string;
  vendorId: string;
  status: 'ACTIVE' | 'SUSPENDED';
  joinedAt: string;
}
interface Line {
  id: string;
  distributorId: string;
  partnerId: string;
  vendorId: string;
  productId: string;
  soldOn: string;
}
const extraMembership = (d: { id: string }, p: { id: string; slug: string }, v: { id: string; slug: string }, joinedAt: string): Membership => ({
  id: stableId('membership-test', d.id, p.slug, v.slug),
  distributorId: d.id,
  partnerId: p.id,
  vendorId: v.id,
  status: 'SUSPENDED',
  joinedAt,
});
/** BluePeak suspended in a network no vendor has an agreement with; Harbor suspended in Tessera's Atlas line (its only Tessera membership). */
const EXTRA_MEMBERSHIPS = [
  extraMembership(ORPHAN, BLUEPEAK, NORTHWIND, '2026-10-01T00:00:00.000Z'),
  extraMembership(TESSERA, HARBOR, ATLAS, '2026-10-02T00:00:00.000Z'),
];
const ORPHAN_LINE: Line = {
  id: stableId('sell-through-test', 'orphan'),
  distributorId: ORPHAN.id,
  partnerId: BLUEPEAK.id,
  vendorId: NORTHWIND.id,
  productId: demo.products.find((p) => p.vendorId === NORTHWIND.id)!.id,
  soldOn: '2026-10-15',
};

const DISTRIBUTORS = [...demo.distributors, ORPHAN];
const MEMBERSHIPS: Membership[] = [...demo.memberships.map((m) => ({ ...m, status: 'ACTIVE' as const })), ...EXTRA_MEMBERSHIPS];
const LINES: Line[] = [...demo.sellThrough, ORPHAN_LINE];

/** The expected scope, written from the brief's table rather than from the code under test. */
const OWN_COLUMN = { VENDOR: 'vendorId', PARTNER: 'partnerId', DISTRIBUTOR: 'distributorId' } as const;
const ownRow = (caller: Identity) => (row: Membership | Line) => row[OWN_COLUMN[caller.role]] === caller.organizationId;
function distributorIdsFor(caller: Identity): string[] {
  switch (caller.role) {
    case 'VENDOR': // all demo agreements are active
      return sorted(demo.agreements.filter((a) => a.vendorId === caller.organizationId).map((a) => a.distributorId));
    case 'PARTNER': // a membership of any status
      return sorted(MEMBERSHIPS.filter((m) => m.partnerId === caller.organizationId).map((m) => m.distributorId));
    case 'DISTRIBUTOR':
      return [caller.organizationId];
  }
}
const byName = (ids: string[]) =>
  DISTRIBUTORS.filter((d) => ids.includes(d.id))
    .sort((a, b) => a.name.localeCompare(b.name))
    .map((d) => d.id);

let db: TestDatabase;
let graphs: Awaited<ReturnType<typeof startSubgraphs>>;

beforeAll(async () => {
  db = await createTestDatabase();
  graphs = await startSubgraphs(['vendor', 'partner', 'distributor'], db.url);
  const data = new TestData(graphs.distributor.dataSource);
  await data.distributor({ id: ORPHAN.id, slug: ORPHAN.slug, name: ORPHAN.name, region: ORPHAN.region, countries: ORPHAN.countries });
  for (const m of EXTRA_MEMBERSHIPS) {
    await data.membership({
      id: m.id,
      distributorId: m.distributorId,
      partnerId: m.partnerId,
      vendorId: m.vendorId,
      creditLimitMinor: 1000000,
      currency: 'EUR',
      paymentTermsDays: 30,
      status: m.status,
      joinedAt: m.joinedAt,
    });
  }
  await data.sellThrough({
    id: ORPHAN_LINE.id,
    distributorId: ORPHAN_LINE.distributorId,
    partnerId: ORPHAN_LINE.partnerId,
    vendorId: ORPHAN_LINE.vendorId,
    productId: ORPHAN_LINE.productId,
    quantity: 1,
    amountMinor: 100000,
    currency: 'USD',
    soldOn: ORPHAN_LINE.soldOn,
    externalReference: 'ORPHAN-1',
  });
});

afterAll(async () => {
  await graphs?.stop();
  await db?.drop();
});

const request = (caller: Identity | null, query: string, variables: Record<string, unknown> = {}) =>
  subgraphRequest(graphs.distributor.url, query, variables, caller);
const ok = async (caller: Identity, query: string, variables: Record<string, unknown> = {}) => {
  const res = await request(caller, query, variables);
  expect(res.errors).toBeUndefined();
  return res.data!;
};
const entities = (caller: Identity, representations: unknown[], selection: string) =>
  ok(caller, `query ($r: [_Any!]!) { _entities(representations: $r) { ${selection} } }`, { r: representations });

async function facts(caller: Identity | null, secret = testConfig().gatewaySecret): Promise<{ status: number; body: any }> {
  const headers: Record<string, string> = {};
  if (caller) headers[IDENTITY_HEADER] = await signIdentity(caller, secret);
  const response = await fetch(new URL('/scope', graphs.distributor.url), { headers });
  return { status: response.status, body: await response.json() };
}

/** Every id of a distributor's connection, walking pages of 100, with the totalCount of each page. */
async function walk(caller: Identity, field: 'network' | 'sellThrough', distributorId: string): Promise<{ ids: string[]; totals: number[] } | null> {
  const ids: string[] = [];
  const totals: number[] = [];
  let after: string | null = null;
  for (let page = 0; page < 20; page++) {
    const data = await ok(
      caller,
      `query ($id: ID!, $after: String) { distributor(id: $id) { ${field}(first: 100, after: $after) { totalCount pageInfo { hasNextPage endCursor } edges { node { id } } } } }`,
      { id: distributorId, after },
    );
    if (!data.distributor) return null;
    const connection = data.distributor[field];
    ids.push(...connection.edges.map((edge: { node: { id: string } }) => edge.node.id));
    totals.push(connection.totalCount);
    if (!connection.pageInfo.hasNextPage) return { ids, totals };
    after = connection.pageInfo.endCursor;
  }
  throw new Error('paging did not end');
}

const VENDORS = [as('VENDOR', NORTHWIND.id), as('VENDOR', ATLAS.id)];
const PARTNERS = [as('PARTNER', BLUEPEAK.id), as('PARTNER', HARBOR.id), as('PARTNER', IONIC.id)];
const DISTRIBUTOR_CALLERS = [as('DISTRIBUTOR', TESSERA.id), as('DISTRIBUTOR', MERIDIAN.id)];
const CALLERS = [...VENDORS, ...PARTNERS, ...DISTRIBUTOR_CALLERS];
const label = (caller: Identity) =>
  `${caller.role} ${demo.vendors.concat(demo.partners as never[], demo.distributors as never[]).find((o) => o.id === caller.organizationId)?.slug}`;

describe('scope facts served on /scope', () => {
  it.each(DISTRIBUTOR_CALLERS.map((c) => [label(c), c] as const))(
    '%s: the (partner, vendor) pairs of its ACTIVE memberships and their partners',
    async (_name, caller) => {
      const { status, body } = await facts(caller);
      expect(status).toBe(200);
      const active = MEMBERSHIPS.filter((m) => m.distributorId === caller.organizationId && m.status === 'ACTIVE');
      expect(active.length).toBeGreaterThan(0);
      expect(Object.keys(body).sort()).toEqual(['network', 'partnerIds']);
      expect(sorted(body.network.map((pair: { partnerId: string; vendorId: string }) => `${pair.partnerId}|${pair.vendorId}`))).toEqual(
        sorted(active.map((m) => `${m.partnerId}|${m.vendorId}`)),
      );
      expect(body.network).toHaveLength(active.length);
      expect(sorted(body.partnerIds)).toEqual(sorted(active.map((m) => m.partnerId)));
      expect(body.partnerIds).toHaveLength(new Set(active.map((m) => m.partnerId)).size);
    },
  );

  it("a distributor's suspended member is not in its network", async () => {
    const { body } = await facts(as('DISTRIBUTOR', TESSERA.id));
    expect(body.partnerIds).not.toContain(HARBOR.id);
    expect(body.network).not.toContainEqual({ partnerId: HARBOR.id, vendorId: ATLAS.id });
    expect((await facts(as('DISTRIBUTOR', ORPHAN.id))).body).toEqual({ network: [], partnerIds: [] });
  });

  it.each([...PARTNERS, as('PARTNER', REFERRAL_POINT.id)].map((c) => [label(c), c] as const))(
    '%s: distributors having an ACTIVE membership of it',
    async (_name, caller) => {
      const { body } = await facts(caller);
      expect(body).toEqual({
        distributorIds: sorted(MEMBERSHIPS.filter((m) => m.partnerId === caller.organizationId && m.status === 'ACTIVE').map((m) => m.distributorId)),
      });
    },
  );

  it('suspended memberships do not count for the partner (DESIGN §7); a referral partner has none; vendors get nothing', async () => {
    expect((await facts(as('PARTNER', HARBOR.id))).body).toEqual({ distributorIds: [MERIDIAN.id] });
    expect((await facts(as('PARTNER', BLUEPEAK.id))).body).toEqual({ distributorIds: [TESSERA.id] });
    expect((await facts(as('PARTNER', REFERRAL_POINT.id))).body).toEqual({ distributorIds: [] });
    for (const caller of VENDORS) expect((await facts(caller)).body).toEqual({});
  });

  it('an unknown or malformed organization has empty facts; a forged or missing signature is refused', async () => {
    expect((await facts(as('DISTRIBUTOR', stableId('distributor', 'nobody')))).body).toEqual({ network: [], partnerIds: [] });
    expect((await facts(as('DISTRIBUTOR', 'not-an-id'))).body).toEqual({ network: [], partnerIds: [] });
    expect((await facts(as('PARTNER', 'not-an-id'))).body).toEqual({ distributorIds: [] });
    expect((await facts(null)).status).toBe(401);
    expect((await facts(as('DISTRIBUTOR', TESSERA.id), 'not-the-gateway-secret-but-long-enough-0123456789')).status).toBe(401);
  });
});

describe('distributors', () => {
  it.each(CALLERS.map((c) => [label(c), c] as const))('%s: Query.distributors lists exactly the distributors in scope', async (_name, caller) => {
    const data = await ok(caller, '{ distributors { id } }');
    const expected = byName(distributorIdsFor(caller));
    expect(expected.length).toBeGreaterThan(0);
    expect(data.distributors.map((d: { id: string }) => d.id)).toEqual(expected);
  });

  it('the expectations differ per organization (the cases are not trivially equal)', () => {
    expect(distributorIdsFor(VENDORS[1])).toEqual([TESSERA.id]);
    expect(distributorIdsFor(as('PARTNER', HARBOR.id))).toEqual(sorted([MERIDIAN.id, TESSERA.id]));
    expect(distributorIdsFor(as('PARTNER', BLUEPEAK.id))).toContain(ORPHAN.id);
    expect(distributorIdsFor(as('PARTNER', REFERRAL_POINT.id))).toEqual([]);
  });

  it('a partner in no network sees no distributor at all', async () => {
    expect((await ok(as('PARTNER', REFERRAL_POINT.id), '{ distributors { id } }')).distributors).toEqual([]);
  });

  it.each(CALLERS.map((c) => [label(c), c] as const))(
    '%s: lookups and _entities of out-of-scope distributors are null, never an error',
    async (_name, caller) => {
      const inScope = distributorIdsFor(caller);
      for (const d of DISTRIBUTORS) {
        const visible = inScope.includes(d.id);
        const found = await ok(caller, 'query ($id: ID!) { distributor(id: $id) { id slug } }', { id: d.id });
        expect(found.distributor).toEqual(visible ? { id: d.id, slug: d.slug } : null);
      }
      const all = await entities(
        caller,
        DISTRIBUTORS.map((d) => ({ __typename: 'Distributor', id: d.id })),
        '... on Distributor { id }',
      );
      expect(all._entities).toEqual(DISTRIBUTORS.map((d) => (inScope.includes(d.id) ? { id: d.id } : null)));
    },
  );

  it('aliases and fragments do not widen the scope', async () => {
    const caller = as('DISTRIBUTOR', TESSERA.id);
    const data = await ok(
      caller,
      `query ($own: ID!, $other: ID!) {
        own: distributor(id: $own) { id ...D }
        other: distributor(id: $other) { id ...D }
        again: distributor(id: $other) { ... on Distributor { id slug } }
        ... on Query { list: distributors { id } more: distributors { ...D } }
      }
      fragment D on Distributor { slug network(first: 1) { totalCount } }`,
      { own: TESSERA.id, other: MERIDIAN.id },
    );
    expect(data.own).toEqual({
      id: TESSERA.id,
      slug: TESSERA.slug,
      network: { totalCount: MEMBERSHIPS.filter((m) => m.distributorId === TESSERA.id).length },
    });
    expect(data.other).toBeNull();
    expect(data.again).toBeNull();
    expect(data.list).toEqual([{ id: TESSERA.id }]);
    expect(data.more.map((d: { slug: string }) => d.slug)).toEqual([TESSERA.slug]);
  });
});

describe('network memberships and sell-through', () => {
  const cases = CALLERS.flatMap((caller) =>
    distributorIdsFor(caller).map((d) => [label(caller), DISTRIBUTORS.find((x) => x.id === d)!.slug, caller, d] as const),
  );

  it.each(cases)(
    '%s, under %s: network and sell-through hold only the rows in scope, and count them',
    async (_name, _slug, caller, distributorId) => {
      const expectedNetwork = MEMBERSHIPS.filter((m) => m.distributorId === distributorId && ownRow(caller)(m)).map((m) => m.id);
      const expectedLines = LINES.filter((l) => l.distributorId === distributorId && ownRow(caller)(l)).map((l) => l.id);
      const network = (await walk(caller, 'network', distributorId))!;
      expect(sorted(network.ids)).toEqual(sorted(expectedNetwork));
      expect(network.ids).toHaveLength(expectedNetwork.length);
      for (const total of network.totals) expect(total).toBe(expectedNetwork.length);
      const lines = (await walk(caller, 'sellThrough', distributorId))!;
      expect(sorted(lines.ids)).toEqual(sorted(expectedLines));
      for (const total of lines.totals) expect(total).toBe(expectedLines.length);
    },
  );

  it('a vendor sees only its own lines under a distributor carrying both vendors; the distributor sees all of them', async () => {
    const atlas = (await walk(VENDORS[1], 'network', TESSERA.id))!;
    const all = (await walk(DISTRIBUTOR_CALLERS[0], 'network', TESSERA.id))!;
    expect(atlas.ids.length).toBeGreaterThan(0);
    expect(all.ids.length).toBeGreaterThan(atlas.ids.length);
    expect(all.ids).toContain(EXTRA_MEMBERSHIPS[1].id); // a suspended member is still in the distributor's own network
  });

  it.each(CALLERS.map((c) => [label(c), c] as const))(
    '%s: _entities of memberships and sell-through lines are null outside the scope',
    async (_name, caller) => {
      const memberships = MEMBERSHIPS.filter((_m, i) => i % 3 === 0).concat(EXTRA_MEMBERSHIPS);
      const m = await entities(
        caller,
        memberships.map((x) => ({ __typename: 'NetworkMembership', id: x.id })),
        '... on NetworkMembership { id }',
      );
      expect(m._entities).toEqual(memberships.map((x) => (ownRow(caller)(x) ? { id: x.id } : null)));
      expect(m._entities.some(Boolean)).toBe(true);
      expect(m._entities.some((x: unknown) => x === null)).toBe(true);
      const lines = LINES.filter((_l, i) => i % 10 === 0).concat(ORPHAN_LINE);
      const l = await entities(
        caller,
        lines.map((x) => ({ __typename: 'SellThroughLine', id: x.id })),
        '... on SellThroughLine { id }',
      );
      expect(l._entities).toEqual(lines.map((x) => (ownRow(caller)(x) ? { id: x.id } : null)));
    },
  );

  it('a membership in scope whose distributor is not (a vendor without an agreement with it) resolves with a null distributor', async () => {
    const caller = VENDORS[0];
    const data = await entities(
      caller,
      [
        { __typename: 'NetworkMembership', id: EXTRA_MEMBERSHIPS[0].id },
        { __typename: 'SellThroughLine', id: ORPHAN_LINE.id },
      ],
      '... on NetworkMembership { id distributor { id } partner { id } vendor { id } } ... on SellThroughLine { id distributor { id } vendor { id } }',
    );
    expect(data._entities).toEqual([
      { id: EXTRA_MEMBERSHIPS[0].id, distributor: null, partner: { id: BLUEPEAK.id }, vendor: { id: NORTHWIND.id } },
      { id: ORPHAN_LINE.id, distributor: null, vendor: { id: NORTHWIND.id } },
    ]);
    // the partner it belongs to sees the distributor, which has a membership of it
    const partner = await entities(
      as('PARTNER', BLUEPEAK.id),
      [{ __typename: 'NetworkMembership', id: EXTRA_MEMBERSHIPS[0].id }],
      '... on NetworkMembership { distributor { id } }',
    );
    expect(partner._entities).toEqual([{ distributor: { id: ORPHAN.id } }]);
  });

  it('in-scope rows resolve their own distributor for partner and distributor callers', async () => {
    for (const caller of [...PARTNERS, ...DISTRIBUTOR_CALLERS]) {
      const rows = MEMBERSHIPS.filter(ownRow(caller));
      const data = await entities(
        caller,
        rows.map((x) => ({ __typename: 'NetworkMembership', id: x.id })),
        '... on NetworkMembership { distributor { id } }',
      );
      expect(data._entities).toEqual(rows.map((x) => ({ distributor: { id: x.distributorId } })));
    }
  });
});

describe('Partner.networkMemberships and Partner.distributors', () => {
  const partners = [BLUEPEAK, HARBOR, IONIC, REFERRAL_POINT, ...demo.partners.slice(4, 24)];
  const selection = '... on Partner { id networkMemberships { id } distributors { id } }';

  it.each(CALLERS.map((c) => [label(c), c] as const))(
    "%s: each partner's memberships and distributors, within the caller's scope",
    async (_name, caller) => {
      const data = await entities(
        caller,
        partners.map((p) => ({ __typename: 'Partner', id: p.id })),
        selection,
      );
      const inScope = distributorIdsFor(caller);
      expect(data._entities).toEqual(
        partners.map((p) => {
          const memberships = MEMBERSHIPS.filter((m) => m.partnerId === p.id && ownRow(caller)(m));
          return {
            id: p.id,
            networkMemberships: expect.arrayContaining(memberships.map((m) => ({ id: m.id }))),
            // distributors in whose network the partner is ACTIVE, through memberships and distributors both in scope
            distributors: byName(
              sorted(memberships.filter((m) => m.status === 'ACTIVE' && inScope.includes(m.distributorId)).map((m) => m.distributorId)),
            ).map((id) => ({ id })),
          };
        }),
      );
      data._entities.forEach((entity: { networkMemberships: unknown[] }, i: number) =>
        expect(entity.networkMemberships).toHaveLength(MEMBERSHIPS.filter((m) => m.partnerId === partners[i].id && ownRow(caller)(m)).length),
      );
    },
  );

  it("another tenant's partner shows nothing of the caller's peers", async () => {
    const [bluepeakAsHarbor] = (await entities(as('PARTNER', HARBOR.id), [{ __typename: 'Partner', id: BLUEPEAK.id }], selection))._entities;
    expect(bluepeakAsHarbor).toEqual({ id: BLUEPEAK.id, networkMemberships: [], distributors: [] });
    const [harborAsTessera] = (await entities(as('DISTRIBUTOR', TESSERA.id), [{ __typename: 'Partner', id: HARBOR.id }], selection))._entities;
    // Tessera sees its own (suspended) membership of Harbor, but Harbor is not ACTIVE in its network
    expect(harborAsTessera).toEqual({ id: HARBOR.id, networkMemberships: [{ id: EXTRA_MEMBERSHIPS[1].id }], distributors: [] });
    const [harborAsMeridian] = (await entities(as('DISTRIBUTOR', MERIDIAN.id), [{ __typename: 'Partner', id: HARBOR.id }], selection))._entities;
    expect(harborAsMeridian.distributors).toEqual([{ id: MERIDIAN.id }]);
  });
});

describe('authentication', () => {
  it('refuses a request without a signature, or signed with another secret, with 401', async () => {
    expect((await request(null, '{ distributors { id } }')).status).toBe(401);
    const forged = await signIdentity(as('DISTRIBUTOR', TESSERA.id), 'not-the-gateway-secret-but-long-enough-0123456789');
    const response = await fetch(graphs.distributor.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', [IDENTITY_HEADER]: forged },
      body: JSON.stringify({ query: '{ distributors { id } }' }),
    });
    expect(response.status).toBe(401);
  });
});

describe('when the vendor subgraph is down', () => {
  let vendor: RunningSubgraph | undefined;
  let distributor: RunningSubgraph | undefined;

  beforeAll(async () => {
    // a separate pair sharing one configuration, without the cross-request facts cache, which would hide the outage for ~2 s
    const config = { ...testConfig(), scopeCacheTtlMs: 0 };
    vendor = await startSubgraph('vendor', db.url, config);
    distributor = await startSubgraph('distributor', db.url, config);
  });

  afterAll(async () => {
    await vendor?.stop();
    await distributor?.stop();
  });

  it('fails closed for a vendor: the fields that need its facts error and return no rows; the others still answer', async () => {
    const caller = VENDORS[0];
    const send = (query: string, variables: Record<string, unknown> = {}) => subgraphRequest(distributor!.url, query, variables, caller);
    expect((await send('{ distributors { id } }')).data!.distributors).toHaveLength(2);
    await vendor!.stop();
    vendor = undefined;

    const list = await send('{ distributors { id } }');
    expect(list.errors?.[0].message).toMatch(/vendor subgraph/);
    expect(list.data).toBeNull();
    const one = await send('query ($id: ID!) { distributor(id: $id) { id } }', { id: TESSERA.id });
    expect(one.errors?.length).toBeGreaterThan(0);
    expect(one.data?.distributor ?? null).toBeNull();
    const refs = await send('query ($r: [_Any!]!) { _entities(representations: $r) { ... on Distributor { id } } }', {
      r: [{ __typename: 'Distributor', id: TESSERA.id }],
    });
    expect(refs.errors?.length).toBeGreaterThan(0);
    expect(JSON.stringify(refs.data ?? null)).not.toContain(TESSERA.id);

    // memberships need no facts: still answered, and only the distributor reference fails
    const membership = MEMBERSHIPS.find((m) => m.vendorId === NORTHWIND.id)!;
    const nested = await send('query ($r: [_Any!]!) { _entities(representations: $r) { ... on NetworkMembership { id distributor { id } } } }', {
      r: [{ __typename: 'NetworkMembership', id: membership.id }],
    });
    expect(nested.data!._entities).toEqual([{ id: membership.id, distributor: null }]);
    expect(nested.errors?.[0].path).toEqual(['_entities', 0, 'distributor']);

    // partners and distributors need no peer here at all
    const partner = await subgraphRequest(distributor!.url, '{ distributors { id } }', {}, as('PARTNER', HARBOR.id));
    expect(partner.errors).toBeUndefined();
    expect(partner.data!.distributors.map((d: { id: string }) => d.id)).toEqual(byName([MERIDIAN.id, TESSERA.id]));
  });
});

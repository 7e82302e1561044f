import {
  Kind,
  getNamedType,
  getNullableType,
  isListType,
  isObjectType,
  parse,
  type FieldDefinitionNode,
  type ObjectTypeDefinitionNode,
} from 'graphql';
import { Client } from 'pg';
import { SUBGRAPHS, type SubgraphName } from '../common/config';
import { openDatabase } from '../common/db';
import { demoOrganizations } from '../tooling/demo/catalog';
import { seedLarge } from '../tooling/demo/large';
import type { Role } from '../common/identity';
import { issueDevelopmentToken } from '../gateway/auth';
import { LIMITS } from '../gateway/armor';
import { readSupergraph } from '../gateway/supergraph';
import { loadSubgraph } from '../subgraphs/registry';
import { createTestDatabase, type TestDatabase } from './support/database';
import { declaredBounds, recordListLengths, supergraphBounds } from './support/list-sizes';
import { post, stackConfig, startTestStack, type TestStack, useTestStack } from './support/stack';

const { schema, sizes } = supergraphBounds();

/** Results of mutations, bounded by their input (a sell-through report's lines) or by another bound (the partnerships). */
const MUTATION_RESULTS = [
  'TierEvaluation.changes',
  'SellThroughReport.accepted',
  'SellThroughReport.duplicates',
  'SellThroughReport.rejected',
  'LeadImport.created',
  'LeadImport.duplicates',
  'LeadImport.rejected',
];

describe('every list field of the supergraph has a bound', () => {
  it('a list-returning field is paged (first/limit), a connection page, or declares @listSize(assumedSize)', () => {
    const bounds = declaredBounds(schema, sizes);
    const unbounded: string[] = [];
    for (const type of Object.values(schema.getTypeMap())) {
      if (!isObjectType(type) || type.name.startsWith('__') || type.name.startsWith('join__') || type.name.startsWith('link__')) continue;
      for (const field of Object.values(type.getFields())) {
        const coordinate = `${type.name}.${field.name}`;
        if (isListType(getNullableType(field.type)) && !(bounds.get(coordinate)! > 0)) unbounded.push(coordinate);
        // slicing arguments name real arguments, sized fields real fields of the returned type
        const size = sizes.get(coordinate);
        for (const name of size?.slicingArguments ?? []) expect(field.args.map((a) => a.name)).toContain(name);
        for (const name of size?.sizedFields ?? []) expect(Object.keys((getNamedType(field.type) as typeof type).getFields())).toContain(name);
      }
    }
    expect(unbounded).toEqual([]);
  });

  it('the bounds come from each subgraph SDL: the supergraph carries the cost spec link', () => {
    const supergraph = readSupergraph();
    expect(supergraph).toContain('@link(url: "https://specs.apollo.dev/cost/v0.1", import: ["@listSize"])');
    const vendor = parse(supergraph).definitions.find(
      (d): d is ObjectTypeDefinitionNode => d.kind === Kind.OBJECT_TYPE_DEFINITION && d.name.value === 'Vendor',
    )!;
    const partnerships = vendor.fields!.find((f: FieldDefinitionNode) => f.name.value === 'partnerships')!;
    expect(partnerships.directives!.map((d) => d.name.value)).toContain('listSize');
    expect(sizes.get('Vendor.partnerships')).toEqual({ assumedSize: 10_000, slicingArguments: [], sizedFields: [] });
    expect(sizes.get('Query.deals')).toEqual({ assumedSize: undefined, slicingArguments: ['first'], sizedFields: ['edges'] });
  });
});

const PERIOD = 'period: { from: "2023-01-01", to: "2026-12-31" }';
const ELIGIBILITY = 'eligibility { regions countries partnerTypes requiredCertifications productCategories }';
const DEALS = 'deals(first: 100) { edges { node { id lines { quantity } conflicts { kind } history(first: 100) { edges { node { id } } } } } }';

/** Operations that read every list field a role may use; each stays under the cost limit. */
const PROBES: Record<Role, string[]> = {
  VENDOR: [
    `{ me { vendor { products { id } programs { id tiers { id } } incentives { id ${ELIGIBILITY} } partnerships { id }
      distributionAgreements { id regions } distributors { id countries } directAccounts { id } pipeline { status amounts { amount } }
      topDistributors(${PERIOD}, currency: "USD", limit: 100) { rank } } } }`,
    `{ me { vendor { topPartners(${PERIOD}, currency: "USD", limit: 100) { rank } topEur: topPartners(${PERIOD}, currency: "EUR", limit: 100) { rank } ${DEALS} } } }`,
    `{ partners(first: 100) { edges { node { id types certifications { id } partnerships { id } vendors { id } distributors { id } networkMemberships { id } } } } }`,
    `{ me { vendor { products(includeRetired: true) { id history { id } } } } }`,
    `{ me { vendor { directAccounts(includeEnded: true) { id history { id } } engagementRules(includeRetired: true) { id history { id changes { field } } } } } }`,
    `{ me { vendor { distributionAgreements { id productCategories productIds history { id } } partnerships { id history { id } }
      leads(first: 100) { edges { node { id productsOfInterest { id } history { id } } } } leadFunnel(${PERIOD}) { partners { figures { assigned } } }
      deals(first: 100) { edges { node { id vendorNotesHistory { id } } } } } } }`,
    `{ partners(first: 100) { edges { node { id history { id } certifications { id history { id } } } } } }`,
  ],
  PARTNER: [
    `{ me { partner { types certifications { id } partnerships { id } vendors { id } mdfRequests { id } eligibleIncentives { id }
      networkMemberships { id } distributors { id countries } ${DEALS} } } }`,
  ],
  DISTRIBUTOR: [
    `{ me { distributor { countries vendors { id } distributionAgreements { id regions } network(first: 100) { edges { node { id } } }
      sellThrough(first: 100) { edges { node { id } } } topPartners(${PERIOD}, currency: "USD", limit: 100) { rank }
      approvalQueue(first: 100) { edges { node { id } } } ${DEALS} } } }`,
    '{ me { distributor { network(first: 100) { edges { node { id history { id } } } } } } }',
    '{ partners(first: 100) { edges { node { id types networkMemberships { id } distributors { id } } } } }',
  ],
};
/** Every role: the catalog lists at the root. */
const ROOT_PROBE = `{ vendors { id } distributors { id countries } products { id } programs { id tiers { id } } incentives { id ${ELIGIBILITY} }
  members(first: 100) { edges { node { groups } } } me { member { groups } } }`;

interface Org {
  role: Role;
  organizationId: string;
  /** An ACTIVE member of it (its ADMIN, user:<slug>): the gateway admits members only. */
  subject: string;
}

/** Runs every probe as every organization and returns the longest list seen per coordinate. */
async function observedLengths(t: TestStack, orgs: Org[]): Promise<Map<string, number>> {
  const lengths = new Map<string, number>();
  for (const org of orgs) {
    const token = await issueDevelopmentToken(stackConfig(), {
      subject: org.subject,
      role: org.role,
      organizationId: org.organizationId,
    });
    for (const query of [ROOT_PROBE, ...PROBES[org.role]]) {
      const response = await post(t.stack.gatewayUrl, { query }, { authorization: `Bearer ${token}` });
      // filter mode: a field the role may not use is null with FORBIDDEN; anything else is a failure of the probe
      expect({ query, errors: response.errors?.filter((e) => e.extensions?.code !== 'FORBIDDEN') ?? [] }).toEqual({ query, errors: [] });
      recordListLengths(schema, query, response.data, lengths);
    }
  }
  return lengths;
}

/** Coordinates whose longest real list exceeds the declared bound, as "coordinate: seen > bound". */
function overBound(lengths: Map<string, number>): string[] {
  const bounds = declaredBounds(schema, sizes);
  return [...lengths]
    .filter(([coordinate, n]) => !(n <= bounds.get(coordinate)!))
    .map(([coordinate, n]) => `${coordinate}: ${n} > ${bounds.get(coordinate)}`);
}

describe('on the demo ecosystem', () => {
  const t = useTestStack();

  const sentToSubgraphs = () => SUBGRAPHS.flatMap((name) => t.received[name]);
  const clearReceived = () => SUBGRAPHS.forEach((name) => (t.received[name].length = 0));

  // What was seen: each passed the old cost limit (lists without `first` counted as one item), and the first returned
  // ~70 MB and lifted the gateway to ~470 MB; four aliases of it ran the gateway out of heap.
  it.each([
    [
      'tessera-distribution',
      '{ vendors { partnerships { partner { networkMemberships { vendor { partnerships { partner { networkMemberships { vendor { partnerships { partner { slug } } } } } } } } } } } }',
    ],
    [
      'northwind-cloud',
      '{ me { vendor { partnerships { partner { deals(first: 100) { edges { node { id customerName lines { quantity } } } } } } } } }',
    ],
    ['bluepeak-it', '{ vendors { products { id name } partnerships { id partner { id networkMemberships { id } } } } }'],
  ])('as %s, nested unbounded lists are refused before planning: HTTP 400 BAD_USER_INPUT naming the cost and the limit', async (slug, query) => {
    clearReceived();
    const response = await t.as(slug, query);
    expect(response.status).toBe(400);
    expect(response.data).toBeUndefined();
    expect(response.errors).toEqual([
      expect.objectContaining({
        message: expect.stringMatching(new RegExp(`^Operation cost \\d+ exceeds the cost limit of ${LIMITS.maxCost}`)),
        extensions: expect.objectContaining({ code: 'BAD_USER_INPUT', maxCost: LIMITS.maxCost, cost: expect.any(Number) }),
      }),
    ]);
    expect(response.errors![0].extensions!.cost).toBeGreaterThan(LIMITS.maxCost);
    expect(sentToSubgraphs()).toEqual([]);
  });

  it('no list of any organization is longer than its declared bound, and the probes read every bounded list', async () => {
    const lengths = await observedLengths(
      t,
      demoOrganizations().map((o) => ({ role: o.role, organizationId: o.id, subject: `user:${o.slug}` })),
    );
    expect(overBound(lengths)).toEqual([]);
    const unread = [...declaredBounds(schema, sizes).keys()].filter((c) => !lengths.has(c) && !MUTATION_RESULTS.includes(c));
    expect(unread).toEqual([]);
    // the probes saw real data, not empty lists
    expect(lengths.get('Vendor.partnerships')).toBeGreaterThan(10);
    expect(lengths.get('NetworkMembershipConnection.edges')).toBeGreaterThan(10);
  });
});

describe('on the seed:large ecosystem (10,000 partners)', () => {
  let db: TestDatabase;
  let t: TestStack;
  let client: Client;

  beforeAll(async () => {
    db = await createTestDatabase({ empty: true });
    for (const name of SUBGRAPHS) {
      const module = await loadSubgraph(name);
      await (await openDatabase(module.databaseOptions(db.url))).destroy();
    }
    const urls = Object.fromEntries(SUBGRAPHS.map((name) => [name, db.url])) as Record<SubgraphName, string>;
    await seedLarge({ urls, deals: 3_000, partners: 10_000 });
    client = new Client({ connectionString: db.url });
    await client.connect();
    t = await startTestStack(db.url);
  }, 180_000);

  afterAll(async () => {
    await client?.end();
    await t?.stop();
    await db?.drop();
  });

  it('no list of any vendor, distributor or of the partners with the most relations is longer than its declared bound', async () => {
    const orgs = async (role: Role, sql: string): Promise<Org[]> =>
      (await client.query<{ id: string; slug: string }>(sql)).rows.map((r) => ({ role, organizationId: r.id, subject: `user:${r.slug}` }));
    const vendors = await orgs('VENDOR', 'SELECT id, slug FROM vendor.vendors');
    const distributors = await orgs('DISTRIBUTOR', 'SELECT id, slug FROM distributor.distributors');
    const partners = await orgs(
      'PARTNER',
      `SELECT p.id, p.slug FROM partner.partners p JOIN (
      SELECT partner_id FROM vendor.partnerships UNION ALL SELECT partner_id FROM distributor.network_memberships
      UNION ALL SELECT partner_id FROM partner.certifications) x ON x.partner_id = p.id GROUP BY p.id, p.slug ORDER BY count(*) DESC LIMIT 20`,
    );
    const lengths = await observedLengths(t, [...vendors, ...distributors, ...partners]);
    expect(overBound(lengths)).toEqual([]);
    // a vendor there has ~960 partnerships: the bound (10,000) holds, and the cost limit refuses nesting under it
    expect(lengths.get('Vendor.partnerships')).toBeGreaterThan(800);
  }, 180_000);
});

describe('MAX_RESPONSE_BYTES', () => {
  const MAX_RESPONSE_BYTES = 20_000;
  let db: TestDatabase;
  let t: TestStack;

  beforeAll(async () => {
    db = await createTestDatabase();
    t = await startTestStack(db.url, { MAX_RESPONSE_BYTES: String(MAX_RESPONSE_BYTES) });
  });

  afterAll(async () => {
    await t?.stop();
    await db?.drop();
  });

  const refusal = {
    status: 400,
    errors: [
      {
        message: `The response to this operation would exceed ${MAX_RESPONSE_BYTES} bytes (MAX_RESPONSE_BYTES): ask for smaller pages (first/limit) or fewer fields.`,
        extensions: { code: 'BAD_USER_INPUT', limit: 'MAX_RESPONSE_BYTES', maxResponseBytes: MAX_RESPONSE_BYTES },
      },
    ],
  };

  it('answers one error and no data when a subgraph answer exceeds it, though the operation is under the cost limit', async () => {
    const query =
      '{ deals(first: 100) { edges { node { id customerName customerDomain vendorNotes createdAt updatedAt history { edges { node { id actorSubject at } } } vendor { name } } } } }';
    SUBGRAPHS.forEach((name) => (t.received[name].length = 0));
    expect(await t.as('northwind-cloud', query)).toEqual(refusal);
    // the partner subgraph's answer was cut off past the budget: the vendor subgraph was never asked for the deals' vendors
    expect(t.received.partner).toHaveLength(1);
    expect(t.received.vendor).toEqual([]);
    // the whole page, asked of the partner subgraph alone, is indeed larger than the budget
    const page = await t.as('northwind-cloud', query.replace('first: 100', 'first: 10'));
    expect(page.errors).toBeUndefined();
    expect(JSON.stringify(page.data).length * 10).toBeGreaterThan(MAX_RESPONSE_BYTES);
  });

  it('answers one error when the response exceeds it though the subgraph answers do not', async () => {
    // a distributor may not read vendor notes: the gateway adds one FORBIDDEN error per deal, no subgraph sends them
    const query = '{ deals(first: 100) { edges { node { id vendorNotes } } } }';
    expect(await t.as('tessera-distribution', query)).toEqual(refusal);
    const half = await t.as('tessera-distribution', query.replace('first: 100', 'first: 30'));
    expect(half.errors).toHaveLength(30);
    expect(half.errors!.every((e) => e.extensions?.code === 'FORBIDDEN')).toBe(true);
  });

  it('serves operations under it', async () => {
    const response = await t.as('northwind-cloud', '{ me { slug } deals(first: 5) { edges { node { id customerName } } } }');
    expect(response.errors).toBeUndefined();
    expect((response.data!.deals as { edges: unknown[] }).edges).toHaveLength(5);
  });
});

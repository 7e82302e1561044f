import { buildSchema, execute, parse, print } from 'graphql';
import { rule } from 'graphql-shield';
import type { IRules } from 'graphql-shield';
import type { Identity } from '../common/identity';
import { decideOperation } from '../gateway/authorization/evaluate';
import { applyDenials } from '../gateway/authorization/plugin';
import { isAuthenticated as anyone, isVendor } from '../gateway/authorization/rules';

/** The evaluator on a schema with an interface and a union, which the product graph does not have (yet). */
const schema = buildSchema(`
  interface Organization { id: ID! name: String! secret: String }
  type Vendor implements Organization { id: ID! name: String! secret: String cost: Int }
  type Partner implements Organization { id: ID! name: String! secret: String tier: String }
  union SearchResult = Vendor | Partner
  type Query { orgs: [Organization!]! search(term: String!): [SearchResult!]! }
`);
const onlyTermOpen = rule('onlyTermOpen', { cache: 'strict' })(async (_parent, args: { term?: string }) => args.term === 'open');
const tree: IRules = {
  Query: { orgs: anyone, search: onlyTermOpen },
  Organization: { '*': anyone, secret: isVendor },
  Vendor: { '*': anyone, cost: isVendor },
  Partner: { '*': anyone, tier: isVendor },
};
const partner: Identity = { subject: 'u', role: 'PARTNER', organizationId: 'p' };
const rows = [
  { __typename: 'Vendor', id: 'v1', name: 'Northwind', secret: 's1', cost: 7 },
  { __typename: 'Partner', id: 'p1', name: 'BluePeak', secret: 's2', tier: 'Gold' },
];
const rootValue = { orgs: rows, search: rows };
const resolveType = (value: { __typename: string }) => value.__typename;
(schema.getType('Organization') as any).resolveType = resolveType;
(schema.getType('SearchResult') as any).resolveType = resolveType;

/** Decides, runs the operation that is left, and fills in the denials: what the gateway would answer. */
async function run(query: string, variables: Record<string, unknown> = {}) {
  const decision = await decideOperation({ schema, document: parse(query), variables, context: { identity: partner }, tree });
  const result = decision.document ? await execute({ schema, document: decision.document, rootValue, variableValues: variables }) : { data: {} };
  const data = JSON.parse(JSON.stringify(result.data ?? {}));
  const errors = applyDenials(data, decision.denied, 'PARTNER');
  return { decision, data, paths: errors.map((e) => e.path!.join('.')), sent: decision.document ? print(decision.document) : null };
}

describe('deciding on an operation before it is planned', () => {
  it('denies a member field only on objects of that member, through inline fragments on every union member', async () => {
    const { data, paths, sent } = await run('{ search(term: "open") { ... on Vendor { name cost } ... on Partner { name tier } } }');
    expect(data.search).toEqual([{ name: 'Northwind', cost: null }, { name: 'BluePeak', tier: null }]);
    expect(paths).toEqual(['search.0.cost', 'search.1.tier']);
    expect(sent).not.toMatch(/\bcost\b|\btier\b/);
  });

  it('denies an interface field on every implementation, with aliases and named fragments', async () => {
    const { data, paths } = await run('{ orgs { ...Org hidden: secret } } fragment Org on Organization { name secret }');
    expect(data.orgs).toEqual([
      { name: 'Northwind', secret: null, hidden: null },
      { name: 'BluePeak', secret: null, hidden: null },
    ]);
    expect(paths.sort()).toEqual(['orgs.0.hidden', 'orgs.0.secret', 'orgs.1.hidden', 'orgs.1.secret']);
  });

  it('decides on arguments given through variables', async () => {
    const open = await run('query ($t: String!) { search(term: $t) { ... on Vendor { name } } }', { t: 'open' });
    expect(open.paths).toEqual([]);
    const closed = await run('query ($t: String!) { orgs { name } search(term: $t) { ... on Vendor { name } } }', { t: 'closed' });
    expect(closed.paths).toEqual(['search']);
    expect(closed.data).toEqual({ orgs: [{ name: 'Northwind' }, { name: 'BluePeak' }], search: null });
    expect(closed.sent).not.toContain('$t');
  });

  it('leaves nothing to execute when every root field is denied', async () => {
    const { decision } = await run('{ search(term: "closed") { ... on Vendor { name } } }');
    expect(decision.document).toBeNull();
    expect(decision.denied.map((d) => d.coordinate)).toEqual(['Query.search']);
  });

  it('does not touch the operation when nothing is denied', async () => {
    const query = parse('{ orgs { id name } }');
    const decision = await decideOperation({ schema, document: query, context: { identity: partner }, tree });
    expect(decision).toEqual({ denied: [], document: query });
  });
});

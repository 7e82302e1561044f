import { buildSchema, execute, parse, print } from 'graphql';
import { decideOperation } from '../gateway/authorization/evaluate';
import { applyDenials } from '../gateway/authorization/plugin';
import { isAuthenticated as anyone, isVendor, type RuleInput, type RuleTree } from '../gateway/authorization/rules';

/** The evaluator on a schema with an interface and a union, which the product graph does not have (yet). */
const schema = buildSchema(`
  interface Organization { id: ID! name: String! secret: String }
  type Vendor implements Organization { id: ID! name: String! secret: String cost: Int }
  type Partner implements Organization { id: ID! name: String! secret: String tier: String }
  union SearchResult = Vendor | Partner
  type Query { orgs: [Organization!]! search(term: String!): [SearchResult!]! audit(term: String!): [SearchResult!]! }
`);
const tree: RuleTree = {
  Query: { orgs: anyone, search: anyone, audit: isVendor },
  Organization: { '*': anyone, secret: isVendor },
  Vendor: { '*': anyone, cost: isVendor },
  Partner: { '*': anyone, tier: isVendor },
};
const partner: RuleInput = { role: 'PARTNER', groups: ['ADMIN'] };
const rows = [
  { __typename: 'Vendor', id: 'v1', name: 'Northwind', secret: 's1', cost: 7 },
  { __typename: 'Partner', id: 'p1', name: 'BluePeak', secret: 's2', tier: 'Gold' },
];
const rootValue = { orgs: rows, search: rows, audit: rows };
const resolveType = (value: { __typename: string }) => value.__typename;
(schema.getType('Organization') as any).resolveType = resolveType;
(schema.getType('SearchResult') as any).resolveType = resolveType;

/** Decides, runs the operation that is left, and fills in the denials: what the gateway would answer. */
async function run(query: string, variables: Record<string, unknown> = {}) {
  const decision = await decideOperation({ schema, document: parse(query), variables, input: partner, tree });
  const result = decision.document ? await execute({ schema, document: decision.document, rootValue, variableValues: variables }) : { data: {} };
  const data = JSON.parse(JSON.stringify(result.data ?? {}));
  const errors = applyDenials(data, decision.denied, (coordinate) => `${coordinate} is not available to partner organizations.`);
  return { decision, data, paths: errors.map((e) => e.path!.join('.')), sent: decision.document ? print(decision.document) : null };
}

describe('deciding on an operation before it is planned', () => {
  it('denies a member field only on objects of that member, through inline fragments on every union member', async () => {
    const { data, paths, sent } = await run('{ search(term: "open") { ... on Vendor { name cost } ... on Partner { name tier } } }');
    expect(data.search).toEqual([
      { name: 'Northwind', cost: null },
      { name: 'BluePeak', tier: null },
    ]);
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

  it('drops the variables only a denied field used', async () => {
    const closed = await run('query ($t: String!) { orgs { name } audit(term: $t) { ... on Vendor { name } } }', { t: 'closed' });
    expect(closed.paths).toEqual(['audit']);
    expect(closed.data).toEqual({ orgs: [{ name: 'Northwind' }, { name: 'BluePeak' }], audit: null });
    expect(closed.sent).not.toContain('$t');
  });

  it('leaves nothing to execute when every root field is denied', async () => {
    const { decision } = await run('{ audit(term: "closed") { ... on Vendor { name } } }');
    expect(decision.document).toBeNull();
    expect(decision.denied.map((d) => d.coordinate)).toEqual(['Query.audit']);
  });

  it('does not touch the operation when nothing is denied', async () => {
    const query = parse('{ orgs { id name } }');
    const decision = await decideOperation({ schema, document: query, input: partner, tree });
    expect(decision).toEqual({ denied: [], document: query });
  });
});

describe('@skip and @include', () => {
  it('does not deny a field that is not executed, with literals', async () => {
    const { decision, data } = await run('{ orgs { name secret @include(if: false) cost: secret @skip(if: true) } }');
    expect(decision.denied).toEqual([]);
    expect(data.orgs).toEqual([{ name: 'Northwind' }, { name: 'BluePeak' }]);
  });

  it('still denies a field that is executed, with literals', async () => {
    const { paths } = await run('{ orgs { name secret @include(if: true) hidden: secret @skip(if: false) } }');
    expect(paths.sort()).toEqual(['orgs.0.hidden', 'orgs.0.secret', 'orgs.1.hidden', 'orgs.1.secret']);
  });

  it('decides with the values of the variables, and with their defaults', async () => {
    const query = 'query ($show: Boolean!) { orgs { name secret @include(if: $show) } }';
    expect((await run(query, { show: false })).paths).toEqual([]);
    expect((await run(query, { show: true })).paths).toEqual(['orgs.0.secret', 'orgs.1.secret']);
    const skip = 'query ($hide: Boolean = true) { orgs { name secret @skip(if: $hide) } }';
    expect((await run(skip)).paths).toEqual([]);
    expect((await run(skip, { hide: false })).paths).toEqual(['orgs.0.secret', 'orgs.1.secret']);
  });

  it('leaves out inline fragments and fragment spreads that are not executed', async () => {
    const query =
      'query ($v: Boolean!) { orgs { name ... on Vendor @include(if: $v) { cost } ...Secret @skip(if: $v) } } fragment Secret on Organization { secret }';
    expect((await run(query, { v: false })).paths).toEqual(['orgs.0.secret', 'orgs.1.secret']);
    expect((await run(query, { v: true })).paths).toEqual(['orgs.0.cost']);
  });

  it('checks a field whose condition cannot be evaluated (fail closed)', async () => {
    const { decision } = await run('query ($show: Boolean!) { orgs { name secret @include(if: $show) } }', { show: 'yes' });
    expect(decision.denied.map((d) => d.path.join('.'))).toEqual(['orgs.secret']);
  });

  it('sends no field that is not executed when it filters the operation', async () => {
    const { paths, sent } = await run(
      'query ($show: Boolean!) { orgs { name secret @include(if: $show) } audit(term: "x") { ... on Vendor { name } } }',
      { show: false },
    );
    expect(paths).toEqual(['audit']);
    expect(sent).not.toMatch(/secret|\$show/);
  });
});

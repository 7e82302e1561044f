import { buildSchema, getOperationAST, parse } from 'graphql';
import { walkOperation, type WalkOptions } from '../gateway/operation-walk';

/** An interface and a union, which the product graph does not have (yet), so abstract parents are walked too. */
const schema = buildSchema(`
  interface Organization { id: ID! name: String! }
  type Vendor implements Organization { id: ID! name: String! partners(first: Int): [Partner!]! }
  type Partner implements Organization { id: ID! name: String! tier: String }
  union SearchResult = Vendor | Partner
  type Query { orgs: [Organization!]! search(term: String!): [SearchResult!]! vendor: Vendor }
`);

/** Every place a field is visited: response path, the type it is selected on, and whether the schema knows it. */
function places(query: string, options?: WalkOptions): string[] {
  const document = parse(query);
  const seen: string[] = [];
  walkOperation(
    schema,
    document,
    getOperationAST(document)!,
    true,
    ({ path, parentType, field, node }) => {
      seen.push(`${path.join('.')} on ${parentType.name}${field ? '' : ` (no ${node.name.value} field)`}`);
      return true;
    },
    options,
  );
  return seen;
}

describe('walking the fields an operation selects', () => {
  it('gives aliases as response keys and the enclosing field type as parent', () => {
    expect(places('{ first: vendor { id alias: name partners(first: 2) { tier } } }')).toEqual([
      'first on Query',
      'first.id on Vendor',
      'first.alias on Vendor',
      'first.partners on Vendor',
      'first.partners.tier on Partner',
    ]);
  });

  it('walks inline fragments on an interface and a union against their own type conditions, at the enclosing path', () => {
    expect(places('{ orgs { name ... on Partner { tier } } search(term: "x") { __typename ... on Vendor { id } ... { __typename } } }')).toEqual([
      'orgs on Query',
      'orgs.name on Organization',
      'orgs.tier on Partner',
      'search on Query',
      'search.__typename on SearchResult (no __typename field)',
      'search.id on Vendor',
      'search.__typename on SearchResult (no __typename field)',
    ]);
  });

  it('visits a named fragment once in every place it is spread, nested fragments too', () => {
    const query = `
      query { orgs { ...Named } vendor { ...Named partners { ...Named } } }
      fragment Named on Organization { name ...Id }
      fragment Id on Organization { id }
    `;
    expect(places(query)).toEqual([
      'orgs on Query',
      'orgs.name on Organization',
      'orgs.id on Organization',
      'vendor on Query',
      'vendor.name on Organization',
      'vendor.id on Organization',
      'vendor.partners on Vendor',
      'vendor.partners.name on Organization',
      'vendor.partners.id on Organization',
    ]);
  });

  it('leaves out what @skip/@include leave out when given their values, and walks all of it otherwise', () => {
    const query =
      '{ vendor { id @skip(if: true) ... on Vendor @include(if: false) { name } ...Tier @skip(if: true) } } fragment Tier on Vendor { partners { tier } }';
    expect(places(query, { conditions: {} })).toEqual(['vendor on Query']);
    expect(places(query)).toEqual([
      'vendor on Query',
      'vendor.id on Vendor',
      'vendor.name on Vendor',
      'vendor.partners on Vendor',
      'vendor.partners.tier on Partner',
    ]);
  });

  it('descends only where the visitor returns a state, and hands that state to the fields below', () => {
    const document = parse('{ vendor { partners { tier } id } orgs { id } }');
    const depths: string[] = [];
    walkOperation(schema, document, getOperationAST(document)!, 0, ({ path, state }) => {
      depths.push(`${path.join('.')}@${state}`);
      return path[0] === 'orgs' ? undefined : state + 1;
    });
    expect(depths).toEqual(['vendor@0', 'vendor.partners@1', 'vendor.partners.tier@2', 'vendor.id@1', 'orgs@0']);
  });

  it('does not loop on a fragment that spreads itself (a document validation would refuse)', () => {
    const document = parse('{ vendor { ...Loop } } fragment Loop on Vendor { id partners { ... on Partner { id } } ...Loop }');
    const seen: string[] = [];
    walkOperation(schema, document, getOperationAST(document)!, true, ({ path }) => {
      seen.push(path.join('.'));
      return true;
    });
    expect(seen).toEqual(['vendor', 'vendor.id', 'vendor.partners', 'vendor.partners.id']);
  });
});

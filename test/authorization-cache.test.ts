import { ApolloServer } from '@apollo/server';
import { buildSchema } from 'graphql';
import type { Identity } from '../common/identity';
import type { GatewayContext } from '../gateway/context';
import { authorizationPlugin } from '../gateway/authorization/plugin';
import {
  RULE_INPUT_FIELDS,
  isAuthenticated as anyone,
  isVendor,
  ruleInputKey,
  ruleInputOf,
  ruleOn,
  type RuleInput,
  type RuleTree,
} from '../gateway/authorization/rules';

/** The authorization plugin in an Apollo Server of its own: what rules receive, and what the decision cache reuses. */
const schema = buildSchema('type Query { orgs: [Org!]! } type Org { name: String! secret: String cost: Int }');
const seen: RuleInput[] = [];
const recording = ruleOn('recording', (input) => {
  seen.push(input);
  return input.role === 'VENDOR';
});
const tree: RuleTree = { Query: { orgs: anyone }, Org: { '*': anyone, secret: recording, cost: isVendor } };
const rootValue = { orgs: [{ name: 'Northwind', secret: 's', cost: 7 }] };

let server: ApolloServer<GatewayContext>;
beforeAll(async () => {
  server = new ApolloServer<GatewayContext>({ schema, rootValue, plugins: [authorizationPlugin(tree, 'filter')] });
  await server.start();
});
afterAll(() => server?.stop());

const who = (role: Identity['role'], organizationId: string, groups: string[] = ['ADMIN']): Identity => ({
  subject: `user:${organizationId}`,
  role,
  organizationId,
  groups,
});
async function run(identity: Identity, query: string, variables: Record<string, unknown> = {}) {
  const response = await server.executeOperation({ query, variables }, { contextValue: { identity } });
  if (response.body.kind !== 'single') throw new Error('expected a single result');
  const { data, errors } = response.body.singleResult;
  return { data, forbidden: (errors ?? []).filter((e) => e.extensions?.code === 'FORBIDDEN').map((e) => e.path!.join('.')) };
}

describe('the rule input is the decision cache key', () => {
  it('is built from one list of identity fields, and changing any of them changes the key', () => {
    type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
    const fromOneList: Same<keyof RuleInput, (typeof RULE_INPUT_FIELDS)[number]> = true;
    expect(fromOneList).toBe(true);
    const vendor = who('VENDOR', 'org-a');
    expect(Object.keys(ruleInputOf(vendor)).sort()).toEqual([...RULE_INPUT_FIELDS].sort());
    expect(ruleInputKey(ruleInputOf(who('VENDOR', 'org-b')))).toBe(ruleInputKey(ruleInputOf(vendor)));
    const other: Record<(typeof RULE_INPUT_FIELDS)[number], Identity[(typeof RULE_INPUT_FIELDS)[number]]> = { role: 'PARTNER', groups: ['FINANCE'] };
    for (const field of RULE_INPUT_FIELDS) {
      expect([field, ruleInputKey(ruleInputOf({ ...vendor, [field]: other[field] }))]).not.toEqual([field, ruleInputKey(ruleInputOf(vendor))]);
    }
  });

  it('is all a rule can read: the organization and the arguments are not there to read', async () => {
    // npm run typecheck refuses both (an unused @ts-expect-error is an error too); at run time neither is there.
    // @ts-expect-error a rule receives the rule input only: no organization
    ruleOn('byOrganization', (input) => input.organizationId === 'org-a');
    // @ts-expect-error nor the field's arguments
    ruleOn('byArgument', (_input, args: { id: string }) => args.id === 'x');
    const byOrganization = ruleOn('byOrganization', (input) => (input as unknown as Identity).organizationId === 'org-a');
    const own = new ApolloServer<GatewayContext>({
      schema,
      rootValue,
      plugins: [authorizationPlugin({ Query: { orgs: byOrganization }, Org: anyone }, 'filter')],
    });
    await own.start();
    try {
      const response = await own.executeOperation({ query: '{ orgs { name } }' }, { contextValue: { identity: who('VENDOR', 'org-a') } });
      expect(response.body.kind === 'single' && response.body.singleResult.errors?.map((e) => e.extensions?.code)).toEqual(['FORBIDDEN']);
    } finally {
      await own.stop();
    }
  });

  it('hands one decision to callers with the same rule input, and a rule sees exactly that input', async () => {
    seen.length = 0;
    const query = '{ orgs { name secret } }';
    expect((await run(who('VENDOR', 'org-a'), query)).data).toEqual({ orgs: [{ name: 'Northwind', secret: 's' }] });
    expect((await run(who('VENDOR', 'org-b'), query)).data).toEqual({ orgs: [{ name: 'Northwind', secret: 's' }] });
    expect(seen).toEqual([{ role: 'VENDOR', groups: ['ADMIN'] }]);
    const partner = await run(who('PARTNER', 'org-a'), query);
    expect(partner.forbidden).toEqual(['orgs.0.secret']);
    expect(seen.slice(0, 2)).toEqual([
      { role: 'VENDOR', groups: ['ADMIN'] },
      { role: 'PARTNER', groups: ['ADMIN'] },
    ]);
    // then, once with the decision, which of the partner's groups may see the field (for the FORBIDDEN message)
    expect(seen.slice(2)).toEqual([
      { role: 'PARTNER', groups: ['ADMIN'] },
      { role: 'PARTNER', groups: ['SALES'] },
      { role: 'PARTNER', groups: ['MARKETING'] },
    ]);
    const decided = seen.length;
    expect((await run(who('PARTNER', 'org-b'), query)).forbidden).toEqual(['orgs.0.secret']);
    expect(seen).toHaveLength(decided);
  });
});

describe('groups in the rule input', () => {
  const finance = ruleOn('financeOnly', (input) => input.groups.includes('FINANCE'));
  const byGroup: RuleTree = { Query: { orgs: anyone }, Org: { '*': anyone, cost: finance } };
  let own: ApolloServer<GatewayContext>;
  beforeAll(async () => {
    own = new ApolloServer<GatewayContext>({ schema, rootValue, plugins: [authorizationPlugin(byGroup, 'filter')] });
    await own.start();
  });
  afterAll(() => own?.stop());
  const costOf = async (identity: Identity) => {
    const response = await own.executeOperation({ query: '{ orgs { name cost } }' }, { contextValue: { identity } });
    return response.body.kind === 'single' ? (response.body.singleResult.data as { orgs: { cost: number | null }[] }).orgs[0].cost : undefined;
  };

  it("are normalized: only the role's groups, each once, in the table's order; none is []", () => {
    const input = ruleInputOf(who('VENDOR', 'org-a', ['FINANCE', 'SALES', 'ADMIN', 'FINANCE']));
    expect(input).toEqual({ role: 'VENDOR', groups: ['ADMIN', 'FINANCE'] });
    expect(ruleInputKey(input)).toBe(ruleInputKey(ruleInputOf(who('VENDOR', 'org-b', ['ADMIN', 'FINANCE']))));
    expect(ruleInputOf({ role: 'PARTNER', groups: undefined })).toEqual({ role: 'PARTNER', groups: [] });
  });

  it('decide: two members of one organization with different groups get different decisions for the same document', async () => {
    // the same document, organization and role, one after the other: a key without the groups would hand the first's on
    expect(await costOf(who('VENDOR', 'org-a', ['FINANCE']))).toBe(7);
    expect(await costOf(who('VENDOR', 'org-a', ['PARTNER_MANAGER']))).toBeNull();
    expect(await costOf(who('VENDOR', 'org-a', ['PARTNER_MANAGER', 'FINANCE']))).toBe(7);
  });

  it('fail closed: an identity without groups passes no role rule', async () => {
    const { forbidden } = await run(who('VENDOR', 'org-a', []), '{ orgs { name cost } }');
    expect(forbidden).toEqual(['orgs.0.cost']);
    const noGroups = { subject: 'user:x', role: 'VENDOR' as const, organizationId: 'org-a' };
    expect((await run(noGroups, '{ orgs { name cost } }')).forbidden).toEqual(['orgs.0.cost']);
  });
});

describe('@skip and @include through the plugin', () => {
  const query = 'query ($cost: Boolean!) { orgs { name cost @include(if: $cost) } }';
  const partner = who('PARTNER', 'org-p');

  it('does not report a field that is not executed, and reports it when it is, for the same document and role', async () => {
    for (const cost of [false, true, false, true]) {
      const { data, forbidden } = await run(partner, query, { cost });
      expect([cost, forbidden]).toEqual([cost, cost ? ['orgs.0.cost'] : []]);
      expect(data).toEqual({ orgs: [cost ? { name: 'Northwind', cost: null } : { name: 'Northwind' }] });
    }
  });

  it('serves an executed field to a role that may see it', async () => {
    expect((await run(who('VENDOR', 'org-v'), query, { cost: true })).data).toEqual({ orgs: [{ name: 'Northwind', cost: 7 }] });
  });

  it('never reports a field left out by literals', async () => {
    const { data, forbidden } = await run(partner, '{ orgs { name cost @include(if: false) secret @skip(if: true) } }');
    expect(forbidden).toEqual([]);
    expect(data).toEqual({ orgs: [{ name: 'Northwind' }] });
  });
});

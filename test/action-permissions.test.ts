import { Kind, type ObjectTypeDefinitionNode } from 'graphql';
import { SUBGRAPHS, type SubgraphName } from '../common/config';
import { ROLES, type Identity, type Role } from '../common/identity';
import { ACTION_NAMES, mayAct, type Action } from '../common/permissions';
import { loadSubgraphTypeDefs } from '../common/subgraph';
import { permissionMatrix } from '../gateway/authorization/contracts';
import { permissions } from '../gateway/authorization/permissions';
import { apiSchemaOf } from '../gateway/authorization/render';
import { readSupergraph } from '../gateway/supergraph';
import { createTestDatabase, type TestDatabase } from './support/database';
import { ACTING_ORG, MUTATIONS } from './support/mutations';
import { databaseFingerprint } from './support/snapshot';
import { startSubgraphs, subgraphRequest, type RunningSubgraph } from './support/subgraph';

/**
 * Who may act is one table (common/permissions.ts): the gateway's rule tree is built from it, and the subgraph that runs
 * a mutation checks it again. Here each subgraph is asked directly, as the gateway would ask it, by every role: it
 * refuses exactly the roles the table refuses, and the gateway refuses the same ones.
 */
const schema = apiSchemaOf(readSupergraph());

/** The subgraph whose SDL declares each mutation. */
const owners = new Map<string, SubgraphName>(
  SUBGRAPHS.flatMap((name) =>
    loadSubgraphTypeDefs(name)
      .definitions.filter((d): d is ObjectTypeDefinitionNode => d.kind === Kind.OBJECT_TYPE_DEFINITION && d.name.value === 'Mutation')
      .flatMap((d) => (d.fields ?? []).map((f) => [f.name.value, name] as const)),
  ),
);

let db: TestDatabase;
let running: Record<SubgraphName, RunningSubgraph> & { stop(): Promise<void> };
beforeAll(async () => {
  db = await createTestDatabase();
  running = await startSubgraphs([...SUBGRAPHS], db.url);
});
afterAll(async () => {
  await running?.stop();
  await db?.drop();
});

// each organization's ADMIN, as the gateway signs it (a member's groups are in every identity)
const as = (role: Role): Identity => ({ subject: `user:${ACTING_ORG[role].slug}`, role, organizationId: ACTING_ORG[role].id, groups: ['ADMIN'] });
const forbidden = (errors: { extensions?: Record<string, unknown> }[] = []) => errors.filter((e) => e.extensions?.code === 'FORBIDDEN');

it('names every mutation of the supergraph, and nothing else', () => {
  expect([...ACTION_NAMES].sort()).toEqual(Object.keys(schema.getMutationType()!.getFields()).sort());
  expect([...owners.keys()].sort()).toEqual([...ACTION_NAMES].sort());
});

it('is the rule tree the gateway enforces for mutations', async () => {
  const matrix = await permissionMatrix(schema, permissions);
  for (const action of ACTION_NAMES) {
    expect([action, matrix.get(`Mutation.${action}`)]).toEqual([action, Object.fromEntries(ROLES.map((role) => [role, mayAct(role, action)]))]);
  }
});

it.each(ACTION_NAMES)('%s: the subgraph refuses each role the table refuses (FORBIDDEN, nothing written) and no other', async (name) => {
  const action = name as Action;
  const { query, variables } = MUTATIONS[action];
  const url = running[owners.get(action)!].url;
  // the refused roles first: a role the table allows may change the rows the others would act on
  for (const role of [...ROLES].sort((a, b) => Number(mayAct(a, action)) - Number(mayAct(b, action)))) {
    const before = await databaseFingerprint(db.url);
    const response = await subgraphRequest(url, query, variables, as(role));
    if (mayAct(role, action)) {
      expect([role, forbidden(response.errors)]).toEqual([role, []]);
      continue;
    }
    expect([role, response.data]).toEqual([role, { [action]: null }]);
    expect(response.errors).toEqual([expect.objectContaining({ path: [action], extensions: expect.objectContaining({ code: 'FORBIDDEN' }) })]);
    expect(await databaseFingerprint(db.url)).toEqual(before);
  }
});

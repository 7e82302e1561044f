import { Kind, type ObjectTypeDefinitionNode } from 'graphql';
import { SUBGRAPHS, type SubgraphName } from '../common/config';
import { ROLES, type Identity, type Role } from '../common/identity';
import { ACTION_NAMES, groupsFor, mayAct, rolesFor, type Action } from '../common/permissions';
import { loadSubgraphTypeDefs } from '../common/subgraph';
import { AUDIENCES, audienceName, permissionMatrix } from '../gateway/authorization/contracts';
import { permissions } from '../gateway/authorization/permissions';
import { apiSchemaOf } from '../gateway/authorization/render';
import { readSupergraph } from '../gateway/supergraph';
import { createTestDatabase, type TestDatabase } from './support/database';
import { ACTING_ORG, MUTATIONS } from './support/mutations';
import { databaseFingerprint } from './support/snapshot';
import { startSubgraphs, subgraphRequest, type RunningSubgraph } from './support/subgraph';

/**
 * Who may act is one table (common/permissions.ts): the gateway's rule tree is built from it, and the subgraph that runs
 * a mutation checks it again. Here each subgraph is asked directly, as the gateway would ask it, by every group of every role: it
 * refuses exactly the roles and groups the table refuses (a member without groups
 * included), and the gateway refuses the same ones.
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

const as = (role: Role, groups: string[]): Identity => ({
  subject: `user:${ACTING_ORG[role].slug}`,
  role,
  organizationId: ACTING_ORG[role].id,
  groups,
});
const forbidden = (errors: { extensions?: Record<string, unknown> }[] = []) => errors.filter((e) => e.extensions?.code === 'FORBIDDEN');
/** Every group of every role, one at a time, and each role's member without groups (which no action admits). */
const callers = [...AUDIENCES.map(({ role, group }) => ({ role, groups: [group] })), ...ROLES.map((role) => ({ role, groups: [] as string[] }))];
const label = ({ role, groups }: { role: Role; groups: string[] }) => `${role}/${groups.join('+') || '(no group)'}`;

it('names every mutation of the supergraph, and nothing else', () => {
  expect([...ACTION_NAMES].sort()).toEqual(Object.keys(schema.getMutationType()!.getFields()).sort());
  expect([...owners.keys()].sort()).toEqual([...ACTION_NAMES].sort());
});

it('is the rule tree the gateway enforces for mutations, per role and group', async () => {
  const matrix = await permissionMatrix(schema, permissions);
  for (const action of ACTION_NAMES) {
    const expected = Object.fromEntries(
      AUDIENCES.map((audience) => [audienceName(audience), mayAct({ role: audience.role, groups: [audience.group] }, action)]),
    );
    expect([action, matrix.get(`Mutation.${action}`)]).toEqual([action, expected]);
  }
});

it.each(ACTION_NAMES)('%s: the subgraph refuses each role and group the table refuses (FORBIDDEN, nothing written) and no other', async (name) => {
  const action = name as Action;
  const { query, variables } = MUTATIONS[action];
  const url = running[owners.get(action)!].url;
  // the refused callers first (one fingerprint around them all): an allowed one may change the rows the others would act on
  const refused = callers.filter((caller) => !mayAct(caller, action));
  const before = await databaseFingerprint(db.url);
  for (const caller of refused) {
    const response = await subgraphRequest(url, query, variables, as(caller.role, caller.groups));
    expect([label(caller), response.data]).toEqual([label(caller), { [action]: null }]);
    expect(response.errors).toEqual([expect.objectContaining({ path: [action], extensions: expect.objectContaining({ code: 'FORBIDDEN' }) })]);
    // a member of a role that may act is told which of its role's groups may
    if (rolesFor(action).includes(caller.role))
      expect(response.errors![0].message).toContain(`a ${caller.role.toLowerCase()}'s ${groupsFor(action, caller.role).join(' or ')} members`);
  }
  expect(await databaseFingerprint(db.url)).toEqual(before);
  for (const caller of callers.filter((c) => mayAct(c, action))) {
    const response = await subgraphRequest(url, query, variables, as(caller.role, caller.groups));
    expect([label(caller), forbidden(response.errors)]).toEqual([label(caller), []]);
  }
});

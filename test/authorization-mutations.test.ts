import { SUBGRAPHS } from '../common/config';
import { ROLES, type Role } from '../common/identity';
import { permissionMatrix } from '../gateway/authorization/contracts';
import { permissions } from '../gateway/authorization/permissions';
import { apiSchemaOf } from '../gateway/authorization/render';
import { readSupergraph } from '../gateway/supergraph';
import { createTestDatabase, type TestDatabase } from './support/database';
import { databaseFingerprint } from './support/snapshot';
import { ACTING_ORG, MUTATIONS } from './support/mutations';
import { startTestStack, type TestStack } from './support/stack';

const ORG = (role: Role) => ACTING_ORG[role].slug;

let db: TestDatabase;
let t: TestStack;
let matrix: Awaited<ReturnType<typeof permissionMatrix>>;
beforeAll(async () => {
  matrix = await permissionMatrix(apiSchemaOf(readSupergraph()), permissions);
  db = await createTestDatabase();
  t = await startTestStack(db.url);
});
afterAll(async () => {
  await t?.stop();
  await db?.drop();
});

it('has a case for every mutation of the schema', () => {
  const schemaMutations = [...matrix.keys()].filter((c) => c.startsWith('Mutation.')).map((c) => c.slice('Mutation.'.length));
  expect(Object.keys(MUTATIONS).sort()).toEqual(schemaMutations.sort());
});

/** The members directory is every role's (its ADMINs'): the rule tree denies no role, so it has no refusal to check here. */
const OPEN_TO_EVERY_ROLE = ['inviteMember', 'updateMember'];

it('denies some role every mutation but the members directory', () => {
  const open = [...matrix.keys()].filter((c) => c.startsWith('Mutation.') && ROLES.every((role) => matrix.get(c)![role]));
  expect(open.map((c) => c.slice('Mutation.'.length)).sort()).toEqual(OPEN_TO_EVERY_ROLE);
});

it.each(Object.keys(MUTATIONS).filter((name) => !OPEN_TO_EVERY_ROLE.includes(name)))(
  '%s: each role the rule tree denies is refused before any subgraph runs it, database untouched',
  async (name) => {
    const deniedRoles = ROLES.filter((role) => !matrix.get(`Mutation.${name}`)![role]);
    expect(deniedRoles.length).toBeGreaterThan(0);
    for (const role of deniedRoles) {
      const before = await databaseFingerprint(db.url);
      for (const subgraph of SUBGRAPHS) t.received[subgraph].length = 0;
      const { query, variables } = MUTATIONS[name];
      const response = await t.as(ORG(role), query, variables);
      expect(response.data).toEqual({ [name]: null });
      expect(response.errors).toEqual([expect.objectContaining({ path: [name], extensions: { code: 'FORBIDDEN' } })]);
      expect(SUBGRAPHS.flatMap((subgraph) => t.received[subgraph])).toEqual([]);
      expect(await databaseFingerprint(db.url)).toEqual(before);
    }
  },
);

import { SUBGRAPHS } from '../common/config';
import { AUDIENCES, audienceName, permissionMatrix, type Audience } from '../gateway/authorization/contracts';
import { demoMembers } from '../tooling/demo/members';
import { permissions } from '../gateway/authorization/permissions';
import { apiSchemaOf } from '../gateway/authorization/render';
import { readSupergraph } from '../gateway/supergraph';
import { createTestDatabase, type TestDatabase } from './support/database';
import { databaseFingerprint } from './support/snapshot';
import { ACTING_ORG, MUTATIONS } from './support/mutations';
import { startTestStack, type TestStack } from './support/stack';

/** The demo member of the acting organization whose only group is the audience's (its ADMIN is user:<slug>). */
const memberOf = ({ role, group }: Audience) =>
  demoMembers().find((m) => m.organizationSlug === ACTING_ORG[role].slug && m.groups.length === 1 && m.groups[0] === group)!.subject;

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

it('denies some role or group every mutation (the members directory included: its ADMINs only)', () => {
  const open = [...matrix.keys()].filter((c) => c.startsWith('Mutation.') && AUDIENCES.every((audience) => matrix.get(c)![audienceName(audience)]));
  expect(open).toEqual([]);
  expect(AUDIENCES.every((audience) => memberOf(audience))).toBe(true);
});

it.each(Object.keys(MUTATIONS))(
  '%s: each role and group the rule tree denies is refused before any subgraph runs it, database untouched',
  async (name) => {
    const denied = AUDIENCES.filter((audience) => !matrix.get(`Mutation.${name}`)![audienceName(audience)]);
    expect(denied.length).toBeGreaterThan(0);
    // one fingerprint around them all: a refused request writes nothing, so any write shows after the last
    const before = await databaseFingerprint(db.url);
    for (const subgraph of SUBGRAPHS) t.received[subgraph].length = 0;
    for (const audience of denied) {
      const { query, variables } = MUTATIONS[name];
      const response = await t.asMember(ACTING_ORG[audience.role].slug, memberOf(audience), query, variables);
      expect([audienceName(audience), response.data]).toEqual([audienceName(audience), { [name]: null }]);
      expect(response.errors).toEqual([expect.objectContaining({ path: [name], extensions: { code: 'FORBIDDEN' } })]);
    }
    expect(SUBGRAPHS.flatMap((subgraph) => t.received[subgraph])).toEqual([]);
    expect(await databaseFingerprint(db.url)).toEqual(before);
  },
);

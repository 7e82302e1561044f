import {
  getNamedType,
  getNullableType,
  isCompositeType,
  isEnumType,
  isInputObjectType,
  isListType,
  isNonNullType,
  isObjectType,
  type GraphQLField,
  type GraphQLInputType,
  type GraphQLObjectType,
} from 'graphql';
import { ROLES, type Role } from '../common/identity';
import { NORTHWIND, BLUEPEAK, TESSERA, demoEcosystem } from '../tooling/demo/catalog';
import { demoMembers } from '../tooling/demo/members';
import { AUDIENCES, audienceName, permissionMatrix, type Audience } from '../gateway/authorization/contracts';
import { permissions } from '../gateway/authorization/permissions';
import { apiSchemaOf } from '../gateway/authorization/render';
import { readSupergraph } from '../gateway/supergraph';
import { createTestDatabase, type TestDatabase } from './support/database';
import { startTestStack, type TestStack } from './support/stack';

/**
 * For every field of the API schema and every role × group (a demo member of that one group), operations through the
 * gateway assert that the field is served or refused (FORBIDDEN, null) exactly as the rule tree says. Fields are reached
 * by the path from Query that crosses the fewest fields the audience may not use; when a path must cross one, the first
 * such field is what gets refused. The fields of one type are asked together (a few per operation, on the same path),
 * so the sweep sends about as many operations for ten audiences as it did one field at a time for three roles.
 */
const schema = apiSchemaOf(readSupergraph());
const eco = demoEcosystem();
const ORG: Record<Role, string> = { VENDOR: NORTHWIND.slug, PARTNER: BLUEPEAK.slug, DISTRIBUTOR: TESSERA.slug };
/** The demo member of the audience's organization whose only group is the audience's (its ADMIN is user:<slug>). */
const memberOf = ({ role, group }: Audience): string => {
  const member = demoMembers().find((m) => m.organizationSlug === ORG[role] && m.groups.length === 1 && m.groups[0] === group);
  if (!member) throw new Error(`no demo member of ${ORG[role]} in ${group} alone: the sweep needs one per group`);
  return member.subject;
};
/** Fields asked in one operation: few enough to stay far below the gateway's token and cost limits. */
const FIELDS_PER_OPERATION = 8;
const ROOT_ARGS: Record<string, string> = {
  vendor: `(id: "${NORTHWIND.id}")`,
  product: `(id: "${eco.products[0].id}")`,
  partner: `(id: "${BLUEPEAK.id}")`,
  deal: `(id: "${eco.deals.find((d) => d.partnerId === BLUEPEAK.id && d.vendorId === NORTHWIND.id && d.distributorId === TESSERA.id)!.id}")`,
  distributor: `(id: "${TESSERA.id}")`,
};

type Step = { type: string; field: string };
const ROOTS = ['Query', 'Mutation'];

/** A syntactically valid literal for an input type (required fields only), so a mutation can be sent at all. */
function literal(type: GraphQLInputType): string {
  const inner = getNullableType(type);
  if (isListType(inner)) return `[${literal(inner.ofType)}]`;
  if (isEnumType(inner)) return inner.getValues()[0].name;
  if (isInputObjectType(inner)) {
    const fields = Object.values(inner.getFields()).filter((f) => isNonNullType(f.type) && f.defaultValue === undefined);
    return `{ ${fields.map((f) => `${f.name}: ${valueFor(f.name, f.type)}`).join(', ')} }`;
  }
  const scalars: Record<string, string> = {
    ID: '"00000000-0000-4000-8000-000000000000"',
    String: '"sweep"',
    Int: '1',
    Float: '1',
    Boolean: 'true',
    Decimal: '"1.00"',
    Date: '"2030-01-01"',
    DateTime: '"2030-01-01T00:00:00Z"',
  };
  return scalars[inner.name];
}

const valueFor = (name: string, type: GraphQLInputType) => (name === 'currency' ? '"USD"' : literal(type));

/** Arguments to send: meaningful demo ids for the root lookups, generated literals for any other required argument. */
function argumentsOf(parent: string, field: GraphQLField<unknown, unknown>): string {
  if (parent === 'Query' && ROOT_ARGS[field.name]) return ROOT_ARGS[field.name];
  const required = field.args.filter((a) => isNonNullType(a.type) && a.defaultValue === undefined);
  return required.length ? `(${required.map((a) => `${a.name}: ${valueFor(a.name, a.type)}`).join(', ')})` : '';
}
const objectTypes = Object.values(schema.getTypeMap()).filter((t): t is GraphQLObjectType => isObjectType(t) && !t.name.startsWith('__'));

let matrix: Awaited<ReturnType<typeof permissionMatrix>>;
const allowed = (coordinate: string, audience: Audience) => matrix.get(coordinate)![audienceName(audience)];

/** 0-1 BFS from Query: the path to each type crossing the fewest fields the audience may not use. */
function pathsFor(audience: Audience): Map<string, Step[]> {
  const best = new Map<string, { cost: number; path: Step[] }>(ROOTS.map((root) => [root, { cost: 0, path: [] }]));
  const queue: string[] = [...ROOTS];
  while (queue.length) {
    const typeName = queue.shift()!;
    const { cost, path } = best.get(typeName)!;
    const type = schema.getType(typeName) as GraphQLObjectType;
    for (const field of Object.values(type.getFields())) {
      const target = getNamedType(field.type);
      if (!isObjectType(target)) continue;
      const next = cost + (allowed(`${typeName}.${field.name}`, audience) ? 0 : 1);
      const known = best.get(target.name);
      if (!known || next < known.cost) {
        best.set(target.name, { cost: next, path: [...path, { type: typeName, field: field.name }] });
        if (next === cost) queue.unshift(target.name);
        else queue.push(target.name);
      }
    }
  }
  return new Map([...best].map(([name, { path }]) => [name, path]));
}

function operationFor(path: Step[], fields: GraphQLField<unknown, unknown>[], parent: string): string {
  const fieldOf = (step: Step) => (schema.getType(step.type) as GraphQLObjectType).getFields()[step.field];
  const leaf = fields
    .map((field) => `${field.name}${argumentsOf(parent, field)}${isCompositeType(getNamedType(field.type)) ? ' { __typename }' : ''}`)
    .join(' ');
  const selection = path.reduceRight((inner, step) => `${step.field}${argumentsOf(step.type, fieldOf(step))} { ${inner} }`, leaf);
  return `${(path[0]?.type ?? parent) === 'Mutation' ? 'mutation ' : ''}{ ${selection} }`;
}

/** Values of the last key of a response path in every object reached, walking through lists. */
function valuesAt(node: unknown, keys: string[]): unknown[] {
  if (node === null || node === undefined) return [];
  if (Array.isArray(node)) return node.flatMap((item) => valuesAt(item, keys));
  const value = (node as Record<string, unknown>)[keys[0]];
  return keys.length === 1 ? [value] : valuesAt(value, keys.slice(1));
}

let db: TestDatabase;
let t: TestStack;
beforeAll(async () => {
  matrix = await permissionMatrix(schema, permissions);
  db = await createTestDatabase();
  t = await startTestStack(db.url);
});
afterAll(async () => {
  await t?.stop();
  await db?.drop();
});

/** The fields of each object type, a few at a time: one operation each, per audience. */
const chunks = objectTypes.flatMap((type) => {
  const fields = Object.values(type.getFields());
  return Array.from({ length: Math.ceil(fields.length / FIELDS_PER_OPERATION) }, (_, i) => ({
    type: type.name,
    fields: fields.slice(i * FIELDS_PER_OPERATION, (i + 1) * FIELDS_PER_OPERATION),
  }));
});

it('covers every field of the API schema for every role and group', () => {
  const all = objectTypes.flatMap((type) => Object.keys(type.getFields()).map((field) => `${type.name}.${field}`));
  const swept = chunks.flatMap((chunk) => chunk.fields.map((field) => `${chunk.type}.${field.name}`));
  expect([...swept].sort()).toEqual([...all].sort());
  expect(AUDIENCES.map(audienceName)).toEqual(ROLES.flatMap((role) => AUDIENCES.filter((a) => a.role === role).map(audienceName)));
  expect(AUDIENCES.map(memberOf)).toHaveLength(AUDIENCES.length);
  console.log(
    `authorization sweep: ${all.length * AUDIENCES.length} field × role × group cases (${all.length} fields × ${AUDIENCES.length} groups of ${ROLES.length} roles), ${chunks.length * AUDIENCES.length} operations`,
  );
});

describe.each(AUDIENCES.map((audience) => [audienceName(audience), audience] as const))('as %s', (_name, audience) => {
  const paths = new Map<string, Step[]>();
  const pathTo = (type: string) => {
    if (!paths.size) for (const [name, path] of pathsFor(audience)) paths.set(name, path);
    return paths.get(type)!;
  };
  it.each(chunks.map((chunk) => [`${chunk.type}: ${chunk.fields.map((f) => f.name).join(', ')}`, chunk] as const))('%s', async (_title, chunk) => {
    const path = pathTo(chunk.type);
    const firstDenied = path.findIndex((step) => !allowed(`${step.type}.${step.field}`, audience));
    const response = await t.asMember(ORG[audience.role], memberOf(audience), operationFor(path, chunk.fields, chunk.type));
    const forbidden = ((response as any).extensions?.forbidden ?? []) as string[];
    const forbiddenErrors = (response.errors ?? []).filter((e) => e.extensions?.code === 'FORBIDDEN');
    const errorPaths = forbiddenErrors.map((error) => error.path!.filter((k) => typeof k === 'string').join('.'));
    if (firstDenied !== -1) {
      // the path itself is refused: nothing below it is decided, every field of the chunk with it
      const denied = path[firstDenied];
      expect([chunk.type, forbidden]).toEqual([chunk.type, [`${denied.type}.${denied.field}`]]);
      const keys = path.slice(0, firstDenied + 1).map((s) => s.field);
      for (const value of valuesAt(response.data, keys)) expect(value).toBeNull();
      for (const errorPath of errorPaths) expect(errorPath).toBe(keys.join('.'));
      return;
    }
    const refused = chunk.fields.filter((field) => !allowed(`${chunk.type}.${field.name}`, audience));
    expect([...forbidden].sort()).toEqual(refused.map((field) => `${chunk.type}.${field.name}`).sort());
    const keysOf = (field: GraphQLField<unknown, unknown>) => [...path.map((s) => s.field), field.name];
    for (const field of refused) for (const value of valuesAt(response.data, keysOf(field))) expect([field.name, value]).toEqual([field.name, null]);
    const refusedPaths = new Set(refused.map((field) => keysOf(field).join('.')));
    for (const errorPath of errorPaths) expect([errorPath, refusedPaths.has(errorPath)]).toEqual([errorPath, true]);
  });
});

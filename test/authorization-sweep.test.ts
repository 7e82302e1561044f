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
import { permissionMatrix } from '../gateway/authorization/contracts';
import { permissions } from '../gateway/authorization/permissions';
import { apiSchemaOf } from '../gateway/authorization/render';
import { readSupergraph } from '../gateway/supergraph';
import { createTestDatabase, type TestDatabase } from './support/database';
import { startTestStack, type TestStack } from './support/stack';

/**
 * For every field of the API schema and every role, one operation through the gateway asserts that the field is
 * served or refused (FORBIDDEN, null) exactly as the rule tree says. Fields are reached by the path from Query that
 * crosses the fewest fields the role may not use; when a path must cross one, the first such field is what gets refused.
 */
const schema = apiSchemaOf(readSupergraph());
const eco = demoEcosystem();
const ORG: Record<Role, string> = { VENDOR: NORTHWIND.slug, PARTNER: BLUEPEAK.slug, DISTRIBUTOR: TESSERA.slug };
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
const allowed = (coordinate: string, role: Role) => matrix.get(coordinate)![role];

/** 0-1 BFS from Query: the path to each type crossing the fewest fields the role may not use. */
function pathsFor(role: Role): Map<string, Step[]> {
  const best = new Map<string, { cost: number; path: Step[] }>(ROOTS.map((root) => [root, { cost: 0, path: [] }]));
  const queue: string[] = [...ROOTS];
  while (queue.length) {
    const typeName = queue.shift()!;
    const { cost, path } = best.get(typeName)!;
    const type = schema.getType(typeName) as GraphQLObjectType;
    for (const field of Object.values(type.getFields())) {
      const target = getNamedType(field.type);
      if (!isObjectType(target)) continue;
      const next = cost + (allowed(`${typeName}.${field.name}`, role) ? 0 : 1);
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

function operationFor(path: Step[], field: GraphQLField<unknown, unknown>, parent: string): string {
  const fieldOf = (step: Step) => (schema.getType(step.type) as GraphQLObjectType).getFields()[step.field];
  const leaf = `${field.name}${argumentsOf(parent, field)}${isCompositeType(getNamedType(field.type)) ? ' { __typename }' : ''}`;
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

const cases = ROLES.flatMap((role) =>
  objectTypes.flatMap((type) => Object.values(type.getFields()).map((field) => ({ role, type: type.name, field: field.name }))),
);

it('covers every field of the API schema for every role', () => {
  const swept = new Set(cases.map((c) => `${c.type}.${c.field}`));
  const all = objectTypes.flatMap((type) => Object.keys(type.getFields()).map((field) => `${type.name}.${field}`));
  expect(all.filter((coordinate) => !swept.has(coordinate))).toEqual([]);
  expect(cases.length).toBe(all.length * ROLES.length);
  console.log(`authorization sweep: ${cases.length} field × role cases (${all.length} fields × ${ROLES.length} roles)`);
});

describe.each(ROLES)('as a %s', (role) => {
  it.each(cases.filter((c) => c.role === role).map((c) => [`${c.type}.${c.field}`, c] as const))('%s', async (_name, { type, field }) => {
    const path = pathsFor(role).get(type)!;
    const fieldDef = (schema.getType(type) as GraphQLObjectType).getFields()[field];
    const steps = [...path, { type, field }];
    const firstDenied = steps.findIndex((step) => !allowed(`${step.type}.${step.field}`, role));
    const response = await t.as(ORG[role], operationFor(path, fieldDef, type));
    const forbidden = ((response as any).extensions?.forbidden ?? []) as string[];
    const forbiddenErrors = (response.errors ?? []).filter((e) => e.extensions?.code === 'FORBIDDEN');
    if (firstDenied === -1) {
      expect(forbidden).toEqual([]);
      expect(forbiddenErrors).toEqual([]);
    } else {
      const denied = steps[firstDenied];
      expect(forbidden).toEqual([`${denied.type}.${denied.field}`]);
      const keys = steps.slice(0, firstDenied + 1).map((s) => s.field);
      for (const value of valuesAt(response.data, keys)) expect(value).toBeNull();
      for (const error of forbiddenErrors) expect(error.path!.filter((k) => typeof k === 'string')).toEqual(keys);
    }
  });
});

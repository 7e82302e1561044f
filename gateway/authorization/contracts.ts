import {
  Kind,
  buildASTSchema,
  getNamedType,
  isInputObjectType,
  isInterfaceType,
  isIntrospectionType,
  isObjectType,
  isUnionType,
  lexicographicSortSchema,
  parse,
  printSchema,
  type DefinitionNode,
  type GraphQLNamedType,
  type GraphQLSchema,
} from 'graphql';
import { ROLES, type Role } from '../../common/identity';
import { isAllowed } from './evaluate';
import type { RuleTree } from './rules';

/** Every field of the API schema and whether each role may ask for it, straight from the rule tree. */
export async function permissionMatrix(schema: GraphQLSchema, tree: RuleTree): Promise<Map<string, Record<Role, boolean>>> {
  const matrix = new Map<string, Record<Role, boolean>>();
  for (const type of Object.values(schema.getTypeMap())) {
    if (isIntrospectionType(type) || !(isObjectType(type) || isInterfaceType(type))) continue;
    for (const field of Object.keys(type.getFields())) {
      const decision = {} as Record<Role, boolean>;
      for (const role of ROLES) {
        decision[role] = await isAllowed(tree, type.name, field, { role });
      }
      matrix.set(`${type.name}.${field}`, decision);
    }
  }
  return matrix;
}

/** Types a role can reach from the roots through fields it may use. */
function reachableTypes(schema: GraphQLSchema, allowed: (coordinate: string) => boolean): Set<string> {
  const seen = new Set<string>();
  const visit = (type: GraphQLNamedType) => {
    if (seen.has(type.name)) return;
    seen.add(type.name);
    if (isObjectType(type) || isInterfaceType(type)) {
      for (const field of Object.values(type.getFields())) {
        if (!allowed(`${type.name}.${field.name}`)) continue;
        visit(getNamedType(field.type));
        for (const arg of field.args) visit(getNamedType(arg.type));
      }
    }
    if (isUnionType(type)) type.getTypes().forEach(visit);
    if (isInputObjectType(type)) Object.values(type.getFields()).forEach((field) => visit(getNamedType(field.type)));
  };
  for (const root of [schema.getQueryType(), schema.getMutationType(), schema.getSubscriptionType()]) if (root) visit(root);
  return seen;
}

/** The schema a role sees: only the fields it may use and the types they lead to. Introspection serves it per role. */
export function contractSchema(schema: GraphQLSchema, matrix: Map<string, Record<Role, boolean>>, role: Role): GraphQLSchema {
  const denied = new Set<string>();
  const allowed = (coordinate: string) => !denied.has(coordinate) && (matrix.get(coordinate)?.[role] ?? false);
  const document = parse(printSchema(schema));
  const fieldsOf = (node: DefinitionNode) =>
    node.kind === Kind.OBJECT_TYPE_DEFINITION || node.kind === Kind.INTERFACE_TYPE_DEFINITION
      ? (node.fields ?? []).filter((field) => allowed(`${node.name.value}.${field.name.value}`))
      : undefined;
  // A type left without fields cannot exist: deny the fields leading to it too, until nothing changes.
  for (let changed = true; changed;) {
    changed = false;
    for (const node of document.definitions) {
      const fields = fieldsOf(node);
      if (!fields || fields.length || !('name' in node) || !node.name) continue;
      for (const type of Object.values(schema.getTypeMap())) {
        if (!isObjectType(type) && !isInterfaceType(type)) continue;
        for (const field of Object.values(type.getFields())) {
          const coordinate = `${type.name}.${field.name}`;
          if (getNamedType(field.type).name === node.name.value && !denied.has(coordinate)) {
            denied.add(coordinate);
            changed = true;
          }
        }
      }
    }
  }
  const reachable = reachableTypes(schema, allowed);
  const definitions = document.definitions
    .filter((node) => !('name' in node) || !node.name || reachable.has(node.name.value) || node.kind === Kind.DIRECTIVE_DEFINITION)
    .map((node) => {
      const fields = fieldsOf(node);
      return fields ? ({ ...node, fields } as DefinitionNode) : node;
    });
  return lexicographicSortSchema(buildASTSchema({ kind: Kind.DOCUMENT, definitions }));
}

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
  type GraphQLObjectType,
  type GraphQLSchema,
} from 'graphql';
import { ROLES, type Role } from '../../common/identity';
import { groupsOf, type MemberGroup } from '../../common/members/groups';
import { isAllowed } from './evaluate';
import type { RuleInput, RuleTree } from './rules';

/** One group of one role: a column of the permission table and one contract; a member's view is its groups' union. */
export interface Audience {
  role: Role;
  group: MemberGroup;
}

export const AUDIENCES: readonly Audience[] = ROLES.flatMap((role) => groupsOf(role).map((group) => ({ role, group })));

/** "VENDOR/FINANCE": the audience's column in the matrix. */
export const audienceName = ({ role, group }: Audience): string => `${role}/${group}`;

export const audienceInput = ({ role, group }: Audience): RuleInput => ({ role, groups: [group] });

function decidableFields(schema: GraphQLSchema): string[] {
  return Object.values(schema.getTypeMap())
    .filter((type) => !isIntrospectionType(type) && (isObjectType(type) || isInterfaceType(type)))
    .flatMap((type) => Object.keys((type as GraphQLObjectType).getFields()).map((field) => `${type.name}.${field}`));
}

/** The coordinates (Type.field) of the API schema a caller with this rule input may ask for, straight from the rule tree. */
export async function allowedFields(schema: GraphQLSchema, tree: RuleTree, input: RuleInput): Promise<Set<string>> {
  const allowed = new Set<string>();
  const shield = { cache: {} };
  for (const coordinate of decidableFields(schema)) {
    const [type, field] = coordinate.split('.');
    if (await isAllowed(tree, type, field, input, undefined, shield)) allowed.add(coordinate);
  }
  return allowed;
}

/** Every field of the API schema and whether each audience (role × group) may ask for it, keyed by audienceName. */
export async function permissionMatrix(schema: GraphQLSchema, tree: RuleTree): Promise<Map<string, Record<string, boolean>>> {
  const matrix = new Map<string, Record<string, boolean>>(decidableFields(schema).map((coordinate) => [coordinate, {}]));
  for (const audience of AUDIENCES) {
    const allowed = await allowedFields(schema, tree, audienceInput(audience));
    for (const [coordinate, cell] of matrix) cell[audienceName(audience)] = allowed.has(coordinate);
  }
  return matrix;
}

/** Types a caller can reach from the roots through fields it may use. */
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

/**
 * The schema a caller sees: only the fields it may use (`permitted`, from allowedFields) and the types they lead to.
 * Introspection serves it per rule input (role and groups).
 */
export function contractSchema(schema: GraphQLSchema, permitted: ReadonlySet<string>): GraphQLSchema {
  const denied = new Set<string>();
  const allowed = (coordinate: string) => !denied.has(coordinate) && permitted.has(coordinate);
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

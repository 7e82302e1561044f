import {
  Kind,
  getArgumentValues,
  getNamedType,
  getOperationAST,
  isAbstractType,
  isCompositeType,
  isObjectType,
  isInterfaceType,
  visit,
  type DocumentNode,
  type FieldNode,
  type FragmentDefinitionNode,
  type GraphQLCompositeType,
  type GraphQLResolveInfo,
  type GraphQLSchema,
  type OperationDefinitionNode,
  type SelectionNode,
  type SelectionSetNode,
} from 'graphql';
import { deny, type IRule, type IRules } from 'graphql-shield';
import { BadUserInputError } from '../../common/errors';
import type { RuleContext } from './rules';

/** A field the caller asked for and may not see; it comes back null with a FORBIDDEN error at its path. */
export interface DeniedField {
  /** Response keys (aliases) from the root to the field. */
  path: string[];
  /** The type the field was selected on: objects of other types at that path keep their value. */
  parentType: string;
  parentIsAbstract: boolean;
  coordinate: string;
}

export interface OperationDecision {
  denied: DeniedField[];
  /** The operation without denied fields (fragments inlined); null when nothing is left to execute. */
  document: DocumentNode | null;
}

/** Added where fields were removed, so the response tells which concrete type each object is; stripped before answering. */
export const TYPE_MARKER = '__cg_typename';

/**
 * Names starting with "__" are reserved for GraphQL and for the gateway's own markers (TYPE_MARKER): an alias named
 * like one would be taken for it (objects emptied, FORBIDDEN errors lost), so such aliases are refused in any operation
 * or fragment of the document before it is planned.
 */
export function refuseReservedAliases(document: DocumentNode): void {
  visit(document, {
    Field(node) {
      const alias = node.alias?.value;
      if (alias?.startsWith('__')) {
        throw new BadUserInputError(`alias ${alias}`, 'aliases starting with "__" are reserved for GraphQL and the gateway: choose another.');
      }
    },
  });
}

/** A rule or a logic rule (and/or/not): anything graphql-shield can resolve. */
type ShieldRule = Pick<IRule, 'resolve'>;

const SHIELD_OPTIONS: Parameters<IRule['resolve']>[4] = {
  debug: false,
  allowExternalErrors: false,
  fallbackRule: deny,
  hashFunction: ({ parent, args }: { parent: unknown; args: unknown }) => JSON.stringify({ parent, args }),
};

function isRule(value: unknown): value is ShieldRule {
  return typeof (value as { resolve?: unknown })?.resolve === 'function';
}

/** The rule for Type.field: the field's own, else the type's '*', else a rule for the whole type; none means denied. */
export function ruleFor(tree: IRules, typeName: string, fieldName: string): ShieldRule | undefined {
  const typeRules = (tree as Record<string, unknown>)[typeName];
  if (isRule(typeRules)) return typeRules;
  if (!typeRules || typeof typeRules !== 'object') return undefined;
  const rules = typeRules as Record<string, ShieldRule | undefined>;
  return rules[fieldName] ?? rules['*'];
}

/** Evaluates one field's rule; no rule, a rule that throws or returns anything but true: denied. */
export async function isAllowed(
  tree: IRules,
  typeName: string,
  fieldName: string,
  context: RuleContext & { _shield?: unknown },
  args: Record<string, unknown> = {},
  info?: Partial<GraphQLResolveInfo>,
): Promise<boolean> {
  const rule = ruleFor(tree, typeName, fieldName);
  if (!rule) return false;
  try {
    context._shield ??= { cache: {} };
    const result = await rule.resolve({}, args, context as never, (info ?? { fieldName }) as GraphQLResolveInfo, SHIELD_OPTIONS);
    return result === true;
  } catch {
    return false;
  }
}

/** Replaces fragment spreads by inline fragments, so each field of the operation has exactly one response path. */
function inlineFragments(operation: OperationDefinitionNode, fragments: Map<string, FragmentDefinitionNode>): OperationDefinitionNode {
  const inline = (selectionSet: SelectionSetNode): SelectionSetNode => ({
    ...selectionSet,
    selections: selectionSet.selections.map((selection): SelectionNode => {
      if (selection.kind === Kind.FRAGMENT_SPREAD) {
        const fragment = fragments.get(selection.name.value)!;
        return { kind: Kind.INLINE_FRAGMENT, typeCondition: fragment.typeCondition, directives: selection.directives, selectionSet: inline(fragment.selectionSet) };
      }
      return selection.selectionSet ? { ...selection, selectionSet: inline(selection.selectionSet) } : selection;
    }),
  });
  return { ...operation, selectionSet: inline(operation.selectionSet) };
}

const typeMarker: FieldNode = { kind: Kind.FIELD, alias: { kind: Kind.NAME, value: TYPE_MARKER }, name: { kind: Kind.NAME, value: '__typename' } };

/** Drops variable definitions the remaining operation no longer uses. */
function withoutUnusedVariables(operation: OperationDefinitionNode): OperationDefinitionNode {
  const used = new Set<string>();
  visit(operation.selectionSet, { Variable: (node) => void used.add(node.name.value) });
  return { ...operation, variableDefinitions: operation.variableDefinitions?.filter((d) => used.has(d.variable.name.value)) };
}

/**
 * Checks every field of the operation against the rule tree before the gateway plans it: fragments are inlined,
 * inline fragments are checked against their own type condition, aliases give the response paths, and arguments
 * are resolved from the variables. Returns what is denied and the operation without it.
 */
export async function decideOperation(options: {
  schema: GraphQLSchema;
  document: DocumentNode;
  operationName?: string | null;
  variables?: Record<string, unknown>;
  context: RuleContext;
  tree: IRules;
}): Promise<OperationDecision> {
  const { schema, tree, variables = {} } = options;
  const found = getOperationAST(options.document, options.operationName);
  if (!found) return { denied: [], document: options.document };
  const fragments = new Map(
    options.document.definitions.filter((d): d is FragmentDefinitionNode => d.kind === Kind.FRAGMENT_DEFINITION).map((d) => [d.name.value, d]),
  );
  const operation = inlineFragments(found, fragments);
  const ruleContext: RuleContext & { _shield?: unknown } = { identity: options.context.identity };
  const denied: DeniedField[] = [];

  const filter = async (selectionSet: SelectionSetNode, parentType: GraphQLCompositeType, path: string[]): Promise<SelectionSetNode> => {
    const selections: SelectionNode[] = [];
    let removed = false;
    for (const selection of selectionSet.selections) {
      if (selection.kind === Kind.INLINE_FRAGMENT) {
        const condition = selection.typeCondition ? schema.getType(selection.typeCondition.name.value) : parentType;
        if (!isCompositeType(condition)) continue;
        selections.push({ ...selection, selectionSet: await filter(selection.selectionSet, condition, path) });
        continue;
      }
      if (selection.kind !== Kind.FIELD) continue;
      const name = selection.name.value;
      if (name.startsWith('__')) {
        selections.push(selection);
        continue;
      }
      const field = isObjectType(parentType) || isInterfaceType(parentType) ? parentType.getFields()[name] : undefined;
      const responseKey = selection.alias?.value ?? name;
      let args: Record<string, unknown> = {};
      try {
        if (field) args = getArgumentValues(field, selection, variables);
      } catch {
        // Invalid variables are reported by execution; the rule still decides on what it has.
      }
      const allowed = field !== undefined && (await isAllowed(tree, parentType.name, name, ruleContext, args, { fieldName: name, parentType: parentType as never, schema }));
      if (!allowed) {
        denied.push({ path: [...path, responseKey], parentType: parentType.name, parentIsAbstract: isAbstractType(parentType), coordinate: `${parentType.name}.${name}` });
        removed = true;
        continue;
      }
      const namedType = getNamedType(field.type);
      selections.push(selection.selectionSet && isCompositeType(namedType) ? { ...selection, selectionSet: await filter(selection.selectionSet, namedType, [...path, responseKey]) } : selection);
    }
    if (removed) selections.push(typeMarker);
    return { ...selectionSet, selections };
  };

  const root = schema.getRootType(operation.operation);
  if (!root) return { denied: [], document: options.document };
  const selectionSet = await filter(operation.selectionSet, root, []);
  if (!denied.length) return { denied, document: options.document };
  const executable = selectionSet.selections.some((s) => s !== typeMarker);
  return {
    denied,
    document: executable ? { kind: Kind.DOCUMENT, definitions: [withoutUnusedVariables({ ...operation, selectionSet })] } : null,
  };
}

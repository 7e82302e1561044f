import {
  Kind,
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
import { deny, type IRule } from 'graphql-shield';
import { conditionValues, isExecuted } from './conditions';
import type { Rule, RuleInput, RuleTree } from './rules';
import { BadUserInputError } from '../../common/errors';

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

const SHIELD_OPTIONS: Parameters<IRule['resolve']>[4] = {
  debug: false,
  allowExternalErrors: false,
  fallbackRule: deny,
  hashFunction: ({ parent, args }: { parent: unknown; args: unknown }) => JSON.stringify({ parent, args }),
};

function isRule(value: unknown): value is Rule {
  return typeof (value as { resolve?: unknown })?.resolve === 'function';
}

/** The rule for Type.field: the field's own, else the type's '*', else a rule for the whole type; none means denied. */
export function ruleFor(tree: RuleTree, typeName: string, fieldName: string): Rule | undefined {
  const typeRules = (tree as Record<string, unknown>)[typeName];
  if (isRule(typeRules)) return typeRules;
  if (!typeRules || typeof typeRules !== 'object') return undefined;
  const rules = typeRules as Record<string, Rule | undefined>;
  return rules[fieldName] ?? rules['*'];
}

/**
 * Evaluates one field's rule on the rule input alone (no parent, no arguments: decisions are cached per rule input);
 * no rule, a rule that throws or returns anything but true: denied. Pass one `shield` cache for one decision.
 */
export async function isAllowed(
  tree: RuleTree,
  typeName: string,
  fieldName: string,
  input: RuleInput,
  info?: Partial<GraphQLResolveInfo>,
  shield: { cache: Record<string, unknown> } = { cache: {} },
): Promise<boolean> {
  const rule = ruleFor(tree, typeName, fieldName);
  if (!rule) return false;
  try {
    const context = { input, _shield: shield };
    const result = await rule.resolve({}, {}, context as never, (info ?? { fieldName }) as GraphQLResolveInfo, SHIELD_OPTIONS);
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
 * inline fragments are checked against their own type condition, aliases give the response paths, and a selection
 * that @skip/@include leaves out is not checked (nor sent). Returns what is denied and the operation without it.
 */
export async function decideOperation(options: {
  schema: GraphQLSchema;
  document: DocumentNode;
  operationName?: string | null;
  /** Read for @skip/@include conditions only. */
  variables?: Record<string, unknown>;
  input: RuleInput;
  tree: RuleTree;
}): Promise<OperationDecision> {
  const { schema, tree, variables = {} } = options;
  const found = getOperationAST(options.document, options.operationName);
  if (!found) return { denied: [], document: options.document };
  const fragments = new Map(
    options.document.definitions.filter((d): d is FragmentDefinitionNode => d.kind === Kind.FRAGMENT_DEFINITION).map((d) => [d.name.value, d]),
  );
  const operation = inlineFragments(found, fragments);
  const conditions = conditionValues(schema, options.document, found, variables);
  const shield = { cache: {} };
  const denied: DeniedField[] = [];

  const filter = async (selectionSet: SelectionSetNode, parentType: GraphQLCompositeType, path: string[]): Promise<SelectionSetNode> => {
    const selections: SelectionNode[] = [];
    let removed = false;
    for (const selection of selectionSet.selections) {
      if (!isExecuted(selection, conditions)) {
        removed = true;
        continue;
      }
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
      const allowed = field !== undefined && (await isAllowed(tree, parentType.name, name, options.input, { fieldName: name, parentType: parentType as never, schema }, shield));
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

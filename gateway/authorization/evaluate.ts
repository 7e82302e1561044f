import {
  Kind,
  getOperationAST,
  isAbstractType,
  visit,
  type DocumentNode,
  type FieldNode,
  type FragmentDefinitionNode,
  type GraphQLResolveInfo,
  type GraphQLSchema,
  type OperationDefinitionNode,
  type SelectionNode,
  type SelectionSetNode,
} from 'graphql';
import { deny, type IRule } from 'graphql-shield';
import { fragmentsOf, walkOperation, type FieldVisit } from '../operation-walk';
import { conditionValues, isExecuted, type ConditionValues } from './conditions';
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

const typeMarker: FieldNode = { kind: Kind.FIELD, alias: { kind: Kind.NAME, value: TYPE_MARKER }, name: { kind: Kind.NAME, value: '__typename' } };

/** Drops variable definitions the remaining operation no longer uses. */
function withoutUnusedVariables(operation: OperationDefinitionNode): OperationDefinitionNode {
  const used = new Set<string>();
  visit(operation.selectionSet, { Variable: (node) => void used.add(node.name.value) });
  return { ...operation, variableDefinitions: operation.variableDefinitions?.filter((d) => used.has(d.variable.name.value)) };
}

/**
 * The selections without those @skip/@include leave out nor the denied fields, fragments inlined (so each field has
 * one response path), and TYPE_MARKER where any was removed. GraphQL's own fields are not checked: kept as they are.
 */
function withoutDenied(
  selectionSet: SelectionSetNode,
  fragments: ReadonlyMap<string, FragmentDefinitionNode>,
  conditions: ConditionValues,
  denied: ReadonlySet<FieldNode>,
): SelectionSetNode {
  const kept: SelectionNode[] = [];
  for (const selection of selectionSet.selections) {
    if (!isExecuted(selection, conditions) || (selection.kind === Kind.FIELD && denied.has(selection))) continue;
    if (selection.kind === Kind.FRAGMENT_SPREAD) {
      const fragment = fragments.get(selection.name.value)!;
      const inner = withoutDenied(fragment.selectionSet, fragments, conditions, denied);
      kept.push({ kind: Kind.INLINE_FRAGMENT, typeCondition: fragment.typeCondition, directives: selection.directives, selectionSet: inner });
    } else if (selection.selectionSet && !(selection.kind === Kind.FIELD && selection.name.value.startsWith('__'))) {
      kept.push({ ...selection, selectionSet: withoutDenied(selection.selectionSet, fragments, conditions, denied) });
    } else {
      kept.push(selection);
    }
  }
  return { ...selectionSet, selections: kept.length < selectionSet.selections.length ? [...kept, typeMarker] : kept };
}

/** A place where the operation selects a field, and whether the caller may see it there. */
interface Selected {
  at: FieldVisit<Selected | undefined>;
  allowed: boolean;
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
  const operation = getOperationAST(options.document, options.operationName);
  if (!operation || !schema.getRootType(operation.operation)) return { denied: [], document: options.document };
  const conditions = conditionValues(schema, options.document, operation, variables);
  const selected: Selected[] = [];
  walkOperation<Selected | undefined>(
    schema,
    options.document,
    operation,
    undefined,
    (at) => {
      if (at.node.name.value.startsWith('__')) return undefined;
      const place = { at, allowed: false };
      selected.push(place);
      return place;
    },
    { conditions },
  );

  // In the walk's order (depth first), so no rule is evaluated below a denied field.
  const shield = { cache: {} };
  const denied: DeniedField[] = [];
  // A field node's decision is the same wherever its fragment is spread (its parent type is the fragment's type
  // condition, the rule input is the request's): the rewrite can drop a denied node in every place.
  const deniedNodes = new Set<FieldNode>();
  for (const place of selected) {
    if (place.at.state && !place.at.state.allowed) continue;
    const { node, parentType, field, path } = place.at;
    const name = node.name.value;
    place.allowed =
      field !== undefined &&
      (await isAllowed(tree, parentType.name, name, options.input, { fieldName: name, parentType: parentType as never, schema }, shield));
    if (place.allowed) continue;
    denied.push({
      path: [...path],
      parentType: parentType.name,
      parentIsAbstract: isAbstractType(parentType),
      coordinate: `${parentType.name}.${name}`,
    });
    deniedNodes.add(node);
  }
  if (!denied.length) return { denied, document: options.document };

  const selectionSet = withoutDenied(operation.selectionSet, fragmentsOf(options.document), conditions, deniedNodes);
  const executable = selectionSet.selections.some((s) => s !== typeMarker);
  return { denied, document: executable ? { kind: Kind.DOCUMENT, definitions: [withoutUnusedVariables({ ...operation, selectionSet })] } : null };
}

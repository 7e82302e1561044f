import {
  Kind,
  getNamedType,
  isCompositeType,
  isInterfaceType,
  isObjectType,
  type DocumentNode,
  type FieldNode,
  type FragmentDefinitionNode,
  type GraphQLCompositeType,
  type GraphQLField,
  type GraphQLSchema,
  type OperationDefinitionNode,
  type SelectionSetNode,
} from 'graphql';
import { isExecuted, type ConditionValues } from './authorization/conditions';

/** One place where the operation selects a field: a field of a fragment spread twice is visited twice. */
export interface FieldVisit<S> {
  node: FieldNode;
  /** The type the field is selected on: an inline fragment's or named fragment's type condition, else the enclosing field's type. */
  parentType: GraphQLCompositeType;
  /** Undefined for `__typename`, `__schema`, `__type`, and a field the type does not have. */
  field: GraphQLField<unknown, unknown> | undefined;
  /** Response keys (aliases) from the root to this field, itself included. */
  path: readonly string[];
  /** What the visit of the enclosing field returned; the walk's initial state for root fields. */
  state: S;
}

/** Returns the state for the field's own selections, or undefined to leave them unvisited. */
export type FieldVisitor<S> = (visit: FieldVisit<S>) => S | undefined;

export interface WalkOptions {
  /** When given, selections that @skip/@include leave out with these values are not visited (as execution skips them). */
  conditions?: ConditionValues;
}

// Apollo Server hands the same parsed document to every request with the same text, and each plugin walks it.
const fragmentsByDocument = new WeakMap<DocumentNode, ReadonlyMap<string, FragmentDefinitionNode>>();

export function fragmentsOf(document: DocumentNode): ReadonlyMap<string, FragmentDefinitionNode> {
  let fragments = fragmentsByDocument.get(document);
  if (!fragments) {
    fragments = new Map(
      document.definitions.filter((d): d is FragmentDefinitionNode => d.kind === Kind.FRAGMENT_DEFINITION).map((d) => [d.name.value, d]),
    );
    fragmentsByDocument.set(document, fragments);
  }
  return fragments;
}

/**
 * Visits every field the operation selects, depth first in document order, with named and inline fragments resolved
 * in place against their type conditions. The visitor decides whether a field's selections are visited (only a field
 * of the schema with a composite type has any to visit). A fragment already spread on the way to a place is not
 * spread again there: validation refuses such cycles, this keeps an unvalidated document from looping.
 */
export function walkOperation<S>(
  schema: GraphQLSchema,
  document: DocumentNode,
  operation: OperationDefinitionNode,
  initial: S,
  visitor: FieldVisitor<S>,
  { conditions }: WalkOptions = {},
): void {
  const fragments = fragmentsOf(document);
  const walk = (
    selectionSet: SelectionSetNode,
    parentType: GraphQLCompositeType,
    path: readonly string[],
    state: S,
    spread: ReadonlySet<string>,
  ): void => {
    for (const selection of selectionSet.selections) {
      if (conditions && !isExecuted(selection, conditions)) continue;
      if (selection.kind === Kind.INLINE_FRAGMENT) {
        const type = selection.typeCondition ? schema.getType(selection.typeCondition.name.value) : parentType;
        if (isCompositeType(type)) walk(selection.selectionSet, type, path, state, spread);
        continue;
      }
      if (selection.kind === Kind.FRAGMENT_SPREAD) {
        const fragment = fragments.get(selection.name.value);
        const type = fragment && schema.getType(fragment.typeCondition.name.value);
        if (fragment && isCompositeType(type) && !spread.has(fragment.name.value)) {
          walk(fragment.selectionSet, type, path, state, new Set([...spread, fragment.name.value]));
        }
        continue;
      }
      const field = isObjectType(parentType) || isInterfaceType(parentType) ? parentType.getFields()[selection.name.value] : undefined;
      const fieldPath = [...path, selection.alias?.value ?? selection.name.value];
      const inner = visitor({ node: selection, parentType, field, path: fieldPath, state });
      const type = field && getNamedType(field.type);
      if (inner !== undefined && selection.selectionSet && isCompositeType(type)) walk(selection.selectionSet, type, fieldPath, inner, spread);
    }
  };
  const root = schema.getRootType(operation.operation);
  if (root) walk(operation.selectionSet, root, [], initial, new Set());
}

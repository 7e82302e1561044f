import type { ApolloServerPlugin } from '@apollo/server';
import {
  Kind,
  getArgumentValues,
  getNamedType,
  getNullableType,
  getOperationAST,
  isCompositeType,
  isInterfaceType,
  isListType,
  isObjectType,
  parse,
  valueFromASTUntyped,
  type DocumentNode,
  type FragmentDefinitionNode,
  type GraphQLCompositeType,
  type GraphQLSchema,
  type SelectionSetNode,
} from 'graphql';
import { AppError } from '../common/errors';

/**
 * A list field's bound as the subgraph SDL declares it with Apollo's demand-control directive `@listSize`
 * (https://specs.apollo.dev/cost/v0.1, imported from federation v2.9): either the most items it can return
 * (`assumedSize`), or the arguments that size it (`slicingArguments`, e.g. `first` or `limit`), applying to the list
 * itself or, for a connection, to its `sizedFields` (`edges`).
 */
export interface ListSize {
  assumedSize?: number;
  slicingArguments: string[];
  sizedFields: string[];
}

/** `Type.field` → its bound, for every field of the supergraph that carries `@listSize`. */
export type ListSizes = ReadonlyMap<string, ListSize>;

/** A list field without a bound (the schema test forbids one) counts as a full page: never as one item. */
export const UNBOUNDED_LIST_SIZE = 100;

/** The `@listSize` of every field in the supergraph SDL, read once when the gateway starts. */
export function listSizesFromSupergraph(supergraphSdl: string): ListSizes {
  const sizes = new Map<string, ListSize>();
  for (const definition of parse(supergraphSdl, { noLocation: true }).definitions) {
    if (definition.kind !== Kind.OBJECT_TYPE_DEFINITION && definition.kind !== Kind.INTERFACE_TYPE_DEFINITION) continue;
    for (const field of definition.fields ?? []) {
      // Imported by name in the supergraph's cost @link; `cost__listSize` is its name when not imported.
      const directive = field.directives?.find((d) => d.name.value === 'listSize' || d.name.value === 'cost__listSize');
      if (!directive) continue;
      const args = Object.fromEntries((directive.arguments ?? []).map((a) => [a.name.value, valueFromASTUntyped(a.value)]));
      sizes.set(`${definition.name.value}.${field.name.value}`, {
        assumedSize: typeof args.assumedSize === 'number' ? args.assumedSize : undefined,
        slicingArguments: (args.slicingArguments as string[] | undefined) ?? [],
        sizedFields: (args.sizedFields as string[] | undefined) ?? [],
      });
    }
  }
  return sizes;
}

/** The largest value among the slicing arguments as the server will see them, else the declared size. */
function sizeOf(bound: ListSize | undefined, args: Record<string, unknown>): number {
  if (!bound) return UNBOUNDED_LIST_SIZE;
  const sliced = bound.slicingArguments.map((name) => Number(args[name])).filter((n) => Number.isInteger(n) && n >= 0);
  if (sliced.length) return Math.max(...sliced);
  return bound.assumedSize ?? UNBOUNDED_LIST_SIZE;
}

/**
 * The number of values a response can hold: every field counts once per item of the lists above it; a list holds at
 * most its `@listSize` bound, or the page its slicing argument asks for (a literal, a variable, or the argument's
 * default, so a client cannot slip large pages past the limit as variables). A list of scalars or enums counts as one
 * value, as in Apollo's demand control: its items are short codes (regions, countries, types) that input validation caps.
 */
export function operationCost(
  schema: GraphQLSchema,
  sizes: ListSizes,
  document: DocumentNode,
  operationName?: string | null,
  variables: Record<string, unknown> = {},
): number {
  const operation = getOperationAST(document, operationName);
  const root = operation && schema.getRootType(operation.operation);
  if (!operation || !root) return 0;
  const fragments = new Map(
    document.definitions.filter((d): d is FragmentDefinitionNode => d.kind === Kind.FRAGMENT_DEFINITION).map((d) => [d.name.value, d]),
  );
  /** `sized`: the sizes a connection above gave its sized fields (its `edges`). */
  const cost = (selectionSet: SelectionSetNode, parentType: GraphQLCompositeType, multiplier: number, sized: ReadonlyMap<string, number>): number => {
    let total = 0;
    for (const selection of selectionSet.selections) {
      if (selection.kind === Kind.FIELD) {
        const field = isObjectType(parentType) || isInterfaceType(parentType) ? parentType.getFields()[selection.name.value] : undefined;
        total += multiplier;
        const type = field && getNamedType(field.type);
        if (!selection.selectionSet || !field || !isCompositeType(type)) continue;
        const bound = sizes.get(`${parentType.name}.${field.name}`);
        let args: Record<string, unknown> = {};
        try {
          args = getArgumentValues(field, selection, variables);
        } catch {
          // invalid variables are refused by validation of the request; the declared sizes count here
        }
        const items = isListType(getNullableType(field.type)) ? (sized.get(field.name) ?? sizeOf(bound, args)) : 1;
        const forChildren = new Map((bound?.sizedFields ?? []).map((name) => [name, sizeOf(bound, args)]));
        total += cost(selection.selectionSet, type, multiplier * items, forChildren);
        continue;
      }
      const fragment = selection.kind === Kind.FRAGMENT_SPREAD ? fragments.get(selection.name.value) : selection;
      if (!fragment) continue;
      const type = fragment.typeCondition ? schema.getType(fragment.typeCondition.name.value) : parentType;
      if (isCompositeType(type)) total += cost(fragment.selectionSet, type, multiplier, sized);
    }
    return total;
  };
  return cost(operation.selectionSet, root, 1, new Map());
}

/** Refuses an operation whose cost exceeds the limit, after validation and before authorization or planning. */
export function costLimitPlugin(maxCost: number, sizes: ListSizes): ApolloServerPlugin {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ schema, document, operationName, request }) {
          const cost = operationCost(schema, sizes, document, operationName, request.variables);
          if (cost > maxCost) {
            throw new AppError(
              `Operation cost ${cost} exceeds the cost limit of ${maxCost}: ask for smaller pages (first/last/limit), fewer nested lists or fewer aliases.`,
              'BAD_USER_INPUT',
              400,
              { cost, maxCost },
            );
          }
        },
      };
    },
  };
}

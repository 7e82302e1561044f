import type { ApolloServerPlugin } from '@apollo/server';
import {
  Kind,
  getArgumentValues,
  getNamedType,
  getNullableType,
  getOperationAST,
  isCompositeType,
  isListType,
  parse,
  valueFromASTUntyped,
  type DocumentNode,
  type GraphQLSchema,
} from 'graphql';
import { AppError } from '../common/errors';
import { walkOperation } from './operation-walk';

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
  if (!operation) return 0;
  let total = 0;
  // The state of a field's selections: the items of the lists above them, and the sizes a connection above gave its sized fields (its `edges`).
  walkOperation(schema, document, operation, { multiplier: 1, sized: new Map<string, number>() }, ({ node, parentType, field, state }) => {
    total += state.multiplier;
    if (!node.selectionSet || !field || !isCompositeType(getNamedType(field.type))) return undefined;
    const bound = sizes.get(`${parentType.name}.${field.name}`);
    let args: Record<string, unknown> = {};
    try {
      args = getArgumentValues(field, node, variables);
    } catch {
      // invalid variables are refused by validation of the request; the declared sizes count here
    }
    const items = isListType(getNullableType(field.type)) ? (state.sized.get(field.name) ?? sizeOf(bound, args)) : 1;
    return { multiplier: state.multiplier * items, sized: new Map((bound?.sizedFields ?? []).map((name) => [name, sizeOf(bound, args)])) };
  });
  return total;
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

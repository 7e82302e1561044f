import {
  Kind,
  buildASTSchema,
  getNamedType,
  getNullableType,
  isListType,
  isObjectType,
  parse,
  type GraphQLObjectType,
  type GraphQLSchema,
  type SelectionSetNode,
} from 'graphql';
import { MAX_PAGE_SIZE } from '../../common/pagination';
import { MAX_RANKING_LIMIT } from '../../common/validation';
import { listSizesFromSupergraph, type ListSizes } from '../../gateway/cost';
import { readSupergraph } from '../../gateway/supergraph';

/** The committed supergraph as a graphql-js schema (types and fields as clients see them), and its list bounds. */
export function supergraphBounds(): { schema: GraphQLSchema; sizes: ListSizes } {
  const sdl = readSupergraph();
  return { schema: buildASTSchema(parse(sdl), { assumeValidSDL: true }), sizes: listSizesFromSupergraph(sdl) };
}

/** Slicing arguments are capped by the subgraphs: `first` at MAX_PAGE_SIZE, a ranking's `limit` at MAX_RANKING_LIMIT. */
const SLICE_CAPS: Record<string, number> = { first: MAX_PAGE_SIZE, limit: MAX_RANKING_LIMIT };

/**
 * The most items each list field may hold, per coordinate: its assumedSize, the cap of its slicing argument, or for
 * a connection's sized field (`DealConnection.edges`) the cap of the argument of the fields returning the connection.
 */
export function declaredBounds(schema: GraphQLSchema, sizes: ListSizes): Map<string, number> {
  const bounds = new Map<string, number>();
  for (const type of Object.values(schema.getTypeMap())) {
    if (!isObjectType(type)) continue;
    for (const field of Object.values(type.getFields())) {
      const size = sizes.get(`${type.name}.${field.name}`);
      if (!size) continue;
      const sliced = Math.max(0, ...size.slicingArguments.map((name) => SLICE_CAPS[name] ?? Infinity));
      if (size.sizedFields.length) {
        for (const sizedField of size.sizedFields) bounds.set(`${getNamedType(field.type).name}.${sizedField}`, sliced);
      } else {
        bounds.set(`${type.name}.${field.name}`, size.assumedSize ?? sliced);
      }
    }
  }
  return bounds;
}

/** Records, per list field coordinate, the longest list of that field in a response to `query` (no fragments). */
export function recordListLengths(schema: GraphQLSchema, query: string, data: unknown, into: Map<string, number>): void {
  const walk = (selectionSet: SelectionSetNode, type: GraphQLObjectType, value: Record<string, unknown>) => {
    for (const selection of selectionSet.selections) {
      if (selection.kind !== Kind.FIELD) throw new Error('recordListLengths reads fields only');
      const field = type.getFields()[selection.name.value];
      const result = value[(selection.alias ?? selection.name).value];
      if (!field || result === null || result === undefined) continue;
      const coordinate = `${type.name}.${field.name}`;
      const list = isListType(getNullableType(field.type));
      const items = list ? (result as unknown[]) : [result];
      if (list) into.set(coordinate, Math.max(into.get(coordinate) ?? 0, items.length));
      const named = getNamedType(field.type);
      if (!selection.selectionSet || !isObjectType(named)) continue;
      for (const item of items) if (item) walk(selection.selectionSet, named, item as Record<string, unknown>);
    }
  };
  const operation = parse(query).definitions[0];
  if (operation.kind !== Kind.OPERATION_DEFINITION) throw new Error('an operation first');
  walk(operation.selectionSet, schema.getQueryType()!, data as Record<string, unknown>);
}

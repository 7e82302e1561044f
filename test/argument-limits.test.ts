import {
  buildASTSchema,
  getNamedType,
  getNullableType,
  isInputObjectType,
  isInterfaceType,
  isListType,
  isObjectType,
  isScalarType,
  parse,
  type GraphQLInputType,
} from 'graphql';
import { LIST_MAX_ITEMS, SCALAR_MAX_LENGTH, STRING_MAX_LENGTH } from '../gateway/argument-limits';
import { readSupergraph } from '../gateway/supergraph';

/** Every argument and input field of the public schema (federation's join__/link__ machinery aside), by coordinate. */
function inputs(): { coordinate: string; type: GraphQLInputType }[] {
  const schema = buildASTSchema(parse(readSupergraph()), { assumeValidSDL: true });
  const internal = (name: string) => name.startsWith('__') || name.startsWith('join__') || name.startsWith('link__');
  return Object.values(schema.getTypeMap())
    .filter((type) => !internal(type.name))
    .flatMap((type) => {
      if (isObjectType(type) || isInterfaceType(type))
        return Object.values(type.getFields()).flatMap((field) =>
          field.args.map((arg) => ({ coordinate: `${type.name}.${field.name}(${arg.name})`, type: arg.type })),
        );
      if (isInputObjectType(type))
        return Object.values(type.getFields()).map((field) => ({ coordinate: `${type.name}.${field.name}`, type: field.type }));
      return [];
    });
}

const containsList = (type: GraphQLInputType): boolean => isListType(getNullableType(type));

describe('every string and list a client can send has a maximum (gateway/argument-limits.ts)', () => {
  const all = inputs();

  it('finds the arguments and input fields of the supergraph', () => {
    expect(all.map((i) => i.coordinate)).toEqual(
      expect.arrayContaining(['PartnerFilter.search', 'Query.partners(after)', 'Mutation.reportSellThrough(lines)']),
    );
  });

  it('each String argument or input field has its entry; ID and the string-like scalars have theirs by type', () => {
    const missing = all.filter(({ coordinate, type }) => {
      const named = getNamedType(type);
      if (!isScalarType(named) || ['Int', 'Float', 'Boolean'].includes(named.name)) return false;
      return named.name === 'String'
        ? STRING_MAX_LENGTH[coordinate] === undefined
        : SCALAR_MAX_LENGTH[named.name] === undefined && STRING_MAX_LENGTH[coordinate] === undefined;
    });
    expect(missing.map((i) => `${i.coordinate}: ${String(i.type)}`)).toEqual([]);
  });

  it('each list argument or input field has its maximum number of items', () => {
    expect(all.filter(({ coordinate, type }) => containsList(type) && LIST_MAX_ITEMS[coordinate] === undefined).map((i) => i.coordinate)).toEqual([]);
  });

  it('has no entry for an argument or field that no longer exists', () => {
    const coordinates = new Set(all.map((i) => i.coordinate));
    expect([...Object.keys(STRING_MAX_LENGTH), ...Object.keys(LIST_MAX_ITEMS)].filter((c) => !coordinates.has(c))).toEqual([]);
  });
});

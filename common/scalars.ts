import { GraphQLError, GraphQLScalarType, Kind } from 'graphql';

function stringScalar(name: string, description: string, valid: (value: string) => boolean, serialize: (value: unknown) => string) {
  const parse = (value: unknown): string => {
    if (typeof value !== 'string' || !valid(value)) {
      throw new GraphQLError(`${name} cannot represent ${JSON.stringify(value)}: ${description}`, { extensions: { code: 'BAD_USER_INPUT' } });
    }
    return value;
  };
  return new GraphQLScalarType({
    name,
    description,
    serialize,
    parseValue: parse,
    parseLiteral: (ast) => parse(ast.kind === Kind.STRING ? ast.value : undefined),
  });
}

const DATE = /^\d{4}-\d{2}-\d{2}$/;
const isDate = (value: string) => DATE.test(value) && !Number.isNaN(Date.parse(`${value}T00:00:00Z`)) && new Date(`${value}T00:00:00Z`).toISOString().startsWith(value);

export const DateScalar = stringScalar('Date', 'a calendar date, YYYY-MM-DD', isDate, (value) =>
  value instanceof Date ? value.toISOString().slice(0, 10) : String(value),
);

export const DateTimeScalar = stringScalar('DateTime', 'an ISO 8601 timestamp', (value) => !Number.isNaN(Date.parse(value)), (value) =>
  value instanceof Date ? value.toISOString() : new Date(String(value)).toISOString(),
);

export const DecimalScalar = stringScalar('Decimal', 'an exact decimal written as a string, such as "1250.00"', (value) => /^-?\d+(\.\d+)?$/.test(value), String);

export const scalarResolvers = { Date: DateScalar, DateTime: DateTimeScalar, Decimal: DecimalScalar };

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

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const TIMESTAMP = /^(\d{4}-\d{2}-\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.\d{1,9})?)?(?:Z|[+-](\d{2}):(\d{2}))$/;

/**
 * A calendar date that exists, YYYY-MM-DD: Date.parse alone takes 2026-02-30 for March 2, which PostgreSQL refuses.
 * Year 0000 passes (the services refuse it naming their field: common/validation.ts storableDateOrNull).
 */
export function isCalendarDate(value: string): boolean {
  const match = DATE.exec(value);
  if (!match) return false;
  const [year, month, day] = match.slice(1).map(Number);
  // setUTCFullYear, not Date.UTC: that one reads years 0-99 as 1900-1999.
  const date = new Date(0);
  date.setUTCFullYear(year, month - 1, day);
  return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}

/** An ISO 8601 timestamp with a real date, a real time of day and a zone (Z or ±hh:mm). */
export function isTimestamp(value: string): boolean {
  const match = TIMESTAMP.exec(value);
  if (!match) return false;
  const [, date, hours, minutes, seconds = '0', zoneHours = '0', zoneMinutes = '0'] = match;
  return (
    isCalendarDate(date) && Number(hours) < 24 && Number(minutes) < 60 && Number(seconds) < 60 && Number(zoneHours) < 24 && Number(zoneMinutes) < 60
  );
}

/** An exact decimal as money and percentages hold it: up to 15 digits before the point and 15 after, no exponent. */
export function isDecimal(value: string): boolean {
  return /^-?\d{1,15}(\.\d{1,15})?$/.test(value);
}

const isDate = isCalendarDate;

export const DateScalar = stringScalar('Date', 'a calendar date, YYYY-MM-DD', isDate, (value) =>
  value instanceof Date ? value.toISOString().slice(0, 10) : String(value),
);

export const DateTimeScalar = stringScalar('DateTime', 'an ISO 8601 timestamp', isTimestamp, (value) =>
  value instanceof Date ? value.toISOString() : new Date(String(value)).toISOString(),
);

export const DecimalScalar = stringScalar('Decimal', 'an exact decimal written as a string, such as "1250.00"', isDecimal, String);

export const scalarResolvers = { Date: DateScalar, DateTime: DateTimeScalar, Decimal: DecimalScalar };

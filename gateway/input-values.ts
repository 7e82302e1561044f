import type { ApolloServerPlugin } from '@apollo/server';
import {
  getArgumentValues,
  getNamedType,
  getNullableType,
  isInputObjectType,
  isListType,
  isScalarType,
  type DocumentNode,
  type GraphQLInputType,
  type GraphQLSchema,
  type OperationDefinitionNode,
} from 'graphql';
import { BadUserInputError } from '../common/errors';
import { maxItems, maxLength } from './argument-limits';
import { isWellFormedCursor } from '../common/pagination';
import { isCalendarDate, isDecimal, isTimestamp } from '../common/scalars';
import type { GatewayContext } from './context';
import { walkOperation } from './operation-walk';

/**
 * The gateway knows the subgraphs' scalars by name only, so it would pass on any string: a value PostgreSQL then
 * refuses (a NUL byte, 2026-02-30, a 40-digit amount, a forged cursor) failed deep in a subgraph with the driver's
 * text; a value of a megabyte makes every subgraph and PostgreSQL scan it. Every argument value, literal or from
 * variables, is checked here before the operation is planned (its length against gateway/argument-limits.ts too), and a
 * bad one is BAD_USER_INPUT naming it: `deals(after)`, `partners(filter.search)`, `me.vendor.topPartners(period.from)`.
 */

const SCALAR_CHECKS: Record<string, { valid: (value: string) => boolean; expected: string }> = {
  Date: { valid: isCalendarDate, expected: 'a calendar date that exists, YYYY-MM-DD' },
  DateTime: { valid: isTimestamp, expected: 'an ISO 8601 timestamp with a zone, such as 2026-01-31T09:30:00Z' },
  Decimal: { valid: isDecimal, expected: 'a decimal such as "1250.00" (at most 15 digits before the point and 15 after)' },
};

/** Pagination arguments whose value must be a cursor a list returned. */
const CURSOR_ARGUMENTS = new Set(['after', 'before']);

/**
 * `field` names the field (its response path); `argument` the place in the argument: deals + after → deals(after);
 * `coordinate` the schema coordinate whose limits apply (gateway/argument-limits.ts): Query.partners(filter), then
 * PartnerFilter.search inside it.
 */
function checkValue(value: unknown, type: GraphQLInputType, field: string, argument: string, coordinate: string, cursor: boolean): void {
  if (value === null || value === undefined) return;
  const nullable = getNullableType(type);
  const at = `${field}(${argument})`;
  if (isListType(nullable)) {
    // Input coercion accepts one item where a list is expected.
    const items = Array.isArray(value) ? value : [value];
    const max = maxItems(coordinate);
    if (items.length > max) throw new BadUserInputError(at, `must have at most ${max} items, got ${items.length}.`);
    items.forEach((item, i) => checkValue(item, nullable.ofType, field, `${argument}[${i}]`, coordinate, false));
    return;
  }
  if (isInputObjectType(nullable)) {
    if (typeof value !== 'object') return;
    for (const input of Object.values(nullable.getFields())) {
      checkValue(
        (value as Record<string, unknown>)[input.name],
        input.type,
        field,
        `${argument}.${input.name}`,
        `${nullable.name}.${input.name}`,
        false,
      );
    }
    return;
  }
  if (typeof value !== 'string') return;
  const max = isScalarType(nullable) ? maxLength(coordinate, nullable.name) : Infinity;
  if (value.length > max) throw new BadUserInputError(at, `must be at most ${max} characters, got ${value.length}.`);
  if (value.includes('\u0000')) throw new BadUserInputError(at, 'must not contain NUL characters (\\u0000).');
  const check = isScalarType(nullable) ? SCALAR_CHECKS[nullable.name] : undefined;
  if (check && !check.valid(value)) throw new BadUserInputError(at, `${JSON.stringify(value.slice(0, 40))} is not ${check.expected}.`);
  if (cursor && !isWellFormedCursor(value)) throw new BadUserInputError(at, 'is not a cursor returned by this list (use pageInfo.endCursor).');
}

/** Checks the argument values of every field the operation selects, in fragments too (each fragment once per place). */
export function checkInputValues(
  schema: GraphQLSchema,
  document: DocumentNode,
  operation: OperationDefinitionNode,
  variables: Record<string, unknown>,
): void {
  walkOperation(schema, document, operation, true, ({ node, parentType, field, path }) => {
    if (!field) return undefined;
    if (node.arguments?.length) {
      let values: Record<string, unknown>;
      try {
        values = getArgumentValues(field, node, variables);
      } catch {
        // A value of the wrong type is GraphQL's to report (BAD_USER_INPUT naming the variable) when it executes.
        values = {};
      }
      const connection = getNamedType(field.type).name.endsWith('Connection');
      for (const argument of field.args) {
        const coordinate = `${parentType.name}.${field.name}(${argument.name})`;
        checkValue(
          values[argument.name],
          argument.type,
          path.join('.'),
          argument.name,
          coordinate,
          connection && CURSOR_ARGUMENTS.has(argument.name),
        );
      }
    }
    return true;
  });
}

/** Runs the check once the operation is known, before authorization and planning (see the plugin order in server.ts). */
export function inputValuesPlugin(): ApolloServerPlugin<GatewayContext> {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ schema, document, operation, request }) {
          if (operation) checkInputValues(schema, document, operation, request.variables ?? {});
        },
      };
    },
  };
}

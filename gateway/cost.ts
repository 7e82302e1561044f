import type { ApolloServerPlugin } from '@apollo/server';
import {
  Kind,
  getArgumentValues,
  getNamedType,
  getOperationAST,
  isCompositeType,
  isInterfaceType,
  isObjectType,
  type DocumentNode,
  type FragmentDefinitionNode,
  type GraphQLCompositeType,
  type GraphQLSchema,
  type SelectionSetNode,
} from 'graphql';
import { AppError } from '../common/errors';

/**
 * The number of values a response can hold: every field counts once per item of the pages above it, with a page's
 * size read from `first`/`last` as the server will see it (a literal, a variable, or the argument's default), so a
 * client cannot slip large nested pages past the limit by passing their sizes as variables.
 */
export function operationCost(schema: GraphQLSchema, document: DocumentNode, operationName?: string | null, variables: Record<string, unknown> = {}): number {
  const operation = getOperationAST(document, operationName);
  const root = operation && schema.getRootType(operation.operation);
  if (!operation || !root) return 0;
  const fragments = new Map(
    document.definitions.filter((d): d is FragmentDefinitionNode => d.kind === Kind.FRAGMENT_DEFINITION).map((d) => [d.name.value, d]),
  );
  const cost = (selectionSet: SelectionSetNode, parentType: GraphQLCompositeType, multiplier: number): number => {
    let total = 0;
    for (const selection of selectionSet.selections) {
      if (selection.kind === Kind.FIELD) {
        total += multiplier;
        const field = isObjectType(parentType) || isInterfaceType(parentType) ? parentType.getFields()[selection.name.value] : undefined;
        const type = field && getNamedType(field.type);
        if (!selection.selectionSet || !field || !isCompositeType(type)) continue;
        let args: Record<string, unknown> = {};
        try {
          args = getArgumentValues(field, selection, variables);
        } catch {
          // invalid variables are refused by validation of the request; count the page as one item here
        }
        const page = Number(args.first ?? args.last ?? 1);
        total += cost(selection.selectionSet, type, multiplier * (Number.isInteger(page) && page > 0 ? page : 1));
        continue;
      }
      const fragment = selection.kind === Kind.FRAGMENT_SPREAD ? fragments.get(selection.name.value) : selection;
      if (!fragment) continue;
      const type = fragment.typeCondition ? schema.getType(fragment.typeCondition.name.value) : parentType;
      if (isCompositeType(type)) total += cost(fragment.selectionSet, type, multiplier);
    }
    return total;
  };
  return cost(operation.selectionSet, root, 1);
}

/** Refuses an operation whose cost exceeds the limit, after validation and before authorization or planning. */
export function costLimitPlugin(maxCost: number): ApolloServerPlugin {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ schema, document, operationName, request }) {
          const cost = operationCost(schema, document, operationName, request.variables);
          if (cost > maxCost) {
            throw new AppError(
              `Operation cost ${cost} exceeds the cost limit of ${maxCost}: ask for smaller pages (first/last) or fewer nested lists.`,
              'BAD_USER_INPUT',
              400,
            );
          }
        },
      };
    },
  };
}

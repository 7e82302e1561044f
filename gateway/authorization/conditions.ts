import {
  GraphQLIncludeDirective,
  GraphQLSkipDirective,
  getDirectiveValues,
  getVariableValues,
  visit,
  type DirectiveNode,
  type DocumentNode,
  type GraphQLSchema,
  type OperationDefinitionNode,
} from 'graphql';

/** The values @skip/@include conditions are evaluated with: the coerced condition variables (defaults applied). */
export type ConditionValues = Record<string, unknown>;

const isCondition = (directive: DirectiveNode) =>
  directive.name.value === GraphQLSkipDirective.name || directive.name.value === GraphQLIncludeDirective.name;

// Apollo Server hands the same parsed document to every request with the same text: read each one once.
const variablesByDocument = new WeakMap<DocumentNode, Set<string>>();

function conditionVariables(document: DocumentNode): Set<string> {
  let names = variablesByDocument.get(document);
  if (names) return names;
  const found = new Set<string>();
  visit(document, {
    Directive(directive) {
      if (isCondition(directive)) visit(directive, { Variable: (variable) => void found.add(variable.name.value) });
      return false;
    },
  });
  variablesByDocument.set(document, (names = found));
  return names;
}

/**
 * The variables an @skip/@include of the operation reads, coerced as execution will coerce them. The decision on an
 * operation depends on these values (a field not executed is not checked), so they are part of its cache key; a value
 * that does not coerce is left out, and its condition then counts as executed (checked, fail closed).
 */
export function conditionValues(
  schema: GraphQLSchema,
  document: DocumentNode,
  operation: OperationDefinitionNode,
  variables: Record<string, unknown> = {},
): ConditionValues {
  const names = conditionVariables(document);
  if (!names.size) return {};
  const definitions = (operation.variableDefinitions ?? []).filter((d) => names.has(d.variable.name.value));
  if (!definitions.length) return {};
  const { coerced } = getVariableValues(
    schema,
    [...definitions].sort((a, b) => a.variable.name.value.localeCompare(b.variable.name.value)),
    variables,
  );
  return coerced ?? {};
}

/** Whether execution runs this selection, as graphql-js decides it; a condition that cannot be evaluated counts as run. */
export function isExecuted(node: { readonly directives?: readonly DirectiveNode[] }, values: ConditionValues): boolean {
  if (!node.directives?.some(isCondition)) return true;
  try {
    if (getDirectiveValues(GraphQLSkipDirective, node, values)?.if === true) return false;
    return getDirectiveValues(GraphQLIncludeDirective, node, values)?.if !== false;
  } catch {
    return true;
  }
}

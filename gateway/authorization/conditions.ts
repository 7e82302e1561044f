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

const isCondition = (directive: DirectiveNode) => directive.name.value === GraphQLSkipDirective.name || directive.name.value === GraphQLIncludeDirective.name;

/**
 * The variables an @skip/@include of the operation reads, coerced as execution will coerce them. The decision on an
 * operation depends on these values (a field not executed is not checked), so they are part of its cache key; a value
 * that does not coerce is left out, and its condition then counts as executed (checked, fail closed).
 */
export function conditionValues(schema: GraphQLSchema, document: DocumentNode, operation: OperationDefinitionNode, variables: Record<string, unknown> = {}): ConditionValues {
  const names = new Set<string>();
  visit(document, {
    Directive(directive) {
      if (!isCondition(directive)) return false;
      visit(directive, { Variable: (variable) => void names.add(variable.name.value) });
      return false;
    },
  });
  const definitions = (operation.variableDefinitions ?? []).filter((d) => names.has(d.variable.name.value));
  if (!definitions.length) return {};
  const { coerced } = getVariableValues(schema, [...definitions].sort((a, b) => a.variable.name.value.localeCompare(b.variable.name.value)), variables);
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

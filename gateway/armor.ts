import type { ApolloServerPlugin } from '@apollo/server';
import { ApolloArmor } from '@escape.tech/graphql-armor';
import { GraphQLError, type ParseOptions, type ValidationRule } from 'graphql';

/**
 * Limits on an operation's shape, checked while Apollo parses and validates it: before the authorization plugin
 * (didResolveOperation) and before any query plan. Measured on every operation of the test suite and the README
 * walkthrough, the largest are: depth 10, 2 aliases, 124 tokens, 0 directives (cost: below). Each limit leaves room.
 */
export const LIMITS = {
  /** The deepest real operation (vendor → deals → edges → node → distributor → network → edges → node → vendor → slug) is 10. */
  maxDepth: 12,
  /** Real operations alias at most 2 fields; 15 lets a client alias freely and refuses alias floods (the same field × 1000). */
  maxAliases: 15,
  /** The largest real operation is 124 lexer tokens; 2,000 is ample and bounds parsing work (graphql-js counts them). */
  maxTokens: 2000,
  /** Nothing real uses directives; 10 allows some @skip/@include and refuses directive floods. */
  maxDirectives: 10,
  /**
   * The number of values a response can hold, counted by gateway/cost.ts: each field once per item of the lists above
   * it, a connection's page from its `first` (literal, variable or default), and every other list at its declared
   * bound (`@listSize` in the subgraph SDL: a vendor's partnerships at 10,000, vendors at 100, …), never as one item.
   * Measured on the 2,257 operations the test files sent, the README walkthrough's and bench/run.ts's (see
   * bench/results/worst-request.md): the heaviest real one is 221,605 (test/federation.test.ts: 100 deals, each with
   * its partner's partnerships, its distributor's network page of 100 and its lines), the next 100,201 (every vendor's
   * direct accounts); the walkthrough's and the benchmark's at most 12,246. 300,000 lets them through with a third of
   * margin and refuses any nesting of unpaged lists (vendors → partnerships → … is billions) and a third nested page of
   * 100. What such a response may weigh is bounded again by MAX_RESPONSE_BYTES.
   */
  maxCost: 300_000,
} as const;

/** graphql-js counts tokens while it parses and stops at the limit with a syntax error (HTTP 400). */
export const parseOptions: ParseOptions = { maxTokens: LIMITS.maxTokens };

export const INTROSPECTION_DISABLED = 'Introspection is disabled on this gateway (set INTROSPECTION=true to enable it).';

/** Refuses __schema and __type with a clear message when introspection is off (production default). */
export const noIntrospection: ValidationRule = (context) => ({
  Field(node) {
    if (node.name.value === '__schema' || node.name.value === '__type') {
      context.reportError(new GraphQLError(INTROSPECTION_DISABLED, { nodes: [node], extensions: { code: 'INTROSPECTION_DISABLED' } }));
    }
  },
});

/** graphql-armor's protections for Apollo Server: the limits above, and field suggestions hidden from everyone. */
export function armor(): { plugins: ApolloServerPlugin[]; validationRules: ValidationRule[] } {
  const { plugins, validationRules } = new ApolloArmor({
    maxDepth: { n: LIMITS.maxDepth },
    maxAliases: { n: LIMITS.maxAliases },
    // Armor's token plugin throws from parsingDidStart, which Apollo answers with HTTP 500: parseOptions does it instead.
    maxTokens: { enabled: false },
    maxDirectives: { n: LIMITS.maxDirectives },
    // Armor's cost rule only sees literal first/last: gateway/cost.ts counts pages given by variables or defaults too.
    costLimit: { enabled: false },
    // "Did you mean …" could name a field the caller's role may not see: hidden for every role.
    blockFieldSuggestion: { enabled: true },
  }).protect();
  return { plugins: plugins as ApolloServerPlugin[], validationRules };
}

import { createHash } from 'node:crypto';
import type { ApolloServerPlugin, GraphQLRequestContextDidResolveOperation } from '@apollo/server';
import { execute, type DocumentNode, type GraphQLFormattedError, type GraphQLSchema, type OperationDefinitionNode } from 'graphql';
import type { AuthorizationMode } from '../../common/config';
import { AppError, ForbiddenError } from '../../common/errors';
import { groupsOf, type MemberGroup } from '../../common/members/groups';
import type { GatewayContext } from '../context';
import { conditionValues } from './conditions';
import { allowedFields, contractSchema } from './contracts';
import { TYPE_MARKER, decideOperation, isAllowed, refuseReservedAliases, type DeniedField, type OperationDecision } from './evaluate';
import { walkOperation } from '../operation-walk';
import { ruleInputKey, ruleInputOf, type RuleInput, type RuleTree } from './rules';

const DECISION_CACHE_SIZE = 2000;

/** A decision and the message of each field it denies (worked out once, with the decision). */
interface Decided {
  decision: OperationDecision;
  messages: ReadonlyMap<string, string>;
}

/**
 * What a caller is told about a field it may not ask for: the groups of its role that may, when some may (the caller
 * can ask an ADMIN for one of them), else that its role may not.
 */
async function forbiddenMessage(tree: RuleTree, field: DeniedField, input: RuleInput): Promise<string> {
  const [type, name] = [field.parentType, field.coordinate.slice(field.parentType.length + 1)];
  const groups: MemberGroup[] = [];
  for (const group of groupsOf(input.role)) if (await isAllowed(tree, type, name, { role: input.role, groups: [group] })) groups.push(group);
  const role = input.role.toLowerCase();
  if (!groups.length) return `${field.coordinate} is not available to ${role} organizations.`;
  const yours = input.groups.length ? `you are in ${input.groups.join(', ')}` : 'you are in no group';
  return `${field.coordinate} is available to a ${role}'s ${groups.join(' or ')} members only; ${yours}.`;
}

/** Sets every denied field to null on the objects of its type, with a FORBIDDEN error at each concrete path. */
export function applyDenials(
  data: Record<string, unknown> | null | undefined,
  denied: DeniedField[],
  messageFor: (coordinate: string) => string,
): GraphQLFormattedError[] {
  const errors: GraphQLFormattedError[] = [];
  if (!data) return errors;
  for (const field of denied) {
    const walk = (node: unknown, depth: number, path: (string | number)[]): void => {
      if (node === null || typeof node !== 'object') return;
      if (Array.isArray(node)) return node.forEach((item, index) => walk(item, depth, [...path, index]));
      const object = node as Record<string, unknown>;
      const key = field.path[depth];
      if (depth < field.path.length - 1) return walk(object[key], depth + 1, [...path, key]);
      if (!field.parentIsAbstract && TYPE_MARKER in object && object[TYPE_MARKER] !== field.parentType) return;
      object[key] = null;
      errors.push({ message: messageFor(field.coordinate), path: [...path, key], extensions: { code: 'FORBIDDEN' } });
    };
    walk(data, 0, []);
  }
  stripMarkers(data);
  return errors;
}

function coordinates(denied: DeniedField[]): string[] {
  return [...new Set(denied.map((d) => d.coordinate))];
}

function stripMarkers(node: unknown): void {
  if (node === null || typeof node !== 'object') return;
  if (Array.isArray(node)) return node.forEach(stripMarkers);
  const object = node as Record<string, unknown>;
  delete object[TYPE_MARKER];
  Object.values(object).forEach(stripMarkers);
}

const INTROSPECTION_FIELDS = new Set(['__schema', '__type']);

/**
 * The names of the fields an operation selects at its root, wherever they are written: directly, in inline fragments
 * and in named fragments (spread at the root or inside those), so introspection cannot hide behind a fragment.
 */
export function rootFieldNames(schema: GraphQLSchema, document: DocumentNode, operation: OperationDefinitionNode): string[] {
  const names: string[] = [];
  walkOperation(schema, document, operation, undefined, ({ node }) => void names.push(node.name.value));
  return names;
}

/**
 * Whether the operation introspects (then it is answered from the caller's contract, never the API schema).
 * Introspection beside data fields is refused: the data part would be planned against the API schema.
 */
function isIntrospection(schema: GraphQLSchema, document: DocumentNode, operation: OperationDefinitionNode): boolean {
  const names = rootFieldNames(schema, document, operation);
  if (!names.some((name) => INTROSPECTION_FIELDS.has(name))) return false;
  if (names.some((name) => !name.startsWith('__')))
    throw new AppError('Send introspection (__schema, __type) in an operation of its own.', 'BAD_USER_INPUT', 400);
  return true;
}

/** Reserved aliases, and an operationName that names no operation in the document: the client's mistakes, 400 before anything else. */
function requireOperation(rc: GraphQLRequestContextDidResolveOperation<GatewayContext>): void {
  refuseReservedAliases(rc.document);
  if (rc.operation) return;
  const name = rc.request.operationName;
  throw new AppError(
    name ? `Unknown operation named "${name}".` : 'The document has several operations: send operationName to pick one.',
    'BAD_USER_INPUT',
    400,
  );
}

/**
 * The triangle at the gateway: checks the operation against the rule tree after validation and before the query is
 * planned. Filter mode removes denied fields from the operation (so no subgraph is asked for them) and answers them
 * null with FORBIDDEN; reject mode refuses the operation. Introspection answers with the caller's contract (its role and groups).
 * Rules receive the rule input only (rules.ts), so a decision is cached per (document, operation, rule input, values of
 * the @skip/@include variables): everything it depends on.
 */
export function authorizationPlugin(tree: RuleTree, mode: AuthorizationMode): ApolloServerPlugin<GatewayContext> {
  const decisions = new Map<string, Decided>();
  // The contract of each rule input (role and groups) asked for so far: a member's is the union of its groups'. There are
  // as many as groups of a role can be combined (32 with the groups of today), so the map is bounded without eviction.
  let apiSchema: GraphQLSchema | undefined;
  let contracts = new Map<string, Promise<GraphQLSchema>>();
  const contractFor = (input: RuleInput): Promise<GraphQLSchema> => {
    const key = ruleInputKey(input);
    let contract = contracts.get(key);
    if (!contract) {
      const schema = apiSchema!;
      contract = allowedFields(schema, tree, input).then((allowed) => contractSchema(schema, allowed));
      contracts.set(key, contract);
    }
    return contract;
  };

  /** The decision for this request and what it was decided on (also the key of the filtered operation's query plan). */
  const decide = async (rc: GraphQLRequestContextDidResolveOperation<GatewayContext>): Promise<{ decided: Decided; on: string }> => {
    const input = ruleInputOf(rc.contextValue.identity);
    const conditions = conditionValues(rc.schema, rc.document, rc.operation!, rc.request.variables);
    const on = `${ruleInputKey(input)}\u0000${JSON.stringify(conditions)}`;
    const key = `${rc.queryHash}\u0000${rc.operationName ?? ''}\u0000${on}`;
    let decided = decisions.get(key);
    if (!decided) {
      const decision = await decideOperation({
        schema: rc.schema,
        document: rc.document,
        operationName: rc.operationName,
        variables: rc.request.variables,
        input,
        tree,
      });
      const messages = new Map<string, string>();
      for (const field of decision.denied)
        if (!messages.has(field.coordinate)) messages.set(field.coordinate, await forbiddenMessage(tree, field, input));
      decided = { decision, messages };
      if (decisions.size >= DECISION_CACHE_SIZE) decisions.delete(decisions.keys().next().value!);
      decisions.set(key, decided);
    }
    return { decided, on };
  };

  return {
    async serverWillStart() {
      return {
        schemaDidLoadOrUpdate({ apiSchema: schema }) {
          apiSchema = schema;
          contracts = new Map();
        },
      };
    },
    async requestDidStart() {
      if (mode === 'off') return { didResolveOperation: async (rc) => requireOperation(rc) };
      let decision: OperationDecision | undefined;
      let messageFor: (coordinate: string) => string = () => 'FORBIDDEN';
      let introspection = false;
      return {
        async didResolveOperation(rc) {
          requireOperation(rc);
          if (rc.operation && isIntrospection(rc.schema, rc.document, rc.operation)) {
            introspection = true;
            return;
          }
          const { decided, on } = await decide(rc);
          decision = decided.decision;
          messageFor = (coordinate) => decided.messages.get(coordinate)!;
          if (!decision.denied.length) return;
          if (mode === 'reject') {
            throw new ForbiddenError(
              `This operation asks for what you may not see (your role and groups): ${coordinates(decision.denied).join(', ')}.`,
            );
          }
          if (decision.document) {
            const mutable = rc as { document: typeof decision.document; queryHash: string; operation?: OperationDefinitionNode };
            mutable.document = decision.document;
            mutable.operation = decision.document.definitions[0] as OperationDefinitionNode;
            // The gateway caches query plans by this hash: each decision's filtered operation gets its own.
            mutable.queryHash = createHash('sha256').update(`${rc.queryHash}\u0000${on}`).digest('hex');
          }
        },
        async responseForOperation(rc) {
          if (introspection) {
            const schema = await contractFor(ruleInputOf(rc.contextValue.identity));
            const result = await execute({ schema, document: rc.document, operationName: rc.operationName, variableValues: rc.request.variables });
            return { http: rc.response.http, body: { kind: 'single', singleResult: result } };
          }
          if (decision?.denied.length && decision.document === null) {
            const data: Record<string, unknown> = {};
            for (const field of decision.denied) if (field.path.length === 1) data[field.path[0]] = null;
            const errors = applyDenials(data, decision.denied, messageFor);
            return {
              http: rc.response.http,
              body: { kind: 'single', singleResult: { data, errors, extensions: { forbidden: coordinates(decision.denied) } } },
            };
          }
          return null;
        },
        async willSendResponse(rc) {
          if (!decision?.denied.length || decision.document === null || rc.response.body.kind !== 'single') return;
          const result = rc.response.body.singleResult;
          const errors = applyDenials(result.data as Record<string, unknown> | null, decision.denied, messageFor);
          if (errors.length) result.errors = [...(result.errors ?? []), ...errors];
          result.extensions = { ...result.extensions, forbidden: coordinates(decision.denied) };
        },
      };
    },
  };
}

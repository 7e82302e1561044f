import type { ApolloServerPlugin } from '@apollo/server';
import { SUBGRAPHS, loadConfig, type SubgraphName } from '../../common/config';
import type { SubgraphContext } from '../../common/subgraph';
import { SqlCounter } from '../../tooling/sql-counter';
import { demoOrganizations } from '../../tooling/demo/catalog';
import { createLogger } from '../../common/logger';
import { issueDevelopmentToken } from '../../gateway/auth';
import { startStack, type Stack } from '../../tooling/stack';
import { createTestDatabase, type TestDatabase } from './database';
import type { GraphQLResponse } from './subgraph';

/** Test configuration: every service on a free port. */
export const stackConfig = (env: Record<string, string> = {}) =>
  loadConfig({ NODE_ENV: 'test', GATEWAY_PORT: '0', VENDOR_PORT: '0', PARTNER_PORT: '0', DISTRIBUTOR_PORT: '0', ...env });

export interface TestStack {
  stack: Stack;
  sql: Record<SubgraphName, SqlCounter>;
  /** The operations each subgraph received, in order. */
  received: Record<SubgraphName, string[]>;
  /** Runs an operation through the gateway as a user of the demo organization with this slug. */
  as<T = Record<string, any>>(slug: string, query: string, variables?: Record<string, unknown>): Promise<GraphQLResponse<T>>;
  /** As `as`, signed in as the member with this subject of that organization (user:<slug> is its ADMIN). */
  asMember<T = Record<string, any>>(slug: string, subject: string, query: string, variables?: Record<string, unknown>): Promise<GraphQLResponse<T>>;
  /** As `as`, with every operation the subgraphs received for it (one text), to check what was and was not sent. */
  traced<T = Record<string, any>>(
    slug: string,
    query: string,
    variables?: Record<string, unknown>,
  ): Promise<{ response: GraphQLResponse<T>; received: string }>;
  stop(): Promise<void>;
}

/** A token of the demo organization with this slug, for its ADMIN (user:<slug>) or another of its members. */
export async function tokenFor(slug: string, subject = `user:${slug}`): Promise<string> {
  const org = demoOrganizations().find((o) => o.slug === slug);
  if (!org) throw new Error(`no demo organization ${slug}`);
  return issueDevelopmentToken(stackConfig(), { subject, role: org.role, organizationId: org.id });
}

export async function post<T = Record<string, any>>(url: string, body: unknown, headers: Record<string, string> = {}): Promise<GraphQLResponse<T>> {
  const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });
  const text = await response.text();
  try {
    return { status: response.status, ...(JSON.parse(text) as object) };
  } catch {
    throw new Error(`HTTP ${response.status} with a body that is not JSON: ${text.slice(0, 200)}`);
  }
}

export interface HealthAnswer {
  status: number;
  report: { status: string; subgraphs: Record<SubgraphName, string> };
}

/**
 * The gateway's /health once it answers HTTP `status`: one answer is shared for about a second (HEALTH_CACHE_MS), so
 * a change is seen by polling (every 100 ms, for up to 10 s; the last answer when it never comes).
 */
export async function healthWhen(gatewayUrl: string, status: number): Promise<HealthAnswer> {
  let answer: HealthAnswer | undefined;
  for (let attempt = 0; attempt < 100 && answer?.status !== status; attempt++) {
    if (attempt > 0) await new Promise((resolve) => setTimeout(resolve, 100));
    const response = await fetch(gatewayUrl.replace(/\/graphql$/, '/health'));
    answer = { status: response.status, report: (await response.json()) as HealthAnswer['report'] };
  }
  return answer!;
}

/** A plugin recording every operation a subgraph receives. */
function recorder(log: string[]): ApolloServerPlugin<SubgraphContext<unknown>> {
  return {
    async requestDidStart({ request }) {
      log.push(request.query ?? '');
    },
  };
}

/** Delays every response of the subgraph it is installed in by `delay.ms` (0: not at all); change `ms` while it runs. */
export function delaying(delay: { ms: number; sent?: number }): ApolloServerPlugin<SubgraphContext<unknown>> {
  return {
    async requestDidStart() {
      return {
        async willSendResponse() {
          if (delay.ms > 0) await new Promise((resolve) => setTimeout(resolve, delay.ms));
          // counts answers sent, so a test can tell the gateway did not wait for this one
          if (delay.sent !== undefined) delay.sent += 1;
        },
      };
    },
  };
}

export interface TestStackOptions {
  /** useTestStack: an empty database, migrated by the stack as it starts, without the demo ecosystem (test/from-zero.test.ts). */
  empty?: boolean;
  /** Extra Apollo Server plugins per subgraph, after the recorder (e.g. one that delays responses). */
  subgraphPlugins?: Partial<Record<SubgraphName, ApolloServerPlugin<SubgraphContext<unknown>>[]>>;
}

/** The whole stack in-process on free ports; env overrides configuration (e.g. AUTHORIZATION_MODE). */
export async function startTestStack(databaseUrl: string, env: Record<string, string> = {}, options: TestStackOptions = {}): Promise<TestStack> {
  const sql = Object.fromEntries(SUBGRAPHS.map((name) => [name, new SqlCounter(true)])) as Record<SubgraphName, SqlCounter>;
  const received = Object.fromEntries(SUBGRAPHS.map((name) => [name, [] as string[]])) as Record<SubgraphName, string[]>;
  const config = stackConfig(env);
  const stack = await startStack({
    config,
    logger: createLogger('test', 'silent'),
    databaseUrls: { vendor: databaseUrl, partner: databaseUrl, distributor: databaseUrl },
    sqlLoggers: sql,
    subgraphPlugins: Object.fromEntries(SUBGRAPHS.map((name) => [name, [recorder(received[name]), ...(options.subgraphPlugins?.[name] ?? [])]])),
  });
  const tokens = new Map<string, string>();
  const asMember: TestStack['asMember'] = async (slug, subject, query, variables = {}) => {
    const key = JSON.stringify([slug, subject]);
    if (!tokens.has(key)) tokens.set(key, await tokenFor(slug, subject));
    return post(stack.gatewayUrl, { query, variables }, { authorization: `Bearer ${tokens.get(key)}` });
  };
  const as: TestStack['as'] = (slug, query, variables = {}) => asMember(slug, `user:${slug}`, query, variables);
  return {
    stack,
    sql,
    received,
    as,
    asMember,
    async traced<T>(slug: string, query: string, variables: Record<string, unknown> = {}) {
      for (const name of SUBGRAPHS) received[name].length = 0;
      const response = await as<T>(slug, query, variables);
      return { response, received: SUBGRAPHS.flatMap((name) => received[name]).join('\n') };
    },
    stop: () => stack.stop(),
  };
}

export interface FileStack extends TestStack {
  /** The database the stack runs on, for further stacks of the same file. */
  readonly databaseUrl: string;
}

/**
 * The stack for the test file (or describe block) that calls it, on a database of its own (a copy of the seeded template,
 * or empty with `options.empty`): started before its tests,
 * stopped and dropped after them. Its members are read once it has started (from inside tests and later hooks).
 */
export function useTestStack(env: Record<string, string> = {}, options: TestStackOptions = {}): FileStack {
  let db: TestDatabase | undefined;
  let started: TestStack | undefined;
  beforeAll(async () => {
    db = await createTestDatabase({ empty: options.empty });
    started = await startTestStack(db.url, env, options);
  });
  afterAll(async () => {
    await started?.stop();
    await db?.drop();
  });
  return new Proxy({} as FileStack, {
    get(_, key: keyof FileStack) {
      if (!db || !started) throw new Error('useTestStack(): the stack is read before its beforeAll started it');
      return key === 'databaseUrl' ? db.url : started[key];
    },
  });
}

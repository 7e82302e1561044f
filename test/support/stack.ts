import { SUBGRAPHS, loadConfig, type SubgraphName } from '../../common/config';
import { SqlCounter } from '../../common/db';
import { demoOrganizations } from '../../common/demo/catalog';
import { createLogger } from '../../common/logger';
import { issueDevelopmentToken } from '../../gateway/auth';
import { startStack, type Stack } from '../../scripts/stack';
import type { GraphQLResponse } from './subgraph';

/** Test configuration: every service on a free port. */
export const stackConfig = () =>
  loadConfig({ NODE_ENV: 'test', GATEWAY_PORT: '0', VENDOR_PORT: '0', PARTNER_PORT: '0', DISTRIBUTOR_PORT: '0' });

export interface TestStack {
  stack: Stack;
  sql: Record<SubgraphName, SqlCounter>;
  /** Runs an operation through the gateway as a user of the demo organization with this slug. */
  as<T = Record<string, any>>(slug: string, query: string, variables?: Record<string, unknown>): Promise<GraphQLResponse<T>>;
  stop(): Promise<void>;
}

export async function tokenFor(slug: string): Promise<string> {
  const org = demoOrganizations().find((o) => o.slug === slug);
  if (!org) throw new Error(`no demo organization ${slug}`);
  return issueDevelopmentToken(stackConfig(), { subject: `user:${slug}`, role: org.role, organizationId: org.id });
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

export async function startTestStack(databaseUrl: string): Promise<TestStack> {
  const sql = Object.fromEntries(SUBGRAPHS.map((name) => [name, new SqlCounter(true)])) as Record<SubgraphName, SqlCounter>;
  const config = stackConfig();
  const stack = await startStack({
    config,
    logger: createLogger('test', 'silent'),
    databaseUrls: { vendor: databaseUrl, partner: databaseUrl, distributor: databaseUrl },
    sqlLoggers: sql,
  });
  const tokens = new Map<string, string>();
  return {
    stack,
    sql,
    async as(slug, query, variables = {}) {
      if (!tokens.has(slug)) tokens.set(slug, await tokenFor(slug));
      return post(stack.gatewayUrl, { query, variables }, { authorization: `Bearer ${tokens.get(slug)}` });
    },
    stop: () => stack.stop(),
  };
}

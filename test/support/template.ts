import { Client } from 'pg';
import { SUBGRAPHS, type SubgraphName } from '../../common/config';
import { openDatabase } from '../../common/db';
import { loadSubgraph } from '../../subgraphs/registry';
import { seedDemo } from '../../tooling/seed';

export const TEMPLATE_DATABASE = `channel_graph_template_${process.pid}`;

/** TEST_SUBGRAPHS=vendor,partner limits the template to some subgraphs (while developing one); default all. */
export function testedSubgraphs(): SubgraphName[] {
  const only = process.env.TEST_SUBGRAPHS?.split(',').filter(Boolean) as SubgraphName[] | undefined;
  return only?.length ? SUBGRAPHS.filter((name) => only.includes(name)) : [...SUBGRAPHS];
}

export function withDatabase(url: string, database: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${database}`;
  return parsed.toString();
}

export async function admin<T>(adminUrl: string, work: (client: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: adminUrl });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

/** Migrates and seeds every subgraph's schema once; each test file then copies it with CREATE DATABASE ... TEMPLATE. */
export async function prepareTemplate(adminUrl: string): Promise<void> {
  await admin(adminUrl, async (client) => {
    await client.query(`DROP DATABASE IF EXISTS ${TEMPLATE_DATABASE}`);
    await client.query(`CREATE DATABASE ${TEMPLATE_DATABASE}`);
  });
  const url = withDatabase(adminUrl, TEMPLATE_DATABASE);
  for (const name of testedSubgraphs()) {
    const module = await loadSubgraph(name);
    const dataSource = await openDatabase(module.databaseOptions(url));
    await seedDemo[name](dataSource);
    await dataSource.destroy();
  }
}

export async function dropTemplate(adminUrl: string): Promise<void> {
  await admin(adminUrl, (client) => client.query(`DROP DATABASE IF EXISTS ${TEMPLATE_DATABASE} WITH (FORCE)`));
}

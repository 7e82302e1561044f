import { randomUUID } from 'node:crypto';
import { admin, withDatabase } from './template';

export interface TestDatabase {
  url: string;
  drop(): Promise<void>;
}

function adminUrl(): string {
  const url = process.env.TEST_ADMIN_DATABASE_URL;
  if (!url) throw new Error('TEST_ADMIN_DATABASE_URL is not set: run the tests through jest (npm test).');
  return url;
}

/** A private database for one test file: migrated and seeded with the demo ecosystem (a copy of the template) or empty. */
export async function createTestDatabase(options: { empty?: boolean } = {}): Promise<TestDatabase> {
  const name = `channel_graph_test_${randomUUID().replace(/-/g, '').slice(0, 16)}`;
  const template = options.empty ? 'template0' : process.env.TEST_TEMPLATE_DATABASE;
  await admin(adminUrl(), (client) => client.query(`CREATE DATABASE ${name} TEMPLATE ${template}`));
  return {
    url: withDatabase(adminUrl(), name),
    drop: () => admin(adminUrl(), (client) => client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`)).then(() => undefined),
  };
}

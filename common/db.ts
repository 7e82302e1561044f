import { Client } from 'pg';
import { DEFAULT_STATEMENT_TIMEOUT_MS } from './config';
import { shareConnectionsFairly } from './fair-pool';
import { DataSource, type Logger as TypeOrmLogger, type MixedList } from 'typeorm';

// eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
type Classes = MixedList<Function | string>;

export interface DatabaseOptions {
  url: string;
  /** PostgreSQL schema that holds this subgraph's tables; no other subgraph reads it. */
  schema: string;
  entities: Classes;
  migrations: Classes;
  logger?: TypeOrmLogger;
  poolSize?: number;
  /** PostgreSQL cancels a statement running longer (SQLSTATE 57014); 0 only for migrations. */
  statementTimeoutMs?: number;
}

export function createDataSource(options: DatabaseOptions): DataSource {
  return new DataSource({
    type: 'postgres',
    url: options.url,
    schema: options.schema,
    entities: options.entities,
    migrations: options.migrations,
    migrationsTableName: 'migrations',
    migrationsTransactionMode: 'each',
    synchronize: false,
    logger: options.logger,
    // Set per connection at start-up, so every statement of every pooled connection has it (a bare SET could be undone).
    extra: {
      max: options.poolSize ?? 10,
      options: `-c search_path=${options.schema} -c statement_timeout=${options.statementTimeoutMs ?? DEFAULT_STATEMENT_TIMEOUT_MS}`,
    },
  });
}

export async function ensureSchema(url: string, schema: string): Promise<void> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(`CREATE SCHEMA IF NOT EXISTS "${schema}"`);
  } finally {
    await client.end();
  }
}

/**
 * Connects, creating the subgraph's schema and applying pending migrations. Migrations (an index on a large table may
 * take minutes) run on a connection of their own without the statement timeout; requests never get one.
 */
export async function openDatabase(options: DatabaseOptions, migrate = true): Promise<DataSource> {
  await ensureSchema(options.url, options.schema);
  if (migrate) {
    const migrations = await createDataSource({ ...options, poolSize: 1, statementTimeoutMs: 0 }).initialize();
    try {
      await migrations.runMigrations();
    } finally {
      await migrations.destroy();
    }
  }
  const dataSource = await createDataSource(options).initialize();
  shareConnectionsFairly(dataSource);
  return dataSource;
}

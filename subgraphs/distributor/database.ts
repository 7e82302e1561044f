import type { Logger as TypeOrmLogger } from 'typeorm';
import type { DatabaseOptions } from '../../common/db';
import { entities } from './entities';
import { migrations } from './migrations';

/** PostgreSQL schema holding the distributor subgraph's tables; no other subgraph reads it. */
export const SCHEMA = 'distributor';

export function databaseOptions(url: string, logger?: TypeOrmLogger): DatabaseOptions {
  return { url, schema: SCHEMA, entities, migrations, logger };
}

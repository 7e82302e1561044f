import type { SubgraphModule } from '../../common/subgraph';
import { databaseOptions } from './database';
import { createServer } from './server';

export const subgraph: SubgraphModule = { databaseOptions, createServer };

import type { DataSource } from 'typeorm';
import type { SubgraphName } from '../../common/config';
import { seed as distributor } from './distributor';
import { seed as partner } from './partner';
import { seed as vendor } from './vendor';

/** Inserts the demo ecosystem's rows of one subgraph; idempotent. Returns rows inserted per table. The runtime never seeds. */
export const seedDemo: Record<SubgraphName, (dataSource: DataSource) => Promise<Record<string, number>>> = { vendor, partner, distributor };

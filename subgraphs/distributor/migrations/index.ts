import { CreateDistributorTables1780300800000 } from './1780300800000-CreateDistributorTables';

/** In the order they run. */
export const migrations = [CreateDistributorTables1780300800000];

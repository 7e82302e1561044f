import type { SubgraphContext } from '../../../common/subgraph';
import type { Loaders } from '../loaders';

export type Context = SubgraphContext<Loaders>;

/** A reference to an entity another subgraph resolves (Vendor, Distributor, Product). */
export const stub = (id: string) => ({ id });

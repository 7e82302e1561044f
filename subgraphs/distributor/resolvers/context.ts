import type { SubgraphContext } from '../../../common/subgraph';
import type { Loaders } from '../loaders';

export type Context = SubgraphContext<Loaders>;

/** A reference to another subgraph's entity: that subgraph resolves the rest. */
export const stub = (id: string) => ({ id });

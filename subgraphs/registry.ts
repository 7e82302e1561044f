import type { SubgraphName } from '../common/config';
import type { SubgraphModule } from '../common/subgraph';

/** Each subgraph's database, server and seed; its SDL is schema/subgraphs/<name>.graphql and its URL comes from config. */
const modules: Record<SubgraphName, () => Promise<{ subgraph: SubgraphModule }>> = {
  vendor: () => import('./vendor/server'),
  partner: () => import('./partner/server'),
  distributor: () => import('./distributor/server'),
};

export async function loadSubgraph(name: SubgraphName): Promise<SubgraphModule> {
  return (await modules[name]()).subgraph;
}

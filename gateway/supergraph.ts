import fs from 'node:fs';
import path from 'node:path';
import { composeServices } from '@apollo/composition';
import { SUBGRAPHS, type Config } from '../common/config';
import { SCHEMA_DIR, loadSubgraphTypeDefs } from '../common/subgraph';

export const SUPERGRAPH_PATH = path.join(SCHEMA_DIR, 'supergraph.graphql');

/** Composes the subgraph SDL files into the supergraph; the URLs recorded are the configured defaults. */
export function composeSupergraph(config: Config): string {
  const result = composeServices(SUBGRAPHS.map((name) => ({ name, url: config.subgraphUrls[name], typeDefs: loadSubgraphTypeDefs(name) })));
  if (result.errors) throw new Error(`Composition failed:\n${result.errors.map((e) => `- ${e.message}`).join('\n')}`);
  return result.supergraphSdl;
}

export function readSupergraph(): string {
  return fs.readFileSync(SUPERGRAPH_PATH, 'utf8');
}

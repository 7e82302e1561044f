import fs from 'node:fs';
import { Kind, parse, print, type DocumentNode } from 'graphql';
import { SUBGRAPHS, loadConfig } from '../common/config';
import { subgraphSdlPath } from '../common/subgraph';
import { composeSupergraph, readSupergraph } from '../gateway/supergraph';
import { createTestDatabase, type TestDatabase } from './support/database';
import { startSubgraph, subgraphRequest, type RunningSubgraph } from './support/subgraph';

const FEDERATION_INTERNAL = /^(_|link__|federation__)/;

/**
 * The definitions of a subgraph schema printed without descriptions, in a stable order, and without what
 * @apollo/subgraph adds on its own (directive definitions, _Any, _Entity, _service, link__/federation__ types).
 */
function normalize(sdl: string): string {
  const strip = (node: unknown): unknown => {
    if (Array.isArray(node)) return node.map(strip);
    if (node && typeof node === 'object') {
      return Object.fromEntries(Object.entries(node).filter(([key]) => key !== 'description').map(([key, value]) => [key, strip(value)]));
    }
    return node;
  };
  const document = strip(parse(sdl, { noLocation: true })) as DocumentNode;
  return document.definitions
    .filter((d) => d.kind !== Kind.DIRECTIVE_DEFINITION && d.kind !== Kind.SCHEMA_DEFINITION && d.kind !== Kind.SCHEMA_EXTENSION)
    .filter((d) => !('name' in d && d.name && FEDERATION_INTERNAL.test(d.name.value)))
    .map((d) => (d.kind === Kind.OBJECT_TYPE_DEFINITION && d.name.value === 'Query' ? { ...d, fields: d.fields?.filter((f) => !FEDERATION_INTERNAL.test(f.name.value)) } : d))
    .map((d) => print(d))
    .sort()
    .join('\n');
}

describe('composition', () => {
  it('schema/supergraph.graphql is what the subgraph SDL composes to (run npm run compose when this fails)', () => {
    expect(readSupergraph()).toBe(composeSupergraph(loadConfig({})));
  });

  describe('running subgraphs serve exactly their SDL files', () => {
    let db: TestDatabase;
    const running: RunningSubgraph[] = [];
    beforeAll(async () => {
      db = await createTestDatabase();
      for (const name of SUBGRAPHS) running.push(await startSubgraph(name, db.url));
    });
    afterAll(async () => {
      for (const subgraph of running) await subgraph.stop();
      await db?.drop();
    });

    it.each([...SUBGRAPHS])('%s', async (name) => {
      const subgraph = running.find((s) => s.name === name)!;
      const response = await subgraphRequest<{ _service: { sdl: string } }>(subgraph.url, '{ _service { sdl } }');
      expect(response.errors).toBeUndefined();
      expect(normalize(response.data!._service.sdl)).toBe(normalize(fs.readFileSync(subgraphSdlPath(name), 'utf8')));
    });
  });
});

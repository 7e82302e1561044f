import { loadConfig } from '../common/config';
import { composeSupergraph, readSupergraph } from '../gateway/supergraph';

describe('composition', () => {
  it('schema/supergraph.graphql is what the subgraph SDL composes to (run npm run compose when this fails)', () => {
    expect(readSupergraph()).toBe(composeSupergraph(loadConfig({})));
  });
});

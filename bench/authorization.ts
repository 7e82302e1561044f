import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { createLogger } from '../common/logger';
import { createGateway } from '../gateway/server';
import { startStack } from '../tooling/stack';
import { tokenFor } from '../test/support/stack';
import { benchConfig, benchDatabase, load, machine, median, progress, type LoadResult, type Target } from './support';

/**
 * The throughput cost of the triangle: one partner-portal query through two gateways on the same subgraphs,
 * one enforcing the rule tree, one with authorization off; runs interleaved, medians reported.
 */
const { values } = parseArgs({
  options: { duration: { type: 'string', default: '10' }, rounds: { type: 'string', default: '3' }, connections: { type: 'string', default: '10' } },
});
const seconds = Number(values.duration);
const rounds = Number(values.rounds);
const connections = Number(values.connections);

const QUERY = `query PartnerHome { me { slug name } deals(first: 20) { totalCount edges { node { id status customerName amount { amount currency } vendor { name } distributor { name } } } } products { sku listPrice { amount currency } unitCost { amount } } }`;

async function main(): Promise<void> {
  const config = benchConfig();
  const logger = createLogger('bench', 'silent');
  const database = await benchDatabase(config);
  const stack = await startStack({ config, logger, databaseUrls: database.urls, seed: true, progress });
  const open = createGateway({ ...config, subgraphUrls: stack.subgraphUrls, authorizationMode: 'off' }, { logger });
  const openPort = await open.start(0, '127.0.0.1');
  try {
    const token = await tokenFor('bluepeak-it');
    const body = JSON.stringify({ query: QUERY });
    const targets: Record<'enforced' | 'off', Target> = {
      enforced: { url: stack.gatewayUrl, headers: { authorization: `Bearer ${token}` }, body },
      off: { url: `http://127.0.0.1:${openPort}/graphql`, headers: { authorization: `Bearer ${token}` }, body },
    };
    progress('warm-up (3 s each)');
    await load(targets.enforced, 3, connections);
    await load(targets.off, 3, connections);
    const runs: Record<'enforced' | 'off', LoadResult[]> = { enforced: [], off: [] };
    for (let round = 1; round <= rounds; round++) {
      for (const mode of ['enforced', 'off'] as const) {
        const result = await load(targets[mode], seconds, connections);
        runs[mode].push(result);
        progress(
          `round ${round}/${rounds} ${mode.padEnd(8)} ${result.requestsPerSecond.toFixed(0)} req/s  p50 ${result.p50} ms  p99 ${result.p99} ms  errors ${result.errors + result.non2xx}`,
        );
      }
    }
    const summary = (mode: 'enforced' | 'off') => ({
      rps: median(runs[mode].map((r) => r.requestsPerSecond)),
      p50: median(runs[mode].map((r) => r.p50)),
      p99: median(runs[mode].map((r) => r.p99)),
      errors: runs[mode].reduce((sum, r) => sum + r.errors + r.non2xx, 0),
    });
    const enforced = summary('enforced');
    const off = summary('off');
    const ratios = runs.enforced.map((r, i) => r.requestsPerSecond / runs.off[i].requestsPerSecond);
    const cost = (1 - median(ratios)) * 100;
    const report = `# Authorization cost

Command: \`npm run bench:authorization -- --duration ${seconds} --rounds ${rounds} --connections ${connections}\`
Machine: ${machine()}
Date: ${new Date().toISOString()}

One operation (a partner's portal home: own deals with vendor and distributor, the catalog with a forbidden
\`unitCost\`), as \`bluepeak-it\`, through two gateways on the same three subgraphs and database: rule tree
enforced (filter mode) and authorization off. ${rounds} interleaved rounds of ${seconds} s at ${connections} connections
after a 3 s warm-up each; medians.

| gateway | req/s | p50 ms | p99 ms | errors |
|---|--:|--:|--:|--:|
| rule tree enforced | ${enforced.rps.toFixed(0)} | ${enforced.p50} | ${enforced.p99} | ${enforced.errors} |
| authorization off | ${off.rps.toFixed(0)} | ${off.p50} | ${off.p99} | ${off.errors} |

Per-round throughput ratio enforced/off: ${ratios.map((r) => r.toFixed(3)).join(', ')}; median cost of authorization: **${cost.toFixed(1)}%**.
("errors" counts non-2xx answers; the enforced gateway answers 200 with FORBIDDEN errors for \`unitCost\`, by design.)
`;
    const file = path.join(__dirname, 'results', 'authorization.md');
    fs.writeFileSync(file, report);
    console.log(report);
  } finally {
    await open.stop();
    await stack.stop();
    await database.stop();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});

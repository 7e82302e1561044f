import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { createLogger } from '../common/logger';
import { createGateway } from '../gateway/server';
import { startStack } from '../tooling/stack';
import { tokenFor } from '../test/support/stack';
import { benchConfig, benchDatabase, load, machine, median, progress, type LoadResult, type Target } from './support';

/**
 * The throughput cost of the triangle and its groups: one partner-portal query through two gateways on the same
 * subgraphs, one enforcing the rule tree (role and groups), one with authorization off, as a member whose groups the
 * rules read (a SALES rep by default) and as the organization's ADMIN; runs interleaved, medians reported.
 */
const { values } = parseArgs({
  options: {
    duration: { type: 'string', default: '10' },
    rounds: { type: 'string', default: '3' },
    connections: { type: 'string', default: '10' },
    member: { type: 'string', default: 'user:sam@bluepeak-it' },
  },
});
const member = values.member;
const seconds = Number(values.duration);
const rounds = Number(values.rounds);
const connections = Number(values.connections);

const QUERY = `query PartnerHome { me { slug name } deals(first: 20) { totalCount edges { node { id status customerName amount { amount currency } vendor { name } distributor { name } } } } products { sku listPrice { amount currency } unitCost { amount } } }`;

const MODES = ['enforced', 'off', 'admin'] as const;
type Mode = (typeof MODES)[number];

async function main(): Promise<void> {
  const config = benchConfig();
  const logger = createLogger('bench', 'silent');
  const database = await benchDatabase(config);
  const stack = await startStack({ config, logger, databaseUrls: database.urls, seed: true, progress });
  const open = createGateway({ ...config, subgraphUrls: stack.subgraphUrls, authorizationMode: 'off' }, { logger });
  const openPort = await open.start(0, '127.0.0.1');
  try {
    const token = await tokenFor('bluepeak-it', member);
    const adminToken = await tokenFor('bluepeak-it');
    const body = JSON.stringify({ query: QUERY });
    const targets: Record<Mode, Target> = {
      enforced: { url: stack.gatewayUrl, headers: { authorization: `Bearer ${token}` }, body },
      off: { url: `http://127.0.0.1:${openPort}/graphql`, headers: { authorization: `Bearer ${token}` }, body },
      admin: { url: stack.gatewayUrl, headers: { authorization: `Bearer ${adminToken}` }, body },
    };
    progress('warm-up (3 s each)');
    for (const mode of MODES) await load(targets[mode], 3, connections);
    const runs: Record<Mode, LoadResult[]> = { enforced: [], off: [], admin: [] };
    for (let round = 1; round <= rounds; round++) {
      for (const mode of MODES) {
        const result = await load(targets[mode], seconds, connections);
        runs[mode].push(result);
        progress(
          `round ${round}/${rounds} ${mode.padEnd(8)} ${result.requestsPerSecond.toFixed(0)} req/s  p50 ${result.p50} ms  p99 ${result.p99} ms  errors ${result.errors + result.non2xx}`,
        );
      }
    }
    const summary = (mode: Mode) => ({
      rps: median(runs[mode].map((r) => r.requestsPerSecond)),
      p50: median(runs[mode].map((r) => r.p50)),
      p99: median(runs[mode].map((r) => r.p99)),
      errors: runs[mode].reduce((sum, r) => sum + r.errors + r.non2xx, 0),
    });
    const enforced = summary('enforced');
    const off = summary('off');
    const admin = summary('admin');
    const ratios = runs.enforced.map((r, i) => r.requestsPerSecond / runs.off[i].requestsPerSecond);
    const cost = (1 - median(ratios)) * 100;
    const report = `# Authorization cost

Command: \`npm run bench:authorization -- --duration ${seconds} --rounds ${rounds} --connections ${connections} --member ${member}\`
Machine: ${machine()}
Date: ${new Date().toISOString()}

One operation (a partner's portal home: own deals with vendor and distributor, the catalog with a forbidden
\`unitCost\`), as the bluepeak-it member \`${member}\` (its groups signed into the identity and read by the rules), through
two gateways on the same three subgraphs and database: rule tree enforced (filter mode; role and groups, decisions
cached per document, operation, role and groups) and authorization off; and, for reference, the same enforced gateway
as bluepeak-it's ADMIN. ${rounds} interleaved rounds of ${seconds} s at ${connections} connections after a 3 s warm-up
each; medians.

| gateway | member | req/s | p50 ms | p99 ms | errors |
|---|---|--:|--:|--:|--:|
| rule tree enforced (role and groups) | ${member} | ${enforced.rps.toFixed(0)} | ${enforced.p50} | ${enforced.p99} | ${enforced.errors} |
| authorization off | ${member} | ${off.rps.toFixed(0)} | ${off.p50} | ${off.p99} | ${off.errors} |
| rule tree enforced (role and groups) | user:bluepeak-it (ADMIN) | ${admin.rps.toFixed(0)} | ${admin.p50} | ${admin.p99} | ${admin.errors} |

Per-round throughput ratio enforced/off (${member}): ${ratios.map((r) => r.toFixed(3)).join(', ')}; median cost of authorization with groups: **${cost.toFixed(1)}%**.
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

import { SUBGRAPHS } from '../common/config';
import { createLogger } from '../common/logger';
import { SqlCounter } from '../tooling/sql-counter';
import { startStack } from '../tooling/stack';
import { tokenFor } from '../test/support/stack';
import { benchConfig, benchDatabase, machine, median, progress } from './support';

/**
 * The member check at the gateway (DESIGN.md §6), measured: how long after updateMember(status: DISABLED) commits a
 * still-valid token of that member is refused (polled every 20 ms, several rounds), and how many SQL statements a
 * request costs with its caller's directory entry cached and not (MEMBER_CACHE_TTL_MS, default 2000).
 */
const QUERY = JSON.stringify({ query: '{ me { role } }' }); // answered from the signed identity: its own SQL is none
const SUBJECT = 'user:quinn@northwind-cloud';
const ROUNDS = 5;

async function main(): Promise<void> {
  const config = benchConfig();
  const sql = Object.fromEntries(SUBGRAPHS.map((name) => [name, new SqlCounter()])) as Record<(typeof SUBGRAPHS)[number], SqlCounter>;
  const database = await benchDatabase(config);
  const stack = await startStack({
    config,
    logger: createLogger('bench', 'silent'),
    databaseUrls: database.urls,
    seed: true,
    progress,
    sqlLoggers: sql,
  });
  try {
    const send = (token: string, body = QUERY) =>
      fetch(stack.gatewayUrl, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` }, body });
    const statements = () => SUBGRAPHS.reduce((sum, name) => sum + sql[name].count, 0);
    const admin = await tokenFor('northwind-cloud');
    const member = await tokenFor('northwind-cloud', SUBJECT);
    const setStatus = async (status: string) => {
      const response = await send(admin, JSON.stringify({ query: `mutation { updateMember(subject: "${SUBJECT}", status: ${status}) { status } }` }));
      const body = (await response.json()) as { data?: { updateMember?: { status: string } } };
      if (body.data?.updateMember?.status !== status) throw new Error(`updateMember did not answer ${status}: ${JSON.stringify(body)}`);
    };

    // SQL per request: the first after the entry expired, then cached ones
    await new Promise((resolve) => setTimeout(resolve, config.memberCacheTtlMs + 50));
    const before = statements();
    await send(member);
    const uncached = statements() - before;
    const cachedRuns: number[] = [];
    for (let i = 0; i < 20; i++) {
      const start = statements();
      await send(member);
      cachedRuns.push(statements() - start);
    }

    const refusalMs: number[] = [];
    for (let round = 0; round < ROUNDS; round++) {
      if ((await send(member)).status !== 200) throw new Error('the member is not admitted before the round');
      await setStatus('DISABLED');
      const disabledAt = performance.now();
      while ((await send(member)).status !== 401) await new Promise((resolve) => setTimeout(resolve, 20));
      refusalMs.push(performance.now() - disabledAt);
      await setStatus('ACTIVE');
      while ((await send(member)).status !== 200) await new Promise((resolve) => setTimeout(resolve, 20));
      // start the next round at another point of the cache entry's life
      await new Promise((resolve) => setTimeout(resolve, (round * 397) % config.memberCacheTtlMs));
    }
    console.log(`machine: ${machine()}; MEMBER_CACHE_TTL_MS=${config.memberCacheTtlMs}`);
    console.log(`SQL statements per request (${QUERY}): uncached ${uncached}, cached ${median(cachedRuns)} (max ${Math.max(...cachedRuns)} of 20)`);
    console.log(
      `disable-to-refusal: median ${median(refusalMs).toFixed(0)} ms, max ${Math.max(...refusalMs).toFixed(0)} ms over ${ROUNDS} rounds (${refusalMs.map((ms) => ms.toFixed(0)).join(', ')})`,
    );
  } finally {
    await stack.stop();
    await database.stop();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});

/**
 * An abusive tenant: one organization's valid token sending, from many connections at once and as fast as it is
 * answered, the most expensive operations it can think of: 15 aliases (the alias limit) of the partner search at the
 * largest page, alternately with a search of ~900 KB (the issue 10 attack: variables used to be outside every limit)
 * and with the longest search still allowed, which runs. `npm run chaos` runs it beside the writers and
 * test/fairness.test.ts beside its victim, both as a process of its own (spawnAbusiveTenant), this file's command line:
 *
 *   node --import tsx scripts/abusive-tenant.ts <gateway url> <bearer token> <connections> [<timeout ms>]
 *
 * It floods until its stdin closes, then prints what it was answered as JSON: { outcomes: { "HTTP 429 RATE_LIMITED": n,
 * ... }, servedMedianMs } (the median duration of its operations that were served).
 */
import { spawn } from 'node:child_process';
import { STRING_MAX_LENGTH } from '../gateway/argument-limits';

export const ABUSIVE_OPERATION = `query Flood($s: String) { ${Array.from({ length: 15 }, (_, i) => `p${i}: partners(first: 100, filter: { search: $s }) { totalCount edges { node { id name slug } } }`).join(' ')} }`;

/** The attack's search, just under the default request body limit (1 MB), and the longest one allowed. */
export const ABUSIVE_SEARCHES = ['x'.repeat(900_000), 'e'.repeat(STRING_MAX_LENGTH['PartnerFilter.search'])];

export interface AbusiveTenant {
  /** Answers so far by status and error code, e.g. "HTTP 200 OK", "HTTP 429 RATE_LIMITED", "failed: timeout". */
  readonly outcomes: Map<string, number>;
  /** How long each operation that was served (HTTP 200) took, in ms. */
  readonly servedMs: number[];
  stop(): Promise<Map<string, number>>;
}

export function abusiveTenant(options: { url: string; token: string; connections: number; timeoutMs?: number }): AbusiveTenant {
  let running = true;
  const outcomes = new Map<string, number>();
  const servedMs: number[] = [];
  // Serialized once: the client's own work is not what is measured.
  const bodies = ABUSIVE_SEARCHES.map((s) => JSON.stringify({ query: ABUSIVE_OPERATION, variables: { s } }));
  const count = (key: string) => outcomes.set(key, (outcomes.get(key) ?? 0) + 1);
  const worker = async (n: number) => {
    for (let i = n; running; i++) {
      const started = performance.now();
      try {
        const response = await fetch(options.url, {
          method: 'POST',
          headers: { 'content-type': 'application/json', authorization: `Bearer ${options.token}` },
          body: bodies[i % bodies.length],
          signal: AbortSignal.timeout(options.timeoutMs ?? 30_000),
        });
        const text = await response.text();
        let code = 'OK';
        try {
          code = (JSON.parse(text) as { errors?: { extensions?: { code?: string } }[] }).errors?.[0]?.extensions?.code ?? 'OK';
        } catch {
          code = 'not JSON';
        }
        count(`HTTP ${response.status} ${code}`);
        if (response.status === 200) servedMs.push(performance.now() - started);
      } catch (error) {
        // A refusal at the door closes the connection with the body unsent: the client sees that as a failed send.
        count(`failed: ${(error as Error).name === 'TimeoutError' ? 'timeout' : 'connection closed'}`);
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
    }
  };
  const workers = Array.from({ length: options.connections }, (_, n) => worker(n));
  return {
    outcomes,
    servedMs,
    async stop() {
      running = false;
      await Promise.all(workers);
      return outcomes;
    },
  };
}

export interface AbusiveTenantReport {
  outcomes: Record<string, number>;
  /** The median duration of its operations that were served (HTTP 200), in ms; null when none was. */
  servedMedianMs: number | null;
}

/**
 * Runs the abusive tenant as a process of its own, as an attacker's client is: its sending is not done by the event
 * loop of whoever measures the others (the writers of `npm run chaos`, the in-process stack of a test).
 */
export async function spawnAbusiveTenant(options: {
  url: string;
  token: string;
  connections: number;
  timeoutMs?: number;
}): Promise<{ stop(): Promise<AbusiveTenantReport> }> {
  const args = [__filename, options.url, options.token, String(options.connections), String(options.timeoutMs ?? 30_000)];
  const child = spawn(process.execPath, ['--import', 'tsx', ...args], { stdio: ['pipe', 'pipe', 'inherit'] });
  let output = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  while (!output.includes('flooding')) {
    if (child.exitCode !== null) throw new Error('the abusive tenant did not start');
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return {
    async stop() {
      child.stdin.end();
      await exited;
      return JSON.parse(output.trim().split('\n').pop()!) as AbusiveTenantReport;
    },
  };
}

if (require.main === module) {
  const [url, token, connections, timeoutMs] = process.argv.slice(2);
  const tenant = abusiveTenant({ url, token, connections: Number(connections), timeoutMs: Number(timeoutMs) || undefined });
  process.stdin.resume();
  process.stdin.on('end', () => {
    void tenant.stop().then((outcomes) => {
      const sorted = [...tenant.servedMs].sort((a, b) => a - b);
      const report: AbusiveTenantReport = { outcomes: Object.fromEntries(outcomes), servedMedianMs: sorted[sorted.length >> 1] ?? null };
      process.stdout.write(`${JSON.stringify(report)}\n`);
      process.exit(0);
    });
  });
  process.stdout.write('flooding\n');
}

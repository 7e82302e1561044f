import fs from 'node:fs';
import path from 'node:path';

/**
 * Runs inside a baseline checkout (cwd), with that checkout's own tsx and code: its bench database (a fresh embedded
 * PostgreSQL), its migrations and demo seed, its services on free ports. Imports nothing of this project, so the
 * baseline runs with its commit's code only. Tells the parent over IPC where it listens; stops everything on SIGTERM,
 * SIGINT or when the parent goes away.
 */

export interface BaselineReady {
  type: 'baseline-ready';
  gatewayUrl: string;
  subgraphUrls: Record<string, string>;
  pids: Record<string, number>;
  databaseUrl: string;
}

const root = process.cwd();
const line = (text: string) => process.stderr.write(`▸ ${text}\n`);

/** The first of these files the checkout has (the launchers moved from scripts/ to tooling/ over time). */
function firstExisting(...candidates: string[]): string {
  const found = candidates.map((file) => path.join(root, file)).find((file) => fs.existsSync(file));
  if (!found) throw new Error(`the baseline has none of ${candidates.join(', ')}: this launcher cannot start it`);
  return found;
}

async function main(): Promise<void> {
  const support = (await import(firstExisting('bench/support.ts'))) as {
    benchConfig(): { databaseUrls: Record<string, string | undefined> };
    benchDatabase(config: unknown): Promise<{ urls: Record<string, string>; stop(): Promise<void> }>;
    benchEnv(env?: Record<string, string>): NodeJS.ProcessEnv;
  };
  const services = (await import(firstExisting('tooling/services.ts', 'scripts/services.ts'))) as {
    prepareDatabases(urls: Record<string, string>, options: { seed: boolean; progress: (line: string) => void }): Promise<void>;
    startServices(options: { env: NodeJS.ProcessEnv; databaseUrls: Record<string, string>; progress?: (line: string) => void }): Promise<{
      gatewayUrl: string;
      subgraphUrls: Record<string, string>;
      processes: { name: string; child: { pid?: number } }[];
      stop(): Promise<void>;
    }>;
  };
  const stops: (() => Promise<void>)[] = [];
  let stopping = false;
  const shutdown = async (code: number) => {
    if (stopping) return;
    stopping = true;
    for (const stop of stops) await stop().catch((error: unknown) => line(`stop failed: ${String(error)}`));
    process.exit(code);
  };
  process.on('SIGTERM', () => void shutdown(0));
  process.on('SIGINT', () => void shutdown(0));
  process.on('disconnect', () => void shutdown(0));
  try {
    const database = await support.benchDatabase(support.benchConfig());
    stops.unshift(database.stop);
    line(`database ${database.urls.vendor.replace(/\/\/[^@]*@/, '//')}`);
    await services.prepareDatabases(database.urls, { seed: true, progress: line });
    const stack = await services.startServices({ env: support.benchEnv(), databaseUrls: database.urls, progress: line });
    stops.unshift(stack.stop);
    const ready: BaselineReady = {
      type: 'baseline-ready',
      gatewayUrl: stack.gatewayUrl,
      subgraphUrls: stack.subgraphUrls,
      pids: Object.fromEntries(stack.processes.map((p) => [p.name, p.child.pid ?? 0])),
      databaseUrl: database.urls.vendor,
    };
    process.send?.(ready);
  } catch (error) {
    line(`baseline failed to start: ${error instanceof Error ? error.message : String(error)}`);
    await shutdown(1);
  }
}

void main();

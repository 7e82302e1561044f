import { spawn } from 'node:child_process';
import { processAlive } from '../tooling/net';
import { ServiceSupervisor, type Supervisable } from '../tooling/supervisor';

/** A real process standing in for a service: `node -e <code>`, stopped with SIGTERM. */
function service(code: string): Supervisable {
  const child = spawn(process.execPath, ['-e', code], { stdio: 'ignore' });
  const gone = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  return {
    name: 'partner',
    child,
    stop: async () => {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      await gone;
    },
  };
}
const RUNS = 'setInterval(() => {}, 1000)';

async function until(condition: () => boolean): Promise<void> {
  for (let attempt = 0; attempt < 600 && !condition(); attempt++) await new Promise((resolve) => setTimeout(resolve, 50));
  if (!condition()) throw new Error(`condition not met: ${condition.toString()}`);
}

describe('service supervisor (npm start)', () => {
  it('restarts a service that exits, doubling the wait while attempts fail up to the cap, never giving up, and resets once it stayed up', async () => {
    const reports: string[] = [];
    let failuresLeft = 3;
    const started: Supervisable[] = [];
    const respawn = async () => {
      if (failuresLeft-- > 0) throw new Error('partner exited with code 1 before it was ready:\nsecond line');
      started.push(service(RUNS));
      return started[started.length - 1];
    };
    const supervisor = new ServiceSupervisor(service('process.exit(3)'), respawn, (line) => reports.push(line), {
      initialMs: 100,
      maxMs: 400,
      stableMs: 300,
    });
    try {
      await until(() => reports.some((line) => line.includes('is back')));
      expect(reports).toEqual([
        'partner exited with code 3; restarting in 0.1 s',
        'partner did not start again: partner exited with code 1 before it was ready; restarting in 0.2 s',
        'partner did not start again: partner exited with code 1 before it was ready; restarting in 0.4 s (attempt 3; retrying every 0.4 s until it starts, the other services keep serving)',
        'partner did not start again: partner exited with code 1 before it was ready; restarting in 0.4 s (attempt 4; retrying every 0.4 s until it starts, the other services keep serving)',
        `partner is back (pid ${started[0].child.pid})`,
      ]);
      expect(supervisor.current).toBe(started[0]);

      // Up for longer than stableMs: the next crash starts the backoff over.
      await new Promise((resolve) => setTimeout(resolve, 400));
      reports.length = 0;
      started[0].child.kill('SIGKILL');
      await until(() => reports.length === 2);
      expect(reports).toEqual(['partner exited with signal SIGKILL; restarting in 0.1 s', `partner is back (pid ${started[1].child.pid})`]);
    } finally {
      await supervisor.stop();
    }
    for (const { child } of started) expect(processAlive(child.pid!)).toBe(false);
  });

  it('stops for good: a restart that was pending does not happen', async () => {
    const reports: string[] = [];
    const respawn = jest.fn(async () => service(RUNS));
    const supervisor = new ServiceSupervisor(service('process.exit(1)'), respawn, (line) => reports.push(line), {
      initialMs: 200,
      maxMs: 200,
      stableMs: 1000,
    });
    await until(() => reports.length === 1);
    await supervisor.stop();
    await new Promise((resolve) => setTimeout(resolve, 400));
    expect(respawn).not.toHaveBeenCalled();
  });
});

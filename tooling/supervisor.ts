import type { ChildProcess } from 'node:child_process';

/** A running service as the supervisor sees it (tooling/services.ts's ServiceProcess). */
export interface Supervisable {
  name: string;
  child: ChildProcess;
  stop(): Promise<void>;
}

export interface Backoff {
  /** Wait before the first restart; doubled after each failure in a row... */
  initialMs: number;
  /** ...up to this. */
  maxMs: number;
  /** A restarted service that stayed up this long counts as healthy again: its next restart waits initialMs. */
  stableMs: number;
}

/**
 * 0.5 s is enough for the kernel to release a killed process's port and short enough to be unnoticed; 30 s keeps a
 * service that cannot start (its database gone, a bad deploy) from spinning a core on retries while the rest serves.
 */
export const DEFAULT_BACKOFF: Backoff = { initialMs: 500, maxMs: 30_000, stableMs: 30_000 };

export const exitDescription = (code: number | null, signal: NodeJS.Signals | null) => (signal ? `signal ${signal}` : `code ${code}`);

const seconds = (ms: number) => `${Number((ms / 1000).toFixed(1))} s`;

/**
 * Keeps one service running: when its process exits, it is started again (`respawn`, the same command, environment
 * and port, since the gateway and the peers have its URL) after a backoff that doubles while attempts fail. An attempt
 * that fails only schedules the next one: the supervisor never gives up, because stopping the stack over one service
 * would turn a crash into an outage of every tenant; each event is one line to `report`.
 */
export class ServiceSupervisor<S extends Supervisable> {
  private failures = 0;
  private timer: NodeJS.Timeout | undefined;
  private restarting: Promise<void> | undefined;
  private stopped = false;

  constructor(
    private service: S,
    private readonly respawn: () => Promise<S>,
    private readonly report: (line: string) => void,
    private readonly backoff: Backoff = DEFAULT_BACKOFF,
  ) {
    this.watch(service);
  }

  get name(): string {
    return this.service.name;
  }

  /** The process serving now (a new one after each restart). */
  get current(): S {
    return this.service;
  }

  /**
   * No restart from now on, at once: a Ctrl-C reaches every process of the group together, so a subgraph's exit must not
   * read as a crash while the stack stops the gateway before it.
   */
  hold(): void {
    this.stopped = true;
    clearTimeout(this.timer);
  }

  /** Stops the service for good: no restart is pending or in progress once this resolves. */
  async stop(): Promise<void> {
    this.hold();
    await this.restarting;
    await this.service.stop();
  }

  private watch(service: S): void {
    const upSince = Date.now();
    const exited = (code: number | null, signal: NodeJS.Signals | null) => {
      if (this.stopped) return;
      if (Date.now() - upSince >= this.backoff.stableMs) this.failures = 0;
      this.schedule(`${service.name} exited with ${exitDescription(code, signal)}`);
    };
    if (service.child.exitCode !== null || service.child.signalCode !== null) exited(service.child.exitCode, service.child.signalCode);
    else service.child.once('exit', exited);
  }

  private schedule(event: string): void {
    const delay = Math.min(this.backoff.initialMs * 2 ** this.failures, this.backoff.maxMs);
    this.failures += 1;
    const capped =
      delay === this.backoff.maxMs
        ? ` (attempt ${this.failures}; retrying every ${seconds(delay)} until it starts, the other services keep serving)`
        : '';
    this.report(`${event}; restarting in ${seconds(delay)}${capped}`);
    this.timer = setTimeout(() => (this.restarting = this.restart()), delay);
  }

  private async restart(): Promise<void> {
    let service: S;
    try {
      service = await this.respawn();
    } catch (error) {
      // The first line: spawnService's message goes on with the tail of stderr, which npm start has already shown.
      const reason = (error instanceof Error ? error.message : String(error)).split('\n')[0].replace(/:$/, '');
      if (!this.stopped) this.schedule(`${this.service.name} did not start again: ${reason}`);
      return;
    }
    if (this.stopped) return service.stop();
    this.service = service;
    this.watch(service);
    this.report(`${service.name} is back (pid ${service.child.pid})`);
  }
}

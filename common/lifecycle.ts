/**
 * Process lifecycle of a service entry point (`npm run start:<service>`, or a child of `npm start` / the benchmark).
 */

export interface ReadyMessage {
  type: 'ready';
  port: number;
}

/** Tells the parent that spawned this process with an IPC channel that the service listens on `port`. */
export function announceReady(port: number): void {
  const message: ReadyMessage = { type: 'ready', port };
  process.send?.(message);
}

/**
 * Runs `stop` once, then exits 0: on SIGINT or SIGTERM (a terminal's Ctrl-C reaches the whole process group, and
 * the parent forwards SIGTERM too), or when the parent's IPC channel closes, so a child never outlives its parent.
 */
export function stopOnSignals(stop: (reason: string) => Promise<void>): void {
  let stopping = false;
  const handle = (reason: string) => {
    if (stopping) return;
    stopping = true;
    stop(reason).then(
      () => process.exit(0),
      (error: unknown) => {
        console.error(`stopping failed: ${error instanceof Error ? error.message : String(error)}`);
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', () => handle('SIGINT'));
  process.on('SIGTERM', () => handle('SIGTERM'));
  if (process.connected) process.on('disconnect', () => handle('parent exited'));
}

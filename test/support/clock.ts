/** Everything but Date keeps running for real: timers, nextTick, performance. */
const REAL = [
  'hrtime',
  'nextTick',
  'performance',
  'queueMicrotask',
  'requestAnimationFrame',
  'cancelAnimationFrame',
  'requestIdleCallback',
  'cancelIdleCallback',
  'setImmediate',
  'clearImmediate',
  'setInterval',
  'clearInterval',
  'setTimeout',
  'clearTimeout',
] as const;

/**
 * For a test whose rows are dated relative to today and whose subgraphs run in this process: pins Date at noon (UTC)
 * of the day the file starts, running on from there, and answers that day (YYYY-MM-DD). The test and the services
 * then read one clock, so a run across midnight still asks about the day its rows were written for. Call it at the
 * top of the file, before the subgraphs start; jest restores Date when the file ends.
 */
export function pinToday(): string {
  const today = new Date().toISOString().slice(0, 10);
  jest.useFakeTimers({ now: Date.parse(`${today}T12:00:00Z`), advanceTimers: true, doNotFake: [...REAL] });
  return today;
}

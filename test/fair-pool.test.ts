import { FairGate } from '../common/fair-pool';

describe('database connections are handed out in turns between organizations (common/fair-pool.ts)', () => {
  it("one tenant's pile of waiting statements does not go before another tenant's one", async () => {
    const gate = new FairGate(2);
    const order: string[] = [];
    const held = await Promise.all([gate.acquire('a'), gate.acquire('a')]);
    const waiting = [
      ...Array.from({ length: 30 }, (_, i) => gate.acquire('a').then((leave) => (order.push(`a${i}`), leave))),
      gate.acquire('b').then((leave) => (order.push('b'), leave)),
    ];
    held[0]();
    held[1]();
    // Each grant is given back at once, so every waiter gets a turn.
    for (const promise of waiting) (await promise)();
    // Arrived last, behind 30 of a's: served second, right after the one a's waiter whose turn came first.
    expect(order.indexOf('b')).toBe(1);
    expect(order.filter((x) => x !== 'b')).toEqual(Array.from({ length: 30 }, (_, i) => `a${i}`));
  });

  it('never has more out than its size, and a release given twice counts once', async () => {
    const gate = new FairGate(1);
    const first = await gate.acquire('a');
    let second = false;
    const next = gate.acquire('b').then((leave) => ((second = true), leave));
    await new Promise((resolve) => setImmediate(resolve));
    expect(second).toBe(false);
    first();
    first();
    const leave = await next;
    expect(second).toBe(true);
    let third = false;
    void gate.acquire('c').then(() => (third = true));
    await new Promise((resolve) => setImmediate(resolve));
    expect(third).toBe(false);
    leave();
    await new Promise((resolve) => setImmediate(resolve));
    expect(third).toBe(true);
  });
});

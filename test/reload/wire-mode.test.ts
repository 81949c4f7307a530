import { describe, expect, it } from 'vitest';
import { Id, resourceId } from '../../src/reload/id.ts';
import { makeOverlay } from './helpers.ts';

/** Runs joins, lookups, stores and a crash; returns every message sent as one line each. */
function run(wireMode: boolean): string[] {
  const KIND = 0xf0000020;
  const t = makeOverlay(120, { wireMode, chord: { updateInterval: 10_000_000, pingInterval: 30_000_000 }, kinds: [{ id: KIND, name: 'k', dataModel: 'single', accessPolicy: 'USER-MATCH' }] }, { seed: 3 });
  const { overlay, scheduler, peers, streams, trace } = t;
  const log: string[] = [];
  trace.on('reload.messageSent', (e) => log.push(`${e.time} ${e.peer}>${e.to} ${e.code} ${e.size} ${e.transactionId}`));
  overlay.warmStart(peers.slice(0, 100));
  for (let i = 100; i < 120; i++) overlay.join(peers[i]!, peers[i - 100]!);
  const rng = streams.stream('test');
  for (let i = 0; i < 50; i++) overlay.lookup(peers[rng.int(100)]!, new Id(rng.uint32(), rng.uint32(), rng.uint32(), rng.uint32()), () => {});
  for (let i = 0; i < 10; i++) {
    const p = peers[i]!;
    overlay.storage.store(p, resourceId(overlay.credentials[p]!.userName), KIND, [{ model: 'single', value: { exists: true, value: new Uint8Array(20) } }], 60, () => {});
  }
  scheduler.run(20_000_000);
  overlay.crash(peers[50]!);
  overlay.leave(peers[60]!);
  scheduler.run(120_000_000);
  return log;
}

describe('the wire option', () => {
  it('encodes and decodes every message without changing the run, and every counted size is exact', () => {
    const plain = run(false);
    const wire = run(true); // throws if any message's bytes differ from its counted size
    expect(plain.length).toBeGreaterThan(1000);
    expect(wire).toEqual(plain);
  });
});

import { describe, expect, it } from 'vitest';
import type { ChordTopology } from '../../src/reload/topology/chord/chord.ts';
import { makeOverlay } from './helpers.ts';

/**
 * ChordTopology.isConnected answers most noes from per-peer filters (ChordTable.holds and the
 * Attach list's filter). These tests compare it with the definition, evaluated from scratch: q is in
 * p's or p is in q's successor, predecessor or finger row, or one opened a connection to the other
 * (and neither has dropped it since), or q is p's client.
 */
function connectedReference(chord: ChordTopology, p: number, q: number): boolean {
  const c = chord as unknown as { c: { table: { successors(p: number): number[]; predecessors(p: number): number[]; fingers(p: number): number[] } }; extra: Map<number, number[]> };
  const rows = (a: number): number[] => [...c.c.table.successors(a), ...c.c.table.predecessors(a), ...c.c.table.fingers(a)];
  return rows(p).includes(q) || rows(q).includes(p) || (c.extra.get(p) ?? []).includes(q);
}

describe('ChordTopology.isConnected with its filters', () => {
  it('matches the definition after AppAttaches, crashes, leaves and ring repair', () => {
    const n = 120;
    const t = makeOverlay(n, { chord: { updateInterval: 5_000_000, pingInterval: 10_000_000, successors: 4, predecessors: 4 } }, { seed: 11 });
    const { overlay, scheduler, peers, streams } = t;
    overlay.warmStart(peers);
    scheduler.run(2_000_000);
    const rng = streams.stream('test.connections');
    const check = (): number => {
      let yes = 0;
      const up = peers.filter((p) => overlay.peers.isUp(p));
      for (const p of up) {
        for (const q of up) {
          if (p === q) continue;
          const want = connectedReference(overlay.chord, p, q);
          expect(overlay.chord.isConnected(p, q), `isConnected(${p}, ${q})`).toBe(want);
          if (want) yes++;
        }
      }
      return yes;
    };
    const before = check();
    // Many connections per peer, so that the 64-bit Attach filters fill up and pass false positives.
    let attached = 0;
    for (let i = 0; i < 1500; i++) {
      const a = peers[rng.int(n)]!;
      const b = peers[rng.int(n)]!;
      if (a !== b) overlay.appAttach(a, b, 1, (ok) => void (ok && attached++));
    }
    scheduler.run(scheduler.now + 3_000_000);
    expect(attached).toBeGreaterThan(1000);
    const afterAttach = check();
    expect(afterAttach).toBeGreaterThan(before + 1000);
    // Crashes and leaves: their neighbours drop them from rows and Attach lists as they notice.
    for (const i of rng.sample(n, 20)) overlay.crash(peers[i]!);
    for (const i of rng.sample(n, 10)) if (overlay.peers.isUp(peers[i]!)) overlay.leave(peers[i]!);
    for (let k = 0; k < 6; k++) {
      scheduler.run(scheduler.now + 10_000_000);
      check();
    }
  });
});

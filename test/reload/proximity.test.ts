import { describe, expect, it } from 'vitest';
import { Scheduler, RandomStreams, Trace } from '../../src/sim/index.ts';
import { CoordinateUnderlay } from '../../src/net/index.ts';
import { Id } from '../../src/reload/id.ts';
import { Overlay, type OverlayTraceEvent } from '../../src/reload/overlay.ts';

function ring(n: number, proximity: number, warm = true) {
  const scheduler = new Scheduler();
  const streams = new RandomStreams(4);
  const trace = new Trace<OverlayTraceEvent>();
  const underlay = new CoordinateUnderlay({ rng: streams.stream('net.coords') }, { hostCount: n });
  const overlay = new Overlay({ scheduler, streams, underlay, trace }, { chord: { proximity, pingInterval: 30_000_000, updateInterval: 600_000_000 } });
  const peers = Array.from({ length: n }, (_, i) => overlay.createPeer(i));
  if (warm) overlay.warmStart(peers);
  underlays.set(overlay, underlay);
  return { scheduler, streams, overlay, peers, underlay };
}

/** Index i (1-based) of the finger interval [n + 2^(128-i), n + 2^(129-i)) that q lies in, or 0. */
function intervalOf(o: Overlay, p: number, q: number): number {
  const d = o.peers.idOf[p]!.distanceTo(o.peers.idOf[q]!).toBigInt();
  for (let i = 1; i <= 128; i++) if (d >= 1n << BigInt(128 - i) && d < 1n << BigInt(129 - i)) return i;
  return 0;
}

const underlays = new WeakMap<Overlay, CoordinateUnderlay>();
const underlayOf = (o: Overlay): CoordinateUnderlay => underlays.get(o)!;

function meanFingerRtt(o: Overlay, peers: number[]): number {
  let sum = 0;
  let n = 0;
  for (const p of peers) {
    for (const f of o.table.fingers(p)) {
      sum += underlayOf(o).latency(o.peers.host[p]!, o.peers.host[f]!);
      n++;
    }
  }
  return sum / n;
}

describe('proximity neighbour selection (RFC 6940 §10.7.4.2 finger intervals)', () => {
  it('every finger lies in a finger interval of its peer, routing stays exact, and fingers are nearer', () => {
    const plain = ring(1500, 1);
    const near = ring(1500, 16);
    for (const p of near.peers) for (const f of near.overlay.table.fingers(p)) expect(intervalOf(near.overlay, p, f)).toBeGreaterThan(0);
    expect(meanFingerRtt(near.overlay, near.peers)).toBeLessThan(0.7 * meanFingerRtt(plain.overlay, plain.peers));
    const rng = near.streams.stream('test');
    let wrong = 0;
    for (let i = 0; i < 500; i++) {
      const key = new Id(rng.uint32(), rng.uint32(), rng.uint32(), rng.uint32());
      const truth = near.overlay.responsibleTruth(key);
      near.overlay.lookup(near.peers[rng.int(1500)]!, key, (r) => {
        if (!r.ok || r.responder !== truth) wrong++;
      });
    }
    near.scheduler.run(10_000_000);
    expect(wrong).toBe(0);
  });

  it('finger refresh by protocol picks valid fingers by round-trip time too', () => {
    const t = ring(600, 8);
    // Forget the warm-start fingers; let the refresh (every 30 s) rebuild them.
    for (const p of t.peers) t.overlay.table.setFingers(p, []);
    t.scheduler.run(40_000_000);
    let fingers = 0;
    for (const p of t.peers) {
      for (const f of t.overlay.table.fingers(p)) {
        fingers++;
        expect(intervalOf(t.overlay, p, f)).toBeGreaterThan(0);
      }
    }
    expect(fingers).toBeGreaterThan(600 * 4);
  });
});

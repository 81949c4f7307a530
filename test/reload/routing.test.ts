import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Id } from '../../src/reload/id.ts';
import { makeOverlay } from './helpers.ts';

/** Runs `count` lookups from random peers to random keys; returns hop counts and misroutes. */
function lookups(n: number, count: number, seed: number) {
  const t = makeOverlay(n, {}, { seed });
  t.overlay.warmStart(t.peers);
  const rng = t.streams.stream('test.lookups');
  const hops: number[] = [];
  let wrong = 0;
  for (let i = 0; i < count; i++) {
    const src = t.peers[rng.int(n)]!;
    const key = new Id(rng.uint32(), rng.uint32(), rng.uint32(), rng.uint32());
    const truth = t.overlay.responsibleTruth(key);
    t.overlay.lookup(src, key, (r) => {
      if (!r.ok || r.responder !== truth) wrong++;
      else hops.push(r.hops);
    });
  }
  t.scheduler.run(t.scheduler.now + 120_000_000);
  return { hops, wrong };
}

describe('CHORD-RELOAD routing on a converged ring (RFC 6940 §10.3)', () => {
  it('delivers every message to the peer responsible for its key', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 400 }), fc.integer({ min: 1, max: 1_000_000 }), (n, seed) => {
        const { hops, wrong } = lookups(n, 50, seed);
        expect(wrong).toBe(0);
        expect(hops.length).toBe(50);
      }),
      { numRuns: 25 },
    );
  });

  // Hops are the overlay links a request crosses from its originator to the responsible peer
  // (a request answered by its originator has 0 hops); the answer retraces the same links.
  it('takes about (1/2) log2 N hops, growing with slope 0.4-0.6 in log2 N', () => {
    const xs: number[] = [];
    const ys: number[] = [];
    for (let k = 6; k <= 14; k++) {
      const { hops, wrong } = lookups(2 ** k, 1000, k);
      expect(wrong).toBe(0);
      const mean = hops.reduce((a, b) => a + b, 0) / hops.length;
      expect(Math.abs(mean - k / 2)).toBeLessThanOrEqual(1);
      xs.push(k);
      ys.push(mean);
    }
    const mx = xs.reduce((a, b) => a + b) / xs.length;
    const my = ys.reduce((a, b) => a + b) / ys.length;
    let sxy = 0;
    let sxx = 0;
    for (let i = 0; i < xs.length; i++) {
      sxy += (xs[i]! - mx) * (ys[i]! - my);
      sxx += (xs[i]! - mx) ** 2;
    }
    const slope = sxy / sxx;
    expect(slope).toBeGreaterThanOrEqual(0.4);
    expect(slope).toBeLessThanOrEqual(0.6);
  });
});

/**
 * The forest invariants of RFC 7019 §9.1 with N = 10,000 members and f stripes, built by 10,000
 * protocol joins one at a time (each run until the forest is quiet; heartbeats off, static ring) and
 * thinned by 150 protocol leaves. Checking after every operation costs O(N f) each time and would
 * make the test several minutes long: the invariants are checked after every 100th join and every
 * 10th leave, and after the last of each. One file per f (invariants-10k-f2/-f4.test.ts), so that
 * the two run in parallel.
 */
import { describe, expect, it } from 'vitest';
import { P2PCAST } from './forest-check.ts';
import { candidates, check, joinOne, leaveOne, makeForest } from './setup.ts';

const N = 10_000;

export function invariants10k(F_STRIPES: number): void {
  describe(`P2PCast forest, N = 10,000, f = ${F_STRIPES} (RFC 7019 §9.1)`, () => {
    it('invariants after every 100th join and every 10th leave; depth within ceil(log_f N) + 2', () => {
      const F = makeForest(N + 1, F_STRIPES, { seed: 23 });
      const t0 = Date.now();
      const bound = Math.ceil(Math.log(N) / Math.log(F_STRIPES)) + 2;
      let maxDepth = 0;
      for (const m of candidates(F)) {
        joinOne(F, m);
        if (F.members.length % 100 === 0) {
          const r = check(F);
          expect(r.errors, `after ${F.members.length} joins`).toEqual([]);
          maxDepth = Math.max(maxDepth, r.maxDepth);
        }
      }
      expect(F.members).toHaveLength(N);
      const built = check(F);
      expect(built.errors).toEqual([]);
      expect(built.bound).toBe(bound);
      // Almost full: no deeper than one level more than a complete f-ary tree below the root.
      expect(built.maxDepth).toBeLessThanOrEqual(Math.ceil(Math.log(N) / Math.log(F_STRIPES)) + 1);

      const joinMs = Date.now() - t0;
      const rng = F.t.streams.stream('test.leaves');
      for (let i = 1; i <= 150; i++) {
        const m = F.members[rng.int(F.members.length)]!;
        leaveOne(F, m);
        expect(F.t.usage.trees.get(m, P2PCAST, F.key)).toBeUndefined();
        if (i % 10 === 0) expect(check(F).errors, `after ${i} leaves`).toEqual([]);
      }
      const after = check(F);
      expect(after.errors).toEqual([]);
      console.log(`N=10000 f=${F_STRIPES}: depth ${built.maxDepth} after the joins, ${after.maxDepth} after 150 leaves (bound ${bound}); joins ${joinMs} ms, leaves ${Date.now() - t0 - joinMs} ms`);
    }, 240_000);
  });
}

/**
 * Multicast over the forest (RFC 7019 §9.7) with 1,000 members joining at once, heartbeats on: every
 * member gets every stripe of every Push and delivers each message once; then a wave of 10% graceful
 * leaves and 10% crashes (spread over 20 s), repaired by the §9.5 procedures (crashes found by
 * heartbeats, §7.2.14): the invariants hold again and deliveries resume for every remaining member.
 */
import { describe, expect, it } from 'vitest';
import { P2PCAST } from './forest-check.ts';
import { check, makeForest } from './setup.ts';
import { joinAllWithin, leaveAndCrashWave, pushRound } from './wave.ts';

const S = 1_000_000;

for (const [f, seed] of [
  [2, 5],
  [4, 7],
] as const) {
  describe(`P2PCast multicast, 1,000 members, f = ${f} (RFC 7019 §9.7, §9.5)`, () => {
    it('static: every member gets all f stripes of every Push and delivers it once; after 10% leaves and 10% crashes the invariants hold and deliveries resume', () => {
      const n = 1000;
      const F = makeForest(n + 1, f, { seed, alm: {}, chordUpdate: 10 * S });
      const t0 = Date.now();
      const { t } = F;
      const rng = t.streams.stream('test.churn');
      joinAllWithin(F, rng, 20 * S);
      t.scheduler.run(t.scheduler.now + 50 * S);
      expect(check(F).errors).toEqual([]);
      const tJoin = Date.now() - t0;

      let partial = 0;
      t.trace.on('alm.partialDelivery', (e) => {
        if (e.algorithm === P2PCAST) partial++;
      });
      const before = pushRound(F, 10, 'test.sources1');
      for (const m of F.members) {
        for (const k of before.keys) {
          expect(before.stripes.get(`${m}|${k}`), `stripes of ${k} at ${m}`).toBe(f);
          expect(before.delivered.get(`${m}|${k}`), `delivery of ${k} at ${m}`).toBe(1);
        }
      }
      // Only members deliver: exactly members x messages delivery events.
      expect([...before.delivered.values()].reduce((a, b) => a + b, 0)).toBe(n * 10);
      expect(partial).toBe(0);

      // The wave: 10% leave (Group API leave, then the peer leaves the overlay), 10% crash.
      leaveAndCrashWave(F, rng);
      const tPush = Date.now() - t0;
      t.scheduler.run(t.scheduler.now + 90 * S);
      const tWave = Date.now() - t0;
      const r = check(F);
      expect(r.errors).toEqual([]);
      expect(r.members).toBe(n - n / 5);

      partial = 0;
      const after = pushRound(F, 10, 'test.sources2');
      for (const m of F.members) for (const k of after.keys) expect(after.delivered.get(`${m}|${k}`), `delivery of ${k} at ${m} after the wave`).toBe(1);
      expect([...after.delivered.values()].reduce((a, b) => a + b, 0)).toBe((n - n / 5) * 10);
      expect(partial).toBe(0);
      console.log(`f=${f}: depth ${r.maxDepth} after the wave (bound ${r.bound}); ms: joins ${tJoin}, pushes ${tPush - tJoin}, wave ${tWave - tPush}, pushes ${Date.now() - t0 - tWave}`);
    });
  });
}

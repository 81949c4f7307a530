/**
 * The forest invariants of RFC 7019 §9.1, checked on the peers' own state after every single join and
 * every single leave (each run until the forest is quiet; heartbeats off, static ring), for N = 100
 * and 1,000 members and f = 2 and 4. (N = 10,000 is in invariants-10k-*.test.ts.)
 *
 * Also the cost of a sequential join, counted from the messages peers originate: exactly one Search
 * to the rendezvous point for a random member, exactly one JoinConfirm per stripe (§9.4, §9.6: "one
 * for every subtree"), and no JoinDecline.
 */
import { describe, expect, it } from 'vitest';
import { MessageCode } from '../../../src/reload/wire/codes.ts';
import type { AlmMessage } from '../../../src/alm/wire/alm-message.ts';
import { ALM_JOIN_CONFIRM, ALM_JOIN_DECLINE, ALM_REFORM } from '../../../src/alm/wire/codes.ts';
import { OP_SEARCH, WANT_MEMBER, opOf } from '../../../src/alm/p2pcast/reform-ops.ts';
import { P2PCAST } from './forest-check.ts';
import { candidates, check, joinOne, leaveOne, makeForest, type TestForest } from './setup.ts';

interface Counts {
  requests: number;
  answers: number;
  memberSearches: number;
  confirms: number;
  declines: number;
}

/** Counts ALM messages of P2PCast that peers originate (a routed request counts once). */
function countMessages(F: TestForest): Counts {
  const c: Counts = { requests: 0, answers: 0, memberSearches: 0, confirms: 0, declines: 0 };
  F.t.trace.on('reload.messageSent', (e) => {
    if (e.forwarded) return;
    if (e.code === MessageCode.Error) {
      c.answers++;
      return;
    }
    if (e.code !== MessageCode.ExpAReq && e.code !== MessageCode.ExpAAns) return;
    const m = e.msg.body as AlmMessage;
    if (m.algorithmId !== P2PCAST) return;
    if (e.code === MessageCode.ExpAAns) {
      c.answers++;
      return;
    }
    c.requests++;
    if (m.code === ALM_JOIN_CONFIRM) c.confirms++;
    if (m.code === ALM_JOIN_DECLINE) c.declines++;
    if (m.code === ALM_REFORM) {
      const op = opOf(m.body.options);
      if (op?.op === OP_SEARCH && op.want === WANT_MEMBER) c.memberSearches++;
    }
  });
  return c;
}

for (const [n, f] of [
  [100, 2],
  [100, 4],
  [1000, 2],
  [1000, 4],
] as const) {
  describe(`P2PCast forest, N = ${n}, f = ${f} (RFC 7019 §9.1, §9.4, §9.5)`, () => {
    it('every member in every tree once, internal in one, at most f children, one special node at most, depth <= ceil(log_f N) + 2: after every join and every leave', () => {
      const F = makeForest(n + 1, f, { seed: 11 + n + f });
      const counts = countMessages(F);
      const order = candidates(F);
      let maxDepth = 0;
      for (const m of order) {
        joinOne(F, m);
        const r = check(F);
        expect(r.errors, `after the join of ${m} (${F.members.length} members)`).toEqual([]);
        if (r.maxDepth > maxDepth) maxDepth = r.maxDepth;
      }
      expect(F.members).toHaveLength(n);
      // One Search for a random member and one JoinConfirm per stripe per joiner; nobody declines.
      expect(counts.memberSearches).toBe(n);
      expect(counts.confirms).toBe(n * f);
      expect(counts.declines).toBe(0);
      const joinMessages = (counts.requests + counts.answers) / n;
      // A balanced forest: within one level of a complete f-ary tree under the rendezvous point.
      expect(maxDepth).toBeLessThanOrEqual(Math.ceil(Math.log(n) / Math.log(f)) + 1);

      const rng = F.t.streams.stream('test.leaves');
      const leaves = Math.floor(n / 5);
      for (let i = 0; i < leaves; i++) {
        const m = F.members[rng.int(F.members.length)]!;
        leaveOne(F, m);
        const r = check(F);
        expect(r.errors, `after the leave of ${m} (${F.members.length} members)`).toEqual([]);
        // The leaver is gone from every peer's view.
        expect(F.t.usage.trees.get(m, P2PCAST, F.key)).toBeUndefined();
      }
      expect(F.members).toHaveLength(n - leaves);
      expect(joinMessages).toBeGreaterThan(0);
      console.log(`N=${n} f=${f}: depth ${maxDepth} (bound ${Math.ceil(Math.log(n) / Math.log(f)) + 2}), ${joinMessages.toFixed(1)} messages originated per join`);
    });
  });
}

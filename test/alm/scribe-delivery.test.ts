import { describe, expect, it } from 'vitest';
import type { Id } from '../../src/reload/id.ts';
import { makeAlm, pathToRoot } from './helpers.ts';

const SCRIBE = 1;

describe('Scribe on 1,000 peers, 20 groups, no churn (RFC 7019 §8)', () => {
  it('delivers every Push to every member exactly once, never to mere forwarders; trees are loop-free and rooted at the responsible peer', () => {
    const n = 1000;
    const t = makeAlm(n, { seed: 5 });
    const { overlay, scheduler, peers, streams, trace, usage } = t;
    const rng = streams.stream('test.workload');
    const groups: { id: Id; members: number[] }[] = [];
    let created = 0;
    for (let g = 0; g < 20; g++) {
      const size = Math.max(2, Math.floor(n * Math.pow(g + 1, -1.25) * 0.3));
      const members = rng.sample(n, size).map((i) => peers[i]!);
      const id = usage.create(members[0]!, `group-${g}`, SCRIBE, (ok) => {
        if (ok) created++;
      });
      groups.push({ id, members });
    }
    scheduler.run(2_000_000);
    expect(created).toBe(20);
    for (const g of groups) for (const m of g.members) scheduler.schedule(rng.int(5_000_000), () => usage.join(m, g.id, SCRIBE), null);
    scheduler.run(20_000_000);

    const got = new Map<string, number>();
    trace.on('alm.delivered', (e) => {
      const k = `${e.group}|${e.peer}|${e.source}:${e.seq}`;
      got.set(k, (got.get(k) ?? 0) + 1);
    });
    const sent: { group: string; source: number; seq: number }[] = [];
    for (let round = 0; round < 3; round++) {
      for (const g of groups) {
        const src = g.members[rng.int(g.members.length)]!;
        const seq = usage.send(src, g.id, SCRIBE, 200);
        sent.push({ group: g.id.toHex(), source: src, seq });
      }
    }
    scheduler.run(40_000_000);

    let expected = 0;
    for (const s of sent) {
      const g = groups.find((x) => x.id.toHex() === s.group)!;
      for (const m of g.members) {
        expected++;
        expect(got.get(`${s.group}|${m}|${s.source}:${s.seq}`)).toBe(1);
      }
    }
    // Every delivery was to a member: the count of delivery events equals the expected number.
    expect([...got.values()].reduce((a, b) => a + b, 0)).toBe(expected);

    let forwarders = 0;
    for (const g of groups) {
      const key = g.id.toHex();
      const root = overlay.responsibleTruth(g.id);
      expect(usage.trees.get(root, SCRIBE, key)?.root).toBe(true);
      for (const m of g.members) {
        const path = pathToRoot(usage, m, SCRIBE, key);
        expect(path, `member ${m} of ${key.slice(0, 8)} reaches the root`).toBeDefined();
        expect(path![path!.length - 1]).toBe(root);
        for (const f of path!) if (!g.members.includes(f) && f !== root) forwarders++;
      }
    }
    // Non-member forwarders exist (so the no-delivery-to-forwarders claim is not vacuous).
    expect(forwarders).toBeGreaterThan(0);
  });
});

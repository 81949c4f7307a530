import { describe, expect, it } from 'vitest';
import { SEQ_WINDOW, SeqWindow } from '../../src/alm/seq-window.ts';
import { makeAlm, scribeGroup } from './helpers.ts';

const SCRIBE = 1;

describe('Scribe Push copies (RFC 7019 §7.2.18, §8)', () => {
  it('a Push that enters a loop of parent pointers is forwarded once per peer and delivered at most once per member', () => {
    const t = makeAlm(60, { seed: 3, alm: { mode: 'asm' } });
    const { usage, scheduler, trace } = t;
    const g = scribeGroup(t, 'loop', 12);
    const key = g.id.toHex();
    const [a, b, c] = g.members.filter((m) => m !== g.root);
    const tree = (p: number) => usage.trees.get(p, SCRIBE, key)!;
    // Close a loop a -> b -> c -> a (parent pointers), with the matching child entries, as repairs
    // under churn can for a while. Every peer keeps its other tree neighbours.
    usage.setParent(tree(a!), 0, b!);
    usage.addChild(tree(b!), 0, a!);
    usage.setParent(tree(b!), 0, c!);
    usage.addChild(tree(c!), 0, b!);
    usage.setParent(tree(c!), 0, a!);
    usage.addChild(tree(a!), 0, c!);
    let pushes = 0;
    trace.on('reload.messageSent', (e) => {
      if (e.code === 0x23 && !e.forwarded && (e.msg.body as { code: number }).code === 18) pushes++;
    });
    const got = new Map<number, number>();
    trace.on('alm.delivered', (e) => got.set(e.peer, (got.get(e.peer) ?? 0) + 1));
    usage.send(a!, g.id, SCRIBE, 200);
    scheduler.run(scheduler.now + 5_000_000);
    // Each peer in the tree forwards the data once, to each tree neighbour but the sender: at most
    // one Push per tree edge end.
    let ends = 0;
    for (const p of t.peers) {
      const s = usage.trees.get(p, SCRIBE, key);
      if (s !== undefined) ends += s.children[0]!.length + (s.parents[0]! >= 0 ? 1 : 0);
    }
    expect(pushes).toBeGreaterThan(0);
    expect(pushes).toBeLessThanOrEqual(ends);
    // The loop cut a, b and c off from the root, so only the peers below them get the data: once.
    expect(got.get(b!)).toBe(1);
    expect(got.get(c!)).toBe(1);
    for (const m of g.members) expect(got.get(m) ?? 0).toBeLessThanOrEqual(1);
  });

  it('SeqWindow: true for the first sight of a number only, within a window of the newest', () => {
    const w = new SeqWindow();
    expect([0, 1, 1, 3, 2, 3, 0].map((s) => w.add(s))).toEqual([true, true, false, true, true, false, false]);
    expect(w.floor).toBe(3);
    // A gap at 4: later numbers are kept above the floor, up to SEQ_WINDOW of them.
    for (let s = 5; s < 5 + SEQ_WINDOW; s++) expect(w.add(s)).toBe(true);
    expect(w.add(4)).toBe(true);
    expect(w.floor).toBe(4 + SEQ_WINDOW);
    // Past the window the oldest is given up: 4 never came until 5 + SEQ_WINDOW did.
    const v = new SeqWindow();
    v.add(0);
    for (let s = 2; s < 2 + SEQ_WINDOW + 1; s++) v.add(s);
    expect(v.floor).toBe(2 + SEQ_WINDOW);
    expect(v.add(1)).toBe(false);
    expect(v.add(3 + SEQ_WINDOW)).toBe(true);
    // Without a limit (a member's deliveries) nothing is given up.
    const u = new SeqWindow(Infinity);
    u.add(0);
    for (let s = 2; s < 2 + 10 * SEQ_WINDOW; s++) u.add(s);
    expect(u.floor).toBe(0);
    expect(u.add(1)).toBe(true);
    expect(u.floor).toBe(1 + 10 * SEQ_WINDOW);
  });
});

import { describe, expect, it } from 'vitest';
import { makeAlm, scribeGroup } from './helpers.ts';

const SCRIBE = 1;
const S = 1_000_000;

describe('Scribe sources cache the rendezvous point (Castro et al. 2002, §2.2)', () => {
  it('routes the first message to group_id, sends later ones to the root directly, and falls back when the root is gone', () => {
    const t = makeAlm(300, { seed: 41, overlay: { chord: { updateInterval: 20 * S, pingInterval: 120 * S } } });
    const g = scribeGroup(t, 'rp-cache', 60);
    const root = g.root;
    // A source that is not the root and not one of its overlay neighbours, so that routing takes hops.
    const source = g.members.find((m) => m !== root && !t.overlay.chord.isConnected(m, root))!;
    const atRoot: { seq: number; hops: number; peer: number }[] = [];
    t.trace.on('reload.messageReceived', (e) => {
      const b = e.msg.body as { code?: number };
      if (e.code === 0x23 && b.code === 0x12 && e.msg.origin === source) atRoot.push({ seq: atRoot.length, hops: e.hops, peer: e.peer });
    });
    t.usage.send(source, g.id, SCRIBE, 64);
    t.scheduler.run(t.scheduler.now + 3 * S);
    t.usage.send(source, g.id, SCRIBE, 64);
    t.scheduler.run(t.scheduler.now + 3 * S);
    expect(atRoot.map((x) => x.peer)).toEqual([root, root]);
    expect(atRoot[0]!.hops).toBeGreaterThan(1);
    // After the AppAttach that the first answer triggered: one direct hop.
    expect(atRoot[1]!.hops).toBe(1);

    // The root crashes; the cached send times out and the message goes through group_id again.
    t.overlay.crash(root);
    t.scheduler.run(t.scheduler.now + 60 * S);
    const newRoot = t.overlay.responsibleTruth(g.id);
    const got = new Set<number>();
    t.trace.on('alm.delivered', (e) => {
      if (e.source === source) got.add(e.peer);
    });
    t.usage.send(source, g.id, SCRIBE, 64);
    t.scheduler.run(t.scheduler.now + 40 * S);
    const alive = g.members.filter((m) => t.overlay.peers.isUp(m));
    expect([...got].sort((a, b) => a - b)).toEqual([...alive].sort((a, b) => a - b));
    // The next message uses the new rendezvous point directly.
    atRoot.length = 0;
    t.usage.send(source, g.id, SCRIBE, 64);
    t.scheduler.run(t.scheduler.now + 3 * S);
    expect(atRoot.map((x) => x.peer)).toEqual([newRoot]);
  });
});

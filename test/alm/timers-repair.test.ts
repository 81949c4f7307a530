import { describe, expect, it } from 'vitest';
import { resourceId, type Id } from '../../src/reload/id.ts';
import { makeAlm, pathToRoot, scribeGroup, type TestAlm } from './helpers.ts';

const SCRIBE = 1;
const S = 1_000_000;


/** A non-root peer of the group (not `owner`) with at least two children, and those children. */
function forwarderWithChildren(t: TestAlm, key: string, owner: number): { victim: number; orphans: number[] } {
  const victim = [...t.usage.trees.peers()].find((p) => {
    const tr = t.usage.trees.get(p, SCRIBE, key);
    return tr !== undefined && !tr.root && tr.children[0]!.length >= 2 && p !== owner;
  })!;
  return { victim, orphans: [...t.usage.trees.get(victim, SCRIBE, key)!.children[0]!] };
}

/** Sends one message from `source` and returns the set of peers it was delivered to. */
function pushAndCollect(t: TestAlm, id: Id, source: number): Set<number> {
  const got = new Set<number>();
  const off = t.trace.on('alm.delivered', (e) => {
    if (e.group === id.toHex() && e.source === source) got.add(e.peer);
  });
  t.usage.send(source, id, SCRIBE, 64);
  t.scheduler.run(t.scheduler.now + 5 * S);
  off();
  return got;
}

describe('ALM usage timers (RFC 7019 §7.2.4, §7.2.14-15)', () => {
  it('a JoinAccept that gets neither JoinConfirm nor JoinDecline expires after join_confirm_timeout', () => {
    const t = makeAlm(24, { seed: 3 });
    const key = 'expiry';
    const groupId = resourceId(key);
    const root = t.overlay.responsibleTruth(groupId);
    const joiner = t.peers.find((p) => p !== root && t.overlay.chord.nextHop(p, groupId) === root)!;
    t.usage.create(root, key, SCRIBE);
    t.scheduler.run(t.scheduler.now + S);
    // The root accepts when the Join reaches it (its JoinAccept cannot reach the crashed joiner).
    let acceptSentAt = -1;
    t.trace.on('reload.messageReceived', (e) => {
      if (e.peer === root && e.code === 0x23 && (e.msg.body as { code: number }).code === 3) acceptSentAt = e.time;
    });
    const expired: number[] = [];
    t.trace.on('alm.acceptExpired', (e) => {
      expect(e.child).toBe(joiner);
      expired.push(e.time);
    });
    t.usage.join(joiner, groupId, SCRIBE);
    // The joiner crashes while its Join is on the way: nobody will confirm or decline.
    t.scheduler.run(t.scheduler.now + 5_000);
    t.overlay.crash(joiner);
    t.scheduler.run(t.scheduler.now + 20 * S);
    expect(acceptSentAt).toBeGreaterThan(0);
    expect(expired).toEqual([acceptSentAt + 5 * S]);
    expect(t.usage.trees.get(root, SCRIBE, groupId.toHex())!.children[0]).toEqual([]);
  });

  for (const n of [3, 5]) {
    it(`a parent drops a silent child after N = ${n} heartbeat intervals`, () => {
      const t = makeAlm(60, { seed: 4, alm: { heartbeatMissLimit: n } });
      const g = scribeGroup(t, `silent-${n}`, 20);
      const child = g.members.find((m) => {
        const tr = t.usage.trees.get(m, SCRIBE, g.id.toHex())!;
        return !tr.root && tr.children[0]!.length === 0;
      })!;
      const parent = t.usage.trees.get(child, SCRIBE, g.id.toHex())!.parents[0]!;
      const crashAt = t.scheduler.now;
      t.overlay.crash(child);
      let droppedAt = -1;
      t.trace.on('alm.treeEdge', (e) => {
        if (!e.added && e.child === child && e.parent === parent) {
          expect(e.reason).toBe('timeout');
          droppedAt = e.time;
        }
      });
      t.scheduler.run(crashAt + 30 * S);
      // The last heartbeat left at most one interval (2 s) before the crash; the parent checks once
      // an interval: the drop falls in (crash + (N-1) * 2 s, crash + (N+1) * 2 s].
      expect(droppedAt).toBeGreaterThan(crashAt + (n - 1) * 2 * S);
      expect(droppedAt).toBeLessThanOrEqual(crashAt + (n + 1) * 2 * S + 100_000);
    });
  }

  it('children of a crashed forwarder notice within heartbeat_response_timeout, re-join, and deliveries resume', () => {
    const t = makeAlm(300, { seed: 8 });
    const g = scribeGroup(t, 'forwarder-crash', 120);
    const key = g.id.toHex();
    const { victim, orphans } = forwarderWithChildren(t, key, g.members[0]!);
    const repairs = new Map<number, number>();
    t.trace.on('alm.repaired', (e) => {
      if (e.group === key) repairs.set(e.peer, e.time - e.startedAt);
    });
    const starts = new Map<number, string>();
    t.trace.on('alm.repairStart', (e) => {
      if (e.group === key) starts.set(e.peer, e.cause);
    });
    const crashAt = t.scheduler.now;
    t.overlay.crash(victim);
    t.scheduler.run(crashAt + 30 * S);
    for (const o of orphans) {
      expect(starts.get(o)).toBe('heartbeat');
      expect(repairs.get(o)).toBeDefined();
      expect(pathToRoot(t.usage, o, SCRIBE, key)?.at(-1)).toBe(g.root);
    }
    const alive = g.members.filter((m) => t.overlay.peers.isUp(m));
    const got = pushAndCollect(t, g.id, alive[0]!);
    expect([...got].sort((a, b) => a - b)).toEqual([...alive].sort((a, b) => a - b));
  });

  it('after its parent changes, a child heartbeats its new parent every interval and never the old one (§7.2.14)', () => {
    const t = makeAlm(300, { seed: 8 });
    const g = scribeGroup(t, 'heartbeat-new-parent', 120);
    const key = g.id.toHex();
    const { victim, orphans } = forwarderWithChildren(t, key, g.members[0]!);
    t.overlay.crash(victim);
    t.scheduler.run(t.scheduler.now + 30 * S);
    // Every Heartbeat request of the orphans, as received at the end of its route.
    const seen: { from: number; to: number; dst: string }[] = [];
    t.trace.on('reload.messageReceived', (e) => {
      const m = e.msg;
      const alm = m.body as { code: number; body: { groupId: Id; peerIdDst: Id } };
      if (m.code !== 0x23 || alm.code !== 14 || !alm.body.groupId.equals(g.id) || !orphans.includes(m.origin)) return;
      seen.push({ from: m.origin, to: e.peer, dst: alm.body.peerIdDst.toHex() });
    });
    const from = t.scheduler.now;
    t.scheduler.run(from + 20 * S);
    for (const o of orphans) {
      const parent = t.usage.trees.get(o, SCRIBE, key)!.parents[0]!;
      expect(parent).not.toBe(victim);
      const mine = seen.filter((h) => h.from === o);
      // 2 s interval over 20 s: 10 Heartbeats, all to the new parent, naming it as peer_id_dst.
      expect(mine.length).toBe(10);
      for (const h of mine) {
        expect(h.to).toBe(parent);
        expect(h.dst).toBe(t.overlay.peers.idOf[parent]!.toHex());
      }
    }
  });

  it('a crashed root is replaced by the peer now responsible for group_id, which holds the replicated ALMTree', () => {
    const t = makeAlm(200, { seed: 9, overlay: { chord: { updateInterval: 20 * S, pingInterval: 120 * S } } });
    const g = scribeGroup(t, 'root-crash', 60);
    const key = g.id.toHex();
    const oldRoot = g.root;
    const source = g.members.find((m) => m !== oldRoot)!;
    t.overlay.crash(oldRoot);
    t.scheduler.run(t.scheduler.now + 90 * S);
    const newRoot = t.overlay.responsibleTruth(g.id);
    expect(newRoot).not.toBe(oldRoot);
    expect(t.usage.trees.get(newRoot, SCRIBE, key)?.root).toBe(true);
    const alive = g.members.filter((m) => t.overlay.peers.isUp(m));
    for (const m of alive) expect(pathToRoot(t.usage, m, SCRIBE, key)?.at(-1)).toBe(newRoot);
    const got = pushAndCollect(t, g.id, source);
    expect([...got].sort((a, b) => a - b)).toEqual([...alive].sort((a, b) => a - b));
  });

  it('a closer peer joining takes the root role; the old root joins it as a forwarder', () => {
    const t = makeAlm(101, { seed: 12, warm: false, overlay: { chord: { updateInterval: 20 * S, pingInterval: 120 * S } } });
    t.overlay.warmStart(t.peers.slice(0, 100));
    // Choose a session key whose group_id lies just before the newcomer's id, so that it takes over.
    const newcomer = t.peers[100]!;
    const nid = t.overlay.peers.idOf[newcomer]!;
    let key = '';
    for (let i = 0; ; i++) {
      const k = `takeover-${i}`;
      const id = resourceId(k);
      const oldRoot = t.overlay.responsibleTruth(id);
      // The newcomer will be responsible if id is in (pred(oldRoot), newcomer].
      const pred = t.overlay.table.predecessor(oldRoot);
      if (t.overlay.peers.ids.inHalfOpen(pred, id, oldRoot) && t.overlay.peers.ids.compareTo(newcomer, id) >= 0 && t.overlay.peers.ids.compareTo(pred, id) < 0 && t.overlay.peers.ids.comparePeers(newcomer, oldRoot) < 0 && t.overlay.peers.ids.comparePeers(pred, newcomer) < 0) {
        key = k;
        break;
      }
    }
    void nid;
    const g = scribeGroup(t, key, 30);
    const oldRoot = g.root;
    let joined = false;
    t.overlay.join(newcomer, undefined, (ok) => (joined = ok));
    t.scheduler.run(t.scheduler.now + 30 * S);
    expect(joined).toBe(true);
    expect(t.overlay.responsibleTruth(g.id)).toBe(newcomer);
    expect(t.usage.trees.get(newcomer, SCRIBE, g.id.toHex())?.root).toBe(true);
    expect(t.usage.trees.get(oldRoot, SCRIBE, g.id.toHex())?.root).toBe(false);
    for (const m of g.members) expect(pathToRoot(t.usage, m, SCRIBE, g.id.toHex())?.at(-1)).toBe(newcomer);
    const got = pushAndCollect(t, g.id, g.members[1]!);
    expect(got.size).toBe(g.members.length);
  });
});

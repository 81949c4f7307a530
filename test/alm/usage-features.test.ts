import { describe, expect, it } from 'vitest';
import { almErrorResponseCodec } from '../../src/alm/wire/error.ts';
import { ALMTREE_KIND_ID } from '../../src/alm/wire/codes.ts';
import type { NodeStatistics } from '../../src/alm/wire/node-statistics.ts';
import { resourceId, type Id } from '../../src/reload/id.ts';
import { ErrorCode, MessageCode } from '../../src/reload/wire/codes.ts';
import type { ErrorResponse } from '../../src/reload/wire/error-response.ts';
import { makeAlm, pathToRoot, scribeGroup, type TestAlm } from './helpers.ts';

const SCRIBE = 1;
const S = 1_000_000;


describe('NodeQuery (RFC 7019 §7.2.16-17)', () => {
  it('a crawl from the root with NodeQuery messages reconstructs exactly the tree the peers hold', () => {
    const t = makeAlm(300, { seed: 21 });
    const g = scribeGroup(t, 'crawl', 80);
    const key = g.id.toHex();
    const treeId = g.id.w3 >>> 0;
    const querier = t.peers[7]!;
    const crawled = new Set<string>();
    const visited = new Set<number>();
    const queue = [g.root];
    let queries = 0;
    const step = () => {
      const p = queue.shift();
      if (p === undefined) return;
      if (visited.has(p)) return step();
      visited.add(p);
      queries++;
      t.usage.nodeQuery(querier, p, (stats: NodeStatistics | undefined) => {
        // tree_data holds at most 255 bytes (13 children); the unbounded max_tree_data carries a
        // peer's largest tree, which here is its only one.
        const td = [stats!.maxTreeData, ...stats!.treeData].find((d) => d.treeId === treeId)!;
        for (const c of td.children) {
          const child = t.overlay.peers.peerOf(c);
          crawled.add(`${p}>${child}`);
          queue.push(child);
        }
        step();
      });
    };
    step();
    t.scheduler.run(t.scheduler.now + 60 * S);
    const truth = new Set<string>();
    for (const p of t.usage.trees.peers()) {
      const tr = t.usage.trees.get(p, SCRIBE, key);
      if (tr !== undefined) for (const c of tr.children[0]!) truth.add(`${p}>${c}`);
    }
    expect(truth.size).toBeGreaterThan(60);
    expect([...crawled].sort()).toEqual([...truth].sort());
    expect(queries).toBe(visited.size);
  });

  it('NodeStatistics reports lifetime, trees, parents, children, path to the root and ImplementationInfo', () => {
    const t = makeAlm(100, { seed: 22 });
    const g = scribeGroup(t, 'stats', 30);
    const m = g.members.find((x) => x !== g.root && (pathToRoot(t.usage, x, SCRIBE, g.id.toHex())?.length ?? 0) >= 3)!;
    // A peer learns its path to the root from the data that comes down from it.
    t.usage.send(g.members[0]!, g.id, SCRIBE, 64);
    t.scheduler.run(t.scheduler.now + 2 * S);
    const s = t.usage.nodeStatistics(m);
    const tr = t.usage.trees.get(m, SCRIBE, g.id.toHex())!;
    expect(s.numberActiveTrees).toBe(1);
    expect(s.algorithmsSupported).toEqual([1]);
    expect(s.nodeLifetime).toBe(Math.floor(t.scheduler.now / S));
    const td = s.treeData[0]!;
    expect(td.treeId).toBe(g.id.w3 >>> 0);
    expect(td.parent.map((id) => t.overlay.peers.peerOf(id))).toEqual([tr.parents[0]]);
    expect(td.children.map((id) => t.overlay.peers.peerOf(id)).sort()).toEqual([...tr.children[0]!].sort());
    // Overlay hops from the root: at least one per tree edge; the RTT estimate twice the one-way
    // delay over those hops (10 ms per hop in this overlay).
    const edges = pathToRoot(t.usage, m, SCRIBE, g.id.toHex())!.length - 1;
    expect(td.pathLengthToRoot).toBeGreaterThanOrEqual(edges);
    expect(td.pathDelayToRoot).toBe(2 * 10 * td.pathLengthToRoot);
    expect(s.implInfo).toMatchObject({ joinConfirmTimeout: 5000, heartbeatInterval: 2000, heartbeatResponseTimeout: 5000 });
    // path_delay_to_child: the JoinAccept -> JoinConfirm round trip to the slowest child, a whole
    // number of 10 ms hops, at least one hop each way; 0 at a peer without children.
    let parents = 0;
    for (const p of g.members) {
      const d = t.usage.nodeStatistics(p).treeData[0]!;
      if (d.children.length === 0) expect(d.pathDelayToChild, `leaf ${p}`).toBe(0);
      else {
        parents++;
        expect(d.pathDelayToChild, `parent ${p}`).toBeGreaterThanOrEqual(20);
        expect(d.pathDelayToChild % 10, `parent ${p}`).toBe(0);
      }
    }
    expect(parents).toBeGreaterThan(0);
  });
});

describe('ALMTree access control (RFC 7019 §7.2.1, §12.1)', () => {
  it('only the group owner can store the ALMTree; another peer gets Error_Forbidden and the value stays', () => {
    const t = makeAlm(50, { seed: 23 });
    const owner = t.peers[4]!;
    const other = t.peers[9]!;
    let created = false;
    const groupId = t.usage.create(owner, 'owned', SCRIBE, (ok) => (created = ok));
    t.scheduler.run(t.scheduler.now + 2 * S);
    expect(created).toBe(true);
    // A plain Store by someone else.
    let storeErr = 0;
    t.overlay.storage.store(other, groupId, ALMTREE_KIND_ID, [{ model: 'single', value: { exists: true, value: new Uint8Array([1, 2, 3]) } }], 60, (r) => (storeErr = r.errorCode));
    // A CreateALMTree for the same session key by someone else fails too (its Store is refused).
    let otherCreated: boolean | undefined;
    t.usage.create(other, 'owned', SCRIBE, (ok) => (otherCreated = ok));
    t.scheduler.run(t.scheduler.now + 2 * S);
    expect(storeErr).toBe(ErrorCode.Forbidden);
    expect(otherCreated).toBe(false);
    let fetchedFrom = -1;
    t.overlay.storage.fetch(other, groupId, ALMTREE_KIND_ID, (r) => {
      const v = r.values[0]!.value;
      if (v.model === 'single') fetchedFrom = v.value.value.length;
    });
    t.scheduler.run(t.scheduler.now + 2 * S);
    expect(fetchedFrom).toBeGreaterThan(3);
  });
});

describe('algorithm dispatch (RFC 7019 §10.3)', () => {
  it('a message for an unknown algorithm id is answered with Error_Exp_A / Unknown_Algorithm', () => {
    const t = makeAlm(20, { seed: 24 });
    const groupId = resourceId('x');
    let info: { code: number; alm: number } | undefined;
    t.overlay.transport.request(
      t.peers[1]!,
      [{ type: 'resource', id: groupId }],
      MessageCode.ExpAReq,
      { algorithmId: 77, code: 3, body: { peerId: t.overlay.peers.idOf[t.peers[1]!]!, groupId, options: [] } },
      (_c, a) => {
        const e = a.body as ErrorResponse;
        info = { code: e.errorCode, alm: almErrorResponseCodec.decode(e.errorInfo).almErrorCode };
      },
      0,
    );
    t.scheduler.run(5 * S);
    expect(info).toEqual({ code: ErrorCode.ExpA, alm: 1 });
  });
});

describe('options the RFC names', () => {
  it('a depth limit answers Joins below it with Tree_Depth_Limit_Reached', () => {
    const t = makeAlm(200, { seed: 25, alm: { depthLimit: 1 } });
    const rejected: number[] = [];
    t.trace.on('alm.joinRejected', (e) => rejected.push(e.errorCode));
    const g = scribeGroup(t, 'depth', 60);
    for (const m of g.members) {
      const path = pathToRoot(t.usage, m, SCRIBE, g.id.toHex());
      if (path !== undefined) expect(path.length - 1).toBeLessThanOrEqual(1);
    }
    expect(rejected.filter((c) => c === 0x0b).length).toBeGreaterThan(0);
  });

  it('RELOAD clients join as leaves only and receive the data', () => {
    const t = makeAlm(120, { seed: 26, warm: false });
    // Make the last 30 peers clients: recreate them as such.
    const o = t.overlay;
    const servers = t.peers.slice(0, 90);
    const clients: number[] = [];
    for (let i = 0; i < 30; i++) clients.push(o.createPeer(i, { client: true }));
    o.warmStart([...servers, ...clients]);
    const rng = t.streams.stream('test.clients');
    const members = [...rng.sample(90, 20).map((i) => servers[i]!), ...clients.slice(0, 15)];
    const id = t.usage.create(members[0]!, 'with-clients', SCRIBE);
    t.scheduler.run(t.scheduler.now + S);
    for (const m of members) t.usage.join(m, id, SCRIBE);
    t.scheduler.run(t.scheduler.now + 10 * S);
    for (const c of clients.slice(0, 15)) {
      const tr = t.usage.trees.get(c, SCRIBE, id.toHex())!;
      expect(tr.parents[0]).toBeGreaterThanOrEqual(0);
      expect(tr.children[0]).toEqual([]);
    }
    for (const p of t.usage.trees.peers()) {
      const tr = t.usage.trees.get(p, SCRIBE, id.toHex());
      if (tr !== undefined && clients.includes(p)) expect(tr.totalChildren()).toBe(0);
    }
    const got = new Set<number>();
    t.trace.on('alm.delivered', (e) => got.add(e.peer));
    t.usage.send(members[3]!, id, SCRIBE, 64);
    t.scheduler.run(t.scheduler.now + 5 * S);
    expect([...got].sort((a, b) => a - b)).toEqual([...members].sort((a, b) => a - b));
  });

  it('ASM: a sender pushes to its tree neighbours and every member receives once', () => {
    const t = makeAlm(200, { seed: 27, alm: { mode: 'asm' } });
    const g = scribeGroup(t, 'asm', 50);
    const source = g.members.find((m) => m !== g.root)!;
    const got = new Map<number, number>();
    t.trace.on('alm.delivered', (e) => got.set(e.peer, (got.get(e.peer) ?? 0) + 1));
    const firstHops: number[] = [];
    t.trace.on('alm.pushForwarded', (e) => {
      if (e.peer === source) firstHops.push(e.to);
    });
    t.usage.send(source, g.id, SCRIBE, 64);
    t.scheduler.run(t.scheduler.now + 5 * S);
    expect([...got.keys()].sort((a, b) => a - b)).toEqual([...g.members].sort((a, b) => a - b));
    expect([...got.values()].every((n) => n === 1)).toBe(true);
    // The source pushed to its parent and its children, not to the rendezvous point by routing.
    const tr = t.usage.trees.get(source, SCRIBE, g.id.toHex())!;
    expect(firstHops.sort()).toEqual([tr.parents[0]!, ...tr.children[0]!].sort());
  });

  it('tree edges: direct connections (AppAttach) carry each Push in one overlay hop; overlay paths may take several', () => {
    // A child limit makes joiners take candidate parents that are not their overlay neighbours.
    const run = (edges: 'direct' | 'overlay') => {
      const t = makeAlm(400, { seed: 28, alm: { edges, childLimit: 3 } });
      let appAttaches = 0;
      t.trace.on('reload.messageReceived', (e) => {
        if (e.code === MessageCode.AppAttachReq) appAttaches++;
      });
      const g = scribeGroup(t, 'edges', 100);
      const hops: number[] = [];
      t.trace.on('reload.messageReceived', (e) => {
        if (e.code === MessageCode.ExpAReq && (e.msg.body as { code: number }).code === 0x12) hops.push(e.hops);
      });
      t.usage.send(g.root, g.id, SCRIBE, 64);
      t.scheduler.run(t.scheduler.now + 5 * S);
      return { hops, appAttaches, members: g.members.length };
    };
    const direct = run('direct');
    const overlay = run('overlay');
    expect(direct.appAttaches).toBeGreaterThan(5);
    expect(overlay.appAttaches).toBe(0);
    expect(direct.hops.length).toBeGreaterThanOrEqual(direct.members - 1);
    expect(direct.hops.every((h) => h === 1)).toBe(true);
    expect(Math.max(...overlay.hops)).toBeGreaterThan(1);
  });
});

/** Small overlays with the ALM usage for tests. */
import { AlmUsage, type AlmAlgorithm, type AlmUsageInit } from '../../src/alm/index.ts';
import { Scribe } from '../../src/alm/scribe/scribe.ts';
import type { OverlayInit } from '../../src/reload/overlay.ts';
import type { Id } from '../../src/reload/id.ts';
import { makeOverlay, type TestOverlay } from '../reload/helpers.ts';

export interface TestAlm extends TestOverlay {
  usage: AlmUsage;
}

export function makeAlm(
  n: number,
  opts: { seed?: number; overlay?: OverlayInit; alm?: AlmUsageInit; algorithms?: AlmAlgorithm[]; warm?: boolean } = {},
): TestAlm {
  const t = makeOverlay(n, { chord: { updateInterval: 60_000_000, pingInterval: 600_000_000 }, ...opts.overlay }, { seed: opts.seed ?? 1 });
  if (opts.warm ?? true) t.overlay.warmStart(t.peers);
  const usage = new AlmUsage({ overlay: t.overlay, scheduler: t.scheduler, streams: t.streams, trace: t.trace }, opts.algorithms ?? [new Scribe()], opts.alm ?? {});
  return { ...t, usage };
}

/** Follows parents from `peer` to the root; returns the path or undefined on a loop or an orphan. */
export function pathToRoot(usage: AlmUsage, peer: number, algorithm: number, groupKey: string, stripe = 0): number[] | undefined {
  const path = [peer];
  let cur = peer;
  for (let i = 0; i < 1000; i++) {
    const t = usage.trees.get(cur, algorithm, groupKey);
    if (t === undefined) return undefined;
    if (t.root) return path;
    cur = t.parents[stripe]!;
    if (cur < 0 || path.includes(cur)) return undefined;
    path.push(cur);
  }
  return undefined;
}

/** One end-to-end ALM (or RELOAD storage) message: who sent it, who got it, what it was. */
export interface Flow {
  time: number;
  from: number;
  to: number;
  what: string;
}

const ALM_NAMES: Record<number, string> = {
  1: 'CreateALMTree', 2: 'CreateALMTreeResponse', 3: 'Join', 4: 'JoinAccept', 5: 'JoinReject', 6: 'JoinConfirm',
  7: 'JoinConfirmResponse', 8: 'JoinDecline', 9: 'JoinDeclineResponse', 10: 'Leave', 11: 'LeaveResponse',
  12: 'Reform', 13: 'ReformResponse', 14: 'Heartbeat', 15: 'HeartbeatResponse', 16: 'NodeQuery',
  17: 'NodeQueryResponse', 18: 'Push', 19: 'PushResponse',
};

/**
 * Records every message that reaches the end of its route: ALM messages by their RFC 7019 name,
 * RELOAD Store/Fetch and errors by theirs. `from` is the originator of a request or the responder of
 * an answer.
 */
export function recordFlows(t: TestAlm, opts: { heartbeats?: boolean } = {}): Flow[] {
  const flows: Flow[] = [];
  t.trace.on('reload.messageReceived', (e) => {
    const m = e.msg;
    let what: string | undefined;
    if (m.code === 0x23 || m.code === 0x24) what = ALM_NAMES[(m.body as { code: number }).code];
    else if (m.code === 0x07) what = `StoreReq(replica ${(m.body as { replicaNumber: number }).replicaNumber})`;
    else if (m.code === 0x08) what = 'StoreAns';
    else if (m.code === 0x09) what = 'FetchReq';
    else if (m.code === 0x0a) what = 'FetchAns';
    else if (m.code === 0xffff) what = `Error(${(m.body as { errorCode: number }).errorCode})`;
    if (what === undefined) return;
    if (!opts.heartbeats && what.startsWith('Heartbeat')) return;
    flows.push({ time: e.time, from: m.origin, to: e.peer, what });
  });
  return flows;
}

/**
 * Creates a Scribe group of `size` random members on `t` (owner: the first member) and lets them all
 * join; returns it with its root (the peer responsible for group_id).
 */
export function scribeGroup(t: TestAlm, key: string, size: number, streamName = `test.${key}`): { id: Id; members: number[]; root: number } {
  const rng = t.streams.stream(streamName);
  const members = rng.sample(t.peers.length, size).map((i) => t.peers[i]!);
  const id = t.usage.create(members[0]!, key, 1);
  t.scheduler.run(t.scheduler.now + 1_000_000);
  for (const m of members) t.usage.join(m, id, 1);
  t.scheduler.run(t.scheduler.now + 10_000_000);
  return { id, members, root: t.overlay.responsibleTruth(id) };
}

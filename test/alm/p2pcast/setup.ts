/** A P2PCast group on a test overlay, built and torn down by protocol operations. */
import { P2PCast, type AlmAlgorithm, type AlmUsageInit } from '../../../src/alm/index.ts';
import type { Id } from '../../../src/reload/id.ts';
import { makeAlm, type TestAlm } from '../helpers.ts';
import { checkForest, P2PCAST, type ForestReport } from './forest-check.ts';

export interface TestForest {
  readonly t: TestAlm;
  readonly p2p: P2PCast;
  readonly gid: Id;
  readonly key: string;
  /** The rendezvous point (the peer responsible for group_id). */
  readonly root: number;
  /** Members that have joined and not left. */
  readonly members: number[];
  readonly f: number;
}

export interface ForestOptions {
  seed?: number;
  alm?: AlmUsageInit;
  /** CHORD-RELOAD neighbour update interval, us (stabilization after crashes). @default none (static ring) */
  chordUpdate?: number;
  /** Algorithms registered besides P2PCast. */
  others?: AlmAlgorithm[];
}

/** An overlay of `peers` peers with a P2PCast group of f stripes created on it. */
export function makeForest(peers: number, f: number, opts: ForestOptions = {}): TestForest {
  const p2p = new P2PCast({ stripes: f });
  const update = opts.chordUpdate ?? 1e13;
  const t = makeAlm(peers, {
    seed: opts.seed ?? 1,
    algorithms: [p2p, ...(opts.others ?? [])],
    alm: opts.alm ?? { heartbeats: false },
    overlay: { chord: { updateInterval: update, pingInterval: 1e13 } },
  });
  const gid = t.usage.create(t.peers[0]!, 'p2pcast-group', P2PCAST);
  t.scheduler.run(t.scheduler.now + 1_000_000);
  return { t, p2p, gid, key: gid.toHex(), root: t.overlay.responsibleTruth(gid), members: [], f };
}

/** Runs until no P2PCast request or timer is outstanding (heartbeats off). */
export function settle(F: TestForest, step = 20_000): void {
  const s = F.t.scheduler;
  for (let i = 0; i < 200_000; i++) {
    s.run(s.now + step);
    if (F.p2p.inFlight === 0) return;
  }
  throw new Error(`P2PCast did not settle: ${F.p2p.inFlight} in flight`);
}

export function check(F: TestForest): ForestReport {
  return checkForest(F.t.usage, F.key, F.root, F.members, F.f);
}

/** Joins `m` and waits until the forest is quiet. */
export function joinOne(F: TestForest, m: number): void {
  F.t.usage.join(m, F.gid, P2PCAST);
  settle(F);
  F.members.push(m);
}

/** `m` leaves (Group API leave) and the forest repairs. */
export function leaveOne(F: TestForest, m: number): void {
  F.t.usage.leave(m, F.gid, P2PCAST);
  settle(F);
  F.members.splice(F.members.indexOf(m), 1);
}

/** The peers other than the rendezvous point, in index order. */
export function candidates(F: TestForest): number[] {
  return F.t.peers.filter((p) => p !== F.root);
}

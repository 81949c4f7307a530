/** Builds small overlays for tests. */
import { Scheduler, RandomStreams, Trace } from '../../src/sim/index.ts';
import { ConstantUnderlay, type Underlay } from '../../src/net/index.ts';
import { Overlay, type OverlayInit, type OverlayTraceEvent } from '../../src/reload/overlay.ts';
import { sortById } from '../../src/reload/topology/chord/warm-start.ts';

import type { AlmTraceEvent } from '../../src/alm/trace-events.ts';

/** Every event a test may listen to. */
export type TestTraceEvent = OverlayTraceEvent | AlmTraceEvent;

export interface TestOverlay {
  scheduler: Scheduler;
  streams: RandomStreams;
  trace: Trace<TestTraceEvent>;
  overlay: Overlay;
  peers: number[];
}

export function makeOverlay(n: number, init: OverlayInit = {}, opts: { seed?: number; hosts?: number; latencyUs?: number; underlay?: Underlay } = {}): TestOverlay {
  const scheduler = new Scheduler();
  const streams = new RandomStreams(opts.seed ?? 1);
  const trace = new Trace<TestTraceEvent>();
  const underlay = opts.underlay ?? new ConstantUnderlay({}, { hostCount: opts.hosts ?? n, latency: opts.latencyUs ?? 10_000 });
  const overlay = new Overlay({ scheduler, streams, underlay, trace }, init);
  const peers: number[] = [];
  for (let i = 0; i < n; i++) peers.push(overlay.createPeer(i % underlay.hostCount));
  return { scheduler, streams, trace, overlay, peers };
}

/** Successor/predecessor entries that differ from the sorted ring of Up peers. */
export function ringErrors(o: Overlay, peers: readonly number[]): number {
  const ring = sortById(o.peers, peers.filter((p) => o.peers.isUp(p) && o.peers.client[p] === 0));
  let wrong = 0;
  for (let j = 0; j < ring.length; j++) {
    const p = ring[j]!;
    if (o.table.successor(p, 0) !== ring[(j + 1) % ring.length]) wrong++;
    if (o.table.predecessor(p, 0) !== ring[(j - 1 + ring.length) % ring.length]) wrong++;
  }
  return wrong;
}

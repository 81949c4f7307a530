/**
 * The Chord maintenance workload SimGrid and PeerSim published (and almsim's S1): a converged
 * (warm-started) CHORD-RELOAD ring of N peers runs for a while with stabilization every 20 s, finger
 * refresh every 120 s and one lookup per peer every 10 s (a RouteQuery routed to a random
 * Resource-ID, its answer routed back hop by hop along the via list).
 */
import { Scheduler, RandomStreams, Trace } from '../../src/sim/index.ts';
import { ConstantUnderlay } from '../../src/net/index.ts';
import { Id } from '../../src/reload/id.ts';
import { Overlay, type OverlayTraceEvent, type LookupResult } from '../../src/reload/overlay.ts';

export interface ChordWorkloadOptions {
  peers: number;
  /** Simulated seconds. */
  seconds?: number;
  updateInterval?: number;
  pingInterval?: number;
  lookupInterval?: number;
  /** One-way latency between any two hosts, us. */
  latencyUs?: number;
  seed?: number;
  /** With onProgress: the run goes in slices of this many simulated microseconds. */
  progressEvery?: number;
  /** Called after each slice with the simulated time and the events executed so far. */
  onProgress?: (now: number, events: number) => void;
}

export interface ChordWorkloadResult {
  peers: number;
  buildSeconds: number;
  runSeconds: number;
  /** CPU seconds (user + system) of the run phase: steadier than wall time on a shared machine. */
  runCpuSeconds: number;
  events: number;
  deliveries: number;
  messagesSent: number;
  lookups: number;
  lookupsOk: number;
  meanHops: number;
  peakRssMb: number;
}

export function runChordWorkload(o: ChordWorkloadOptions): ChordWorkloadResult {
  const n = o.peers;
  const seconds = o.seconds ?? 1000;
  const t0 = process.hrtime.bigint();
  const scheduler = new Scheduler({ initialCapacity: 1 << 16 });
  const streams = new RandomStreams(o.seed ?? 1);
  const trace = new Trace<OverlayTraceEvent>();
  const underlay = new ConstantUnderlay({}, { hostCount: n, latency: o.latencyUs ?? 10_000 });
  const overlay = new Overlay(
    { scheduler, streams, underlay, trace },
    { chord: { updateInterval: o.updateInterval ?? 20_000_000, pingInterval: o.pingInterval ?? 120_000_000 } },
  );
  const peers: number[] = new Array(n);
  for (let i = 0; i < n; i++) peers[i] = overlay.createPeer(i);
  overlay.warmStart(peers);
  const lookupInterval = o.lookupInterval ?? 10_000_000;
  const rng = streams.stream('bench.lookups');
  let lookups = 0;
  let ok = 0;
  let hops = 0;
  const done = (r: LookupResult): void => {
    if (r.ok) {
      ok++;
      hops += r.hops;
    }
  };
  const onTimer = (p: number): void => {
    lookups++;
    overlay.lookup(p, new Id(rng.uint32(), rng.uint32(), rng.uint32(), rng.uint32()), done);
    scheduler.schedule(lookupInterval, onTimer, p);
  };
  for (const p of peers) scheduler.schedule(rng.int(lookupInterval), onTimer, p);
  const t1 = process.hrtime.bigint();
  const c1 = process.cpuUsage();
  const end = seconds * 1_000_000;
  if (o.onProgress !== undefined && o.progressEvery !== undefined) {
    // Slices end where run(until) would have stopped anyway: the same events run in the same order.
    while (scheduler.now < end) {
      scheduler.run(Math.min(end, scheduler.now + o.progressEvery));
      o.onProgress(scheduler.now, scheduler.executed);
    }
  } else scheduler.run(end);
  const c2 = process.cpuUsage(c1);
  const t2 = process.hrtime.bigint();
  const counts = overlay.net.counts;
  return {
    peers: n,
    buildSeconds: Number(t1 - t0) / 1e9,
    runSeconds: Number(t2 - t1) / 1e9,
    runCpuSeconds: (c2.user + c2.system) / 1e6,
    events: scheduler.executed,
    deliveries: counts.delivered,
    messagesSent: counts.sent,
    lookups,
    lookupsOk: ok,
    meanHops: hops / Math.max(1, ok),
    peakRssMb: Math.round(process.resourceUsage().maxRSS / 1024),
  };
}

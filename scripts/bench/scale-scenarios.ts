/** The scale scenarios of `npm run bench:scale` (see scripts/bench-scale.ts). */
import { Scheduler, RandomStreams, Trace } from '../../src/sim/index.ts';
import { ConstantUnderlay } from '../../src/net/index.ts';
import { Overlay, type OverlayTraceEvent } from '../../src/reload/overlay.ts';
import { runChordWorkload } from './chord-workload.ts';

export interface ScaleResult {
  name: string;
  label: string;
  peers: number;
  buildSeconds: number;
  runSeconds: number;
  events: number;
  deliveries: number;
  peakRssMb: number;
  extra: Record<string, string>;
}

export interface ScaleScenario {
  defaultPeers: number[];
  run(peers: number): ScaleResult;
}

const seconds = (a: bigint, b: bigint): number => Number(b - a) / 1e9;
const peakRss = (): number => Math.round(process.resourceUsage().maxRSS / 1024);

/** S0: converged ring, then 10,000 lookups at zero latency (PeerSim's Chord benchmark). */
function s0(n: number): ScaleResult {
  const t0 = process.hrtime.bigint();
  const scheduler = new Scheduler({ initialCapacity: 1 << 16 });
  const streams = new RandomStreams(1);
  const trace = new Trace<OverlayTraceEvent>();
  const overlay = new Overlay({ scheduler, streams, underlay: new ConstantUnderlay({}, { hostCount: n, latency: 0 }), trace }, {});
  const peers: number[] = new Array(n);
  for (let i = 0; i < n; i++) peers[i] = overlay.createPeer(i);
  overlay.warmStart(peers);
  const t1 = process.hrtime.bigint();
  const rng = streams.stream('bench.s0');
  let ok = 0;
  let hops = 0;
  for (let i = 0; i < 10_000; i++) {
    overlay.lookup(peers[rng.int(n)]!, overlay.peers.idOf[peers[rng.int(n)]!]!, (r) => {
      if (r.ok) {
        ok++;
        hops += r.hops;
      }
    });
  }
  // Zero latency: every lookup completes at t = 0, before the first maintenance timer.
  scheduler.run(0);
  const t2 = process.hrtime.bigint();
  return {
    name: 'S0',
    label: `converged ring of ${n.toLocaleString('en-US')} peers + 10,000 lookups`,
    peers: n,
    buildSeconds: seconds(t0, t1),
    runSeconds: seconds(t1, t2),
    events: scheduler.executed,
    deliveries: overlay.net.counts.delivered,
    peakRssMb: peakRss(),
    extra: { 'lookups answered': `${ok} of 10000`, 'mean hops': (hops / Math.max(ok, 1)).toFixed(2) },
  };
}

/** S1: the Chord maintenance workload for 1,000 simulated seconds. */
function s1(n: number): ScaleResult {
  const r = runChordWorkload({ peers: n, seconds: 1000 });
  return {
    name: 'S1',
    label: `Chord maintenance, ${n.toLocaleString('en-US')} peers, 1,000 s`,
    peers: n,
    buildSeconds: r.buildSeconds,
    runSeconds: r.runSeconds,
    events: r.events,
    deliveries: r.deliveries,
    peakRssMb: r.peakRssMb,
    extra: { lookups: `${r.lookupsOk} of ${r.lookups} answered`, 'mean hops': r.meanHops.toFixed(2), 'run CPU seconds': r.runCpuSeconds.toFixed(1) },
  };
}

export const scaleScenarios: Record<string, ScaleScenario> = {
  S0: { defaultPeers: [100_000, 1_000_000], run: s0 },
  S1: { defaultPeers: [100_000], run: s1 },
};

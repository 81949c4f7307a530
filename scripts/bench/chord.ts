/**
 * CHORD-RELOAD maintenance workload (issue 3): a warm-started ring run for 1,000 simulated seconds
 * with stabilization every 20 s, finger refresh every 120 s and one lookup per peer every 10 s.
 * `--peers` picks the ring sizes (default 1,000 and 10,000; 100,000 is `npm run bench:scale`'s S1).
 */
import { runChordWorkload } from './chord-workload.ts';
import type { BenchOptions, BenchRow, BenchSection } from './types.ts';

function rows(peers: number): BenchRow[] {
  const r = runChordWorkload({ peers, seconds: 1000 });
  const label = `N=${peers.toLocaleString('en-US')}`;
  return [
    { case: `${label} wall (build + run)`, value: Math.round((r.buildSeconds + r.runSeconds) * 10) / 10, unit: 's', note: `build ${r.buildSeconds.toFixed(2)} s` },
    { case: `${label} events/s`, value: Math.round(r.events / r.runSeconds / 1e3) / 1e3, unit: 'M/s', note: `${(r.events / 1e6).toFixed(1)} M events` },
    { case: `${label} deliveries/s`, value: Math.round(r.deliveries / r.runSeconds / 1e3) / 1e3, unit: 'M/s', note: `${(r.messagesSent / 1e6).toFixed(1)} M messages sent` },
    { case: `${label} lookups`, value: r.lookups, unit: '', note: `${r.lookupsOk} answered, mean hops ${r.meanHops.toFixed(2)}` },
    { case: `${label} peak RSS`, value: r.peakRssMb, unit: 'MB', note: 'process maximum so far' },
  ];
}

export const chord: BenchSection = {
  name: 'chord',
  description: 'CHORD-RELOAD ring, 1,000 s: stabilization 20 s, finger refresh 120 s, a lookup per peer every 10 s',
  run: (o: BenchOptions) => (o.peers ?? [1000, 10_000]).flatMap(rows),
};

/**
 * Checks that involve more than one field (ranges, presets, counts against overlay.peers, times
 * against the end of the run). They run on the scenario with derived defaults filled in; each problem
 * is a custom issue whose message is the "expected" text and whose params.found is what was found.
 */
import { formatQuantity } from './quantities.ts';
import { hostRanges } from './host-ranges.ts';
import { peerSlotCount, runTimes, type deriveDefaults } from './schema-derive.ts';

type Derived = ReturnType<typeof deriveDefaults>;

export interface IssueSink {
  addIssue(issue: { code: 'custom'; message: string; path: PropertyKey[]; params: { found: string } }): void;
}

/** Castro et al., JSAC 2002, §4: the router counts of the transit-stub topology of the Scribe evaluation. */
export const SCRIBE5050 = {
  transitDomains: 10,
  routersPerTransitDomain: 5,
  stubsPerTransitRouter: 10,
  routersPerStubDomain: 10,
} as const;

const t = (us: number) => formatQuantity('time', us);

export function crossCheck(s: Derived, sink: IssueSink): boolean {
  let ok = true;
  const fail = (path: PropertyKey[], found: string, expected: string) => {
    sink.addIssue({ code: 'custom', message: expected, path, params: { found } });
    ok = false;
  };
  const range = (path: PropertyKey[], r: { min: number; max: number }) => {
    if (r.max < r.min) fail([...path, 'max'], t(r.max), `at least ${[...path, 'min'].join('.')} (${t(r.min)})`);
  };

  const peers = s.overlay.peers;
  if (peerSlotCount(s) < 1) {
    fail(['overlay', 'clientsFraction'], String(s.overlay.clientsFraction), `a fraction that leaves at least one of the ${peers} slots a peer`);
  }

  const u = s.underlay;
  if (u.model === 'uniform') range(['underlay'], u);
  if (u.model === 'coordinates') range(['underlay', 'accessDelay'], u.accessDelay);
  if (u.model === 'transit-stub') {
    for (const cls of ['interTransit', 'transit', 'transitStub', 'stub'] as const) range(['underlay', 'delays', cls], u.delays[cls]);
    range(['underlay', 'accessDelay'], u.accessDelay);
    if (u.preset === 'scribe5050') {
      for (const key of ['transitDomains', 'routersPerTransitDomain', 'stubsPerTransitRouter', 'routersPerStubDomain'] as const) {
        if (u[key] !== SCRIBE5050[key]) fail(['underlay', key], String(u[key]), `${SCRIBE5050[key]} with preset scribe5050 (set preset: custom to change it)`);
      }
    }
  }
  u.partitions.forEach((p, i) => {
    const path = ['underlay', 'partitions', i];
    if (p.to !== null && p.to <= p.from) fail([...path, 'to'], t(p.to), `a time after from (${t(p.from)}), or null for never`);
    const owner = new Int32Array(peers).fill(-1);
    p.groups.forEach((group, g) => {
      hostRanges(group).forEach(([first, last], k) => {
        const at = [...path, 'groups', g, k];
        const found = JSON.stringify(group[k]);
        if (last < first) return fail(at, found, 'a range "first..last" with first <= last');
        if (last >= peers) return fail(at, found, `slots from 0 to ${peers - 1} (overlay.peers is ${peers})`);
        for (let slot = first; slot <= last; slot++) {
          if (owner[slot] !== -1 && owner[slot] !== g) return fail(at, found, `slots in only one group of the partition (slot ${slot} is also in group ${owner[slot]})`);
          owner[slot] = g;
        }
      });
    });
  });

  if (s.churn.model === 'lifetime') {
    checkDistribution(s.churn.session, ['churn', 'session'], fail);
    checkDistribution(s.churn.offTime, ['churn', 'offTime'], fail);
    // With a mean given, a shape <= 1 is already reported on the shape itself.
    const infiniteMean = (d: { distribution: string; mean?: number | undefined; shape?: number | undefined }) =>
      d.distribution === 'pareto' && d.mean === undefined && d.shape !== undefined && d.shape <= 1;
    if (s.churn.initialState === 'steady' && (infiniteMean(s.churn.session) || infiniteMean(s.churn.offTime))) {
      fail(['churn', 'initialState'], '"steady"', 'all-up when a Pareto shape is at most 1 (no finite mean, so no steady state)');
    }
  }

  const w = s.workload;
  const gs = w.groupSize;
  // With no groups the group size is never used.
  if (w.groups > 0 && gs.dist === 'fixed' && gs.size > peers) fail(['workload', 'groupSize', 'size'], String(gs.size), `at most overlay.peers (${peers})`);
  if (w.groups > 0 && gs.dist === 'uniform') {
    if (gs.max < gs.min) fail(['workload', 'groupSize', 'max'], String(gs.max), `at least workload.groupSize.min (${gs.min})`);
    else if (gs.max > peers) fail(['workload', 'groupSize', 'max'], String(gs.max), `at most overlay.peers (${peers})`);
  }
  if (w.mode === 'ssm' && w.sources !== 1) {
    fail(['workload', 'sources'], String(w.sources), '1 in ssm mode (only the group creator sends; use mode: asm for more senders)');
  }
  if (w.messages.rate !== undefined && w.messages.count !== undefined) {
    fail(['workload', 'messages', 'count'], String(w.messages.count), 'either messages.rate or messages.count, not both');
  }

  const times = runTimes(s);
  if (w.joinWindow.to < w.joinWindow.from) {
    fail(['workload', 'joinWindow', 'to'], t(w.joinWindow.to), `a time at or after workload.joinWindow.from (${t(w.joinWindow.from)})`);
  }
  if (w.messages.stop < w.messages.start) {
    fail(['workload', 'messages', 'stop'], t(w.messages.stop), `a time at or after workload.messages.start (${t(w.messages.start)})`);
  } else if (w.messages.stop > times.end) {
    fail(['workload', 'messages', 'stop'], t(w.messages.stop), `at most the end of the run (${t(times.end)} = warmup + duration + drain)`);
  }

  const l = w.lookups;
  if (l.rate !== undefined && l.count !== undefined) {
    fail(['workload', 'lookups', 'count'], String(l.count), 'either lookups.rate or lookups.count, not both');
  }
  if (l.stop < l.start) {
    fail(['workload', 'lookups', 'stop'], t(l.stop), `a time at or after workload.lookups.start (${t(l.start)})`);
  } else if (l.stop > times.end) {
    fail(['workload', 'lookups', 'stop'], t(l.stop), `at most the end of the run (${t(times.end)} = warmup + duration + drain)`);
  }

  const algorithms = s.alm.algorithms;
  if (new Set(algorithms).size !== algorithms.length) fail(['alm', 'algorithms'], JSON.stringify(algorithms), 'each algorithm at most once');

  s.measurement.snapshots.forEach((at, i) => {
    if (at > times.end) fail(['measurement', 'snapshots', i], t(at), `a time up to the end of the run (${t(times.end)})`);
  });
  return ok;
}

function checkDistribution(
  d: { distribution: string; mean?: number | undefined; median?: number | undefined; shape?: number | undefined },
  path: string[],
  fail: (path: PropertyKey[], found: string, expected: string) => void,
): void {
  if (d.mean !== undefined && d.median !== undefined) {
    fail([...path, 'median'], t(d.median), `no median when a mean is given (give one of them)`);
  } else if (d.mean === undefined && d.median === undefined) {
    fail(path, 'neither mean nor median', 'a mean or a median');
  }
  if (d.distribution === 'exponential') {
    if (d.shape !== undefined) fail([...path, 'shape'], String(d.shape), 'no shape for the exponential distribution');
    return;
  }
  if (d.shape === undefined) {
    const name = d.distribution === 'weibull' ? 'Weibull k' : d.distribution === 'pareto' ? 'Pareto alpha' : 'lognormal sigma';
    fail([...path, 'shape'], 'nothing', `a positive shape (${name}) for the ${d.distribution} distribution`);
  } else if (d.distribution === 'pareto' && d.mean !== undefined && d.shape <= 1) {
    fail([...path, 'shape'], String(d.shape), 'a shape above 1 for a Pareto mean (with shape <= 1 the mean is infinite; give a median instead)');
  }
}

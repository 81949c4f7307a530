/** A short human summary of a resolved scenario (what `almsim validate` prints). */
import { formatQuantity } from './quantities.ts';
import type { Scenario } from './schema.ts';
import { makeSampler } from './distributions.ts';
import { peerSlotCount, runTimes } from './schema-derive.ts';
import { displayPath } from './load.ts';

const t = (us: number) => formatQuantity('time', us);

export function summarizeScenario(s: Scenario): string[] {
  const o = s.overlay;
  const clients = o.peers - peerSlotCount(s);
  const times = runTimes(s);
  const rows: Array<[string, string]> = [
    ['name', `${s.name} (seed ${s.seed}, ${s.runs} run${s.runs === 1 ? '' : 's'})`],
    [
      'peers',
      `${o.peers} slots${clients > 0 ? ` (${clients} clients)` : ''}, ${o.bootstrap.mode} bootstrap` +
        (o.bootstrap.mode === 'protocol' ? ` (ends at ${t(times.bootstrapEnd)})` : ''),
    ],
    ['underlay', underlay(s)],
    ['churn', churn(s)],
    ['groups', groups(s)],
    ...(lookupsOn(s) ? ([['lookups', lookups(s)]] as Array<[string, string]>) : []),
    ['algorithms', `${s.alm.algorithms.join(', ')} (${s.alm.edges} edges)`],
    ['window', `${t(times.windowStart)} .. ${t(times.windowEnd)} (run ends at ${t(times.end)}), ${s.measurement.snapshots.length} snapshot(s)`],
    ['output', s.output.dir],
  ];
  const width = Math.max(...rows.map(([k]) => k.length));
  return rows.map(([k, v]) => `  ${k.padEnd(width)}  ${v}`);
}

function underlay(s: Scenario): string {
  const u = s.underlay;
  let text: string;
  switch (u.model) {
    case 'constant':
      text = `constant ${t(u.latency)}`;
      break;
    case 'uniform':
      text = `uniform ${t(u.min)} .. ${t(u.max)}`;
      break;
    case 'coordinates':
      text = `coordinates on a ${u.space}, extent ${t(u.extent)}`;
      break;
    case 'transit-stub': {
      const routers = u.transitDomains * u.routersPerTransitDomain * (1 + u.stubsPerTransitRouter * u.routersPerStubDomain);
      text = `transit-stub ${u.preset} (${routers} routers)`;
      break;
    }
    case 'matrix':
      text = `latency matrix ${displayPath(u.file)}`;
      break;
  }
  if (u.loss.probability > 0) text += `, loss ${u.loss.probability}`;
  if (u.partitions.length > 0) text += `, ${u.partitions.length} partition(s)`;
  if (u.bandwidth !== null) text += `, ${formatQuantity('bitrate', u.bandwidth)} upload`;
  return text;
}

function churn(s: Scenario): string {
  const c = s.churn;
  switch (c.model) {
    case 'none':
      return 'none';
    case 'trace':
      return `trace ${displayPath(c.file)} from ${t(c.start)}`;
    case 'lifetime': {
      const dist = (d: typeof c.session) =>
        `${d.distribution} ${d.mean !== undefined ? `mean ${t(d.mean)}` : `median ${t(d.median ?? 0)}`}${d.shape !== undefined ? ` shape ${d.shape}` : ''}`;
      const session = makeSampler(c.session);
      const off = makeSampler(c.offTime);
      const up = session.mean / (session.mean + off.mean);
      return (
        `lifetime from ${t(c.start)}: session ${dist(c.session)}, off ${dist(c.offTime)}, ` +
        `${Math.round(c.crashFraction * 100)}% crashes, ${c.initialState} start (about ${Math.round(up * s.overlay.peers)} of ${s.overlay.peers} up)`
      );
    }
  }
}

function groups(s: Scenario): string {
  const w = s.workload;
  const g = w.groupSize;
  const size = g.dist === 'fixed' ? `${g.size} members each` : g.dist === 'uniform' ? `${g.min}..${g.max} members` : `zipf-scribe sizes (exponent ${g.exponent})`;
  const m = w.messages;
  const traffic = m.count !== undefined ? `${m.count} msgs/group` : `${m.rate ?? 0} msg/s per group`;
  return (
    `${w.groups} ${w.groups === 1 ? 'group' : 'groups'}, ${size}, ${w.mode}${w.mode === 'asm' ? ` (${w.sources} sources)` : ''}, ` +
    `joins ${t(w.joinWindow.from)} .. ${t(w.joinWindow.to)}, ${traffic} of ${formatQuantity('bytes', m.payloadBytes)} from ${t(m.start)} to ${t(m.stop)}`
  );
}

function lookupsOn(s: Scenario): boolean {
  const l = s.workload.lookups;
  return (l.rate ?? 0) > 0 || (l.count ?? 0) > 0;
}

function lookups(s: Scenario): string {
  const l = s.workload.lookups;
  const what = l.count !== undefined ? `${l.count} lookups` : `${l.rate ?? 0} lookups/s per peer slot`;
  return `${what} to random Resource-IDs from ${t(l.start)} to ${t(l.stop)}`;
}

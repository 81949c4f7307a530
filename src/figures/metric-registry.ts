/**
 * The metric registry of figure files: every name a figure may plot or check, and how it is read
 * from the AlgorithmResult of one simulation (src/metrics/run-result.ts).
 *
 * Two kinds:
 * - a distribution: one value per delivery, group, peer, (peer, message) pair..., possibly with a
 *   count per value (link stress and forwarding load come as distinct values with counts); plotted
 *   by cdf and histogram panels, pooled over runs;
 * - a scalar: one number per simulation; plotted by line and bar panels (mean over runs, with a
 *   95% confidence interval). Every distribution D also gives the scalars D.mean, D.min, D.max,
 *   D.median, D.count, D.maxOverMean and D.pQ (the nearest-rank Q-th percentile, 0 < Q <= 100,
 *   e.g. latency.p95, lookups.hops.p1).
 * The definitions are those of README "Metrics definitions".
 */
import type { AlgorithmResult, AlgorithmSummary, ColumnData } from '../metrics/run-result.ts';
import type { LinkStressStats } from '../metrics/link-stress-collector.ts';

/** Values of a distribution, each with a count (all 1 when `counts` is absent). */
export interface Distribution {
  readonly values: Float64Array;
  readonly counts?: Float64Array;
}

export type MetricValue = number | null | Distribution;

export interface MetricDoc {
  readonly name: string;
  readonly kind: 'scalar' | 'distribution';
  readonly unit: string;
  readonly doc: string;
}

interface ScalarDef extends MetricDoc {
  readonly kind: 'scalar';
  readonly read: (a: AlgorithmResult) => number | null;
}

interface DistributionDef extends MetricDoc {
  readonly kind: 'distribution';
  readonly read: (a: AlgorithmResult) => Distribution;
}

type MetricDef = ScalarDef | DistributionDef;

const scalar = (name: string, unit: string, doc: string, read: (s: AlgorithmSummary) => number | null): ScalarDef => ({
  name,
  kind: 'scalar',
  unit,
  doc,
  read: (a) => read(a.summary),
});

const dist = (name: string, unit: string, doc: string, read: (a: AlgorithmResult) => Distribution): DistributionDef => ({ name, kind: 'distribution', unit, doc, read });

/** Finite numbers of a table column (nulls and NaN left out). */
function finite(column: ColumnData | ArrayLike<number> | undefined): Distribution {
  const out: number[] = [];
  if (column !== undefined) {
    for (let i = 0; i < column.length; i++) {
      const v = column[i];
      if (typeof v === 'number' && Number.isFinite(v)) out.push(v);
    }
  }
  return { values: Float64Array.from(out) };
}

function histogram(stats: LinkStressStats | null): Distribution {
  const h = stats?.histogram ?? [];
  return { values: Float64Array.from(h, ([v]) => v), counts: Float64Array.from(h, ([, n]) => n) };
}

/** Per node of the nodes table: bytes of a category per second of its up time. */
function perNodeRate(a: AlgorithmResult, column: string): Distribution {
  const t = a.tables.nodes;
  const bytes = t.data[column];
  const up = t.data['up_s'];
  const out: number[] = [];
  for (let i = 0; i < t.length; i++) {
    const b = bytes?.[i];
    const u = up?.[i];
    if (typeof b === 'number' && typeof u === 'number' && u > 0) out.push(b / u);
  }
  return { values: Float64Array.from(out) };
}

const CATEGORIES = ['overlay', 'tree', 'data', 'measurement'] as const;
const CATEGORY_DOC = {
  overlay: 'RELOAD overlay maintenance (every code but exp_a)',
  tree: 'ALM tree maintenance (ALM codes but Push and NodeQuery, and ALM errors)',
  data: 'Push and PushResponse',
  measurement: 'the NodeQuery crawl (figures run without it: 0)',
} as const;

const DEFINITIONS: readonly MetricDef[] = [
  // Deliveries.
  scalar('delivery.ratio', '', 'received / expected copies of the messages sent in the window', (s) => s.delivery.ratio),
  scalar('delivery.messages', 'messages', 'messages sent in the window', (s) => s.delivery.messages),
  scalar('delivery.expected', 'copies', 'expected receivers summed over the messages', (s) => s.delivery.expected),
  scalar('delivery.received', 'copies', 'expected receivers that delivered', (s) => s.delivery.received),
  scalar('delivery.unexpected', 'copies', 'deliveries to peers that joined after the send', (s) => s.delivery.unexpected),
  scalar('rad', '', 'relative average delay: mean over groups of the per-group mean over messages', (s) => s.delivery.rad),
  scalar('rmd', '', 'relative maximum delay: mean over groups of the per-group mean over messages', (s) => s.delivery.rmd),
  dist('latency', 'ms', 'delivery latency per received copy', (a) => finite(a.tables.deliveries.data['delay_ms'])),
  dist('rdp', '', 'relative delay penalty per received copy (latency / direct unicast latency)', (a) => finite(a.tables.deliveries.data['rdp'])),
  dist('overlayHops', 'hops', 'overlay hops from the source per received copy', (a) => finite(a.tables.deliveries.data['overlay_hops'])),
  dist('treeHops', 'edges', 'tree edges from the root per received copy', (a) => finite(a.tables.deliveries.data['tree_hops'])),
  dist('groups.rad', '', 'RAD per group (groups with a delivered message)', (a) => finite(a.tables.groups.data['rad'])),
  dist('groups.rmd', '', 'RMD per group', (a) => finite(a.tables.groups.data['rmd'])),
  dist('groups.deliveryRatio', '', 'delivery ratio per group', (a) => finite(a.tables.groups.data['delivery_ratio'])),
  dist('groups.meanDelay', 'ms', 'mean delivery latency per group', (a) => finite(a.tables.groups.data['mean_delay_ms'])),
  // Groups and sends.
  scalar('groups.created', 'groups', 'groups created', (s) => s.groups.created),
  scalar('groups.failed', 'groups', 'groups whose creation failed', (s) => s.groups.failed),
  scalar('sends.made', 'messages', 'sends of the schedule made in the run', (s) => s.sends.made),
  scalar('sends.skipped', 'messages', "sends skipped because the sender's slot was down", (s) => s.sends.skipped),
  scalar('events', 'events', 'simulation events executed', (s) => s.events),
  // Tree shape and node stress (ground truth at the snapshots, pooled).
  dist('fanout', 'children', 'children of a forwarding peer in one group, summed over stripes, per snapshot', (a) => finite(a.distributions.fanout)),
  dist('depth', 'edges', 'tree edges from each connected member to the root, per stripe and snapshot', (a) => finite(a.distributions.depth)),
  dist('nodeStress.tables', 'groups', 'groups with a non-empty children table, per up peer and snapshot', (a) => finite(a.distributions.nodeStressTables)),
  dist('nodeStress.entries', 'children', 'children-table entries over all groups, per up peer and snapshot', (a) => finite(a.distributions.nodeStressEntries)),
  scalar('trees.disconnected', 'member-stripes', 'members not connected to a root, summed over snapshots', (s) => s.trees.disconnected),
  // Link stress (transit-stub underlay only; empty otherwise).
  dist('linkStress', 'copies', "copies of a message on a router link, per (message, link) pair, for the algorithm", (a) => histogram(a.summary.linkStress.algorithm)),
  dist('linkStress.ipMulticast', 'copies', 'the same for IP multicast to the same receivers (always 1)', (a) => histogram(a.summary.linkStress.ipMulticast)),
  dist('linkStress.unicast', 'copies', 'the same for naive unicast from the source to each receiver', (a) => histogram(a.summary.linkStress.unicast)),
  scalar('linkStress.linksPerMessage', 'links', 'router links used per message by the algorithm', (s) => s.linkStress.algorithm?.linksPerMessage ?? null),
  scalar('linkStress.ipMulticast.linksPerMessage', 'links', 'router links used per message by IP multicast', (s) => s.linkStress.ipMulticast?.linksPerMessage ?? null),
  scalar('linkStress.unicast.linksPerMessage', 'links', 'router links used per message by unicast', (s) => s.linkStress.unicast?.linksPerMessage ?? null),
  // Forwarding load.
  dist('forwardingLoad', 'messages', 'message units a peer sends on per message (1/stripes per tree Push), per (peer, message) pair, zeros included', (a) => {
    const w = a.distributions.forwardingLoad;
    return { values: Float64Array.from(w.values), counts: Float64Array.from(w.counts) };
  }),
  // Overhead.
  scalar('overhead.peerSeconds', 's', 'peer up time summed over peers, in the window', (s) => s.overhead.peerSeconds),
  ...CATEGORIES.flatMap((c) => [
    scalar(`overhead.${c}.messages`, 'messages', `transmissions of ${CATEGORY_DOC[c]}`, (s) => s.overhead[c].messages),
    scalar(`overhead.${c}.bytes`, 'B', `bytes of ${CATEGORY_DOC[c]}`, (s) => s.overhead[c].bytes),
    scalar(`overhead.${c}.messagesPerPeerSecond`, 'msg/peer/s', `${CATEGORY_DOC[c]}: messages per peer per second of up time`, (s) => s.overhead[c].messagesPerPeerSecond),
    scalar(`overhead.${c}.bytesPerPeerSecond`, 'B/peer/s', `${CATEGORY_DOC[c]}: bytes per peer per second of up time`, (s) => s.overhead[c].bytesPerPeerSecond),
  ]),
  dist('nodes.overlayBytesPerSecond', 'B/s', 'overlay maintenance bytes each node sent per second of its up time', (a) => perNodeRate(a, 'overlay_bytes')),
  dist('nodes.treeBytesPerSecond', 'B/s', 'tree maintenance bytes each node sent per second of its up time', (a) => perNodeRate(a, 'tree_bytes')),
  dist('nodes.controlBytesPerSecond', 'B/s', 'overlay plus tree maintenance bytes per node per second of up time', (a) => finite(a.tables.nodes.data['control_bytes_per_s'])),
  // Repairs.
  scalar('repairs.started', 'repairs', 'repairs that started in the window', (s) => s.repairs.started),
  scalar('repairs.repaired', 'repairs', 'of them, repaired', (s) => s.repairs.repaired),
  scalar('repairs.censored', 'repairs', 'of them, still repairing at the end of the run', (s) => s.repairs.censored),
  scalar('repairs.abandoned', 'repairs', 'of them, the peer left the overlay first', (s) => s.repairs.abandoned),
  scalar('repairs.dropped', 'repairs', 'of them, the peer left the tree instead', (s) => s.repairs.dropped),
  dist('repairTime', 's', 'time from losing a parent to having one again, per repaired repair', (a) => finite(a.tables.repairs.data['duration_s'])),
  // Lookups (workload.lookups).
  scalar('lookups.issued', 'lookups', 'lookups sent in the window', (s) => s.lookups.issued),
  scalar('lookups.skipped', 'lookups', "lookups due in the window whose slot's node was down", (s) => s.lookups.skipped),
  scalar('lookups.answered', 'lookups', 'lookups answered by the responsible peer', (s) => s.lookups.answered),
  scalar('lookups.failed', 'lookups', 'lookups that failed (error or timeout)', (s) => s.lookups.failed),
  scalar('lookups.successRatio', '', 'answered / issued', (s) => s.lookups.successRatio),
  dist('lookups.hops', 'hops', 'overlay hops of each answered lookup', (a) => finite(a.distributions.lookupHops)),
  dist('lookups.rtt', 'ms', 'round-trip time of each answered lookup', (a) => finite(a.tables.lookups.data['rtt_ms'])),
];

const BY_NAME = new Map<string, MetricDef>(DEFINITIONS.map((d) => [d.name, d]));

/** Statistics every distribution gives as a scalar: `<distribution>.<stat>`. */
export const DISTRIBUTION_STATS = ['mean', 'min', 'max', 'median', 'count', 'maxOverMean', 'pQ'] as const;

const STAT_PATTERN = /^(mean|min|max|median|count|maxOverMean|p(\d+(?:\.\d+)?))$/;

/** A metric name resolved against the registry. */
export type ResolvedMetric =
  | { readonly name: string; readonly kind: 'scalar'; readonly read: (a: AlgorithmResult) => number | null }
  | { readonly name: string; readonly kind: 'distribution'; readonly read: (a: AlgorithmResult) => Distribution };

/** The metric `name` stands for, or undefined if the registry has no such name. */
export function resolveMetric(name: string): ResolvedMetric | undefined {
  const def = BY_NAME.get(name);
  if (def !== undefined) return def;
  const split = splitStat(name);
  if (split === undefined) return undefined;
  const base = BY_NAME.get(split.base);
  const stat = split.stat;
  if (base === undefined || base.kind !== 'distribution' || parseStat(stat) === undefined) return undefined;
  return { name, kind: 'scalar', read: (a) => distributionStat(base.read(a), stat) };
}

/** `<base>.<stat>`, where a percentile may have a decimal point (lookups.hops.p99.9). */
function splitStat(name: string): { base: string; stat: string } | undefined {
  const pct = /^(.+)\.(p\d+\.\d+)$/.exec(name);
  if (pct !== null) return { base: pct[1]!, stat: pct[2]! };
  const dot = name.lastIndexOf('.');
  return dot < 0 ? undefined : { base: name.slice(0, dot), stat: name.slice(dot + 1) };
}

/** A statistic's quantile (0..1) for pQ, or the statistic's name; undefined if it is none. */
function parseStat(stat: string): string | number | undefined {
  const m = STAT_PATTERN.exec(stat);
  if (m === null) return undefined;
  if (m[2] === undefined) return stat;
  const q = Number(m[2]);
  return q > 0 && q <= 100 ? q / 100 : undefined;
}

/** True if `stat` is a statistic name (mean, max, p99, ...). */
export function isDistributionStat(stat: string): boolean {
  return parseStat(stat) !== undefined;
}

/** Total count of a distribution. */
export function totalCount(d: Distribution): number {
  if (d.counts === undefined) return d.values.length;
  let n = 0;
  for (let i = 0; i < d.counts.length; i++) n += d.counts[i]!;
  return n;
}

/** Distinct values of a distribution, ascending, with their counts (non-finite values left out). */
export function sortedWithCounts(d: Distribution): { values: Float64Array; counts: Float64Array } {
  const n = d.values.length;
  const order = Array.from({ length: n }, (_, i) => i).filter((i) => Number.isFinite(d.values[i]!));
  order.sort((a, b) => d.values[a]! - d.values[b]! || a - b);
  const values: number[] = [];
  const counts: number[] = [];
  for (const i of order) {
    const v = d.values[i]!;
    const c = d.counts === undefined ? 1 : d.counts[i]!;
    if (c <= 0) continue;
    if (values.length > 0 && values[values.length - 1] === v) counts[counts.length - 1]! += c;
    else {
      values.push(v);
      counts.push(c);
    }
  }
  return { values: Float64Array.from(values), counts: Float64Array.from(counts) };
}

/**
 * A statistic of a distribution: mean, min, max, median (= p50), count, maxOverMean, or pQ (the
 * nearest-rank Q-th percentile: the smallest value with at least Q% of the count at or below it,
 * as src/metrics/stats.ts). null when the distribution is empty (count: 0).
 */
export function distributionStat(d: Distribution, stat: string): number | null {
  const parsed = parseStat(stat);
  if (parsed === undefined) throw new Error(`unknown statistic ${JSON.stringify(stat)}`);
  const { values, counts } = sortedWithCounts(d);
  let total = 0;
  let sum = 0;
  for (let i = 0; i < values.length; i++) {
    total += counts[i]!;
    sum += values[i]! * counts[i]!;
  }
  if (parsed === 'count') return total;
  if (total === 0) return null;
  const quantile = (q: number): number => {
    const rank = Math.min(total, Math.max(1, Math.ceil(q * total)));
    let seen = 0;
    for (let i = 0; i < values.length; i++) {
      seen += counts[i]!;
      if (seen >= rank) return values[i]!;
    }
    return values[values.length - 1]!;
  };
  const mean = sum / total;
  const max = values[values.length - 1]!;
  switch (parsed) {
    case 'mean':
      return mean;
    case 'min':
      return values[0]!;
    case 'max':
      return max;
    case 'median':
      return quantile(0.5);
    case 'maxOverMean':
      return mean !== 0 ? max / mean : null;
    default:
      return quantile(parsed as number);
  }
}

/** Reads a resolved metric from one simulation's result. */
export function readMetric(name: string, a: AlgorithmResult): MetricValue {
  const m = resolveMetric(name);
  if (m === undefined) throw new Error(`unknown metric ${JSON.stringify(name)}`);
  return m.read(a);
}

/** Every registered base name with its kind, unit and meaning (derived statistics not listed). */
export function metricDocs(): MetricDoc[] {
  return DEFINITIONS.map(({ name, kind, unit, doc }) => ({ name, kind, unit, doc }));
}

/** The registered name closest to `name` (for "did you mean"), if one is close. */
export function closestMetric(name: string): string | undefined {
  const dot = name.lastIndexOf('.');
  const candidates = [...BY_NAME.keys()];
  // A known distribution with a misspelt statistic: suggest a statistic.
  if (dot > 0 && BY_NAME.get(name.slice(0, dot))?.kind === 'distribution') return `${name.slice(0, dot)}.mean`;
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const c of candidates) {
    const d = editDistance(name.toLowerCase(), c.toLowerCase());
    if (d < bestDistance) {
      bestDistance = d;
      best = c;
    }
  }
  return best !== undefined && bestDistance <= Math.max(2, Math.floor(name.length / 4)) ? best : undefined;
}

function editDistance(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    for (let j = 1; j <= b.length; j++) cur.push(Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1)));
    prev = cur;
  }
  return prev[b.length]!;
}

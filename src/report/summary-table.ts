/**
 * The side-by-side summary of a run: one row per metric, one column per algorithm. The same table
 * is printed by the CLI, shown in report.html, and flattened into sweep rows.
 */
import type { AlgorithmSummary, RunResult } from '../metrics/run-result.ts';
import type { ReportTable, ReportValue } from './html-report.ts';

export interface SummaryMetric {
  /** Stable key (sweep CSV column). */
  readonly key: string;
  /** Row label, with its unit. */
  readonly label: string;
  readonly value: (s: AlgorithmSummary) => number | null;
}

const per = (s: AlgorithmSummary, cat: 'overlay' | 'tree' | 'data') => s.overhead[cat].messagesPerPeerSecond;

/** The metrics of the summary table, in display order. */
export const SUMMARY_METRICS: readonly SummaryMetric[] = [
  { key: 'messages', label: 'messages sent in the window', value: (s) => s.delivery.messages },
  { key: 'delivery_ratio', label: 'delivery ratio', value: (s) => s.delivery.ratio },
  { key: 'latency_mean_ms', label: 'latency mean (ms)', value: (s) => s.delivery.latencyMs.mean },
  { key: 'latency_p95_ms', label: 'latency p95 (ms)', value: (s) => s.delivery.latencyMs.p95 },
  { key: 'overlay_hops_mean', label: 'overlay hops mean', value: (s) => s.delivery.overlayHops.mean },
  { key: 'rdp_mean', label: 'RDP mean', value: (s) => s.delivery.rdp.mean },
  { key: 'rdp_p95', label: 'RDP p95', value: (s) => s.delivery.rdp.p95 },
  { key: 'rad', label: 'RAD (mean over groups)', value: (s) => s.delivery.rad },
  { key: 'rmd', label: 'RMD (mean over groups)', value: (s) => s.delivery.rmd },
  { key: 'fanout_max', label: 'fanout max', value: (s) => s.trees.fanout.max },
  { key: 'fanout_mean', label: 'fanout mean (forwarders)', value: (s) => s.trees.fanout.mean },
  { key: 'depth_max', label: 'tree depth max', value: (s) => s.trees.depth.max },
  { key: 'depth_mean', label: 'tree depth mean', value: (s) => s.trees.depth.mean },
  { key: 'node_stress_tables_mean', label: 'node stress: children tables mean', value: (s) => s.trees.nodeStressTables.mean },
  { key: 'node_stress_entries_mean', label: 'node stress: children entries mean', value: (s) => s.trees.nodeStressEntries.mean },
  { key: 'node_stress_entries_max', label: 'node stress: children entries max', value: (s) => s.trees.nodeStressEntries.max },
  { key: 'link_stress_mean', label: 'link stress mean', value: (s) => s.linkStress.algorithm?.mean ?? null },
  { key: 'link_stress_max', label: 'link stress max', value: (s) => s.linkStress.algorithm?.max ?? null },
  { key: 'link_stress_unicast_max', label: 'link stress max, unicast', value: (s) => s.linkStress.unicast?.max ?? null },
  { key: 'links_per_message', label: 'links per message', value: (s) => s.linkStress.algorithm?.linksPerMessage ?? null },
  { key: 'links_per_message_ip_multicast', label: 'links per message, IP multicast', value: (s) => s.linkStress.ipMulticast?.linksPerMessage ?? null },
  { key: 'overlay_msgs_per_peer_s', label: 'overlay maintenance (msg/peer/s)', value: (s) => per(s, 'overlay') },
  { key: 'tree_msgs_per_peer_s', label: 'tree maintenance (msg/peer/s)', value: (s) => per(s, 'tree') },
  { key: 'data_msgs_per_peer_s', label: 'data (msg/peer/s)', value: (s) => per(s, 'data') },
  {
    key: 'control_bytes_per_peer_s',
    label: 'control overhead (B/peer/s)',
    value: (s) => {
      const o = s.overhead.overlay.bytesPerPeerSecond;
      const t = s.overhead.tree.bytesPerPeerSecond;
      return o === null || t === null ? null : o + t;
    },
  },
  { key: 'repairs', label: 'repairs started', value: (s) => s.repairs.started },
  { key: 'repair_mean_s', label: 'repair time mean (s)', value: (s) => s.repairs.timeS.mean },
  { key: 'repair_p95_s', label: 'repair time p95 (s)', value: (s) => s.repairs.timeS.p95 },
  { key: 'repairs_censored', label: 'repairs censored at the end', value: (s) => s.repairs.censored },
];

/** Metric rows with one column per algorithm (link stress rows only on a routed underlay). */
export function summaryTable(result: RunResult): ReportTable {
  const columns = ['metric', ...result.algorithms.map((a) => a.label)];
  const routed = result.algorithms.some((a) => a.summary.linkStress.applicable);
  const metrics = SUMMARY_METRICS.filter((m) => routed || !isLinkStress(m));
  const rows: ReportValue[][] = metrics.map((m) => [m.label, ...result.algorithms.map((a) => m.value(a.summary))]);
  const note = routed ? '' : ' Link stress needs a transit-stub underlay (router paths).';
  return { columns, rows, caption: `Measurement window ${result.window.startS} s to ${result.window.endS} s; see README "Metrics definitions".${note}` };
}

function isLinkStress(m: SummaryMetric): boolean {
  return m.key.startsWith('link');
}

/** A number as the summary shows it: integers as they are, others with 4 significant digits. */
export function formatNumber(v: number | null): string {
  if (v === null || Number.isNaN(v)) return '-';
  if (!Number.isFinite(v)) return String(v);
  if (Number.isInteger(v)) return String(v);
  const a = Math.abs(v);
  if (a >= 1000) return v.toFixed(0);
  return Number(v.toPrecision(4)).toString();
}

/** A plain-text rendering of a table for the terminal (columns padded, numbers right-aligned). */
export function formatTextTable(table: ReportTable): string {
  const cells = [table.columns.map(String), ...table.rows.map((r) => r.map((v) => (typeof v === 'number' || v === null ? formatNumber(v) : String(v))))];
  const widths = table.columns.map((_, i) => Math.max(...cells.map((r) => (r[i] ?? '').length)));
  return cells
    .map((r, ri) =>
      r
        .map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : ri === 0 ? c.padStart(widths[i]!) : c.padStart(widths[i]!)))
        .join('  ')
        .trimEnd(),
    )
    .join('\n');
}

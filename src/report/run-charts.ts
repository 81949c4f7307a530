/**
 * The charts of a run, as chart specs built from its RunResult: one series per algorithm (coloured
 * by label, so Scribe and P2PCast keep their colours in every figure), plus the IP-multicast and
 * unicast baselines where a chart has them.
 */
import type { RunResult } from '../metrics/run-result.ts';
import { chartConfig, renderChartConfig, type ChartMarker, type ChartSpec } from './charts/index.ts';

export interface RunChart {
  /** File name under charts/. */
  readonly file: string;
  readonly caption: string;
  readonly spec: ChartSpec;
  /** Many category labels: a wider chart with slanted labels, none skipped. */
  readonly manyCategories?: boolean;
}

/** Renders a run chart to PNG bytes. */
export function renderRunChart(chart: RunChart): Buffer {
  const config = chartConfig(chart.spec);
  if (chart.manyCategories !== true) return renderChartConfig(config);
  const x = (config.options?.scales as Record<string, { ticks?: Record<string, unknown> }> | undefined)?.['x'];
  if (x !== undefined) x.ticks = { ...x.ticks, autoSkip: false, maxRotation: 60, minRotation: 45 };
  return renderChartConfig(config, { width: 1000, height: 520 });
}

/** Churn departures drawn as markers on the delivery-ratio chart, at most this many. */
export const MAX_CHURN_MARKERS = 150;

function column(values: ArrayLike<unknown> | undefined): number[] {
  const out: number[] = [];
  if (values === undefined) return out;
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (typeof v === 'number' && Number.isFinite(v)) out.push(v);
  }
  return out;
}

export function runCharts(result: RunResult): RunChart[] {
  const algs = result.algorithms;
  const charts: RunChart[] = [];
  charts.push({
    file: 'latency-cdf.png',
    caption: 'Delivery latency of every received copy of the messages sent in the measurement window (send to application delivery).',
    spec: {
      kind: 'cdf',
      title: 'Delivery latency',
      xLabel: 'latency (ms)',
      series: algs.map((a) => ({ label: a.label, values: column(a.tables.deliveries.data['delay_ms']) })),
    },
  });
  charts.push({
    file: 'rdp-cdf.png',
    caption: 'Relative delay penalty of each delivery: its latency divided by the direct one-way underlay latency from the source to the member.',
    spec: {
      kind: 'cdf',
      title: 'Relative delay penalty',
      xLabel: 'RDP (latency / direct unicast latency)',
      logX: true,
      series: algs.map((a) => ({ label: a.label, values: column(a.tables.deliveries.data['rdp']) })),
    },
  });
  charts.push({
    file: 'fanout.png',
    caption: 'Out-degree of each forwarding peer in each group (children summed over stripes), pooled over the snapshots.',
    spec: {
      kind: 'histogram',
      title: 'Fanout of forwarding nodes',
      xLabel: 'children per forwarding node and group',
      normalize: true,
      series: algs.map((a) => ({ label: a.label, values: column(a.distributions.fanout) })),
    },
  });
  charts.push({
    file: 'node-stress.png',
    caption: 'Node stress: children-table entries per up peer over all its groups (zeros included), pooled over the snapshots.',
    spec: {
      kind: 'histogram',
      title: 'Node stress',
      xLabel: 'children-table entries per peer',
      normalize: true,
      series: algs.map((a) => ({ label: a.label, values: column(a.distributions.nodeStressEntries) })),
    },
  });
  const routed = algs.filter((a) => a.summary.linkStress.applicable);
  const first = routed[0];
  if (first !== undefined) {
    const line = (label: string, h: readonly (readonly [number, number])[] | undefined) => ({
      label,
      points: (h ?? []).map(([s, n]) => [s, n] as const),
    });
    charts.push({
      file: 'link-stress.png',
      caption:
        'Link stress: number of (message, router link) pairs at each stress (copies of one message on one link), for each algorithm and for IP multicast (shortest-path tree) and naive unicast to the same receivers.',
      spec: {
        kind: 'line',
        title: 'Link stress',
        xLabel: 'copies of a message on a link',
        yLabel: '(message, link) pairs',
        logX: true,
        logY: true,
        series: [
          ...routed.map((a) => line(a.label, a.summary.linkStress.algorithm?.histogram)),
          line('IP multicast', first.summary.linkStress.ipMulticast?.histogram),
          line('Unicast', first.summary.linkStress.unicast?.histogram),
        ],
      },
    });
  }
  charts.push({
    file: 'tree-depth.png',
    caption: 'Tree edges from each connected member to the root (per stripe), pooled over the snapshots.',
    spec: {
      kind: 'histogram',
      title: 'Tree depth of members',
      xLabel: 'depth (tree edges to the root)',
      normalize: true,
      bins: 'integer',
      series: algs.map((a) => ({ label: a.label, values: column(a.distributions.depth) })),
    },
  });
  const churn = result.churn;
  const departures: ChartMarker[] = [];
  for (let i = 0; i < churn.length; i++) {
    const kind = churn.data['event']![i];
    const peer = churn.data['peer']![i] as number;
    const t = churn.data['time_s']![i] as number;
    if (kind !== 'join' && peer >= 0 && t >= result.window.startS && t < result.window.endS) departures.push({ x: t });
  }
  const markers = departures.length <= MAX_CHURN_MARKERS ? departures : [];
  charts.push({
    file: 'delivery-ratio.png',
    caption:
      `Delivery ratio of the messages sent in each interval (received / expected members).` +
      (departures.length === 0
        ? ''
        : markers.length > 0
          ? ' Vertical lines: departures (graceful leaves and crashes).'
          : ` (${departures.length} departures in the window: too many to mark.)`),
    spec: {
      kind: 'line',
      title: 'Delivery ratio over time',
      xLabel: 'send time (s)',
      yLabel: 'delivery ratio',
      yMin: 0,
      yMax: 1,
      markers,
      series: algs.map((a) => {
        const t = a.tables.deliveryOverTime;
        const points: [number, number][] = [];
        for (let i = 0; i < t.length; i++) {
          const r = t.data['delivery_ratio']![i];
          const x0 = t.data['bin_start_s']![i] as number;
          const x1 = t.data['bin_end_s']![i] as number;
          points.push([(x0 + x1) / 2, typeof r === 'number' ? r : NaN]);
        }
        return { label: a.label, points };
      }),
    },
  });
  charts.push({
    file: 'repair-time.png',
    caption: 'Time from losing a parent to having one again, for the repairs that started in the window and ended before the end of the run.',
    spec: {
      kind: 'cdf',
      title: 'Repair time',
      xLabel: 'repair time (s)',
      series: algs.map((a) => ({ label: a.label, values: column(a.tables.repairs.data['duration_s']) })),
    },
  });
  // Message codes in a fixed order: category, then code.
  const order = ['overlay', 'tree', 'data', 'measurement'];
  const codes = new Map<string, { category: string; code: string }>();
  for (const a of algs) {
    const t = a.tables.overhead;
    for (let i = 0; i < t.length; i++) {
      const name = t.data['message']![i] as string;
      if (!codes.has(name)) codes.set(name, { category: t.data['category']![i] as string, code: t.data['code']![i] as string });
    }
  }
  const categories = [...codes]
    .sort((x, y) => order.indexOf(x[1].category) - order.indexOf(y[1].category) || (x[1].code < y[1].code ? -1 : x[1].code > y[1].code ? 1 : 0))
    .map(([name]) => name);
  charts.push({
    file: 'overhead.png',
    manyCategories: true,
    caption: 'Messages sent per peer per second of up time in the window, by message code (RELOAD codes, then ALM message codes carried in exp_a).',
    spec: {
      kind: 'bar',
      title: 'Messages by message code',
      xLabel: 'message code',
      yLabel: 'messages per peer per second',
      logY: true,
      categories,
      series: algs.map((a) => {
        const t = a.tables.overhead;
        const by = new Map<string, number>();
        for (let i = 0; i < t.length; i++) by.set(t.data['message']![i] as string, (t.data['messages_per_peer_s']![i] as number | null) ?? 0);
        return { label: a.label, values: categories.map((c) => by.get(c) ?? 0) };
      }),
    },
  });
  return charts;
}

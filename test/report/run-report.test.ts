import { readFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { AlgorithmSummary, RunResult } from '../../src/metrics/run-result.ts';
import { runCharts } from '../../src/report/run-charts.ts';
import { tableRows, writeRunFiles } from '../../src/report/run-files.ts';
import { sweepSummaryRows } from '../../src/report/sweep-files.ts';
import { formatNumber, formatTextTable, summaryTable } from '../../src/report/summary-table.ts';
import { loadScenario } from '../../src/scenario/load.ts';
import { runScenario } from '../../src/scenario/run-scenario.ts';
import type { SweepResult } from '../../src/scenario/sweep.ts';
import { tempDir } from '../cli/helpers.ts';

let routed: RunResult;

beforeAll(async () => {
  routed = await runScenario(loadScenario('test/fixtures/experiments/tiny-routed.yaml'), { crawl: true });
});

describe('run charts and report.html', () => {
  it('draws every chart, link stress with the IP-multicast and unicast baselines on a transit-stub underlay', () => {
    const charts = runCharts(routed);
    expect(charts.map((c) => c.file)).toEqual([
      'latency-cdf.png',
      'rdp-cdf.png',
      'fanout.png',
      'node-stress.png',
      'link-stress.png',
      'tree-depth.png',
      'delivery-ratio.png',
      'repair-time.png',
      'overhead.png',
    ]);
    const link = charts.find((c) => c.file === 'link-stress.png')!.spec;
    expect(link.kind === 'line' && link.series.map((s) => s.label)).toEqual(['Scribe', 'IP multicast', 'Unicast']);
    const latency = charts[0]!.spec;
    expect(latency.kind === 'cdf' && latency.series[0]!.values.length).toBe(routed.algorithms[0]!.tables.deliveries.length);
  });

  it('writes one self-contained report with the run facts, the summary table, every chart and the resolved scenario', () => {
    const dir = tempDir();
    const files = writeRunFiles(routed, dir);
    expect(files).toContain('link-stress.csv');
    const html = readFileSync(path.join(dir, 'report.html'), 'utf8');
    expect(html.match(/<img src="data:image\/png;base64,/g)).toHaveLength(9);
    for (const title of ['Delivery latency', 'Relative delay penalty', 'Fanout of forwarding nodes', 'Node stress', 'Link stress', 'Tree depth of members', 'Delivery ratio over time', 'Repair time', 'Messages by message code']) {
      expect(html).toContain(`<h3>${title}</h3>`);
    }
    expect(html).toContain('<th scope="row">delivery ratio</th>');
    expect(html).toContain('<th scope="row">links per message, IP multicast</th>');
    expect(html).toContain('name: tiny-routed');
    expect(html).not.toMatch(/(src|href)="(https?:|\/)/);
    const csv = readFileSync(path.join(dir, 'link-stress.csv'), 'utf8').split('\n');
    expect(csv[0]).toBe('series,algorithm,stress,links');
    expect(csv).toContain('IP multicast,scribe,1,' + routed.algorithms[0]!.summary.linkStress.ipMulticast!.histogram[0]![1]);
  });

  it('honours output.csv, output.charts and output.report', () => {
    const dir = tempDir();
    const files = writeRunFiles(routed, dir, { csv: { deliveries: false, trees: false }, charts: false, report: false });
    expect(files).not.toContain('deliveries.csv');
    expect(files).not.toContain('trees.csv');
    expect(files.some((f) => f.startsWith('charts/'))).toBe(false);
    expect(files).not.toContain('report.html');
    expect(files).toContain('summary.json');
  });
});

describe('tables', () => {
  it('summary table: one column per algorithm; numbers with 4 significant digits, "-" for none', () => {
    const t = summaryTable(routed);
    expect(t.columns).toEqual(['metric', 'Scribe']);
    const text = formatTextTable({ columns: ['metric', 'A', 'B'], rows: [['delivery ratio', 0.987654, 1], ['RDP', null, 12.34567], ['events', 123456, 1234.5678]] });
    expect(text).toBe(['metric               A      B', 'delivery ratio  0.9877      1', 'RDP                  -  12.35', 'events          123456   1235'].join('\n'));
    expect(formatNumber(NaN)).toBe('-');
  });

  it('CSV rows: NaN becomes an empty cell, leading columns come first', () => {
    const rows = [...tableRows({ columns: ['x', 'y'], length: 2, data: { x: [1, 2], y: Float64Array.from([NaN, 0.5]) } }, { algorithm: 'scribe' })];
    expect(rows).toEqual([
      { algorithm: 'scribe', x: 1, y: null },
      { algorithm: 'scribe', x: 2, y: 0.5 },
    ]);
  });

  it('sweep summary: mean and 95% CI half-width over the runs of each grid point and algorithm', () => {
    const summary = (ratio: number) => ({ ...routed.algorithms[0]!.summary, delivery: { ...routed.algorithms[0]!.summary.delivery, ratio } }) as AlgorithmSummary;
    const result = {
      points: [{ index: 0, values: ['0.5'], overrides: ['churn.crashFraction=0.5'] }],
      algorithms: ['scribe'],
      rows: [0.9, 0.8, 1.0].map((r, run) => ({ point: 0, run, algorithm: 'scribe', summary: summary(r) })),
    } as unknown as SweepResult;
    const [row] = sweepSummaryRows(result, [{ path: 'churn.crashFraction' }]);
    expect(row!['churn.crashFraction']).toBe('0.5');
    expect(row!['runs']).toBe(3);
    expect(row!['delivery_ratio_mean']).toBeCloseTo(0.9, 12);
    // sample sd 0.1, t(2) = 4.303: half-width 4.303 * 0.1 / sqrt(3)
    expect(row!['delivery_ratio_ci95']).toBeCloseTo((4.303 * 0.1) / Math.sqrt(3), 9);
  });
});

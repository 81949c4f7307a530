import { beforeAll, describe, expect, it } from 'vitest';
import { closestMetric, distributionStat, metricDocs, readMetric, resolveMetric } from '../../src/figures/metric-registry.ts';
import type { AlgorithmResult } from '../../src/metrics/run-result.ts';
import { loadScenario } from '../../src/scenario/load.ts';
import { runScenario } from '../../src/scenario/run-scenario.ts';

describe('the metric registry', () => {
  it('resolves scalars, distributions and the statistics of distributions', () => {
    expect(resolveMetric('delivery.ratio')?.kind).toBe('scalar');
    expect(resolveMetric('groups.rad')?.kind).toBe('distribution');
    expect(resolveMetric('linkStress.ipMulticast')?.kind).toBe('distribution');
    for (const name of ['latency.p95', 'lookups.hops.p1', 'lookups.hops.p99.9', 'linkStress.max', 'linkStress.ipMulticast.max', 'groups.rad.median', 'forwardingLoad.maxOverMean', 'fanout.count']) {
      expect(resolveMetric(name)?.kind, name).toBe('scalar');
    }
    for (const name of ['delivery.ratoi', 'latency.p0', 'latency.p101', 'latency.average', 'delivery.ratio.mean', 'rad.p50', '']) {
      expect(resolveMetric(name), name).toBeUndefined();
    }
  });

  it('suggests a close name for a misspelt one', () => {
    expect(closestMetric('delivery.ratoi')).toBe('delivery.ratio');
    expect(closestMetric('latency.average')).toBe('latency.mean');
    expect(closestMetric('zzzzzzzzzzzz')).toBeUndefined();
  });

  it('computes statistics of weighted distributions by nearest rank over the counts', () => {
    const d = { values: Float64Array.of(3, 1, 2), counts: Float64Array.of(1, 8, 1) };
    expect(distributionStat(d, 'count')).toBe(10);
    expect(distributionStat(d, 'mean')).toBeCloseTo(1.3, 12);
    expect(distributionStat(d, 'min')).toBe(1);
    expect(distributionStat(d, 'max')).toBe(3);
    expect(distributionStat(d, 'median')).toBe(1);
    expect(distributionStat(d, 'p90')).toBe(2);
    expect(distributionStat(d, 'p91')).toBe(3);
    expect(distributionStat(d, 'maxOverMean')).toBeCloseTo(3 / 1.3, 12);
    const plain = { values: Float64Array.of(5, 1, 4, 2, 3, NaN) };
    expect(distributionStat(plain, 'p50')).toBe(3);
    expect(distributionStat(plain, 'p1')).toBe(1);
    expect(distributionStat(plain, 'count')).toBe(5);
    expect(distributionStat({ values: new Float64Array(0) }, 'max')).toBeNull();
    expect(distributionStat({ values: new Float64Array(0) }, 'count')).toBe(0);
  });

  describe('on a real run', () => {
    let a: AlgorithmResult;
    beforeAll(async () => {
      const r = await runScenario(loadScenario('test/fixtures/figures/setups/ring.yaml'), { crawl: false });
      a = r.algorithms[0]!;
    });

    it('reads every registered metric and the statistics agree with the run summary', () => {
      for (const m of metricDocs()) {
        const v = readMetric(m.name, a);
        if (m.kind === 'scalar') expect(v === null || typeof v === 'number', m.name).toBe(true);
        else expect((v as { values: Float64Array }).values, m.name).toBeInstanceOf(Float64Array);
      }
      expect(readMetric('delivery.ratio', a)).toBe(a.summary.delivery.ratio);
      expect(readMetric('latency.p95', a)).toBe(a.summary.delivery.latencyMs.p95);
      expect(readMetric('latency.mean', a)).toBeCloseTo(a.summary.delivery.latencyMs.mean!, 9);
      expect(readMetric('lookups.hops.mean', a)).toBeCloseTo(a.summary.lookups.hops.mean!, 9);
      expect(readMetric('lookups.hops.max', a)).toBe(a.summary.lookups.hops.max);
      expect(readMetric('fanout.max', a)).toBe(a.summary.trees.fanout.max);
      expect(readMetric('forwardingLoad.mean', a)).toBeCloseTo(a.summary.forwardingLoad.mean!, 9);
      expect(readMetric('rad', a)).toBeCloseTo(readMetric('groups.rad.mean', a) as number, 9);
      expect(a.summary.lookups.issued).toBe(60);
    });
  });
});

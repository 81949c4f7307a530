import { describe, expect, it } from 'vitest';
import { checkTargets, type ScaleResult } from '../../scripts/bench/scale-scenarios.ts';

function result(over: Partial<ScaleResult> & Pick<ScaleResult, 'name' | 'peers'>): ScaleResult {
  return { label: '', buildSeconds: 0, runSeconds: 1, events: 0, deliveries: 0, peakRssMb: 0, extra: {}, ...over };
}

const verdicts = (r: ScaleResult): Record<string, boolean> => Object.fromEntries(checkTargets(r).map((c) => [c.target.what, c.met]));

describe('bench:scale targets (issue 8)', () => {
  it('S0 at 1,000,000 peers: the measured figures meet all three targets', () => {
    const r = result({ name: 'S0', peers: 1_000_000, buildSeconds: 12.5, runSeconds: 0.6, peakRssMb: 1225, ringBytesPerPeer: 385 });
    expect(verdicts(r)).toEqual({ 'total wall': true, 'peak RSS': true, 'ring state per peer': true });
  });

  it('reads GB as 10^9 bytes of the MiB that the kernel reports: 1,950 MiB is over 2 GB', () => {
    const r = result({ name: 'S0', peers: 1_000_000, buildSeconds: 12.5, runSeconds: 0.6, peakRssMb: 1950, ringBytesPerPeer: 385 });
    const rss = checkTargets(r).find((c) => c.target.what === 'peak RSS')!;
    expect(rss.value).toBe(1950 * 2 ** 20);
    expect(rss.met).toBe(false);
  });

  it('a ring state the result does not report is not met', () => {
    const r = result({ name: 'S0', peers: 1_000_000, buildSeconds: 1, peakRssMb: 100 });
    expect(verdicts(r)['ring state per peer']).toBe(false);
  });

  it('S1: deliveries per run second against 1 M/s, the bound itself included', () => {
    expect(verdicts(result({ name: 'S1', peers: 100_000, deliveries: 417.3e6, runSeconds: 800, peakRssMb: 952 }))).toEqual({
      'deliveries per second': false,
      'peak RSS': true,
    });
    expect(verdicts(result({ name: 'S1', peers: 100_000, deliveries: 400e6, runSeconds: 400, peakRssMb: 952 }))['deliveries per second']).toBe(true);
  });

  it('S2 and S3: build plus run under 600 s (600 itself misses) and under 6 GB', () => {
    expect(verdicts(result({ name: 'S3', peers: 100_000, buildSeconds: 11.3, runSeconds: 1197.1, peakRssMb: 5231 }))).toEqual({ 'total wall': false, 'peak RSS': true });
    expect(verdicts(result({ name: 'S2', peers: 100_000, buildSeconds: 10, runSeconds: 353, peakRssMb: 4265 }))).toEqual({ 'total wall': true, 'peak RSS': true });
    expect(verdicts(result({ name: 'S2', peers: 100_000, buildSeconds: 100, runSeconds: 500, peakRssMb: 4265 }))['total wall']).toBe(false);
    expect(verdicts(result({ name: 'S2', peers: 100_000, buildSeconds: 10, runSeconds: 353, peakRssMb: 5723 }))['peak RSS']).toBe(false);
  });

  it('has no targets at sizes the issue does not name', () => {
    expect(checkTargets(result({ name: 'S3', peers: 10_000, runSeconds: 1e6 }))).toEqual([]);
    expect(checkTargets(result({ name: 'S0', peers: 50_000 }))).toEqual([]);
  });
});

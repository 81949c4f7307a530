/**
 * summary.json: the run's identity and every algorithm's summary (see README "Metrics definitions").
 * Key order is fixed by construction, non-finite numbers become null, and nothing depends on the
 * wall clock or the host, so the file is byte-identical for the same scenario and seed.
 */
import type { RunResult } from '../metrics/run-result.ts';

export const SUMMARY_FORMAT = 'almsim-summary/1';

export function summaryObject(result: RunResult): Record<string, unknown> {
  return {
    format: SUMMARY_FORMAT,
    name: result.name,
    description: result.description,
    seed: result.seed,
    run: result.run,
    window: result.window,
    churn: result.churnCounts,
    algorithms: Object.fromEntries(result.algorithms.map((a) => [a.algorithm, a.summary])),
  };
}

export function summaryJson(result: RunResult): string {
  return `${JSON.stringify(summaryObject(result), (_k, v: unknown) => (typeof v === 'number' && !Number.isFinite(v) ? null : v), 2)}\n`;
}

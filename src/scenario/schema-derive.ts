/**
 * Defaults that depend on other fields, and the run's time landmarks derived from a scenario.
 *
 *   bootstrap end      warm: 0; protocol: peers x joinInterval (slot i starts joining at i x joinInterval)
 *   joinWindow.from    bootstrap end;  joinWindow.to  from + 10 s
 *   measurement.warmup joinWindow.to + 30 s (trees are built before measuring)
 *   churn.start        warmup;  messages.start  warmup;  messages.stop  warmup + duration
 *   lookups.start      warmup;  lookups.stop    warmup + duration
 *   snapshots          [warmup + duration];  output.dir  results/<name>
 */
import { SECOND } from '../sim/time.ts';
import type { ScenarioInput } from './schema.ts';

export const DERIVED = {
  /** Length of the default join window. */
  joinWindowLength: 10 * SECOND,
  /** Time between the end of the join window and the default start of measurement. */
  warmupAfterJoins: 30 * SECOND,
  /** Message rate (per group per second) when neither rate nor count is given. */
  defaultRate: 1,
} as const;

export function deriveDefaults(input: ScenarioInput) {
  const bootstrapEnd = input.overlay.bootstrap.mode === 'warm' ? 0 : input.overlay.peers * input.overlay.bootstrap.joinInterval;
  const from = input.workload.joinWindow.from ?? bootstrapEnd;
  const to = input.workload.joinWindow.to ?? from + DERIVED.joinWindowLength;
  const warmup = input.measurement.warmup ?? to + DERIVED.warmupAfterJoins;
  const windowEnd = warmup + input.measurement.duration;
  const churn = input.churn.model === 'none' ? input.churn : { ...input.churn, start: input.churn.start ?? warmup };
  const m = input.workload.messages;
  const rate = m.rate === undefined && m.count === undefined ? DERIVED.defaultRate : m.rate;
  // Built field by field so that the key order (and so a printed scenario) does not depend on
  // which of rate and count was written.
  const messages = {
    ...(rate === undefined ? {} : { rate }),
    ...(m.count === undefined ? {} : { count: m.count }),
    pattern: m.pattern,
    payloadBytes: m.payloadBytes,
    start: m.start ?? warmup,
    stop: m.stop ?? windowEnd,
  };
  const l = input.workload.lookups;
  const lookups = {
    ...(l.rate === undefined ? {} : { rate: l.rate }),
    ...(l.count === undefined ? {} : { count: l.count }),
    start: l.start ?? warmup,
    stop: l.stop ?? windowEnd,
  };
  const snapshots = [...new Set(input.measurement.snapshots ?? [windowEnd])].sort((a, b) => a - b);
  return {
    ...input,
    churn,
    workload: { ...input.workload, joinWindow: { from, to }, messages, lookups },
    measurement: { ...input.measurement, warmup, snapshots },
    output: { ...input.output, dir: input.output.dir ?? `results/${input.name}` },
  };
}

type Derived = ReturnType<typeof deriveDefaults>;

/** Time landmarks of a run, in microseconds. */
export interface RunTimes {
  /** When the last initially-up slot has started its join (0 with a warm bootstrap). */
  readonly bootstrapEnd: number;
  readonly windowStart: number;
  readonly windowEnd: number;
  /** End of the run: windowEnd + drain. */
  readonly end: number;
}

export function runTimes(s: Derived): RunTimes {
  const bootstrapEnd = s.overlay.bootstrap.mode === 'warm' ? 0 : s.overlay.peers * s.overlay.bootstrap.joinInterval;
  const windowStart = s.measurement.warmup;
  const windowEnd = windowStart + s.measurement.duration;
  return { bootstrapEnd, windowStart, windowEnd, end: windowEnd + s.measurement.drain };
}

/** Slots [0, peerSlots) are RELOAD peers, [peerSlots, peers) are clients. */
export function peerSlotCount(s: Pick<Derived, 'overlay'>): number {
  return s.overlay.peers - Math.round(s.overlay.peers * s.overlay.clientsFraction);
}

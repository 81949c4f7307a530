/**
 * Scheduler throughput in the hold model: N events pending; each handler schedules one new event at
 * a random future time, so the queue stays at N. The "cancel" variant also cancels a random pending
 * event and schedules it again per handler (a timer reset, as protocols do with heartbeats).
 */
import { Scheduler } from '../../src/sim/scheduler.ts';
import type { BenchRow, BenchSection } from './types.ts';
import { time, xorshift } from './util.ts';

/** The scheduler surface the hold model uses, so variants can be compared on the same code. */
export interface HoldScheduler {
  schedule<A>(delay: number, fn: (arg: A) => void, arg: A): number;
  cancel(id: number): boolean;
  run(until?: number): number;
  stop(): void;
}

const MEAN_DELAY = 1_000_000;

/** Events per second of `events` hold-model events with `pending` events in the queue. */
export function hold(make: () => HoldScheduler, pending: number, events: number, cancelMix: boolean): number {
  const s = make();
  const rnd = xorshift(12345);
  const ids = new Float64Array(pending);
  let left = 0;
  const h = (k: number): void => {
    ids[k] = s.schedule(1 + Math.floor(rnd() * 2 * MEAN_DELAY), h, k);
    if (cancelMix) {
      const j = Math.floor(rnd() * pending);
      if (j !== k && s.cancel(ids[j]!)) ids[j] = s.schedule(1 + Math.floor(rnd() * 2 * MEAN_DELAY), h, j);
    }
    if (--left === 0) s.stop();
  };
  for (let k = 0; k < pending; k++) ids[k] = s.schedule(1 + Math.floor(rnd() * 2 * MEAN_DELAY), h, k);
  // Warm up (JIT, and the heap reaching its steady shape), then measure.
  left = Math.min(events, 2 * pending);
  s.run();
  left = events;
  const secs = time(() => s.run());
  return events / secs;
}

/** Runs per case: the figure printed is their median, since one run on a shared machine can be 30% off. */
const RUNS = 3;

export function engineRows(make: () => HoldScheduler, label = ''): BenchRow[] {
  const rows: BenchRow[] = [];
  const cases: [number, number][] = [
    [1e3, 5e6],
    [1e5, 3e6],
    [1e6, 3e6],
  ];
  for (const cancel of [false, true]) {
    for (const [pending, events] of cases) {
      const rates: number[] = [];
      for (let r = 0; r < RUNS; r++) rates.push(hold(make, pending, events, cancel) / 1e6);
      const sorted = [...rates].sort((a, b) => a - b);
      const runs = `median of ${RUNS} runs (${rates.map((x) => x.toFixed(2)).join(', ')})`;
      rows.push({
        case: `${label}hold${cancel ? '+cancel' : ''}, ${pending.toExponential(0).replace('+', '')} pending`,
        value: Math.round(sorted[RUNS >> 1]! * 100) / 100,
        unit: 'M events/s',
        note: pending === 1e6 && !cancel ? `${runs}; target >= 1.5` : runs,
      });
    }
  }
  return rows;
}

export const engine: BenchSection = {
  name: 'engine',
  description: 'Scheduler, hold model with 1e3, 1e5, 1e6 pending events, without and with a cancel+reschedule per event',
  run: () => engineRows(() => new Scheduler({ initialCapacity: 1024 }), ''),
};

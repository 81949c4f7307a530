/**
 * The progress display on stderr for long runs: simulated time, events per second of wall time and
 * an estimate of the time left. It is the one place allowed to read the wall clock (the name of
 * this file says so, see test/sim/no-wallclock.test.ts); what it reads never reaches a result.
 * Silent when stderr is not a terminal or with --quiet.
 */
import type { RunProgress } from '../scenario/run-scenario.ts';

export interface ProgressStream {
  readonly isTTY?: boolean;
  write(text: string): boolean;
}

export interface ProgressDisplay {
  /** A simulation's progress (run, compare). */
  simulation(p: RunProgress): void;
  /** Simulations finished of a sweep. */
  tasks(done: number, total: number): void;
  /** Clears the line. */
  done(): void;
}

const REDRAW_MS = 250;

const NONE: ProgressDisplay = { simulation() {}, tasks() {}, done() {} };

export interface ProgressOptions {
  stream?: ProgressStream;
  quiet?: boolean;
  tasksLabel?: string;
  /** The wall clock in milliseconds (tests give their own). @default performance.now */
  clock?: () => number;
}

export function createProgress(options: ProgressOptions = {}): ProgressDisplay {
  const stream = options.stream ?? process.stderr;
  if (options.quiet === true || stream.isTTY !== true) return NONE;
  const clock = options.clock ?? (() => performance.now());
  const started = clock();
  let last = 0;
  let shown = false;
  let rate = 0;
  // The latest report of each simulation (by its index in the run); with --jobs above 1 several
  // run at once and their reports interleave.
  const latest: RunProgress[] = [];
  let lastEvents = 0;
  let lastEventsAt = started;
  const draw = (text: string) => {
    stream.write(`\r\x1b[2K${text}`);
    shown = true;
  };
  return {
    simulation(p) {
      const now = clock();
      latest[p.index] = p;
      if (now - last < REDRAW_MS && p.now < p.end) return;
      let events = 0;
      let done = 0;
      const running: RunProgress[] = [];
      for (const q of latest) {
        if (q === undefined) continue;
        events += q.events;
        done += q.now / q.end;
        if (q.now < q.end) running.push(q);
      }
      const dt = (now - lastEventsAt) / 1000;
      if (dt > 0) rate = (events - lastEvents) / dt;
      lastEvents = events;
      lastEventsAt = now;
      last = now;
      const fraction = done / p.count;
      const elapsed = (now - started) / 1000;
      const eta = fraction > 0 ? elapsed * (1 / fraction - 1) : NaN;
      const shownSims = running.length > 1 ? running : [p];
      const names = shownSims.map((q) => `${q.algorithm} ${q.index + 1}/${q.count}`).join(', ');
      const times = shownSims.map((q) => `${(q.now / 1e6).toFixed(0)} s`).join(', ');
      draw(`[${names}] simulated ${times} of ${(p.end / 1e6).toFixed(0)} s, ${formatRate(rate)} events/s, ETA ${formatDuration(eta)}`);
    },
    tasks(done, total) {
      const now = clock();
      if (now - last < REDRAW_MS && done < total) return;
      last = now;
      const elapsed = (now - started) / 1000;
      const eta = done > 0 ? (elapsed / done) * (total - done) : NaN;
      draw(`${options.tasksLabel ?? 'sweep'}: ${done} of ${total} simulations done, ETA ${formatDuration(eta)}`);
    },
    done() {
      if (shown) stream.write('\r\x1b[2K');
      shown = false;
    },
  };
}

function formatRate(r: number): string {
  if (!Number.isFinite(r)) return '?';
  return r >= 1e6 ? `${(r / 1e6).toFixed(2)}M` : r >= 1e3 ? `${(r / 1e3).toFixed(0)}k` : r.toFixed(0);
}

function formatDuration(s: number): string {
  if (!Number.isFinite(s)) return '?';
  if (s < 60) return `${Math.ceil(s)} s`;
  const m = Math.floor(s / 60);
  return m < 60 ? `${m} min ${Math.round(s - m * 60)} s` : `${Math.floor(m / 60)} h ${m % 60} min`;
}

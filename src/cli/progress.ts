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

export function createProgress(options: { stream?: ProgressStream; quiet?: boolean; tasksLabel?: string } = {}): ProgressDisplay {
  const stream = options.stream ?? process.stderr;
  if (options.quiet === true || stream.isTTY !== true) return NONE;
  const started = performance.now();
  let last = 0;
  let shown = false;
  let lastEvents = 0;
  let lastEventsAt = started;
  let rate = 0;
  let current = -1;
  const draw = (text: string) => {
    stream.write(`\r\x1b[2K${text}`);
    shown = true;
  };
  return {
    simulation(p) {
      const now = performance.now();
      if (p.index !== current) {
        current = p.index;
        lastEvents = 0;
        lastEventsAt = now;
      }
      if (now - last < REDRAW_MS && p.now < p.end) return;
      const dt = (now - lastEventsAt) / 1000;
      if (dt > 0) rate = (p.events - lastEvents) / dt;
      lastEvents = p.events;
      lastEventsAt = now;
      last = now;
      const fraction = (p.index + p.now / p.end) / p.count;
      const elapsed = (now - started) / 1000;
      const eta = fraction > 0 ? elapsed * (1 / fraction - 1) : NaN;
      draw(
        `[${p.algorithm} ${p.index + 1}/${p.count}] simulated ${(p.now / 1e6).toFixed(0)} s of ${(p.end / 1e6).toFixed(0)} s, ` +
          `${formatRate(rate)} events/s, ETA ${formatDuration(eta)}`,
      );
    },
    tasks(done, total) {
      const now = performance.now();
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

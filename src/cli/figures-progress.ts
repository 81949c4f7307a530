/**
 * Timing of `almsim figures`: the wall time each figure's own simulations took (summed over worker
 * threads) and when each figure was done, for the per-figure lines and the total. A CLI progress
 * file, the one kind of file allowed to read the wall clock (test/sim/no-wallclock.test.ts); what
 * it reads is printed, never written into a figure.
 */
export interface FigureTimer {
  taskStarted(task: number): void;
  /** Records the task's wall time against figure `figure`. */
  taskDone(task: number, figure: number): void;
  /** Seconds of simulation wall time of a figure's own simulations. */
  simulationSeconds(figure: number): number;
  /** Seconds since the timer started. */
  elapsed(): number;
}

export function createFigureTimer(): FigureTimer {
  const started = performance.now();
  const startOf = new Map<number, number>();
  const perFigure = new Map<number, number>();
  return {
    taskStarted(task) {
      startOf.set(task, performance.now());
    },
    taskDone(task, figure) {
      const t0 = startOf.get(task);
      if (t0 === undefined) return;
      perFigure.set(figure, (perFigure.get(figure) ?? 0) + (performance.now() - t0) / 1000);
    },
    simulationSeconds(figure) {
      return perFigure.get(figure) ?? 0;
    },
    elapsed() {
      return (performance.now() - started) / 1000;
    },
  };
}

/** Seconds as "12.3 s" or "4 min 05 s". */
export function formatSeconds(s: number): string {
  if (s < 60) return `${s.toFixed(1)} s`;
  const m = Math.floor(s / 60);
  return `${m} min ${String(Math.round(s - m * 60)).padStart(2, '0')} s`;
}

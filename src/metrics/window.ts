/**
 * The measurement window (OverSim's transition phase ends at `start`): collectors count what
 * happens in [start, end); messages sent in the window may still arrive until `runEnd`
 * (end + drain), when the run stops.
 */
export interface MeasurementWindow {
  /** us */
  readonly start: number;
  /** us, excluded */
  readonly end: number;
  /** End of the run, us (end + drain). */
  readonly runEnd: number;
}

export function inWindow(w: MeasurementWindow, time: number): boolean {
  return time >= w.start && time < w.end;
}

/** Length of [a, b) inside the window, us. */
export function overlap(w: MeasurementWindow, a: number, b: number): number {
  const lo = a > w.start ? a : w.start;
  const hi = b < w.end ? b : w.end;
  return hi > lo ? hi - lo : 0;
}

/** Simulated time is an integer number of microseconds. These are the units, for readable settings. */
export const MICROSECOND = 1;
export const MILLISECOND = 1_000;
export const SECOND = 1_000_000;
export const MINUTE = 60 * SECOND;
export const HOUR = 60 * MINUTE;

/** Milliseconds (possibly fractional) to integer microseconds. */
export function ms(value: number): number {
  return Math.round(value * MILLISECOND);
}

/** Seconds (possibly fractional) to integer microseconds. */
export function seconds(value: number): number {
  return Math.round(value * SECOND);
}

/** A time in microseconds as a short human string, e.g. "12.5 s". */
export function formatTime(us: number): string {
  if (Math.abs(us) >= HOUR) return `${(us / HOUR).toFixed(2)} h`;
  if (Math.abs(us) >= MINUTE) return `${(us / MINUTE).toFixed(2)} min`;
  if (Math.abs(us) >= SECOND) return `${(us / SECOND).toFixed(3)} s`;
  if (Math.abs(us) >= MILLISECOND) return `${(us / MILLISECOND).toFixed(3)} ms`;
  return `${us} us`;
}

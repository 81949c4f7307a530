/** A benchmark section: a named function that measures something and returns table rows. */
export interface BenchRow {
  /** What was measured, e.g. "hold, 1e6 pending". */
  case: string;
  value: number;
  unit: string;
  /** Anything worth knowing to read the value (sizes, targets). */
  note?: string;
}

export interface BenchSection {
  name: string;
  description: string;
  run(): BenchRow[] | Promise<BenchRow[]>;
}

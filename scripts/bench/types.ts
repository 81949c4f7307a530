/** A benchmark section: a named function that measures something and returns table rows. */
export interface BenchRow {
  /** What was measured, e.g. "hold, 1e6 pending". */
  case: string;
  value: number;
  unit: string;
  /** Anything worth knowing to read the value (sizes, targets). */
  note?: string;
}

/** Options given on the command line, for sections that take them. */
export interface BenchOptions {
  /** `--peers 1000,10000`: peer counts for sections that simulate overlays. */
  peers?: number[];
}

export interface BenchSection {
  name: string;
  description: string;
  run(options: BenchOptions): BenchRow[] | Promise<BenchRow[]>;
}

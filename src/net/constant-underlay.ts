/** The simplest underlay: the same latency between every pair of distinct hosts. */
import { checkHostCount, UnderlayError, type Underlay } from './underlay.ts';

export interface ConstantUnderlayInit {
  hostCount: number;
  /** Latency between distinct hosts, integer microseconds. @default 50000 (50 ms) */
  latency?: number;
}

export class ConstantUnderlay implements Underlay {
  readonly kind = 'constant';
  readonly hostCount: number;
  private readonly value: number;

  constructor(_components: object, init: ConstantUnderlayInit) {
    checkHostCount('constant underlay', init.hostCount);
    const value = init.latency ?? 50_000;
    if (!Number.isInteger(value) || value < 0) {
      throw new UnderlayError(`constant underlay: latency must be an integer >= 0 us, got ${value}`);
    }
    this.hostCount = init.hostCount;
    this.value = value;
  }

  latency(a: number, b: number): number {
    return a === b ? 0 : this.value;
  }
}

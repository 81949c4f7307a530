/**
 * Uniform random latency per pair of hosts in [min, max], symmetric and stable for the whole run,
 * without storing a matrix: the latency is a hash of (seed, lower host, higher host), where the seed is
 * one draw from the model's random stream.
 */
import type { RandomStream } from '../sim/random.ts';
import { hash3 } from './hash.ts';
import { checkHostCount, UnderlayError, type Underlay } from './underlay.ts';

export interface UniformUnderlayComponents {
  rng: RandomStream;
}

export interface UniformUnderlayInit {
  hostCount: number;
  /** Smallest latency, integer microseconds. @default 10000 (10 ms) */
  min?: number;
  /** Largest latency, integer microseconds. @default 100000 (100 ms) */
  max?: number;
}

const TWO_32 = 2 ** 32;

export class UniformUnderlay implements Underlay {
  readonly kind = 'uniform';
  readonly hostCount: number;
  readonly min: number;
  readonly max: number;
  private readonly seed: number;
  private readonly span: number;

  constructor(components: UniformUnderlayComponents, init: UniformUnderlayInit) {
    checkHostCount('uniform underlay', init.hostCount);
    const min = init.min ?? 10_000;
    const max = init.max ?? 100_000;
    if (!Number.isInteger(min) || !Number.isInteger(max) || min < 0 || max < min) {
      throw new UnderlayError(`uniform underlay: expected integers 0 <= min <= max (us), got min ${min}, max ${max}`);
    }
    this.hostCount = init.hostCount;
    this.min = min;
    this.max = max;
    this.span = max - min + 1;
    this.seed = components.rng.uint32();
  }

  latency(a: number, b: number): number {
    if (a === b) return 0;
    const h = a < b ? hash3(this.seed, a, b) : hash3(this.seed, b, a);
    return this.min + Math.floor((h * this.span) / TWO_32);
  }
}

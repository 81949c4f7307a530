/**
 * Independent message loss: each message is dropped with probability p, drawn from the decorator's own
 * random stream (so the draws do not disturb any other component's).
 */
import type { RandomStream } from '../sim/random.ts';
import { UnderlayError, type DropReason, type Underlay, type UnderlayDecorator } from './underlay.ts';

export interface LossUnderlayComponents {
  rng: RandomStream;
}

export interface LossUnderlayInit {
  inner: Underlay;
  /** Probability that a message is lost. @default 0 */
  probability?: number;
}

export class LossUnderlay implements UnderlayDecorator {
  readonly kind: string;
  readonly hostCount: number;
  readonly inner: Underlay;
  readonly probability: number;
  private readonly rng: RandomStream;

  constructor(components: LossUnderlayComponents, init: LossUnderlayInit) {
    const p = init.probability ?? 0;
    if (!(p >= 0 && p <= 1)) throw new UnderlayError(`loss: probability must be in [0, 1], got ${p}`);
    this.inner = init.inner;
    this.kind = `loss(${init.inner.kind})`;
    this.hostCount = init.inner.hostCount;
    this.probability = p;
    this.rng = components.rng;
  }

  latency(a: number, b: number): number {
    return this.inner.latency(a, b);
  }

  drops(a: number, b: number, now: number): DropReason | null {
    const r = this.inner.drops?.(a, b, now) ?? null;
    if (r !== null) return r;
    return this.probability > 0 && this.rng.next() < this.probability ? 'loss' : null;
  }
}

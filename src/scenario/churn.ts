/**
 * The churn timeline of a run: which slots are up at time 0 and, from `churn.start` on, the joins,
 * graceful leaves and crashes in time order. A slot is a host position; when its node departs, the
 * slot stays down for an off-time and then a new node (a new Node-ID) starts on it.
 *
 * Lifetime model (OverSim's LifetimeChurn): each slot alternates session times and off-times drawn
 * from the configured distributions; a departure is a crash with probability crashFraction, else a
 * graceful leave. Initial state:
 * - all-up: every slot is up and starts a fresh session at churn.start;
 * - steady: slot i is up with probability p = E[session] / (E[session] + E[off]) and is placed at a
 *   uniformly random point of a length-biased interval, which is the exact stationary state of an
 *   alternating renewal process: the churn rate and the number of up slots do not drift after start.
 * Between time 0 and churn.start nothing changes.
 *
 * Draw order on the "churn" stream (fixed, so the same seed gives the same timeline whatever else
 * the run does): setup, for slot 0..N-1: steady: next() < p decides up, then drawLengthBiased() of
 * the current phase's distribution, then next() for the position; all-up: one session draw. Events:
 * pop the earliest (time, slot), ties by slot; a departure draws next() < crashFraction, then the
 * off-time; a join draws the session. Every duration is rounded to whole microseconds, at least 1.
 *
 * Events are generated lazily from a heap of one pending event per slot, so memory stays O(peers)
 * for any run length. A timeline is a single-pass iterator.
 */
import type { RandomStream } from '../sim/random.ts';
import { CHURN_KINDS, type ChurnKind, type ChurnTrace } from './churn-trace.ts';
import { makeSampler, type Sampler } from './distributions.ts';
import type { Scenario } from './schema.ts';
import { runTimes } from './schema-derive.ts';
import { SlotHeap } from './slot-heap.ts';

export type { ChurnKind } from './churn-trace.ts';

export interface ChurnEvent {
  /** Microseconds. */
  readonly time: number;
  readonly kind: ChurnKind;
  readonly slot: number;
}

export interface ChurnTimeline extends IterableIterator<ChurnEvent> {
  /** 1 where the slot is up at time 0 (and until its first event). */
  readonly initialUp: Uint8Array;
}

export interface LifetimeChurnInit {
  readonly peers: number;
  readonly session: Sampler;
  readonly offTime: Sampler;
  readonly crashFraction: number;
  readonly initialState: 'steady' | 'all-up';
  /** Microseconds. */
  readonly start: number;
  /** No event after this time (microseconds). @default Infinity */
  readonly until?: number;
}

/**
 * The churn timeline a scenario describes, up to the end of the run. `rng` should be the run's
 * "churn" stream; `trace` is the parsed trace file for the trace model (loadChurnTrace).
 */
export function churnTimeline(scenario: Scenario, rng: RandomStream, trace?: ChurnTrace): ChurnTimeline {
  const peers = scenario.overlay.peers;
  const until = runTimes(scenario).end;
  const churn = scenario.churn;
  switch (churn.model) {
    case 'none':
      return new TraceChurn(new Uint8Array(peers).fill(1), emptyTrace(), 0, until);
    case 'trace':
      if (trace === undefined) throw new Error('churnTimeline: the trace model needs the parsed trace');
      return new TraceChurn(trace.initialUp, trace, churn.start, until);
    case 'lifetime':
      return new LifetimeChurn(
        {
          peers,
          session: makeSampler(churn.session),
          offTime: makeSampler(churn.offTime),
          crashFraction: churn.crashFraction,
          initialState: churn.initialState,
          start: churn.start,
          until,
        },
        rng,
      );
  }
}

/** Drains a timeline into an array (for tests and small runs). */
export function collectChurn(timeline: Iterable<ChurnEvent>, limit = Infinity): ChurnEvent[] {
  const out: ChurnEvent[] = [];
  for (const e of timeline) {
    if (out.length >= limit) break;
    out.push(e);
  }
  return out;
}

export class LifetimeChurn implements ChurnTimeline {
  readonly initialUp: Uint8Array;
  /** 1 while the slot's node is up. */
  private readonly up: Uint8Array;
  private readonly heap: SlotHeap;
  private readonly until: number;

  constructor(
    private readonly init: LifetimeChurnInit,
    private readonly rng: RandomStream,
  ) {
    const { peers, session, offTime, start } = init;
    this.until = init.until ?? Infinity;
    this.initialUp = new Uint8Array(peers);
    this.heap = new SlotHeap(peers);
    const pUp = session.mean / (session.mean + offTime.mean);
    for (let slot = 0; slot < peers; slot++) {
      let isUp: boolean;
      let residual: number;
      if (init.initialState === 'all-up') {
        isUp = true;
        residual = session.draw(rng);
      } else {
        isUp = rng.next() < pUp;
        const length = (isUp ? session : offTime).drawLengthBiased(rng);
        residual = length * rng.next();
      }
      this.initialUp[slot] = isUp ? 1 : 0;
      this.schedule(slot, start, residual);
    }
    this.up = this.initialUp.slice();
  }

  next(): IteratorResult<ChurnEvent> {
    const time = this.heap.peekTime();
    const slot = this.heap.peekId();
    if (time === undefined || slot === undefined) return { done: true, value: undefined };
    this.heap.pop();
    let kind: ChurnKind;
    if (this.up[slot] === 1) {
      kind = this.rng.next() < this.init.crashFraction ? 'crash' : 'leave';
      this.up[slot] = 0;
      this.schedule(slot, time, this.init.offTime.draw(this.rng));
    } else {
      kind = 'join';
      this.up[slot] = 1;
      this.schedule(slot, time, this.init.session.draw(this.rng));
    }
    return { done: false, value: { time, kind, slot } };
  }

  [Symbol.iterator](): this {
    return this;
  }

  private schedule(slot: number, from: number, duration: number): void {
    const at = from + Math.max(1, Math.round(duration));
    if (at <= this.until) this.heap.push(at, slot);
  }
}

class TraceChurn implements ChurnTimeline {
  private index = 0;

  constructor(
    readonly initialUp: Uint8Array,
    private readonly trace: ChurnTrace,
    private readonly start: number,
    private readonly until: number,
  ) {}

  next(): IteratorResult<ChurnEvent> {
    if (this.index >= this.trace.length) return { done: true, value: undefined };
    const time = this.start + this.trace.times[this.index]!;
    if (time > this.until) {
      this.index = this.trace.length;
      return { done: true, value: undefined };
    }
    const value = { time, kind: CHURN_KINDS[this.trace.kinds[this.index]!]!, slot: this.trace.slots[this.index]! };
    this.index++;
    return { done: false, value };
  }

  [Symbol.iterator](): this {
    return this;
  }
}

function emptyTrace(): ChurnTrace {
  return { initialUp: new Uint8Array(0), times: new Float64Array(0), kinds: new Uint8Array(0), slots: new Int32Array(0), length: 0 };
}

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Scheduler, SchedulerError } from '../../src/sim/scheduler.ts';

/**
 * What an event does when it runs. Behaviours are looked up by event label (creation order) modulo
 * the table size, so a scenario is finite data that both the scheduler and the model below replay.
 */
type Action =
  /** fifo: through scheduleAtFifo (the in-order lane, or the heap when out of order); same semantics. */
  | { k: 'schedule'; delay: number; fifo: boolean }
  | { k: 'cancel'; target: number }
  | { k: 'stop' };

interface Scenario {
  initial: { time: number; fifo: boolean }[];
  /** Cancels issued from outside, before the first run: indices into the created events. */
  preCancels: number[];
  behaviours: Action[][];
  /** Successive run(until) bounds; Infinity runs to the end. */
  phases: number[];
  maxEvents: number;
}

interface Outcome {
  executed: number[];
  cancelResults: boolean[];
  /** After each phase: [now, pending, executed by this run]. */
  phaseState: [number, number, number][];
  pendingFlags: boolean[][];
}

/** Reference semantics: a plain list, scanned for the least (time, seq) each step. */
function runModel(s: Scenario): Outcome {
  const ev: { time: number; seq: number; state: 'pending' | 'ran' | 'cancelled' }[] = [];
  let now = 0;
  const out: Outcome = { executed: [], cancelResults: [], phaseState: [], pendingFlags: [] };
  const create = (time: number) => {
    if (ev.length < s.maxEvents) ev.push({ time, seq: ev.length, state: 'pending' });
  };
  const cancel = (target: number) => {
    if (ev.length === 0) return;
    const e = ev[target % ev.length]!;
    const ok = e.state === 'pending';
    if (ok) e.state = 'cancelled';
    out.cancelResults.push(ok);
  };
  for (const i of s.initial) create(i.time);
  for (const c of s.preCancels) cancel(c);
  for (const until of s.phases) {
    let stopped = false;
    let count = 0;
    for (;;) {
      let best = -1;
      for (let i = 0; i < ev.length; i++) {
        const e = ev[i]!;
        if (e.state !== 'pending') continue;
        if (best < 0 || e.time < ev[best]!.time) best = i; // seq order == index order
      }
      if (best < 0 || ev[best]!.time > until) break;
      const e = ev[best]!;
      e.state = 'ran';
      now = e.time;
      count++;
      out.executed.push(best);
      for (const a of s.behaviours[best % s.behaviours.length]!) {
        if (a.k === 'schedule') create(now + a.delay);
        else if (a.k === 'cancel') cancel(a.target);
        else stopped = true;
      }
      if (stopped) break;
    }
    if (!stopped && until !== Infinity && until > now) now = until;
    out.phaseState.push([now, ev.filter((e) => e.state === 'pending').length, count]);
    out.pendingFlags.push(ev.map((e) => e.state === 'pending'));
  }
  return out;
}

function runScheduler(s: Scenario, calendarBits?: number): Outcome {
  const sch = new Scheduler({ initialCapacity: 16, calendarBits }); // small, so growth is exercised
  const ids: number[] = [];
  const out: Outcome = { executed: [], cancelResults: [], phaseState: [], pendingFlags: [] };
  const handler = (label: number) => {
    out.executed.push(label);
    for (const a of s.behaviours[label % s.behaviours.length]!) {
      if (a.k === 'schedule') create(a.delay, true, a.fifo);
      else if (a.k === 'cancel') cancel(a.target);
      else sch.stop();
    }
  };
  const create = (t: number, relative: boolean, fifo: boolean) => {
    if (ids.length >= s.maxEvents) return;
    const label = ids.length;
    if (fifo) ids.push(sch.scheduleAtFifo(relative ? sch.now + t : t, handler, label));
    else ids.push(relative ? sch.schedule(t, handler, label) : sch.scheduleAt(t, handler, label));
  };
  const cancel = (target: number) => {
    if (ids.length === 0) return;
    out.cancelResults.push(sch.cancel(ids[target % ids.length]!));
  };
  for (const i of s.initial) create(i.time, false, i.fifo);
  for (const c of s.preCancels) cancel(c);
  for (const until of s.phases) {
    const count = sch.run(until);
    out.phaseState.push([sch.now, sch.pending, count]);
    out.pendingFlags.push(ids.map((id) => sch.isPending(id)));
  }
  return out;
}

const action: fc.Arbitrary<Action> = fc.oneof(
  { weight: 4, arbitrary: fc.record({ k: fc.constant('schedule' as const), delay: fc.integer({ min: 0, max: 6 }), fifo: fc.boolean() }) },
  // Beyond a 32 us calendar: to the heap, or to the calendar on a later lap.
  { weight: 1, arbitrary: fc.record({ k: fc.constant('schedule' as const), delay: fc.integer({ min: 25, max: 70 }), fifo: fc.boolean() }) },
  { weight: 3, arbitrary: fc.record({ k: fc.constant('cancel' as const), target: fc.nat(1000) }) },
  { weight: 1, arbitrary: fc.constant({ k: 'stop' as const }) },
);

const scenario: fc.Arbitrary<Scenario> = fc.record({
  // Small time range: many events share a time.
  initial: fc.array(fc.record({ time: fc.integer({ min: 0, max: 15 }), fifo: fc.boolean() }), { maxLength: 60 }),
  preCancels: fc.array(fc.nat(1000), { maxLength: 10 }),
  behaviours: fc.array(fc.array(action, { maxLength: 3 }), { minLength: 1, maxLength: 12 }),
  phases: fc
    .array(fc.integer({ min: 0, max: 40 }), { maxLength: 5 })
    .map((xs) => [...xs.sort((a, b) => a - b), Infinity]),
  maxEvents: fc.integer({ min: 1, max: 250 }),
});

describe('Scheduler', () => {
  it('runs events in (time, scheduling order), honouring cancels, run(until) and stop, like a reference model', () => {
    fc.assert(
      fc.property(scenario, (s) => {
        expect(runScheduler(s)).toEqual(runModel(s));
      }),
      { numRuns: 400 },
    );
  });

  it('runs the same order with a 32 us calendar (wrapping laps, far events in the heap) and with none', () => {
    fc.assert(
      fc.property(scenario, (s) => {
        const model = runModel(s);
        expect(runScheduler(s, 5)).toEqual(model);
        expect(runScheduler(s, 0)).toEqual(model);
      }),
      { numRuns: 400 },
    );
  });

  it('keeps cancelled calendar entries from earlier laps out of later buckets', () => {
    // Two events share a time, the second is cancelled and stays in its bucket after the first runs;
    // the bucket is reused one lap (32 us) later.
    const sch = new Scheduler({ calendarBits: 5 });
    const order: string[] = [];
    const log = (x: string): void => {
      order.push(`${x}@${sch.now}`);
    };
    // 'c' takes the in-order lane, so the earlier 'a' and 'b' go to the calendar. With only the dead
    // 'b' left there, nothing visits its bucket until 'd' is appended behind it a lap later.
    sch.scheduleAtFifo(10, (x: string) => {
      log(x);
      sch.scheduleAtFifo(40, log, 'y'); // the lane
      sch.scheduleAtFifo(35, log, 'd'); // the calendar, bucket 3
      sch.scheduleAtFifo(34, log, 'e'); // the calendar, bucket 2
    }, 'c');
    sch.scheduleAtFifo(3, log, 'a');
    const b = sch.scheduleAtFifo(3, log, 'b');
    expect(sch.cancel(b)).toBe(true);
    expect(sch.pending).toBe(2);
    expect(sch.run()).toBe(5);
    expect(order).toEqual(['a@3', 'c@10', 'e@34', 'd@35', 'y@40']);
    expect(sch.pending).toBe(0);
    expect(sch.peekTime()).toBe(Infinity);
  });

  it('runs sparse and dense workloads over several calendar laps as the heap alone does', () => {
    // Follow-up events at delays from 0 to 3x the calendar (128 us, 4 bitmap words, part of one
    // summary word; 1,024 us, one summary word; 4,096 us, four), bursts at one time, long quiet gaps,
    // and cancels.
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 2 ** 31 - 1 }), fc.constantFrom(7, 10, 12), (seed, bits) => {
        const trace = (calendarBits: number): number[] => {
          const sch = new Scheduler({ initialCapacity: 16, calendarBits });
          const order: number[] = [];
          let x = seed;
          const rnd = (n: number): number => {
            x = (Math.imul(x, 1103515245) + 12345) >>> 0;
            return x % n;
          };
          const ids: number[] = [];
          let label = 0;
          const onEvent = (l: number): void => {
            order.push(l, sch.now);
            if (label >= 3_000) return;
            const kind = rnd(8);
            const span = 3 * 2 ** bits;
            // Deliveries: the lane takes those in order, the calendar (or the heap, if beyond it) the rest.
            const at = (delay: number): void => {
              ids.push(sch.scheduleAtFifo(sch.now + delay, onEvent, label++));
            };
            if (kind === 0) for (let k = 0; k < 4; k++) at(0);
            else if (kind === 1) at(span - 1 - rnd(3));
            else at(rnd(kind === 2 ? span : 40));
            if (rnd(5) === 0) sch.cancel(ids[rnd(ids.length)]!);
          };
          for (let i = 0; i < 8; i++) ids.push(sch.scheduleAtFifo(rnd(2 ** bits), onEvent, label++));
          sch.run();
          expect(sch.pending).toBe(0);
          return order;
        };
        const heap = trace(0);
        expect(heap.length).toBeGreaterThan(2_000);
        expect(trace(bits)).toEqual(heap);
      }),
      { numRuns: 60 },
    );
  });

  it('finds an event almost a lap ahead, in the bitmap word it is scanning from', () => {
    // 128 buckets, 4 bitmap words: at t = 40 (bucket 40, word 1) the one pending event is due at 163
    // (bucket 35, also word 1, before 40): the scan must wrap through words 2, 3 and 0 back to word 1.
    const sch = new Scheduler({ calendarBits: 7 });
    const times: number[] = [];
    sch.scheduleAt(40, () => {
      times.push(sch.now);
      sch.scheduleAtFifo(200, () => times.push(sch.now), null); // holds the lane
      sch.scheduleAtFifo(163, () => times.push(sch.now), null);
    }, null);
    expect(sch.run()).toBe(3);
    expect(times).toEqual([40, 163, 200]);
  });

  it('rejects a calendar too small for one bitmap word or too large', () => {
    expect(() => new Scheduler({ calendarBits: 4 })).toThrow(SchedulerError);
    expect(() => new Scheduler({ calendarBits: 25 })).toThrow(SchedulerError);
    expect(() => new Scheduler({ calendarBits: 6.5 })).toThrow(SchedulerError);
  });

  it('executes a stable sort by time of the events scheduled up front', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 5 }), { maxLength: 300 }), (times) => {
        const sch = new Scheduler();
        const order: number[] = [];
        times.forEach((t, i) => sch.scheduleAt(t, (x: number) => order.push(x), i));
        expect(sch.pending).toBe(times.length);
        expect(sch.run()).toBe(times.length);
        const expected = times.map((t, i) => [t, i] as const).sort((a, b) => a[0] - b[0] || a[1] - b[1]);
        expect(order).toEqual(expected.map((e) => e[1]));
        expect(sch.pending).toBe(0);
        expect(sch.executed).toBe(times.length);
      }),
    );
  });

  it('keeps (time, scheduling order) across purges of cancelled entries', () => {
    // A full heap with at least a quarter dead is filtered and re-heapified instead of grown: fill
    // one, cancel a random part of it, then schedule more so that every push meets a full heap.
    fc.assert(
      fc.property(
        fc.integer({ min: 16, max: 400 }),
        fc.array(fc.integer({ min: 0, max: 1000 }), { minLength: 400, maxLength: 400 }),
        fc.array(fc.boolean(), { minLength: 400, maxLength: 400 }),
        (first, times, cancelled) => {
          const sch = new Scheduler({ initialCapacity: 16 });
          const order: number[] = [];
          const ids = times.map((t, i) => (i < first ? sch.scheduleAt(t, (x: number) => order.push(x), i) : -1));
          for (let i = 0; i < first; i++) if (cancelled[i]) sch.cancel(ids[i]!);
          for (let i = first; i < times.length; i++) sch.scheduleAt(times[i]!, (x: number) => order.push(x), i);
          sch.run();
          const live = times.map((t, i) => [t, i] as const).filter(([, i]) => i >= first || !cancelled[i]);
          expect(order).toEqual(live.sort((a, b) => a[0] - b[0] || a[1] - b[1]).map((e) => e[1]));
        },
      ),
      { numRuns: 200 },
    );
  });

  it('advances now to until when no event is due, and not when stopped', () => {
    const sch = new Scheduler();
    sch.scheduleAt(10, () => {}, null);
    expect(sch.run(5)).toBe(0);
    expect(sch.now).toBe(5);
    expect(sch.peekTime()).toBe(10);
    sch.scheduleAt(10, () => sch.stop(), null);
    sch.scheduleAt(12, () => {}, null);
    expect(sch.run(100)).toBe(2); // both events at 10; stop after the second
    expect(sch.now).toBe(10);
    expect(sch.pending).toBe(1);
    expect(sch.run(100)).toBe(1);
    expect(sch.now).toBe(100);
    expect(sch.run()).toBe(0);
    expect(sch.now).toBe(100); // run() with no bound never moves the clock by itself
  });

  it('runs an event scheduled exactly at until', () => {
    const sch = new Scheduler();
    let ran = false;
    sch.scheduleAt(7, () => (ran = true), null);
    sch.run(7);
    expect(ran).toBe(true);
    expect(sch.now).toBe(7);
  });

  it('stop() called outside run() does not affect the next run', () => {
    const sch = new Scheduler();
    sch.schedule(1, () => {}, null);
    sch.schedule(2, () => {}, null);
    sch.stop();
    expect(sch.run()).toBe(2);
  });

  it('treats ids of run, cancelled and unknown events as not pending', () => {
    const sch = new Scheduler();
    const a = sch.schedule(1, () => {}, null);
    const b = sch.schedule(2, () => {}, null);
    expect(sch.cancel(b)).toBe(true);
    expect(sch.cancel(b)).toBe(false);
    sch.run();
    expect(sch.cancel(a)).toBe(false);
    expect(sch.isPending(a)).toBe(false);
    expect(sch.cancel(123456)).toBe(false);
    expect(sch.cancel(-1)).toBe(false);
    // A slot reused by a new event must not be cancellable through the old id.
    const c = sch.schedule(1, () => {}, null);
    expect(sch.cancel(a)).toBe(false);
    expect(sch.isPending(c)).toBe(true);
  });

  it('an event can neither cancel itself nor be pending while it runs', () => {
    const sch = new Scheduler();
    let self = 0;
    let seen: [boolean, boolean] | undefined;
    self = sch.schedule(1, () => (seen = [sch.isPending(self), sch.cancel(self)]), null);
    sch.run();
    expect(seen).toEqual([false, false]);
  });

  it('passes the argument through and rounds times to whole microseconds', () => {
    const sch = new Scheduler();
    const got: [number, string][] = [];
    sch.schedule(2.4, (x: string) => got.push([sch.now, x]), 'a');
    sch.schedule(2.6, (x: string) => got.push([sch.now, x]), 'b');
    sch.run();
    expect(got).toEqual([
      [2, 'a'],
      [3, 'b'],
    ]);
  });

  it('rejects negative delays, NaN and times in the past', () => {
    const sch = new Scheduler();
    expect(() => sch.schedule(-1, () => {}, null)).toThrow(SchedulerError);
    expect(() => sch.schedule(Number.NaN, () => {}, null)).toThrow(SchedulerError);
    sch.run(10);
    expect(() => sch.scheduleAt(9, () => {}, null)).toThrow(SchedulerError);
    expect(() => sch.scheduleAt(10, () => {}, null)).not.toThrow();
  });

  // Infinity passes a `delay >= 0` check; times past 2^53 would lose integer precision.
  it('rejects an infinite delay or a time beyond Number.MAX_SAFE_INTEGER', () => {
    const sch = new Scheduler();
    expect(() => sch.schedule(Infinity, () => {}, null)).toThrow(SchedulerError);
    expect(() => sch.scheduleAt(2 ** 60, () => {}, null)).toThrow(SchedulerError);
  });

  it('handles a large hold-model workload with cancels in order', () => {
    // Many events with heavy cancel/reschedule churn; checks the heap invariant end to end.
    const sch = new Scheduler({ initialCapacity: 16 });
    let x = 12345;
    const rnd = (n: number) => {
      x = (Math.imul(x, 1103515245) + 12345) >>> 0;
      return x % n;
    };
    const ids: number[] = [];
    let last = -1;
    let ok = true;
    const h = () => {
      if (sch.now < last) ok = false;
      last = sch.now;
      if (sch.executed < 200_000) ids.push(sch.schedule(rnd(1000), h, null));
      if (ids.length > 0) sch.cancel(ids[rnd(ids.length)]!);
    };
    for (let i = 0; i < 10_000; i++) ids.push(sch.schedule(rnd(1000), h, null));
    sch.run();
    expect(ok).toBe(true);
    expect(sch.pending).toBe(0);
  });

  it('runs a constant-delay stream through the in-order lane in the same order as through the heap', () => {
    // Deliveries at a fixed latency (same-time ties included) interleaved with timers of other
    // delays, and some cancels: the order must equal that of the same workload on the heap alone.
    const trace = (fifo: boolean): { order: number[]; pendingMid: number } => {
      const sch = new Scheduler({ initialCapacity: 16 });
      const order: number[] = [];
      let x = 777;
      const rnd = (n: number) => {
        x = (Math.imul(x, 1103515245) + 12345) >>> 0;
        return x % n;
      };
      const ids: number[] = [];
      let label = 0;
      const onEvent = (l: number): void => {
        order.push(l);
        if (label >= 30_000) return;
        // Three messages at the fixed latency (the lane takes them), one timer of a random delay.
        for (let k = 0; k < 3; k++) {
          const t = sch.now + 40;
          ids.push(fifo ? sch.scheduleAtFifo(t, onEvent, label++) : sch.scheduleAt(t, onEvent, label++));
        }
        ids.push(sch.schedule(rnd(100), onEvent, label++));
        if (rnd(4) === 0) sch.cancel(ids[rnd(ids.length)]!);
      };
      for (let i = 0; i < 50; i++) ids.push(sch.schedule(rnd(50), onEvent, label++));
      sch.run(500);
      const pendingMid = sch.pending;
      sch.run();
      expect(sch.pending).toBe(0);
      return { order, pendingMid };
    };
    const heap = trace(false);
    const lane = trace(true);
    expect(heap.order.length).toBeGreaterThan(20_000);
    expect(lane.pendingMid).toBe(heap.pendingMid);
    expect(lane.order).toEqual(heap.order);
  });

  it('cancels and tells pending lane events by id, before and after the lane grows around its end', () => {
    const sch = new Scheduler();
    const ran: number[] = [];
    const log = (l: number): void => {
      ran.push(l);
    };
    // 50 deliveries; after 40 have run the ring's head is at 40, so the next 200 wrap and grow it.
    const ids: number[] = [];
    for (let i = 0; i < 50; i++) ids.push(sch.scheduleAtFifo(i + 1, log, i));
    expect(sch.run(40)).toBe(40);
    for (let i = 50; i < 250; i++) ids.push(sch.scheduleAtFifo(i + 1, log, i));
    expect(sch.isPending(ids[10]!)).toBe(false); // ran
    expect(sch.cancel(ids[10]!)).toBe(false);
    for (const i of [44, 60, 200, 249]) expect(sch.isPending(ids[i]!)).toBe(true);
    for (const i of [44, 60, 200, 249]) expect(sch.cancel(ids[i]!)).toBe(true);
    expect(sch.cancel(ids[60]!)).toBe(false);
    expect(sch.isPending(ids[60]!)).toBe(false);
    expect(sch.isPending(ids[61]!)).toBe(true);
    // Lane ids are negative and never -1; an unknown one is not pending.
    expect(ids.every((id) => id < -1)).toBe(true);
    expect(sch.isPending(-1_000_000)).toBe(false);
    expect(sch.pending).toBe(206);
    let self = 0;
    let seen: [boolean, boolean] | undefined;
    self = sch.scheduleAtFifo(1_000, () => (seen = [sch.isPending(self), sch.cancel(self)]), null);
    sch.run();
    expect(seen).toEqual([false, false]);
    expect(ran).toEqual([...Array(250).keys()].filter((i) => ![44, 60, 200, 249].includes(i)));
    expect(sch.pending).toBe(0);
  });

  it('peekTime and pending see events in the lane', () => {
    const sch = new Scheduler();
    const id = sch.scheduleAtFifo(30, () => {}, null);
    sch.scheduleAtFifo(50, () => {}, null);
    sch.scheduleAt(40, () => {}, null);
    // Out of order for the lane: goes to the heap, still runs at 10.
    sch.scheduleAtFifo(10, () => {}, null);
    expect(sch.pending).toBe(4);
    expect(sch.peekTime()).toBe(10);
    expect(sch.run(20)).toBe(1);
    expect(sch.peekTime()).toBe(30);
    expect(sch.cancel(id)).toBe(true);
    expect(sch.pending).toBe(2);
    expect(sch.peekTime()).toBe(40);
    expect(sch.run()).toBe(2);
    expect(sch.pending).toBe(0);
    expect(() => sch.scheduleAtFifo(5, () => {}, null)).toThrow(SchedulerError);
  });
});

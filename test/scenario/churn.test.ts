import { describe, expect, it } from 'vitest';
import { RandomStreams, type RandomStream } from '../../src/sim/random.ts';
import { SECOND } from '../../src/sim/time.ts';
import { churnTimeline, collectChurn, LifetimeChurn, type ChurnEvent } from '../../src/scenario/churn.ts';
import { makeSampler, type Sampler } from '../../src/scenario/distributions.ts';
import { parseScenario } from '../../src/scenario/load.ts';

const exp = (mean: number) => makeSampler({ distribution: 'exponential', mean });

function lifetime(
  rng: RandomStream,
  opts: Partial<{ peers: number; session: Sampler; offTime: Sampler; crashFraction: number; initialState: 'steady' | 'all-up'; start: number; until: number }> = {},
) {
  return new LifetimeChurn(
    {
      peers: opts.peers ?? 3,
      session: opts.session ?? exp(10 * SECOND),
      offTime: opts.offTime ?? exp(5 * SECOND),
      crashFraction: opts.crashFraction ?? 0.5,
      initialState: opts.initialState ?? 'all-up',
      start: opts.start ?? 0,
      until: opts.until ?? 60 * SECOND,
    },
    rng,
  );
}

/** A direct transcription of the documented algorithm: array scan instead of a heap. */
function reference(seed: number, peers: number, sessionMean: number, offMean: number, crash: number, start: number, until: number): ChurnEvent[] {
  const rng = new RandomStreams(seed).stream('churn');
  const at: number[] = [];
  const up: boolean[] = [];
  const dur = (d: number) => Math.max(1, Math.round(d));
  for (let slot = 0; slot < peers; slot++) {
    up.push(true);
    at.push(start + dur(rng.exponential(sessionMean)));
  }
  const out: ChurnEvent[] = [];
  for (;;) {
    let best = -1;
    for (let slot = 0; slot < peers; slot++) if (at[slot]! <= until && (best < 0 || at[slot]! < at[best]!)) best = slot;
    if (best < 0) return out;
    const time = at[best]!;
    if (up[best]) {
      const kind = rng.next() < crash ? 'crash' : 'leave';
      out.push({ time, kind, slot: best });
      at[best] = time + dur(rng.exponential(offMean));
    } else {
      out.push({ time, kind: 'join', slot: best });
      at[best] = time + dur(rng.exponential(sessionMean));
    }
    up[best] = !up[best];
  }
}

describe('lifetime churn', () => {
  it('gives the exact documented event sequence on a tiny case', () => {
    const events = collectChurn(lifetime(new RandomStreams(42).stream('churn'), { start: 5 * SECOND }));
    expect(events).toEqual(reference(42, 3, 10 * SECOND, 5 * SECOND, 0.5, 5 * SECOND, 60 * SECOND));
    expect(events.slice(0, 4)).toEqual(PINNED_FIRST_EVENTS);
    // Each slot alternates departure and join.
    for (let slot = 0; slot < 3; slot++) {
      const kinds = events.filter((e) => e.slot === slot).map((e) => (e.kind === 'join' ? 'j' : 'd'));
      expect(kinds.join('')).toMatch(/^(dj)*d?$/);
    }
  });

  it('is deterministic and independent of draws on other streams', () => {
    const a = new RandomStreams(7, 2);
    const b = new RandomStreams(7, 2);
    for (let i = 0; i < 1000; i++) b.stream('workload').next();
    b.stream('alm.scribe').uint32();
    const ea = collectChurn(lifetime(a.stream('churn'), { peers: 50 }));
    const eb = collectChurn(lifetime(b.stream('churn'), { peers: 50 }));
    expect(eb).toEqual(ea);
    const other = collectChurn(lifetime(new RandomStreams(8, 2).stream('churn'), { peers: 50 }));
    expect(other).not.toEqual(ea);
  });

  it('orders events by time, then slot, and never past `until`', () => {
    const events = collectChurn(lifetime(new RandomStreams(1).stream('churn'), { peers: 200, until: 120 * SECOND }));
    for (let i = 1; i < events.length; i++) {
      const p = events[i - 1]!;
      const e = events[i]!;
      expect(e.time > p.time || (e.time === p.time && e.slot > p.slot)).toBe(true);
    }
    expect(events.at(-1)!.time).toBeLessThanOrEqual(120 * SECOND);
    expect(events.every((e) => Number.isInteger(e.time))).toBe(true);
  });

  it('honours the crash fraction', () => {
    const events = collectChurn(lifetime(new RandomStreams(3).stream('churn'), { peers: 2000, crashFraction: 0.3, until: 600 * SECOND }));
    const departures = events.filter((e) => e.kind !== 'join');
    const crashes = departures.filter((e) => e.kind === 'crash').length / departures.length;
    expect(departures.length).toBeGreaterThan(20_000);
    expect(Math.abs(crashes - 0.3)).toBeLessThan(0.015);
    const none = collectChurn(lifetime(new RandomStreams(3).stream('churn'), { peers: 100, crashFraction: 0 }));
    expect(none.some((e) => e.kind === 'crash')).toBe(false);
    const all = collectChurn(lifetime(new RandomStreams(3).stream('churn'), { peers: 100, crashFraction: 1 }));
    expect(all.some((e) => e.kind === 'leave')).toBe(false);
  });

  it('produces sessions with the target mean (20,000 sessions within 3 percent)', () => {
    const session = makeSampler({ distribution: 'weibull', shape: 1.5, mean: 60 * SECOND });
    const tl = lifetime(new RandomStreams(5).stream('churn'), { peers: 1000, session, offTime: exp(30 * SECOND), until: Infinity });
    const joinedAt = new Map<number, number>();
    const sessions: number[] = [];
    for (const e of tl) {
      if (e.kind === 'join') joinedAt.set(e.slot, e.time);
      else if (joinedAt.has(e.slot)) sessions.push(e.time - joinedAt.get(e.slot)!);
      if (sessions.length >= 20_000) break;
    }
    const mean = sessions.reduce((a, b) => a + b, 0) / sessions.length;
    expect(Math.abs(mean / (60 * SECOND) - 1)).toBeLessThan(0.03);
  });

  it('starts in steady state: the share of up slots does not drift', () => {
    // Heavy-tailed sessions: a naive start (fresh sessions) would show a long transient.
    const session = makeSampler({ distribution: 'weibull', shape: 0.5, mean: 100 * SECOND });
    const offTime = makeSampler({ distribution: 'lognormal', shape: 1, median: 30 * SECOND });
    const peers = 20_000;
    const p = session.mean / (session.mean + offTime.mean);
    const tl = lifetime(new RandomStreams(11).stream('churn'), { peers, session, offTime, initialState: 'steady', until: 400 * SECOND });
    let up = tl.initialUp.reduce((a, b) => a + b, 0);
    const tolerance = 4 * Math.sqrt(peers * p * (1 - p));
    expect(Math.abs(up - p * peers)).toBeLessThan(tolerance);
    const checkpoints = [25, 50, 100, 200, 350].map((s) => s * SECOND);
    for (const e of tl) {
      while (checkpoints.length > 0 && e.time > checkpoints[0]!) {
        expect(Math.abs(up - p * peers)).toBeLessThan(tolerance);
        checkpoints.shift();
      }
      up += e.kind === 'join' ? 1 : -1;
    }
  });

  it('all-up starts every slot up', () => {
    expect([...lifetime(new RandomStreams(1).stream('churn'), { peers: 5 }).initialUp]).toEqual([1, 1, 1, 1, 1]);
  });

  it('keeps memory bounded: one pending event per slot for 100,000 slots', () => {
    const tl = lifetime(new RandomStreams(1).stream('churn'), { peers: 100_000, session: exp(600 * SECOND), until: Infinity });
    const first = collectChurn(tl, 1000);
    expect(first).toHaveLength(1000);
    expect(first.at(-1)!.time).toBeLessThan(10 * SECOND);
  });
});

describe('churn timelines from scenarios', () => {
  it('lifetime churn starts at churn.start and is the same whatever the algorithms', () => {
    const text = 'overlay: {peers: 100}\nchurn: {model: lifetime, session: {median: 1 min}, offTime: {mean: 30 s}}';
    const s1 = parseScenario(text, 'x.yaml');
    const s2 = parseScenario(`${text}\nalm: {algorithms: [p2pcast], childLimit: 4}`, 'x.yaml');
    const e1 = collectChurn(churnTimeline(s1, new RandomStreams(s1.seed).stream('churn')));
    const e2 = collectChurn(churnTimeline(s2, new RandomStreams(s2.seed).stream('churn')));
    expect(e2).toEqual(e1);
    expect(e1[0]!.time).toBeGreaterThan(s1.churn.model === 'lifetime' ? s1.churn.start : 0);
    expect(e1.at(-1)!.time).toBeLessThanOrEqual(350 * SECOND);
  });

  it('no churn: everyone up, no events', () => {
    const s = parseScenario('overlay: {peers: 20}', 'x.yaml');
    const tl = churnTimeline(s, new RandomStreams(1).stream('churn'));
    expect(tl.initialUp.every((v) => v === 1)).toBe(true);
    expect(collectChurn(tl)).toEqual([]);
  });
});

/** Seed 42, 3 slots, all-up, exponential session 10 s / off 5 s, start 5 s: pinned so any change to the draw order shows. */
const PINNED_FIRST_EVENTS: ChurnEvent[] = [
  { time: 8_729_520, kind: 'leave', slot: 2 },
  { time: 12_838_749, kind: 'join', slot: 2 },
  { time: 18_055_548, kind: 'leave', slot: 1 },
  { time: 20_488_242, kind: 'crash', slot: 0 },
];

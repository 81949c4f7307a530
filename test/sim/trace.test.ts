import { describe, expect, it } from 'vitest';
import { Trace } from '../../src/sim/trace.ts';

type Ev = { type: 'a'; n: number } | { type: 'b'; s: string } | { type: 'c' };

describe('Trace', () => {
  it('delivers an event only to the listeners of its type, in subscription order', () => {
    const t = new Trace<Ev>();
    const got: string[] = [];
    t.on('a', (e) => got.push(`a1:${e.n}`));
    t.on('b', (e) => got.push(`b:${e.s}`));
    t.on('a', (e) => got.push(`a2:${e.n}`));
    t.emit({ type: 'a', n: 1 });
    t.emit({ type: 'b', s: 'x' });
    t.emit({ type: 'c' });
    expect(got).toEqual(['a1:1', 'a2:1', 'b:x']);
  });

  it('flips want flags on subscribe and on the last unsubscribe', () => {
    const t = new Trace<Ev>();
    expect(t.want.a).toBeFalsy();
    const off1 = t.on('a', () => {});
    const off2 = t.on('a', () => {});
    expect(t.want.a).toBe(true);
    expect(t.want.b).toBeFalsy();
    off1();
    expect(t.want.a).toBe(true);
    expect(t.listenerCount('a')).toBe(1);
    off2();
    expect(t.want.a).toBe(false);
    expect(t.listenerCount('a')).toBe(0);
    off2(); // a second call is harmless
    expect(t.want.a).toBe(false);
  });

  it('onMany subscribes to several types and unsubscribes from all', () => {
    const t = new Trace<Ev>();
    const got: string[] = [];
    const off = t.onMany(['a', 'c'], (e) => got.push(e.type));
    expect(t.want.a && t.want.c).toBe(true);
    t.emit({ type: 'a', n: 0 });
    t.emit({ type: 'b', s: '' });
    t.emit({ type: 'c' });
    off();
    t.emit({ type: 'a', n: 0 });
    expect(got).toEqual(['a', 'c']);
    expect(t.want.a || t.want.c).toBe(false);
  });

  it('is safe to unsubscribe (self or another listener) and subscribe during dispatch', () => {
    const t = new Trace<Ev>();
    const got: string[] = [];
    let offSecond = () => {};
    const offFirst = t.on('a', (e) => {
      got.push(`first:${e.n}`);
      offFirst();
      offSecond();
      t.on('a', (e2) => got.push(`late:${e2.n}`));
    });
    offSecond = t.on('a', (e) => got.push(`second:${e.n}`));
    t.on('a', (e) => got.push(`third:${e.n}`));
    t.emit({ type: 'a', n: 1 });
    t.emit({ type: 'a', n: 2 });
    // The dispatch in progress uses the listener list as it was when it started (copy on write).
    expect(got).toEqual(['first:1', 'second:1', 'third:1', 'third:2', 'late:2']);
  });

  it('emitting with no listener does nothing', () => {
    const t = new Trace<Ev>();
    expect(() => t.emit({ type: 'c' })).not.toThrow();
  });

  // Unsubscribing removes one registration, not every registration of the same function.
  it('subscribing the same function twice needs two unsubscribes to silence it', () => {
    const t = new Trace<Ev>();
    let count = 0;
    const l = () => count++;
    const off1 = t.on('c', l);
    t.on('c', l);
    off1();
    t.emit({ type: 'c' });
    expect(count).toBe(1);
    expect(t.want.c).toBe(true);
  });
});

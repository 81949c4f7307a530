import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { RandomStreams } from '../../src/sim/random.ts';
import { ConstantUnderlay } from '../../src/net/constant-underlay.ts';
import { CoordinateUnderlay } from '../../src/net/coordinate-underlay.ts';
import { UniformUnderlay } from '../../src/net/uniform-underlay.ts';
import { UnderlayError } from '../../src/net/underlay.ts';

const rng = (seed: number, name = 'underlay') => new RandomStreams(seed).stream(name);
const host = (n: number) => fc.integer({ min: 0, max: n - 1 });

describe('ConstantUnderlay', () => {
  it('gives the constant between distinct hosts and 0 to itself', () => {
    const u = new ConstantUnderlay({}, { hostCount: 4, latency: 1234 });
    expect(u.latency(0, 3)).toBe(1234);
    expect(u.latency(2, 2)).toBe(0);
    expect(new ConstantUnderlay({}, { hostCount: 2 }).latency(0, 1)).toBe(50_000);
    expect(() => new ConstantUnderlay({}, { hostCount: 2, latency: -1 })).toThrow(UnderlayError);
    expect(() => new ConstantUnderlay({}, { hostCount: 0 })).toThrow(UnderlayError);
  });
});

describe('UniformUnderlay', () => {
  const N = 1_000_000;
  const u = new UniformUnderlay({ rng: rng(3) }, { hostCount: N, min: 5_000, max: 80_000 });

  it('is symmetric, stable, integer and within [min, max]', () => {
    fc.assert(
      fc.property(host(N), host(N), (a, b) => {
        const l = u.latency(a, b);
        expect(l).toBe(u.latency(b, a));
        expect(l).toBe(u.latency(a, b));
        if (a === b) expect(l).toBe(0);
        else {
          expect(Number.isInteger(l)).toBe(true);
          expect(l).toBeGreaterThanOrEqual(5_000);
          expect(l).toBeLessThanOrEqual(80_000);
        }
      }),
      { numRuns: 5000 },
    );
  });

  it('is the same for the same seed and differs for another', () => {
    const again = new UniformUnderlay({ rng: rng(3) }, { hostCount: N, min: 5_000, max: 80_000 });
    const other = new UniformUnderlay({ rng: rng(4) }, { hostCount: N, min: 5_000, max: 80_000 });
    let differs = 0;
    for (let i = 1; i < 1000; i++) {
      expect(again.latency(i, (i * 7919) % N)).toBe(u.latency(i, (i * 7919) % N));
      if (other.latency(i, (i * 7919) % N) !== u.latency(i, (i * 7919) % N)) differs++;
    }
    expect(differs).toBeGreaterThan(990);
  });

  it('spreads latencies uniformly over the range (mean and decile counts)', () => {
    const small = new UniformUnderlay({ rng: rng(8) }, { hostCount: 1000, min: 0, max: 9999 });
    const bins = new Array<number>(10).fill(0);
    let sum = 0;
    let pairs = 0;
    for (let a = 0; a < 1000; a++) {
      for (let b = a + 1; b < 1000; b++) {
        const l = small.latency(a, b);
        bins[Math.floor(l / 1000)]!++;
        sum += l;
        pairs++;
      }
    }
    expect(Math.abs(sum / pairs / 4999.5 - 1)).toBeLessThan(0.01);
    for (const c of bins) expect(Math.abs(c / (pairs / 10) - 1)).toBeLessThan(0.02);
  });

  it('allows min == max and refuses a reversed range', () => {
    expect(new UniformUnderlay({ rng: rng(1) }, { hostCount: 3, min: 7, max: 7 }).latency(0, 1)).toBe(7);
    expect(() => new UniformUnderlay({ rng: rng(1) }, { hostCount: 3, min: 9, max: 7 })).toThrow(UnderlayError);
  });
});

describe('CoordinateUnderlay', () => {
  it('plane: latency = round(euclidean distance * usPerUnit) + access delays', () => {
    const u = new CoordinateUnderlay({ rng: rng(1) }, { hostCount: 100, width: 10, height: 20, usPerUnit: 1000, access: [0, 0] });
    for (let h = 0; h < 100; h++) {
      expect(u.x[h]).toBeGreaterThanOrEqual(0);
      expect(u.x[h]).toBeLessThan(10);
      expect(u.y[h]).toBeLessThan(20);
    }
    expect(u.latency(3, 4)).toBe(Math.round(Math.hypot(u.x[3]! - u.x[4]!, u.y[3]! - u.y[4]!) * 1000));
    expect(u.latency(5, 5)).toBe(0);
  });

  it('plane: symmetric and triangle inequality (up to 1 us of rounding), with access delays', () => {
    const u = new CoordinateUnderlay({ rng: rng(2) }, { hostCount: 2000 });
    for (let h = 0; h < 2000; h++) {
      expect(u.access[h]).toBeGreaterThanOrEqual(1000);
      expect(u.access[h]).toBeLessThanOrEqual(10000);
    }
    fc.assert(
      fc.property(host(2000), host(2000), host(2000), (a, b, c) => {
        expect(u.latency(a, b)).toBe(u.latency(b, a));
        expect(u.latency(a, c)).toBeLessThanOrEqual(u.latency(a, b) + u.latency(b, c) + 1);
      }),
      { numRuns: 5000 },
    );
  });

  it('sphere: unit positions, great-circle distance / speed, triangle inequality, antipodes ~100 ms', () => {
    const u = new CoordinateUnderlay({ rng: rng(3) }, { hostCount: 2000, geometry: 'sphere', access: [0, 0] });
    expect(u.kind).toBe('coordinates-sphere');
    for (let h = 0; h < 2000; h++) expect(Math.hypot(u.x[h]!, u.y[h]!, u.z[h]!)).toBeCloseTo(1, 12);
    let max = 0;
    let sum = 0;
    let n = 0;
    fc.assert(
      fc.property(host(2000), host(2000), host(2000), (a, b, c) => {
        const ab = u.latency(a, b);
        expect(ab).toBe(u.latency(b, a));
        expect(u.latency(a, c)).toBeLessThanOrEqual(ab + u.latency(b, c) + 1);
        max = Math.max(max, ab);
        sum += ab;
        n++;
      }),
      { numRuns: 5000 },
    );
    // Half the circumference (20,015 km) at 200,000 km/s is 100.07 ms; the mean distance is a quarter.
    expect(max).toBeLessThanOrEqual(100_075);
    expect(Math.abs(sum / n / 50_037 - 1)).toBeLessThan(0.03);
  });

  it('the same seed places hosts identically', () => {
    const a = new CoordinateUnderlay({ rng: rng(4) }, { hostCount: 50 });
    const b = new CoordinateUnderlay({ rng: rng(4) }, { hostCount: 50 });
    expect(b.x).toEqual(a.x);
    expect(b.access).toEqual(a.access);
  });

  it('refuses bad settings', () => {
    expect(() => new CoordinateUnderlay({ rng: rng(1) }, { hostCount: 5, access: [3, 1] })).toThrow(/access/);
    expect(() => new CoordinateUnderlay({ rng: rng(1) }, { hostCount: 5, width: 0 })).toThrow(UnderlayError);
    expect(() => new CoordinateUnderlay({ rng: rng(1) }, { hostCount: 5, geometry: 'torus' as 'plane' })).toThrow(/geometry/);
  });
});

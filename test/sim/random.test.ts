import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { RandomError, RandomStream, RandomStreams } from '../../src/sim/random.ts';

const N = 100_000;

function draws(s: RandomStream, k: number): number[] {
  return Array.from({ length: k }, () => s.uint32());
}

function mean(f: () => number, n = N): number {
  let sum = 0;
  for (let i = 0; i < n; i++) sum += f();
  return sum / n;
}

/** Gamma function (Lanczos, g = 7), accurate to ~1e-13 for the arguments used here. */
function gamma(z: number): number {
  const c = [
    0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059,
    12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7,
  ];
  if (z < 0.5) return Math.PI / (Math.sin(Math.PI * z) * gamma(1 - z));
  z -= 1;
  let x = c[0]!;
  for (let i = 1; i < 9; i++) x += c[i]! / (z + i);
  const t = z + 7.5;
  return Math.sqrt(2 * Math.PI) * Math.pow(t, z + 0.5) * Math.exp(-t) * x;
}

describe('RandomStreams', () => {
  it('derives a stream from (seed, run, name) alone', () => {
    const a = new RandomStreams(7, 3).stream('churn');
    const b = new RandomStreams(7, 3).stream('churn');
    expect(draws(a, 100)).toEqual(draws(b, 100));
  });

  it('keeps the derivation stable across versions (golden values)', () => {
    const s = new RandomStreams(42, 0).stream('golden');
    expect(draws(s, 3)).toEqual([1080532727, 1470432906, 2268289458]);
    expect(s.next()).toBe(0.9042820709291846);
  });

  it('returns the same stream object for the same name', () => {
    const f = new RandomStreams(1);
    expect(f.stream('x')).toBe(f.stream('x'));
  });

  it("does not let one stream's use change another's draws", () => {
    const f1 = new RandomStreams(11);
    const f2 = new RandomStreams(11);
    draws(f1.stream('a'), 5000);
    f2.stream('c');
    expect(draws(f1.stream('b'), 50)).toEqual(draws(f2.stream('b'), 50));
  });

  it('gives different draws for another run number, seed or name', () => {
    const base = draws(new RandomStreams(5, 0).stream('s'), 20);
    expect(draws(new RandomStreams(5, 1).stream('s'), 20)).not.toEqual(base);
    expect(draws(new RandomStreams(6, 0).stream('s'), 20)).not.toEqual(base);
    expect(draws(new RandomStreams(5, 0).stream('t'), 20)).not.toEqual(base);
  });
});

describe('RandomStream distributions (seeded, 1e5 draws)', () => {
  const s = () => new RandomStreams(2024).stream('dist');

  it('next, uniform, int and bernoulli stay in range with the right means', () => {
    const r = s();
    let bad = 0;
    for (let i = 0; i < 10_000; i++) {
      const u = r.next();
      const v = r.uniform(-3, 5);
      const k = r.int(7);
      if (!(u >= 0 && u < 1 && v >= -3 && v < 5 && Number.isInteger(k) && k >= 0 && k < 7)) bad++;
    }
    expect(bad).toBe(0);
    expect(mean(() => r.uniform(2, 4))).toBeCloseTo(3, 1);
    expect(mean(() => r.int(10))).toBeCloseTo(4.5, 1);
    expect(mean(() => (r.bernoulli(0.3) ? 1 : 0))).toBeCloseTo(0.3, 2);
  });

  it('exponential(mean 3): sample mean within 2%', () => {
    const r = s();
    expect(Math.abs(mean(() => r.exponential(3)) / 3 - 1)).toBeLessThan(0.02);
  });

  it('Weibull(scale 2, shape 1.5): mean = scale * Gamma(1 + 1/shape) within 2%', () => {
    const r = s();
    const expected = 2 * gamma(1 + 1 / 1.5);
    expect(expected).toBeCloseTo(1.805490585901867, 10);
    expect(Math.abs(mean(() => r.weibull(2, 1.5)) / expected - 1)).toBeLessThan(0.02);
  });

  it('Pareto(xm 1, alpha 3): mean = alpha xm / (alpha - 1) within 2%, never below xm', () => {
    const r = s();
    let min = Infinity;
    const m = mean(() => {
      const x = r.pareto(1, 3);
      if (x < min) min = x;
      return x;
    });
    expect(min).toBeGreaterThanOrEqual(1);
    expect(Math.abs(m / 1.5 - 1)).toBeLessThan(0.02);
  });

  it('normal: mean 0 and variance 1; lognormal(0, 0.5): mean exp(mu + sigma^2/2) within 2%', () => {
    const r = s();
    let sum = 0;
    let sq = 0;
    for (let i = 0; i < N; i++) {
      const z = r.normal();
      sum += z;
      sq += z * z;
    }
    expect(Math.abs(sum / N)).toBeLessThan(0.015);
    expect(Math.abs(sq / N - 1)).toBeLessThan(0.02);
    expect(Math.abs(mean(() => r.lognormal(0, 0.5)) / Math.exp(0.125) - 1)).toBeLessThan(0.02);
  });

  it('zipf(n 50, s 1.2): rank frequencies follow r^-s', () => {
    const r = s();
    const n = 50;
    const exponent = 1.2;
    const counts = new Array<number>(n + 1).fill(0);
    for (let i = 0; i < N; i++) {
      counts[r.zipf(n, exponent)]!++;
    }
    let h = 0;
    for (let k = 1; k <= n; k++) h += Math.pow(k, -exponent);
    expect(counts[0]).toBe(0);
    expect(counts.reduce((a, b) => a + b, 0)).toBe(N); // so every rank was in [1, n]
    let tv = 0;
    for (let k = 1; k <= n; k++) {
      const p = Math.pow(k, -exponent) / h;
      tv += Math.abs(counts[k]! / N - p) / 2;
      if (k <= 5) expect(Math.abs(counts[k]! / N / p - 1)).toBeLessThan(0.05);
    }
    expect(tv).toBeLessThan(0.01);
    expect(() => r.zipf(0, 1)).toThrow(RandomError);
  });

  it('shuffle returns a permutation of its input', () => {
    const r = s();
    fc.assert(
      fc.property(fc.array(fc.integer(), { maxLength: 200 }), (xs) => {
        const copy = [...xs];
        const out = r.shuffle(copy);
        expect(out).toBe(copy);
        expect([...out].sort((a, b) => a - b)).toEqual([...xs].sort((a, b) => a - b));
      }),
    );
  });

  it('shuffle is unbiased on 3 elements (each of the 6 orders ~1/6)', () => {
    const r = s();
    const seen = new Map<string, number>();
    for (let i = 0; i < 60_000; i++) {
      const k = r.shuffle([0, 1, 2]).join('');
      seen.set(k, (seen.get(k) ?? 0) + 1);
    }
    expect(seen.size).toBe(6);
    for (const c of seen.values()) expect(Math.abs(c / 10_000 - 1)).toBeLessThan(0.05);
  });

  it('sample gives k distinct values in [0, n), on both code paths', () => {
    const r = s();
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 500 }).chain((n) => fc.tuple(fc.constant(n), fc.integer({ min: 0, max: n }))),
        ([n, k]) => {
          const out = r.sample(n, k);
          expect(out).toHaveLength(k);
          expect(new Set(out).size).toBe(k);
          for (const v of out) expect(Number.isInteger(v) && v >= 0 && v < n).toBe(true);
        },
      ),
    );
    expect(() => r.sample(3, 4)).toThrow(RandomError);
  });

  it('choice picks from the array and refuses an empty one', () => {
    const r = s();
    const items = ['a', 'b', 'c'];
    for (let i = 0; i < 100; i++) expect(items).toContain(r.choice(items));
    expect(() => r.choice([])).toThrow(RandomError);
  });
});

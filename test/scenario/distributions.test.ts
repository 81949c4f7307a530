import { describe, expect, it } from 'vitest';
import { RandomStreams } from '../../src/sim/random.ts';
import { gamma, makeSampler, type DistributionSpec } from '../../src/scenario/distributions.ts';

const N = 20_000;

function draws(spec: DistributionSpec, seed = 1): number[] {
  const rng = new RandomStreams(seed).stream('test');
  const s = makeSampler(spec);
  return Array.from({ length: N }, () => s.draw(rng));
}

const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
const median = (xs: number[]) => {
  const sorted = [...xs].sort((a, b) => a - b);
  return (sorted[N / 2 - 1]! + sorted[N / 2]!) / 2;
};

describe('gamma (Lanczos)', () => {
  it('matches known values', () => {
    expect(gamma(1)).toBeCloseTo(1, 12);
    expect(gamma(5)).toBeCloseTo(24, 10);
    expect(gamma(0.5)).toBeCloseTo(Math.sqrt(Math.PI), 12);
    expect(gamma(1.5)).toBeCloseTo(Math.sqrt(Math.PI) / 2, 12);
    expect(gamma(1 + 1 / 0.5)).toBeCloseTo(2, 12);
    expect(gamma(10.3) / gamma(9.3)).toBeCloseTo(9.3, 10);
  });
});

describe('session distributions parameterised by mean or median', () => {
  const cases: Array<[string, Omit<DistributionSpec, 'mean' | 'median'>]> = [
    ['exponential', { distribution: 'exponential' }],
    ['weibull k=0.7', { distribution: 'weibull', shape: 0.7 }],
    ['weibull k=2', { distribution: 'weibull', shape: 2 }],
    ['pareto alpha=3', { distribution: 'pareto', shape: 3 }],
    ['lognormal sigma=1', { distribution: 'lognormal', shape: 1 }],
  ];

  it.each(cases)('%s: the mean of 20,000 draws is within 3 percent of the target mean', (_, spec) => {
    const target = 600e6;
    expect(makeSampler({ ...spec, mean: target }).mean).toBeCloseTo(target, -1);
    expect(Math.abs(mean(draws({ ...spec, mean: target })) / target - 1)).toBeLessThan(0.03);
  });

  it.each(cases)('%s: the median of 20,000 draws is within 3 percent of the target median', (_, spec) => {
    const target = 300e6;
    expect(makeSampler({ ...spec, median: target }).median).toBeCloseTo(target, -1);
    expect(Math.abs(median(draws({ ...spec, median: target })) / target - 1)).toBeLessThan(0.03);
  });

  it('derive the scale analytically', () => {
    // Weibull: scale = mean / Gamma(1 + 1/k); median = scale (ln 2)^(1/k).
    const w = makeSampler({ distribution: 'weibull', shape: 0.5, mean: 100 });
    expect(w.median).toBeCloseTo((100 / 2) * Math.LN2 ** 2, 9);
    // Pareto: xm = mean (alpha - 1) / alpha; median = xm 2^(1/alpha).
    expect(makeSampler({ distribution: 'pareto', shape: 2, mean: 100 }).median).toBeCloseTo(50 * Math.SQRT2, 9);
    expect(makeSampler({ distribution: 'pareto', shape: 0.8, median: 100 }).mean).toBe(Infinity);
    // Lognormal: mu = ln(mean) - sigma^2 / 2.
    expect(makeSampler({ distribution: 'lognormal', shape: 1, mean: 100 }).median).toBeCloseTo(100 / Math.exp(0.5), 9);
    expect(makeSampler({ distribution: 'exponential', median: 100 }).mean).toBeCloseTo(100 / Math.LN2, 9);
  });

  const secondMoment: Record<string, number> = {
    exponential: 2,
    'weibull k=0.7': gamma(1 + 2 / 0.7) / gamma(1 + 1 / 0.7) ** 2,
    'weibull k=2': gamma(2) / gamma(1.5) ** 2,
    'pareto alpha=3': 4 / 3,
    'lognormal sigma=1': Math.E,
  };

  it.each(cases)('%s: length-biased draws have mean E[X^2] / E[X] (within 5 percent)', (name, spec) => {
    const s = makeSampler({ ...spec, mean: 1 });
    const rng = new RandomStreams(2).stream('lb');
    const lb = mean(Array.from({ length: N }, () => s.drawLengthBiased(rng)));
    expect(Math.abs(lb / secondMoment[name]! - 1)).toBeLessThan(0.05);
  });
});

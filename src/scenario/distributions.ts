/**
 * Session and off-time distributions parameterised by a target mean or median and a shape, with the
 * scale derived analytically:
 *
 *   exponential  mean m                      (median: m = median / ln 2)
 *   Weibull k    scale = mean / Gamma(1 + 1/k)    or  median / (ln 2)^(1/k)
 *   Pareto alpha xm = mean (alpha - 1) / alpha (alpha > 1)  or  median / 2^(1/alpha)
 *   lognormal s  mu = ln(mean) - s^2 / 2          or  ln(median)
 *
 * `drawLengthBiased` samples the length of the interval that covers a random point in time (density
 * x f(x) / mean); with a uniform position in it, this starts an alternating renewal process in its
 * stationary state (see churn.ts). It needs a finite mean.
 */
import type { RandomStream } from '../sim/random.ts';
import type { DistributionName } from './schema.ts';

export interface DistributionSpec {
  readonly distribution: DistributionName;
  /** Target mean, in any unit (the sampler draws in the same unit). */
  readonly mean?: number | undefined;
  readonly median?: number | undefined;
  /** Weibull k, Pareto alpha, lognormal sigma; unused by exponential. */
  readonly shape?: number | undefined;
}

export interface Sampler {
  readonly mean: number;
  readonly median: number;
  draw(rng: RandomStream): number;
  drawLengthBiased(rng: RandomStream): number;
}

export class DistributionError extends Error {
  override name = 'DistributionError';
}

export function makeSampler(spec: DistributionSpec): Sampler {
  const { mean, median } = spec;
  if ((mean === undefined) === (median === undefined)) throw new DistributionError('give exactly one of mean or median');
  const target = (mean ?? median)!;
  if (!(target > 0)) throw new DistributionError(`mean/median must be positive, got ${target}`);
  const shape = spec.shape ?? NaN;
  if (spec.distribution !== 'exponential' && !(shape > 0)) throw new DistributionError(`${spec.distribution} needs a positive shape`);

  switch (spec.distribution) {
    case 'exponential': {
      const m = mean ?? median! / Math.LN2;
      return {
        mean: m,
        median: m * Math.LN2,
        draw: (rng) => rng.exponential(m),
        // Length-biased exponential is Gamma(2, m): the sum of two exponentials.
        drawLengthBiased: (rng) => rng.exponential(m) + rng.exponential(m),
      };
    }
    case 'weibull': {
      const k = shape;
      const g = gamma(1 + 1 / k);
      const scale = mean !== undefined ? mean / g : median! / Math.pow(Math.LN2, 1 / k);
      return {
        mean: scale * g,
        median: scale * Math.pow(Math.LN2, 1 / k),
        draw: (rng) => rng.weibull(scale, k),
        // (X/scale)^k is Exp(1); length-biasing makes it Gamma(1 + 1/k, 1).
        drawLengthBiased: (rng) => scale * Math.pow(drawGamma(rng, 1 + 1 / k), 1 / k),
      };
    }
    case 'pareto': {
      const alpha = shape;
      if (mean !== undefined && !(alpha > 1)) throw new DistributionError('a Pareto mean needs shape > 1');
      const xm = mean !== undefined ? (mean * (alpha - 1)) / alpha : median! / Math.pow(2, 1 / alpha);
      return {
        mean: alpha > 1 ? (alpha * xm) / (alpha - 1) : Infinity,
        median: xm * Math.pow(2, 1 / alpha),
        draw: (rng) => rng.pareto(xm, alpha),
        drawLengthBiased: (rng) => {
          if (!(alpha > 1)) throw new DistributionError('a Pareto distribution with shape <= 1 has no stationary state');
          return rng.pareto(xm, alpha - 1);
        },
      };
    }
    case 'lognormal': {
      const sigma = shape;
      const mu = mean !== undefined ? Math.log(mean) - (sigma * sigma) / 2 : Math.log(median!);
      return {
        mean: Math.exp(mu + (sigma * sigma) / 2),
        median: Math.exp(mu),
        draw: (rng) => rng.lognormal(mu, sigma),
        drawLengthBiased: (rng) => rng.lognormal(mu + sigma * sigma, sigma),
      };
    }
  }
}

const LANCZOS_G = 7;
const LANCZOS = [
  0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059, 12.507343278686905,
  -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7,
];

/** The Gamma function (Lanczos approximation, g = 7; relative error about 1e-15 for x > 0). */
export function gamma(x: number): number {
  if (x < 0.5) return Math.PI / (Math.sin(Math.PI * x) * gamma(1 - x));
  const z = x - 1;
  let a = LANCZOS[0]!;
  const t = z + LANCZOS_G + 0.5;
  for (let i = 1; i < LANCZOS.length; i++) a += LANCZOS[i]! / (z + i);
  return Math.sqrt(2 * Math.PI) * Math.pow(t, z + 0.5) * Math.exp(-t) * a;
}

/** Gamma(shape a >= 1, scale 1) by Marsaglia and Tsang's squeeze method. */
function drawGamma(rng: RandomStream, a: number): number {
  const d = a - 1 / 3;
  const c = 1 / Math.sqrt(9 * d);
  for (;;) {
    const x = rng.normal();
    let v = 1 + c * x;
    if (v <= 0) continue;
    v = v * v * v;
    const u = rng.next();
    if (u < 1 - 0.0331 * x * x * x * x) return d * v;
    if (Math.log(u) < 0.5 * x * x + d * (1 - v + Math.log(v))) return d * v;
  }
}

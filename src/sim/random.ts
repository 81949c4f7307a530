/**
 * Named random streams (as ns-3's RngStream): each stream is seeded from (seed, run, name) alone, so a
 * component's draws do not depend on how many draws any other component made. This is what lets a
 * comparison give two algorithms the same peers, churn and workload (common random numbers).
 */
import seedrandom from 'seedrandom';

export class RandomError extends Error {
  override name = 'RandomError';
}

/** The factory of a run's streams. */
export class RandomStreams {
  private readonly streams = new Map<string, RandomStream>();

  constructor(
    readonly seed: number,
    readonly run = 0,
  ) {}

  /** The stream called `name`; the same object on every call. */
  stream(name: string): RandomStream {
    let s = this.streams.get(name);
    if (s === undefined) {
      s = new RandomStream(`almsim/${this.seed}/${this.run}/${name}`);
      this.streams.set(name, s);
    }
    return s;
  }
}

export class RandomStream {
  private readonly prng: seedrandom.PRNG;
  private zipfCache: { n: number; s: number; cdf: Float64Array } | undefined;

  constructor(seedString: string) {
    this.prng = seedrandom.alea(seedString);
  }

  /** Uniform in [0, 1). */
  next(): number {
    return this.prng();
  }

  /** A uniformly random unsigned 32-bit integer. */
  uint32(): number {
    return this.prng.int32() >>> 0;
  }

  /** Uniform integer in [0, n). */
  int(n: number): number {
    return Math.floor(this.prng() * n);
  }

  /** Uniform real in [a, b). */
  uniform(a: number, b: number): number {
    return a + (b - a) * this.prng();
  }

  /** True with probability p. */
  bernoulli(p: number): boolean {
    return this.prng() < p;
  }

  /** Exponential with the given mean. */
  exponential(mean: number): number {
    return -mean * Math.log(1 - this.prng());
  }

  /** Weibull with scale lambda and shape k. */
  weibull(scale: number, shape: number): number {
    return scale * Math.pow(-Math.log(1 - this.prng()), 1 / shape);
  }

  /** Pareto (type I) with minimum xm and shape alpha. */
  pareto(xm: number, alpha: number): number {
    return xm / Math.pow(1 - this.prng(), 1 / alpha);
  }

  /** Standard normal (Box-Muller, one value per two uniforms). */
  normal(): number {
    const u = 1 - this.prng();
    const v = this.prng();
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
  }

  /** Lognormal: exp(mu + sigma * Z). */
  lognormal(mu: number, sigma: number): number {
    return Math.exp(mu + sigma * this.normal());
  }

  /**
   * Zipf rank in [1, n] with P(r) proportional to r^-s. The CDF of the last (n, s) asked is cached,
   * so repeated draws cost a binary search.
   */
  zipf(n: number, s: number): number {
    if (!(n >= 1) || !Number.isInteger(n)) throw new RandomError(`zipf: n must be an integer >= 1, got ${n}`);
    let c = this.zipfCache;
    if (c === undefined || c.n !== n || c.s !== s) {
      const cdf = new Float64Array(n);
      let acc = 0;
      for (let r = 1; r <= n; r++) {
        acc += Math.pow(r, -s);
        cdf[r - 1] = acc;
      }
      for (let i = 0; i < n; i++) cdf[i]! /= acc;
      c = { n, s, cdf };
      this.zipfCache = c;
    }
    const u = this.prng();
    const cdf = c.cdf;
    let lo = 0;
    let hi = n - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (cdf[mid]! > u) hi = mid;
      else lo = mid + 1;
    }
    return lo + 1;
  }

  /** A uniformly chosen element of a non-empty array. */
  choice<T>(items: readonly T[]): T {
    if (items.length === 0) throw new RandomError('choice from an empty array');
    return items[this.int(items.length)]!;
  }

  /** Shuffles in place (Fisher-Yates) and returns the array. */
  shuffle<T>(items: T[]): T[] {
    for (let i = items.length - 1; i > 0; i--) {
      const j = this.int(i + 1);
      const t = items[i]!;
      items[i] = items[j]!;
      items[j] = t;
    }
    return items;
  }

  /** k distinct integers from [0, n), in random order (k <= n). */
  sample(n: number, k: number): number[] {
    if (k > n) throw new RandomError(`sample: cannot take ${k} distinct values from ${n}`);
    if (k * 3 < n) {
      const seen = new Set<number>();
      const out: number[] = [];
      while (out.length < k) {
        const v = this.int(n);
        if (!seen.has(v)) {
          seen.add(v);
          out.push(v);
        }
      }
      return out;
    }
    const all = Array.from({ length: n }, (_, i) => i);
    this.shuffle(all);
    all.length = k;
    return all;
  }
}

/**
 * A transit-stub router topology in the style of GT-ITM (Zegura, Calvert and Bhattacharjee, "How to
 * model an internetwork", INFOCOM 1996): transit domains interconnected by a random connected graph;
 * each transit router has stub domains hanging off it by one transit-stub link; every domain is a random
 * connected graph (a random spanning tree plus each other router pair with a fixed probability).
 *
 * GT-ITM places routers in a plane and derives edge lengths from it; here each link's delay is drawn
 * from a range per link class, with delays growing up the hierarchy as GT-ITM's geometry gives.
 * Routes are shortest-delay paths (GT-ITM also emits routing-policy weights; these are not modelled).
 *
 * Routers are numbered transit first (domain by domain), then stub routers (domain by domain, in the
 * order of the transit routers they hang off).
 */
import type { RandomStream } from '../sim/random.ts';
import { RouterGraphBuilder, type RouterGraph } from './router-graph.ts';
import { AllPairsShortestPaths } from './shortest-paths.ts';
import { checkRange, UnderlayError } from './underlay.ts';

/** Link classes, as stored in {@link RouterGraph.linkClass}. */
export const LinkClass = {
  /** Between two transit domains. */
  interTransit: 0,
  /** Inside a transit domain. */
  transit: 1,
  /** Between a transit router and a stub domain (also the optional extra transit-stub and stub-stub links). */
  transitStub: 2,
  /** Inside a stub domain. */
  stub: 3,
} as const;
export type LinkClass = (typeof LinkClass)[keyof typeof LinkClass];

/** A count: a fixed number, or a uniform random integer in [min, max] drawn per domain. */
export type Count = number | readonly [number, number];

export interface TransitStubDelays {
  /** @default [20000, 40000] (20 to 40 ms) */
  interTransit?: readonly [number, number];
  /** @default [5000, 15000] (5 to 15 ms) */
  transit?: readonly [number, number];
  /** @default [2000, 6000] (2 to 6 ms) */
  transitStub?: readonly [number, number];
  /** @default [500, 2000] (0.5 to 2 ms) */
  stub?: readonly [number, number];
}

export interface TransitStubParams {
  /** Number of transit domains. @default 10 */
  transitDomains?: number;
  /** Routers per transit domain. @default 5 */
  routersPerTransitDomain?: Count;
  /** Stub domains attached to each transit router. @default 10 */
  stubsPerTransitRouter?: Count;
  /** Routers per stub domain. @default 10 */
  routersPerStubDomain?: Count;
  /** Probability of each extra (non-tree) link between two transit domains. @default 0.3 */
  domainLinkProbability?: number;
  /** Probability of each extra (non-tree) link inside a transit domain. @default 0.6 */
  transitLinkProbability?: number;
  /** Probability of each extra (non-tree) link inside a stub domain. @default 0.3 */
  stubLinkProbability?: number;
  /** Extra links from a random stub router to a random transit router (GT-ITM's multi-homing). @default 0 */
  extraTransitStubLinks?: number;
  /** Extra links between random routers of two different stub domains. @default 0 */
  extraStubStubLinks?: number;
  /** Link delay ranges per class, integer microseconds. */
  delays?: TransitStubDelays;
}

/**
 * Named parameter sets. `scribe5050` is the topology of the Scribe evaluation (Castro et al., IEEE JSAC
 * 20(8), 2002): 10 transit domains of 5 routers, 10 stub domains per transit router, 10 routers per
 * stub domain: 10*5 + 10*5*10*10 = 5,050 routers. The paper gives averages; the preset fixes them so the
 * total is exactly 5,050.
 */
export const TRANSIT_STUB_PRESETS = {
  scribe5050: {
    transitDomains: 10,
    routersPerTransitDomain: 5,
    stubsPerTransitRouter: 10,
    routersPerStubDomain: 10,
  },
} as const satisfies Record<string, TransitStubParams>;
export type TransitStubPreset = keyof typeof TRANSIT_STUB_PRESETS;

const DEFAULT_DELAYS: Required<TransitStubDelays> = {
  interTransit: [20_000, 40_000],
  transit: [5_000, 15_000],
  transitStub: [2_000, 6_000],
  stub: [500, 2_000],
};

/** A generated router topology with its all-pairs shortest paths. Immutable; may be shared. */
export class TransitStubNetwork {
  readonly graph: RouterGraph;
  readonly paths: AllPairsShortestPaths;
  readonly transitDomainCount: number;
  /** Routers 0..transitRouterCount-1 are transit routers; the rest are stub routers. */
  readonly transitRouterCount: number;
  readonly stubDomainCount: number;
  /** Domain of each router: transit domains 0..T-1, then stub domains T.. */
  readonly routerDomain: Uint32Array;

  constructor(graph: RouterGraph, transitDomainCount: number, transitRouterCount: number, stubDomainCount: number, routerDomain: Uint32Array) {
    if (!graph.isConnected()) throw new UnderlayError('transit-stub: generated router graph is not connected');
    this.graph = graph;
    this.transitDomainCount = transitDomainCount;
    this.transitRouterCount = transitRouterCount;
    this.stubDomainCount = stubDomainCount;
    this.routerDomain = routerDomain;
    this.paths = new AllPairsShortestPaths(graph);
  }

  get routerCount(): number {
    return this.graph.routerCount;
  }

  get stubRouterCount(): number {
    return this.graph.routerCount - this.transitRouterCount;
  }

  /** Generates a topology from a preset name or parameters, drawing from `rng`. */
  static generate(rng: RandomStream, params: TransitStubParams | TransitStubPreset = 'scribe5050'): TransitStubNetwork {
    let p: TransitStubParams;
    if (typeof params === 'string') {
      const preset = (TRANSIT_STUB_PRESETS as Record<string, TransitStubParams>)[params];
      if (preset === undefined) {
        throw new UnderlayError(`transit-stub: unknown preset '${params}' (known: ${Object.keys(TRANSIT_STUB_PRESETS).join(', ')})`);
      }
      p = preset;
    } else {
      p = params;
    }
    return generate(rng, p);
  }
}

function checkCount(what: string, c: Count): void {
  const [lo, hi] = typeof c === 'number' ? [c, c] : c;
  if (!(Number.isInteger(lo) && Number.isInteger(hi) && lo >= 1 && hi >= lo)) {
    throw new UnderlayError(`transit-stub: ${what} must be an integer >= 1 or a range [min, max] of them, got ${JSON.stringify(c)}`);
  }
}

function checkProbability(what: string, p: number): void {
  if (!(p >= 0 && p <= 1)) throw new UnderlayError(`transit-stub: ${what} must be a probability in [0, 1], got ${p}`);
}

function draw(rng: RandomStream, c: Count): number {
  return typeof c === 'number' ? c : c[0] + rng.int(c[1] - c[0] + 1);
}

function drawDelay(rng: RandomStream, range: readonly [number, number]): number {
  return Math.round(rng.uniform(range[0], range[1]));
}

/** Links routers first..first+count-1 into a random connected graph. */
function randomDomain(
  b: RouterGraphBuilder,
  rng: RandomStream,
  first: number,
  count: number,
  p: number,
  delay: readonly [number, number],
  cls: LinkClass,
): void {
  const order: number[] = [];
  for (let i = 0; i < count; i++) order.push(first + i);
  rng.shuffle(order);
  for (let i = 1; i < count; i++) b.add(order[i]!, order[rng.int(i)]!, drawDelay(rng, delay), cls);
  if (p <= 0) return;
  for (let i = first; i < first + count; i++) {
    for (let j = i + 1; j < first + count; j++) {
      if (!b.has(i, j) && rng.bernoulli(p)) b.add(i, j, drawDelay(rng, delay), cls);
    }
  }
}

function generate(rng: RandomStream, p: TransitStubParams): TransitStubNetwork {
  const T = p.transitDomains ?? 10;
  const perTransit = p.routersPerTransitDomain ?? 5;
  const stubsPer = p.stubsPerTransitRouter ?? 10;
  const perStub = p.routersPerStubDomain ?? 10;
  const pDomain = p.domainLinkProbability ?? 0.3;
  const pTransit = p.transitLinkProbability ?? 0.6;
  const pStub = p.stubLinkProbability ?? 0.3;
  const extraTS = p.extraTransitStubLinks ?? 0;
  const extraSS = p.extraStubStubLinks ?? 0;
  const delays: Required<TransitStubDelays> = { ...DEFAULT_DELAYS, ...p.delays };
  checkCount('transitDomains', T);
  checkCount('routersPerTransitDomain', perTransit);
  checkCount('stubsPerTransitRouter', stubsPer);
  checkCount('routersPerStubDomain', perStub);
  checkProbability('domainLinkProbability', pDomain);
  checkProbability('transitLinkProbability', pTransit);
  checkProbability('stubLinkProbability', pStub);
  for (const [name, n] of [['extraTransitStubLinks', extraTS], ['extraStubStubLinks', extraSS]] as const) {
    if (!Number.isInteger(n) || n < 0) throw new UnderlayError(`transit-stub: ${name} must be an integer >= 0, got ${n}`);
  }
  for (const k of Object.keys(DEFAULT_DELAYS) as (keyof TransitStubDelays)[]) checkRange(`transit-stub: delays.${k}`, delays[k]);

  // Draw every domain size first, so router numbers are known before any link is drawn.
  const transitSize: number[] = [];
  for (let d = 0; d < T; d++) transitSize.push(draw(rng, perTransit));
  const transitRouters = transitSize.reduce((s, x) => s + x, 0);
  const stubCount: number[] = [];
  for (let t = 0; t < transitRouters; t++) stubCount.push(draw(rng, stubsPer));
  const stubSize: number[] = [];
  const stubParent: number[] = [];
  for (let t = 0; t < transitRouters; t++) {
    for (let s = 0; s < stubCount[t]!; s++) {
      stubSize.push(draw(rng, perStub));
      stubParent.push(t);
    }
  }
  const S = stubSize.length;
  const routerCount = transitRouters + stubSize.reduce((s, x) => s + x, 0);
  if (routerCount > 0xffff) {
    throw new UnderlayError(`transit-stub: ${routerCount} routers; at most 65,535 are supported (all-pairs paths take 6 bytes per pair)`);
  }
  const b = new RouterGraphBuilder(routerCount);
  const routerDomain = new Uint32Array(routerCount);

  const transitFirst: number[] = [];
  let next = 0;
  for (let d = 0; d < T; d++) {
    transitFirst.push(next);
    routerDomain.fill(d, next, next + transitSize[d]!);
    randomDomain(b, rng, next, transitSize[d]!, pTransit, delays.transit, LinkClass.transit);
    next += transitSize[d]!;
  }

  // Transit domains are joined along a random connected domain graph; each domain-level edge becomes
  // a link between a random router of each domain.
  const domainLinks = new RouterGraphBuilder(T);
  randomDomain(domainLinks, rng, 0, T, pDomain, [0, 0], LinkClass.interTransit);
  const dg = domainLinks.build();
  for (let e = 0; e < dg.linkCount; e++) {
    const da = dg.linkA[e]!;
    const db = dg.linkB[e]!;
    for (let attempt = 0; attempt < 16; attempt++) {
      const ra = transitFirst[da]! + rng.int(transitSize[da]!);
      const rb = transitFirst[db]! + rng.int(transitSize[db]!);
      if (b.add(ra, rb, drawDelay(rng, delays.interTransit), LinkClass.interTransit) >= 0) break;
    }
  }

  for (let s = 0; s < S; s++) {
    const first = next;
    const size = stubSize[s]!;
    routerDomain.fill(T + s, first, first + size);
    randomDomain(b, rng, first, size, pStub, delays.stub, LinkClass.stub);
    b.add(stubParent[s]!, first + rng.int(size), drawDelay(rng, delays.transitStub), LinkClass.transitStub);
    next += size;
  }

  const stubRouters = routerCount - transitRouters;
  for (let i = 0; i < extraTS; i++) {
    for (let attempt = 0; attempt < 16; attempt++) {
      const s = transitRouters + rng.int(stubRouters);
      const t = rng.int(transitRouters);
      if (b.add(s, t, drawDelay(rng, delays.transitStub), LinkClass.transitStub) >= 0) break;
    }
  }
  if (S >= 2) {
    for (let i = 0; i < extraSS; i++) {
      for (let attempt = 0; attempt < 16; attempt++) {
        const r1 = transitRouters + rng.int(stubRouters);
        const r2 = transitRouters + rng.int(stubRouters);
        if (routerDomain[r1] === routerDomain[r2]) continue;
        if (b.add(r1, r2, drawDelay(rng, delays.transitStub), LinkClass.transitStub) >= 0) break;
      }
    }
  }
  return new TransitStubNetwork(b.build(), T, transitRouters, S, routerDomain);
}

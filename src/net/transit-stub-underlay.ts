/**
 * Hosts on a transit-stub router topology: each host hangs off a uniformly random stub router by an
 * access (LAN) link, as the end nodes of the Scribe evaluation did (1 ms LAN links by default).
 * latency(a, b) = access(a) + shortest-path delay between their routers + access(b).
 */
import type { RandomStream } from '../sim/random.ts';
import { TransitStubNetwork, type TransitStubParams, type TransitStubPreset } from './transit-stub-topology.ts';
import { checkHostCount, checkRange, UnderlayError, type RoutedUnderlay } from './underlay.ts';

export interface TransitStubUnderlayComponents {
  /** Draws the topology (unless a built one is given) and then the hosts' routers and access delays. */
  rng: RandomStream;
}

export interface TransitStubUnderlayInit {
  hostCount: number;
  /**
   * A preset name, generation parameters, or an already built network (to share one topology, and
   * its all-pairs paths, between underlays). @default 'scribe5050'
   */
  topology?: TransitStubPreset | TransitStubParams | TransitStubNetwork;
  /** Access (LAN) link delay range per host, integer microseconds. @default [1000, 1000] (1 ms) */
  access?: readonly [number, number];
}

export class TransitStubUnderlay implements RoutedUnderlay {
  readonly kind = 'transit-stub';
  readonly hostCount: number;
  readonly network: TransitStubNetwork;
  readonly routerCount: number;
  readonly linkCount: number;
  readonly linkA: Uint32Array;
  readonly linkB: Uint32Array;
  readonly linkDelay: Uint32Array;
  /** Router of each host. */
  readonly hostRouters: Uint32Array;
  /** Access delay of each host, us. */
  readonly access: Uint32Array;
  private readonly dist: Uint32Array;
  /**
   * When every stub domain has exactly one link out, to a transit router (GT-ITM's default, and
   * scribe5050): per host, [delay up to that transit router, (stub domain << 16) | transit router].
   * Between hosts of different stub domains, latency is then up(a) + transit distance + up(b),
   * read from the host words and a small transit table instead of the n x n router table (102 MB
   * for 5,050 routers, a cache miss per message). Undefined otherwise.
   */
  private readonly hostWords: Uint32Array | undefined;
  /** Distances between transit routers (t x t), with hostWords. */
  private readonly transitDist: Uint32Array | undefined;
  private readonly transitCount: number;
  /** Scratch for path walks; paths are returned as fresh copies of a prefix of it. */
  private readonly scratch: Uint32Array;

  constructor(components: TransitStubUnderlayComponents, init: TransitStubUnderlayInit) {
    checkHostCount('transit-stub underlay', init.hostCount);
    const rng = components.rng;
    const topo = init.topology ?? 'scribe5050';
    const net = topo instanceof TransitStubNetwork ? topo : TransitStubNetwork.generate(rng, topo);
    const access = init.access ?? [1_000, 1_000];
    checkRange('transit-stub underlay: access', access);
    const n = init.hostCount;
    this.hostCount = n;
    this.network = net;
    const g = net.graph;
    this.routerCount = g.routerCount;
    this.linkCount = g.linkCount;
    this.linkA = g.linkA;
    this.linkB = g.linkB;
    this.linkDelay = g.linkDelay;
    this.dist = net.paths.dist;
    this.scratch = new Uint32Array(g.routerCount);
    this.hostRouters = new Uint32Array(n);
    this.access = new Uint32Array(n);
    const firstStub = net.transitRouterCount;
    const stubs = net.stubRouterCount;
    if (stubs === 0) throw new UnderlayError('transit-stub underlay: the topology has no stub routers to attach hosts to');
    const [lo, hi] = access;
    for (let h = 0; h < n; h++) {
      this.hostRouters[h] = firstStub + rng.int(stubs);
      this.access[h] = lo === hi ? lo : Math.round(rng.uniform(lo, hi));
    }
    this.transitCount = firstStub;
    const up = stubUplinks(net);
    if (up === undefined) {
      this.hostWords = undefined;
      this.transitDist = undefined;
      return;
    }
    // Exact: a path out of a stub domain must cross its one uplink, and no shortest path between
    // transit routers runs through a stub domain (it would have to leave by the link it came in).
    const R = g.routerCount;
    const T = firstStub;
    const td = new Uint32Array(T * T);
    for (let i = 0; i < T; i++) for (let j = 0; j < T; j++) td[i * T + j] = this.dist[i * R + j]!;
    const words = new Uint32Array(2 * n);
    for (let h = 0; h < n; h++) {
      const r = this.hostRouters[h]!;
      const d = net.routerDomain[r]! - net.transitDomainCount;
      words[2 * h] = this.access[h]! + this.dist[r * R + up.gateway[d]!]! + up.delay[d]!;
      words[2 * h + 1] = d * 0x10000 + up.transit[d]!;
    }
    this.hostWords = words;
    this.transitDist = td;
  }

  latency(a: number, b: number): number {
    if (a === b) return 0;
    const w = this.hostWords;
    if (w !== undefined) {
      const ka = w[2 * a + 1]!;
      const kb = w[2 * b + 1]!;
      if (ka >>> 16 !== kb >>> 16) return w[2 * a]! + this.transitDist![(ka & 0xffff) * this.transitCount + (kb & 0xffff)]! + w[2 * b]!;
    }
    const hr = this.hostRouters;
    return this.access[a]! + this.dist[hr[a]! * this.routerCount + hr[b]!]! + this.access[b]!;
  }

  hostRouter(h: number): number {
    return this.hostRouters[h]!;
  }

  accessDelay(h: number): number {
    return this.access[h]!;
  }

  routerDistance(r1: number, r2: number): number {
    return this.dist[r1 * this.routerCount + r2]!;
  }

  routerPath(a: number, b: number): Uint32Array {
    const k = this.network.paths.pathInto(this.hostRouters[a]!, this.hostRouters[b]!, this.scratch);
    return this.scratch.slice(0, k);
  }

  linkPath(a: number, b: number): Uint32Array {
    const k = this.network.paths.linkPathInto(this.hostRouters[a]!, this.hostRouters[b]!, this.scratch);
    return this.scratch.slice(0, k);
  }

  routerLinkPathInto(r1: number, r2: number, out: Uint32Array): number {
    return this.network.paths.linkPathInto(r1, r2, out);
  }
}

/**
 * Per stub domain (numbered from 0), its one link out: the stub router on it, the transit router at
 * its other end and its delay; undefined if some stub domain has another number of links out, or
 * one to another stub domain (GT-ITM's extra transit-stub and stub-stub links).
 */
function stubUplinks(net: TransitStubNetwork): { gateway: Uint32Array; transit: Uint32Array; delay: Uint32Array } | undefined {
  const g = net.graph;
  const S = net.stubDomainCount;
  const T = net.transitDomainCount;
  if (net.routerCount > 0xffff || S >= 0x10000) return undefined;
  const gateway = new Uint32Array(S);
  const transit = new Uint32Array(S);
  const delay = new Uint32Array(S);
  const outs = new Uint32Array(S);
  for (let l = 0; l < g.linkCount; l++) {
    const a = g.linkA[l]!;
    const b = g.linkB[l]!;
    const da = net.routerDomain[a]!;
    const db = net.routerDomain[b]!;
    if (da === db) continue;
    for (const [r, d, other] of [[a, da, b], [b, db, a]] as const) {
      if (d < T) continue;
      if (other >= net.transitRouterCount) return undefined;
      const s = d - T;
      outs[s]!++;
      gateway[s] = r;
      transit[s] = other;
      delay[s] = g.linkDelay[l]!;
    }
  }
  for (let s = 0; s < S; s++) if (outs[s] !== 1) return undefined;
  return { gateway, transit, delay };
}

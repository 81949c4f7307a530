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
  }

  latency(a: number, b: number): number {
    if (a === b) return 0;
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

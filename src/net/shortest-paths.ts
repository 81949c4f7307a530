/**
 * All-pairs shortest paths by link delay: Dijkstra from every router (an indexed binary heap on typed
 * arrays). Distances are kept as one n x n Uint32Array of microseconds and paths as an n x n matrix of
 * predecessors (Uint16 when n <= 65536): 6 bytes per router pair, 153 MB for 5,050 routers.
 *
 * Ties between equal-delay paths are broken by the order of relaxation, so path(a, b) need not be the
 * reverse of path(b, a); the distances are symmetric.
 */
import type { RouterGraph } from './router-graph.ts';
import { UnderlayError } from './underlay.ts';

const MAX_DIST = 0xffffffff;

export class AllPairsShortestPaths {
  readonly n: number;
  /** dist[s * n + t]: delay (us) of the shortest path from router s to router t. */
  readonly dist: Uint32Array;
  /** pred[s * n + t]: the router before t on the path from s (s itself when t == s). */
  readonly pred: Uint16Array | Uint32Array;
  private readonly graph: RouterGraph;

  constructor(graph: RouterGraph) {
    const n = graph.routerCount;
    this.n = n;
    this.graph = graph;
    this.dist = new Uint32Array(n * n);
    this.pred = n <= 0x10000 ? new Uint16Array(n * n) : new Uint32Array(n * n);
    const d = new Float64Array(n);
    const heap = new Uint32Array(n);
    const pos = new Int32Array(n);
    const pr = new Uint32Array(n);
    for (let s = 0; s < n; s++) {
      this.dijkstra(s, d, heap, pos, pr);
      const base = s * n;
      for (let t = 0; t < n; t++) {
        const v = d[t]!;
        if (v === Infinity) throw new UnderlayError(`router graph is not connected: router ${t} is unreachable from router ${s}`);
        if (v > MAX_DIST) throw new UnderlayError(`shortest path ${s} -> ${t} is longer than ${MAX_DIST} us`);
        this.dist[base + t] = v;
      }
      this.pred.set(pr, base);
    }
  }

  distance(r1: number, r2: number): number {
    return this.dist[r1 * this.n + r2]!;
  }

  /** Routers from r1 to r2 (both included) into `out`; returns the count. */
  pathInto(r1: number, r2: number, out: Uint32Array): number {
    const pred = this.pred;
    const base = r1 * this.n;
    let k = 0;
    let v = r2;
    out[k++] = v;
    while (v !== r1) {
      v = pred[base + v]!;
      out[k++] = v;
    }
    out.subarray(0, k).reverse();
    return k;
  }

  /** Links from r1 to r2 into `out`; returns the count (routers on the path minus one). */
  linkPathInto(r1: number, r2: number, out: Uint32Array): number {
    const pred = this.pred;
    const base = r1 * this.n;
    const g = this.graph;
    let k = 0;
    let v = r2;
    while (v !== r1) {
      const u = pred[base + v]!;
      out[k++] = g.linkBetween(u, v);
      v = u;
    }
    out.subarray(0, k).reverse();
    return k;
  }

  private dijkstra(s: number, d: Float64Array, heap: Uint32Array, pos: Int32Array, pred: Uint32Array): void {
    const g = this.graph;
    const adjStart = g.adjStart;
    const adjRouter = g.adjRouter;
    const adjLink = g.adjLink;
    const delay = g.linkDelay;
    d.fill(Infinity);
    pos.fill(-1);
    d[s] = 0;
    pred[s] = s;
    heap[0] = s;
    pos[s] = 0;
    let size = 1;
    while (size > 0) {
      const u: number = heap[0]!;
      pos[u] = -2; // settled
      size--;
      if (size > 0) {
        const last = heap[size]!;
        siftDown(heap, pos, d, size, 0, last);
      }
      const du = d[u]!;
      const end = adjStart[u + 1]!;
      for (let i: number = adjStart[u]!; i < end; i++) {
        const v = adjRouter[i]!;
        const p = pos[v]!;
        if (p === -2) continue;
        const nd = du + delay[adjLink[i]!]!;
        if (nd < d[v]!) {
          d[v] = nd;
          pred[v] = u;
          siftUp(heap, pos, d, p === -1 ? size++ : p, v);
        }
      }
    }
  }
}

function siftUp(heap: Uint32Array, pos: Int32Array, d: Float64Array, i: number, v: number): void {
  const dv = d[v]!;
  while (i > 0) {
    const p = (i - 1) >> 1;
    const pv = heap[p]!;
    if (d[pv]! <= dv) break;
    heap[i] = pv;
    pos[pv] = i;
    i = p;
  }
  heap[i] = v;
  pos[v] = i;
}

function siftDown(heap: Uint32Array, pos: Int32Array, d: Float64Array, size: number, i: number, v: number): void {
  const dv = d[v]!;
  for (;;) {
    let c = 2 * i + 1;
    if (c >= size) break;
    let cv = heap[c]!;
    if (c + 1 < size) {
      const rv = heap[c + 1]!;
      if (d[rv]! < d[cv]!) {
        c++;
        cv = rv;
      }
    }
    if (dv <= d[cv]!) break;
    heap[i] = cv;
    pos[cv] = i;
    i = c;
  }
  heap[i] = v;
  pos[v] = i;
}

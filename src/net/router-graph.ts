/**
 * An undirected router graph in compressed (CSR) form: links as parallel typed arrays, and each
 * router's incident links as a slice of two shared arrays. No object per router or link.
 */
import { UnderlayError } from './underlay.ts';

export class RouterGraph {
  readonly routerCount: number;
  readonly linkCount: number;
  readonly linkA: Uint32Array;
  readonly linkB: Uint32Array;
  /** Link delay, integer microseconds. */
  readonly linkDelay: Uint32Array;
  /** A small integer the generator uses to tell link classes apart (see the topology's constants). */
  readonly linkClass: Uint8Array;
  /** Router r's neighbours are adjRouter[adjStart[r] .. adjStart[r + 1]), over links adjLink[...]. */
  readonly adjStart: Uint32Array;
  readonly adjRouter: Uint32Array;
  readonly adjLink: Uint32Array;

  constructor(routerCount: number, linkA: Uint32Array, linkB: Uint32Array, linkDelay: Uint32Array, linkClass: Uint8Array) {
    const n = routerCount;
    const m = linkA.length;
    this.routerCount = n;
    this.linkCount = m;
    this.linkA = linkA;
    this.linkB = linkB;
    this.linkDelay = linkDelay;
    this.linkClass = linkClass;
    const start = new Uint32Array(n + 1);
    for (let l = 0; l < m; l++) {
      start[linkA[l]! + 1]!++;
      start[linkB[l]! + 1]!++;
    }
    for (let r = 0; r < n; r++) start[r + 1]! += start[r]!;
    const fill = start.slice(0, n);
    const adjRouter = new Uint32Array(2 * m);
    const adjLink = new Uint32Array(2 * m);
    for (let l = 0; l < m; l++) {
      const a = linkA[l]!;
      const b = linkB[l]!;
      let i = fill[a]!++;
      adjRouter[i] = b;
      adjLink[i] = l;
      i = fill[b]!++;
      adjRouter[i] = a;
      adjLink[i] = l;
    }
    this.adjStart = start;
    this.adjRouter = adjRouter;
    this.adjLink = adjLink;
  }

  degree(r: number): number {
    return this.adjStart[r + 1]! - this.adjStart[r]!;
  }

  /** The link joining two routers, or -1. */
  linkBetween(r1: number, r2: number): number {
    const end = this.adjStart[r1 + 1]!;
    for (let i = this.adjStart[r1]!; i < end; i++) {
      if (this.adjRouter[i] === r2) return this.adjLink[i]!;
    }
    return -1;
  }

  /** True if every router can reach every other one. */
  isConnected(): boolean {
    const n = this.routerCount;
    if (n === 0) return true;
    const seen = new Uint8Array(n);
    const stack = new Uint32Array(n);
    let top = 0;
    stack[top++] = 0;
    seen[0] = 1;
    let count = 1;
    while (top > 0) {
      const r = stack[--top]!;
      const end = this.adjStart[r + 1]!;
      for (let i = this.adjStart[r]!; i < end; i++) {
        const s = this.adjRouter[i]!;
        if (seen[s] === 0) {
          seen[s] = 1;
          count++;
          stack[top++] = s;
        }
      }
    }
    return count === n;
  }
}

/** Collects links, refusing self-loops and parallel links, then freezes them into a {@link RouterGraph}. */
export class RouterGraphBuilder {
  private readonly a: number[] = [];
  private readonly b: number[] = [];
  private readonly delay: number[] = [];
  private readonly cls: number[] = [];
  private readonly present = new Set<number>();

  constructor(readonly routerCount: number) {
    if (!Number.isInteger(routerCount) || routerCount < 1 || routerCount > 0x1fffff) {
      throw new UnderlayError(`router graph: router count must be an integer in [1, ${0x1fffff}], got ${routerCount}`);
    }
  }

  get linkCount(): number {
    return this.a.length;
  }

  has(r1: number, r2: number): boolean {
    return this.present.has(this.key(r1, r2));
  }

  /** Adds a link; returns its index, or -1 if it is a self-loop or the routers are already linked. */
  add(r1: number, r2: number, delay: number, linkClass: number): number {
    if (r1 === r2) return -1;
    const k = this.key(r1, r2);
    if (this.present.has(k)) return -1;
    if (!Number.isInteger(delay) || delay < 0 || delay > 0xffffffff) {
      throw new UnderlayError(`router graph: link delay must be an integer number of us >= 0, got ${delay}`);
    }
    this.present.add(k);
    this.a.push(r1);
    this.b.push(r2);
    this.delay.push(delay);
    this.cls.push(linkClass);
    return this.a.length - 1;
  }

  build(): RouterGraph {
    return new RouterGraph(
      this.routerCount,
      Uint32Array.from(this.a),
      Uint32Array.from(this.b),
      Uint32Array.from(this.delay),
      Uint8Array.from(this.cls),
    );
  }

  private key(r1: number, r2: number): number {
    const lo = r1 < r2 ? r1 : r2;
    const hi = r1 < r2 ? r2 : r1;
    if (lo < 0 || hi >= this.routerCount || !Number.isInteger(lo) || !Number.isInteger(hi)) {
      throw new UnderlayError(`router graph: router index out of range [0, ${this.routerCount}): ${r1}, ${r2}`);
    }
    return lo * this.routerCount + hi;
  }
}

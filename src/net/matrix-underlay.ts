/**
 * Latencies from a measured matrix (King, p2psim). By default there is one host per matrix node and
 * asking for more hosts is an error. With `hostMapping: 'modulo'`, host h sits at node h mod n, and two
 * distinct hosts at the same node are `colocatedLatency` apart (as on one LAN).
 * Matrices may be asymmetric; latency(a, b) is entry (node(a), node(b)).
 */
import type { LatencyMatrix } from './latency-matrix-file.ts';
import { checkHostCount, UnderlayError, type Underlay } from './underlay.ts';

export interface MatrixUnderlayInit {
  matrix: LatencyMatrix;
  /** @default the matrix size */
  hostCount?: number;
  /** How hosts beyond the matrix size are placed: refused, or host h at node h mod n. @default 'reject' */
  hostMapping?: 'reject' | 'modulo';
  /** Latency between distinct hosts mapped to the same node, integer us. @default 1000 (1 ms) */
  colocatedLatency?: number;
}

export class MatrixUnderlay implements Underlay {
  readonly kind = 'matrix';
  readonly hostCount: number;
  readonly nodeCount: number;
  private readonly us: Uint32Array;
  private readonly colocated: number;

  constructor(_components: object, init: MatrixUnderlayInit) {
    const m = init.matrix;
    const n = m.size;
    const hosts = init.hostCount ?? n;
    checkHostCount('matrix underlay', hosts);
    if (hosts > n && (init.hostMapping ?? 'reject') === 'reject') {
      throw new UnderlayError(
        `matrix underlay: ${hosts} hosts but ${m.file} has ${n} nodes; use hostMapping: 'modulo' to place host h at node h mod ${n}`,
      );
    }
    const colocated = init.colocatedLatency ?? 1_000;
    if (!Number.isInteger(colocated) || colocated < 0) {
      throw new UnderlayError(`matrix underlay: colocatedLatency must be an integer >= 0 us, got ${colocated}`);
    }
    this.hostCount = hosts;
    this.nodeCount = n;
    this.us = m.us;
    this.colocated = colocated;
  }

  /** The matrix node host h sits at. */
  node(h: number): number {
    return h % this.nodeCount;
  }

  latency(a: number, b: number): number {
    if (a === b) return 0;
    const n = this.nodeCount;
    if (a < n && b < n) return this.us[a * n + b]!;
    const na = a % n;
    const nb = b % n;
    return na === nb ? this.colocated : this.us[na * n + nb]!;
  }
}

/**
 * CHORD-RELOAD routing state of every peer, as columns: successor list, predecessor list and the
 * distinct finger entries (RFC 6940 §10.1), each a fixed-size row of peer indices.
 *
 * Distances are clockwise from the owning peer. They are compared as floats made of the top 64 bits
 * of the 128-bit difference; the conversion is monotonic, so a strict float inequality between two
 * non-zero distances is exact. Equal floats, and a zero (an id that shares its top 64 bits with the
 * owner's lies either just after it or, wrapped, just before it), are decided on the exact ids.
 *
 * Each row keeps, beside its peer indices, the clockwise distance from the owner to each entry
 * (succD, predD, fingerD; peer ids never change, since an index names one incarnation), rounded to
 * float32: rounding is monotonic too, so the rule above holds with the key's distance rounded the
 * same way (more ties, each decided exactly), and a row costs 4 bytes per entry instead of 8. Routing
 * then reads one contiguous row of distances instead of the id of every entry, each a random read
 * in the id table: at 100,000 peers a hop scans about 25 entries, and those reads were most of the
 * time of nextHopOther. The rows are written only by this class's methods, which keep both in step.
 */
import { grownTo } from '../../../sim/index.ts';
import type { Id } from '../../id.ts';
import type { PeerTable } from '../../peer-table.ts';
import { PeerFilter } from './peer-filter.ts';

const TWO32 = 0x1_0000_0000;

/** Clockwise distance from (a0, a1) to (b0, b1), the top two words of two ids, as a float. */
function cw(a0: number, a1: number, b0: number, b1: number): number {
  let hi = b0 - a0;
  let lo = b1 - a1;
  if (lo < 0) {
    lo += TWO32;
    hi -= 1;
  }
  if (hi < 0) hi += TWO32;
  return hi * TWO32 + lo;
}

export interface ChordTableInit {
  /** Successor list length (RFC 6940 §10.1: at least 3). @default 3 */
  successors?: number;
  /** Predecessor list length (at least 3). @default 3 */
  predecessors?: number;
  /** Most distinct finger entries kept per peer. @default 32 */
  maxFingers?: number;
}

export class ChordTable {
  readonly S: number;
  readonly P: number;
  readonly F: number;
  succ: Int32Array;
  succN: Uint8Array;
  pred: Int32Array;
  predN: Uint8Array;
  finger: Int32Array;
  fingerN: Uint8Array;
  /** Clockwise distance from the owner to each successor, predecessor and finger entry. */
  private succD: Float32Array;
  private predD: Float32Array;
  private fingerD: Float32Array;
  /** Which peers each peer's rows may hold: most "is q in p's table" questions end here with a no. */
  private readonly filter: PeerFilter;
  private cap: number;

  constructor(
    private readonly peers: PeerTable,
    init: ChordTableInit = {},
  ) {
    this.S = init.successors ?? 3;
    this.P = init.predecessors ?? 3;
    this.F = init.maxFingers ?? 32;
    if (this.S < 1 || this.P < 1 || this.S > 255 || this.P > 255) throw new RangeError('successor/predecessor list sizes must be in 1..255');
    this.cap = 1024;
    this.succ = new Int32Array(this.cap * this.S);
    this.succN = new Uint8Array(this.cap);
    this.pred = new Int32Array(this.cap * this.P);
    this.predN = new Uint8Array(this.cap);
    this.finger = new Int32Array(this.cap * this.F);
    this.fingerN = new Uint8Array(this.cap);
    this.succD = new Float32Array(this.cap * this.S);
    this.predD = new Float32Array(this.cap * this.P);
    this.fingerD = new Float32Array(this.cap * this.F);
    // 256 bits for about S + P + log2(N) entries: at 100,000 peers with 16 + 16 successors and
    // predecessors, about one q in six not in the rows passes the filter.
    this.filter = new PeerFilter(256, this.cap);
  }

  /** Bytes held by the rows (peer indices, distances and counts) for all the peers it has room for. */
  get byteLength(): number {
    const rows = [this.succ, this.pred, this.finger, this.succD, this.predD, this.fingerD, this.succN, this.predN, this.fingerN];
    return rows.reduce((sum, a) => sum + a.byteLength, this.filter.byteLength);
  }

  /** Makes room for peer index p. */
  ensure(p: number): void {
    if (p < this.cap) return;
    let cap = this.cap * 2;
    while (cap <= p) cap *= 2;
    this.succ = grownTo(this.succ, cap * this.S);
    this.pred = grownTo(this.pred, cap * this.P);
    this.finger = grownTo(this.finger, cap * this.F);
    this.succD = grownTo(this.succD, cap * this.S);
    this.predD = grownTo(this.predD, cap * this.P);
    this.fingerD = grownTo(this.fingerD, cap * this.F);
    this.succN = grownTo(this.succN, cap);
    this.predN = grownTo(this.predN, cap);
    this.fingerN = grownTo(this.fingerN, cap);
    this.filter.ensure(cap - 1);
    this.cap = cap;
  }

  clear(p: number): void {
    this.succN[p] = 0;
    this.predN[p] = 0;
    this.fingerN[p] = 0;
    this.filter.reset(p);
  }

  successor(p: number, i = 0): number {
    return i < this.succN[p]! ? this.succ[p * this.S + i]! : -1;
  }

  predecessor(p: number, i = 0): number {
    return i < this.predN[p]! ? this.pred[p * this.P + i]! : -1;
  }

  successors(p: number): number[] {
    const n = this.succN[p]!;
    const out = new Array<number>(n);
    for (let i = 0; i < n; i++) out[i] = this.succ[p * this.S + i]!;
    return out;
  }

  predecessors(p: number): number[] {
    const n = this.predN[p]!;
    const out = new Array<number>(n);
    for (let i = 0; i < n; i++) out[i] = this.pred[p * this.P + i]!;
    return out;
  }

  fingers(p: number): number[] {
    const n = this.fingerN[p]!;
    const out = new Array<number>(n);
    for (let i = 0; i < n; i++) out[i] = this.finger[p * this.F + i]!;
    return out;
  }

  /** Every distinct peer in p's routing table (neighbours first). */
  neighbors(p: number): number[] {
    const out: number[] = [];
    const add = (q: number) => {
      if (q !== p && !out.includes(q)) out.push(q);
    };
    for (const q of this.successors(p)) add(q);
    for (const q of this.predecessors(p)) add(q);
    return out;
  }

  /** True if q is in p's successor or predecessor list. */
  isNeighbor(p: number, q: number): boolean {
    const sn = this.succN[p]!;
    for (let i = 0; i < sn; i++) if (this.succ[p * this.S + i] === q) return true;
    const pn = this.predN[p]!;
    for (let i = 0; i < pn; i++) if (this.pred[p * this.P + i] === q) return true;
    return false;
  }

  /** True if q is in p's successor, predecessor or finger row. */
  holds(p: number, q: number): boolean {
    const f = this.filter;
    if (f.isStale(p)) this.refilter(p);
    if (!f.has(p, q)) return false;
    if (this.isNeighbor(p, q)) return true;
    const fn = this.fingerN[p]!;
    const base = p * this.F;
    for (let i = 0; i < fn; i++) if (this.finger[base + i] === q) return true;
    return false;
  }

  /** Rebuilds p's filter from its rows (after something left them). */
  private refilter(p: number): void {
    const f = this.filter;
    f.reset(p);
    for (let i = 0, n = this.succN[p]!; i < n; i++) f.add(p, this.succ[p * this.S + i]!);
    for (let i = 0, n = this.predN[p]!; i < n; i++) f.add(p, this.pred[p * this.P + i]!);
    for (let i = 0, n = this.fingerN[p]!; i < n; i++) f.add(p, this.finger[p * this.F + i]!);
  }

  /** True if p's filter lets through every entry of its rows (for tests). */
  filterCovers(p: number): boolean {
    if (this.filter.isStale(p)) return true;
    return [...this.successors(p), ...this.predecessors(p), ...this.fingers(p)].every((q) => this.filter.has(p, q));
  }

  /** Clockwise distance from peer p to peer q (top 64 bits as a float). */
  dist(p: number, q: number): number {
    const w = this.peers.ids.words;
    const o = p * 4;
    const r = q * 4;
    let hi = (w[r]! >>> 0) - (w[o]! >>> 0);
    let lo = (w[r + 1]! >>> 0) - (w[o + 1]! >>> 0);
    if (lo < 0) {
      lo += TWO32;
      hi -= 1;
    }
    if (hi < 0) hi += TWO32;
    return hi * TWO32 + lo;
  }

  /** True if every cached distance of p's rows equals the one computed from the ids (for tests). */
  rowsConsistent(p: number): boolean {
    const rows: [Int32Array, Float32Array, number, number][] = [
      [this.succ, this.succD, this.succN[p]!, p * this.S],
      [this.pred, this.predD, this.predN[p]!, p * this.P],
      [this.finger, this.fingerD, this.fingerN[p]!, p * this.F],
    ];
    for (const [arr, d, n, base] of rows) {
      for (let i = 0; i < n; i++) if (d[base + i] !== Math.fround(this.dist(p, arr[base + i]!))) return false;
    }
    return true;
  }

  /** Clockwise distance from peer p to key k (top 64 bits as a float). */
  distToKey(p: number, k: Id): number {
    const w = this.peers.ids.words;
    const o = p * 4;
    let hi = (k.w0 >>> 0) - (w[o]! >>> 0);
    let lo = (k.w1 >>> 0) - (w[o + 1]! >>> 0);
    if (lo < 0) {
      lo += TWO32;
      hi -= 1;
    }
    if (hi < 0) hi += TWO32;
    return hi * TWO32 + lo;
  }

  /** True if a is strictly closer than b clockwise from p (exact). */
  closer(p: number, a: number, b: number): boolean {
    const da = this.dist(p, a);
    const db = this.dist(p, b);
    if (da !== db && da !== 0 && db !== 0) return da < db;
    return this.peers.ids.comparePeers(a, b) !== 0 && exactCloser(this.peers, p, a, b);
  }

  /**
   * True if p is responsible for k: k in (predecessor(p), p] (RFC 6940 §10.1). A peer with no
   * predecessor is alone on the ring and responsible for everything.
   */
  isResponsible(p: number, k: Id): boolean {
    if (this.predN[p] === 0) return true;
    const w = this.peers.ids.words;
    const dk = Math.fround(cw(w[p * 4]! >>> 0, w[p * 4 + 1]! >>> 0, k.w0 >>> 0, k.w1 >>> 0));
    const dPred = this.predD[p * this.P]!;
    // k is in (pred, p] if it lies beyond the predecessor clockwise from p, or is p. A zero or an
    // equal float may hide a difference below the top 64 bits: those are decided on the exact ids.
    if (dk !== 0 && dPred !== 0 && dk !== dPred) return dk > dPred;
    return this.peers.ids.inHalfOpen(this.pred[p * this.P]!, k, p);
  }

  /**
   * The next hop from p towards key k (RFC 6940 §10.3): p itself if p is responsible; a directly
   * connected neighbour if it is responsible; else the routing-table entry with the largest id in
   * (p, k); -1 if p knows no other peer.
   */
  nextHop(p: number, k: Id, avoid?: readonly number[]): number {
    if (this.isResponsible(p, k)) return p;
    return this.nextHopOther(p, k, avoid);
  }

  /**
   * As {@link nextHop} for a key p is known not to be responsible for. The hottest function of a
   * run: p's words are read once and every distance is computed inline.
   */
  nextHopOther(p: number, k: Id, avoid?: readonly number[]): number {
    const ids = this.peers.ids;
    const w = ids.words;
    const pw0 = w[p * 4]! >>> 0;
    const pw1 = w[p * 4 + 1]! >>> 0;
    const dk = Math.fround(cw(pw0, pw1, k.w0 >>> 0, k.w1 >>> 0));
    // Successors: the first whose clockwise distance reaches k is responsible for k.
    const sn = this.succN[p]!;
    const sb = p * this.S;
    const succ = this.succ;
    const succD = this.succD;
    for (let i = 0; i < sn; i++) {
      const q = succ[sb + i]!;
      const dq = succD[sb + i]!;
      // k in (p, q]?
      if (dq === 0 || dk === 0 || dq === dk ? ids.equals(q, k) || !ids.peerInOpen(p, q, k) : dk < dq) {
        if (avoid === undefined || !avoid.includes(q)) return q;
        break;
      }
    }
    // Predecessors: pred[i] is responsible for (pred[i+1], pred[i]].
    const pn = this.predN[p]!;
    const pb = p * this.P;
    const pred = this.pred;
    const predD = this.predD;
    for (let i = 0; i + 1 < pn; i++) {
      const q = pred[pb + i]!;
      // Is k in (pred[i+1], pred[i]]? On distances from p when they are all distinct and non-zero
      // (then the float order is the exact order); else on the exact ids.
      const da = predD[pb + i + 1]!;
      const db = predD[pb + i]!;
      let inArc: boolean;
      if (dk !== 0 && da !== 0 && db !== 0 && da !== db && dk !== da && dk !== db) {
        inArc = da < db ? da < dk && dk < db : dk > da || dk < db;
      } else inArc = ids.inHalfOpen(pred[pb + i + 1]!, k, q);
      if (inArc && (avoid === undefined || !avoid.includes(q))) return q;
    }
    // Closest preceding entry: the largest clockwise distance still short of k.
    let best = -1;
    let bestD = -1;
    for (let pass = 0; pass < 3; pass++) {
      const arr = pass === 0 ? this.finger : pass === 1 ? succ : pred;
      const arrD = pass === 0 ? this.fingerD : pass === 1 ? succD : predD;
      const base = pass === 0 ? p * this.F : pass === 1 ? sb : pb;
      const n = pass === 0 ? this.fingerN[p]! : pass === 1 ? sn : pn;
      for (let i = 0; i < n; i++) {
        const q = arr[base + i]!;
        if (avoid !== undefined && avoid.includes(q)) continue;
        const dq = arrD[base + i]!;
        if (dq === 0 || dk === 0 || dq === dk) {
          // An entry whose id is k itself is responsible for k: a direct hop.
          if (ids.equals(q, k)) {
            best = q;
            bestD = Infinity;
            continue;
          }
          if (!ids.peerInOpen(p, q, k)) continue;
        } else if (dq > dk) continue;
        // q is in (p, k): keep the farthest such entry (the first of equals).
        if (
          best < 0 ||
          (bestD !== Infinity &&
            (dq !== 0 && bestD !== 0 && dq !== bestD ? dq > bestD : exactCloser(this.peers, p, best, q)))
        ) {
          best = q;
          bestD = dq;
        }
      }
    }
    if (best >= 0) return best;
    // Nothing precedes k: the farthest-reaching entry we have (the first successor) takes it on.
    for (let i = 0; i < sn; i++) {
      const q = succ[sb + i]!;
      if (avoid === undefined || !avoid.includes(q)) return q;
    }
    return pn > 0 ? pred[pb]! : -1;
  }

  /**
   * Offers q as a successor of p; keeps the list sorted by clockwise distance and at most S long.
   * Returns true if the list changed.
   */
  offerSuccessor(p: number, q: number): boolean {
    if (q === p || q < 0) return false;
    const base = p * this.S;
    const n = this.succN[p]!;
    let pos = n;
    for (let i = 0; i < n; i++) {
      const s = this.succ[base + i]!;
      if (s === q) return false;
      if (this.closer(p, q, s)) {
        pos = i;
        break;
      }
    }
    if (pos === n) {
      for (let i = 0; i < n; i++) if (this.succ[base + i] === q) return false;
      if (n >= this.S) return false;
    }
    const last = Math.min(n, this.S - 1);
    for (let i = last; i > pos; i--) {
      this.succ[base + i] = this.succ[base + i - 1]!;
      this.succD[base + i] = this.succD[base + i - 1]!;
    }
    this.succ[base + pos] = q;
    this.succD[base + pos] = this.dist(p, q);
    this.filter.add(p, q);
    if (n < this.S) this.succN[p] = n + 1;
    else this.filter.markStale(p); // the farthest successor fell off
    // Remove a later duplicate of q, if the insertion point came before it.
    const m = this.succN[p]!;
    for (let i = pos + 1; i < m; i++) {
      if (this.succ[base + i] === q) {
        for (let j = i; j + 1 < m; j++) {
          this.succ[base + j] = this.succ[base + j + 1]!;
          this.succD[base + j] = this.succD[base + j + 1]!;
        }
        this.succN[p] = m - 1;
        break;
      }
    }
    return true;
  }

  /**
   * Offers q as a predecessor of p; keeps the list sorted by counter-clockwise distance and at most
   * P long. Returns true if the list changed.
   */
  offerPredecessor(p: number, q: number): boolean {
    if (q === p || q < 0) return false;
    const base = p * this.P;
    const n = this.predN[p]!;
    let pos = n;
    for (let i = 0; i < n; i++) {
      const s = this.pred[base + i]!;
      if (s === q) return false;
      // q is a closer predecessor than s if q lies clockwise between s and p: s closer-cw-from... i.e. q in (s, p).
      if (this.closer(s, q, p)) {
        pos = i;
        break;
      }
    }
    if (pos === n) {
      for (let i = 0; i < n; i++) if (this.pred[base + i] === q) return false;
      if (n >= this.P) return false;
    }
    const last = Math.min(n, this.P - 1);
    for (let i = last; i > pos; i--) {
      this.pred[base + i] = this.pred[base + i - 1]!;
      this.predD[base + i] = this.predD[base + i - 1]!;
    }
    this.pred[base + pos] = q;
    this.predD[base + pos] = this.dist(p, q);
    this.filter.add(p, q);
    if (n < this.P) this.predN[p] = n + 1;
    else this.filter.markStale(p); // the farthest predecessor fell off
    const m = this.predN[p]!;
    for (let i = pos + 1; i < m; i++) {
      if (this.pred[base + i] === q) {
        for (let j = i; j + 1 < m; j++) {
          this.pred[base + j] = this.pred[base + j + 1]!;
          this.predD[base + j] = this.predD[base + j + 1]!;
        }
        this.predN[p] = m - 1;
        break;
      }
    }
    return true;
  }

  /**
   * Removes q from every table of p. Returns a bit mask of what changed: 1 successors,
   * 2 predecessors, 4 fingers.
   */
  remove(p: number, q: number): number {
    let changed = 0;
    if (removeFrom(this.succ, this.succD, this.succN, p, this.S, q)) changed |= 1;
    if (removeFrom(this.pred, this.predD, this.predN, p, this.P, q)) changed |= 2;
    if (removeFrom(this.finger, this.fingerD, this.fingerN, p, this.F, q)) changed |= 4;
    if (changed !== 0) this.filter.markStale(p);
    return changed;
  }

  setSuccessors(p: number, list: readonly number[]): void {
    const n = Math.min(list.length, this.S);
    for (let i = 0; i < n; i++) {
      this.succ[p * this.S + i] = list[i]!;
      this.succD[p * this.S + i] = this.dist(p, list[i]!);
    }
    this.succN[p] = n;
    this.filter.markStale(p);
  }

  setPredecessors(p: number, list: readonly number[]): void {
    const n = Math.min(list.length, this.P);
    for (let i = 0; i < n; i++) {
      this.pred[p * this.P + i] = list[i]!;
      this.predD[p * this.P + i] = this.dist(p, list[i]!);
    }
    this.predN[p] = n;
    this.filter.markStale(p);
  }

  /** Sets the finger entries (distinct peers, farthest first); extra entries beyond F are dropped. */
  setFingers(p: number, list: readonly number[]): void {
    const n = Math.min(list.length, this.F);
    for (let i = 0; i < n; i++) {
      this.finger[p * this.F + i] = list[i]!;
      this.fingerD[p * this.F + i] = this.dist(p, list[i]!);
    }
    this.fingerN[p] = n;
    this.filter.markStale(p);
  }
}

function removeFrom(arr: Int32Array, arrD: Float32Array, counts: Uint8Array, p: number, width: number, q: number): boolean {
  const base = p * width;
  const n = counts[p]!;
  for (let i = 0; i < n; i++) {
    if (arr[base + i] === q) {
      for (let j = i; j + 1 < n; j++) {
        arr[base + j] = arr[base + j + 1]!;
        arrD[base + j] = arrD[base + j + 1]!;
      }
      counts[p] = n - 1;
      return true;
    }
  }
  return false;
}

/** Exact: is a strictly closer than b clockwise from p? (a in the open interval (p, b)) */
function exactCloser(peers: PeerTable, p: number, a: number, b: number): boolean {
  const ids = peers.ids;
  const pb = ids.comparePeers(p, b);
  const pa = ids.comparePeers(p, a);
  const ab = ids.comparePeers(a, b);
  if (pa === 0) return false;
  if (pb === 0) return true;
  if (pb < 0) return pa < 0 && ab < 0;
  return pa < 0 || ab < 0;
}

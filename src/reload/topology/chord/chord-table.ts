/**
 * CHORD-RELOAD routing state of every peer: successor list, predecessor list and the distinct finger
 * entries (RFC 6940 §10.1), each a fixed-size row of peer indices, all three in one block per peer.
 *
 * Distances are clockwise from the owning peer. They are compared as floats made of the top 64 bits
 * of the 128-bit difference; the conversion is monotonic, so a strict float inequality between two
 * non-zero distances is exact. Equal floats, and a zero (an id that shares its top 64 bits with the
 * owner's lies either just after it or, wrapped, just before it), are decided on the exact ids.
 *
 * Each entry keeps, beside its peer index, the clockwise distance from the owner to it (peer ids
 * never change, since an index names one incarnation), rounded to
 * float32: rounding is monotonic too, so the rule above holds with the key's distance rounded the
 * same way (more ties, each decided exactly), and a row costs 4 bytes per entry instead of 8. Routing
 * then reads one contiguous row of distances instead of the id of every entry, each a random read
 * in the id table: at 100,000 peers a hop scans about 25 entries, and those reads were most of the
 * time of nextHopOther. The rows are written only by this class's methods, which keep both in step.
 *
 * At 100,000 peers the blocks (35 MB) no longer fit the cache, and a hop's first read of a peer's
 * block is a miss; with the counts, the connection filter and the rows side by side, a hop reads a
 * few adjacent lines where eleven separate arrays cost a miss each (S1 at 100,000 peers: 898 s ->
 * 801 s).
 */
import { grownTo } from '../../../sim/index.ts';
import type { Id } from '../../id.ts';
import type { PeerTable } from '../../peer-table.ts';

const TWO32 = 0x1_0000_0000;
/** Word of a peer's block that marks its filter stale, and the offset and size of the filter. */
const STALE = 3;
const FILTER = 4;
const FILTER_WORDS = 8;
/** 256 filter bits: a hash's top 8 bits pick the bit. */
const FILTER_SHIFT = 24;

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
  /** Words per peer: the three counts, the filter's stale mark and bits, then the pred, succ and finger rows. */
  private readonly W: number;
  /** Offsets of the rows in a peer's block (each entry is two words: peer index, distance). */
  private readonly PO: number;
  private readonly SO: number;
  private readonly FO: number;
  /**
   * Every peer's block: [succN, predN, fingerN, stale, 8 filter words, pred entries, succ entries,
   * finger entries], an entry being the peer index (rows) and the clockwise distance to it from the
   * owner (rowsD, the same words read as float32). One block per peer, so a hop's reads share a few
   * adjacent cache lines instead of touching eleven separate arrays.
   *
   * The filter is a one-hash Bloom filter of the peers the rows hold (as PeerFilter): "is q in p's
   * table" is asked at every hop of a message to a node and is mostly answered no, from the block's
   * first line. An insert sets q's bit; a removal marks the block stale, and the filter is rebuilt
   * from the rows before its next use.
   */
  private rows: Int32Array;
  private rowsD: Float32Array;
  private cap: number;

  constructor(
    private readonly peers: PeerTable,
    init: ChordTableInit = {},
  ) {
    this.S = init.successors ?? 3;
    this.P = init.predecessors ?? 3;
    this.F = init.maxFingers ?? 32;
    if (this.S < 1 || this.P < 1 || this.S > 255 || this.P > 255) throw new RangeError('successor/predecessor list sizes must be in 1..255');
    this.PO = FILTER + FILTER_WORDS;
    this.SO = this.PO + 2 * this.P;
    this.FO = this.SO + 2 * this.S;
    this.W = this.FO + 2 * this.F;
    this.cap = 1024;
    this.rows = new Int32Array(this.cap * this.W);
    this.rowsD = new Float32Array(this.rows.buffer);
  }

  /** Bytes held by the rows (peer indices, distances and counts) for all the peers it has room for. */
  get byteLength(): number {
    return this.rows.byteLength;
  }

  /** Makes room for peer index p. */
  ensure(p: number): void {
    if (p < this.cap) return;
    let cap = this.cap * 2;
    while (cap <= p) cap *= 2;
    this.rows = grownTo(this.rows, cap * this.W);
    this.rowsD = new Float32Array(this.rows.buffer);
    this.cap = cap;
  }

  clear(p: number): void {
    const b = p * this.W;
    this.rows[b] = 0;
    this.rows[b + 1] = 0;
    this.rows[b + 2] = 0;
    this.resetFilter(p);
  }

  // 256 bits for about S + P + log2(N) entries: at 100,000 peers with 16 + 16 successors and
  // predecessors, about one q in six not in the rows passes the filter.
  private filterAdd(p: number, q: number): void {
    const i = Math.imul(q, 0x9e3779b1) >>> FILTER_SHIFT;
    this.rows[p * this.W + FILTER + (i >>> 5)]! |= 1 << (i & 31);
  }

  /** False if q is certainly not in p's rows (p's filter must not be stale). */
  private filterHas(p: number, q: number): boolean {
    const i = Math.imul(q, 0x9e3779b1) >>> FILTER_SHIFT;
    return (this.rows[p * this.W + FILTER + (i >>> 5)]! & (1 << (i & 31))) !== 0;
  }

  private markStale(p: number): void {
    this.rows[p * this.W + STALE] = 1;
  }

  private resetFilter(p: number): void {
    const b = p * this.W;
    this.rows.fill(0, b + FILTER, b + FILTER + FILTER_WORDS);
    this.rows[b + STALE] = 0;
  }

  succCount(p: number): number {
    return this.rows[p * this.W]!;
  }

  predCount(p: number): number {
    return this.rows[p * this.W + 1]!;
  }

  fingerCount(p: number): number {
    return this.rows[p * this.W + 2]!;
  }

  successor(p: number, i = 0): number {
    const b = p * this.W;
    return i < this.rows[b]! ? this.rows[b + this.SO + 2 * i]! : -1;
  }

  predecessor(p: number, i = 0): number {
    const b = p * this.W;
    return i < this.rows[b + 1]! ? this.rows[b + this.PO + 2 * i]! : -1;
  }

  finger(p: number, i: number): number {
    const b = p * this.W;
    return i < this.rows[b + 2]! ? this.rows[b + this.FO + 2 * i]! : -1;
  }

  successors(p: number): number[] {
    return this.rowOf(p, 0, this.SO);
  }

  predecessors(p: number): number[] {
    return this.rowOf(p, 1, this.PO);
  }

  fingers(p: number): number[] {
    return this.rowOf(p, 2, this.FO);
  }

  private rowOf(p: number, countSlot: number, offset: number): number[] {
    const b = p * this.W;
    const n = this.rows[b + countSlot]!;
    const out = new Array<number>(n);
    for (let i = 0; i < n; i++) out[i] = this.rows[b + offset + 2 * i]!;
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
    const rows = this.rows;
    const b = p * this.W;
    for (let i = 0, o = b + this.SO, n = rows[b]!; i < n; i++, o += 2) if (rows[o] === q) return true;
    for (let i = 0, o = b + this.PO, n = rows[b + 1]!; i < n; i++, o += 2) if (rows[o] === q) return true;
    return false;
  }

  /** True if q is in p's successor, predecessor or finger row. */
  holds(p: number, q: number): boolean {
    if (p >= this.cap) return false;
    if (this.rows[p * this.W + STALE] !== 0) this.refilter(p);
    if (!this.filterHas(p, q)) return false;
    if (this.isNeighbor(p, q)) return true;
    const rows = this.rows;
    const b = p * this.W;
    for (let i = 0, o = b + this.FO, n = rows[b + 2]!; i < n; i++, o += 2) if (rows[o] === q) return true;
    return false;
  }

  /** Rebuilds p's filter from its rows (after something left them). */
  private refilter(p: number): void {
    const rows = this.rows;
    const b = p * this.W;
    this.resetFilter(p);
    for (let i = 0, o = b + this.SO, n = rows[b]!; i < n; i++, o += 2) this.filterAdd(p, rows[o]!);
    for (let i = 0, o = b + this.PO, n = rows[b + 1]!; i < n; i++, o += 2) this.filterAdd(p, rows[o]!);
    for (let i = 0, o = b + this.FO, n = rows[b + 2]!; i < n; i++, o += 2) this.filterAdd(p, rows[o]!);
  }

  /** True if p's filter lets through every entry of its rows (for tests). */
  filterCovers(p: number): boolean {
    if (this.rows[p * this.W + STALE] !== 0) return true;
    return [...this.successors(p), ...this.predecessors(p), ...this.fingers(p)].every((q) => this.filterHas(p, q));
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
    const b = p * this.W;
    const rows: [number, number][] = [
      [this.rows[b]!, this.SO],
      [this.rows[b + 1]!, this.PO],
      [this.rows[b + 2]!, this.FO],
    ];
    for (const [n, offset] of rows) {
      for (let i = 0, o = b + offset; i < n; i++, o += 2) {
        if (this.rowsD[o + 1] !== Math.fround(this.dist(p, this.rows[o]!))) return false;
      }
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
    const b = p * this.W;
    if (this.rows[b + 1] === 0) return true;
    const w = this.peers.ids.words;
    const dk = Math.fround(cw(w[p * 4]! >>> 0, w[p * 4 + 1]! >>> 0, k.w0 >>> 0, k.w1 >>> 0));
    const dPred = this.rowsD[b + this.PO + 1]!;
    // k is in (pred, p] if it lies beyond the predecessor clockwise from p, or is p. A zero or an
    // equal float may hide a difference below the top 64 bits: those are decided on the exact ids.
    if (dk !== 0 && dPred !== 0 && dk !== dPred) return dk > dPred;
    return this.peers.ids.inHalfOpen(this.rows[b + this.PO]!, k, p);
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
    const rows = this.rows;
    const rowsD = this.rowsD;
    const b = p * this.W;
    // Successors: the first whose clockwise distance reaches k is responsible for k.
    const sn = rows[b]!;
    const sb = b + this.SO;
    for (let i = 0, o = sb; i < sn; i++, o += 2) {
      const dq = rowsD[o + 1]!;
      // k in (p, q]?
      if (dq === 0 || dk === 0 || dq === dk ? ids.equals(rows[o]!, k) || !ids.peerInOpen(p, rows[o]!, k) : dk < dq) {
        const q = rows[o]!;
        if (avoid === undefined || !avoid.includes(q)) return q;
        break;
      }
    }
    // Predecessors: pred[i] is responsible for (pred[i+1], pred[i]].
    const pn = rows[b + 1]!;
    const pb = b + this.PO;
    for (let i = 0, o = pb; i + 1 < pn; i++, o += 2) {
      // Is k in (pred[i+1], pred[i]]? On distances from p when they are all distinct and non-zero
      // (then the float order is the exact order); else on the exact ids.
      const da = rowsD[o + 3]!;
      const db = rowsD[o + 1]!;
      let inArc: boolean;
      if (dk !== 0 && da !== 0 && db !== 0 && da !== db && dk !== da && dk !== db) {
        inArc = da < db ? da < dk && dk < db : dk > da || dk < db;
      } else inArc = ids.inHalfOpen(rows[o + 2]!, k, rows[o]!);
      if (inArc && (avoid === undefined || !avoid.includes(rows[o]!))) return rows[o]!;
    }
    // Closest preceding entry: the largest clockwise distance still short of k.
    let best = -1;
    let bestD = -1;
    for (let pass = 0; pass < 3; pass++) {
      const o0 = pass === 0 ? b + this.FO : pass === 1 ? sb : pb;
      const n = pass === 0 ? rows[b + 2]! : pass === 1 ? sn : pn;
      for (let i = 0, o = o0; i < n; i++, o += 2) {
        const dq = rowsD[o + 1]!;
        if (dq === 0 || dk === 0 || dq === dk) {
          const q = rows[o]!;
          if (avoid !== undefined && avoid.includes(q)) continue;
          // An entry whose id is k itself is responsible for k: a direct hop.
          if (ids.equals(q, k)) {
            best = q;
            bestD = Infinity;
            continue;
          }
          if (!ids.peerInOpen(p, q, k)) continue;
        } else if (dq > dk) continue;
        else if (avoid !== undefined && avoid.includes(rows[o]!)) continue;
        // q is in (p, k): keep the farthest such entry (the first of equals).
        if (
          best < 0 ||
          (bestD !== Infinity &&
            (dq !== 0 && bestD !== 0 && dq !== bestD ? dq > bestD : exactCloser(this.peers, p, best, rows[o]!)))
        ) {
          best = rows[o]!;
          bestD = dq;
        }
      }
    }
    if (best >= 0) return best;
    // Nothing precedes k: the farthest-reaching entry we have (the first successor) takes it on.
    for (let i = 0, o = sb; i < sn; i++, o += 2) {
      const q = rows[o]!;
      if (avoid === undefined || !avoid.includes(q)) return q;
    }
    return pn > 0 ? rows[pb]! : -1;
  }

  /**
   * Offers q as a successor of p; keeps the list sorted by clockwise distance and at most S long.
   * Returns true if the list changed.
   */
  offerSuccessor(p: number, q: number): boolean {
    if (q === p || q < 0) return false;
    const rows = this.rows;
    const b = p * this.W;
    const base = b + this.SO;
    const n = rows[b]!;
    let pos = n;
    for (let i = 0; i < n; i++) {
      const s = rows[base + 2 * i]!;
      if (s === q) return false;
      if (this.closer(p, q, s)) {
        pos = i;
        break;
      }
    }
    if (pos === n) {
      for (let i = 0; i < n; i++) if (rows[base + 2 * i] === q) return false;
      if (n >= this.S) return false;
    }
    this.insertAt(p, base, Math.min(n, this.S - 1), pos, q);
    if (n < this.S) rows[b] = n + 1;
    else this.markStale(p); // the farthest successor fell off
    // Remove a later duplicate of q, if the insertion point came before it.
    removeAfter(rows, b, 0, base, pos + 1, q);
    return true;
  }

  /**
   * Offers q as a predecessor of p; keeps the list sorted by counter-clockwise distance and at most
   * P long. Returns true if the list changed.
   */
  offerPredecessor(p: number, q: number): boolean {
    if (q === p || q < 0) return false;
    const rows = this.rows;
    const b = p * this.W;
    const base = b + this.PO;
    const n = rows[b + 1]!;
    let pos = n;
    for (let i = 0; i < n; i++) {
      const s = rows[base + 2 * i]!;
      if (s === q) return false;
      // q is a closer predecessor than s if q lies clockwise between s and p: s closer-cw-from... i.e. q in (s, p).
      if (this.closer(s, q, p)) {
        pos = i;
        break;
      }
    }
    if (pos === n) {
      for (let i = 0; i < n; i++) if (rows[base + 2 * i] === q) return false;
      if (n >= this.P) return false;
    }
    this.insertAt(p, base, Math.min(n, this.P - 1), pos, q);
    if (n < this.P) rows[b + 1] = n + 1;
    else this.markStale(p); // the farthest predecessor fell off
    removeAfter(rows, b, 1, base, pos + 1, q);
    return true;
  }

  /** Shifts entries pos..last-1 of the row at `base` one place on and writes q (with its distance) at pos. */
  private insertAt(p: number, base: number, last: number, pos: number, q: number): void {
    const rows = this.rows;
    for (let o = base + 2 * last, end = base + 2 * pos; o > end; o -= 2) {
      rows[o] = rows[o - 2]!;
      rows[o + 1] = rows[o - 1]!; // the distance's bits, moved as they are
    }
    rows[base + 2 * pos] = q;
    this.rowsD[base + 2 * pos + 1] = this.dist(p, q);
    this.filterAdd(p, q);
  }

  /**
   * Removes q from every table of p. Returns a bit mask of what changed: 1 successors,
   * 2 predecessors, 4 fingers.
   */
  remove(p: number, q: number): number {
    const b = p * this.W;
    let changed = 0;
    if (removeAfter(this.rows, b, 0, b + this.SO, 0, q)) changed |= 1;
    if (removeAfter(this.rows, b, 1, b + this.PO, 0, q)) changed |= 2;
    if (removeAfter(this.rows, b, 2, b + this.FO, 0, q)) changed |= 4;
    if (changed !== 0) this.markStale(p);
    return changed;
  }

  setSuccessors(p: number, list: readonly number[]): void {
    this.setRow(p, 0, this.SO, Math.min(list.length, this.S), list);
  }

  setPredecessors(p: number, list: readonly number[]): void {
    this.setRow(p, 1, this.PO, Math.min(list.length, this.P), list);
  }

  /** Sets the finger entries (distinct peers, farthest first); extra entries beyond F are dropped. */
  setFingers(p: number, list: readonly number[]): void {
    this.setRow(p, 2, this.FO, Math.min(list.length, this.F), list);
  }

  private setRow(p: number, countSlot: number, offset: number, n: number, list: readonly number[]): void {
    const b = p * this.W;
    for (let i = 0, o = b + offset; i < n; i++, o += 2) {
      this.rows[o] = list[i]!;
      this.rowsD[o + 1] = this.dist(p, list[i]!);
    }
    this.rows[b + countSlot] = n;
    this.markStale(p);
  }
}

/**
 * Removes the first entry equal to q at or after index `from` of the row at `base` whose count is
 * in word b + countSlot, closing the gap. Returns true if one was removed.
 */
function removeAfter(rows: Int32Array, b: number, countSlot: number, base: number, from: number, q: number): boolean {
  const n = rows[b + countSlot]!;
  for (let i = from; i < n; i++) {
    if (rows[base + 2 * i] === q) {
      for (let o = base + 2 * i, end = base + 2 * (n - 1); o < end; o += 2) {
        rows[o] = rows[o + 2]!;
        rows[o + 1] = rows[o + 3]!;
      }
      rows[b + countSlot] = n - 1;
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

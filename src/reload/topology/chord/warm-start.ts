/**
 * Converged warm start: builds every peer's successor list, predecessor list and distinct fingers
 * directly from the sorted ring, as if stabilization had run to completion. Used for large static
 * experiments; the peers then run the same maintenance protocol as peers that joined by protocol.
 *
 * Finger i of peer n is the first peer at or after n + 2^(128-i) (RFC 6940 §10.1). Fingers are
 * found by a binary search on float ring positions (top 64 bits), checked exactly on the words.
 */
import type { PeerTable } from '../../peer-table.ts';
import type { ChordTable } from './chord-table.ts';

const TWO32 = 0x1_0000_0000;
const TWO64 = TWO32 * TWO32;

/** Sorts peer indices by id (ascending). */
export function sortById(peers: PeerTable, list: readonly number[]): number[] {
  const sorted = list.slice();
  sorted.sort((a, b) => peers.ids.comparePeers(a, b));
  return sorted;
}

/** Proximity neighbour selection for the warm start (see ChordInit.proximity). */
export interface WarmProximity {
  /** Candidates per finger interval. */
  readonly k: number;
  /** Direct round-trip time between two peers, us. */
  readonly rtt: (p: number, q: number) => number;
}

/** Builds the routing state of `list` (all of them Up) as a converged ring. */
export function buildConvergedRing(peers: PeerTable, table: ChordTable, list: readonly number[], proximity?: WarmProximity): void {
  const ring = sortById(peers, list);
  const n = ring.length;
  if (n === 0) return;
  const w = peers.ids.words;
  const pos = new Float64Array(n);
  for (let j = 0; j < n; j++) {
    const o = ring[j]! * 4;
    pos[j] = (w[o]! >>> 0) * TWO32 + (w[o + 1]! >>> 0);
  }
  const S = table.S;
  const P = table.P;
  const target = new Int32Array(4);
  const succ: number[] = [];
  const pred: number[] = [];
  const fingers: number[] = [];
  for (let j = 0; j < n; j++) {
    const p = ring[j]!;
    table.ensure(p);
    succ.length = 0;
    pred.length = 0;
    for (let k = 1; k <= Math.min(S, n - 1); k++) succ.push(ring[(j + k) % n]!);
    for (let k = 1; k <= Math.min(P, n - 1); k++) pred.push(ring[(j - k + n) % n]!);
    table.setSuccessors(p, succ);
    table.setPredecessors(p, pred);
    fingers.length = 0;
    if (n > S + 1) {
      // The successor list covers clockwise distances up to that of its last entry.
      const lastSuccIndex = (j + succ.length) % n;
      const covered = (pos[lastSuccIndex]! - pos[j]! + TWO64) % TWO64;
      const o = p * 4;
      for (let i = 1; i <= 128 && fingers.length < table.F; i++) {
        // Offset 2^(128-i) in units of 2^64 is 2^(64-i); below one unit the float cannot tell.
        if (i >= 64) break;
        const offset = 2 ** (64 - i);
        if (offset <= covered) break;
        addPow2Words(w, o, 128 - i, target);
        const tf = (target[0]! >>> 0) * TWO32 + (target[1]! >>> 0);
        let f = successorOf(peers, ring, pos, tf, target);
        if (proximity !== undefined && proximity.k > 1) f = nearestInInterval(peers, ring, pos, p, pos[j]!, i, f, proximity);
        if (f === p) continue;
        if (!fingers.includes(f)) fingers.push(f);
      }
    }
    table.setFingers(p, fingers);
  }
}

/**
 * Finger i by proximity: of the responsible peers of k evenly spaced points of the interval
 * [n + 2^(128-i), n + 2^(129-i)), the one inside it with the smallest round-trip time (as a refresh
 * with proximity would find); `first` if none lies inside.
 */
function nearestInInterval(peers: PeerTable, ring: readonly number[], pos: Float64Array, p: number, pp: number, i: number, first: number, x: WarmProximity): number {
  const width = 2 ** (64 - i);
  let best = -1;
  let bestRtt = Infinity;
  const t = new Int32Array(4);
  for (let j = 0; j < x.k; j++) {
    const tf = (pp + width + (j * width) / x.k) % TWO64;
    // Float positions suffice to pick candidates: an off-by-one peer at a point is still a candidate.
    t[0] = Math.floor(tf / TWO32);
    t[1] = tf % TWO32;
    t[2] = 0;
    t[3] = 0;
    const q = successorOf(peers, ring, pos, Math.floor(tf / TWO32) * TWO32 + (tf % TWO32), t);
    if (q === p) continue;
    const o = q * 4;
    const w = peers.ids.words;
    const d = ((w[o]! >>> 0) * TWO32 + (w[o + 1]! >>> 0) - pp + TWO64) % TWO64;
    if (d < width || d >= 2 * width) continue;
    const rtt = x.rtt(p, q);
    if (rtt < bestRtt) {
      best = q;
      bestRtt = rtt;
    }
  }
  return best >= 0 ? best : first;
}

/** Index in `ring` of the first peer whose id is >= the target (wrapping to 0). */
function successorOf(peers: PeerTable, ring: readonly number[], pos: Float64Array, tf: number, target: Int32Array): number {
  const n = ring.length;
  let lo = 0;
  let hi = n;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (pos[mid]! < tf) lo = mid + 1;
    else hi = mid;
  }
  // pos is exact to 64 bits only: peers with the same top 64 bits as the target need the full words.
  let j = lo;
  while (j < n && pos[j] === tf && compareToWords(peers, ring[j]!, target) < 0) j++;
  return ring[j % n]!;
}

function compareToWords(peers: PeerTable, p: number, t: Int32Array): number {
  const w = peers.ids.words;
  const o = p * 4;
  for (let k = 0; k < 4; k++) {
    const a = w[o + k]! >>> 0;
    const b = t[k]! >>> 0;
    if (a !== b) return a < b ? -1 : 1;
  }
  return 0;
}

/** out = words[o..o+3] + 2^k (mod 2^128), words most significant first. */
export function addPow2Words(words: Int32Array, o: number, k: number, out: Int32Array): void {
  for (let i = 0; i < 4; i++) out[i] = words[o + i]!;
  let i = 3 - Math.floor(k / 32);
  let carry = 2 ** (k % 32);
  while (i >= 0 && carry > 0) {
    const s = (out[i]! >>> 0) + carry;
    out[i] = s % TWO32;
    carry = s >= TWO32 ? 1 : 0;
    i--;
  }
}

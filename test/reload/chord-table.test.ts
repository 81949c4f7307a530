import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Id } from '../../src/reload/id.ts';
import { PeerTable } from '../../src/reload/peer-table.ts';
import { ChordTable } from '../../src/reload/topology/chord/chord-table.ts';

/**
 * ChordTable keeps, beside each routing row, the clockwise distance from the owner to every entry,
 * and routes on those floats (top 64 bits) with an exact fallback on ties. These tests compare its
 * answers with a reference that works on exact 128-bit distances from the current lists, after
 * random edits, on ids chosen so that many share their top 64 bits (where the floats cannot decide).
 */

const RING = 1n << 128n;
const cwExact = (a: bigint, b: bigint): bigint => (((b - a) % RING) + RING) % RING;

/** k in (a, b] on the ring; the whole ring when a == b (as IdTable.inHalfOpen). */
function inHalfOpenExact(a: bigint, k: bigint, b: bigint): boolean {
  if (a === b) return true;
  const dk = cwExact(a, k);
  return dk > 0n && dk <= cwExact(a, b);
}

/** RFC 6940 §10.3 next hop as ChordTable documents it, on exact distances. */
function nextHopReference(t: ChordTable, id: (p: number) => bigint, p: number, k: bigint, avoid: readonly number[]): number {
  const pred = t.predecessors(p);
  const succ = t.successors(p);
  if (pred.length === 0 || inHalfOpenExact(id(pred[0]!), k, id(p))) return p;
  const dk = cwExact(id(p), k);
  for (const q of succ) {
    if (dk <= cwExact(id(p), id(q))) {
      if (!avoid.includes(q)) return q;
      break;
    }
  }
  for (let i = 0; i + 1 < pred.length; i++) {
    const q = pred[i]!;
    if (inHalfOpenExact(id(pred[i + 1]!), k, id(q)) && !avoid.includes(q)) return q;
  }
  let best = -1;
  let bestD = -1n;
  for (const q of [...t.fingers(p), ...succ, ...pred]) {
    if (avoid.includes(q)) continue;
    if (id(q) === k) return q;
    const dq = cwExact(id(p), id(q));
    if (dq < dk && dq > bestD) {
      best = q;
      bestD = dq;
    }
  }
  if (best >= 0) return best;
  for (const q of succ) if (!avoid.includes(q)) return q;
  return pred.length > 0 ? pred[0]! : -1;
}

type Op =
  | { k: 'setSucc' | 'setPred' | 'setFingers'; p: number; list: number[] }
  | { k: 'offerSucc' | 'offerPred' | 'remove'; p: number; q: number }
  | { k: 'clear'; p: number };

const N = 24;
const peerIdx = fc.nat(N - 1);
/** Most edits go to three owners, so that their rows see long sequences of inserts and removals. */
const owner = fc.oneof({ weight: 3, arbitrary: fc.nat(2) }, { weight: 1, arbitrary: peerIdx });
const op: fc.Arbitrary<Op> = fc.oneof(
  { weight: 2, arbitrary: fc.record({ k: fc.constantFrom('setSucc' as const, 'setPred' as const, 'setFingers' as const), p: owner, list: fc.uniqueArray(peerIdx, { maxLength: 8 }) }) },
  { weight: 6, arbitrary: fc.record({ k: fc.constantFrom('offerSucc' as const, 'offerPred' as const), p: owner, q: peerIdx }) },
  { weight: 3, arbitrary: fc.record({ k: fc.constant('remove' as const), p: owner, q: fc.nat(7) }) },
  { weight: 1, arbitrary: fc.record({ k: fc.constant('clear' as const), p: owner }) },
);

/**
 * Ids: uniform, or from a few 64-bit tops, so that peers and keys often share their top 64 bits
 * (and some keys equal a peer's id).
 */
const tops = [0n, 1n, 0x8000_0000_0000_0000n, 0xffff_ffff_ffff_ffffn, 0x1234_5678_9abc_def0n];
const idValue = fc.oneof(
  fc.bigInt({ min: 0n, max: RING - 1n }),
  fc.tuple(fc.nat(tops.length - 1), fc.bigInt({ min: 0n, max: (1n << 64n) - 1n })).map(([t, low]) => (tops[t]! << 64n) | low),
);

describe('ChordTable distance rows', () => {
  it('routes like the exact reference after random edits, on ids sharing their top 64 bits; holds() matches the rows', () => {
    fc.assert(
      fc.property(
        fc.uniqueArray(idValue, { minLength: N, maxLength: N }),
        fc.array(op, { maxLength: 120 }),
        fc.array(fc.tuple(idValue, fc.uniqueArray(peerIdx, { maxLength: 2 })), { minLength: 1, maxLength: 10 }),
        (ids, ops, queries) => {
          const peers = new PeerTable();
          for (const v of ids) peers.create(Id.fromBigInt(v), 0, false);
          // Small capacity: growth (ensure) copies the distance rows too.
          const t = new ChordTable(peers, { successors: 3, predecessors: 3, maxFingers: 6 });
          t.ensure(N - 1);
          const id = (p: number): bigint => ids[p]!;
          for (const o of ops) {
            if (o.k === 'setSucc') t.setSuccessors(o.p, o.list.filter((q) => q !== o.p));
            else if (o.k === 'setPred') t.setPredecessors(o.p, o.list.filter((q) => q !== o.p));
            else if (o.k === 'setFingers') t.setFingers(o.p, o.list.filter((q) => q !== o.p));
            else if (o.k === 'offerSucc') t.offerSuccessor(o.p, o.q);
            else if (o.k === 'offerPred') t.offerPredecessor(o.p, o.q);
            else if (o.k === 'remove') {
              // o.q picks one of the entries p has (removing an absent peer changes nothing).
              const all = [...t.successors(o.p), ...t.predecessors(o.p), ...t.fingers(o.p)];
              if (all.length > 0) t.remove(o.p, all[o.q % all.length]!);
            }
            else t.clear(o.p);
            expect(t.rowsConsistent(o.p)).toBe(true);
            expect(t.filterCovers(o.p)).toBe(true);
          }
          // holds(p, q) is exact whatever the filter lets through, and a rebuilt filter covers the rows.
          for (let p = 0; p < N; p++) {
            const rows = new Set([...t.successors(p), ...t.predecessors(p), ...t.fingers(p)]);
            for (let q = 0; q < N; q++) expect(t.holds(p, q)).toBe(rows.has(q));
            expect(t.filterCovers(p)).toBe(true);
          }
          // Every peer's id and its neighbours on the ring (where a stale distance flips an answer),
          // plus random keys, from every peer.
          const keys = [...ids.flatMap((v) => [v, (v + 1n) % RING, (v + RING - 1n) % RING]), ...queries.map((q) => q[0])];
          for (let p = 0; p < N; p++) {
            for (let j = 0; j < keys.length; j++) {
              const k = keys[j]!;
              const avoid = queries[j % queries.length]![1];
              const kid = Id.fromBigInt(k);
              const pred = t.predecessors(p);
              const responsible = pred.length === 0 || inHalfOpenExact(id(pred[0]!), k, id(p));
              expect(t.isResponsible(p, kid)).toBe(responsible);
              expect(t.nextHop(p, kid, avoid)).toBe(nextHopReference(t, id, p, k, avoid));
              expect(t.nextHop(p, kid)).toBe(nextHopReference(t, id, p, k, []));
            }
          }
        },
      ),
      { numRuns: 100 },
    );
  });

  it('keeps the rows when the table grows past its initial capacity', () => {
    const peers = new PeerTable();
    const n = 3000;
    for (let i = 0; i < n; i++) peers.create(Id.fromBigInt((BigInt(i) * 0x9e37_79b9_7f4a_7c15_f39c_c060_5ced_c835n) % RING), 0, false);
    const t = new ChordTable(peers, {});
    t.ensure(5);
    t.setFingers(5, [10, 20, 30]);
    t.setSuccessors(5, [11, 12]);
    t.setPredecessors(5, [4]);
    const before = [0, 1, 2, 3].map((j) => t.nextHop(5, peers.idOf[(j * 997) % n]!));
    t.ensure(n - 1);
    expect(t.rowsConsistent(5)).toBe(true);
    expect([0, 1, 2, 3].map((j) => t.nextHop(5, peers.idOf[(j * 997) % n]!))).toEqual(before);
  });
});

describe('PeerTable node keys', () => {
  it('destIsPeer and peerOfDest agree with the ids, across incarnations of one node id', () => {
    fc.assert(
      fc.property(fc.array(fc.nat(9), { minLength: 1, maxLength: 40 }), (picks) => {
        // Ten node ids; each pick creates a new incarnation (a new peer index) of one of them.
        const nodeIds = Array.from({ length: 10 }, (_, i) => Id.fromBigInt(BigInt(i) << 100n));
        const peers = new PeerTable();
        const created = picks.map((i) => peers.create(nodeIds[i]!, i, false));
        for (let a = 0; a < created.length; a++) {
          const d = peers.nodeDest(created[a]!);
          const plain = { type: 'node' as const, id: Id.fromBigInt(nodeIds[picks[a]!]!.toBigInt()) };
          expect(peers.peerOfDest(d)).toBe(peers.peerOf(nodeIds[picks[a]!]!));
          expect(peers.peerOfDest(plain)).toBe(peers.peerOf(plain.id));
          for (let b = 0; b < created.length; b++) {
            const same = picks[a] === picks[b];
            expect(peers.destIsPeer(d, created[b]!)).toBe(same);
            expect(peers.destIsPeer(plain, created[b]!)).toBe(same);
          }
        }
        // The latest incarnation of each id is the one peerOfDest names.
        for (let i = 0; i < 10; i++) {
          const last = picks.lastIndexOf(i);
          if (last >= 0) expect(peers.peerOfDest(peers.nodeDest(created[picks.indexOf(i)]!))).toBe(created[last]);
        }
      }),
      { numRuns: 200 },
    );
  });
});

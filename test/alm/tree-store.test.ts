import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Id } from '../../src/reload/id.ts';
import { TreeState, TreeStore } from '../../src/alm/tree-state.ts';

/**
 * TreeStore keeps `stored` on each tree (handlers that held a tree across a delay check it instead
 * of looking the tree up) and a per-peer array index for lookups. After any sequence of adds (new
 * trees, replacements under the same key), removes and dropPeers, `stored` must say exactly whether
 * the store returns that tree, and get/ofPeer must agree.
 */
type Op = { k: 'add'; peer: number; alg: number; group: number } | { k: 'remove'; pick: number } | { k: 'drop'; peer: number };

const op: fc.Arbitrary<Op> = fc.oneof(
  { weight: 4, arbitrary: fc.record({ k: fc.constant('add' as const), peer: fc.nat(5), alg: fc.nat(1), group: fc.nat(2) }) },
  { weight: 2, arbitrary: fc.record({ k: fc.constant('remove' as const), pick: fc.nat(100) }) },
  { weight: 1, arbitrary: fc.record({ k: fc.constant('drop' as const), peer: fc.nat(5) }) },
);

describe('TreeStore', () => {
  it('stored says whether the store holds the tree, after adds, replacements, removes and dropPeer', () => {
    fc.assert(
      fc.property(fc.array(op, { maxLength: 80 }), (ops) => {
        const store = new TreeStore();
        const made: TreeState[] = [];
        for (const o of ops) {
          if (o.k === 'add') {
            const gid = Id.fromBigInt(BigInt(o.group + 1) << 90n);
            const t = new TreeState(o.peer, gid, gid.toHex(), o.alg, 1, 0);
            made.push(t);
            store.add(t);
          } else if (o.k === 'remove') {
            if (made.length > 0) store.remove(made[o.pick % made.length]!);
          } else store.dropPeer(o.peer);
          for (const t of made) {
            const held = store.get(t.peer, t.algorithm, t.key) === t;
            expect(t.stored).toBe(held);
            expect(store.ofPeer(t.peer).includes(t)).toBe(held);
          }
        }
      }),
      { numRuns: 300 },
    );
  });
});

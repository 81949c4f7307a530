/**
 * The groups of a run, numbered as the workload numbers them, found from what trace events and
 * messages carry: the group_id as hex (trace events), the Id itself (Push bodies), or the 32-bit
 * tree_id of a TreeData (RFC 7019 §7.2.17: the low word of group_id here).
 */
import type { Id } from '../reload/id.ts';

export class GroupIndex {
  readonly keys: readonly string[];
  private readonly ids: readonly Id[];
  private readonly byHex = new Map<string, number>();
  /** Low word -> group, or -2 when two groups share it. */
  private readonly byLow = new Map<number, number>();

  constructor(ids: readonly Id[]) {
    this.ids = ids;
    this.keys = ids.map((id) => id.toHex());
    this.keys.forEach((k, i) => this.byHex.set(k, i));
    ids.forEach((id, i) => {
      const low = id.w3 >>> 0;
      this.byLow.set(low, this.byLow.has(low) ? -2 : i);
    });
  }

  get count(): number {
    return this.keys.length;
  }

  /** Group of a group_id in hex (as trace events carry it), or -1. */
  byKey(key: string): number {
    return this.byHex.get(key) ?? -1;
  }

  /** Group of a group_id, or -1. */
  byId(id: Id): number {
    const g = this.byLow.get(id.w3 >>> 0);
    if (g === undefined) return -1;
    if (g >= 0) return this.ids[g]!.equals(id) ? g : -1;
    return this.byHex.get(id.toHex()) ?? -1;
  }

  /** Group of a TreeData tree_id, or -1 if none or ambiguous. */
  byTreeId(treeId: number): number {
    const g = this.byLow.get(treeId >>> 0);
    return g === undefined || g < 0 ? -1 : g;
  }
}

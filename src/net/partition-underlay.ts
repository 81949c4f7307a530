/**
 * Network partitions: during [start, end) of simulated time, hosts in different groups of a partition
 * cannot reach each other. Hosts in no group are not affected, and neither is traffic inside a group.
 * A message is judged when it is sent: one already in flight when a partition begins still arrives.
 */
import { UnderlayError, type DropReason, type Underlay, type UnderlayDecorator } from './underlay.ts';

export interface Partition {
  /** Host groups that cannot reach each other; a host may be in at most one group of a partition. */
  groups: readonly (readonly number[])[];
  /** First time (us) the partition holds. */
  start: number;
  /** Time (us) it heals; excluded. @default Infinity */
  end?: number;
}

export interface PartitionUnderlayInit {
  inner: Underlay;
  partitions: readonly Partition[];
}

export class PartitionUnderlay implements UnderlayDecorator {
  readonly kind: string;
  readonly hostCount: number;
  readonly inner: Underlay;
  private readonly starts: Float64Array;
  private readonly ends: Float64Array;
  /** Per partition, each host's group + 1 (0: in no group). */
  private readonly groupOf: Uint32Array[];

  constructor(_components: object, init: PartitionUnderlayInit) {
    const inner = init.inner;
    const n = inner.hostCount;
    this.inner = inner;
    this.kind = `partition(${inner.kind})`;
    this.hostCount = n;
    const k = init.partitions.length;
    this.starts = new Float64Array(k);
    this.ends = new Float64Array(k);
    this.groupOf = [];
    init.partitions.forEach((p, i) => {
      const end = p.end ?? Infinity;
      if (!(Number.isFinite(p.start) && p.start >= 0 && end > p.start)) {
        throw new UnderlayError(`partition ${i}: expected 0 <= start < end (us), got start ${p.start}, end ${end}`);
      }
      this.starts[i] = p.start;
      this.ends[i] = end;
      const g = new Uint32Array(n);
      p.groups.forEach((hosts, gi) => {
        for (const h of hosts) {
          if (!Number.isInteger(h) || h < 0 || h >= n) {
            throw new UnderlayError(`partition ${i}, group ${gi}: host ${h} is not in [0, ${n})`);
          }
          if (g[h] !== 0) throw new UnderlayError(`partition ${i}: host ${h} is in groups ${g[h]! - 1} and ${gi}`);
          g[h] = gi + 1;
        }
      });
      this.groupOf.push(g);
    });
  }

  latency(a: number, b: number): number {
    return this.inner.latency(a, b);
  }

  /** True if a and b are cut off from each other at time `now`. */
  separated(a: number, b: number, now: number): boolean {
    for (let i = 0; i < this.groupOf.length; i++) {
      if (now < this.starts[i]! || now >= this.ends[i]!) continue;
      const g = this.groupOf[i]!;
      const ga = g[a]!;
      const gb = g[b]!;
      if (ga !== 0 && gb !== 0 && ga !== gb) return true;
    }
    return false;
  }

  drops(a: number, b: number, now: number): DropReason | null {
    if (this.separated(a, b, now)) return 'partition';
    return this.inner.drops?.(a, b, now) ?? null;
  }
}

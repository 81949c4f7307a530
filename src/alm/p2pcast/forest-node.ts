/**
 * What one peer knows of one P2PCast forest (RFC 7019 §9): its proper stripe, its path from the
 * rendezvous point and its parent's completeness per stripe (from its parents' Updates), and for the stripe it is
 * internal in (every stripe at the rendezvous point) a summary of each internal child's subtree (from
 * the children's Updates). The usage's TreeState keeps the parents and children themselves.
 */
import type { RandomStream } from '../../sim/index.ts';
import type { TreeState } from '../tree-state.ts';
import { NONE_DEPTH } from './reform-ops.ts';

/** A subtree summary with peers as indices (-1 for none); hole and leaf are relative depths. */
export interface Summary {
  free: number;
  hole: number;
  holeAt: number;
  leaf: number;
  leafAt: number;
  leafParent: number;
}

export const NO_SUMMARY: Summary = { free: 0, hole: NONE_DEPTH, holeAt: -1, leaf: NONE_DEPTH, leafAt: -1, leafParent: -1 };

/** What a parent knows of one child in the stripe it is internal in. */
export interface KidInfo {
  /** The child is internal in this stripe (it has sent an upward Update). */
  internal: boolean;
  sum: Summary;
  /** The child's own children and whether each is internal (for refilling its slot if it fails). */
  kids: number[];
  kidInternal: boolean[];
  /** The child's parent in every stripe (conversion candidates if it departs, RFC 7019 §9.5). */
  parents: number[];
  /** Version of the child's last Update applied. */
  version: number;
}

/** A substitution in progress: `joiner` takes the place of leaf child `leaf` (RFC 7019 §9.4). */
export interface Reservation {
  readonly joiner: number;
  readonly leaf: number;
  timer: number;
}

/** The rendezvous point's list of members, to hand joiners a random one (RFC 7019 §9.4). */
export class MemberList {
  private readonly list: number[] = [];
  private readonly index = new Map<number, number>();

  get size(): number {
    return this.list.length;
  }

  add(p: number): void {
    if (this.index.has(p)) return;
    this.index.set(p, this.list.length);
    this.list.push(p);
  }

  remove(p: number): void {
    const i = this.index.get(p);
    if (i === undefined) return;
    const last = this.list.pop()!;
    if (last !== p) {
      this.list[i] = last;
      this.index.set(last, i);
    }
    this.index.delete(p);
  }

  /** A uniformly random member other than `not`, or -1. */
  sample(rng: RandomStream, not: number): number {
    const n = this.list.length;
    if (n === 0 || (n === 1 && this.list[0] === not)) return -1;
    for (;;) {
      const p = this.list[rng.int(n)]!;
      if (p !== not) return p;
    }
  }
}

/**
 * A per-stripe number field of a ForestNode. Plain packed arrays, not typed arrays: with f = 2 a
 * typed array and its ArrayBuffer cost ~200 bytes where this costs ~50, and a forest has a
 * ForestNode per (peer, group) membership (34,673 in S3 at 10,000 peers and 150 groups). Every
 * value stored is a small integer, a version or an event id, so nothing depends on a typed array's
 * wrapping.
 */
function perStripe(stripes: number, value: number): number[] {
  const a: number[] = [];
  for (let s = 0; s < stripes; s++) a.push(value);
  return a;
}

export class ForestNode {
  /** The stripe this peer is internal in; -1 for none (the special node, RFC 7019 §9.1). */
  proper = -1;
  /**
   * Per stripe, the ancestors from the rendezvous point down to the parent (empty at the root;
   * undefined while unknown): its length is the depth, its last but one entry the grandparent that a
   * failed parent is reported to, and a node never takes an ancestor as a child (no cycles).
   */
  readonly path: (readonly number[] | undefined)[];
  readonly parentIncomplete: number[];
  /** Per stripe where internal: what this peer knows of each child. */
  readonly kidInfo: (Map<number, KidInfo> | undefined)[];
  /** Own summary per stripe where internal. */
  readonly sum: Summary[];
  /** Accepted Joins and Takeons not yet completed per stripe: slots promised away. */
  readonly promised: number[];
  /** Substitutions in progress per stripe, keyed by the leaf. */
  readonly reserved: (Map<number, Reservation> | undefined)[];
  /** Completeness last told to the children, per stripe (-1 not yet told). */
  readonly toldIncomplete: number[];
  /** A placement (Join) of this peer is in flight per stripe. */
  readonly placing: number[];
  readonly orphanTimer: number[];
  /** Fingerprint of the last upward Update (to send only changes); -1 forces the next one. */
  sentUp = -1;
  /** Version of the next Update this peer sends. */
  version = 1;
  /** Per stripe, the sender and version of the last downward Update applied. */
  readonly downVersion: number[];
  readonly downFrom: number[];
  flushArmed = false;
  /** A conversion to another proper stripe or a relocation is in progress. */
  busy = false;
  /** The stripe a conversion is switching to, -1 for none. */
  converting = -1;
  /** The application left and the peer is tearing its place down. */
  gone = false;
  /** Attempts of the childless repair. */
  childlessTries = 0;
  childlessArmed = false;
  depthCheckArmed = false;
  /** Relocation attempts that found no shallower leaf, in a row. */
  relocations = 0;
  /** Refills already started, by departed child x stripe (x * 64 + s), so that repeated reports do not repeat them. */
  readonly refilled = new Set<number>();
  /** The rendezvous point's member list (root only). */
  members: MemberList | undefined;
  /** The rendezvous point's peer index, as learnt from its answers. */
  rootPeer = -1;
  /** The rendezvous point that acknowledged this member's announcement (UPDATE_JOINED), -1 for none. */
  announcedTo = -1;
  /** The placement in progress per stripe (see placement.ts). */
  readonly tasks: ({ readonly kind: string; target: number; revokedBy: number } | undefined)[] = [];
  /** The join in progress, if any (see join.ts). */
  joinRun: unknown = undefined;
  /** Reassembly of striped Pushes (see stripes.ts). */
  assembly: unknown = undefined;

  constructor(readonly stripes: number) {
    this.path = new Array<readonly number[] | undefined>(stripes).fill(undefined);
    this.parentIncomplete = perStripe(stripes, 0);
    this.kidInfo = new Array<Map<number, KidInfo> | undefined>(stripes).fill(undefined);
    this.sum = Array.from({ length: stripes }, () => ({ ...NO_SUMMARY }));
    this.promised = perStripe(stripes, 0);
    this.reserved = new Array<Map<number, Reservation> | undefined>(stripes).fill(undefined);
    this.toldIncomplete = perStripe(stripes, -1);
    this.placing = perStripe(stripes, 0);
    this.orphanTimer = perStripe(stripes, -1);
    this.downVersion = perStripe(stripes, 0);
    this.downFrom = perStripe(stripes, -1);
  }

  kids(s: number): Map<number, KidInfo> {
    let m = this.kidInfo[s];
    if (m === undefined) {
      m = new Map();
      this.kidInfo[s] = m;
    }
    return m;
  }

  /** Depth in stripe `s` (edges from the rendezvous point), -1 while unknown. */
  depth(s: number): number {
    return this.path[s]?.length ?? -1;
  }

  /** The parent's parent in stripe `s`, -1 for none or unknown. */
  grand(s: number): number {
    const p = this.path[s];
    return p === undefined || p.length < 2 ? -1 : p[p.length - 2]!;
  }

  isInternalKid(s: number, kid: number): boolean {
    return this.kidInfo[s]?.get(kid)?.internal ?? false;
  }
}

/** The forest state of a tree, creating it on first use. */
export function forestNode(t: TreeState): ForestNode {
  let n = t.algo as ForestNode | undefined;
  if (n === undefined) {
    n = new ForestNode(t.stripes);
    t.algo = n;
  }
  return n;
}

/**
 * Whether a leaf child of `t.peer` in stripe `s` may be substituted (RFC 7019 §9.4: the joiner takes
 * its place as an internal child): only while the internal children and the substitutions under way
 * leave room for one more internal child within `cap`. A node with more children than it may have (the
 * rendezvous point holding overflow children, or a race) keeps its surplus leaves as leaves, to be
 * sent on to a free slot, instead of turning them into internal children it can never shed cheaply.
 */
export function leafSubstitutable(t: TreeState, node: ForestNode, s: number, cap: number): boolean {
  const info = node.kidInfo[s];
  let internal = node.reserved[s]?.size ?? 0;
  if (info !== undefined) for (const k of t.children[s]!) if (info.get(k)?.internal === true) internal++;
  return internal < cap;
}

/**
 * The summary of `t.peer`'s subtree in stripe `s` (it must be internal there): free slots, the
 * shallowest free slot and the shallowest leaf. Ties keep the previous choice, else are broken at
 * random: the walk of RFC 7019 §9.4 is a random one, and a stable choice keeps Updates from flapping.
 */
export function computeSummary(t: TreeState, node: ForestNode, s: number, cap: number, rng: RandomStream): Summary {
  const kids = t.children[s]!;
  const info = node.kidInfo[s];
  const reserved = node.reserved[s];
  const prev = node.sum[s]!;
  const own = Math.max(0, cap - kids.length - node.promised[s]!);
  let free = own;
  let hole = NONE_DEPTH;
  let holeAt = -1;
  let holeTies = 0;
  if (own > 0) {
    hole = 1;
    holeAt = t.peer;
  }
  let leaf = NONE_DEPTH;
  let leafAt = -1;
  let leafParent = -1;
  let leafTies = 0;
  const ownLeaves = leafSubstitutable(t, node, s, cap);
  for (let i = 0; i < kids.length; i++) {
    const k = kids[i]!;
    const ki = info?.get(k);
    if (ki !== undefined && ki.internal) {
      const ks = ki.sum;
      free += ks.free;
      if (own === 0 && ks.free > 0 && ks.hole < NONE_DEPTH) {
        const d = Math.min(NONE_DEPTH - 1, ks.hole + 1);
        if (d < hole) {
          hole = d;
          holeAt = ks.holeAt;
          holeTies = 1;
        } else if (d === hole && holeAt !== prev.holeAt) {
          holeTies++;
          if (ks.holeAt === prev.holeAt || rng.int(holeTies) === 0) holeAt = ks.holeAt;
        }
      }
      if (ks.leaf < NONE_DEPTH) {
        const d = Math.min(NONE_DEPTH - 1, ks.leaf + 1);
        if (d < leaf) {
          leaf = d;
          leafAt = ks.leafAt;
          leafParent = ks.leafParent;
          leafTies = 1;
        } else if (d === leaf && leafAt !== prev.leafAt) {
          leafTies++;
          if (ks.leafAt === prev.leafAt || rng.int(leafTies) === 0) {
            leafAt = ks.leafAt;
            leafParent = ks.leafParent;
          }
        }
      }
    } else if (ownLeaves && (reserved === undefined || !reserved.has(k))) {
      if (leaf > 1) {
        leaf = 1;
        leafAt = k;
        leafParent = t.peer;
        leafTies = 1;
      } else if (leafAt !== prev.leafAt) {
        leafTies++;
        if (k === prev.leafAt || rng.int(leafTies) === 0) {
          leafAt = k;
          leafParent = t.peer;
        }
      }
    }
  }
  return { free, hole, holeAt, leaf, leafAt, leafParent };
}

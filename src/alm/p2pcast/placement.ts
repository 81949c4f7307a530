/**
 * Putting one node into one stripe, used by joiners (RFC 7019 §9.4), by nodes shed or orphaned in a
 * repair (§9.5) and by nodes that change their proper stripe:
 *
 * - hole: a Join into that stripe to an incomplete node, which answers JoinAccept; the node confirms
 *   (JoinAccept and JoinConfirm per subtree, §9.4, §9.6). Where the free slot is comes from the
 *   rendezvous point's summary (a Search answered with a Direct), or from a hint.
 * - proper: the node takes the place of a leaf and adopts it (§9.4 "taking node A's place"): a
 *   Substitute reserves the leaf's slot at its parent, a Join with JOIN_SUBSTITUTE takes it, and a
 *   Takeon makes the leaf the node's child.
 * - reattach: a Join routed to group_id, for nodes whose parent was the rendezvous point.
 *
 * A step that fails (a stale summary, a node that moved or failed) asks the rendezvous point again;
 * after a few attempts it waits, longer each time.
 */
import type { AlmAnswer } from '../algorithm.ts';
import type { TreeState } from '../tree-state.ts';
import { ALM_JOIN, ALM_JOIN_ACCEPT } from '../wire/codes.ts';
import type { Join } from '../wire/bodies.ts';
import { dictionaryGet, dictionaryOf } from '../wire/dictionary.ts';
import { JOIN_CONVERT, JOIN_OVERFLOW, JOIN_REATTACH, JOIN_SUBSTITUTE, decodeParentState, decodeReject } from './join-info.ts';
import type { P2PCast } from './p2pcast.ts';
import { DIRECT_ASK, DIRECT_CONVERT, OP_DIRECT, OP_SEARCH, OP_SUBSTITUTE, OP_TAKEON, SUBSTITUTE_SELF, WANT_HOLE, WANT_LEAF, WANT_STEP, type Search, type Substitute, type Takeon } from './reform-ops.ts';

export type PlaceKind = 'hole' | 'proper' | 'reattach';

export interface PlaceTask {
  readonly t: TreeState;
  readonly s: number;
  kind: PlaceKind;
  /** The would-be parent, -1 to ask the rendezvous point. */
  target: number;
  /** For 'proper': the leaf whose place to take. */
  leaf: number;
  convert: boolean;
  /** For 'proper': the stripe has no leaf yet, so the node takes a free slot as an internal node. */
  asHole: boolean;
  /** Conversion candidates per stripe (the departed node's parents), -1 where none. */
  readonly donors: readonly number[];
  tries: number;
  /** For 'proper': go only to a leaf shallower than this depth (a relocation), else give up. */
  readonly shallowerThan: number;
  /** A relocation found no shallower leaf: nothing to do (as opposed to failing). */
  notNeeded: boolean;
  /** The would-be parent told us to go (DIRECT_HOMELESS) before our JoinConfirm was answered. */
  revokedBy: number;
  /** Times the would-be parent answered that it is still placing itself (an offered joiner's slot). */
  waits: number;
  readonly onDone: ((ok: boolean, task: PlaceTask) => void) | undefined;
}

/** Attempts before a placement gives up (only when the forest has no room for a long time). */
const MAX_TRIES = 400;
/** Times a node asks an offered joiner that is still placing itself again before it looks elsewhere (retryDelay apart). */
const MAX_WAITS = 30;
/** Attempts at a free slot before a node asks the rendezvous point to take it beyond its fanout. */
const OVERFLOW_AFTER = 12;

export class Placement {
  constructor(private readonly c: P2PCast) {}

  /** Starts placing `t.peer` into stripe `s`. */
  start(t: TreeState, s: number, kind: PlaceKind, opts: { target?: number; leaf?: number; donors?: readonly number[]; shallowerThan?: number; onDone?: (ok: boolean, task: PlaceTask) => void } = {}): void {
    const n = this.c.node(t);
    n.placing[s] = 1;
    t.joining[s] = true;
    this.c.cancel(n.orphanTimer[s]!);
    n.orphanTimer[s] = -1;
    const task: PlaceTask = {
      t,
      s,
      kind,
      target: opts.target ?? -1,
      leaf: opts.leaf ?? -1,
      convert: false,
      asHole: false,
      donors: opts.donors ?? [],
      tries: 0,
      shallowerThan: opts.shallowerThan ?? Infinity,
      notNeeded: false,
      revokedBy: -1,
      waits: 0,
      onDone: opts.onDone,
    };
    n.tasks[s] = task;
    this.step(task);
  }

  private readonly onRetry = (task: PlaceTask): void => this.step(task);

  private step(task: PlaceTask): void {
    const c = this.c;
    const t = task.t;
    if (!c.active(t) || !t.stored) return;
    if (task.kind === 'reattach') {
      this.join(task, -1, JOIN_REATTACH | (task.tries >= OVERFLOW_AFTER ? JOIN_OVERFLOW : 0));
      return;
    }
    if (task.kind === 'hole' && task.tries >= OVERFLOW_AFTER) {
      // No free slot for a long time (the forest is being repaired around us): the rendezvous point.
      task.kind = 'reattach';
      this.join(task, -1, JOIN_REATTACH | JOIN_OVERFLOW);
      return;
    }
    if (task.target < 0 || task.target === t.peer || (task.kind === 'proper' && task.leaf < 0 && !task.asHole)) {
      this.ask(task);
      return;
    }
    if (task.kind === 'hole' || task.asHole) this.join(task, task.target, task.convert ? JOIN_CONVERT : 0);
    else this.substitute(task);
  }

  /**
   * Search at the rendezvous point: where is the shallowest free slot, or leaf, of the stripe. The
   * first time its summary answers at once; after a failure (another node took that place first) the
   * Search walks down from it one step at a time, at random among equally good subtrees.
   */
  private ask(task: PlaceTask): void {
    this.askAt(task, -1, 0);
  }

  private askAt(task: PlaceTask, at: number, hops: number): void {
    const c = this.c;
    const t = task.t;
    const step = task.tries > 0 ? WANT_STEP : 0;
    const op: Search = {
      op: OP_SEARCH,
      stripe: task.s,
      want: (task.kind === 'proper' ? WANT_LEAF : WANT_HOLE) | step,
      exclude: c.idOf(t.peer),
      nodes: task.donors.map((d) => c.idOf(d)),
    };
    const answered = (a: AlmAnswer): void => {
      if (!c.active(t)) return;
      const d = c.opOfAnswer(a);
      if (d === undefined || d.op !== OP_DIRECT) {
        this.fail(task);
        return;
      }
      if (at < 0) c.node(t).rootPeer = a.reload.origin;
      const target = c.peerOf(d.target);
      if ((d.flags & DIRECT_ASK) !== 0) {
        if (target >= 0 && target !== t.peer && hops < 64) this.askAt(task, target, hops + 1);
        else this.fail(task);
        return;
      }
      if (target < 0 || target === t.peer) {
        this.fail(task);
        return;
      }
      if (task.kind === 'proper') {
        const leafDepth = d.info[task.s]?.leaf ?? 0xff;
        if (task.shallowerThan !== Infinity && at < 0 && leafDepth >= task.shallowerThan) {
          task.notNeeded = true;
          this.finish(task, false);
          return;
        }
        task.leaf = c.peerOf(d.leaf);
        // No leaf in the stripe yet: an internal place at a free slot instead.
        task.asHole = task.leaf < 0;
      }
      task.target = target;
      task.convert = (d.flags & DIRECT_CONVERT) !== 0;
      this.step(task);
    };
    if (at < 0) c.sendOpToRoot(t.peer, t, op, answered);
    else c.sendOp(t.peer, at, t, op, answered);
  }

  /** Substitute (RFC 7019 §9.4): reserve the leaf's slot at its parent, then join there. */
  private substitute(task: PlaceTask): void {
    const c = this.c;
    const t = task.t;
    const op: Substitute = { op: OP_SUBSTITUTE, stripe: task.s, flags: SUBSTITUTE_SELF, child: c.idOf(task.leaf), children: [], donors: [] };
    c.sendOp(t.peer, task.target, t, op, (a) => {
      if (!c.ok(a)) {
        this.fail(task);
        return;
      }
      this.join(task, task.target, JOIN_SUBSTITUTE);
    });
  }

  /** A Join into stripe s, answered by JoinAccept and confirmed (RFC 7019 §9.4, §9.6). */
  private join(task: PlaceTask, target: number, flags: number): void {
    const c = this.c;
    const t = task.t;
    const body: Join = { peerId: c.idOf(t.peer), groupId: t.groupId, options: dictionaryOf({ stripe: task.s, p2pcast: flags }) };
    const dest = target < 0 ? c.rootDest(t) : c.s.overlay.peers.nodeDest(target);
    c.track((h, ctx) => c.s.request(t.peer, dest, ALM_JOIN, body, h, ctx), (a) => this.joinAnswered(task, target, flags, a));
  }

  private joinAnswered(task: PlaceTask, target: number, flags: number, a: AlmAnswer): void {
    const c = this.c;
    const t = task.t;
    if (!c.active(t) || !t.stored) return;
    const m = a.message;
    if (a.errorCode !== 0 || m === undefined || m.code !== ALM_JOIN_ACCEPT) {
      const info = a.almError === undefined ? undefined : decodeReject(a.almError.almErrorInfo);
      const hint = info?.target === undefined ? -1 : c.peerOf(info.target);
      if (info?.type === 'joining' && task.kind === 'hole' && target >= 0 && task.waits < MAX_WAITS) {
        // The joiner whose slot the rendezvous point offered is placing itself: ask it again shortly.
        task.waits++;
        c.later(c.retryDelay, this.onRetry, task);
        return;
      }
      if (info !== undefined && (info.type === 'direct' || info.type === 'full') && hint >= 0 && hint !== t.peer && task.kind !== 'proper') {
        task.kind = 'hole';
        task.target = hint;
        task.convert = false;
        task.tries++;
        if (task.tries < MAX_TRIES) this.step(task);
        else this.finish(task, false);
        return;
      }
      this.fail(task);
      return;
    }
    const parent = a.reload.origin;
    const ps = decodeParentState(dictionaryGet(m.body.options, 'p2pcast-parent'));
    c.inFlight++;
    c.s.confirm(t.peer, t, task.s, parent, m.body, a.rtt, (ok) => {
      c.inFlight--;
      if (!ok || !c.active(t)) {
        this.fail(task);
        return;
      }
      const n = c.node(t);
      if (task.revokedBy === parent) {
        // Adopted and shed at once (the parent changed its proper stripe meanwhile): look again.
        task.revokedBy = -1;
        c.s.setParent(t, task.s, -1);
        this.fail(task);
        return;
      }
      if (ps !== undefined) {
        n.parentIncomplete[task.s] = ps.incomplete ? 1 : 0;
        c.sync.setPath(t, n, task.s, ps.path);
      }
      if (task.kind === 'proper' && (flags & JOIN_SUBSTITUTE) !== 0) this.takeOn(task, parent);
      else this.finish(task, true);
    });
  }

  /** Takeon (RFC 7019 §9.4): the node that took the leaf's place adopts the leaf. */
  private takeOn(task: PlaceTask, oldParent: number): void {
    const c = this.c;
    const t = task.t;
    const n = c.node(t);
    const leaf = task.leaf;
    const s = task.s;
    if (c.ownFree(t, n, s) === 0) {
      // No room left for the displaced leaf (children arrived meanwhile): it finds a slot itself.
      c.repair.sendHomeless(t, s, leaf, oldParent);
      this.finish(task, true);
      return;
    }
    n.promised[s] = n.promised[s]! + 1;
    const op: Takeon = {
      op: OP_TAKEON,
      stripe: s,
      flags: 0,
      expectParent: c.idOf(oldParent),
      path: c.sync.ownPath(t, s),
      adopt: [],
      donors: [],
    };
    c.sendOp(t.peer, leaf, t, op, (a) => {
      n.promised[s] = Math.max(0, n.promised[s]! - 1);
      if (c.ok(a) && c.active(t) && !t.children[s]!.includes(leaf)) c.repair.adopted(t, s, leaf);
      this.finish(task, true);
    });
  }

  private fail(task: PlaceTask): void {
    const c = this.c;
    // A Join to the known rendezvous point failed: it may have left, failed or handed group_id over
    // (RFC 7019 §8.2); the next one is routed to group_id.
    if (task.kind === 'reattach') c.node(task.t).rootPeer = -1;
    task.tries++;
    task.target = -1;
    task.leaf = -1;
    task.convert = false;
    task.asHole = false;
    // A relocation is an improvement, not a necessity: it gives up early.
    if (task.tries >= MAX_TRIES || (task.shallowerThan !== Infinity && task.tries >= 4)) {
      this.finish(task, false);
      return;
    }
    if (task.tries <= 2) this.step(task);
    else c.later(c.retryDelay * Math.min(task.tries - 2, 10), this.onRetry, task);
  }

  private finish(task: PlaceTask, ok: boolean): void {
    const c = this.c;
    const t = task.t;
    const n = c.node(t);
    n.placing[task.s] = 0;
    // A finished task is read no more (tasks[s] is consulted only while placing[s] is 1), and
    // keeping it would keep its onDone closure and what that holds (a join's JoinRun) alive.
    if (n.tasks[task.s] === task) n.tasks[task.s] = undefined;
    t.joining[task.s] = false;
    c.sync.touch(t);
    task.onDone?.(ok, task);
    if (!c.active(t)) return;
    if (t.parents[task.s]! < 0 && n.placing[task.s] === 0) {
      // Still (or again) without a parent here: look again later.
      c.repair.orphaned(t, task.s);
      return;
    }
    // A subtree that re-attached at a free slot may now hang below the shallowest leaf.
    if (ok && task.kind !== 'proper' && n.proper === task.s && t.children[task.s]!.length > 0 && !n.busy && n.joinRun === undefined) c.repair.relocate(t, task.s);
  }
}


/**
 * Who is in the overlay: the bootstrap, then the churn timeline, applied slot by slot.
 *
 * A slot holds at most one RELOAD node at a time (its host is the slot number). The last
 * round(peers x clientsFraction) slots hold RELOAD clients.
 * - Bootstrap, warm: every initially-up slot gets a peer at time 0 with converged routing tables.
 *   Protocol: initially-up slot i starts a RELOAD join (RFC 6940 §10.5) at i x joinInterval; the
 *   first one to start founds the ring.
 * - Churn: 'leave' tells the ALM usage first (so that the node's trees are left properly) and then
 *   leaves the overlay gracefully; 'crash' stops the node silently; 'join' starts a new node (a new
 *   peer index and Node-ID) on the slot and joins it through a random running peer.
 * `onNodeStart(slot, peer)` is called when a node starts on a slot (at a time fixed by the bootstrap
 * and the churn timeline alone), `onNodeUp(slot, peer)` when it is in the overlay (after its RELOAD
 * join, which takes as long as the overlay's state makes it take).
 *
 * Events are pulled from the (lazy) timeline one at a time, so the queue holds one churn event.
 */
import type { AlmUsage } from '../alm/index.ts';
import type { Overlay } from '../reload/overlay.ts';
import type { Scheduler, TraceSink } from '../sim/index.ts';
import type { ChurnEvent, ChurnTimeline } from './churn.ts';
import type { ChurnKind } from './churn-trace.ts';
import type { SlotTable } from './slot-table.ts';
import type { ScenarioTraceEvent } from './trace-events.ts';

export interface PopulationDriverComponents {
  scheduler: Scheduler;
  overlay: Overlay;
  usage: AlmUsage;
  slots: SlotTable;
  timeline: ChurnTimeline;
  trace: TraceSink<ScenarioTraceEvent>;
  /** A new node started on a slot (it now joins the overlay). */
  onNodeStart: (slot: number, peer: number) => void;
  /** A slot's node is up in the overlay. */
  onNodeUp: (slot: number, peer: number) => void;
}

export interface PopulationDriverInit {
  /** @default 'warm' */
  bootstrap?: 'warm' | 'protocol';
  /** Protocol bootstrap: time between the join starts of consecutive slots, us. @default 100 ms */
  joinInterval?: number;
  /** A client that finds no running peer to attach through tries again after this, us. @default 1 s */
  clientRetry?: number;
}

/** The applied churn events, as columns (for churn.csv). */
export interface ChurnLog {
  readonly time: number[];
  readonly kind: ChurnKind[];
  readonly slot: number[];
  /** The new peer (join) or the departing one (leave, crash); -1 if the slot had no node. */
  readonly peer: number[];
}

export class PopulationDriver {
  readonly log: ChurnLog = { time: [], kind: [], slot: [], peer: [] };
  private readonly bootstrap: 'warm' | 'protocol';
  private readonly joinInterval: number;
  private readonly clientRetry: number;
  /** Protocol bootstrap: 1 while the slot's first join has not started yet. */
  private readonly pending: Uint8Array;
  private started = false;
  private readonly onChurnBound = (e: ChurnEvent): void => this.onChurn(e);
  private readonly onBootstrapJoinBound = (slot: number): void => this.bootstrapJoin(slot);
  
  constructor(
    private readonly c: PopulationDriverComponents,
    init: PopulationDriverInit = {},
  ) {
    this.bootstrap = init.bootstrap ?? 'warm';
    this.joinInterval = init.joinInterval ?? 100_000;
    this.clientRetry = init.clientRetry ?? 1_000_000;
    this.pending = new Uint8Array(c.slots.count);
  }

  /** Builds (warm) or schedules (protocol) the initial overlay, and schedules the first churn event. */
  start(): void {
    if (this.started) throw new Error('PopulationDriver.start: already started');
    this.started = true;
    const { overlay, slots, timeline } = this.c;
    const up = timeline.initialUp;
    if (this.bootstrap === 'warm') {
      const list: number[] = [];
      for (let s = 0; s < slots.count; s++) {
        if (up[s] !== 1) continue;
        const p = overlay.createPeer(s, { client: slots.isClient(s) });
        slots.peerOf[s] = p;
        list.push(p);
      }
      for (const p of list) this.c.onNodeStart(overlay.peers.host[p]!, p);
      overlay.warmStart(list);
      for (const p of list) this.c.onNodeUp(overlay.peers.host[p]!, p);
    } else {
      for (let s = 0; s < slots.count; s++) {
        if (up[s] !== 1) continue;
        this.pending[s] = 1;
        this.c.scheduler.scheduleAt(s * this.joinInterval, this.onBootstrapJoinBound, s);
      }
    }
    this.scheduleNextChurn();
  }

  private bootstrapJoin(slot: number): void {
    if (this.pending[slot] !== 1) return;
    this.pending[slot] = 0;
    this.startNode(slot);
  }

  private scheduleNextChurn(): void {
    const next = this.c.timeline.next();
    if (next.done === true) return;
    this.c.scheduler.scheduleAt(next.value.time, this.onChurnBound, next.value);
  }

  private onChurn(e: ChurnEvent): void {
    const { overlay, usage, slots } = this.c;
    const s = e.slot;
    let peer = slots.peerOf[s]!;
    if (e.kind === 'join') {
      if (peer >= 0 && overlay.peers.isRunning(peer)) peer = -1;
      else {
        this.pending[s] = 0;
        peer = this.startNode(s);
      }
    } else {
      // A departure before the slot's bootstrap join: the slot just stays down.
      this.pending[s] = 0;
      if (peer >= 0 && overlay.peers.isRunning(peer)) {
        if (e.kind === 'leave') {
          usage.peerLeaving(peer);
          overlay.leave(peer);
        } else overlay.crash(peer);
      } else peer = -1;
      slots.peerOf[s] = -1;
    }
    this.record(e.time, e.kind, s, peer);
    this.scheduleNextChurn();
  }

  /** Starts a new node on `slot` and joins it; returns its peer index, or -1 if it must wait. */
  private startNode(slot: number): number {
    const { overlay, slots } = this.c;
    const client = slots.isClient(slot);
    const bootstrap = overlay.randomUpPeer();
    if (bootstrap < 0 && client) {
      // A client needs a peer to attach to: try again later (a departure would cancel this).
      this.pending[slot] = 1;
      this.c.scheduler.schedule(this.clientRetry, this.onBootstrapJoinBound, slot);
      return -1;
    }
    this.pending[slot] = 0;
    const p = overlay.createPeer(slot, { client });
    slots.peerOf[slot] = p;
    this.c.onNodeStart(slot, p);
    if (bootstrap < 0) {
      overlay.startFirst(p);
      this.c.onNodeUp(slot, p);
      return p;
    }
    overlay.join(p, bootstrap, (ok) => {
      if (ok && slots.peerOf[slot] === p && overlay.peers.isUp(p)) this.c.onNodeUp(slot, p);
    });
    return p;
  }

  private record(time: number, kind: ChurnKind, slot: number, peer: number): void {
    const log = this.log;
    log.time.push(time);
    log.kind.push(kind);
    log.slot.push(slot);
    log.peer.push(peer);
    const tr = this.c.trace;
    if (tr.want['scenario.churn']) tr.emit({ type: 'scenario.churn', time, kind, slot, peer });
  }
}

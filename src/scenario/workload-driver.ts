/**
 * Drives the workload plan through the Group API of the ALM usage:
 * - each group is created at createAt by its creator slot's node (CreateALMTree), retried a few
 *   times if it fails; if the creator slot is down then, its next node creates it when it is up;
 * - each member slot joins at its join time; membership belongs to the slot, so a slot that is down
 *   then, or whose node departs, joins with its next node: the application on the new node is a
 *   member from the moment the node starts (scenario.membership), and the node joins the group's
 *   tree (Group API join) as soon as it is in the overlay;
 * - sends follow the message schedule, from the sender slot's current node; a send whose slot has
 *   no running node is skipped and counted (a node still joining the overlay sends; RELOAD cannot
 *   route it yet, so its receivers miss it).
 * The scenario.* events (membership, sends) depend on the plan, the schedule and the churn alone,
 * so every algorithm of a comparison gets exactly the same ones; only group creation waits for the
 * creator's node to be in the overlay.
 */
import { groupIdOf, type AlmUsage } from '../alm/index.ts';
import type { Id } from '../reload/id.ts';
import type { Overlay } from '../reload/overlay.ts';
import type { Scheduler, TraceSink } from '../sim/index.ts';
import type { SlotTable } from './slot-table.ts';
import type { ScenarioTraceEvent } from './trace-events.ts';
import type { MessageSend, WorkloadPlan } from './workload.ts';

export interface WorkloadDriverComponents {
  scheduler: Scheduler;
  overlay: Overlay;
  usage: AlmUsage;
  slots: SlotTable;
  /** The message schedule (messageSchedule), pulled one send at a time. */
  messages: Iterator<MessageSend>;
  trace: TraceSink<ScenarioTraceEvent>;
}

export interface WorkloadDriverInit {
  plan: WorkloadPlan;
  /** ALM algorithm id of the groups (RFC 7019 §14.1). */
  algorithmId: number;
  /** Delay before a failed CreateALMTree is sent again, us. @default 1 s */
  createRetryDelay?: number;
  /** CreateALMTree attempts per group before it counts as failed. @default 5 */
  createAttempts?: number;
}

/** Group creation states. */
export const GroupState = { waiting: 0, creating: 1, created: 2, failed: 3 } as const;

export class WorkloadDriver {
  readonly groupIds: readonly Id[];
  /** GroupState of each group. */
  readonly groupState: Uint8Array;
  /** Sends made and sends skipped (sender slot down), per group. */
  readonly sendsMade: Int32Array;
  readonly sendsSkipped: Int32Array;
  private readonly plan: WorkloadPlan;
  private readonly algorithmId: number;
  private readonly createRetryDelay: number;
  private readonly createAttempts: number;
  private readonly attempts: Int32Array;
  /** 1 once the group's creation time has come (a creator slot that comes up then creates it). */
  private readonly createDue: Uint8Array;
  // Memberships (group, member) in group order; by slot as a CSR index.
  private readonly entryGroup: Int32Array;
  private readonly entrySlot: Int32Array;
  private readonly entryTime: Float64Array;
  private readonly intent: Uint8Array;
  private readonly slotStart: Int32Array;
  private readonly slotEntries: Int32Array;
  private readonly onCreateBound = (g: number): void => this.create(g);
  private readonly onJoinTimeBound = (e: number): void => this.joinTime(e);
  private readonly onSendBound = (m: MessageSend): void => this.send(m);
  private started = false;

  constructor(
    private readonly c: WorkloadDriverComponents,
    init: WorkloadDriverInit,
  ) {
    const plan = init.plan;
    this.plan = plan;
    this.algorithmId = init.algorithmId;
    this.createRetryDelay = init.createRetryDelay ?? 1_000_000;
    this.createAttempts = init.createAttempts ?? 5;
    const n = plan.groups.length;
    this.groupIds = plan.groups.map((g) => groupIdOf(g.sessionKey));
    this.groupState = new Uint8Array(n);
    this.sendsMade = new Int32Array(n);
    this.sendsSkipped = new Int32Array(n);
    this.attempts = new Int32Array(n);
    this.createDue = new Uint8Array(n);
    let total = 0;
    for (const g of plan.groups) total += g.size;
    this.entryGroup = new Int32Array(total);
    this.entrySlot = new Int32Array(total);
    this.entryTime = new Float64Array(total);
    this.intent = new Uint8Array(total);
    const slots = c.slots.count;
    this.slotStart = new Int32Array(slots + 1);
    let e = 0;
    for (const g of plan.groups) {
      for (let m = 0; m < g.size; m++, e++) {
        this.entryGroup[e] = g.index;
        this.entrySlot[e] = g.members[m]!;
        this.entryTime[e] = g.joinTimes[m]!;
        this.slotStart[g.members[m]! + 1]!++;
      }
    }
    for (let s = 0; s < slots; s++) this.slotStart[s + 1]! += this.slotStart[s]!;
    this.slotEntries = new Int32Array(total);
    const fill = this.slotStart.slice(0, slots);
    for (let i = 0; i < total; i++) this.slotEntries[fill[this.entrySlot[i]!]!++] = i;
  }

  /** Schedules the creations, the joins and the first send. */
  start(): void {
    if (this.started) throw new Error('WorkloadDriver.start: already started');
    this.started = true;
    const sch = this.c.scheduler;
    // Creations first, so that at equal times a group is created before its creator joins it.
    for (const g of this.plan.groups) sch.scheduleAt(Math.max(g.createAt, sch.now), this.onCreateBound, g.index);
    for (let e = 0; e < this.entryGroup.length; e++) sch.scheduleAt(Math.max(this.entryTime[e]!, sch.now), this.onJoinTimeBound, e);
    this.scheduleNextSend();
  }

  /** A new node started on a slot: the application on it is a member of the slot's groups from now. */
  nodeStarted(slot: number, peer: number): void {
    const end = this.slotStart[slot + 1]!;
    for (let i = this.slotStart[slot]!; i < end; i++) {
      const e = this.slotEntries[i]!;
      if (this.intent[e] === 1) this.emitMembership(e, peer);
    }
  }

  /** A slot's node is up in the overlay: it creates its pending group and joins the slot's groups' trees. */
  nodeUp(slot: number, peer: number): void {
    const end = this.slotStart[slot + 1]!;
    for (let i = this.slotStart[slot]!; i < end; i++) {
      const e = this.slotEntries[i]!;
      const g = this.entryGroup[e]!;
      if (this.plan.groups[g]!.creator === slot && this.createDue[g] === 1) this.create(g);
      if (this.intent[e] === 1) this.c.usage.join(peer, this.groupIds[g]!, this.algorithmId);
    }
  }

  private upPeer(slot: number): number {
    const p = this.c.slots.peerOf[slot]!;
    return p >= 0 && this.c.overlay.peers.isUp(p) ? p : -1;
  }

  private create(g: number): void {
    const plan = this.plan.groups[g]!;
    if (this.groupState[g] !== GroupState.waiting) return;
    this.createDue[g] = 1;
    const peer = this.upPeer(plan.creator);
    if (peer < 0) {
      // The creator slot is down: its next node creates the group (nodeUp).
      this.groupState[g] = GroupState.waiting;
      return;
    }
    this.groupState[g] = GroupState.creating;
    this.attempts[g]!++;
    const tr = this.c.trace;
    if (tr.want['scenario.groupCreate']) {
      tr.emit({ type: 'scenario.groupCreate', time: this.c.scheduler.now, group: g, slot: plan.creator, peer, attempt: this.attempts[g]! });
    }
    this.c.usage.create(peer, plan.sessionKey, this.algorithmId, (ok) => {
      if (ok) {
        this.groupState[g] = GroupState.created;
        this.createDue[g] = 0;
        return;
      }
      if (this.attempts[g]! >= this.createAttempts) {
        this.groupState[g] = GroupState.failed;
        this.createDue[g] = 0;
      }
      else {
        this.groupState[g] = GroupState.waiting;
        this.c.scheduler.schedule(this.createRetryDelay, this.onCreateBound, g);
      }
    });
  }

  private joinTime(e: number): void {
    this.intent[e] = 1;
    const slot = this.entrySlot[e]!;
    this.emitMembership(e, this.runningPeer(slot));
    const peer = this.upPeer(slot);
    if (peer >= 0) this.c.usage.join(peer, this.groupIds[this.entryGroup[e]!]!, this.algorithmId);
  }

  private runningPeer(slot: number): number {
    const p = this.c.slots.peerOf[slot]!;
    return p >= 0 && this.c.overlay.peers.isRunning(p) ? p : -1;
  }

  private emitMembership(e: number, peer: number): void {
    const tr = this.c.trace;
    if (tr.want['scenario.membership']) {
      tr.emit({ type: 'scenario.membership', time: this.c.scheduler.now, slot: this.entrySlot[e]!, group: this.entryGroup[e]!, peer });
    }
  }

  private scheduleNextSend(): void {
    const next = this.c.messages.next();
    if (next.done === true) return;
    this.c.scheduler.scheduleAt(Math.max(next.value.time, this.c.scheduler.now), this.onSendBound, next.value);
  }

  private send(m: MessageSend): void {
    const peer = this.runningPeer(m.sender);
    const g = m.group;
    if (peer >= 0) {
      this.c.usage.send(peer, this.groupIds[g]!, this.algorithmId, this.plan.payloadBytes);
      this.sendsMade[g]!++;
    } else this.sendsSkipped[g]!++;
    const tr = this.c.trace;
    if (tr.want['scenario.send']) tr.emit({ type: 'scenario.send', time: this.c.scheduler.now, group: g, slot: m.sender, peer, sent: peer >= 0 });
    this.scheduleNextSend();
  }
}

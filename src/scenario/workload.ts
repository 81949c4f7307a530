/**
 * The workload plan of a run: groups, their members and join times, senders, and the message sends.
 *
 * - Group i (0-based) has session key "group-<i>" and is created by its creator at joinWindow.from.
 * - Members are distinct slots drawn uniformly from all slots, peers and clients alike (RFC 7019 §3.4
 *   lets clients be leaves). Membership belongs to the slot: when a slot is down at its join time, or
 *   a new node starts on it later, that node joins the slot's groups when it comes up.
 * - members[0] is the creator; it joins at joinWindow.from, the others at uniform times in [from, to).
 * - Senders: ssm: the creator; asm: the first min(sources, size) members (a uniform random subset,
 *   creator included). The group's rate is split evenly among its senders. A sender whose slot is
 *   down at a send time does not send (the run records the message as not sent).
 * - Sizes: fixed; uniform integer in [min, max]; zipf-scribe: rank r = i + 1 has
 *   min(N, max(1, floor(N r^-exponent + 0.5))) members, N = overlay.peers (Castro et al. 2002).
 *
 * Randomness: the plan draws only from the stream it is given ("workload"), in group order: size
 * (uniform only), members (sample), then join times of members 1..size-1. Message times draw only
 * from their own stream ("workload.messages"), lazily. Nothing depends on the ALM algorithm, so every
 * algorithm of a comparison sees the same workload.
 */
import type { RandomStream } from '../sim/random.ts';
import { SECOND } from '../sim/time.ts';
import type { Scenario } from './schema.ts';
import { SlotHeap } from './slot-heap.ts';

/** Names of the random streams the scenario layer draws from. */
export const STREAMS = { churn: 'churn', workload: 'workload', messages: 'workload.messages', lookups: 'workload.lookups' } as const;

export interface GroupPlan {
  readonly index: number;
  /** RFC 7019 session key; group_id = H(session key). */
  readonly sessionKey: string;
  readonly size: number;
  /** The slot that creates the group (members[0]). */
  readonly creator: number;
  /** Microseconds. */
  readonly createAt: number;
  /** Distinct member slots, in random order; members[0] is the creator. */
  readonly members: Int32Array;
  /** Join time of each member (microseconds), parallel to members. */
  readonly joinTimes: Float64Array;
  /** Sending slots. */
  readonly senders: Int32Array;
}

export interface WorkloadPlan {
  readonly groups: readonly GroupPlan[];
  readonly mode: 'ssm' | 'asm';
  readonly payloadBytes: number;
}

export interface MessageSend {
  /** Microseconds. */
  readonly time: number;
  readonly group: number;
  /** Sending slot. */
  readonly sender: number;
  /** Per-group sequence number, from 0 in send order. */
  readonly seq: number;
}

/** Members of the group of rank `rank` (1-based) under the Scribe paper's Zipf-like rule. */
export function zipfScribeSize(rank: number, peers: number, exponent = 1.25): number {
  return Math.min(peers, Math.max(1, Math.floor(peers * Math.pow(rank, -exponent) + 0.5)));
}

export function planWorkload(scenario: Scenario, rng: RandomStream): WorkloadPlan {
  const w = scenario.workload;
  const peers = scenario.overlay.peers;
  const { from, to } = w.joinWindow;
  const groups: GroupPlan[] = [];
  for (let i = 0; i < w.groups; i++) {
    const gs = w.groupSize;
    const size =
      gs.dist === 'fixed'
        ? gs.size
        : gs.dist === 'uniform'
          ? gs.min + rng.int(gs.max - gs.min + 1)
          : zipfScribeSize(i + 1, peers, gs.exponent);
    const members = Int32Array.from(rng.sample(peers, size));
    const joinTimes = new Float64Array(size);
    joinTimes[0] = from;
    for (let m = 1; m < size; m++) joinTimes[m] = Math.min(to, from + Math.floor(rng.next() * (to - from)));
    const senderCount = w.mode === 'ssm' ? 1 : Math.min(w.sources, size);
    groups.push({
      index: i,
      sessionKey: `group-${i}`,
      size,
      creator: members[0]!,
      createAt: from,
      members,
      joinTimes,
      senders: members.slice(0, senderCount),
    });
  }
  return { groups, mode: w.mode, payloadBytes: w.messages.payloadBytes };
}

/**
 * Message sends of all groups in time order (ties: group, then sender order), generated lazily
 * with one pending send per sender. `rng` should be the run's "workload.messages" stream.
 *
 * periodic: each sender sends every senders/rate seconds from a uniform random phase; with `count`
 * the group's count is split among its senders and each sends exactly its share in [start, stop).
 * poisson: exponential gaps with the same mean; with `count`, count is the expected number.
 */
export function* messageSchedule(scenario: Scenario, plan: WorkloadPlan, rng: RandomStream): Generator<MessageSend, void, undefined> {
  const m = scenario.workload.messages;
  const span = m.stop - m.start;
  if (span <= 0) return;
  const senderGroup: number[] = [];
  const senderSlot: number[] = [];
  const interval: number[] = [];
  for (const g of plan.groups) {
    const k = g.senders.length;
    for (let s = 0; s < k; s++) {
      let perSender: number;
      if (m.count !== undefined) {
        perSender = Math.floor(m.count / k) + (s < m.count % k ? 1 : 0);
        interval.push(perSender > 0 ? span / perSender : Infinity);
      } else {
        perSender = (m.rate ?? 0) / k;
        interval.push(perSender > 0 ? SECOND / perSender : Infinity);
      }
      senderGroup.push(g.index);
      senderSlot.push(g.senders[s]!);
    }
  }
  const periodic = m.pattern === 'periodic';
  const heap = new SlotHeap(senderSlot.length);
  // periodic: send n of a sender is at start + phase + n x gap, computed by multiplication so that
  // rounding error does not accumulate; poisson: `next` accumulates the exponential gaps.
  const next = new Float64Array(senderSlot.length);
  const sent = new Float64Array(senderSlot.length);
  for (let id = 0; id < senderSlot.length; id++) {
    const gap = interval[id]!;
    if (gap === Infinity) continue;
    next[id] = m.start + (periodic ? rng.next() * gap : rng.exponential(gap));
    if (next[id]! < m.stop) heap.push(Math.floor(next[id]!), id);
  }
  const phase = next.slice();
  const seq = new Int32Array(plan.groups.length);
  for (;;) {
    const time = heap.peekTime();
    const id = heap.peekId();
    if (time === undefined || id === undefined) return;
    heap.pop();
    const group = senderGroup[id]!;
    yield { time, group, sender: senderSlot[id]!, seq: seq[group]!++ };
    const gap = interval[id]!;
    sent[id]!++;
    next[id] = periodic ? phase[id]! + sent[id]! * gap : next[id]! + rng.exponential(gap);
    if (next[id]! < m.stop) heap.push(Math.floor(next[id]!), id);
  }
}

/**
 * Trace events of the scenario drivers: what the experiment did to the peers (churn) and asked of
 * the application (group creation, membership, sends). They are the inputs every algorithm of a
 * comparison must see identically, and a test compares them across algorithms. Groups are workload
 * group indices (session key "group-<i>"); slots are host slots; peers are RELOAD peer indices.
 */
import type { LookupTraceEvent } from '../metrics/lookup-collector.ts';
import type { ChurnKind } from './churn-trace.ts';

/** A churn event of the timeline was applied to a slot. */
export interface ScenarioChurnEvent {
  readonly type: 'scenario.churn';
  readonly time: number;
  readonly kind: ChurnKind;
  readonly slot: number;
  /** join: the new peer; leave/crash: the departing peer; -1 when the slot had none (nothing to do). */
  readonly peer: number;
}

/**
 * The application at a slot is a member of a group from now: at the member's join time, and again
 * when a new node starts on the slot (the node joins the group's tree once it is in the overlay).
 */
export interface ScenarioMembershipEvent {
  readonly type: 'scenario.membership';
  readonly time: number;
  readonly slot: number;
  readonly group: number;
  /** The slot's running node, or -1 when the slot is down (its next node will be a member). */
  readonly peer: number;
}

/** A group's creator asked to create it (RFC 7019 CreateALMTree); `ok` is known when it answers. */
export interface ScenarioGroupCreateEvent {
  readonly type: 'scenario.groupCreate';
  readonly time: number;
  readonly group: number;
  readonly slot: number;
  readonly peer: number;
  readonly attempt: number;
}

/** A scheduled send: `sent` false when the sender's slot had no running node (the message is skipped). */
export interface ScenarioSendEvent {
  readonly type: 'scenario.send';
  readonly time: number;
  readonly group: number;
  readonly slot: number;
  readonly peer: number;
  readonly sent: boolean;
}

/** Overlay lookups of the workload (`workload.lookups`); the event types belong to their collector. */
export type { LookupDoneEvent, LookupSentEvent } from '../metrics/lookup-collector.ts';

export type ScenarioTraceEvent = ScenarioChurnEvent | ScenarioMembershipEvent | ScenarioGroupCreateEvent | ScenarioSendEvent | LookupTraceEvent;

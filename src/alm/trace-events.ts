/**
 * Trace events of the ALM usage (RFC 7019). Collectors subscribe to them; algorithms and the usage
 * emit them guarded by `trace.want.<type>`.
 *
 * Peers are peer indices; `group` is the group_id as 32 hex digits; `algorithm` the ALM algorithm id
 * (1 Scribe, 2 P2PCast); `stripe` is 0 for single-tree algorithms.
 */

/** A group was created: `root` became its rendezvous point and stored the ALMTree. */
export interface GroupCreatedEvent {
  readonly type: 'alm.groupCreated';
  readonly time: number;
  readonly group: string;
  readonly algorithm: number;
  readonly creator: number;
  readonly root: number;
  readonly ok: boolean;
}

/** A peer became a member (subscriber) of a group at the application, or stopped being one. */
export interface MembershipEvent {
  readonly type: 'alm.membership';
  readonly time: number;
  readonly peer: number;
  readonly group: string;
  readonly algorithm: number;
  readonly member: boolean;
}

/** A tree edge was made (JoinConfirm accepted) or removed. */
export interface TreeEdgeEvent {
  readonly type: 'alm.treeEdge';
  readonly time: number;
  readonly group: string;
  readonly algorithm: number;
  readonly stripe: number;
  readonly parent: number;
  readonly child: number;
  readonly added: boolean;
  /** Why an edge was removed: 'leave' (Leave received), 'timeout' (heartbeats missed), 'reform', 'decline', 'replaced'. */
  readonly reason: string;
}

/** A peer's parent changed in one tree (after a join, a repair or a reorganisation). */
export interface ParentChangeEvent {
  readonly type: 'alm.parentChange';
  readonly time: number;
  readonly peer: number;
  readonly group: string;
  readonly algorithm: number;
  readonly stripe: number;
  readonly oldParent: number;
  readonly newParent: number;
}

/** A peer lost its parent (or its tree's root) and starts a repair; ended by `alm.repaired`. */
export interface RepairStartEvent {
  readonly type: 'alm.repairStart';
  readonly time: number;
  readonly peer: number;
  readonly group: string;
  readonly algorithm: number;
  readonly stripe: number;
  /** 'heartbeat' (no HeartbeatResponse), 'leave' (parent sent Leave), 'link' (transaction failed), 'root' (root moved). */
  readonly cause: string;
  readonly lostParent: number;
}

/** A repair finished: the peer has a parent again (time - startedAt is the repair time). */
export interface RepairedEvent {
  readonly type: 'alm.repaired';
  readonly time: number;
  readonly peer: number;
  readonly group: string;
  readonly algorithm: number;
  readonly stripe: number;
  readonly startedAt: number;
  readonly newParent: number;
}

/** A peer missed a heartbeat deadline: a parent about a child, or a child about its parent. */
export interface HeartbeatMissEvent {
  readonly type: 'alm.heartbeatMiss';
  readonly time: number;
  readonly peer: number;
  readonly other: number;
  readonly group: string;
  readonly algorithm: number;
  readonly role: 'parent' | 'child';
}

/** The application at `source` sent a message to a group (Group API send). */
export interface MulticastSentEvent {
  readonly type: 'alm.multicastSent';
  readonly time: number;
  readonly source: number;
  readonly group: string;
  readonly algorithm: number;
  readonly seq: number;
  readonly bytes: number;
}

/** A Push (one stripe of a message, or the whole message for single-tree algorithms) left a peer. */
export interface PushForwardedEvent {
  readonly type: 'alm.pushForwarded';
  readonly time: number;
  readonly peer: number;
  readonly to: number;
  readonly group: string;
  readonly algorithm: number;
  readonly stripe: number;
  readonly source: number;
  readonly seq: number;
  /** Bytes of the Push's data (application payload share). */
  readonly bytes: number;
}

/** A member's application received a message (all its stripes, for striped algorithms). */
export interface DeliveredEvent {
  readonly type: 'alm.delivered';
  readonly time: number;
  readonly peer: number;
  readonly group: string;
  readonly algorithm: number;
  readonly source: number;
  readonly seq: number;
  /** time - the source's send time. */
  readonly delay: number;
  /** Overlay hops the data crossed from the source to this peer (the largest over its stripes). */
  readonly overlayHops: number;
  /** Tree edges from the root to this peer (largest over stripes). */
  readonly treeHops: number;
}

/** A striped algorithm delivered only some stripes of a message by the time the next one was complete. */
export interface PartialDeliveryEvent {
  readonly type: 'alm.partialDelivery';
  readonly time: number;
  readonly peer: number;
  readonly group: string;
  readonly algorithm: number;
  readonly source: number;
  readonly seq: number;
  readonly stripes: number;
  readonly of: number;
}

/** A Join was rejected (RFC 7019 §7.2.5) with an ALM error code. */
export interface JoinRejectedEvent {
  readonly type: 'alm.joinRejected';
  readonly time: number;
  readonly peer: number;
  readonly by: number;
  readonly group: string;
  readonly algorithm: number;
  readonly errorCode: number;
}

/** A JoinAccept expired without JoinConfirm or JoinDecline (join_confirm_timeout). */
export interface AcceptExpiredEvent {
  readonly type: 'alm.acceptExpired';
  readonly time: number;
  readonly peer: number;
  readonly child: number;
  readonly group: string;
  readonly algorithm: number;
}

/** An algorithm-specific reorganisation step (P2PCast's Reform payloads). */
export interface ReformEvent {
  readonly type: 'alm.reform';
  readonly time: number;
  readonly peer: number;
  readonly to: number;
  readonly group: string;
  readonly algorithm: number;
  /** E.g. 'takeon', 'substitute', 'search', 'replace', 'direct', 'update'. */
  readonly op: string;
}

export type AlmTraceEvent =
  | GroupCreatedEvent
  | MembershipEvent
  | TreeEdgeEvent
  | ParentChangeEvent
  | RepairStartEvent
  | RepairedEvent
  | HeartbeatMissEvent
  | MulticastSentEvent
  | PushForwardedEvent
  | DeliveredEvent
  | PartialDeliveryEvent
  | JoinRejectedEvent
  | AcceptExpiredEvent
  | ReformEvent;

/**
 * The ALM message bodies of RFC 7019 §7.2, one Format and Codec each. Field names follow the RFC
 * (group_id -> groupId). NodeQueryResponse's body, NodeStatistics, is in node-statistics.ts.
 */
import { MAX32 } from '../../reload/wire/codec.ts';
import type { Id } from '../../reload/id.ts';
import { dictionaryFormat } from './dictionary.ts';
import type { Dictionary } from './dictionary.ts';
import { codecOf } from './format.ts';
import type { Format } from './format.ts';
import { NODE_ID_LENGTH, readNodeId, writeNodeId } from '../../reload/wire/fields.ts';

/** The body of the answers that carry no fields. */
export type EmptyBody = Readonly<Record<string, never>>;
export const EMPTY_BODY: EmptyBody = Object.freeze({});

/**
 * §7.2.1 CreateALMTree; the same structure is the value of the ALMTree kind (§12.1).
 * group_id = H(session_key) by the overlay's id generation (§7.2.1, §5).
 */
export interface CreateALMTree {
  /** The peer that creates the tree. */
  readonly peerId: Id;
  readonly sessionKey: Uint8Array;
  readonly groupId: Id;
  readonly options: Dictionary;
}
export type ALMTree = CreateALMTree;

/** §7.2.2 */
export interface CreateALMTreeResponse {
  readonly options: Dictionary;
}

/** §7.2.3 */
export interface Join {
  /** The joining peer. */
  readonly peerId: Id;
  readonly groupId: Id;
  readonly options: Dictionary;
}

/** §7.2.4 */
export interface JoinAccept {
  readonly parentPeerId: Id;
  readonly childPeerId: Id;
  readonly groupId: Id;
  readonly options: Dictionary;
}

/**
 * §7.2.5 defines no JoinReject structure. A plain rejection is a JoinReject with an empty body; a
 * rejection with a reason (Child_Limit_Reached, ...) is a RELOAD ErrorResponse with Error_Exp_A and
 * an ALMErrorResponse (§10.3, error.ts) in place of the JoinReject (PROTOCOL.md §3.2).
 */
export type JoinReject = EmptyBody;

/** §7.2.6 */
export interface JoinConfirm {
  readonly childPeerId: Id;
  readonly parentPeerId: Id;
  readonly groupId: Id;
  readonly options: Dictionary;
}

/** §7.2.7 */
export type JoinConfirmResponse = EmptyBody;

/** §7.2.8: no options. */
export interface JoinDecline {
  /** The joining peer that declines. */
  readonly peerId: Id;
  /** The peer that sent the JoinAccept being declined. */
  readonly parentPeerId: Id;
  readonly groupId: Id;
}

/** §7.2.9; it answers JoinDecline (the RFC's "JoinConfirm" there is a typo). */
export type JoinDeclineResponse = EmptyBody;

/** §7.2.10 */
export interface Leave {
  /** The leaving peer. */
  readonly peerId: Id;
  readonly groupId: Id;
  readonly options: Dictionary;
}

/** §7.2.11 */
export type LeaveResponse = EmptyBody;

/** §7.2.12. Note the order: group_id before peer_id. */
export interface Reform {
  readonly groupId: Id;
  /** A node_id cannot be omitted on the wire: all-zero stands for "omitted", the whole tree. */
  readonly peerId: Id;
  readonly options: Dictionary;
}

/** §7.2.13 */
export interface ReformResponse {
  readonly options: Dictionary;
}

/** §7.2.14 */
export interface Heartbeat {
  readonly peerIdSrc: Id;
  readonly peerIdDst: Id;
  readonly groupId: Id;
  readonly options: Dictionary;
}

/** §7.2.15 */
export type HeartbeatResponse = EmptyBody;

/** §7.2.16: no group_id, no options. */
export interface NodeQuery {
  readonly peerIdSrc: Id;
  readonly peerIdDst: Id;
}

/**
 * §7.2.18. The RFC's `uint32 length` directly before `uint8 data<0..2^32-1>` is data's 4-byte
 * length prefix, encoded once (PROTOCOL.md §3.2): it has no field of its own here.
 */
export interface Push {
  readonly groupId: Id;
  /** 0..255, 255 highest; receivers may ignore it. */
  readonly priority: number;
  readonly data: Uint8Array;
}

/** §7.2.19 */
export interface PushResponse {
  readonly options: Dictionary;
}

const ID = NODE_ID_LENGTH;
const dict = dictionaryFormat;

export const emptyBodyFormat: Format<EmptyBody> = {
  write: () => {},
  read: () => EMPTY_BODY,
  length: () => 0,
};

/** The bodies that are only a Dictionary: CreateALMTreeResponse, ReformResponse, PushResponse. */
const optionsOnlyFormat: Format<{ readonly options: Dictionary }> = {
  write: (w, b) => dict.write(w, b.options),
  read: (r) => ({ options: dict.read(r) }),
  length: (b) => dict.length(b.options),
};

export const createAlmTreeFormat: Format<CreateALMTree> = {
  write(w, b) {
    writeNodeId(w, b.peerId, 'CreateALMTree.peer_id');
    w.opaque(b.sessionKey, 0, MAX32, 'CreateALMTree.session_key');
    writeNodeId(w, b.groupId, 'CreateALMTree.group_id');
    dict.write(w, b.options);
  },
  read: (r) => ({
    peerId: readNodeId(r, 'CreateALMTree.peer_id'),
    sessionKey: r.opaque(0, MAX32, 'CreateALMTree.session_key'),
    groupId: readNodeId(r, 'CreateALMTree.group_id'),
    options: dict.read(r),
  }),
  length: (b) => ID + 4 + b.sessionKey.length + ID + dict.length(b.options),
};

export const createAlmTreeResponseFormat: Format<CreateALMTreeResponse> = optionsOnlyFormat;

export const joinFormat: Format<Join> = {
  write(w, b) {
    writeNodeId(w, b.peerId, 'Join.peer_id');
    writeNodeId(w, b.groupId, 'Join.group_id');
    dict.write(w, b.options);
  },
  read: (r) => ({
    peerId: readNodeId(r, 'Join.peer_id'),
    groupId: readNodeId(r, 'Join.group_id'),
    options: dict.read(r),
  }),
  length: (b) => 2 * ID + dict.length(b.options),
};

export const joinAcceptFormat: Format<JoinAccept> = {
  write(w, b) {
    writeNodeId(w, b.parentPeerId, 'JoinAccept.parent_peer_id');
    writeNodeId(w, b.childPeerId, 'JoinAccept.child_peer_id');
    writeNodeId(w, b.groupId, 'JoinAccept.group_id');
    dict.write(w, b.options);
  },
  read: (r) => ({
    parentPeerId: readNodeId(r, 'JoinAccept.parent_peer_id'),
    childPeerId: readNodeId(r, 'JoinAccept.child_peer_id'),
    groupId: readNodeId(r, 'JoinAccept.group_id'),
    options: dict.read(r),
  }),
  length: (b) => 3 * ID + dict.length(b.options),
};

export const joinRejectFormat: Format<JoinReject> = emptyBodyFormat;

export const joinConfirmFormat: Format<JoinConfirm> = {
  write(w, b) {
    writeNodeId(w, b.childPeerId, 'JoinConfirm.child_peer_id');
    writeNodeId(w, b.parentPeerId, 'JoinConfirm.parent_peer_id');
    writeNodeId(w, b.groupId, 'JoinConfirm.group_id');
    dict.write(w, b.options);
  },
  read: (r) => ({
    childPeerId: readNodeId(r, 'JoinConfirm.child_peer_id'),
    parentPeerId: readNodeId(r, 'JoinConfirm.parent_peer_id'),
    groupId: readNodeId(r, 'JoinConfirm.group_id'),
    options: dict.read(r),
  }),
  length: (b) => 3 * ID + dict.length(b.options),
};

export const joinConfirmResponseFormat: Format<JoinConfirmResponse> = emptyBodyFormat;

export const joinDeclineFormat: Format<JoinDecline> = {
  write(w, b) {
    writeNodeId(w, b.peerId, 'JoinDecline.peer_id');
    writeNodeId(w, b.parentPeerId, 'JoinDecline.parent_peer_id');
    writeNodeId(w, b.groupId, 'JoinDecline.group_id');
  },
  read: (r) => ({
    peerId: readNodeId(r, 'JoinDecline.peer_id'),
    parentPeerId: readNodeId(r, 'JoinDecline.parent_peer_id'),
    groupId: readNodeId(r, 'JoinDecline.group_id'),
  }),
  length: () => 3 * ID,
};

export const joinDeclineResponseFormat: Format<JoinDeclineResponse> = emptyBodyFormat;

export const leaveFormat: Format<Leave> = {
  write(w, b) {
    writeNodeId(w, b.peerId, 'Leave.peer_id');
    writeNodeId(w, b.groupId, 'Leave.group_id');
    dict.write(w, b.options);
  },
  read: (r) => ({
    peerId: readNodeId(r, 'Leave.peer_id'),
    groupId: readNodeId(r, 'Leave.group_id'),
    options: dict.read(r),
  }),
  length: (b) => 2 * ID + dict.length(b.options),
};

export const leaveResponseFormat: Format<LeaveResponse> = emptyBodyFormat;

export const reformFormat: Format<Reform> = {
  write(w, b) {
    writeNodeId(w, b.groupId, 'Reform.group_id');
    writeNodeId(w, b.peerId, 'Reform.peer_id');
    dict.write(w, b.options);
  },
  read: (r) => ({
    groupId: readNodeId(r, 'Reform.group_id'),
    peerId: readNodeId(r, 'Reform.peer_id'),
    options: dict.read(r),
  }),
  length: (b) => 2 * ID + dict.length(b.options),
};

export const reformResponseFormat: Format<ReformResponse> = optionsOnlyFormat;

export const heartbeatFormat: Format<Heartbeat> = {
  write(w, b) {
    writeNodeId(w, b.peerIdSrc, 'Heartbeat.peer_id_src');
    writeNodeId(w, b.peerIdDst, 'Heartbeat.peer_id_dst');
    writeNodeId(w, b.groupId, 'Heartbeat.group_id');
    dict.write(w, b.options);
  },
  read: (r) => ({
    peerIdSrc: readNodeId(r, 'Heartbeat.peer_id_src'),
    peerIdDst: readNodeId(r, 'Heartbeat.peer_id_dst'),
    groupId: readNodeId(r, 'Heartbeat.group_id'),
    options: dict.read(r),
  }),
  length: (b) => 3 * ID + dict.length(b.options),
};

export const heartbeatResponseFormat: Format<HeartbeatResponse> = emptyBodyFormat;

export const nodeQueryFormat: Format<NodeQuery> = {
  write(w, b) {
    writeNodeId(w, b.peerIdSrc, 'NodeQuery.peer_id_src');
    writeNodeId(w, b.peerIdDst, 'NodeQuery.peer_id_dst');
  },
  read: (r) => ({
    peerIdSrc: readNodeId(r, 'NodeQuery.peer_id_src'),
    peerIdDst: readNodeId(r, 'NodeQuery.peer_id_dst'),
  }),
  length: () => 2 * ID,
};

export const pushFormat: Format<Push> = {
  write(w, b) {
    writeNodeId(w, b.groupId, 'Push.group_id');
    w.u8(b.priority, 'Push.priority');
    w.opaque(b.data, 0, MAX32, 'Push.data');
  },
  read: (r) => ({
    groupId: readNodeId(r, 'Push.group_id'),
    priority: r.u8('Push.priority'),
    data: r.opaque(0, MAX32, 'Push.data'),
  }),
  length: (b) => ID + 1 + 4 + b.data.length,
};

export const pushResponseFormat: Format<PushResponse> = optionsOnlyFormat;

export const createAlmTreeCodec = codecOf('CreateALMTree', createAlmTreeFormat);
export const createAlmTreeResponseCodec = codecOf('CreateALMTreeResponse', createAlmTreeResponseFormat);
export const joinCodec = codecOf('Join', joinFormat);
export const joinAcceptCodec = codecOf('JoinAccept', joinAcceptFormat);
export const joinRejectCodec = codecOf('JoinReject', joinRejectFormat);
export const joinConfirmCodec = codecOf('JoinConfirm', joinConfirmFormat);
export const joinConfirmResponseCodec = codecOf('JoinConfirmResponse', joinConfirmResponseFormat);
export const joinDeclineCodec = codecOf('JoinDecline', joinDeclineFormat);
export const joinDeclineResponseCodec = codecOf('JoinDeclineResponse', joinDeclineResponseFormat);
export const leaveCodec = codecOf('Leave', leaveFormat);
export const leaveResponseCodec = codecOf('LeaveResponse', leaveResponseFormat);
export const reformCodec = codecOf('Reform', reformFormat);
export const reformResponseCodec = codecOf('ReformResponse', reformResponseFormat);
export const heartbeatCodec = codecOf('Heartbeat', heartbeatFormat);
export const heartbeatResponseCodec = codecOf('HeartbeatResponse', heartbeatResponseFormat);
export const nodeQueryCodec = codecOf('NodeQuery', nodeQueryFormat);
export const pushCodec = codecOf('Push', pushFormat);
export const pushResponseCodec = codecOf('PushResponse', pushResponseFormat);

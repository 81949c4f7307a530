/**
 * A whole ALM message: the message_body of a RELOAD exp_a_req / exp_a_ans (RFC 7019 §10), that is
 * an ALMHeader (§10.1) followed by ALMMessageContents (§10.2) whose alm_message_body is typed by
 * alm_message_code.
 *
 * An alm_message_code outside the 19 of §14.2 (InvalidMessageCode 0, unassigned, private use) has no
 * body definition, so the decoder throws CodecError('invalid') with field
 * {@link ALM_MESSAGE_CODE_FIELD}; the RELOAD layer can tell it apart from other malformed input and
 * answer Error_Invalid_Message. An unknown alm_algorithm_id is NOT an error here (see alm-header.ts).
 */
import { CodecError, MAX32 } from '../../reload/wire/codec.ts';
import type { Codec, Reader, Writer } from '../../reload/wire/codec.ts';
import { ALM_HEADER_LENGTH, readAlmHeader, writeAlmHeader } from './alm-header.ts';
import { ALM_CONTENTS_OVERHEAD } from './alm-message-contents.ts';
import {
  ALM_CREATE_ALM_TREE,
  ALM_CREATE_ALM_TREE_RESPONSE,
  ALM_HEARTBEAT,
  ALM_HEARTBEAT_RESPONSE,
  ALM_JOIN,
  ALM_JOIN_ACCEPT,
  ALM_JOIN_CONFIRM,
  ALM_JOIN_CONFIRM_RESPONSE,
  ALM_JOIN_DECLINE,
  ALM_JOIN_DECLINE_RESPONSE,
  ALM_JOIN_REJECT,
  ALM_LEAVE,
  ALM_LEAVE_RESPONSE,
  ALM_NODE_QUERY,
  ALM_NODE_QUERY_RESPONSE,
  ALM_PUSH,
  ALM_PUSH_RESPONSE,
  ALM_REFORM,
  ALM_REFORM_RESPONSE,
  almMessageName,
} from './codes.ts';
import type { AlmMessageCode } from './codes.ts';
import {
  createAlmTreeFormat,
  createAlmTreeResponseFormat,
  heartbeatFormat,
  heartbeatResponseFormat,
  joinAcceptFormat,
  joinConfirmFormat,
  joinConfirmResponseFormat,
  joinDeclineFormat,
  joinDeclineResponseFormat,
  joinFormat,
  joinRejectFormat,
  leaveFormat,
  leaveResponseFormat,
  nodeQueryFormat,
  pushFormat,
  pushResponseFormat,
  reformFormat,
  reformResponseFormat,
} from './bodies.ts';
import type {
  CreateALMTree,
  CreateALMTreeResponse,
  Heartbeat,
  HeartbeatResponse,
  Join,
  JoinAccept,
  JoinConfirm,
  JoinConfirmResponse,
  JoinDecline,
  JoinDeclineResponse,
  JoinReject,
  Leave,
  LeaveResponse,
  NodeQuery,
  Push,
  PushResponse,
  Reform,
  ReformResponse,
} from './bodies.ts';
import { codecOf } from './format.ts';
import type { Format } from './format.ts';
import { nodeStatisticsFormat } from './node-statistics.ts';
import type { NodeStatistics } from './node-statistics.ts';

/** The body type of each message code (RFC 7019 §7.2, §14.2). */
export interface AlmBodyByCode {
  [ALM_CREATE_ALM_TREE]: CreateALMTree;
  [ALM_CREATE_ALM_TREE_RESPONSE]: CreateALMTreeResponse;
  [ALM_JOIN]: Join;
  [ALM_JOIN_ACCEPT]: JoinAccept;
  [ALM_JOIN_REJECT]: JoinReject;
  [ALM_JOIN_CONFIRM]: JoinConfirm;
  [ALM_JOIN_CONFIRM_RESPONSE]: JoinConfirmResponse;
  [ALM_JOIN_DECLINE]: JoinDecline;
  [ALM_JOIN_DECLINE_RESPONSE]: JoinDeclineResponse;
  [ALM_LEAVE]: Leave;
  [ALM_LEAVE_RESPONSE]: LeaveResponse;
  [ALM_REFORM]: Reform;
  [ALM_REFORM_RESPONSE]: ReformResponse;
  [ALM_HEARTBEAT]: Heartbeat;
  [ALM_HEARTBEAT_RESPONSE]: HeartbeatResponse;
  [ALM_NODE_QUERY]: NodeQuery;
  [ALM_NODE_QUERY_RESPONSE]: NodeStatistics;
  [ALM_PUSH]: Push;
  [ALM_PUSH_RESPONSE]: PushResponse;
}

export type AlmBody = AlmBodyByCode[AlmMessageCode];

/** An ALM message with code C. */
export interface AlmMessageOf<C extends AlmMessageCode> {
  /** alm_algorithm_id of the ALMHeader; any uint16 (§14.1). */
  readonly algorithmId: number;
  readonly code: C;
  readonly body: AlmBodyByCode[C];
}

/** Discriminated on `code`. */
export type AlmMessage = { [C in AlmMessageCode]: AlmMessageOf<C> }[AlmMessageCode];

export function almMessage<C extends AlmMessageCode>(algorithmId: number, code: C, body: AlmBodyByCode[C]): AlmMessageOf<C> {
  return { algorithmId, code, body };
}

/** CodecError.field of the error thrown for an alm_message_code that has no body definition. */
export const ALM_MESSAGE_CODE_FIELD = 'ALMMessageContents.alm_message_code';
const BODY_FIELD = 'ALMMessageContents.alm_message_body';

const FORMATS: { readonly [C in AlmMessageCode]: Format<AlmBodyByCode[C]> } = {
  [ALM_CREATE_ALM_TREE]: createAlmTreeFormat,
  [ALM_CREATE_ALM_TREE_RESPONSE]: createAlmTreeResponseFormat,
  [ALM_JOIN]: joinFormat,
  [ALM_JOIN_ACCEPT]: joinAcceptFormat,
  [ALM_JOIN_REJECT]: joinRejectFormat,
  [ALM_JOIN_CONFIRM]: joinConfirmFormat,
  [ALM_JOIN_CONFIRM_RESPONSE]: joinConfirmResponseFormat,
  [ALM_JOIN_DECLINE]: joinDeclineFormat,
  [ALM_JOIN_DECLINE_RESPONSE]: joinDeclineResponseFormat,
  [ALM_LEAVE]: leaveFormat,
  [ALM_LEAVE_RESPONSE]: leaveResponseFormat,
  [ALM_REFORM]: reformFormat,
  [ALM_REFORM_RESPONSE]: reformResponseFormat,
  [ALM_HEARTBEAT]: heartbeatFormat,
  [ALM_HEARTBEAT_RESPONSE]: heartbeatResponseFormat,
  [ALM_NODE_QUERY]: nodeQueryFormat,
  [ALM_NODE_QUERY_RESPONSE]: nodeStatisticsFormat,
  [ALM_PUSH]: pushFormat,
  [ALM_PUSH_RESPONSE]: pushResponseFormat,
};

/** Indexed by code, so that a lookup on every send is one array load. */
const FORMAT_BY_CODE: readonly (Format<AlmBody> | undefined)[] = (() => {
  const a: (Format<AlmBody> | undefined)[] = [undefined];
  for (const [code, f] of Object.entries(FORMATS)) a[Number(code)] = f as Format<AlmBody>;
  return a;
})();

/** The body format of a message code. */
export function almBodyFormat<C extends AlmMessageCode>(code: C): Format<AlmBodyByCode[C]> {
  return FORMATS[code];
}

function formatOf(code: number, offset?: number): Format<AlmBody> {
  const f = Number.isInteger(code) ? FORMAT_BY_CODE[code] : undefined;
  if (f === undefined) {
    throw new CodecError('invalid', ALM_MESSAGE_CODE_FIELD, `${almMessageName(code)} has no message body definition`, offset);
  }
  return f;
}

export function writeAlmMessage(w: Writer, m: AlmMessage): void {
  const f = formatOf(m.code);
  writeAlmHeader(w, m.algorithmId);
  w.u16(m.code, ALM_MESSAGE_CODE_FIELD);
  const mark = w.beginVector(MAX32);
  f.write(w, m.body);
  w.endVector(mark, 0, MAX32, BODY_FIELD);
}

/** Reads one message; the body must fill alm_message_body exactly. */
export function readAlmMessage(r: Reader): AlmMessage {
  const algorithmId = readAlmHeader(r);
  const codeAt = r.offset;
  const code = r.u16(ALM_MESSAGE_CODE_FIELD);
  const f = formatOf(code, codeAt);
  const v = r.vector(0, MAX32, BODY_FIELD);
  const body = f.read(v);
  if (v.remaining !== 0) v.expectEnd(`${almMessageName(code)} body`);
  return { algorithmId, code, body } as AlmMessage;
}

/** Bytes of the whole message body of the RELOAD exp_a message; allocates nothing. */
export function almMessageEncodedLength(m: AlmMessage): number {
  return ALM_HEADER_LENGTH + ALM_CONTENTS_OVERHEAD + formatOf(m.code).length(m.body);
}

export const almMessageFormat: Format<AlmMessage> = {
  write: writeAlmMessage,
  read: readAlmMessage,
  length: almMessageEncodedLength,
};

/** The exp_a_req / exp_a_ans message_body codec for the RELOAD layer. */
export const almMessageCodec: Codec<AlmMessage> = codecOf('ALMMessage', almMessageFormat);

export function encodeAlmMessage(m: AlmMessage): Uint8Array {
  return almMessageCodec.encode(m);
}

export function decodeAlmMessage(bytes: Uint8Array): AlmMessage {
  return almMessageCodec.decode(bytes);
}

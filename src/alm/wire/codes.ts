/**
 * Code points of the ALM Usage (RFC 7019 §10, §12.1, §14) and the RELOAD code points it rides on.
 */
import { ErrorCode, MessageCode } from '../../reload/wire/codes.ts';

/** ALMHeader.sam_token: "SAMB" with the high bit of the first byte set (RFC 7019 §10.1). */
export const SAM_TOKEN = 0xd3414d42;
/** ALMHeader.version: protocol version 1.0 as a fixed-point byte (RFC 7019 §10.1). */
export const ALM_VERSION = 0x0a;
/** Kind-ID of the ALMTree kind, private-use range of RFC 6940 §14.6 (RFC 7019 §12.1). */
export const ALMTREE_KIND_ID = 0xf0000001;

// RELOAD code points the ALM Usage is carried in (RFC 6940 §14.8, §14.9), named for this layer.
/** RELOAD message_code of every ALM request (RFC 7019 §10). */
export const RELOAD_EXP_A_REQ = MessageCode.ExpAReq;
/** RELOAD message_code of every ALM answer (RFC 7019 §10). */
export const RELOAD_EXP_A_ANS = MessageCode.ExpAAns;
/** RELOAD ErrorResponse.error_code that carries an ALMErrorResponse (RFC 7019 §10.3). */
export const RELOAD_ERROR_EXP_A = ErrorCode.ExpA;

// ALM algorithm ids (RFC 7019 §14.1). alm_algorithm_id is a uint16, but TreeData.algorithm and
// NodeStatistics.algorithms_supported hold one byte per id (§7.2.17), so ids above 0xFF (all of the
// private-use range) cannot be reported in a NodeQueryResponse.
export const ALM_ALG_INVALID = 0x0000;
export const ALM_ALG_SCRIBE_SAM = 0x0001;
export const ALM_ALG_P2PCAST_SAM = 0x0002;
export const ALM_ALG_PRIVATE_USE_MIN = 0x8000;
export const ALM_ALG_PRIVATE_USE_MAX = 0xffff;

const ALGORITHM_NAMES: ReadonlyMap<number, string> = new Map([
  [ALM_ALG_INVALID, 'INVALID-ALG'],
  [ALM_ALG_SCRIBE_SAM, 'SCRIBE-SAM'],
  [ALM_ALG_P2PCAST_SAM, 'P2PCAST-SAM'],
]);

/** The registry name of an algorithm id, "private-use(0x8001)" or "unassigned(0x0003)". */
export function almAlgorithmName(id: number): string {
  const name = ALGORITHM_NAMES.get(id);
  if (name !== undefined) return name;
  return `${id >= ALM_ALG_PRIVATE_USE_MIN ? 'private-use' : 'unassigned'}(${hex16(id)})`;
}

// ALM message codes (RFC 7019 §14.2).
export const ALM_INVALID_MESSAGE_CODE = 0x0000;
export const ALM_CREATE_ALM_TREE = 0x0001;
export const ALM_CREATE_ALM_TREE_RESPONSE = 0x0002;
export const ALM_JOIN = 0x0003;
export const ALM_JOIN_ACCEPT = 0x0004;
export const ALM_JOIN_REJECT = 0x0005;
export const ALM_JOIN_CONFIRM = 0x0006;
export const ALM_JOIN_CONFIRM_RESPONSE = 0x0007;
export const ALM_JOIN_DECLINE = 0x0008;
export const ALM_JOIN_DECLINE_RESPONSE = 0x0009;
export const ALM_LEAVE = 0x000a;
export const ALM_LEAVE_RESPONSE = 0x000b;
export const ALM_REFORM = 0x000c;
export const ALM_REFORM_RESPONSE = 0x000d;
export const ALM_HEARTBEAT = 0x000e;
export const ALM_HEARTBEAT_RESPONSE = 0x000f;
export const ALM_NODE_QUERY = 0x0010;
export const ALM_NODE_QUERY_RESPONSE = 0x0011;
export const ALM_PUSH = 0x0012;
export const ALM_PUSH_RESPONSE = 0x0013;

export type AlmRequestCode =
  | typeof ALM_CREATE_ALM_TREE
  | typeof ALM_JOIN
  | typeof ALM_JOIN_CONFIRM
  | typeof ALM_JOIN_DECLINE
  | typeof ALM_LEAVE
  | typeof ALM_REFORM
  | typeof ALM_HEARTBEAT
  | typeof ALM_NODE_QUERY
  | typeof ALM_PUSH;

export type AlmAnswerCode =
  | typeof ALM_CREATE_ALM_TREE_RESPONSE
  | typeof ALM_JOIN_ACCEPT
  | typeof ALM_JOIN_REJECT
  | typeof ALM_JOIN_CONFIRM_RESPONSE
  | typeof ALM_JOIN_DECLINE_RESPONSE
  | typeof ALM_LEAVE_RESPONSE
  | typeof ALM_REFORM_RESPONSE
  | typeof ALM_HEARTBEAT_RESPONSE
  | typeof ALM_NODE_QUERY_RESPONSE
  | typeof ALM_PUSH_RESPONSE;

/** The 19 message codes that have a body; InvalidMessageCode (0) is not one of them. */
export type AlmMessageCode = AlmRequestCode | AlmAnswerCode;

/** Registry names, indexed by code (RFC 7019 §14.2). */
const MESSAGE_NAMES: readonly string[] = [
  'InvalidMessageCode',
  'CreateALMTree',
  'CreateALMTreeResponse',
  'Join',
  'JoinAccept',
  'JoinReject',
  'JoinConfirm',
  'JoinConfirmResponse',
  'JoinDecline',
  'JoinDeclineResponse',
  'Leave',
  'LeaveResponse',
  'Reform',
  'ReformResponse',
  'Heartbeat',
  'HeartbeatResponse',
  'NodeQuery',
  'NodeQueryResponse',
  'Push',
  'PushResponse',
];

/**
 * Request -> its successful answer. Join has two answers (JoinAccept, JoinReject: §7.2.3); the map
 * gives JoinAccept. JoinDecline is answered by JoinDeclineResponse, not by what §7.2.9's typo says.
 */
const ANSWER_OF: ReadonlyMap<AlmRequestCode, AlmAnswerCode> = new Map<AlmRequestCode, AlmAnswerCode>([
  [ALM_CREATE_ALM_TREE, ALM_CREATE_ALM_TREE_RESPONSE],
  [ALM_JOIN, ALM_JOIN_ACCEPT],
  [ALM_JOIN_CONFIRM, ALM_JOIN_CONFIRM_RESPONSE],
  [ALM_JOIN_DECLINE, ALM_JOIN_DECLINE_RESPONSE],
  [ALM_LEAVE, ALM_LEAVE_RESPONSE],
  [ALM_REFORM, ALM_REFORM_RESPONSE],
  [ALM_HEARTBEAT, ALM_HEARTBEAT_RESPONSE],
  [ALM_NODE_QUERY, ALM_NODE_QUERY_RESPONSE],
  [ALM_PUSH, ALM_PUSH_RESPONSE],
]);

const REQUEST_OF: ReadonlyMap<AlmAnswerCode, AlmRequestCode> = new Map<AlmAnswerCode, AlmRequestCode>([
  ...[...ANSWER_OF].map(([req, ans]): [AlmAnswerCode, AlmRequestCode] => [ans, req]),
  [ALM_JOIN_REJECT, ALM_JOIN],
]);

/** True for the 19 codes of RFC 7019 §14.2 other than InvalidMessageCode. */
export function isAlmMessageCode(code: number): code is AlmMessageCode {
  return Number.isInteger(code) && code >= ALM_CREATE_ALM_TREE && code <= ALM_PUSH_RESPONSE;
}

/** Requests travel in exp_a_req (RFC 7019 §10, Figure 5). */
export function isAlmRequestCode(code: number): code is AlmRequestCode {
  return ANSWER_OF.has(code as AlmRequestCode);
}

/** Answers travel in exp_a_ans (RFC 7019 §10, Figure 5). */
export function isAlmAnswerCode(code: number): code is AlmAnswerCode {
  return REQUEST_OF.has(code as AlmAnswerCode);
}

/** The successful answer to a request (Join -> JoinAccept). */
export function almAnswerCode(request: AlmRequestCode): AlmAnswerCode {
  return ANSWER_OF.get(request)!;
}

/** The request an answer answers (JoinAccept and JoinReject -> Join). */
export function almRequestCode(answer: AlmAnswerCode): AlmRequestCode {
  return REQUEST_OF.get(answer)!;
}

/** True if `answer` is a valid answer to `request` (Join accepts JoinAccept and JoinReject). */
export function isAlmAnswerTo(answer: number, request: number): boolean {
  return REQUEST_OF.get(answer as AlmAnswerCode) === request;
}

/** The RELOAD message_code carrying an ALM message (RFC 7019 §10, Figure 5). */
export function reloadMessageCodeOf(code: AlmMessageCode): typeof RELOAD_EXP_A_REQ | typeof RELOAD_EXP_A_ANS {
  return isAlmRequestCode(code) ? RELOAD_EXP_A_REQ : RELOAD_EXP_A_ANS;
}

/** The registry name of a message code, or "private-use(0x8000)" / "unassigned(0x0014)". */
export function almMessageName(code: number): string {
  const name = Number.isInteger(code) && code >= 0 ? MESSAGE_NAMES[code] : undefined;
  if (name !== undefined) return name;
  return `${code >= 0x8000 ? 'private-use' : 'unassigned'}(${hex16(code)})`;
}

// ALM error codes, carried in ALMErrorResponse.alm_error_code (RFC 7019 §10.3, §14.3).
export const ALM_ERROR_INVALID = 0x0000;
export const ALM_ERROR_UNKNOWN_ALGORITHM = 0x0001;
export const ALM_ERROR_CHILD_LIMIT_REACHED = 0x0002;
export const ALM_ERROR_NODE_BANDWIDTH_REACHED = 0x0003;
export const ALM_ERROR_NODE_CONN_LIMIT_REACHED = 0x0004;
export const ALM_ERROR_LINK_CAP_LIMIT_REACHED = 0x0005;
export const ALM_ERROR_NODE_MEM_LIMIT_REACHED = 0x0006;
export const ALM_ERROR_NODE_CPU_CAP_LIMIT_REACHED = 0x0007;
export const ALM_ERROR_PATH_LIMIT_REACHED = 0x0008;
export const ALM_ERROR_PATH_DELAY_LIMIT_REACHED = 0x0009;
export const ALM_ERROR_TREE_FANOUT_LIMIT_REACHED = 0x000a;
export const ALM_ERROR_TREE_DEPTH_LIMIT_REACHED = 0x000b;
export const ALM_ERROR_OTHER = 0x000c;

const ERROR_NAMES: readonly string[] = [
  'InvalidErrorCode',
  'Error_Unknown_Algorithm',
  'Error_Child_Limit_Reached',
  'Error_Node_Bandwidth_Reached',
  'Error_Node_Conn_Limit_Reached',
  'Error_Link_Cap_Limit_Reached',
  'Error_Node_Mem_Limit_Reached',
  'Error_Node_CPU_Cap_Limit_Reached',
  'Error_Path_Limit_Reached',
  'Error_Path_Delay_Limit_Reached',
  'Error_Tree_Fanout_Limit_Reached',
  'Error_Tree_Depth_Limit_Reached',
  'Error_Other',
];

/** The registry name of an ALM error code, or "private-use(0x8000)" / "unassigned(0x000D)". */
export function almErrorName(code: number): string {
  const name = Number.isInteger(code) && code >= 0 ? ERROR_NAMES[code] : undefined;
  if (name !== undefined) return name;
  return `${code >= 0x8000 ? 'private-use' : 'unassigned'}(${hex16(code)})`;
}

function hex16(v: number): string {
  return `0x${v.toString(16).toUpperCase().padStart(4, '0')}`;
}

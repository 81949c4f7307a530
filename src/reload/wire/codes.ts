/**
 * RELOAD code points: message codes (RFC 6940 §14.8), error codes (§14.9), and the enumerations of
 * the wire structures, with name lookups for logs and traces.
 */

/** `relo_token` (§6.3.2): "RELO" with the high bit of the first byte set. */
export const RELO_TOKEN = 0xd2454c4f;
/** `version` (§6.3.2): RELOAD 1.0 times ten. */
export const RELOAD_VERSION = 0x0a;
/** Recommended initial TTL (§6.3.2, `initial-ttl` default in the configuration, §11.1). */
export const DEFAULT_INITIAL_TTL = 100;
/** `fragment` (§6.3.2): high bit always set; the next bit marks the last (or only) fragment. */
export const FRAGMENT_HIGH_BIT = 0x80000000;
export const FRAGMENT_LAST = 0x40000000;
/** An unfragmented message: high bit and last-fragment bit set, offset 0. */
export const FRAGMENT_UNFRAGMENTED = 0xc0000000;

/** Message codes (§14.8). Requests are odd, an answer is its request + 1. */
export const MessageCode = {
  ProbeReq: 0x01,
  ProbeAns: 0x02,
  AttachReq: 0x03,
  AttachAns: 0x04,
  StoreReq: 0x07,
  StoreAns: 0x08,
  FetchReq: 0x09,
  FetchAns: 0x0a,
  FindReq: 0x0d,
  FindAns: 0x0e,
  JoinReq: 0x0f,
  JoinAns: 0x10,
  LeaveReq: 0x11,
  LeaveAns: 0x12,
  UpdateReq: 0x13,
  UpdateAns: 0x14,
  RouteQueryReq: 0x15,
  RouteQueryAns: 0x16,
  PingReq: 0x17,
  PingAns: 0x18,
  StatReq: 0x19,
  StatAns: 0x1a,
  AppAttachReq: 0x1d,
  AppAttachAns: 0x1e,
  ConfigUpdateReq: 0x21,
  ConfigUpdateAns: 0x22,
  ExpAReq: 0x23,
  ExpAAns: 0x24,
  ExpBReq: 0x25,
  ExpBAns: 0x26,
  Error: 0xffff,
} as const;
export type MessageCodeValue = (typeof MessageCode)[keyof typeof MessageCode];

const MESSAGE_CODE_NAMES: ReadonlyMap<number, string> = new Map([
  [0x01, 'probe_req'], [0x02, 'probe_ans'],
  [0x03, 'attach_req'], [0x04, 'attach_ans'],
  [0x07, 'store_req'], [0x08, 'store_ans'],
  [0x09, 'fetch_req'], [0x0a, 'fetch_ans'],
  [0x0d, 'find_req'], [0x0e, 'find_ans'],
  [0x0f, 'join_req'], [0x10, 'join_ans'],
  [0x11, 'leave_req'], [0x12, 'leave_ans'],
  [0x13, 'update_req'], [0x14, 'update_ans'],
  [0x15, 'route_query_req'], [0x16, 'route_query_ans'],
  [0x17, 'ping_req'], [0x18, 'ping_ans'],
  [0x19, 'stat_req'], [0x1a, 'stat_ans'],
  [0x1d, 'app_attach_req'], [0x1e, 'app_attach_ans'],
  [0x21, 'config_update_req'], [0x22, 'config_update_ans'],
  [0x23, 'exp_a_req'], [0x24, 'exp_a_ans'],
  [0x25, 'exp_b_req'], [0x26, 'exp_b_ans'],
  [0xffff, 'error'],
]);

/** The §14.8 registry name of a message code, e.g. "update_req", or "unknown(0x0005)". */
export function messageCodeName(code: number): string {
  return MESSAGE_CODE_NAMES.get(code) ?? `unknown(${hex16(code)})`;
}

/** Requests are odd; Error (0xFFFF) is odd too but is an answer (§6.3.3). */
export function isRequestCode(code: number): boolean {
  return (code & 1) === 1 && code !== MessageCode.Error;
}

/** The answer code of a request code (§6.3.3: request + 1). */
export function answerCode(requestCode: number): number {
  return requestCode + 1;
}

/** Error codes (§14.9). */
export const ErrorCode = {
  Forbidden: 0x02,
  NotFound: 0x03,
  RequestTimeout: 0x04,
  GenerationCounterTooLow: 0x05,
  IncompatibleWithOverlay: 0x06,
  UnsupportedForwardingOption: 0x07,
  DataTooLarge: 0x08,
  DataTooOld: 0x09,
  TtlExceeded: 0x0a,
  MessageTooLarge: 0x0b,
  UnknownKind: 0x0c,
  UnknownExtension: 0x0d,
  ResponseTooLarge: 0x0e,
  ConfigTooOld: 0x0f,
  ConfigTooNew: 0x10,
  InProgress: 0x11,
  ExpA: 0x12,
  ExpB: 0x13,
  InvalidMessage: 0x14,
} as const;
export type ErrorCodeValue = (typeof ErrorCode)[keyof typeof ErrorCode];

const ERROR_CODE_NAMES: ReadonlyMap<number, string> = new Map([
  [0x00, 'invalid'],
  [0x01, 'Unused'],
  [0x02, 'Error_Forbidden'],
  [0x03, 'Error_Not_Found'],
  [0x04, 'Error_Request_Timeout'],
  [0x05, 'Error_Generation_Counter_Too_Low'],
  [0x06, 'Error_Incompatible_with_Overlay'],
  [0x07, 'Error_Unsupported_Forwarding_Option'],
  [0x08, 'Error_Data_Too_Large'],
  [0x09, 'Error_Data_Too_Old'],
  [0x0a, 'Error_TTL_Exceeded'],
  [0x0b, 'Error_Message_Too_Large'],
  [0x0c, 'Error_Unknown_Kind'],
  [0x0d, 'Error_Unknown_Extension'],
  [0x0e, 'Error_Response_Too_Large'],
  [0x0f, 'Error_Config_Too_Old'],
  [0x10, 'Error_Config_Too_New'],
  [0x11, 'Error_In_Progress'],
  [0x12, 'Error_Exp_A'],
  [0x13, 'Error_Exp_B'],
  [0x14, 'Error_Invalid_Message'],
]);

/** The §14.9 registry name of an error code, e.g. "Error_Not_Found", or "unknown(0x0015)". */
export function errorCodeName(code: number): string {
  return ERROR_CODE_NAMES.get(code) ?? `unknown(${hex16(code)})`;
}

/** DestinationType (§6.3.2.2). A first byte with the top bit set starts a 2-byte compressed id. */
export const DestinationType = { node: 1, resource: 2, opaqueIdType: 3 } as const;

/** ForwardingOption flags (§6.3.2.3). */
export const ForwardingFlag = { forwardCritical: 0x01, destinationCritical: 0x02, responseCopy: 0x04 } as const;

/** ForwardingOptionType (§6.3.2.3, §14.10): only invalid(0) is defined by RFC 6940. */
export const FORWARDING_OPTION_INVALID = 0;

/** MessageExtensionType (§6.3.3, §14.14): only invalid(0) is defined by RFC 6940. */
export const MESSAGE_EXTENSION_INVALID = 0;

/** TLS HashAlgorithm / SignatureAlgorithm values used by the modelled signatures (RFC 5246 §7.4.1.4.1). */
export const HashAlgorithm = { none: 0, md5: 1, sha1: 2, sha224: 3, sha256: 4, sha384: 5, sha512: 6 } as const;
export const SignatureAlgorithm = { anonymous: 0, rsa: 1, dsa: 2, ecdsa: 3 } as const;

export function hex16(v: number): string {
  return `0x${v.toString(16).padStart(4, '0')}`;
}

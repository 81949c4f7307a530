/**
 * RELOAD wire codecs (RFC 6940 §6.3 and the method bodies of §6.4, §6.5, §7.4, §10). Every type has
 * a codec with `encode`, `decode` and an allocation-free `encodedLength`; decoders throw only
 * CodecError.
 */
export { CodecError, Reader, Writer, makeCodec, prefixBytes, MAX8, MAX16, MAX24, MAX32 } from './codec.ts';
export type { Codec, CodecErrorKind } from './codec.ts';
export { wireCodec, isWireCodec, emptyBodyCodec, EMPTY_BODY } from './wire-codec.ts';
export type { WireCodec, EmptyBody } from './wire-codec.ts';
export * from './codes.ts';
export {
  NODE_ID_LENGTH,
  RESOURCE_ID_LENGTH,
  RESOURCE_ID_MAX,
  readBoolean,
  writeBoolean,
  readNodeId,
  writeNodeId,
  readNodeIdList,
  writeNodeIdList,
  nodeIdListLength,
  readResourceId,
  writeResourceId,
  readVector,
  writeVector,
  vectorLength,
} from './fields.ts';
export { nodeIdCodec, resourceIdCodec, rawResourceIdCodec } from './ids.ts';
export { destinationCodec, destinationLength, nodeDestination, resourceDestination, OPAQUE_ID_MAX } from './destination.ts';
export type { Destination } from './destination.ts';
export {
  forwardingHeaderCodec,
  forwardingHeaderLength,
  peekForwardingHeader,
  FORWARDING_HEADER_FIXED_LENGTH,
  FORWARDING_HEADER_LENGTH_OFFSET,
} from './forwarding-header.ts';
export type { ForwardingHeader, ForwardingHeaderWithLength, ForwardingOption } from './forwarding-header.ts';
export { createMessageContentsCodec, expACarrier, bodyEntry } from './message-contents.ts';
export type { BodyTable, MessageContents, MessageContentsCodec, MessageContentsCodecInit, MessageExtension } from './message-contents.ts';
export { errorResponseCodec } from './error-response.ts';
export type { ErrorResponse } from './error-response.ts';
export {
  securityBlockCodec,
  signatureCodec,
  securityBlockLength,
  signatureLength,
  modelSecurityBlock,
  modelSignature,
  DEFAULT_CERTIFICATE_BYTES,
  DEFAULT_SIGNATURE_BYTES,
} from './security-block.ts';
export type { GenericCertificate, SecurityBlock, SecurityModelSettings, Signature, SignatureAndHashAlgorithm, SignerIdentity } from './security-block.ts';
export { joinReqCodec, joinAnsCodec } from './bodies/join.ts';
export type { JoinReq, JoinAns } from './bodies/join.ts';
export { leaveReqCodec, chordLeaveDataCodec } from './bodies/leave.ts';
export type { LeaveReq, ChordLeaveData } from './bodies/leave.ts';
export { chordUpdateCodec } from './bodies/update.ts';
export type { ChordUpdate } from './bodies/update.ts';
export { routeQueryReqCodec, chordRouteQueryAnsCodec } from './bodies/route-query.ts';
export type { RouteQueryReq, ChordRouteQueryAns } from './bodies/route-query.ts';
export { pingReqCodec, pingAnsCodec } from './bodies/ping.ts';
export type { PingReq, PingAns } from './bodies/ping.ts';
export { probeReqCodec, probeAnsCodec } from './bodies/probe.ts';
export type { ProbeReq, ProbeAns, ProbeInformation, ProbeInformationType } from './bodies/probe.ts';
export { iceCandidateCodec } from './bodies/ice-candidate.ts';
export type { IceCandidate, IceExtension, IpAddressPort, OverlayLinkType } from './bodies/ice-candidate.ts';
export { attachReqAnsCodec } from './bodies/attach.ts';
export type { AttachReqAns } from './bodies/attach.ts';
export { appAttachCodec } from './bodies/app-attach.ts';
export type { AppAttach, AppAttachReq, AppAttachAns } from './bodies/app-attach.ts';
export { storedDataCodec, storedDataLength, UnknownKindError } from './bodies/stored-data.ts';
export type { DataModel, DataModelLookup, DataValue, StoredData, StoredDataValue } from './bodies/stored-data.ts';
export { createStoreReqCodec, storeAnsCodec } from './bodies/store.ts';
export type { StorageCodecInit, StoreReq, StoreAns, StoreKindData, StoreKindResponse } from './bodies/store.ts';
export { createFetchReqCodec, createFetchAnsCodec } from './bodies/fetch.ts';
export type { ArrayRange, FetchReq, FetchAns, FetchKindResponse, StoredDataSpecifier } from './bodies/fetch.ts';
export { defaultReloadBodies, bodyOf } from './default-bodies.ts';
export type { ReloadBodies, ReloadBodyCode } from './default-bodies.ts';
export { createMessageCodec } from './message.ts';
export type { ReloadMessage, ReloadMessageCodec, ReloadMessageCodecInit } from './message.ts';

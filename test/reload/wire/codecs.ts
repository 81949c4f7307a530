/**
 * Every codec under test with the arbitrary of its values, shared by the round-trip and fuzz tests.
 */
import type fc from 'fast-check';
import * as A from './arbitraries.ts';
import type { Codec } from '../../../src/reload/wire/index.ts';
import {
  appAttachCodec,
  attachReqAnsCodec,
  chordLeaveDataCodec,
  chordRouteQueryAnsCodec,
  chordUpdateCodec,
  createFetchAnsCodec,
  createFetchReqCodec,
  createMessageCodec,
  createMessageContentsCodec,
  createStoreReqCodec,
  defaultReloadBodies,
  destinationCodec,
  emptyBodyCodec,
  errorResponseCodec,
  EMPTY_BODY,
  forwardingHeaderCodec,
  iceCandidateCodec,
  joinAnsCodec,
  joinReqCodec,
  leaveReqCodec,
  nodeIdCodec,
  pingAnsCodec,
  pingReqCodec,
  probeAnsCodec,
  probeReqCodec,
  rawResourceIdCodec,
  resourceIdCodec,
  routeQueryReqCodec,
  securityBlockCodec,
  signatureCodec,
  storeAnsCodec,
  storedDataCodec,
} from '../../../src/reload/wire/index.ts';
import fcm from 'fast-check';

export interface CodecCase {
  readonly name: string;
  readonly codec: Codec<unknown>;
  readonly arb: fc.Arbitrary<unknown>;
}

const storage = { dataModelOf: A.testDataModelOf };
export const testBodies = defaultReloadBodies(storage);
export const testMessageCodec = createMessageCodec({ bodies: testBodies });
export const testContentsCodec = createMessageContentsCodec({ bodies: testBodies });

function c<T>(name: string, codec: Codec<T>, arb: fc.Arbitrary<T>): CodecCase {
  return { name, codec: codec as Codec<unknown>, arb: arb as fc.Arbitrary<unknown> };
}

export const CODEC_CASES: readonly CodecCase[] = [
  c('NodeId', nodeIdCodec, A.arbId),
  c('ResourceId', resourceIdCodec, A.arbId),
  c('ResourceId (raw)', rawResourceIdCodec, fcm.uint8Array({ maxLength: 254 })),
  c('Destination', destinationCodec, A.arbDestination),
  c('ForwardingHeader', forwardingHeaderCodec, A.arbForwardingHeaderWithLength),
  c('MessageContents', testContentsCodec, A.arbMessageContents),
  c('ErrorResponse', errorResponseCodec, A.arbErrorResponse),
  c('Signature', signatureCodec, A.arbSignature),
  c('SecurityBlock', securityBlockCodec, A.arbSecurityBlock),
  c('JoinReq', joinReqCodec, A.arbJoinReq),
  c('JoinAns', joinAnsCodec, A.arbJoinAns),
  c('LeaveReq', leaveReqCodec, A.arbLeaveReq),
  c('ChordLeaveData', chordLeaveDataCodec, A.arbChordLeaveData),
  c('ChordUpdate (UpdateReq)', chordUpdateCodec, A.arbChordUpdate),
  c('EmptyBody (UpdateAns, LeaveAns)', emptyBodyCodec, fcm.constant(EMPTY_BODY)),
  c('RouteQueryReq', routeQueryReqCodec, A.arbRouteQueryReq),
  c('ChordRouteQueryAns', chordRouteQueryAnsCodec, A.arbChordRouteQueryAns),
  c('PingReq', pingReqCodec, A.arbPingReq),
  c('PingAns', pingAnsCodec, A.arbPingAns),
  c('ProbeReq', probeReqCodec, A.arbProbeReq),
  c('ProbeAns', probeAnsCodec, A.arbProbeAns),
  c('IceCandidate', iceCandidateCodec, A.arbIceCandidate),
  c('AttachReqAns', attachReqAnsCodec, A.arbAttachReqAns),
  c('AppAttachReq/Ans', appAttachCodec, A.arbAppAttach),
  c('StoredData (single)', storedDataCodec('single'), A.arbStoredData('single')),
  c('StoredData (array)', storedDataCodec('array'), A.arbStoredData('array')),
  c('StoredData (dictionary)', storedDataCodec('dictionary'), A.arbStoredData('dictionary')),
  c('StoreReq', createStoreReqCodec(storage), A.arbStoreReq),
  c('StoreAns', storeAnsCodec, A.arbStoreAns),
  c('FetchReq', createFetchReqCodec(storage), A.arbFetchReq),
  c('FetchAns', createFetchAnsCodec(storage), A.arbFetchAns),
  c('ReloadMessage', testMessageCodec, A.arbReloadMessage),
];

/** Every ALM wire codec with an arbitrary of values that round-trip exactly; shared by the tests. */
import type fc from 'fast-check';
import type { Codec } from '../../../src/reload/wire/codec.ts';
import {
  almErrorResponseCodec,
  almHeaderCodec,
  almMessageCodec,
  almMessageContentsCodec,
  createAlmTreeCodec,
  createAlmTreeResponseCodec,
  dictionaryCodec,
  heartbeatCodec,
  heartbeatResponseCodec,
  implementationInfoCodec,
  joinAcceptCodec,
  joinCodec,
  joinConfirmCodec,
  joinConfirmResponseCodec,
  joinDeclineCodec,
  joinDeclineResponseCodec,
  joinRejectCodec,
  leaveCodec,
  leaveResponseCodec,
  nodeQueryCodec,
  nodeStatisticsCodec,
  pushCodec,
  pushResponseCodec,
  reformCodec,
  reformResponseCodec,
  treeDataCodec,
} from '../../../src/alm/wire/index.ts';
import * as A from './arbitraries.ts';
import fcRuntime from 'fast-check';

export interface CodecCase {
  readonly name: string;
  readonly codec: Codec<unknown>;
  readonly arb: fc.Arbitrary<unknown>;
}

const c = <T>(name: string, codec: Codec<T>, arb: fc.Arbitrary<T>): CodecCase => ({
  name,
  codec: codec as Codec<unknown>,
  arb: arb as fc.Arbitrary<unknown>,
});

/** The 19 message bodies of RFC 7019 §7.2, in code order. */
export const MESSAGE_CASES: readonly CodecCase[] = [
  c('CreateALMTree', createAlmTreeCodec, A.createAlmTreeArb),
  c('CreateALMTreeResponse', createAlmTreeResponseCodec, A.optionsOnlyArb),
  c('Join', joinCodec, A.joinArb),
  c('JoinAccept', joinAcceptCodec, A.joinAcceptArb),
  c('JoinReject', joinRejectCodec, A.emptyBodyArb),
  c('JoinConfirm', joinConfirmCodec, A.joinConfirmArb),
  c('JoinConfirmResponse', joinConfirmResponseCodec, A.emptyBodyArb),
  c('JoinDecline', joinDeclineCodec, A.joinDeclineArb),
  c('JoinDeclineResponse', joinDeclineResponseCodec, A.emptyBodyArb),
  c('Leave', leaveCodec, A.leaveArb),
  c('LeaveResponse', leaveResponseCodec, A.emptyBodyArb),
  c('Reform', reformCodec, A.reformArb),
  c('ReformResponse', reformResponseCodec, A.optionsOnlyArb),
  c('Heartbeat', heartbeatCodec, A.heartbeatArb),
  c('HeartbeatResponse', heartbeatResponseCodec, A.emptyBodyArb),
  c('NodeQuery', nodeQueryCodec, A.nodeQueryArb),
  c('NodeQueryResponse', nodeStatisticsCodec, A.nodeStatisticsArb),
  c('Push', pushCodec, A.pushArb),
  c('PushResponse', pushResponseCodec, A.optionsOnlyArb),
];

/** The structures the bodies are built from, and the framing. */
export const STRUCTURE_CASES: readonly CodecCase[] = [
  c('Dictionary', dictionaryCodec, A.dictionaryArb),
  c('TreeData', treeDataCodec, A.treeDataArb()),
  c('ImplementationInfo', implementationInfoCodec, A.implementationInfoArb),
  c('NodeStatistics', nodeStatisticsCodec, A.nodeStatisticsArb),
  c('ALMErrorResponse', almErrorResponseCodec, A.almErrorResponseArb),
  c('ALMHeader', almHeaderCodec, fcRuntime.record({ algorithmId: A.algorithmIdArb })),
  c('ALMMessageContents', almMessageContentsCodec, fcRuntime.record({ code: fcRuntime.integer({ min: 0, max: 0xffff }), body: A.bytesArb(64) })),
  c('AlmMessage', almMessageCodec, A.almMessageArb),
];

export const ALL_CASES: readonly CodecCase[] = [...MESSAGE_CASES, ...STRUCTURE_CASES];

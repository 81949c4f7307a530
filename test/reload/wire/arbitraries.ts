/**
 * fast-check arbitraries for every RELOAD wire structure, for the codec tests here and for other
 * layers' tests (e.g. messages carrying ALM bodies). Byte fields are kept short so that properties
 * run fast; bounds are tested separately.
 */
import fc from 'fast-check';
import { Id } from '../../../src/reload/id.ts';
import type {
  AppAttach,
  AttachReqAns,
  ChordLeaveData,
  ChordRouteQueryAns,
  ChordUpdate,
  DataModel,
  DataValue,
  Destination,
  ErrorResponse,
  FetchAns,
  FetchKindResponse,
  FetchReq,
  ForwardingHeader,
  ForwardingHeaderWithLength,
  ForwardingOption,
  IceCandidate,
  IceExtension,
  IpAddressPort,
  JoinAns,
  JoinReq,
  LeaveReq,
  MessageContents,
  MessageExtension,
  PingAns,
  PingReq,
  ProbeAns,
  ProbeInformation,
  ProbeReq,
  ReloadMessage,
  RouteQueryReq,
  SecurityBlock,
  Signature,
  SignerIdentity,
  StoreAns,
  StoredData,
  StoredDataSpecifier,
  StoredDataValue,
  StoreKindData,
  StoreKindResponse,
  StoreReq,
} from '../../../src/reload/wire/index.ts';
import { EMPTY_BODY, FRAGMENT_UNFRAGMENTED, MessageCode } from '../../../src/reload/wire/index.ts';

// ---- primitives ----

export const arbId: fc.Arbitrary<Id> = fc
  .tuple(fc.integer({ min: -0x80000000, max: 0x7fffffff }), fc.integer({ min: -0x80000000, max: 0x7fffffff }), fc.integer({ min: -0x80000000, max: 0x7fffffff }), fc.integer({ min: -0x80000000, max: 0x7fffffff }))
  .map(([a, b, c, d]) => new Id(a, b, c, d));

export const arbU8 = fc.integer({ min: 0, max: 0xff });
export const arbU16 = fc.integer({ min: 0, max: 0xffff });
export const arbU32 = fc.integer({ min: 0, max: 0xffffffff });
/** A uint64 the simulator can hold: [0, 2^53 - 1]. */
export const arbU64 = fc.maxSafeNat();

export function arbBytes(maxLength = 24): fc.Arbitrary<Uint8Array> {
  return fc.uint8Array({ maxLength });
}

export function arbIds(maxLength = 6): fc.Arbitrary<Id[]> {
  return fc.array(arbId, { maxLength });
}

// ---- §6.3.2 forwarding header ----

export const arbDestination: fc.Arbitrary<Destination> = fc.oneof(
  arbId.map((id): Destination => ({ type: 'node', id })),
  arbId.map((id): Destination => ({ type: 'resource', id })),
  fc.uint8Array({ maxLength: 254 }).map((opaqueId): Destination => ({ type: 'opaque', opaqueId })),
  fc.integer({ min: 0x8000, max: 0xffff }).map((value): Destination => ({ type: 'compressed', value })),
);

export const arbForwardingOption: fc.Arbitrary<ForwardingOption> = fc.record({
  type: fc.integer({ min: 1, max: 0xff }),
  flags: arbU8,
  option: arbBytes(),
});

export const arbForwardingHeader: fc.Arbitrary<ForwardingHeader> = fc.record({
  overlay: arbU32,
  configurationSequence: arbU16,
  ttl: arbU8,
  fragment: fc.oneof(fc.constant(FRAGMENT_UNFRAGMENTED), fc.integer({ min: 0x80000000, max: 0xffffffff })),
  transactionId: arbU64,
  maxResponseLength: arbU32,
  viaList: fc.array(arbDestination, { maxLength: 5 }),
  destinationList: fc.array(arbDestination, { maxLength: 5 }),
  options: fc.array(arbForwardingOption, { maxLength: 3 }),
});

export const arbForwardingHeaderWithLength: fc.Arbitrary<ForwardingHeaderWithLength> = fc
  .tuple(arbForwardingHeader, arbU32)
  .map(([h, length]) => ({ ...h, length }));

// ---- §6.3.4 security block ----

export const arbSignerIdentity: fc.Arbitrary<SignerIdentity> = fc.oneof(
  fc.record({ type: fc.constant('cert_hash' as const), hashAlg: arbU8, certificateHash: fc.uint8Array({ maxLength: 64 }) }),
  fc.record({ type: fc.constant('cert_hash_node_id' as const), hashAlg: arbU8, certificateNodeIdHash: fc.uint8Array({ maxLength: 64 }) }),
  fc.constant<SignerIdentity>({ type: 'none' }),
);

export const arbSignature: fc.Arbitrary<Signature> = fc.record({
  algorithm: fc.record({ hash: arbU8, signature: arbU8 }),
  identity: arbSignerIdentity,
  value: arbBytes(64),
});

export const arbSecurityBlock: fc.Arbitrary<SecurityBlock> = fc.record({
  certificates: fc.array(fc.record({ type: fc.constant('x509' as const), certificate: arbBytes(64) }), { maxLength: 3 }),
  signature: arbSignature,
});

// ---- §6.3.3 message contents, §6.3.3.1 error ----

export const arbMessageExtension: fc.Arbitrary<MessageExtension> = fc.record({
  type: fc.integer({ min: 1, max: 0xffff }),
  critical: fc.boolean(),
  contents: arbBytes(),
});

export const arbErrorResponse: fc.Arbitrary<ErrorResponse> = fc.record({
  errorCode: fc.integer({ min: 1, max: 0xffff }),
  errorInfo: arbBytes(),
});

// ---- §6.4.2 overlay methods and CHORD-RELOAD (§10) ----

export const arbJoinReq: fc.Arbitrary<JoinReq> = fc.record({ joiningPeerId: arbId, overlaySpecificData: arbBytes() });
export const arbJoinAns: fc.Arbitrary<JoinAns> = fc.record({ overlaySpecificData: arbBytes() });
export const arbLeaveReq: fc.Arbitrary<LeaveReq> = fc.record({ leavingPeerId: arbId, overlaySpecificData: arbBytes() });

export const arbChordLeaveData: fc.Arbitrary<ChordLeaveData> = fc.oneof(
  fc.record({ type: fc.constant('from_succ' as const), successors: arbIds() }),
  fc.record({ type: fc.constant('from_pred' as const), predecessors: arbIds() }),
);

export const arbChordUpdate: fc.Arbitrary<ChordUpdate> = fc.oneof(
  fc.record({ uptime: arbU32, type: fc.constant('peer_ready' as const) }),
  fc.record({ uptime: arbU32, type: fc.constant('neighbors' as const), predecessors: arbIds(), successors: arbIds() }),
  fc.record({ uptime: arbU32, type: fc.constant('full' as const), predecessors: arbIds(), successors: arbIds(), fingers: arbIds(20) }),
);

export const arbRouteQueryReq: fc.Arbitrary<RouteQueryReq> = fc.record({
  sendUpdate: fc.boolean(),
  destination: arbDestination,
  overlaySpecificData: arbBytes(),
});

export const arbChordRouteQueryAns: fc.Arbitrary<ChordRouteQueryAns> = fc.record({ nextPeer: arbId });

export const arbPingReq: fc.Arbitrary<PingReq> = fc.record({ padding: arbBytes() });
export const arbPingAns: fc.Arbitrary<PingAns> = fc.record({ responseId: arbU64, time: arbU64 });

const arbProbeType = fc.constantFrom('responsible_set' as const, 'num_resources' as const, 'uptime' as const);
export const arbProbeReq: fc.Arbitrary<ProbeReq> = fc.record({ requestedInfo: fc.array(arbProbeType, { maxLength: 6 }) });
export const arbProbeInformation: fc.Arbitrary<ProbeInformation> = fc.record({ type: arbProbeType, value: arbU32 });
export const arbProbeAns: fc.Arbitrary<ProbeAns> = fc.record({ probeInfo: fc.array(arbProbeInformation, { maxLength: 4 }) });

// ---- §6.5 Attach, AppAttach ----

export const arbIpAddressPort: fc.Arbitrary<IpAddressPort> = fc.oneof(
  fc.record({ family: fc.constant('ipv4' as const), address: fc.uint8Array({ minLength: 4, maxLength: 4 }), port: arbU16 }),
  fc.record({ family: fc.constant('ipv6' as const), address: fc.uint8Array({ minLength: 16, maxLength: 16 }), port: arbU16 }),
);

export const arbIceExtension: fc.Arbitrary<IceExtension> = fc.record({ name: arbBytes(8), value: arbBytes(8) });

const arbLink = fc.constantFrom('DTLS-UDP-SR' as const, 'DTLS-UDP-SR-NO-ICE' as const, 'TLS-TCP-FH-NO-ICE' as const);

export const arbIceCandidate: fc.Arbitrary<IceCandidate> = fc.oneof(
  fc.record({
    addrPort: arbIpAddressPort,
    overlayLink: arbLink,
    foundation: arbBytes(8),
    priority: arbU32,
    type: fc.constant('host' as const),
    extensions: fc.array(arbIceExtension, { maxLength: 2 }),
  }),
  fc.record({
    addrPort: arbIpAddressPort,
    overlayLink: arbLink,
    foundation: arbBytes(8),
    priority: arbU32,
    type: fc.constantFrom('srflx' as const, 'relay' as const),
    relAddrPort: arbIpAddressPort,
    extensions: fc.array(arbIceExtension, { maxLength: 2 }),
  }),
);

export const arbAttachReqAns: fc.Arbitrary<AttachReqAns> = fc.record({
  ufrag: arbBytes(16),
  password: arbBytes(16),
  role: fc.constantFrom(new TextEncoder().encode('active'), new TextEncoder().encode('passive')),
  candidates: fc.array(arbIceCandidate, { maxLength: 3 }),
  sendUpdate: fc.boolean(),
});

export const arbAppAttach: fc.Arbitrary<AppAttach> = fc.record({
  ufrag: arbBytes(16),
  password: arbBytes(16),
  application: arbU16,
  role: arbBytes(8),
  candidates: fc.array(arbIceCandidate, { maxLength: 3 }),
});

// ---- §7 storage ----

/** Kinds of the test configuration: 1 single value, 2 array, 3 dictionary. */
export const TEST_KINDS: ReadonlyMap<number, DataModel> = new Map<number, DataModel>([
  [1, 'single'],
  [2, 'array'],
  [3, 'dictionary'],
]);
export const testDataModelOf = (kind: number): DataModel | undefined => TEST_KINDS.get(kind);
const KIND_OF: Readonly<Record<DataModel, number>> = { single: 1, array: 2, dictionary: 3 };
const arbModel = fc.constantFrom<DataModel>('single', 'array', 'dictionary');

export const arbDataValue: fc.Arbitrary<DataValue> = fc.record({ exists: fc.boolean(), value: arbBytes() });

export function arbStoredDataValue(model: DataModel): fc.Arbitrary<StoredDataValue> {
  switch (model) {
    case 'single':
      return fc.record({ model: fc.constant('single' as const), value: arbDataValue });
    case 'array':
      return fc.record({ model: fc.constant('array' as const), index: arbU32, value: arbDataValue });
    case 'dictionary':
      return fc.record({ model: fc.constant('dictionary' as const), key: arbBytes(12), value: arbDataValue });
  }
}

export function arbStoredData(model: DataModel): fc.Arbitrary<StoredData> {
  return fc.record({ storageTime: arbU64, lifetime: arbU32, value: arbStoredDataValue(model), signature: arbSignature });
}

export const arbStoreKindData: fc.Arbitrary<StoreKindData> = arbModel.chain((model) =>
  fc.record({ kind: fc.constant(KIND_OF[model]), generationCounter: arbU64, values: fc.array(arbStoredData(model), { maxLength: 3 }) }),
);

export const arbStoreReq: fc.Arbitrary<StoreReq> = fc.record({
  resource: arbId,
  replicaNumber: arbU8,
  kindData: fc.array(arbStoreKindData, { maxLength: 3 }),
});

export const arbStoreKindResponse: fc.Arbitrary<StoreKindResponse> = fc.record({ kind: arbU32, generationCounter: arbU64, replicas: arbIds(3) });
export const arbStoreAns: fc.Arbitrary<StoreAns> = fc.record({ kindResponses: fc.array(arbStoreKindResponse, { maxLength: 3 }) });

export const arbStoredDataSpecifier: fc.Arbitrary<StoredDataSpecifier> = arbModel.chain((model): fc.Arbitrary<StoredDataSpecifier> => {
  const common = { kind: fc.constant(KIND_OF[model]), generation: arbU64 };
  switch (model) {
    case 'single':
      return fc.record({ ...common, model: fc.constant('single' as const) });
    case 'array':
      return fc.record({ ...common, model: fc.constant('array' as const), indices: fc.array(fc.record({ first: arbU32, last: arbU32 }), { maxLength: 4 }) });
    case 'dictionary':
      return fc.record({ ...common, model: fc.constant('dictionary' as const), keys: fc.array(arbBytes(12), { maxLength: 4 }) });
  }
});

export const arbFetchReq: fc.Arbitrary<FetchReq> = fc.record({ resource: arbId, specifiers: fc.array(arbStoredDataSpecifier, { maxLength: 3 }) });

export const arbFetchKindResponse: fc.Arbitrary<FetchKindResponse> = arbModel.chain((model) =>
  fc.record({ kind: fc.constant(KIND_OF[model]), generation: arbU64, values: fc.array(arbStoredData(model), { maxLength: 3 }) }),
);

export const arbFetchAns: fc.Arbitrary<FetchAns> = fc.record({ kindResponses: fc.array(arbFetchKindResponse, { maxLength: 3 }) });

// ---- whole messages ----

/** A message code with a body of the matching type, for the `defaultReloadBodies` table. */
export const arbCodeAndBody: fc.Arbitrary<{ messageCode: number; body: unknown }> = fc.oneof(
  ...([
    [MessageCode.ProbeReq, arbProbeReq],
    [MessageCode.ProbeAns, arbProbeAns],
    [MessageCode.AttachReq, arbAttachReqAns],
    [MessageCode.AttachAns, arbAttachReqAns],
    [MessageCode.StoreReq, arbStoreReq],
    [MessageCode.StoreAns, arbStoreAns],
    [MessageCode.FetchReq, arbFetchReq],
    [MessageCode.FetchAns, arbFetchAns],
    [MessageCode.JoinReq, arbJoinReq],
    [MessageCode.JoinAns, arbJoinAns],
    [MessageCode.LeaveReq, arbLeaveReq],
    [MessageCode.LeaveAns, fc.constant(EMPTY_BODY)],
    [MessageCode.UpdateReq, arbChordUpdate],
    [MessageCode.UpdateAns, fc.constant(EMPTY_BODY)],
    [MessageCode.RouteQueryReq, arbRouteQueryReq],
    [MessageCode.RouteQueryAns, arbChordRouteQueryAns],
    [MessageCode.PingReq, arbPingReq],
    [MessageCode.PingAns, arbPingAns],
    [MessageCode.AppAttachReq, arbAppAttach],
    [MessageCode.AppAttachAns, arbAppAttach],
    [MessageCode.Error, arbErrorResponse],
    // Codes without a codec in the default table carry raw bytes.
    [MessageCode.FindReq, arbBytes()],
    [MessageCode.ExpAReq, arbBytes()],
    [MessageCode.ExpBAns, arbBytes()],
  ] as Array<[number, fc.Arbitrary<unknown>]>).map(([messageCode, arb]) => arb.map((body) => ({ messageCode, body }))),
);

export const arbMessageContents: fc.Arbitrary<MessageContents> = fc
  .tuple(arbCodeAndBody, fc.array(arbMessageExtension, { maxLength: 2 }))
  .map(([cb, extensions]) => ({ messageCode: cb.messageCode, body: cb.body, extensions }));

export const arbReloadMessage: fc.Arbitrary<ReloadMessage> = fc.record({
  header: arbForwardingHeader,
  contents: arbMessageContents,
  security: arbSecurityBlock,
});

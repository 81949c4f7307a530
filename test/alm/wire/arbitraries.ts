/** fast-check arbitraries for every ALM wire structure (RFC 7019 §7.2, §10), for reuse in tests. */
import fc from 'fast-check';
import { Id } from '../../../src/reload/id.ts';
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
  EMPTY_BODY,
} from '../../../src/alm/wire/index.ts';
import type {
  ALMErrorResponse,
  AlmBodyByCode,
  AlmMessage,
  AlmMessageCode,
  CreateALMTree,
  DataValue,
  Dictionary,
  DictionaryEntry,
  EmptyBody,
  Heartbeat,
  ImplementationInfo,
  Join,
  JoinAccept,
  JoinConfirm,
  JoinDecline,
  Leave,
  NodeQuery,
  NodeStatistics,
  Push,
  Reform,
  TreeData,
} from '../../../src/alm/wire/index.ts';

const u8 = fc.integer({ min: 0, max: 0xff });
const u16 = fc.integer({ min: 0, max: 0xffff });
const u32 = fc.integer({ min: 0, max: 0xffffffff });

export const idArb: fc.Arbitrary<Id> = fc.oneof(
  { weight: 1, arbitrary: fc.constant(Id.ZERO) },
  { weight: 9, arbitrary: fc.tuple(fc.integer(), fc.integer(), fc.integer(), fc.integer()).map(([a, b, c, d]) => new Id(a, b, c, d)) },
);

export const bytesArb = (maxLength = 32): fc.Arbitrary<Uint8Array> => fc.uint8Array({ maxLength });

export const dataValueArb: fc.Arbitrary<DataValue> = fc.record({ exists: fc.boolean(), value: bytesArb(24) });

const keyArb = fc.oneof(bytesArb(12), fc.string({ maxLength: 8 }).map((s) => new TextEncoder().encode(s)));

export const dictionaryEntryArb: fc.Arbitrary<DictionaryEntry> = fc.record({ key: keyArb, value: dataValueArb });

/** Keys are unique: RFC 7019 §7.1 allows one value per key. */
export const dictionaryArb: fc.Arbitrary<Dictionary> = fc.uniqueArray(dictionaryEntryArb, {
  maxLength: 5,
  selector: (e) => Buffer.from(e.key).toString('hex'),
});

export const emptyBodyArb: fc.Arbitrary<EmptyBody> = fc.constant(EMPTY_BODY);

export const createAlmTreeArb: fc.Arbitrary<CreateALMTree> = fc.record({
  peerId: idArb,
  sessionKey: bytesArb(40),
  groupId: idArb,
  options: dictionaryArb,
});
export const optionsOnlyArb: fc.Arbitrary<{ options: Dictionary }> = fc.record({ options: dictionaryArb });
export const joinArb: fc.Arbitrary<Join> = fc.record({ peerId: idArb, groupId: idArb, options: dictionaryArb });
export const joinAcceptArb: fc.Arbitrary<JoinAccept> = fc.record({
  parentPeerId: idArb,
  childPeerId: idArb,
  groupId: idArb,
  options: dictionaryArb,
});
export const joinConfirmArb: fc.Arbitrary<JoinConfirm> = fc.record({
  childPeerId: idArb,
  parentPeerId: idArb,
  groupId: idArb,
  options: dictionaryArb,
});
export const joinDeclineArb: fc.Arbitrary<JoinDecline> = fc.record({ peerId: idArb, parentPeerId: idArb, groupId: idArb });
export const leaveArb: fc.Arbitrary<Leave> = fc.record({ peerId: idArb, groupId: idArb, options: dictionaryArb });
export const reformArb: fc.Arbitrary<Reform> = fc.record({ groupId: idArb, peerId: idArb, options: dictionaryArb });
export const heartbeatArb: fc.Arbitrary<Heartbeat> = fc.record({
  peerIdSrc: idArb,
  peerIdDst: idArb,
  groupId: idArb,
  options: dictionaryArb,
});
export const nodeQueryArb: fc.Arbitrary<NodeQuery> = fc.record({ peerIdSrc: idArb, peerIdDst: idArb });
export const pushArb: fc.Arbitrary<Push> = fc.record({ groupId: idArb, priority: u8, data: bytesArb(200) });

export const treeDataArb = (maxParents = 15, maxChildren = 8): fc.Arbitrary<TreeData> =>
  fc.record({
    treeId: u32,
    algorithm: u8,
    treeRoot: idArb,
    parent: fc.array(idArb, { maxLength: maxParents }),
    children: fc.array(idArb, { maxLength: maxChildren }),
    pathLengthToRoot: u32,
    pathDelayToRoot: u32,
    pathDelayToChild: u32,
  });

export const implementationInfoArb: fc.Arbitrary<ImplementationInfo> = fc.record({
  joinConfirmTimeout: u32,
  heartbeatInterval: u32,
  heartbeatResponseTimeout: u32,
  info: bytesArb(40),
});

/** Size of a TreeData on the wire, computed from RFC 7019 §7.2.17's field list. */
export function treeDataBytes(t: TreeData): number {
  return 4 + 1 + 16 + 1 + 1 + 16 * t.parent.length + 2 + 2 + 16 * t.children.length + 4 + 4 + 4;
}

/** The longest prefix of `list` that fits in tree_data<0..2^8-1>. */
export function fittingPrefix(list: readonly TreeData[]): TreeData[] {
  const out: TreeData[] = [];
  let bytes = 0;
  for (const t of list) {
    bytes += treeDataBytes(t);
    if (bytes > 255) break;
    out.push(t);
  }
  return out;
}

const statisticsFields = (treeData: fc.Arbitrary<TreeData[]>) =>
  fc
    .record({
      nodeLifetime: u32,
      totalNumberTrees: u32,
      algorithmsSupported: fc.array(fc.integer({ min: 1, max: 0xff }), { maxLength: 32 }),
      maxTreeData: treeDataArb(15, 40),
      treeData,
      extraTrees: fc.oneof(fc.constant(0), fc.integer({ min: 0, max: 0xffff })),
      implInfo: implementationInfoArb,
    })
    .map(({ extraTrees, ...s }): NodeStatistics => ({
      ...s,
      numberActiveTrees: Math.min(0xffff, s.treeData.length + extraTrees),
    }));

/** NodeStatistics whose treeData all fit the 255-byte tree_data vector: these round-trip exactly. */
export const nodeStatisticsArb: fc.Arbitrary<NodeStatistics> = statisticsFields(
  fc.array(treeDataArb(3, 3), { maxLength: 7 }).map(fittingPrefix),
);

/** NodeStatistics whose treeData may overflow tree_data (the encoder then leaves some out). */
export const nodeStatisticsAnyArb: fc.Arbitrary<NodeStatistics> = statisticsFields(fc.array(treeDataArb(15, 20), { maxLength: 12 }));

export const almErrorResponseArb: fc.Arbitrary<ALMErrorResponse> = fc.record({ almErrorCode: u16, almErrorInfo: bytesArb(60) });

export const bodyArbByCode: { readonly [C in AlmMessageCode]: fc.Arbitrary<AlmBodyByCode[C]> } = {
  [ALM_CREATE_ALM_TREE]: createAlmTreeArb,
  [ALM_CREATE_ALM_TREE_RESPONSE]: optionsOnlyArb,
  [ALM_JOIN]: joinArb,
  [ALM_JOIN_ACCEPT]: joinAcceptArb,
  [ALM_JOIN_REJECT]: emptyBodyArb,
  [ALM_JOIN_CONFIRM]: joinConfirmArb,
  [ALM_JOIN_CONFIRM_RESPONSE]: emptyBodyArb,
  [ALM_JOIN_DECLINE]: joinDeclineArb,
  [ALM_JOIN_DECLINE_RESPONSE]: emptyBodyArb,
  [ALM_LEAVE]: leaveArb,
  [ALM_LEAVE_RESPONSE]: emptyBodyArb,
  [ALM_REFORM]: reformArb,
  [ALM_REFORM_RESPONSE]: optionsOnlyArb,
  [ALM_HEARTBEAT]: heartbeatArb,
  [ALM_HEARTBEAT_RESPONSE]: emptyBodyArb,
  [ALM_NODE_QUERY]: nodeQueryArb,
  [ALM_NODE_QUERY_RESPONSE]: nodeStatisticsArb,
  [ALM_PUSH]: pushArb,
  [ALM_PUSH_RESPONSE]: optionsOnlyArb,
};

export const ALL_CODES = Object.keys(bodyArbByCode).map(Number) as AlmMessageCode[];

export const algorithmIdArb = fc.oneof(fc.constantFrom(0, 1, 2, 0x8000, 0xffff), u16);

/** An ALM message with the given code. */
export function almMessageArbOf(code: AlmMessageCode): fc.Arbitrary<AlmMessage> {
  const body = bodyArbByCode[code] as fc.Arbitrary<AlmBodyByCode[AlmMessageCode]>;
  return fc.record({ algorithmId: algorithmIdArb, body }).map(({ algorithmId, body }) => ({ algorithmId, code, body }) as AlmMessage);
}

export const almMessageArb: fc.Arbitrary<AlmMessage> = fc.oneof(...ALL_CODES.map(almMessageArbOf));

/**
 * NodeStatistics, the body of NodeQueryResponse, with TreeData and ImplementationInfo
 * (RFC 7019 §7.2.17).
 *
 * Layout decisions (PROTOCOL.md §3.2 and here):
 * - Element counts (number_parents, number_child_nodes, number_algorithms_supported,
 *   number_active_trees) are encoded as fields of their own AND the vectors keep their byte-length
 *   prefix. Except for number_active_trees, a count is not held in the typed value: the encoder
 *   derives it from the array, the decoder checks it against the elements decoded.
 * - info_length IS the 2-byte length prefix of info<0..2^16-1>: encoded once.
 * - algorithms_supported[32] holds one algorithm id per byte (§7.2.17: "each byte encoded using the
 *   corresponding algorithm code"), the first number_algorithms_supported bytes, in order, then zero
 *   bytes. So at most 32 ids, each in 1..255: 0 is INVALID-ALG and is the padding, and ids above
 *   0xFF (e.g. private use) have no one-byte form. The decoder rejects a zero among the listed ids
 *   and a non-zero padding byte, so every accepted encoding re-encodes to the same bytes.
 * - tree_data<0..2^8-1> holds at most 255 bytes (6 TreeData without parents or children). The
 *   encoder includes the longest prefix of treeData that fits and writes number_active_trees from
 *   the value, so a NodeStatistics may carry fewer treeData than numberActiveTrees says. The decoder
 *   requires numberActiveTrees >= treeData.length; it cannot check the count of trees left out.
 */
import { CodecError, MAX16, MAX8, prefixBytes } from '../../reload/wire/codec.ts';
import type { Reader, Writer } from '../../reload/wire/codec.ts';
import type { Id } from '../../reload/id.ts';
import { codecOf } from './format.ts';
import type { Format } from './format.ts';
import { NODE_ID_LENGTH, readNodeId, writeNodeId } from '../../reload/wire/fields.ts';

/** RFC 7019 §7.2.17. number_parents and number_child_nodes are the lengths of the arrays. */
export interface TreeData {
  readonly treeId: number;
  /** uint8 algorithm code (§14.1 ids up to 0xFF). */
  readonly algorithm: number;
  /** All-zero when unknown (§7.2.17). */
  readonly treeRoot: Id;
  /** RFC field `parent`: the node_id of each parent, at most 15 (16 * 15 <= 2^8 - 1 bytes). */
  readonly parent: readonly Id[];
  /** The node_id of each child, at most 4095 (16 * 4095 <= 2^16 - 1 bytes). */
  readonly children: readonly Id[];
  /** Overlay hops to the root. */
  readonly pathLengthToRoot: number;
  /** RTT to the root, ms. */
  readonly pathDelayToRoot: number;
  /** Last measured RTT to the child with the largest RTT, ms. */
  readonly pathDelayToChild: number;
}

/** RFC 7019 §7.2.17; times in ms. */
export interface ImplementationInfo {
  readonly joinConfirmTimeout: number;
  readonly heartbeatInterval: number;
  readonly heartbeatResponseTimeout: number;
  /** Implementation-specific bytes; info_length is their length prefix. */
  readonly info: Uint8Array;
}

/** RFC 7019 §7.2.17. number_algorithms_supported is algorithmsSupported.length. */
export interface NodeStatistics {
  /** Seconds alive since the last restart. */
  readonly nodeLifetime: number;
  readonly totalNumberTrees: number;
  /** Ids in 1..255, at most 32. */
  readonly algorithmsSupported: readonly number[];
  readonly maxTreeData: TreeData;
  /** The true number of active trees, which may exceed treeData.length (the 255-byte rule). */
  readonly numberActiveTrees: number;
  /** The TreeData carried: on encode, those beyond the first {@link treeDataThatFit} are left out. */
  readonly treeData: readonly TreeData[];
  readonly implInfo: ImplementationInfo;
}

/** RFC 7019 §7.2.17 defaults, in ms. */
export const DEFAULT_JOIN_CONFIRM_TIMEOUT = 5000;
export const DEFAULT_HEARTBEAT_INTERVAL = 2000;
export const DEFAULT_HEARTBEAT_RESPONSE_TIMEOUT = 5000;

export function implementationInfo(init: Partial<ImplementationInfo> = {}): ImplementationInfo {
  return {
    joinConfirmTimeout: init.joinConfirmTimeout ?? DEFAULT_JOIN_CONFIRM_TIMEOUT,
    heartbeatInterval: init.heartbeatInterval ?? DEFAULT_HEARTBEAT_INTERVAL,
    heartbeatResponseTimeout: init.heartbeatResponseTimeout ?? DEFAULT_HEARTBEAT_RESPONSE_TIMEOUT,
    info: init.info ?? new Uint8Array(0),
  };
}

export const ALGORITHMS_SUPPORTED_LENGTH = 32;
export const MAX_PARENTS = Math.floor(MAX8 / NODE_ID_LENGTH);
export const MAX_CHILDREN = Math.floor(MAX16 / NODE_ID_LENGTH);
/** A TreeData with no parents or children. */
export const TREE_DATA_MIN_LENGTH = 39;
/** Upper bound of tree_data<0..2^8-1>, in bytes. */
export const TREE_DATA_VECTOR_MAX = MAX8;

/** Writes the element count, then the node_ids as a vector with its byte-length prefix. */
function writeCountedIds(w: Writer, ids: readonly Id[], max: number, field: string, countField: string): void {
  const maxIds = Math.floor(max / NODE_ID_LENGTH);
  if (ids.length > maxIds) {
    throw new CodecError('out-of-range', field, `${ids.length} node_ids do not fit <0..${max}> bytes (at most ${maxIds})`);
  }
  w.uint(ids.length, prefixBytes(max), countField);
  w.uint(ids.length * NODE_ID_LENGTH, prefixBytes(max), field);
  for (let i = 0; i < ids.length; i++) writeNodeId(w, ids[i]!, field);
}

function readIdVector(r: Reader, count: number, max: number, field: string, countField: string): Id[] {
  const at = r.offset;
  const v = r.vector(0, max, field);
  if (v.remaining % NODE_ID_LENGTH !== 0) {
    throw new CodecError('invalid', field, `${v.remaining} bytes is not a whole number of 16-byte node_ids`, at);
  }
  const n = v.remaining / NODE_ID_LENGTH;
  if (n !== count) throw new CodecError('invalid', countField, `says ${count} but ${field} holds ${n}`, at);
  const ids = new Array<Id>(n);
  for (let i = 0; i < n; i++) ids[i] = readNodeId(v, field);
  return ids;
}

export const treeDataFormat: Format<TreeData> = {
  write(w, t) {
    w.u32(t.treeId, 'TreeData.tree_id');
    w.u8(t.algorithm, 'TreeData.algorithm');
    writeNodeId(w, t.treeRoot, 'TreeData.tree_root');
    // number_parents is a uint8 and number_child_nodes a uint16: the same widths as the prefixes.
    writeCountedIds(w, t.parent, MAX8, 'TreeData.parent', 'TreeData.number_parents');
    writeCountedIds(w, t.children, MAX16, 'TreeData.children', 'TreeData.number_child_nodes');
    w.u32(t.pathLengthToRoot, 'TreeData.path_length_to_root');
    w.u32(t.pathDelayToRoot, 'TreeData.path_delay_to_root');
    w.u32(t.pathDelayToChild, 'TreeData.path_delay_to_child');
  },
  read(r) {
    const treeId = r.u32('TreeData.tree_id');
    const algorithm = r.u8('TreeData.algorithm');
    const treeRoot = readNodeId(r, 'TreeData.tree_root');
    const numberParents = r.u8('TreeData.number_parents');
    const parent = readIdVector(r, numberParents, MAX8, 'TreeData.parent', 'TreeData.number_parents');
    const numberChildNodes = r.u16('TreeData.number_child_nodes');
    const children = readIdVector(r, numberChildNodes, MAX16, 'TreeData.children', 'TreeData.number_child_nodes');
    return {
      treeId,
      algorithm,
      treeRoot,
      parent,
      children,
      pathLengthToRoot: r.u32('TreeData.path_length_to_root'),
      pathDelayToRoot: r.u32('TreeData.path_delay_to_root'),
      pathDelayToChild: r.u32('TreeData.path_delay_to_child'),
    };
  },
  length: (t) => TREE_DATA_MIN_LENGTH + NODE_ID_LENGTH * (t.parent.length + t.children.length),
};

export const treeDataCodec = codecOf('TreeData', treeDataFormat);

export const implementationInfoFormat: Format<ImplementationInfo> = {
  write(w, i) {
    w.u32(i.joinConfirmTimeout, 'ImplementationInfo.join_confirm_timeout');
    w.u32(i.heartbeatInterval, 'ImplementationInfo.heartbeat_interval');
    w.u32(i.heartbeatResponseTimeout, 'ImplementationInfo.heartbeat_response_timeout');
    w.opaque(i.info, 0, MAX16, 'ImplementationInfo.info');
  },
  read: (r) => ({
    joinConfirmTimeout: r.u32('ImplementationInfo.join_confirm_timeout'),
    heartbeatInterval: r.u32('ImplementationInfo.heartbeat_interval'),
    heartbeatResponseTimeout: r.u32('ImplementationInfo.heartbeat_response_timeout'),
    info: r.opaque(0, MAX16, 'ImplementationInfo.info'),
  }),
  length: (i) => 14 + i.info.length,
};

export const implementationInfoCodec = codecOf('ImplementationInfo', implementationInfoFormat);

/** How many leading TreeData of `treeData` fit in tree_data<0..2^8-1> (the encoder sends these). */
export function treeDataThatFit(treeData: readonly TreeData[]): number {
  let bytes = 0;
  for (let i = 0; i < treeData.length; i++) {
    bytes += treeDataFormat.length(treeData[i]!);
    if (bytes > TREE_DATA_VECTOR_MAX) return i;
  }
  return treeData.length;
}

function writeAlgorithmsSupported(w: Writer, ids: readonly number[]): void {
  const field = 'NodeStatistics.algorithms_supported';
  if (ids.length > ALGORITHMS_SUPPORTED_LENGTH) {
    throw new CodecError('out-of-range', field, `${ids.length} algorithms do not fit its 32 bytes`);
  }
  w.u16(ids.length, 'NodeStatistics.number_algorithms_supported');
  for (let i = 0; i < ALGORITHMS_SUPPORTED_LENGTH; i++) {
    const id = i < ids.length ? ids[i]! : 0;
    if (i < ids.length && (id === 0 || id > MAX8)) {
      throw new CodecError('out-of-range', field, `algorithm id ${id} has no one-byte form in 1..255`);
    }
    w.u8(id, field);
  }
}

function readAlgorithmsSupported(r: Reader): number[] {
  const field = 'NodeStatistics.algorithms_supported';
  const countAt = r.offset;
  const count = r.u16('NodeStatistics.number_algorithms_supported');
  if (count > ALGORITHMS_SUPPORTED_LENGTH) {
    throw new CodecError('invalid', 'NodeStatistics.number_algorithms_supported', `${count} exceeds the 32 bytes of algorithms_supported`, countAt);
  }
  const ids = new Array<number>(count);
  for (let i = 0; i < ALGORITHMS_SUPPORTED_LENGTH; i++) {
    const at = r.offset;
    const b = r.u8(field);
    if (i < count) {
      if (b === 0) throw new CodecError('invalid', field, `byte ${i} is 0 (padding) but number_algorithms_supported is ${count}`, at);
      ids[i] = b;
    } else if (b !== 0) {
      throw new CodecError('invalid', field, `padding byte ${i} is ${b}, expected 0 (number_algorithms_supported is ${count})`, at);
    }
  }
  return ids;
}

export const nodeStatisticsFormat: Format<NodeStatistics> = {
  write(w, s) {
    if (s.numberActiveTrees < s.treeData.length) {
      throw new CodecError('invalid', 'NodeStatistics.number_active_trees', `${s.numberActiveTrees} is less than the ${s.treeData.length} treeData given`);
    }
    w.u32(s.nodeLifetime, 'NodeStatistics.node_lifetime');
    w.u32(s.totalNumberTrees, 'NodeStatistics.total_number_trees');
    writeAlgorithmsSupported(w, s.algorithmsSupported);
    treeDataFormat.write(w, s.maxTreeData);
    w.u16(s.numberActiveTrees, 'NodeStatistics.number_active_trees');
    const k = treeDataThatFit(s.treeData);
    const mark = w.beginVector(TREE_DATA_VECTOR_MAX);
    for (let i = 0; i < k; i++) treeDataFormat.write(w, s.treeData[i]!);
    w.endVector(mark, 0, TREE_DATA_VECTOR_MAX, 'NodeStatistics.tree_data');
    implementationInfoFormat.write(w, s.implInfo);
  },
  read(r) {
    const nodeLifetime = r.u32('NodeStatistics.node_lifetime');
    const totalNumberTrees = r.u32('NodeStatistics.total_number_trees');
    const algorithmsSupported = readAlgorithmsSupported(r);
    const maxTreeData = treeDataFormat.read(r);
    const numberActiveTrees = r.u16('NodeStatistics.number_active_trees');
    const at = r.offset;
    const v = r.vector(0, TREE_DATA_VECTOR_MAX, 'NodeStatistics.tree_data');
    const treeData: TreeData[] = [];
    while (v.remaining > 0) treeData.push(treeDataFormat.read(v));
    if (treeData.length > numberActiveTrees) {
      throw new CodecError('invalid', 'NodeStatistics.number_active_trees', `says ${numberActiveTrees} but tree_data holds ${treeData.length}`, at);
    }
    const implInfo = implementationInfoFormat.read(r);
    return { nodeLifetime, totalNumberTrees, algorithmsSupported, maxTreeData, numberActiveTrees, treeData, implInfo };
  },
  length(s) {
    let treeBytes = 0;
    for (let i = 0; i < s.treeData.length; i++) {
      const n = treeDataFormat.length(s.treeData[i]!);
      if (treeBytes + n > TREE_DATA_VECTOR_MAX) break;
      treeBytes += n;
    }
    // node_lifetime, total_number_trees, number_algorithms_supported, algorithms_supported[32],
    // number_active_trees, tree_data's 1-byte prefix.
    return 4 + 4 + 2 + ALGORITHMS_SUPPORTED_LENGTH + treeDataFormat.length(s.maxTreeData) + 2 + 1 + treeBytes +
      implementationInfoFormat.length(s.implInfo);
  },
};

export const nodeStatisticsCodec = codecOf('NodeStatistics', nodeStatisticsFormat);

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Id } from '../../../src/reload/id.ts';
import { CodecError } from '../../../src/reload/wire/codec.ts';
import {
  ALM_ALG_P2PCAST_SAM,
  ALM_ALG_SCRIBE_SAM,
  ALM_NODE_QUERY_RESPONSE,
  DEFAULT_HEARTBEAT_INTERVAL,
  DEFAULT_HEARTBEAT_RESPONSE_TIMEOUT,
  DEFAULT_JOIN_CONFIRM_TIMEOUT,
  MAX_CHILDREN,
  MAX_PARENTS,
  TREE_DATA_MIN_LENGTH,
  almMessage,
  decodeAlmMessage,
  encodeAlmMessage,
  implementationInfo,
  implementationInfoCodec,
  nodeStatisticsCodec,
  treeDataCodec,
  treeDataThatFit,
} from '../../../src/alm/wire/index.ts';
import type { NodeStatistics, TreeData } from '../../../src/alm/wire/index.ts';
import { fittingPrefix, nodeStatisticsAnyArb, treeDataBytes } from './arbitraries.ts';

function thrown(f: () => unknown): CodecError {
  try {
    f();
  } catch (e) {
    expect(e).toBeInstanceOf(CodecError);
    return e as CodecError;
  }
  throw new Error('expected a CodecError');
}

const ids = (n: number, base = 0): Id[] => Array.from({ length: n }, (_, i) => new Id(0, 0, base, i + 1));

const tree = (treeId: number, parents = 0, children = 0): TreeData => ({
  treeId,
  algorithm: ALM_ALG_SCRIBE_SAM,
  treeRoot: new Id(treeId, 0, 0, 0),
  parent: ids(parents, 1),
  children: ids(children, 2),
  pathLengthToRoot: 3,
  pathDelayToRoot: 120,
  pathDelayToChild: 45,
});

const stats = (treeData: TreeData[], numberActiveTrees = treeData.length): NodeStatistics => ({
  nodeLifetime: 3600,
  totalNumberTrees: 12,
  algorithmsSupported: [ALM_ALG_SCRIBE_SAM, ALM_ALG_P2PCAST_SAM],
  maxTreeData: tree(99, 1, 5),
  numberActiveTrees,
  treeData,
  implInfo: implementationInfo({ info: new TextEncoder().encode('almsim 0.1.0') }),
});

/** Byte offset of number_active_trees in a NodeStatistics whose maxTreeData is tree(99, 1, 5). */
const NUMBER_ACTIVE_TREES_AT = 4 + 4 + 2 + 32 + (TREE_DATA_MIN_LENGTH + 16 * 6);

describe('TreeData (RFC 7019 §7.2.17)', () => {
  it('a TreeData without parents or children is 39 bytes', () => {
    expect(treeDataCodec.encode(tree(1)).length).toBe(39);
    expect(TREE_DATA_MIN_LENGTH).toBe(39);
  });

  it('encodes each count and the byte-length prefix of its vector', () => {
    const b = treeDataCodec.encode(tree(7, 2, 3));
    // tree_id(4) algorithm(1) tree_root(16), then number_parents = 2 and parent<0..2^8-1> = 32 bytes
    expect([b[21], b[22]]).toEqual([2, 32]);
    // after 2 parents: number_child_nodes = 3 (uint16), children<0..2^16-1> = 48 bytes (2-byte prefix)
    expect(Array.from(b.subarray(23 + 32, 23 + 32 + 4))).toEqual([0, 3, 0, 48]);
  });

  it('holds at most 15 parents and 4095 children', () => {
    expect(MAX_PARENTS).toBe(15);
    expect(MAX_CHILDREN).toBe(4095);
    const full = tree(1, 15, 4095);
    expect(treeDataCodec.decode(treeDataCodec.encode(full))).toEqual(full);
    expect(thrown(() => treeDataCodec.encode(tree(1, 16))).field).toBe('TreeData.parent');
    expect(thrown(() => treeDataCodec.encode(tree(1, 0, 4096))).field).toBe('TreeData.children');
  });

  it('rejects a count that does not match the node_ids decoded', () => {
    const b = treeDataCodec.encode(tree(7, 2, 3));
    b[21] = 1;
    const e = thrown(() => treeDataCodec.decode(b));
    expect([e.kind, e.field]).toEqual(['invalid', 'TreeData.number_parents']);
    const c = treeDataCodec.encode(tree(7, 2, 3));
    c[23 + 32 + 1] = 4;
    expect(thrown(() => treeDataCodec.decode(c)).field).toBe('TreeData.number_child_nodes');
  });

  it('rejects a node_id vector that is not a multiple of 16 bytes', () => {
    const b = treeDataCodec.encode(tree(7, 1));
    b[22] = 15;
    expect(thrown(() => treeDataCodec.decode(b)).kind).toBe('invalid');
  });

  it('encoder throws on a field out of range', () => {
    expect(thrown(() => treeDataCodec.encode({ ...tree(1), algorithm: 256 })).field).toBe('TreeData.algorithm');
    expect(thrown(() => treeDataCodec.encode({ ...tree(1), treeId: -1 })).field).toBe('TreeData.tree_id');
  });
});

describe('ImplementationInfo (RFC 7019 §7.2.17)', () => {
  it('has the RFC defaults', () => {
    const i = implementationInfo();
    expect([i.joinConfirmTimeout, i.heartbeatInterval, i.heartbeatResponseTimeout]).toEqual([5000, 2000, 5000]);
    expect([DEFAULT_JOIN_CONFIRM_TIMEOUT, DEFAULT_HEARTBEAT_INTERVAL, DEFAULT_HEARTBEAT_RESPONSE_TIMEOUT]).toEqual([5000, 2000, 5000]);
  });

  it('info_length is the 2-byte prefix of info, written once', () => {
    const b = implementationInfoCodec.encode(implementationInfo({ info: Uint8Array.of(0xaa, 0xbb) }));
    expect(Buffer.from(b).toString('hex')).toBe('00001388' + '000007d0' + '00001388' + '0002' + 'aabb');
  });

  it('info holds at most 2^16-1 bytes', () => {
    expect(implementationInfoCodec.encode(implementationInfo({ info: new Uint8Array(0xffff) })).length).toBe(14 + 0xffff);
    expect(thrown(() => implementationInfoCodec.encode(implementationInfo({ info: new Uint8Array(0x10000) }))).field).toBe(
      'ImplementationInfo.info',
    );
  });
});

describe('NodeStatistics (RFC 7019 §7.2.17)', () => {
  it('tree_data<0..2^8-1>: with 10 trees only the 6 that fit are encoded, number_active_trees = 10', () => {
    const trees = Array.from({ length: 10 }, (_, i) => tree(i + 1));
    const s = stats(trees);
    const b = nodeStatisticsCodec.encode(s);
    expect(nodeStatisticsCodec.encodedLength(s)).toBe(b.length);
    const v = new DataView(b.buffer, b.byteOffset);
    expect(v.getUint16(NUMBER_ACTIVE_TREES_AT)).toBe(10);
    expect(b[NUMBER_ACTIVE_TREES_AT + 2]).toBe(6 * 39); // tree_data's 1-byte length prefix
    const d = nodeStatisticsCodec.decode(b);
    expect(d.numberActiveTrees).toBe(10);
    expect(d.treeData).toEqual(trees.slice(0, 6));
    expect(treeDataThatFit(trees)).toBe(6);
    // What was decoded re-encodes to the same bytes.
    expect(Buffer.from(nodeStatisticsCodec.encode(d)).equals(Buffer.from(b))).toBe(true);
  });

  it('stops at the first TreeData that does not fit, even if a later one would', () => {
    const trees = [tree(1, 0, 5), tree(2, 0, 10), tree(3)]; // 119 + 199 > 255
    const d = nodeStatisticsCodec.decode(nodeStatisticsCodec.encode(stats(trees)));
    expect(d.treeData).toEqual([trees[0]]);
    expect(d.numberActiveTrees).toBe(3);
    const tooBig = tree(1, 0, 14); // 39 + 224 = 263 bytes alone
    expect(nodeStatisticsCodec.decode(nodeStatisticsCodec.encode(stats([tooBig]))).treeData).toEqual([]);
  });

  it('property: decode(encode(s)) keeps the fitting prefix and the true count', () => {
    fc.assert(
      fc.property(nodeStatisticsAnyArb, (s) => {
        const b = nodeStatisticsCodec.encode(s);
        expect(nodeStatisticsCodec.encodedLength(s)).toBe(b.length);
        const d = nodeStatisticsCodec.decode(b);
        expect(d).toEqual({ ...s, treeData: fittingPrefix(s.treeData) });
        expect(treeDataThatFit(s.treeData)).toBe(fittingPrefix(s.treeData).length);
        expect(fittingPrefix(s.treeData).reduce((n, t) => n + treeDataBytes(t), 0)).toBeLessThanOrEqual(255);
      }),
      { numRuns: 300 },
    );
  });

  it('encoder throws when number_active_trees is below the treeData given', () => {
    const e = thrown(() => nodeStatisticsCodec.encode(stats([tree(1), tree(2)], 1)));
    expect(e.field).toBe('NodeStatistics.number_active_trees');
  });

  it('decoder rejects number_active_trees below the TreeData carried', () => {
    const b = nodeStatisticsCodec.encode(stats([tree(1), tree(2)]));
    new DataView(b.buffer, b.byteOffset).setUint16(NUMBER_ACTIVE_TREES_AT, 1);
    const e = thrown(() => nodeStatisticsCodec.decode(b));
    expect([e.kind, e.field]).toEqual(['invalid', 'NodeStatistics.number_active_trees']);
  });

  it('algorithms_supported[32]: one id per byte, then zero padding', () => {
    const b = nodeStatisticsCodec.encode(stats([]));
    expect(Array.from(b.subarray(8, 10 + 32))).toEqual([0, 2, 1, 2, ...new Array<number>(30).fill(0)]);
    const all = { ...stats([]), algorithmsSupported: Array.from({ length: 32 }, (_, i) => i + 1) };
    expect(nodeStatisticsCodec.decode(nodeStatisticsCodec.encode(all))).toEqual(all);
  });

  it('algorithms_supported: encoder throws on more than 32 ids, id 0 or an id above 0xFF', () => {
    const field = 'NodeStatistics.algorithms_supported';
    expect(thrown(() => nodeStatisticsCodec.encode({ ...stats([]), algorithmsSupported: new Array<number>(33).fill(1) })).field).toBe(field);
    expect(thrown(() => nodeStatisticsCodec.encode({ ...stats([]), algorithmsSupported: [1, 0] })).field).toBe(field);
    expect(thrown(() => nodeStatisticsCodec.encode({ ...stats([]), algorithmsSupported: [0x8000] })).field).toBe(field);
  });

  it('algorithms_supported: decoder rejects a count above 32, a listed 0 and non-zero padding', () => {
    const base = nodeStatisticsCodec.encode(stats([]));
    const withCount = (n: number) => {
      const b = base.slice();
      new DataView(b.buffer).setUint16(8, n);
      return b;
    };
    expect(thrown(() => nodeStatisticsCodec.decode(withCount(33))).field).toBe('NodeStatistics.number_algorithms_supported');
    expect(thrown(() => nodeStatisticsCodec.decode(withCount(3))).field).toBe('NodeStatistics.algorithms_supported');
    expect(thrown(() => nodeStatisticsCodec.decode(withCount(1))).field).toBe('NodeStatistics.algorithms_supported');
  });

  it('is the body of NodeQueryResponse', () => {
    const m = almMessage(ALM_ALG_SCRIBE_SAM, ALM_NODE_QUERY_RESPONSE, stats([tree(1, 2, 2)], 4));
    expect(decodeAlmMessage(encodeAlmMessage(m))).toEqual(m);
  });
});

import { describe, expect, it } from 'vitest';
import { Id, resourceId } from '../../src/reload/id.ts';
import { ErrorCode } from '../../src/reload/wire/codes.ts';
import type { StoredDataValue } from '../../src/reload/wire/bodies/stored-data.ts';
import { makeOverlay } from './helpers.ts';

const NODE_KIND = 0xf0000010;
const NODE_ID_KIND = 0xf0000011;
const USER_KIND = 0xf0000012;
const DICT_KIND = 0xf0000013;

function single(bytes: number[]): StoredDataValue {
  return { model: 'single', value: { exists: true, value: new Uint8Array(bytes) } };
}

function setup() {
  const t = makeOverlay(64, {
    kinds: [
      { id: NODE_KIND, name: 'node-match', dataModel: 'single', accessPolicy: 'NODE-MATCH' },
      { id: NODE_ID_KIND, name: 'almtree-like', dataModel: 'single', accessPolicy: 'NODE-ID-MATCH' },
      { id: USER_KIND, name: 'user-match', dataModel: 'single', accessPolicy: 'USER-MATCH' },
      { id: DICT_KIND, name: 'user-node-match', dataModel: 'dictionary', accessPolicy: 'USER-NODE-MATCH' },
    ],
  });
  t.overlay.warmStart(t.peers);
  return t;
}

describe('RELOAD storage (RFC 6940 §7)', () => {
  it('NODE-MATCH: the owner stores at H(node-id); anyone else gets Error_Forbidden and the value stays', () => {
    const { overlay, scheduler, peers } = setup();
    const owner = peers[5]!;
    const other = peers[9]!;
    const key = resourceId(overlay.peers.idOf[owner]!.toBytes());
    const results: number[] = [];
    overlay.storage.store(owner, key, NODE_KIND, [single([1])], 3600, (r) => results.push(r.ok ? 0 : r.errorCode));
    scheduler.run(2_000_000);
    overlay.storage.store(other, key, NODE_KIND, [single([2])], 3600, (r) => results.push(r.ok ? 0 : r.errorCode));
    scheduler.run(4_000_000);
    expect(results).toEqual([0, ErrorCode.Forbidden]);
    let value = -1;
    overlay.storage.fetch(other, key, NODE_KIND, (r) => {
      const v = r.values[0]?.value;
      value = v?.model === 'single' ? v.value.value[0]! : -1;
    });
    scheduler.run(6_000_000);
    expect(value).toBe(1);
    // Replicas on the two successors hold the owner's value too (§10.4).
    const holder = overlay.responsibleTruth(key);
    for (const s of [overlay.table.successor(holder, 0), overlay.table.successor(holder, 1)]) {
      const held = overlay.storage.held(s, key, NODE_KIND);
      expect(held.length).toBe(1);
    }
  });

  it('NODE-ID-MATCH (the ALMTree reading): only a holder of a certificate for that Node-ID may store', () => {
    const { overlay, scheduler, peers } = setup();
    const owner = peers[3]!;
    const groupId = resourceId('session-key-of-group');
    const res: number[] = [];
    overlay.storage.store(owner, groupId, NODE_ID_KIND, [single([7])], 3600, (r) => res.push(r.ok ? 0 : r.errorCode));
    scheduler.run(2_000_000);
    expect(overlay.enrollment.issueNodeId(overlay.credentials[owner]!, groupId)).toBe(true);
    overlay.storage.store(owner, groupId, NODE_ID_KIND, [single([8])], 3600, (r) => res.push(r.ok ? 0 : r.errorCode));
    scheduler.run(4_000_000);
    expect(res).toEqual([ErrorCode.Forbidden, 0]);
  });

  it('USER-MATCH and generation counters; an unknown kind gets Error_Unknown_Kind', () => {
    const { overlay, scheduler, peers } = setup();
    const p = peers[1]!;
    const key = resourceId(overlay.credentials[p]!.userName);
    const gens: number[] = [];
    for (let i = 0; i < 3; i++) overlay.storage.store(p, key, USER_KIND, [single([i])], 3600, (r) => gens.push(r.generation));
    let unknown = 0;
    overlay.storage.store(p, key, 0xdead, [single([0])], 3600, (r) => (unknown = r.errorCode));
    scheduler.run(3_000_000);
    expect(gens).toEqual([1, 2, 3]);
    expect(unknown).toBe(ErrorCode.UnknownKind);
  });

  it('USER-NODE-MATCH: dictionary keys must be a Node-ID of the signer', () => {
    const { overlay, scheduler, peers } = setup();
    const p = peers[2]!;
    const key = resourceId(overlay.credentials[p]!.userName);
    const entry = (k: Id): StoredDataValue => ({ model: 'dictionary', key: k.toBytes(), value: { exists: true, value: new Uint8Array([1]) } });
    const res: number[] = [];
    overlay.storage.store(p, key, DICT_KIND, [entry(overlay.peers.idOf[p]!)], 3600, (r) => res.push(r.ok ? 0 : r.errorCode));
    overlay.storage.store(p, key, DICT_KIND, [entry(overlay.peers.idOf[peers[3]!]!)], 3600, (r) => res.push(r.ok ? 0 : r.errorCode));
    scheduler.run(3_000_000);
    expect(res).toEqual([0, ErrorCode.Forbidden]);
  });

  it('values expire after their lifetime', () => {
    const { overlay, scheduler, peers } = setup();
    const p = peers[4]!;
    const key = resourceId(overlay.credentials[p]!.userName);
    overlay.storage.store(p, key, USER_KIND, [single([9])], 10, () => {});
    const counts: number[] = [];
    scheduler.run(2_000_000);
    overlay.storage.fetch(p, key, USER_KIND, (r) => counts.push(r.values.length));
    scheduler.run(15_000_000);
    overlay.storage.fetch(p, key, USER_KIND, (r) => counts.push(r.values.length));
    scheduler.run(20_000_000);
    expect(counts).toEqual([1, 0]);
  });
});

/**
 * RELOAD storage (RFC 6940 §7, CHORD-RELOAD §10.4-§10.5, §10.7.1, §10.9).
 *
 * - Store: the responsible peer checks each StoredData against its kind's access policy (signer
 *   named by the StoredData's signature, credentials from the enrollment server), applies the
 *   generation counter, stores, answers with its replica set, and replicates to its first two
 *   successors (replica numbers 1 and 2). Replica holders check the policy too.
 * - Fetch: the responsible peer (or a replica holder that became responsible) answers with the
 *   values it holds that have not expired.
 * - Data follows responsibility: the admitting peer hands a joining peer the resources it becomes
 *   responsible for, a leaving peer hands its resources to its successor, and a peer whose range
 *   grew (its predecessor failed) re-replicates the replicas it now owns, so data survives a crash.
 *
 * A peer does not mark data as primary or replica: it is primary exactly where the peer is
 * responsible for the Resource-ID, which the topology decides.
 */
import type { Scheduler } from '../../sim/index.ts';
import type { EnrollmentServer } from '../enrollment.ts';
import { Id } from '../id.ts';
import type { ReloadMessage } from '../message.ts';
import type { MessageTransport } from '../message-transport.ts';
import type { PeerTable } from '../peer-table.ts';
import type { ChordTable } from '../topology/chord/chord-table.ts';
import type { ChordListener, ChordTopology } from '../topology/chord/chord.ts';
import type { FetchAns, FetchKindResponse, FetchReq, StoredDataSpecifier } from '../wire/bodies/fetch.ts';
import type { StoreAns, StoreKindData, StoreKindResponse, StoreReq } from '../wire/bodies/store.ts';
import type { StoredData, StoredDataValue } from '../wire/bodies/stored-data.ts';
import type { Signature } from '../wire/security-block.ts';
import { ErrorCode, MessageCode } from '../wire/codes.ts';
import type { Destination } from '../wire/destination.ts';
import type { ErrorResponse } from '../wire/error-response.ts';
import type { KindDefinition, KindRegistry } from './kinds.ts';
import { policyAllows } from './kinds.ts';

interface KindEntry {
  generation: number;
  /** Values by key: '' for a single value, the index for an array, the key's hex for a dictionary. */
  readonly values: Map<string, StoredData>;
}

interface ResourceEntry {
  readonly id: Id;
  readonly kinds: Map<number, KindEntry>;
}

export interface StorageComponents {
  scheduler: Scheduler;
  peers: PeerTable;
  table: ChordTable;
  topology: ChordTopology;
  transport: MessageTransport;
  kinds: KindRegistry;
  enrollment: EnrollmentServer;
  /** The modelled signature a peer puts on the data it stores (cert_hash_node_id naming it). */
  signatureOf: (peer: number) => Signature;
}

export interface StorageInit {
  /** Copies kept besides the responsible peer's (§10.4: its successor and the successor's successor). @default 2 */
  replicas?: number;
}

/** Outcome of a client Store. */
export interface StoreResult {
  readonly ok: boolean;
  /** RELOAD error code when !ok (Error_Request_Timeout when nobody answered). */
  readonly errorCode: number;
  readonly generation: number;
  readonly answer: ReloadMessage;
}

/** Outcome of a client Fetch. */
export interface FetchResult {
  readonly ok: boolean;
  readonly errorCode: number;
  readonly values: readonly StoredData[];
  readonly generation: number;
  readonly answer: ReloadMessage;
}

export class Storage implements ChordListener {
  private readonly stores = new Map<number, Map<string, ResourceEntry>>();
  private readonly replicas: number;
  private readonly ignore = (): void => {};

  constructor(
    private readonly c: StorageComponents,
    init: StorageInit = {},
  ) {
    this.replicas = init.replicas ?? 2;
    c.transport.handle(MessageCode.StoreReq, (p, m) => this.onStoreReq(p, m));
    c.transport.handle(MessageCode.FetchReq, (p, m) => this.onFetchReq(p, m));
    c.topology.setListener(this);
    c.topology.resourceCount = (p) => this.stores.get(p)?.size ?? 0;
  }

  // ------------------------------------------------------------ client API

  /**
   * Stores values of one kind at `resource` from `peer` (signed by it). `done` gets the outcome.
   * Values must all be of the kind's data model.
   */
  store(peer: number, resource: Id, kind: number, values: readonly StoredDataValue[], lifetimeSeconds: number, done: (r: StoreResult) => void): void {
    const now = this.nowMs();
    const signature = this.c.signatureOf(peer);
    const data: StoredData[] = values.map((value) => ({ storageTime: now, lifetime: lifetimeSeconds, value, signature }));
    const body: StoreReq = { resource, replicaNumber: 0, kindData: [{ kind, generationCounter: 0, values: data }] };
    this.c.transport.request(peer, [{ type: 'resource', id: resource }], MessageCode.StoreReq, body, onStoreAnswer, done);
  }

  /** Fetches every value of one kind at `resource`. */
  fetch(peer: number, resource: Id, kind: number, done: (r: FetchResult) => void): void {
    const def = this.c.kinds.get(kind);
    const model = def?.dataModel ?? 'single';
    const spec: StoredDataSpecifier =
      model === 'single' ? { kind, generation: 0, model } : model === 'array' ? { kind, generation: 0, model, indices: [{ first: 0, last: 0xffffffff }] } : { kind, generation: 0, model, keys: [] };
    const body: FetchReq = { resource, specifiers: [spec] };
    this.c.transport.request(peer, [{ type: 'resource', id: resource }], MessageCode.FetchReq, body, onFetchAnswer, done);
  }

  /** What peer p holds for a resource and kind (ground truth, for tests and collectors). */
  held(p: number, resource: Id, kind: number): readonly StoredData[] {
    const e = this.stores.get(p)?.get(resource.toHex())?.kinds.get(kind);
    return e === undefined ? [] : [...e.values.values()];
  }

  /** Number of resources peer p holds. */
  resourceCount(p: number): number {
    return this.stores.get(p)?.size ?? 0;
  }

  /** Drops a departed peer's store. */
  forget(p: number): void {
    this.stores.delete(p);
  }

  // ------------------------------------------------------------ handlers

  /**
   * A Store performed by `p` itself, as the root of an ALM group does for the ALMTree (RFC 7019
   * §7.2.1: a "local StoreReq"). The values keep their own signatures, so the kind's policy is checked
   * against whoever signed them. Returns 0 or the RELOAD error code; on success the data is
   * replicated like any other.
   */
  storeLocal(p: number, resource: Id, kind: number, values: readonly StoredData[]): number {
    const r = this.apply(p, { resource, replicaNumber: 0, kindData: [{ kind, generationCounter: 0, values }] });
    return typeof r === 'number' ? r : 0;
  }

  /** Store (§6.4.1.1 / §7.4.1). */
  private onStoreReq(p: number, req: ReloadMessage): void {
    const r = this.apply(p, req.body as StoreReq);
    if (typeof r === 'number') this.c.transport.answerError(p, req, r);
    else this.c.transport.answer(p, req, MessageCode.StoreAns, r);
  }

  /** Checks and applies a StoreReq at p; returns the StoreAns or a RELOAD error code. */
  private apply(p: number, body: StoreReq): StoreAns | number {
    if (body.replicaNumber === 0 && !this.c.topology.isResponsible(p, body.resource)) return ErrorCode.NotFound;
    // Check everything before changing anything: a request that fails changes nothing.
    for (const kd of body.kindData) {
      const def = this.c.kinds.get(kd.kind);
      if (def === undefined) return ErrorCode.UnknownKind;
      for (const v of kd.values) {
        const err = this.check(def, body.resource, v);
        if (err !== 0) return err;
      }
      const have = this.entry(p, body.resource, false)?.kinds.get(kd.kind);
      if (have !== undefined && kd.generationCounter !== 0 && kd.generationCounter < have.generation) return ErrorCode.GenerationCounterTooLow;
      if (kd.values.length > (def.maxCount ?? (def.dataModel === 'single' ? 1 : 128))) return ErrorCode.DataTooLarge;
    }
    const responses: StoreKindResponse[] = [];
    const replicated: StoreKindData[] = [];
    const replicaIds = this.replicaSet(p).map((q) => this.c.peers.idOf[q]!);
    const res = this.entry(p, body.resource, true)!;
    for (const kd of body.kindData) {
      let e = res.kinds.get(kd.kind);
      if (e === undefined) {
        e = { generation: 0, values: new Map() };
        res.kinds.set(kd.kind, e);
      }
      for (const v of kd.values) e.values.set(valueKey(v.value), v);
      // The responsible peer advances the generation; a replica takes the one it is given.
      e.generation = body.replicaNumber === 0 ? Math.max(e.generation + 1, kd.generationCounter) : Math.max(e.generation, kd.generationCounter);
      responses.push({ kind: kd.kind, generationCounter: e.generation, replicas: body.replicaNumber === 0 ? replicaIds : [] });
      replicated.push({ kind: kd.kind, generationCounter: e.generation, values: kd.values });
    }
    if (body.replicaNumber === 0) this.replicate(p, body.resource, replicated);
    return { kindResponses: responses };
  }

  /** Fetch (§6.4.1.2 / §7.4.2). */
  private onFetchReq(p: number, req: ReloadMessage): void {
    const body = req.body as FetchReq;
    const t = this.c.transport;
    if (!this.c.topology.isResponsible(p, body.resource)) {
      t.answerError(p, req, ErrorCode.NotFound);
      return;
    }
    const res = this.entry(p, body.resource, false);
    const nowMs = this.nowMs();
    const out: FetchKindResponse[] = [];
    for (const spec of body.specifiers) {
      if (this.c.kinds.get(spec.kind) === undefined) {
        t.answerError(p, req, ErrorCode.UnknownKind);
        return;
      }
      const e = res?.kinds.get(spec.kind);
      const values: StoredData[] = [];
      if (e !== undefined) {
        for (const v of e.values.values()) {
          if (v.storageTime + v.lifetime * 1000 <= nowMs) continue;
          if (matches(spec, v.value)) values.push(v);
        }
      }
      out.push({ kind: spec.kind, generation: e?.generation ?? 0, values });
    }
    const ans: FetchAns = { kindResponses: out };
    t.answer(p, req, MessageCode.FetchAns, ans);
  }

  // ------------------------------------------------------------ ChordListener

  /** The peer being admitted by the current admitting(), whose data that call already handed over. */
  private admitted = -1;

  admitting(ap: number, jp: number): void {
    // The joining peer takes (AP's old predecessor, JP]; hand it what lies there (§10.5 step 6).
    this.admitted = jp;
    const all = this.stores.get(ap);
    if (all === undefined) return;
    const peers = this.c.peers;
    const oldPred = this.c.table.predecessor(ap);
    for (const res of all.values()) {
      const inRange = oldPred < 0 ? peers.ids.inHalfOpen(ap, res.id, jp) : peers.ids.inHalfOpen(oldPred, res.id, jp);
      if (!inRange) continue;
      this.sendStoreTo(ap, res, this.c.peers.nodeDest(jp));
    }
  }

  leaving(p: number): void {
    const all = this.stores.get(p);
    const succ = this.c.table.successor(p, 0);
    if (all === undefined || succ < 0) return;
    for (const res of all.values()) {
      if (this.c.topology.isResponsible(p, res.id)) this.sendStoreTo(p, res, this.c.peers.nodeDest(succ));
    }
  }

  /**
   * p's first predecessor changed from `oldPred`. If the range grew (the old predecessor failed or
   * left), the replicas p now owns are replicated on (§10.7.1). If it shrank (a peer p did not know
   * of lies between), what p no longer owns is handed to whoever owns it now, by a Store routed to
   * the Resource-ID; p keeps its copy as a replica. A join's admitting peer has already handed the
   * data over (§10.5 step 6), so that case sends nothing twice.
   */
  responsibilityChanged(p: number, oldPred: number): void {
    const pred = this.c.table.predecessor(p);
    if (oldPred < 0 || pred < 0 || oldPred === pred || !this.c.peers.isRunning(p)) return;
    const ids = this.c.peers.ids;
    if (ids.inHalfOpen(pred, this.c.peers.idOf[oldPred]!, p)) {
      this.rereplicate(p);
      return;
    }
    if (pred === this.admitted) {
      this.admitted = -1;
      return;
    }
    const all = this.stores.get(p);
    if (all === undefined) return;
    for (const res of all.values()) {
      if (ids.inHalfOpen(oldPred, res.id, p) && !this.c.topology.isResponsible(p, res.id)) this.sendStoreTo(p, res, { type: 'resource', id: res.id });
    }
  }

  successorsChanged(p: number): void {
    this.rereplicate(p);
  }

  // ------------------------------------------------------------ internals

  private rereplicate(p: number): void {
    const all = this.stores.get(p);
    if (all === undefined || !this.c.peers.isUp(p)) return;
    for (const res of all.values()) {
      if (!this.c.topology.isResponsible(p, res.id)) continue;
      const kd: StoreKindData[] = [];
      for (const [kind, e] of res.kinds) kd.push({ kind, generationCounter: e.generation, values: [...e.values.values()] });
      this.replicate(p, res.id, kd);
    }
  }

  private replicate(p: number, resource: Id, kindData: readonly StoreKindData[]): void {
    const set = this.replicaSet(p);
    for (let i = 0; i < set.length; i++) {
      const body: StoreReq = { resource, replicaNumber: i + 1, kindData };
      this.c.transport.request(p, this.c.peers.nodeDestList(set[i]!), MessageCode.StoreReq, body, this.ignore, 0);
    }
  }

  /** Stores all of a resource (replica 0: "you are responsible") at `dest`. */
  private sendStoreTo(from: number, res: ResourceEntry, dest: Destination): void {
    const kd: StoreKindData[] = [];
    for (const [kind, e] of res.kinds) kd.push({ kind, generationCounter: e.generation, values: [...e.values.values()] });
    const body: StoreReq = { resource: res.id, replicaNumber: 0, kindData: kd };
    this.c.transport.request(from, [dest], MessageCode.StoreReq, body, this.ignore, 0);
  }

  private replicaSet(p: number): number[] {
    const out: number[] = [];
    const t = this.c.table;
    for (let i = 0; i < t.succCount(p) && out.length < this.replicas; i++) {
      const q = t.successor(p, i);
      if (q !== p && !out.includes(q)) out.push(q);
    }
    return out;
  }

  private check(def: KindDefinition, resource: Id, v: StoredData): number {
    const id = v.signature.identity;
    if (id.type !== 'cert_hash_node_id') return ErrorCode.Forbidden;
    const signer = this.c.enrollment.credentialsOf(idFromHash(id.certificateNodeIdHash));
    if (signer === undefined || !policyAllows(def, resource, v.value, signer)) return ErrorCode.Forbidden;
    const size = v.value.value.value.length;
    if (size > (def.maxSize ?? 65_535)) return ErrorCode.DataTooLarge;
    return 0;
  }

  private entry(p: number, id: Id, create: boolean): ResourceEntry | undefined {
    let all = this.stores.get(p);
    if (all === undefined) {
      if (!create) return undefined;
      all = new Map();
      this.stores.set(p, all);
    }
    const key = id.toHex();
    let e = all.get(key);
    if (e === undefined && create) {
      e = { id, kinds: new Map() };
      all.set(key, e);
    }
    return e;
  }

  private nowMs(): number {
    return Math.floor(this.c.scheduler.now / 1000);
  }
}

function idFromHash(h: Uint8Array): Id {
  // The modelled cert_hash_node_id carries the signer's Node-ID in its first 16 bytes.
  return Id.fromBytes(h, 0);
}

function valueKey(v: StoredDataValue): string {
  if (v.model === 'single') return '';
  if (v.model === 'array') return String(v.index);
  let s = 'k';
  for (const b of v.key) s += b.toString(16).padStart(2, '0');
  return s;
}

function matches(spec: StoredDataSpecifier, v: StoredDataValue): boolean {
  if (spec.model === 'single') return v.model === 'single';
  if (spec.model === 'array') {
    if (v.model !== 'array') return false;
    return spec.indices.some((r) => v.index >= r.first && v.index <= r.last);
  }
  if (v.model !== 'dictionary') return false;
  if (spec.keys.length === 0) return true;
  const k = valueKey(v);
  return spec.keys.some((key) => valueKey({ model: 'dictionary', key, value: v.value }) === k);
}

function onStoreAnswer(done: (r: StoreResult) => void, answer: ReloadMessage): void {
  if (answer.code === MessageCode.Error) {
    done({ ok: false, errorCode: (answer.body as ErrorResponse).errorCode, generation: 0, answer });
    return;
  }
  const body = answer.body as StoreAns;
  done({ ok: true, errorCode: 0, generation: body.kindResponses[0]?.generationCounter ?? 0, answer });
}

function onFetchAnswer(done: (r: FetchResult) => void, answer: ReloadMessage): void {
  if (answer.code === MessageCode.Error) {
    done({ ok: false, errorCode: (answer.body as ErrorResponse).errorCode, values: [], generation: 0, answer });
    return;
  }
  const body = answer.body as FetchAns;
  const k = body.kindResponses[0];
  done({ ok: true, errorCode: 0, values: k?.values ?? [], generation: k?.generation ?? 0, answer });
}

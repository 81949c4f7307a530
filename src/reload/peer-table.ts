/**
 * The peers of one simulation, as columns indexed by peer index. A peer index names one incarnation
 * of a RELOAD node: a node that leaves and comes back is a new peer with a new index, so indices are
 * never reused and a stale reference can always be recognised as such.
 */
import { grownTo } from '../sim/index.ts';
import { Id, IdTable } from './id.ts';
import type { Destination, NodeDestination } from './wire/destination.ts';

/** A node Destination as this table hands it out: `peerKey` is the node's key (see PeerTable.idKey). */
type KeyedNodeDest = { readonly type: 'node'; readonly id: Id; readonly peerKey?: number };

export const enum PeerState {
  /** Created, joining the overlay. */
  Joining = 1,
  /** Member of the overlay. */
  Up = 2,
  /** Left gracefully. */
  Left = 3,
  /** Crashed. */
  Crashed = 4,
}

export class PeerTable {
  readonly ids = new IdTable(1024);
  /** The canonical Id object of each peer (shared by every message that names the peer). */
  readonly idOf: Id[] = [];
  /** The node Destination of each peer, made on first use and shared (Destinations are immutable). */
  private readonly dests: (NodeDestination | undefined)[] = [];
  /** `[nodeDest(p)]` per peer, made on first use and shared (destination lists are never modified). */
  private readonly destLists: (readonly Destination[] | undefined)[] = [];
  host: Int32Array = new Int32Array(1024);
  state: Uint8Array = new Uint8Array(1024);
  /** 1 for a RELOAD client (does not route or store; RFC 6940 §3.2). */
  client: Uint8Array = new Uint8Array(1024);
  /** Simulated time the peer became a member (for ChordUpdate.uptime and NodeStatistics). */
  upSince: Float64Array = new Float64Array(1024);
  /**
   * Per peer, the node key: the index of the first peer that had this node id, shared by every
   * incarnation of the node. Two peers have equal ids exactly when their keys are equal.
   */
  private idKey: Int32Array = new Int32Array(1024);
  /** Per node key, the latest peer with that id (what {@link peerOf} finds). */
  private latest: Int32Array = new Int32Array(1024);
  count = 0;
  /** Number of RELOAD clients created. */
  clientCount = 0;
  /** Number of peers in state Up. */
  upCount = 0;

  // Open-addressing hash from id to the latest peer with that id.
  private slots: Int32Array = new Int32Array(2048).fill(-1);
  private used = 0;

  /** Creates a peer in state Joining and returns its index. */
  create(id: Id, host: number, client: boolean): number {
    const p = this.count++;
    if (p >= this.host.length) this.grow(p + 1);
    this.ids.set(p, id);
    this.idOf[p] = id;
    this.host[p] = host;
    this.state[p] = PeerState.Joining;
    this.client[p] = client ? 1 : 0;
    if (client) this.clientCount++;
    const prev = this.peerOf(id);
    const key = prev >= 0 ? this.idKey[prev]! : p;
    this.idKey[p] = key;
    this.latest[key] = p;
    this.indexInsert(p);
    return p;
  }

  /**
   * `{ type: 'node', id }` for peer p, one shared object per peer. It also carries the node's key
   * (not part of the message: the wire codec writes only the id), so that {@link destIsPeer} and
   * {@link peerOfDest} need not read the id: at 100,000 peers those id reads, each a cache miss on
   * an Id object and on the id table, were 12% of a Chord workload's time.
   */
  nodeDest(p: number): NodeDestination {
    let d = this.dests[p];
    if (d === undefined) {
      const n: KeyedNodeDest = { type: 'node', id: this.idOf[p]!, peerKey: this.idKey[p]! };
      d = n;
      this.dests[p] = d;
    }
    return d;
  }

  /** True if the node destination d names peer p's id (RFC 6940 §6.1.2). */
  destIsPeer(d: NodeDestination, p: number): boolean {
    const k = (d as KeyedNodeDest).peerKey;
    return k !== undefined ? k === this.idKey[p] : this.ids.equals(p, d.id);
  }

  /** The latest peer with the id of node destination d, or -1 (as {@link peerOf}). */
  peerOfDest(d: NodeDestination): number {
    const k = (d as KeyedNodeDest).peerKey;
    return k !== undefined ? this.latest[k]! : this.peerOf(d.id);
  }

  /**
   * The destination list `[nodeDest(p)]`, one shared frozen array per peer: a request to a
   * neighbour and the answer to a one-hop request (most Heartbeats) carry exactly this list.
   */
  nodeDestList(p: number): readonly Destination[] {
    let l = this.destLists[p];
    if (l === undefined) {
      l = Object.freeze([this.nodeDest(p)]);
      this.destLists[p] = l;
    }
    return l;
  }

  isUp(p: number): boolean {
    return this.state[p] === PeerState.Up;
  }

  /** Up or joining: the peer is running (it receives messages). */
  isRunning(p: number): boolean {
    const s = this.state[p];
    return s === PeerState.Joining || s === PeerState.Up;
  }

  setState(p: number, s: PeerState, now: number): void {
    const was = this.state[p];
    if (was === PeerState.Up) this.upCount--;
    if (s === PeerState.Up) {
      this.upCount++;
      this.upSince[p] = now;
    }
    this.state[p] = s;
  }

  /** The latest peer whose id equals `id`, or -1. */
  peerOf(id: Id): number {
    const mask = this.slots.length - 1;
    let i = hashId(id.w2, id.w3) & mask;
    for (;;) {
      const p = this.slots[i]!;
      if (p < 0) return -1;
      if (this.ids.equals(p, id)) return p;
      i = (i + 1) & mask;
    }
  }

  private indexInsert(p: number): void {
    if ((this.used + 1) * 2 > this.slots.length) this.rehash();
    const w = this.ids.words;
    const o = p * 4;
    const mask = this.slots.length - 1;
    let i = hashId(w[o + 2]!, w[o + 3]!) & mask;
    for (;;) {
      const q = this.slots[i]!;
      if (q < 0) {
        this.slots[i] = p;
        this.used++;
        return;
      }
      if (this.ids.comparePeers(p, q) === 0) {
        // A new incarnation of the same node id replaces the old one.
        this.slots[i] = p;
        return;
      }
      i = (i + 1) & mask;
    }
  }

  private rehash(): void {
    const old = this.slots;
    this.slots = new Int32Array(old.length * 2).fill(-1);
    this.used = 0;
    for (let i = 0; i < old.length; i++) {
      const p = old[i]!;
      if (p >= 0) this.indexInsert(p);
    }
  }

  private grow(min: number): void {
    let cap = this.host.length * 2;
    while (cap < min) cap *= 2;
    this.host = grownTo(this.host, cap);
    this.state = grownTo(this.state, cap);
    this.client = grownTo(this.client, cap);
    this.upSince = grownTo(this.upSince, cap);
    this.idKey = grownTo(this.idKey, cap);
    this.latest = grownTo(this.latest, cap);
  }
}

function hashId(w2: number, w3: number): number {
  let h = Math.imul(w3 ^ (w2 >>> 15), 0x9e3779b1);
  h ^= h >>> 16;
  return h >>> 0;
}

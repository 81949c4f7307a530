/**
 * Message overhead in the window, from every transmission of a RELOAD message over an overlay link
 * (reload.messageSent: a message forwarded over k hops counts k times; a link-layer retransmission
 * counts again). Bytes are the encoded sizes (encodedLength). Each transmission falls in one
 * category, by its message code:
 * - overlay: RELOAD maintenance, every code but exp_a (Attach, Join, Update, Leave, Ping, Store,
 *   Fetch, AppAttach...) and RELOAD errors other than Error_Exp_A;
 * - tree: ALM tree maintenance, every ALM message code carried in exp_a except those below, and ALM
 *   errors (Error_Exp_A: JoinReject and the like);
 * - data: Push and PushResponse;
 * - measurement: NodeQuery and NodeQueryResponse (only the collectors' crawl sends them), so that
 *   measuring does not inflate the others.
 * Per-peer rates divide by the time each peer was up in the window (peer-seconds).
 */
import type { AlmMessage } from '../alm/wire/alm-message.ts';
import { ALM_NODE_QUERY, ALM_NODE_QUERY_RESPONSE, ALM_PUSH, ALM_PUSH_RESPONSE, almMessageName } from '../alm/wire/codes.ts';
import { ErrorCode, MessageCode, messageCodeName } from '../reload/wire/codes.ts';
import type { ErrorResponse } from '../reload/wire/error-response.ts';
import { IndexedF64 } from './columns.ts';
import type { EventSource, MetricsEvent } from './event-source.ts';
import type { Table } from './run-result.ts';
import { overlap, type MeasurementWindow } from './window.ts';

export const OVERHEAD_CATEGORIES = ['overlay', 'tree', 'data', 'measurement'] as const;
export type OverheadCategory = (typeof OVERHEAD_CATEGORIES)[number];

const OVERLAY = 0;
const TREE = 1;
const DATA = 2;
const MEASUREMENT = 3;

/** Keys: RELOAD codes 0..0xff, ALM codes at 0x100 + code, ALM errors, RELOAD errors, others. */
const ALM_BASE = 0x100;
const ALM_ERROR_KEY = 0x200;
const OTHER_KEY = 0x2fe;
const RELOAD_ERROR_KEY = 0x2ff;
const KEYS = 0x300;

export interface CategoryOverhead {
  readonly messages: number;
  readonly bytes: number;
  /** Per peer per second of up time in the window; null when no peer was up. */
  readonly messagesPerPeerSecond: number | null;
  readonly bytesPerPeerSecond: number | null;
}

export interface OverheadSummary {
  /** Sum over peers of their up time in the window, s. */
  readonly peerSeconds: number;
  readonly overlay: CategoryOverhead;
  readonly tree: CategoryOverhead;
  readonly data: CategoryOverhead;
  readonly measurement: CategoryOverhead;
}

export interface OverheadResult {
  readonly summary: OverheadSummary;
  /** One row per message code seen in the window. */
  readonly byCode: Table;
}

export interface OverheadCollectorComponents {
  trace: EventSource<MetricsEvent>;
}

export interface OverheadCollectorInit {
  window: MeasurementWindow;
}

export class OverheadCollector {
  private readonly window: MeasurementWindow;
  private readonly count = new Float64Array(KEYS);
  private readonly bytes = new Float64Array(KEYS);
  /** Per category: per sending peer, messages and bytes. */
  private readonly peerCount = OVERHEAD_CATEGORIES.map(() => new IndexedF64());
  private readonly peerBytes = OVERHEAD_CATEGORIES.map(() => new IndexedF64());
  private readonly upAt = new IndexedF64(1024, -1);
  private readonly downAt = new IndexedF64(1024, -1);
  private maxPeer = -1;

  constructor(c: OverheadCollectorComponents, init: OverheadCollectorInit) {
    this.window = init.window;
    c.trace.on('reload.messageSent', (e) => {
      if (e.time < this.window.start || e.time >= this.window.end) return;
      const key = keyOf(e.code, e.msg.body);
      this.count[key]!++;
      this.bytes[key]! += e.size;
      const cat = categoryOf(key);
      this.peerCount[cat]!.add(e.peer, 1);
      this.peerBytes[cat]!.add(e.peer, e.size);
    });
    c.trace.on('reload.peerJoined', (e) => {
      this.upAt.set(e.peer, e.time);
      if (e.peer > this.maxPeer) this.maxPeer = e.peer;
    });
    c.trace.on('reload.peerLeft', (e) => {
      if (this.upAt.get(e.peer) >= 0) this.downAt.set(e.peer, e.time);
    });
  }

  /** Up time of a peer inside the window, us. */
  upTime(peer: number): number {
    const up = this.upAt.get(peer);
    if (up < 0) return 0;
    const down = this.downAt.get(peer);
    return overlap(this.window, up, down < 0 ? Infinity : down);
  }

  /** Highest peer index that was ever up. */
  get peerLimit(): number {
    return this.maxPeer + 1;
  }

  /** Messages and bytes a peer sent in the window, per category. */
  peerTotals(peer: number): { messages: number[]; bytes: number[] } {
    return { messages: this.peerCount.map((a) => a.get(peer)), bytes: this.peerBytes.map((a) => a.get(peer)) };
  }

  finish(): OverheadResult {
    let peerUs = 0;
    for (let p = 0; p <= this.maxPeer; p++) peerUs += this.upTime(p);
    const peerSeconds = peerUs / 1e6;
    const totals = OVERHEAD_CATEGORIES.map(() => ({ messages: 0, bytes: 0 }));
    const code: string[] = [];
    const name: string[] = [];
    const category: string[] = [];
    const messages: number[] = [];
    const bytes: number[] = [];
    const rate: (number | null)[] = [];
    for (let key = 0; key < KEYS; key++) {
      const n = this.count[key]!;
      if (n === 0) continue;
      const cat = categoryOf(key);
      totals[cat]!.messages += n;
      totals[cat]!.bytes += this.bytes[key]!;
      code.push(keyCode(key));
      name.push(keyName(key));
      category.push(OVERHEAD_CATEGORIES[cat]!);
      messages.push(n);
      bytes.push(this.bytes[key]!);
      rate.push(peerSeconds > 0 ? n / peerSeconds : null);
    }
    const per = (v: number) => (peerSeconds > 0 ? v / peerSeconds : null);
    const cat = (i: number): CategoryOverhead => ({
      messages: totals[i]!.messages,
      bytes: totals[i]!.bytes,
      messagesPerPeerSecond: per(totals[i]!.messages),
      bytesPerPeerSecond: per(totals[i]!.bytes),
    });
    return {
      summary: { peerSeconds, overlay: cat(OVERLAY), tree: cat(TREE), data: cat(DATA), measurement: cat(MEASUREMENT) },
      byCode: {
        columns: ['code', 'message', 'category', 'messages', 'bytes', 'messages_per_peer_s'],
        length: code.length,
        data: { code, message: name, category, messages, bytes, messages_per_peer_s: rate },
      },
    };
  }
}

function keyOf(code: number, body: unknown): number {
  if (code === MessageCode.ExpAReq || code === MessageCode.ExpAAns) {
    const alm = (body as AlmMessage | undefined)?.code;
    return typeof alm === 'number' && alm > 0 && alm < 0x100 ? ALM_BASE + alm : OTHER_KEY;
  }
  if (code === MessageCode.Error) return (body as ErrorResponse | undefined)?.errorCode === ErrorCode.ExpA ? ALM_ERROR_KEY : RELOAD_ERROR_KEY;
  return code < 0x100 ? code : OTHER_KEY;
}

function categoryOf(key: number): number {
  if (key === ALM_BASE + ALM_PUSH || key === ALM_BASE + ALM_PUSH_RESPONSE) return DATA;
  if (key === ALM_BASE + ALM_NODE_QUERY || key === ALM_BASE + ALM_NODE_QUERY_RESPONSE) return MEASUREMENT;
  if ((key > ALM_BASE && key < ALM_BASE + 0x100) || key === ALM_ERROR_KEY) return TREE;
  return OVERLAY;
}

function hex(n: number, digits: number): string {
  return `0x${n.toString(16).padStart(digits, '0')}`;
}

function keyCode(key: number): string {
  if (key < ALM_BASE) return hex(key, 2);
  if (key < ALM_ERROR_KEY) return `exp_a/${hex(key - ALM_BASE, 4)}`;
  if (key === ALM_ERROR_KEY) return `${hex(MessageCode.Error, 4)}/${hex(ErrorCode.ExpA, 2)}`;
  if (key === RELOAD_ERROR_KEY) return hex(MessageCode.Error, 4);
  return 'other';
}

function keyName(key: number): string {
  if (key < ALM_BASE) return messageCodeName(key);
  if (key < ALM_ERROR_KEY) return almMessageName(key - ALM_BASE);
  if (key === ALM_ERROR_KEY) return 'ALM error (Error_Exp_A)';
  if (key === RELOAD_ERROR_KEY) return 'error';
  return 'other';
}

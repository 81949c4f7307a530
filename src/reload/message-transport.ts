/**
 * RELOAD message transport (RFC 6940 §6.2): end-to-end transactions over the overlay.
 *
 * - A request is retransmitted with the same transaction id when no answer arrives within the
 *   reliability timer (3000 ms), at most 4 times (5 sends); then the request fails locally with
 *   Error_Request_Timeout (§6.2.1).
 * - A responder answers a duplicate request (same transaction id, within 15 s) with the answer it
 *   gave the first time instead of processing it again (§6.2.1).
 * - Requests that end their route at a peer are dispatched to the handler registered for their
 *   message code; answers are matched to the originator's transaction.
 */
import type { Scheduler, TraceSink } from '../sim/index.ts';
import type { Forwarding, LocalDelivery } from './forwarding.ts';
import type { Destination, ReloadMessage } from './message.ts';
import type { PeerTable } from './peer-table.ts';
import type { ReloadTraceEvent } from './trace-events.ts';
import { DEFAULT_INITIAL_TTL, ErrorCode, MessageCode, answerCode, isRequestCode } from './wire/codes.ts';
import type { ErrorResponse } from './wire/error-response.ts';

/** Computes the encoded length of a message as it is first sent (empty via list). */
export interface MessageSizer {
  messageSize(dest: readonly Destination[], code: number, body: unknown, signer: number): number;
}

/** Handles a request that ended its route at `peer`; it must answer through the transport. */
export type RequestHandler = (peer: number, request: ReloadMessage) => void;

/**
 * Receives the answer to a request (or, if the transaction failed, a local ErrorResponse with
 * Error_Request_Timeout, whose `origin` is -1). `ctx` is what the caller passed to `request`, so that
 * one bound function can serve every transaction of a component.
 */
export type AnswerCallback<C> = (ctx: C, answer: ReloadMessage, request: Transaction) => void;

export interface Transaction {
  readonly id: number;
  readonly peer: number;
  readonly dest: readonly Destination[];
  readonly code: number;
  readonly body: unknown;
  /** Sends so far (1 + retransmissions). */
  sends: number;
  readonly startedAt: number;
  /** When the current reliability timer runs out (us). */
  expiresAt: number;
  readonly callback: AnswerCallback<unknown>;
  readonly ctx: unknown;
  /** If >= 0, every send goes first over the connection to this peer (a bootstrap peer). */
  readonly firstHop: number;
  /** Usage bookkeeping copied onto every transmission (ReloadMessage.tag). */
  readonly tag: unknown;
  /** The responder's cached answer while the transaction is pending (see `remember`). */
  cached: CachedAnswer | undefined;
}

export interface MessageTransportComponents {
  scheduler: Scheduler;
  forwarding: Forwarding;
  peers: PeerTable;
  trace: TraceSink<ReloadTraceEvent>;
  sizer: MessageSizer;
}

export interface MessageTransportInit {
  /** End-to-end retransmission timer, microseconds (RFC 6940 §6.2.1). @default 3000000 */
  reliabilityTimer?: number;
  /** Retransmissions before a request fails (§6.2.1). @default 4 */
  maxRetransmissions?: number;
  /** How long a responder remembers its answer to a transaction id (§6.2.1). @default 15000000 */
  duplicateWindow?: number;
  /** Initial TTL of a new message (§6.3.2, configuration `initial-ttl`). @default 100 */
  initialTtl?: number;
}

interface CachedAnswer {
  readonly responder: number;
  readonly code: number;
  readonly body: unknown;
  /** End of the duplicate window (us). */
  readonly expiresAt: number;
}

export class MessageTransport implements LocalDelivery {
  private readonly handlers = new Map<number, RequestHandler>();
  /** The same handlers indexed by code, for the codes RFC 6940 assigns (all below 0x40). */
  private readonly handlerByCode: (RequestHandler | undefined)[] = new Array<RequestHandler | undefined>(HANDLER_SLOTS).fill(undefined);
  private readonly pending = new Map<number, Transaction>();
  private readonly answered = new Map<number, CachedAnswer>();
  // FIFO of (expiry time, transaction id) for the duplicate cache, pruned as it grows.
  private cacheExpiry: number[] = [];
  private cacheIds: number[] = [];
  private cacheHead = 0;
  /** Time of the latest answer given (entries expired by then are invisible). */
  private lastAnswerAt = -1;
  private nextTransactionId = 1;
  private readonly reliabilityTimer: number;
  private readonly maxSends: number;
  private readonly duplicateWindow: number;
  private readonly initialTtl: number;
  /**
   * Reliability timers. They all run for the same time, so they expire in the order they were set:
   * a FIFO with one scheduler event armed for its head replaces a heap entry per transaction (most
   * transactions are answered long before their timer, and a cancelled heap entry still costs a pop).
   */
  // Transaction ids, not the transactions: an answered transaction is freed at once instead of
  // being held until its timer would have run out.
  private timerQueue: number[] = [];
  private timerExpiry: number[] = [];
  private timerHead = 0;
  private timerArmed = false;
  private readonly onTimerQueue = (): void => this.drainTimers();
  private readonly onDeferred = (msg: ReloadMessage): void => this.deliverNow(msg.origin, msg);

  constructor(
    private readonly c: MessageTransportComponents,
    init: MessageTransportInit = {},
  ) {
    this.reliabilityTimer = init.reliabilityTimer ?? 3_000_000;
    this.maxSends = 1 + (init.maxRetransmissions ?? 4);
    this.duplicateWindow = init.duplicateWindow ?? 15_000_000;
    this.initialTtl = init.initialTtl ?? DEFAULT_INITIAL_TTL;
    c.forwarding.bind(this);
  }

  /** Registers the handler of requests with this message code. */
  handle(code: number, handler: RequestHandler): void {
    if (this.handlers.has(code)) throw new Error(`a handler for message code ${code} is already registered`);
    this.handlers.set(code, handler);
    if (code < HANDLER_SLOTS) this.handlerByCode[code] = handler;
  }

  /** Number of transactions waiting for an answer. */
  get pendingCount(): number {
    return this.pending.size;
  }

  /**
   * Sends a request from `peer` to `dest` and calls `callback(ctx, answer, tx)` with the answer or a
   * local Error_Request_Timeout. Returns the transaction.
   */
  request<C>(peer: number, dest: readonly Destination[], code: number, body: unknown, callback: AnswerCallback<C>, ctx: C, tag?: unknown): Transaction {
    return this.start(peer, -1, dest, code, body, callback, ctx, tag);
  }

  /**
   * Like {@link request}, but every transmission is handed straight to the connected peer
   * `firstHop` instead of being routed at `peer` (joining peers and clients, RFC 6940 §10.5).
   */
  requestVia<C>(peer: number, firstHop: number, dest: readonly Destination[], code: number, body: unknown, callback: AnswerCallback<C>, ctx: C): Transaction {
    return this.start(peer, firstHop, dest, code, body, callback, ctx, undefined);
  }

  private start<C>(peer: number, firstHop: number, dest: readonly Destination[], code: number, body: unknown, callback: AnswerCallback<C>, ctx: C, tag: unknown): Transaction {
    const tx: Transaction = {
      id: this.nextTransactionId++,
      peer,
      dest,
      code,
      body,
      sends: 0,
      startedAt: this.c.scheduler.now,
      expiresAt: 0,
      callback: callback as AnswerCallback<unknown>,
      ctx,
      firstHop,
      tag,
      cached: undefined,
    };
    this.pending.set(tx.id, tx);
    this.send(tx);
    return tx;
  }

  /** Abandons a pending transaction without calling its callback (e.g. the peer left). */
  abandon(tx: Transaction): void {
    if (this.pending.get(tx.id) === tx) this.settle(tx);
  }

  /** Abandons every pending transaction of a peer (it left or crashed). */
  abandonAll(peer: number): void {
    for (const tx of this.pending.values()) {
      if (tx.peer === peer) this.abandon(tx);
    }
  }

  /** Answers `request` at `peer` with an answer of `code` (normally the request code + 1). */
  answer(peer: number, request: ReloadMessage, code: number, body: unknown): void {
    if (request.transactionId > 0) this.remember(peer, request.transactionId, code, body);
    this.sendAnswer(peer, request, code, body);
  }

  /** Answers `request` with an ErrorResponse (RFC 6940 §6.3.3.1). */
  answerError(peer: number, request: ReloadMessage, errorCode: number, errorInfo: Uint8Array = EMPTY): void {
    const body: ErrorResponse = { errorCode, errorInfo };
    this.answer(peer, request, MessageCode.Error, body);
  }

  /** The answer code for a request code, for handlers. */
  static answerCodeOf(requestCode: number): number {
    return answerCode(requestCode);
  }

  // ---- LocalDelivery ----

  deliverLocal(peer: number, msg: ReloadMessage): void {
    if (msg.hops === 0) {
      // Delivered where it was created: defer, so the caller of request()/answer() returns first.
      this.c.scheduler.schedule(0, this.onDeferred, msg);
      return;
    }
    this.deliverNow(peer, msg);
  }

  undeliverable(peer: number, msg: ReloadMessage, errorCode: number): void {
    this.answerError(peer, msg, errorCode);
  }

  // ---- internals ----

  private deliverNow(peer: number, msg: ReloadMessage): void {
    const trace = this.c.trace;
    if (trace.want['reload.messageReceived']) {
      trace.emit({
        type: 'reload.messageReceived',
        time: this.c.scheduler.now,
        peer,
        code: msg.code,
        size: msg.size,
        hops: msg.hops,
        transactionId: msg.transactionId,
        origin: msg.origin,
        msg,
      });
    }
    if (isRequestCode(msg.code)) {
      const cached = this.cachedAnswer(msg.transactionId);
      if (cached !== undefined && cached.responder === peer) {
        this.sendAnswer(peer, msg, cached.code, cached.body);
        return;
      }
      const handler = msg.code < HANDLER_SLOTS ? this.handlerByCode[msg.code] : this.handlers.get(msg.code);
      if (handler === undefined) {
        this.answerError(peer, msg, ErrorCode.InvalidMessage, UNSUPPORTED);
        return;
      }
      handler(peer, msg);
      return;
    }
    const tx = this.pending.get(msg.transactionId);
    if (tx === undefined || tx.peer !== peer) return; // late duplicate answer
    this.settle(tx);
    tx.callback(tx.ctx, msg, tx);
  }

  private send(tx: Transaction): void {
    tx.sends++;
    const now = this.c.scheduler.now;
    const msg: ReloadMessage = {
      ttl: this.initialTtl,
      transactionId: tx.id,
      via: [],
      dest: tx.dest,
      destStart: 0,
      code: tx.code,
      body: tx.body,
      signer: tx.peer,
      size: this.c.sizer.messageSize(tx.dest, tx.code, tx.body, tx.peer),
      origin: tx.peer,
      createdAt: now,
      hops: 0,
      linkFrom: tx.peer,
      linkTo: tx.peer,
      linkSends: 0,
      tag: tx.tag,
    };
    // Rounded up to the millisecond, so that one scheduler event drains every timer of that millisecond.
    this.setTimer(tx, Math.ceil((now + this.reliabilityTimer) / 1000) * 1000);
    if (tx.firstHop >= 0) this.c.forwarding.originateVia(tx.peer, msg, tx.firstHop);
    else this.c.forwarding.originate(tx.peer, msg);
  }

  private setTimer(tx: Transaction, at: number): void {
    tx.expiresAt = at;
    this.timerQueue.push(tx.id);
    this.timerExpiry.push(at);
    if (!this.timerArmed) {
      this.timerArmed = true;
      this.c.scheduler.scheduleAt(at, this.onTimerQueue, null);
    }
  }

  private drainTimers(): void {
    const now = this.c.scheduler.now;
    const q = this.timerQueue;
    const exp = this.timerExpiry;
    let h = this.timerHead;
    while (h < q.length && exp[h]! <= now) {
      const tx = this.pending.get(q[h]!);
      h++;
      // Settled transactions and superseded timers (a retransmission set a newer one) are skipped.
      if (tx !== undefined && tx.expiresAt === exp[h - 1]) this.timerFired(tx);
    }
    if (h > 4096 && h * 2 > q.length) {
      this.timerQueue = q.slice(h);
      this.timerExpiry = exp.slice(h);
      h = 0;
    }
    this.timerHead = h;
    this.timerArmed = false;
    if (h < this.timerQueue.length) {
      this.timerArmed = true;
      this.c.scheduler.scheduleAt(this.timerExpiry[h]!, this.onTimerQueue, null);
    }
  }

  private timerFired(tx: Transaction): void {
    if (this.pending.get(tx.id) !== tx) return;
    const trace = this.c.trace;
    if (!this.c.peers.isRunning(tx.peer)) {
      this.settle(tx);
      return;
    }
    if (tx.sends < this.maxSends) {
      if (trace.want['reload.retransmission']) {
        trace.emit({ type: 'reload.retransmission', time: this.c.scheduler.now, peer: tx.peer, code: tx.code, transactionId: tx.id, attempt: tx.sends + 1 });
      }
      this.send(tx);
      return;
    }
    this.settle(tx);
    if (trace.want['reload.transactionTimeout']) {
      trace.emit({ type: 'reload.transactionTimeout', time: this.c.scheduler.now, peer: tx.peer, code: tx.code, transactionId: tx.id, sends: tx.sends });
    }
    const body: ErrorResponse = { errorCode: ErrorCode.RequestTimeout, errorInfo: EMPTY };
    const local: ReloadMessage = {
      ttl: 0,
      transactionId: tx.id,
      via: NO_VIA,
      dest: [],
      destStart: 0,
      code: MessageCode.Error,
      body,
      signer: tx.peer,
      size: 0,
      origin: -1,
      createdAt: this.c.scheduler.now,
      hops: 0,
      linkFrom: tx.peer,
      linkTo: tx.peer,
      linkSends: 0,
      tag: tx.tag,
    };
    tx.callback(tx.ctx, local, tx);
  }

  private sendAnswer(peer: number, request: ReloadMessage, code: number, body: unknown): void {
    const peers = this.c.peers;
    // §6.2.2: the answer's destination list is the request's via list reversed, ending at the
    // originator.
    const via = request.via;
    let dest: readonly Destination[];
    if (via.length <= 1) dest = peers.nodeDestList(via.length === 0 ? request.origin : via[0]!);
    else {
      const d: Destination[] = new Array(via.length);
      for (let i = 0; i < via.length; i++) d[i] = peers.nodeDest(via[via.length - 1 - i]!);
      dest = d;
    }
    const msg: ReloadMessage = {
      ttl: this.initialTtl,
      transactionId: request.transactionId,
      via: NO_VIA,
      dest,
      destStart: 0,
      code,
      body,
      signer: peer,
      size: this.c.sizer.messageSize(dest, code, body, peer),
      origin: peer,
      createdAt: this.c.scheduler.now,
      hops: 0,
      linkFrom: peer,
      linkTo: peer,
      linkSends: 0,
      tag: undefined,
    };
    this.c.forwarding.originate(peer, msg);
  }

  /**
   * Keeps the answer to a transaction for the duplicate window (§6.2.1), so that a retransmitted
   * copy of the request is answered the same way instead of being processed again.
   *
   * While the requester's transaction is pending the answer is kept on the transaction; it moves
   * to the shared cache only if the transaction ends after more than one send, because a request
   * sent once has no other copy left to arrive (links do not duplicate messages). Most
   * transactions are sent once, so the cache stays small. Entries are visible exactly as when
   * every answer went to the cache: an entry is gone once an answer has been given at or after its
   * expiry time (the cache was pruned on each answer).
   */
  private remember(peer: number, transactionId: number, code: number, body: unknown): void {
    const now = this.c.scheduler.now;
    this.lastAnswerAt = now;
    this.prune(now);
    const entry: CachedAnswer = { responder: peer, code, body, expiresAt: now + this.duplicateWindow };
    const tx = this.pending.get(transactionId);
    if (tx !== undefined) tx.cached = entry;
    else this.cache(transactionId, entry);
  }

  /** The answer cached for a transaction id, if still within its window. */
  private cachedAnswer(transactionId: number): CachedAnswer | undefined {
    const tx = this.pending.get(transactionId);
    const e = tx !== undefined ? tx.cached : this.answered.get(transactionId);
    return e !== undefined && e.expiresAt > this.lastAnswerAt ? e : undefined;
  }

  /** Ends a transaction: it is no longer pending; its cached answer moves to the cache if needed. */
  private settle(tx: Transaction): void {
    this.pending.delete(tx.id);
    const e = tx.cached;
    if (e === undefined) return;
    tx.cached = undefined;
    if (tx.sends > 1 && e.expiresAt > this.lastAnswerAt) this.cache(tx.id, e);
  }

  private cache(transactionId: number, e: CachedAnswer): void {
    this.answered.set(transactionId, e);
    this.cacheExpiry.push(e.expiresAt);
    this.cacheIds.push(transactionId);
  }

  /** Drops expired cache entries (amortised O(1) per answer). */
  private prune(now: number): void {
    const exp = this.cacheExpiry;
    const ids = this.cacheIds;
    let h = this.cacheHead;
    while (h < exp.length && exp[h]! <= now) {
      const id = ids[h]!;
      // An entry moved late may sit behind a later one: remove only what is really expired.
      if (this.answered.get(id)?.expiresAt === exp[h]) this.answered.delete(id);
      h++;
    }
    if (h > 4096 && h * 2 > exp.length) {
      this.cacheExpiry = exp.slice(h);
      this.cacheIds = ids.slice(h);
      h = 0;
    }
    this.cacheHead = h;
  }
}

const EMPTY = new Uint8Array(0);
/** The via list of an answer: only requests collect via entries (§6.1.2), so answers share one. */
const NO_VIA: number[] = Object.freeze([]) as unknown as number[];
const HANDLER_SLOTS = 0x40;
const UNSUPPORTED = new TextEncoder().encode('unsupported message code');

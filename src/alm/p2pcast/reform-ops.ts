/**
 * The P2PCast reorganisation messages (RFC 7019 §9.4; Nicolosi & Annapureddy 2003): Takeon,
 * Substitute, Search, Replace, Direct and Update, each carried in a Reform's options (§7.2.12) as the
 * single entry "p2pcast" whose value is one `P2PCastOp`, and in a ReformResponse's options the same way
 * when an answer carries one (a Search is answered with a Direct). The RFC names the messages and says
 * they ride in Reform but defines no encoding; this one is almsim's, in the RFC's presentation language:
 *
 *   enum { takeon(1), substitute(2), search(3), replace(4), direct(5), update(6), (255) } P2PCastOpCode;
 *   struct { uint32 free; uint8 hole; node_id hole_at; uint8 leaf; node_id leaf_at; node_id leaf_parent; } StripeSummary;
 *   struct { node_id child; Boolean internal; } ChildEntry;
 *   struct {
 *     P2PCastOpCode op;
 *     select (op) {
 *       case takeon:     uint8 stripe; uint8 flags; node_id expect_parent; node_id path<0..2^16-1>;
 *                        node_id adopt<0..2^16-1>; node_id donors<0..2^16-1>;
 *       case substitute: uint8 stripe; uint8 flags; node_id child; ChildEntry children<0..2^16-1>; node_id donors<0..2^16-1>;
 *       case search:     uint8 stripe; uint8 want; node_id exclude; node_id nodes<0..2^16-1>;
 *       case replace:    uint8 stripe; node_id adopt<0..2^16-1>; node_id donors<0..2^16-1>;
 *       case direct:     uint8 stripe; uint8 flags; node_id target; node_id leaf; node_id nodes<0..2^16-1>;
 *                        StripeSummary info<0..2^16-1>;
 *       case update:     uint8 stripe; uint8 flags; uint32 version; StripeSummary summary;
 *                        ChildEntry children<0..2^16-1>; node_id nodes<0..2^16-1>;
 *     };
 *   } P2PCastOp;
 *
 * stripe 0xFF means "any stripe"; an all-zero node_id means "none"; hole and leaf are depths relative
 * to the sender, 0xFF for none; a path lists a node's ancestors from the rendezvous point down to the
 * node itself, so its length is the node's depth. Vectors hold byte lengths (RFC 6940 §6.3.1).
 */
import { Id } from '../../reload/id.ts';
import { ByteSlab, CodecError, MAX16, prefixBytes, Writer } from '../../reload/wire/codec.ts';
import type { Codec, Reader } from '../../reload/wire/codec.ts';
import { NODE_ID_LENGTH, nodeIdListLength, readBoolean, readNodeId, readNodeIdList, writeBoolean, writeNodeId, writeNodeIdList } from '../../reload/wire/fields.ts';
import type { Dictionary } from '../wire/dictionary.ts';
import { codecOf, type Format } from '../wire/format.ts';

export const OP_TAKEON = 1;
export const OP_SUBSTITUTE = 2;
export const OP_SEARCH = 3;
export const OP_REPLACE = 4;
export const OP_DIRECT = 5;
export const OP_UPDATE = 6;

/** The Reform/ReformResponse option key that carries a P2PCastOp. */
export const P2PCAST_OPTION = 'p2pcast';
/** stripe value meaning "any stripe" (or "not about one stripe"). */
export const ANY_STRIPE = 0xff;
/** hole/leaf value meaning "none in this subtree". */
export const NONE_DEPTH = 0xff;

// Takeon flags
/** The receiver fills the slot of a departed node (expect_parent) and adopts `adopt`, its former siblings. */
export const TAKEON_FILL = 1;
/** The sender (the new parent) is incomplete: it has a free slot in this stripe. */
export const TAKEON_PARENT_INCOMPLETE = 2;
/** The departed node announced its going (Leave, or a conversion): no need to suspect it first. */
export const TAKEON_VACATED = 4;
/** The receiver is a former sibling adopted by the node that filled a departed node's slot. */
export const TAKEON_SIBLING = 8;

// Substitute flags
/** The sender takes the place of the leaf `child` and adopts it (a joiner or a relocating node). */
export const SUBSTITUTE_SELF = 1;
/** The slot of `child` (departed, failed or converting) is to be refilled from its children. */
export const SUBSTITUTE_REFILL = 2;

// Search wants
/** A random member to send a Join to (RFC 7019 §9.4), asked of the rendezvous point. */
export const WANT_MEMBER = 1;
/** The shallowest free child slot (an incomplete node). */
export const WANT_HOLE = 2;
/** The shallowest leaf whose place a joining node can take. */
export const WANT_LEAF = 3;
/** One of the receiver's leaf children, handed over to a childless sender. */
export const WANT_LEAF_CHILD = 4;
/**
 * Added to WANT_HOLE or WANT_LEAF: one step of a walk down from the receiver. It answers with the
 * place if it has it, else with DIRECT_ASK and one of its children, at random among those whose
 * subtree holds the shallowest one (concurrent walkers spread out, §9.4's random walk).
 */
export const WANT_STEP = 0x80;

// Direct flags
/** The target must change its proper stripe to adopt the receiver (RFC 7019 §9.5, last sentence). */
export const DIRECT_CONVERT = 1;
/** The receiver has lost its parent in `stripe` and must find a new one (a shed node). */
export const DIRECT_HOMELESS = 2;
/** `target` is a leaf child the sender has handed over to the receiver. */
export const DIRECT_HANDOVER = 4;
/** Ask `target` again (the walk goes on in its subtree). */
export const DIRECT_ASK = 8;
/** From the rendezvous point: the receiver is internal below the shallowest leaf; it should move up. */
export const DIRECT_RELOCATE = 16;

// Update flags
/** Child to parent: the sender's subtree summary, children and parents. */
export const UPDATE_UP = 1;
/** Parent to child: the sender's depth, parent and completeness. */
export const UPDATE_DOWN = 2;
/** The sender has a free child slot (incomplete, RFC 7019 §9.1). */
export const UPDATE_INCOMPLETE = 4;
/** To the rendezvous point: the sender has joined every stripe and may be handed to joiners. */
export const UPDATE_JOINED = 8;

export interface StripeSummary {
  /** Free child slots in the subtree. */
  readonly free: number;
  /** Depth of the shallowest free slot relative to the sender (1 = its own), NONE_DEPTH for none. */
  readonly hole: number;
  readonly holeAt: Id;
  /** Depth of the shallowest leaf relative to the sender, NONE_DEPTH for none. */
  readonly leaf: number;
  readonly leafAt: Id;
  readonly leafParent: Id;
}

export interface ChildEntry {
  readonly child: Id;
  /** The child is internal in this stripe (its proper stripe). */
  readonly internal: boolean;
}

/** To take another peer as a child: the sender becomes the receiver's parent in `stripe`. */
export interface Takeon {
  readonly op: typeof OP_TAKEON;
  readonly stripe: number;
  readonly flags: number;
  /** The parent the receiver is expected to have now (zero: any). */
  readonly expectParent: Id;
  /** The sender's path in `stripe` (the rendezvous point first, the sender last). */
  readonly path: readonly Id[];
  /** With TAKEON_FILL: the nodes the receiver adopts in turn. */
  readonly adopt: readonly Id[];
  /** The departed node's parents per stripe (zero where none), candidates for a conversion. */
  readonly donors: readonly Id[];
}

/** To take the place of a child of some peer. */
export interface Substitute {
  readonly op: typeof OP_SUBSTITUTE;
  readonly stripe: number;
  readonly flags: number;
  readonly child: Id;
  /** With SUBSTITUTE_REFILL from the node itself: its children (else the receiver uses what it knows). */
  readonly children: readonly ChildEntry[];
  readonly donors: readonly Id[];
}

/** To obtain the child of a node in a particular stripe (a step of a walk, or a question to the root). */
export interface Search {
  readonly op: typeof OP_SEARCH;
  readonly stripe: number;
  readonly want: number;
  /** A node not to be returned (the contact whose sibling the walk starts at, or the asker). */
  readonly exclude: Id;
  /** WANT_MEMBER: members found gone; WANT_HOLE: conversion donors per stripe. */
  readonly nodes: readonly Id[];
}

/**
 * The sender keeps the receiver as its child and hands it `adopt`, children the sender sheds; the
 * receiver sheds in turn what no longer fits (RFC 7019 §9.4: unlike Substitute, the node that makes
 * another its child sheds off a child).
 */
export interface Replace {
  readonly op: typeof OP_REPLACE;
  readonly stripe: number;
  readonly adopt: readonly Id[];
  readonly donors: readonly Id[];
}

/** To direct a node to its would-be parent. */
export interface Direct {
  readonly op: typeof OP_DIRECT;
  readonly stripe: number;
  readonly flags: number;
  /** The would-be parent (zero: none known). */
  readonly target: Id;
  /** The leaf whose place to take under target (zero: none); with DIRECT_HOMELESS, the parent the receiver is losing (zero: the sender). */
  readonly leaf: Id;
  /** In answers to WANT_MEMBER: per stripe, the joiner whose free slot is offered there (zero: none; Rendezvous.offerHoles). */
  readonly nodes: readonly Id[];
  /** The rendezvous point's summary per stripe (answers to WANT_MEMBER). */
  readonly info: readonly StripeSummary[];
}

/** A node sends its updated state: to its children (UPDATE_DOWN) and, for the summary, to its parent (UPDATE_UP). */
export interface Update {
  readonly op: typeof OP_UPDATE;
  readonly stripe: number;
  readonly flags: number;
  /** Increases with every Update the sender sends: one that arrives after a later one is ignored. */
  readonly version: number;
  /** UPDATE_UP: the sender's subtree in `stripe`. */
  readonly summary: StripeSummary;
  /** UPDATE_UP: the sender's children in `stripe`. */
  readonly children: readonly ChildEntry[];
  /** UPDATE_UP: the sender's parent in every stripe (zero where none); UPDATE_DOWN: the sender's path. */
  readonly nodes: readonly Id[];
}

export type P2PCastOp = Takeon | Substitute | Search | Replace | Direct | Update;

export const OP_NAMES: Readonly<Record<number, 'takeon' | 'substitute' | 'search' | 'replace' | 'direct' | 'update'>> = {
  [OP_TAKEON]: 'takeon',
  [OP_SUBSTITUTE]: 'substitute',
  [OP_SEARCH]: 'search',
  [OP_REPLACE]: 'replace',
  [OP_DIRECT]: 'direct',
  [OP_UPDATE]: 'update',
};

export const EMPTY_SUMMARY: StripeSummary = { free: 0, hole: NONE_DEPTH, holeAt: Id.ZERO, leaf: NONE_DEPTH, leafAt: Id.ZERO, leafParent: Id.ZERO };

const SUMMARY_LENGTH = 4 + 1 + NODE_ID_LENGTH + 1 + NODE_ID_LENGTH + NODE_ID_LENGTH;
const CHILD_ENTRY_LENGTH = NODE_ID_LENGTH + 1;
const P16 = prefixBytes(MAX16);

function writeSummary(w: Writer, s: StripeSummary): void {
  w.u32(s.free, 'StripeSummary.free');
  w.u8(s.hole, 'StripeSummary.hole');
  writeNodeId(w, s.holeAt, 'StripeSummary.hole_at');
  w.u8(s.leaf, 'StripeSummary.leaf');
  writeNodeId(w, s.leafAt, 'StripeSummary.leaf_at');
  writeNodeId(w, s.leafParent, 'StripeSummary.leaf_parent');
}

function readSummary(r: Reader): StripeSummary {
  return {
    free: r.u32('StripeSummary.free'),
    hole: r.u8('StripeSummary.hole'),
    holeAt: readNodeId(r, 'StripeSummary.hole_at'),
    leaf: r.u8('StripeSummary.leaf'),
    leafAt: readNodeId(r, 'StripeSummary.leaf_at'),
    leafParent: readNodeId(r, 'StripeSummary.leaf_parent'),
  };
}

function writeSummaries(w: Writer, list: readonly StripeSummary[], field: string): void {
  const mark = w.beginVector(MAX16);
  for (const s of list) writeSummary(w, s);
  w.endVector(mark, 0, MAX16, field);
}

function readSummaries(r: Reader, field: string): StripeSummary[] {
  const v = r.vector(0, MAX16, field);
  if (v.remaining % SUMMARY_LENGTH !== 0) throw new CodecError('invalid', field, `${v.remaining} bytes is not a whole number of StripeSummary`, r.offset);
  const out: StripeSummary[] = [];
  while (v.remaining > 0) out.push(readSummary(v));
  return out;
}

function writeChildren(w: Writer, list: readonly ChildEntry[], field: string): void {
  const mark = w.beginVector(MAX16);
  for (const c of list) {
    writeNodeId(w, c.child, field);
    writeBoolean(w, c.internal, field);
  }
  w.endVector(mark, 0, MAX16, field);
}

function readChildren(r: Reader, field: string): ChildEntry[] {
  const v = r.vector(0, MAX16, field);
  if (v.remaining % CHILD_ENTRY_LENGTH !== 0) throw new CodecError('invalid', field, `${v.remaining} bytes is not a whole number of ChildEntry`, r.offset);
  const out: ChildEntry[] = [];
  while (v.remaining > 0) out.push({ child: readNodeId(v, field), internal: readBoolean(v, field) });
  return out;
}

const ids = (list: readonly Id[]): number => nodeIdListLength(list, MAX16);

export const p2pcastOpFormat: Format<P2PCastOp> = {
  write(w, m) {
    w.u8(m.op, 'P2PCastOp.op');
    switch (m.op) {
      case OP_TAKEON:
        w.u8(m.stripe, 'Takeon.stripe');
        w.u8(m.flags, 'Takeon.flags');
        writeNodeId(w, m.expectParent, 'Takeon.expect_parent');
        writeNodeIdList(w, m.path, MAX16, 'Takeon.path');
        writeNodeIdList(w, m.adopt, MAX16, 'Takeon.adopt');
        writeNodeIdList(w, m.donors, MAX16, 'Takeon.donors');
        return;
      case OP_SUBSTITUTE:
        w.u8(m.stripe, 'Substitute.stripe');
        w.u8(m.flags, 'Substitute.flags');
        writeNodeId(w, m.child, 'Substitute.child');
        writeChildren(w, m.children, 'Substitute.children');
        writeNodeIdList(w, m.donors, MAX16, 'Substitute.donors');
        return;
      case OP_SEARCH:
        w.u8(m.stripe, 'Search.stripe');
        w.u8(m.want, 'Search.want');
        writeNodeId(w, m.exclude, 'Search.exclude');
        writeNodeIdList(w, m.nodes, MAX16, 'Search.nodes');
        return;
      case OP_REPLACE:
        w.u8(m.stripe, 'Replace.stripe');
        writeNodeIdList(w, m.adopt, MAX16, 'Replace.adopt');
        writeNodeIdList(w, m.donors, MAX16, 'Replace.donors');
        return;
      case OP_DIRECT:
        w.u8(m.stripe, 'Direct.stripe');
        w.u8(m.flags, 'Direct.flags');
        writeNodeId(w, m.target, 'Direct.target');
        writeNodeId(w, m.leaf, 'Direct.leaf');
        writeNodeIdList(w, m.nodes, MAX16, 'Direct.nodes');
        writeSummaries(w, m.info, 'Direct.info');
        return;
      case OP_UPDATE:
        w.u8(m.stripe, 'Update.stripe');
        w.u8(m.flags, 'Update.flags');
        w.u32(m.version, 'Update.version');
        writeSummary(w, m.summary);
        writeChildren(w, m.children, 'Update.children');
        writeNodeIdList(w, m.nodes, MAX16, 'Update.nodes');
        return;
      default:
        throw new CodecError('invalid', 'P2PCastOp.op', `unknown op ${(m as { op: number }).op}`);
    }
  },

  read(r) {
    const at = r.offset;
    const op = r.u8('P2PCastOp.op');
    switch (op) {
      case OP_TAKEON:
        return {
          op: OP_TAKEON,
          stripe: r.u8('Takeon.stripe'),
          flags: r.u8('Takeon.flags'),
          expectParent: readNodeId(r, 'Takeon.expect_parent'),
          path: readNodeIdList(r, MAX16, 'Takeon.path'),
          adopt: readNodeIdList(r, MAX16, 'Takeon.adopt'),
          donors: readNodeIdList(r, MAX16, 'Takeon.donors'),
        };
      case OP_SUBSTITUTE:
        return {
          op: OP_SUBSTITUTE,
          stripe: r.u8('Substitute.stripe'),
          flags: r.u8('Substitute.flags'),
          child: readNodeId(r, 'Substitute.child'),
          children: readChildren(r, 'Substitute.children'),
          donors: readNodeIdList(r, MAX16, 'Substitute.donors'),
        };
      case OP_SEARCH:
        return {
          op: OP_SEARCH,
          stripe: r.u8('Search.stripe'),
          want: r.u8('Search.want'),
          exclude: readNodeId(r, 'Search.exclude'),
          nodes: readNodeIdList(r, MAX16, 'Search.nodes'),
        };
      case OP_REPLACE:
        return { op: OP_REPLACE, stripe: r.u8('Replace.stripe'), adopt: readNodeIdList(r, MAX16, 'Replace.adopt'), donors: readNodeIdList(r, MAX16, 'Replace.donors') };
      case OP_DIRECT:
        return {
          op: OP_DIRECT,
          stripe: r.u8('Direct.stripe'),
          flags: r.u8('Direct.flags'),
          target: readNodeId(r, 'Direct.target'),
          leaf: readNodeId(r, 'Direct.leaf'),
          nodes: readNodeIdList(r, MAX16, 'Direct.nodes'),
          info: readSummaries(r, 'Direct.info'),
        };
      case OP_UPDATE:
        return {
          op: OP_UPDATE,
          stripe: r.u8('Update.stripe'),
          flags: r.u8('Update.flags'),
          version: r.u32('Update.version'),
          summary: readSummary(r),
          children: readChildren(r, 'Update.children'),
          nodes: readNodeIdList(r, MAX16, 'Update.nodes'),
        };
      default:
        throw new CodecError('out-of-range', 'P2PCastOp.op', `unknown op ${op}`, at);
    }
  },

  length(m) {
    switch (m.op) {
      case OP_TAKEON:
        return 1 + 2 + NODE_ID_LENGTH + ids(m.path) + ids(m.adopt) + ids(m.donors);
      case OP_SUBSTITUTE:
        return 1 + 2 + NODE_ID_LENGTH + P16 + m.children.length * CHILD_ENTRY_LENGTH + ids(m.donors);
      case OP_SEARCH:
        return 1 + 2 + NODE_ID_LENGTH + ids(m.nodes);
      case OP_REPLACE:
        return 1 + 1 + ids(m.adopt) + ids(m.donors);
      case OP_DIRECT:
        return 1 + 2 + 2 * NODE_ID_LENGTH + ids(m.nodes) + P16 + m.info.length * SUMMARY_LENGTH;
      case OP_UPDATE:
        return 1 + 2 + 4 + SUMMARY_LENGTH + P16 + m.children.length * CHILD_ENTRY_LENGTH + ids(m.nodes);
      default:
        return 0;
    }
  },
};

export const p2pcastOpCodec: Codec<P2PCastOp> = codecOf('P2PCastOp', p2pcastOpFormat);

/** Reform/ReformResponse options carrying one op. */
export function opOptions(op: P2PCastOp): Dictionary {
  return [{ key: OPTION_KEY, value: { exists: true, value: opBytes(op) } }];
}

// An op's bytes live as long as its message (in flight, or kept by its transaction until the
// answer), and are read once, by the receiver's decode, which copies what it keeps. At 100,000
// peers allocating them one by one (outside V8's heap, for ops over 64 bytes) was 3% of S3's run
// (39 s), so ops of 65 bytes and up are cut from a slab of their own. One message kept for long (a
// retransmitted transaction's answer, up to its duplicate window) keeps 4 KB.
const opSlab = new ByteSlab(4096);
/** Typed arrays up to this size live in V8's heap: cheap to allocate, so not worth a slab. */
const ON_HEAP_BYTES = 64;
/** Larger ops (rare) get their own buffer, so that one does not leave most of a slab unused. */
const SLAB_MAX_BYTES = 1024;

/** The encoded op (exactly p2pcastOpCodec.encode(op)'s bytes). */
export function opBytes(op: P2PCastOp): Uint8Array {
  const n = p2pcastOpFormat.length(op);
  const w = new Writer(n, n > ON_HEAP_BYTES && n <= SLAB_MAX_BYTES ? opSlab.take(n) : undefined);
  p2pcastOpFormat.write(w, op);
  if (w.offset !== n) throw new CodecError('invalid', 'P2PCastOp', `wrote ${w.offset} bytes, its length is ${n}`);
  return w.finish();
}

/** The op in a Reform's or ReformResponse's options; undefined if absent or malformed. */
export function opOf(options: Dictionary): P2PCastOp | undefined {
  let v: Uint8Array | undefined;
  for (let i = 0; i < options.length && v === undefined; i++) {
    const e = options[i]!;
    if (e.value.exists && sameBytes(e.key, OPTION_KEY)) v = e.value.value;
  }
  if (v === undefined) return undefined;
  try {
    return p2pcastOpCodec.decode(v);
  } catch (e) {
    if (e instanceof CodecError) return undefined;
    throw e;
  }
}

const OPTION_KEY = new TextEncoder().encode(P2PCAST_OPTION);

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

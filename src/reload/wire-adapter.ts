/**
 * The edge between the simulator's messages and the RELOAD wire codecs.
 *
 * - `messageSize` gives the exact encoded length of a message as first sent (collectors count bytes
 *   from it; forwarding keeps it in step as via and destination entries change).
 * - `roundTrip` encodes a message to bytes and decodes it back, as the `wire` run option does on
 *   every transmission, and checks that the bytes are exactly as long as the tracked size.
 */
import { overlayHash, resourceId, type Id } from './id.ts';
import type { ReloadMessage } from './message.ts';
import type { MessageSizer } from './message-transport.ts';
import type { PeerTable } from './peer-table.ts';
import { FRAGMENT_UNFRAGMENTED } from './wire/codes.ts';
import { destinationLength, type Destination } from './wire/destination.ts';
import { FORWARDING_HEADER_FIXED_LENGTH } from './wire/forwarding-header.ts';
import { createMessageCodec, type ReloadMessage as WireMessage, type ReloadMessageCodec } from './wire/message.ts';
import type { BodyTable } from './wire/message-contents.ts';
import { modelSecurityBlock, securityBlockLength, type SecurityBlock, type SecurityModelSettings } from './wire/security-block.ts';

export class WireError extends Error {
  override name = 'WireError';
}

export interface WireAdapterComponents {
  peers: PeerTable;
  /** Body codecs by message code (RELOAD's own plus the usages'). Read at each call, so usages may add theirs later. */
  bodies: BodyTable;
}

export interface WireAdapterInit extends SecurityModelSettings {
  /** Overlay name; the header carries the low 32 bits of its SHA-1 (RFC 6940 §6.3.2). @default "almsim.invalid" */
  overlayName?: string;
  /** configuration_sequence of the overlay configuration. @default 1 */
  configurationSequence?: number;
}

const MESSAGE_CONTENTS_FIXED = 2 + 4 + 4; // message_code, body length prefix, extensions length prefix

export class WireAdapter implements MessageSizer {
  private readonly codec: ReloadMessageCodec;
  private readonly overlay: number;
  private readonly configurationSequence: number;
  private readonly security: SecurityModelSettings;
  private readonly securityLength: number;
  private readonly blocks = new Map<number, SecurityBlock>();

  constructor(
    private readonly c: WireAdapterComponents,
    init: WireAdapterInit = {},
  ) {
    this.codec = createMessageCodec({ bodies: c.bodies });
    this.overlay = overlayHash(init.overlayName ?? 'almsim.invalid');
    this.configurationSequence = init.configurationSequence ?? 1;
    this.security = { certificateBytes: init.certificateBytes, signatureBytes: init.signatureBytes };
    // Every modelled block has the same length (the signer only changes the hash's bytes).
    this.securityLength = securityBlockLength(modelSecurityBlock({ ...this.security, signerNodeId: resourceId('x') }));
  }

  messageSize(dest: readonly Destination[], code: number, body: unknown, signer: number): number {
    void signer;
    let n = FORWARDING_HEADER_FIXED_LENGTH + MESSAGE_CONTENTS_FIXED + this.securityLength;
    for (let i = 0; i < dest.length; i++) n += destinationLength(dest[i]!);
    const bc = this.c.bodies.get(code);
    if (bc !== undefined) n += bc.encodedLength(body);
    else if (body instanceof Uint8Array) n += body.length;
    else throw new WireError(`no body codec for message code 0x${code.toString(16)}`);
    return n;
  }

  /** The codec's view of a message as it stands on its current link. */
  toWire(m: ReloadMessage): WireMessage {
    const peers = this.c.peers;
    const via: Destination[] = m.via.map((p) => ({ type: 'node', id: peers.idOf[p]! }));
    return {
      header: {
        overlay: this.overlay,
        configurationSequence: this.configurationSequence,
        ttl: m.ttl,
        fragment: FRAGMENT_UNFRAGMENTED,
        transactionId: m.transactionId,
        maxResponseLength: 0,
        viaList: via,
        destinationList: m.dest.slice(m.destStart),
        options: [],
      },
      contents: { messageCode: m.code, body: m.body, extensions: [] },
      security: this.blockOf(m.signer),
    };
  }

  encode(m: ReloadMessage): Uint8Array {
    return this.codec.encode(this.toWire(m));
  }

  /**
   * Encodes m, decodes the bytes, and returns a message built from the decoded fields (with m's
   * simulation bookkeeping). Throws WireError if the bytes differ in length from m.size.
   */
  roundTrip(m: ReloadMessage): ReloadMessage {
    const bytes = this.encode(m);
    if (bytes.length !== m.size) {
      throw new WireError(`message 0x${m.code.toString(16)} (transaction ${m.transactionId}) is ${bytes.length} bytes on the wire but ${m.size} were counted`);
    }
    const d = this.codec.decode(bytes);
    const peers = this.c.peers;
    const via = d.header.viaList.map((v) => {
      if (v.type !== 'node') throw new WireError('a via-list entry is not a Node-ID');
      const p = peers.peerOf(v.id);
      if (p < 0) throw new WireError(`via-list Node-ID ${v.id.toHex()} is not a known peer`);
      return p;
    });
    return {
      ttl: d.header.ttl,
      transactionId: d.header.transactionId,
      via,
      dest: d.header.destinationList,
      destStart: 0,
      code: d.contents.messageCode,
      body: d.contents.body,
      signer: m.signer,
      size: bytes.length,
      origin: m.origin,
      createdAt: m.createdAt,
      hops: m.hops,
      linkFrom: m.linkFrom,
      linkTo: m.linkTo,
      linkSends: m.linkSends,
      tag: m.tag,
    };
  }

  private blockOf(signer: number): SecurityBlock {
    let b = this.blocks.get(signer);
    if (b === undefined) {
      b = modelSecurityBlock({ ...this.security, signerNodeId: this.c.peers.idOf[signer] as Id });
      this.blocks.set(signer, b);
    }
    return b;
  }
}

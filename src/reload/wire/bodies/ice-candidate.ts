/**
 * IceCandidate and IpAddressPort (RFC 6940 §6.5.1.1), carried by Attach and AppAttach:
 *
 *   enum { invalid(0), ipv4_address(1), ipv6_address(2), (255) } AddressType;
 *   struct { AddressType type; uint8 length; select (type) {
 *              case ipv4_address: uint32 addr; uint16 port;
 *              case ipv6_address: uint128 addr; uint16 port; }; } IpAddressPort;
 *   enum { invalid(0), DTLS-UDP-SR(1), DTLS-UDP-SR-NO-ICE(3), TLS-TCP-FH-NO-ICE(4), (255) } OverlayLinkType;
 *   enum { invalid(0), host(1), srflx(2), (3 reserved) relay(4), (255) } CandType;
 *   struct { opaque name<0..2^16-1>; opaque value<0..2^16-1>; } IceExtension;
 *   struct { IpAddressPort addr_port; OverlayLinkType overlay_link; opaque foundation<0..255>;
 *            uint32 priority; CandType type; select (type) {
 *              case host: ; case srflx: case relay: IpAddressPort rel_addr_port; };
 *            IceExtension extensions<0..2^16-1>; } IceCandidate;
 */
import { CodecError, MAX16, MAX8 } from '../codec.ts';
import type { Reader, Writer } from '../codec.ts';
import { readVector, vectorLength, writeVector } from '../fields.ts';
import { wireCodec } from '../wire-codec.ts';
import type { WireCodec } from '../wire-codec.ts';

export interface IpAddressPort {
  readonly family: 'ipv4' | 'ipv6';
  /** 4 bytes for ipv4, 16 for ipv6, network order. */
  readonly address: Uint8Array;
  readonly port: number;
}

export type OverlayLinkType = 'DTLS-UDP-SR' | 'DTLS-UDP-SR-NO-ICE' | 'TLS-TCP-FH-NO-ICE';

export interface IceExtension {
  readonly name: Uint8Array;
  readonly value: Uint8Array;
}

interface IceCandidateCommon {
  readonly addrPort: IpAddressPort;
  readonly overlayLink: OverlayLinkType;
  readonly foundation: Uint8Array;
  readonly priority: number;
  readonly extensions: readonly IceExtension[];
}

export type IceCandidate = IceCandidateCommon &
  ({ readonly type: 'host' } | { readonly type: 'srflx' | 'relay'; readonly relAddrPort: IpAddressPort });

const LINK_CODES: Readonly<Record<OverlayLinkType, number>> = { 'DTLS-UDP-SR': 1, 'DTLS-UDP-SR-NO-ICE': 3, 'TLS-TCP-FH-NO-ICE': 4 };
const LINK_NAMES: readonly (OverlayLinkType | undefined)[] = [undefined, 'DTLS-UDP-SR', undefined, 'DTLS-UDP-SR-NO-ICE', 'TLS-TCP-FH-NO-ICE'];
const CAND_CODES = { host: 1, srflx: 2, relay: 4 } as const;

export function ipAddressPortLength(a: IpAddressPort): number {
  return a.family === 'ipv4' ? 2 + 6 : 2 + 18;
}

export function writeIpAddressPort(w: Writer, a: IpAddressPort): void {
  if (a.family === 'ipv4') {
    w.u8(1, 'IpAddressPort.type');
    w.u8(6, 'IpAddressPort.length');
    w.fixed(a.address, 4, 'IpAddressPort.addr');
  } else {
    w.u8(2, 'IpAddressPort.type');
    w.u8(18, 'IpAddressPort.length');
    w.fixed(a.address, 16, 'IpAddressPort.addr');
  }
  w.u16(a.port, 'IpAddressPort.port');
}

export function readIpAddressPort(r: Reader): IpAddressPort {
  const at = r.offset;
  const type = r.u8('IpAddressPort.type');
  const len = r.u8('IpAddressPort.length');
  let family: 'ipv4' | 'ipv6';
  let n: number;
  if (type === 1) {
    family = 'ipv4';
    n = 4;
  } else if (type === 2) {
    family = 'ipv6';
    n = 16;
  } else {
    throw new CodecError('out-of-range', 'IpAddressPort.type', `unknown AddressType ${type}`, at);
  }
  if (len !== n + 2) throw new CodecError('invalid', 'IpAddressPort.length', `an ${family} address and port take ${n + 2} bytes, length is ${len}`, at);
  const address = r.fixed(n, 'IpAddressPort.addr');
  return { family, address, port: r.u16('IpAddressPort.port') };
}

function extensionLength(e: IceExtension): number {
  return 4 + e.name.length + e.value.length;
}

function writeExtension(w: Writer, e: IceExtension): void {
  w.opaque(e.name, 0, MAX16, 'IceExtension.name');
  w.opaque(e.value, 0, MAX16, 'IceExtension.value');
}

function readExtension(r: Reader): IceExtension {
  return { name: r.opaque(0, MAX16, 'IceExtension.name'), value: r.opaque(0, MAX16, 'IceExtension.value') };
}

export function iceCandidateLength(c: IceCandidate): number {
  let n = ipAddressPortLength(c.addrPort) + 1 + 1 + c.foundation.length + 4 + 1;
  if (c.type !== 'host') n += ipAddressPortLength(c.relAddrPort);
  return n + vectorLength(c.extensions, MAX16, extensionLength);
}

export function writeIceCandidate(w: Writer, c: IceCandidate): void {
  writeIpAddressPort(w, c.addrPort);
  const link = LINK_CODES[c.overlayLink];
  if (link === undefined) throw new CodecError('out-of-range', 'IceCandidate.overlay_link', `unknown OverlayLinkType ${String(c.overlayLink)}`);
  w.u8(link, 'IceCandidate.overlay_link');
  w.opaque(c.foundation, 0, MAX8, 'IceCandidate.foundation');
  w.u32(c.priority, 'IceCandidate.priority');
  const cand = CAND_CODES[c.type];
  if (cand === undefined) throw new CodecError('out-of-range', 'IceCandidate.type', `unknown CandType ${String(c.type)}`);
  w.u8(cand, 'IceCandidate.type');
  if (c.type !== 'host') writeIpAddressPort(w, c.relAddrPort);
  writeVector(w, c.extensions, 0, MAX16, 'IceCandidate.extensions', writeExtension);
}

export function readIceCandidate(r: Reader): IceCandidate {
  const addrPort = readIpAddressPort(r);
  let at = r.offset;
  const linkCode = r.u8('IceCandidate.overlay_link');
  const overlayLink = LINK_NAMES[linkCode];
  if (overlayLink === undefined) throw new CodecError('out-of-range', 'IceCandidate.overlay_link', `unknown OverlayLinkType ${linkCode}`, at);
  const foundation = r.opaque(0, MAX8, 'IceCandidate.foundation');
  const priority = r.u32('IceCandidate.priority');
  at = r.offset;
  const cand = r.u8('IceCandidate.type');
  if (cand === CAND_CODES.host) {
    const extensions = readVector(r, 0, MAX16, 'IceCandidate.extensions', readExtension);
    return { addrPort, overlayLink, foundation, priority, type: 'host', extensions };
  }
  if (cand === CAND_CODES.srflx || cand === CAND_CODES.relay) {
    const relAddrPort = readIpAddressPort(r);
    const extensions = readVector(r, 0, MAX16, 'IceCandidate.extensions', readExtension);
    return { addrPort, overlayLink, foundation, priority, type: cand === CAND_CODES.srflx ? 'srflx' : 'relay', relAddrPort, extensions };
  }
  throw new CodecError('out-of-range', 'IceCandidate.type', `unknown CandType ${cand}`, at);
}

export const iceCandidateCodec: WireCodec<IceCandidate> = wireCodec('IceCandidate', writeIceCandidate, readIceCandidate, iceCandidateLength);

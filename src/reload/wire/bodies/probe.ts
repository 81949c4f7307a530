/**
 * ProbeReq / ProbeAns (RFC 6940 §6.4.2.5):
 *
 *   enum { invalid(0), responsible_set(1), num_resources(2), uptime(3), (255) } ProbeInformationType;
 *   struct { ProbeInformationType type; uint8 length; select (type) {
 *              case responsible_set: uint32 responsible_ppb;
 *              case num_resources:   uint32 num_resources;
 *              case uptime:          uint32 uptime; }; } ProbeInformation;
 *   struct { ProbeInformationType requested_info<0..2^8-1>; } ProbeReq;
 *   struct { ProbeInformation probe_info<0..2^16-1>; } ProbeAns;
 */
import { CodecError, MAX16, MAX8 } from '../codec.ts';
import type { Reader, Writer } from '../codec.ts';
import { readVector, vectorLength, writeVector } from '../fields.ts';
import { wireCodec } from '../wire-codec.ts';
import type { WireCodec } from '../wire-codec.ts';

export type ProbeInformationType = 'responsible_set' | 'num_resources' | 'uptime';

export interface ProbeReq {
  readonly requestedInfo: readonly ProbeInformationType[];
}

export interface ProbeInformation {
  readonly type: ProbeInformationType;
  /** responsible_ppb (parts per billion of the ring), num_resources, or uptime in seconds. */
  readonly value: number;
}

export interface ProbeAns {
  readonly probeInfo: readonly ProbeInformation[];
}

const TYPE_CODES: Readonly<Record<ProbeInformationType, number>> = { responsible_set: 1, num_resources: 2, uptime: 3 };
const TYPE_NAMES: readonly (ProbeInformationType | undefined)[] = [undefined, 'responsible_set', 'num_resources', 'uptime'];

function writeType(w: Writer, t: ProbeInformationType, field: string): void {
  const code = TYPE_CODES[t];
  if (code === undefined) throw new CodecError('out-of-range', field, `unknown ProbeInformationType ${String(t)}`);
  w.u8(code, field);
}

function readType(r: Reader, field: string): ProbeInformationType {
  const at = r.offset;
  const code = r.u8(field);
  const t = TYPE_NAMES[code];
  if (t === undefined) throw new CodecError('out-of-range', field, `unknown ProbeInformationType ${code}`, at);
  return t;
}

/** type, length, uint32. */
function infoLength(): number {
  return 6;
}

function writeInfo(w: Writer, p: ProbeInformation): void {
  writeType(w, p.type, 'ProbeInformation.type');
  w.u8(4, 'ProbeInformation.length');
  w.u32(p.value, 'ProbeInformation.value');
}

function readInfo(r: Reader): ProbeInformation {
  const type = readType(r, 'ProbeInformation.type');
  const at = r.offset;
  const len = r.u8('ProbeInformation.length');
  if (len !== 4) throw new CodecError('invalid', 'ProbeInformation.length', `a ${type} value is a uint32, length is ${len}`, at);
  return { type, value: r.u32('ProbeInformation.value') };
}

export const probeReqCodec: WireCodec<ProbeReq> = wireCodec<ProbeReq>(
  'ProbeReq',
  (w, m) => writeVector(w, m.requestedInfo, 0, MAX8, 'ProbeReq.requested_info', (w2, t) => writeType(w2, t, 'ProbeReq.requested_info')),
  (r) => ({ requestedInfo: readVector(r, 0, MAX8, 'ProbeReq.requested_info', (r2) => readType(r2, 'ProbeReq.requested_info')) }),
  (m) => 1 + m.requestedInfo.length,
);

export const probeAnsCodec: WireCodec<ProbeAns> = wireCodec<ProbeAns>(
  'ProbeAns',
  (w, m) => writeVector(w, m.probeInfo, 0, MAX16, 'ProbeAns.probe_info', writeInfo),
  (r) => ({ probeInfo: readVector(r, 0, MAX16, 'ProbeAns.probe_info', readInfo) }),
  (m) => vectorLength(m.probeInfo, MAX16, infoLength),
);

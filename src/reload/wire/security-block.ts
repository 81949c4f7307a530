/**
 * SecurityBlock and Signature (RFC 6940 §6.3.4):
 *
 *   enum { x509(0), (255) } CertificateType;
 *   struct { CertificateType type; opaque certificate<0..2^16-1>; } GenericCertificate;
 *   struct { GenericCertificate certificates<0..2^16-1>; Signature signature; } SecurityBlock;
 *   enum { invalid(0), cert_hash(1), cert_hash_node_id(2), none(3), (255) } SignerIdentityType;
 *   struct { select (identity_type) {
 *              case cert_hash:         HashAlgorithm hash_alg; opaque certificate_hash<0..2^8-1>;
 *              case cert_hash_node_id: HashAlgorithm hash_alg; opaque certificate_node_id_hash<0..2^8-1>;
 *              case none:              ; }; } SignerIdentityValue;
 *   struct { SignerIdentityType identity_type; uint16 length; SignerIdentityValue identity[length]; } SignerIdentity;
 *   struct { SignatureAndHashAlgorithm algorithm; SignerIdentity identity; opaque signature_value<0..2^16-1>; } Signature;
 *
 * No cryptography is run (spec/PROTOCOL.md §2, Decision): `modelSecurityBlock` builds a block with
 * the real structure and zero-filled certificate and signature of modelled sizes, so byte counts
 * are honest.
 */
import type { Id } from '../id.ts';
import { CodecError, MAX16, MAX8 } from './codec.ts';
import type { Reader, Writer } from './codec.ts';
import { HashAlgorithm, SignatureAlgorithm } from './codes.ts';
import { readVector, writeVector } from './fields.ts';
import { wireCodec } from './wire-codec.ts';
import type { WireCodec } from './wire-codec.ts';

export interface GenericCertificate {
  /** CertificateType: RFC 6940 defines only x509(0). */
  readonly type: 'x509';
  /** DER bytes (zero-filled when modelled). */
  readonly certificate: Uint8Array;
}

/** TLS SignatureAndHashAlgorithm (RFC 5246 §7.4.1.4.1): two registry bytes. */
export interface SignatureAndHashAlgorithm {
  readonly hash: number;
  readonly signature: number;
}

export type SignerIdentity =
  | { readonly type: 'cert_hash'; readonly hashAlg: number; readonly certificateHash: Uint8Array }
  | { readonly type: 'cert_hash_node_id'; readonly hashAlg: number; readonly certificateNodeIdHash: Uint8Array }
  | { readonly type: 'none' };

export interface Signature {
  readonly algorithm: SignatureAndHashAlgorithm;
  readonly identity: SignerIdentity;
  readonly value: Uint8Array;
}

export interface SecurityBlock {
  readonly certificates: readonly GenericCertificate[];
  readonly signature: Signature;
}

const CERT_X509 = 0;
const ID_CERT_HASH = 1;
const ID_CERT_HASH_NODE_ID = 2;
const ID_NONE = 3;

function identityValueLength(id: SignerIdentity): number {
  switch (id.type) {
    case 'cert_hash':
      return 2 + id.certificateHash.length;
    case 'cert_hash_node_id':
      return 2 + id.certificateNodeIdHash.length;
    case 'none':
      return 0;
  }
}

export function signatureLength(s: Signature): number {
  return 2 + 3 + identityValueLength(s.identity) + 2 + s.value.length;
}

export function writeSignature(w: Writer, s: Signature): void {
  w.u8(s.algorithm.hash, 'Signature.algorithm.hash');
  w.u8(s.algorithm.signature, 'Signature.algorithm.signature');
  const id = s.identity;
  switch (id.type) {
    case 'cert_hash':
      w.u8(ID_CERT_HASH, 'Signature.identity.identity_type');
      w.u16(identityValueLength(id), 'Signature.identity.length');
      w.u8(id.hashAlg, 'Signature.identity.hash_alg');
      w.opaque(id.certificateHash, 0, MAX8, 'Signature.identity.certificate_hash');
      break;
    case 'cert_hash_node_id':
      w.u8(ID_CERT_HASH_NODE_ID, 'Signature.identity.identity_type');
      w.u16(identityValueLength(id), 'Signature.identity.length');
      w.u8(id.hashAlg, 'Signature.identity.hash_alg');
      w.opaque(id.certificateNodeIdHash, 0, MAX8, 'Signature.identity.certificate_node_id_hash');
      break;
    case 'none':
      w.u8(ID_NONE, 'Signature.identity.identity_type');
      w.u16(0, 'Signature.identity.length');
      break;
  }
  w.opaque(s.value, 0, MAX16, 'Signature.signature_value');
}

export function readSignature(r: Reader): Signature {
  const hash = r.u8('Signature.algorithm.hash');
  const signature = r.u8('Signature.algorithm.signature');
  const at = r.offset;
  const type = r.u8('Signature.identity.identity_type');
  const len = r.u16('Signature.identity.length');
  if (r.remaining < len) {
    throw new CodecError('truncated', 'Signature.identity', `needs ${len} bytes, ${r.remaining} left`, r.offset);
  }
  const end = r.offset + len;
  let identity: SignerIdentity;
  switch (type) {
    case ID_CERT_HASH:
      identity = { type: 'cert_hash', hashAlg: r.u8('Signature.identity.hash_alg'), certificateHash: r.opaque(0, MAX8, 'Signature.identity.certificate_hash') };
      break;
    case ID_CERT_HASH_NODE_ID:
      identity = {
        type: 'cert_hash_node_id',
        hashAlg: r.u8('Signature.identity.hash_alg'),
        certificateNodeIdHash: r.opaque(0, MAX8, 'Signature.identity.certificate_node_id_hash'),
      };
      break;
    case ID_NONE:
      identity = { type: 'none' };
      break;
    default:
      throw new CodecError('out-of-range', 'Signature.identity.identity_type', `unknown SignerIdentityType ${type}`, at);
  }
  if (r.offset !== end) {
    throw new CodecError(r.offset < end ? 'overlong' : 'truncated', 'Signature.identity', `length ${len} does not match its contents`, at);
  }
  return { algorithm: { hash, signature }, identity, value: r.opaque(0, MAX16, 'Signature.signature_value') };
}

function certificateLength(c: GenericCertificate): number {
  return 1 + 2 + c.certificate.length;
}

function writeCertificate(w: Writer, c: GenericCertificate): void {
  w.u8(CERT_X509, 'GenericCertificate.type');
  w.opaque(c.certificate, 0, MAX16, 'GenericCertificate.certificate');
}

function readCertificate(r: Reader): GenericCertificate {
  const at = r.offset;
  const type = r.u8('GenericCertificate.type');
  if (type !== CERT_X509) throw new CodecError('out-of-range', 'GenericCertificate.type', `unknown CertificateType ${type}`, at);
  return { type: 'x509', certificate: r.opaque(0, MAX16, 'GenericCertificate.certificate') };
}

export function securityBlockLength(b: SecurityBlock): number {
  let n = 2;
  const certs = b.certificates;
  for (let i = 0; i < certs.length; i++) n += certificateLength(certs[i]!);
  return n + signatureLength(b.signature);
}

export function writeSecurityBlock(w: Writer, b: SecurityBlock): void {
  writeVector(w, b.certificates, 0, MAX16, 'SecurityBlock.certificates', writeCertificate);
  writeSignature(w, b.signature);
}

export function readSecurityBlock(r: Reader): SecurityBlock {
  const certificates = readVector(r, 0, MAX16, 'SecurityBlock.certificates', readCertificate);
  return { certificates, signature: readSignature(r) };
}

export const securityBlockCodec: WireCodec<SecurityBlock> = wireCodec('SecurityBlock', writeSecurityBlock, readSecurityBlock, securityBlockLength);

export const signatureCodec: WireCodec<Signature> = wireCodec('Signature', writeSignature, readSignature, signatureLength);

/** Sizes of a modelled security block or signature. */
export interface SecurityModelSettings {
  /**
   * Bytes of the one X.509 certificate carried in a SecurityBlock; 0 carries none (a receiver that
   * has cached the signer's certificate, §6.3.4). RELOAD certificates are RSA-2048 X.509 with the
   * node ids and user name in subjectAltName (§11.3); DER encodings of such certificates are
   * typically 0.8-1.2 kB.
   * @default 800
   */
  readonly certificateBytes?: number;
  /**
   * Bytes of signature_value. §6.3.4 makes RSASSA-PKCS1-v1_5 with SHA-256 mandatory to implement;
   * with a 2048-bit key the signature is as long as the modulus: 256 bytes.
   * @default 256
   */
  readonly signatureBytes?: number;
  /**
   * The Node-ID the signer acts as. Given, the identity is cert_hash_node_id (a hash over the
   * certificate and this Node-ID), else cert_hash. Either way the modelled hash is 32 bytes
   * (SHA-256); for cert_hash_node_id its first 16 bytes hold the Node-ID so traces can tell signers
   * apart, the rest is zeros.
   */
  readonly signerNodeId?: Id;
}

export const DEFAULT_CERTIFICATE_BYTES = 800;
export const DEFAULT_SIGNATURE_BYTES = 256;
/** SHA-256 output. */
const MODEL_HASH_BYTES = 32;

/** A Signature with the real structure and zero-filled, modelled sizes (RSA + SHA-256). */
export function modelSignature(settings: SecurityModelSettings = {}): Signature {
  const signatureBytes = settings.signatureBytes ?? DEFAULT_SIGNATURE_BYTES;
  checkSize(signatureBytes, MAX16, 'signatureBytes');
  const algorithm = { hash: HashAlgorithm.sha256, signature: SignatureAlgorithm.rsa };
  let identity: SignerIdentity;
  if (settings.signerNodeId !== undefined) {
    const h = new Uint8Array(MODEL_HASH_BYTES);
    settings.signerNodeId.toBytes(h, 0);
    identity = { type: 'cert_hash_node_id', hashAlg: HashAlgorithm.sha256, certificateNodeIdHash: h };
  } else {
    identity = { type: 'cert_hash', hashAlg: HashAlgorithm.sha256, certificateHash: new Uint8Array(MODEL_HASH_BYTES) };
  }
  return { algorithm, identity, value: new Uint8Array(signatureBytes) };
}

/**
 * A SecurityBlock with the real structure and modelled sizes. It is immutable: build it once per
 * signer and settings and reuse it for every message (its byte arrays are shared; never mutate them).
 */
export function modelSecurityBlock(settings: SecurityModelSettings = {}): SecurityBlock {
  const certificateBytes = settings.certificateBytes ?? DEFAULT_CERTIFICATE_BYTES;
  checkSize(certificateBytes, MAX16 - 3, 'certificateBytes');
  const certificates: GenericCertificate[] = certificateBytes > 0 ? [{ type: 'x509', certificate: new Uint8Array(certificateBytes) }] : [];
  return { certificates, signature: modelSignature(settings) };
}

function checkSize(v: number, max: number, name: string): void {
  if (!Number.isInteger(v) || v < 0 || v > max) throw new CodecError('out-of-range', `SecurityModelSettings.${name}`, `must be an integer in [0, ${max}], got ${v}`);
}

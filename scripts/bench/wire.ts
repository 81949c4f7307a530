/**
 * RELOAD wire codecs (src/reload/wire): cost of `encodedLength` (called on every send to count
 * bytes) and of encode + decode (the `wire` run option) for a typical Update and a typical StoreReq,
 * each as a whole message with a modelled security block.
 */
import { Id } from '../../src/reload/id.ts';
import {
  createMessageCodec,
  defaultReloadBodies,
  FRAGMENT_UNFRAGMENTED,
  MessageCode,
  modelSecurityBlock,
  modelSignature,
} from '../../src/reload/wire/index.ts';
import type { ForwardingHeader, ReloadMessage } from '../../src/reload/wire/index.ts';
import type { BenchRow, BenchSection } from './types.ts';
import { time, xorshift } from './util.ts';

const ALMTREE_KIND = 0xf0000001;

function ids(n: number, rnd: () => number): Id[] {
  return Array.from({ length: n }, () => new Id(rnd() * 2 ** 32, rnd() * 2 ** 32, rnd() * 2 ** 32, rnd() * 2 ** 32));
}

/** A full ChordUpdate at ~100k peers (3 predecessors, 3 successors, 17 fingers) to a direct neighbour. */
export function typicalUpdate(): ReloadMessage {
  const rnd = xorshift(7);
  const [self, to] = ids(2, rnd) as [Id, Id];
  return {
    header: header([{ type: 'node', id: self }], [{ type: 'node', id: to }]),
    contents: {
      messageCode: MessageCode.UpdateReq,
      body: { uptime: 3600, type: 'full', predecessors: ids(3, rnd), successors: ids(3, rnd), fingers: ids(17, rnd) },
      extensions: [],
    },
    security: modelSecurityBlock({ signerNodeId: self }),
  };
}

/** A StoreReq of one ALMTree dictionary entry (100-byte value, RSA-signed) routed over 3 hops. */
export function typicalStore(): ReloadMessage {
  const rnd = xorshift(11);
  const [self, resource] = ids(2, rnd) as [Id, Id];
  return {
    header: header(ids(3, rnd).map((id) => ({ type: 'node' as const, id })), [{ type: 'resource', id: resource }]),
    contents: {
      messageCode: MessageCode.StoreReq,
      body: {
        resource,
        replicaNumber: 0,
        kindData: [
          {
            kind: ALMTREE_KIND,
            generationCounter: 12,
            values: [
              {
                storageTime: 1_700_000_000_000,
                lifetime: 86_400,
                value: { model: 'dictionary', key: self.toBytes(), value: { exists: true, value: new Uint8Array(100) } },
                signature: modelSignature({ signerNodeId: self }),
              },
            ],
          },
        ],
      },
      extensions: [],
    },
    security: modelSecurityBlock({ signerNodeId: self }),
  };
}

function header(viaList: ForwardingHeader['viaList'], destinationList: ForwardingHeader['destinationList']): ForwardingHeader {
  return {
    overlay: 0x5a5a5a5a,
    configurationSequence: 1,
    ttl: 97,
    fragment: FRAGMENT_UNFRAGMENTED,
    transactionId: 123_456_789,
    maxResponseLength: 0,
    viaList,
    destinationList,
    options: [],
  };
}

/** Best of five timed runs (the machine may be shared), after a warm-up. */
function nsPerOp(n: number, fn: () => void): number {
  for (let i = 0; i < Math.min(n, 20_000); i++) fn();
  let best = Infinity;
  for (let rep = 0; rep < 5; rep++) {
    const secs = time(() => {
      for (let i = 0; i < n; i++) fn();
    });
    best = Math.min(best, (secs * 1e9) / n);
  }
  return best;
}

export function wireRows(): BenchRow[] {
  const codec = createMessageCodec({ bodies: defaultReloadBodies({ dataModelOf: (k) => (k === ALMTREE_KIND ? 'dictionary' : undefined) }) });
  const rows: BenchRow[] = [];
  let sink = 0;
  for (const [name, m] of [
    ['Update (full)', typicalUpdate()],
    ['StoreReq', typicalStore()],
  ] as const) {
    const bytes = codec.encode(m);
    const note = `${bytes.length} bytes`;
    rows.push({ case: `${name} encodedLength`, value: round(nsPerOp(1_000_000, () => (sink += codec.encodedLength(m)))), unit: 'ns/op', note });
    rows.push({ case: `${name} encode`, value: round(nsPerOp(50_000, () => (sink += codec.encode(m).length))), unit: 'ns/op', note });
    rows.push({ case: `${name} decode`, value: round(nsPerOp(50_000, () => (sink += codec.decode(bytes).header.ttl))), unit: 'ns/op', note });
    rows.push({
      case: `${name} encode+decode`,
      value: round(nsPerOp(50_000, () => (sink += codec.decode(codec.encode(m)).header.ttl))),
      unit: 'ns/op',
      note,
    });
  }
  if (sink === -1) console.log(sink);
  return rows;
}

function round(v: number): number {
  return Math.round(v * 10) / 10;
}

export const wire: BenchSection = {
  name: 'wire',
  description: 'src/reload/wire message codec: encodedLength, encode, decode of a typical Update and StoreReq',
  run: wireRows,
};

if (import.meta.url === `file://${process.argv[1]}`) console.table(wireRows());

/** Hand-built inputs for collector tests: a trace, groups, Push messages and a tiny routed underlay. */
import { groupIdOf, writeStreamHeader } from '../../src/alm/index.ts';
import type { RoutedUnderlay } from '../../src/net/index.ts';
import type { Id } from '../../src/reload/id.ts';
import type { ReloadMessage } from '../../src/reload/message.ts';
import type { PeerTable } from '../../src/reload/peer-table.ts';
import { Trace } from '../../src/sim/index.ts';
import type { MetricsEvent } from '../../src/metrics/event-source.ts';
import type { MeasurementWindow } from '../../src/metrics/window.ts';

export const SCRIBE = 1;
export const WINDOW: MeasurementWindow = { start: 0, end: 10_000_000, runEnd: 15_000_000 };

export function makeTrace(): Trace<MetricsEvent> {
  return new Trace<MetricsEvent>();
}

export function group(name: string): { id: Id; key: string } {
  const id = groupIdOf(name);
  return { id, key: id.toHex() };
}

/** Peers as the collectors see them: peer p on host `hosts[p]`, all up. */
export function peerTable(hosts: readonly number[]): PeerTable {
  return {
    host: Int32Array.from(hosts),
    count: hosts.length,
    isUp: () => true,
    isRunning: () => true,
    client: new Uint8Array(hosts.length),
  } as unknown as PeerTable;
}

/** An exp_a_req carrying a Push of one stripe of (source, seq). */
export function pushMessage(groupId: Id, source: number, seq: number, stripes = 1, algorithmId = SCRIBE): ReloadMessage {
  const data = new Uint8Array(64);
  writeStreamHeader(data, { source, seq, sentAt: 0, stripe: 0, stripes });
  return { code: 0x23, body: { algorithmId, code: 0x12, body: { groupId, priority: 0, data } } } as unknown as ReloadMessage;
}

export function sent(trace: Trace<MetricsEvent>, time: number, peer: number, to: number, msg: ReloadMessage, size = 100): void {
  trace.emit({ type: 'reload.messageSent', time, peer, to, code: msg.code, size, forwarded: false, transactionId: 1, msg });
}

/**
 * Routers in a line 0 - 1 - 2 - ... with 10 ms links (link i joins routers i and i + 1); host h
 * hangs off router `hostRouters[h]` with no access delay.
 */
export function lineUnderlay(routers: number, hostRouters: readonly number[]): RoutedUnderlay {
  const linkCount = routers - 1;
  const linkA = Uint32Array.from({ length: linkCount }, (_, i) => i);
  const linkB = Uint32Array.from({ length: linkCount }, (_, i) => i + 1);
  const linkDelay = new Uint32Array(linkCount).fill(10_000);
  const pathInto = (r1: number, r2: number, out: Uint32Array) => {
    let k = 0;
    if (r1 < r2) for (let l = r1; l < r2; l++) out[k++] = l;
    else for (let l = r1 - 1; l >= r2; l--) out[k++] = l;
    return k;
  };
  return {
    kind: 'line',
    hostCount: hostRouters.length,
    routerCount: routers,
    linkCount,
    linkA,
    linkB,
    linkDelay,
    latency: (a: number, b: number) => Math.abs(hostRouters[a]! - hostRouters[b]!) * 10_000,
    hostRouter: (h: number) => hostRouters[h]!,
    accessDelay: () => 0,
    routerDistance: (r1: number, r2: number) => Math.abs(r1 - r2) * 10_000,
    routerPath: () => new Uint32Array(0),
    linkPath: () => new Uint32Array(0),
    routerLinkPathInto: pathInto,
  };
}

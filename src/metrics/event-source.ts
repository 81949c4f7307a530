/**
 * What collectors subscribe to: the trace of a run. Collectors name only the event types they need,
 * so that emitters of other (high-rate) types keep skipping their events.
 */
import type { AlmTraceEvent } from '../alm/index.ts';
import type { OverlayTraceEvent } from '../reload/overlay.ts';
import type { TraceEventBase } from '../sim/index.ts';
import type { LookupTraceEvent } from './lookup-collector.ts';

/** The events collectors read: RELOAD, transport and ALM, and the workload's overlay lookups. */
export type MetricsEvent = OverlayTraceEvent | AlmTraceEvent | LookupTraceEvent;

/** A trace to subscribe to (a `Trace` of any union that includes E). */
export interface EventSource<E extends TraceEventBase> {
  on<K extends E['type']>(type: K, listener: (event: Extract<E, { type: K }>) => void): () => void;
}

/**
 * Trace sources. Protocol code emits typed events; collectors subscribe to the types they need.
 *
 * Zero cost without subscribers: an emitter tests the flag `trace.want.<type>` before it builds the
 * event object, so an unobserved event costs one property read.
 *
 *   if (trace.want.messageSent) trace.emit({ type: 'messageSent', ... });
 */

export interface TraceEventBase {
  readonly type: string;
}

export type TraceListener<E> = (event: E) => void;

/**
 * What an emitter needs: the want flags and emit. Components take a `TraceSink<TheirEvents>`, so a
 * `Trace` of any union that includes their events can be passed (a `Trace` itself is invariant in
 * its union because of the generic `on`).
 */
export interface TraceSink<E extends TraceEventBase> {
  readonly want: { readonly [K in E['type']]?: boolean };
  emit(event: E): void;
}

type EventOf<E extends TraceEventBase, K extends E['type']> = Extract<E, { type: K }>;

export class Trace<E extends TraceEventBase> implements TraceSink<E> {
  /** True for each event type with at least one listener. Read by emitters before building events. */
  readonly want: { readonly [K in E['type']]?: boolean } = Object.create(null);
  private readonly listeners = new Map<string, TraceListener<E>[]>();

  /** Subscribes to one event type; returns the function that unsubscribes. */
  on<K extends E['type']>(type: K, listener: TraceListener<EventOf<E, K>>): () => void {
    const list = this.listeners.get(type) ?? [];
    // Copy on write, so that a listener may unsubscribe while events are being dispatched.
    this.listeners.set(type, [...list, listener as TraceListener<E>]);
    (this.want as Record<string, boolean>)[type] = true;
    return () => this.off(type, listener);
  }

  /** Subscribes one listener to several types; returns the function that unsubscribes from all. */
  onMany<K extends E['type']>(types: readonly K[], listener: TraceListener<EventOf<E, K>>): () => void {
    const offs = types.map((t) => this.on(t, listener));
    return () => {
      for (const off of offs) off();
    };
  }

  off<K extends E['type']>(type: K, listener: TraceListener<EventOf<E, K>>): void {
    const list = this.listeners.get(type);
    if (list === undefined) return;
    // Remove one registration only: a listener subscribed twice stays subscribed once.
    const i = list.indexOf(listener as TraceListener<E>);
    if (i < 0) return;
    const next = [...list.slice(0, i), ...list.slice(i + 1)];
    if (next.length === 0) {
      this.listeners.delete(type);
      (this.want as Record<string, boolean>)[type] = false;
    } else {
      this.listeners.set(type, next);
    }
  }

  /** Number of listeners of a type. */
  listenerCount(type: E['type']): number {
    return this.listeners.get(type)?.length ?? 0;
  }

  emit(event: E): void {
    const list = this.listeners.get(event.type);
    if (list === undefined) return;
    for (let i = 0; i < list.length; i++) list[i]!(event);
  }
}

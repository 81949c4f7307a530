/**
 * The underlay: what the network between hosts looks like to the transport. Hosts are the integer
 * indices 0..hostCount-1, fixed when the model is built; a peer is attached to a host by the transport.
 *
 * Every latency model implements {@link Underlay}. Models with a router topology (transit-stub) also
 * implement {@link RoutedUnderlay}, which the link-stress collector and the IP-multicast and unicast
 * baselines read. Decorators (loss, partition) wrap another underlay and add {@link Underlay.drops}.
 */

/** Why a message did not arrive. */
export type DropReason = 'loss' | 'partition' | 'no-receiver';

export interface Underlay {
  /** Short model name for logs and resolved scenarios, e.g. "transit-stub". */
  readonly kind: string;
  /** Hosts are 0..hostCount-1. */
  readonly hostCount: number;
  /**
   * One-way latency from host a to host b, a non-negative integer number of microseconds;
   * latency(a, a) = 0. Pure: the same pair gives the same value for the whole run.
   */
  latency(a: number, b: number): number;
  /**
   * Why a message sent from a to b at simulated time `now` is lost, or null when it goes through.
   * Absent on models that never drop, so that the transport can skip the call entirely.
   */
  drops?(a: number, b: number, now: number): DropReason | null;
}

/** An underlay that wraps another one (the decorators). */
export interface UnderlayDecorator extends Underlay {
  readonly inner: Underlay;
}

/**
 * An underlay with routers and links. Links are undirected and numbered 0..linkCount-1. Access links
 * (host to its router) are not router links: they are not numbered and do not appear in paths.
 */
export interface RoutedUnderlay extends Underlay {
  readonly routerCount: number;
  readonly linkCount: number;
  /** Endpoint routers and delay (us) of each link, indexed by link. */
  readonly linkA: Uint32Array;
  readonly linkB: Uint32Array;
  readonly linkDelay: Uint32Array;
  /** The router host h is attached to. */
  hostRouter(h: number): number;
  /** Delay (us) of host h's access link to its router. */
  accessDelay(h: number): number;
  /** Shortest-path delay (us) between two routers. */
  routerDistance(r1: number, r2: number): number;
  /** Routers on the path from host a's router to host b's router, both included (one entry if equal). */
  routerPath(a: number, b: number): Uint32Array;
  /** Link indices along {@link routerPath} (routerPath(a, b).length - 1 of them). */
  linkPath(a: number, b: number): Uint32Array;
  /**
   * Writes the links from router r1 to router r2 into `out` (which must hold routerCount - 1 entries)
   * and returns how many; allocation-free form for collectors that walk many paths.
   */
  routerLinkPathInto(r1: number, r2: number, out: Uint32Array): number;
}

export class UnderlayError extends Error {
  override name = 'UnderlayError';
}

/** True for underlays with routers and links. */
export function isRouted(u: Underlay): u is RoutedUnderlay {
  return typeof (u as Partial<RoutedUnderlay>).routerLinkPathInto === 'function';
}

/** The routed model under any decorators, or undefined if the base model has no routers. */
export function routedBase(u: Underlay): RoutedUnderlay | undefined {
  let cur: Underlay | undefined = u;
  while (cur !== undefined) {
    if (isRouted(cur)) return cur;
    cur = (cur as Partial<UnderlayDecorator>).inner;
  }
  return undefined;
}

/** Checks a host count given in a model's init. */
export function checkHostCount(kind: string, hostCount: number): void {
  if (!Number.isInteger(hostCount) || hostCount < 1 || hostCount > 0xffffffff) {
    throw new UnderlayError(`${kind}: hostCount must be an integer >= 1, got ${hostCount}`);
  }
}

/** Checks a [min, max] range of microseconds given in a model's init. */
export function checkRange(what: string, range: readonly [number, number]): void {
  const [lo, hi] = range;
  if (!(Number.isFinite(lo) && Number.isFinite(hi) && lo >= 0 && hi >= lo)) {
    throw new UnderlayError(`${what}: expected a range [min, max] with 0 <= min <= max (us), got [${lo}, ${hi}]`);
  }
}

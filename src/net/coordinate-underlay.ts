/**
 * Hosts placed at random in a space; latency is the distance between them (times a propagation cost)
 * plus each end's access delay. Two geometries:
 * - plane: uniform in a width x height rectangle, latency = euclidean distance * usPerUnit;
 * - sphere: uniform on the Earth's surface, latency = great-circle distance / propagation speed.
 * The distance part obeys the triangle inequality; rounding to integer microseconds can break it by 1 us.
 */
import type { RandomStream } from '../sim/random.ts';
import { checkHostCount, checkRange, UnderlayError, type Underlay } from './underlay.ts';

export interface CoordinateUnderlayComponents {
  rng: RandomStream;
}

export interface CoordinateUnderlayInit {
  hostCount: number;
  /** @default 'plane' */
  geometry?: 'plane' | 'sphere';
  /** Plane width, in units. @default 1000 */
  width?: number;
  /** Plane height, in units. @default 1000 */
  height?: number;
  /** Plane: microseconds of latency per unit of distance. @default 100 (so the 1000 x 1000 plane spans 0..141 ms) */
  usPerUnit?: number;
  /** Sphere radius in km. @default 6371 (the Earth) */
  radiusKm?: number;
  /** Sphere: propagation speed in km/s. @default 200000 (light in fibre, about 2/3 c) */
  speedKmPerS?: number;
  /**
   * Each host's access (last-mile) delay is drawn uniformly from this range, integer microseconds,
   * and added at both ends. @default [1000, 10000] (1 to 10 ms)
   */
  access?: readonly [number, number];
}

export class CoordinateUnderlay implements Underlay {
  readonly kind: string;
  readonly hostCount: number;
  readonly geometry: 'plane' | 'sphere';
  /** Plane: x and y. Sphere: the unit vector (x, y, z). */
  readonly x: Float64Array;
  readonly y: Float64Array;
  readonly z: Float64Array;
  /** Access delay of each host, us. */
  readonly access: Uint32Array;
  /** Microseconds per unit of distance (plane) or per radian of arc (sphere). */
  private readonly scale: number;

  constructor(components: CoordinateUnderlayComponents, init: CoordinateUnderlayInit) {
    checkHostCount('coordinate underlay', init.hostCount);
    const n = init.hostCount;
    const rng = components.rng;
    this.hostCount = n;
    this.geometry = init.geometry ?? 'plane';
    this.kind = `coordinates-${this.geometry}`;
    const access = init.access ?? [1_000, 10_000];
    checkRange('coordinate underlay: access', access);
    this.x = new Float64Array(n);
    this.y = new Float64Array(n);
    this.z = new Float64Array(this.geometry === 'sphere' ? n : 0);
    this.access = new Uint32Array(n);
    if (this.geometry === 'plane') {
      const w = init.width ?? 1000;
      const h = init.height ?? 1000;
      const us = init.usPerUnit ?? 100;
      if (!(w > 0 && h > 0 && us >= 0)) {
        throw new UnderlayError(`coordinate underlay: expected width > 0, height > 0, usPerUnit >= 0, got ${w}, ${h}, ${us}`);
      }
      this.scale = us;
      for (let i = 0; i < n; i++) {
        this.x[i] = rng.uniform(0, w);
        this.y[i] = rng.uniform(0, h);
      }
    } else if (this.geometry === 'sphere') {
      const radius = init.radiusKm ?? 6371;
      const speed = init.speedKmPerS ?? 200_000;
      if (!(radius > 0 && speed > 0)) {
        throw new UnderlayError(`coordinate underlay: expected radiusKm > 0 and speedKmPerS > 0, got ${radius}, ${speed}`);
      }
      this.scale = (radius / speed) * 1e6;
      for (let i = 0; i < n; i++) {
        // Uniform on the sphere: z uniform in [-1, 1] and longitude uniform (Archimedes).
        const zz = rng.uniform(-1, 1);
        const phi = rng.uniform(0, 2 * Math.PI);
        const r = Math.sqrt(1 - zz * zz);
        this.x[i] = r * Math.cos(phi);
        this.y[i] = r * Math.sin(phi);
        this.z[i] = zz;
      }
    } else {
      throw new UnderlayError(`coordinate underlay: geometry must be 'plane' or 'sphere', got '${String(this.geometry)}'`);
    }
    const [lo, hi] = access;
    for (let i = 0; i < n; i++) this.access[i] = Math.round(rng.uniform(lo, hi));
  }

  /** Distance part of the latency (us, not rounded), without access delays. */
  distance(a: number, b: number): number {
    const x = this.x;
    const y = this.y;
    if (this.geometry === 'plane') {
      return Math.hypot(x[a]! - x[b]!, y[a]! - y[b]!) * this.scale;
    }
    const z = this.z;
    const ax = x[a]!, ay = y[a]!, az = z[a]!;
    const bx = x[b]!, by = y[b]!, bz = z[b]!;
    // atan2(|u x v|, u . v) is accurate for both tiny and near-antipodal angles, unlike acos.
    const cx = ay * bz - az * by;
    const cy = az * bx - ax * bz;
    const cz = ax * by - ay * bx;
    return Math.atan2(Math.sqrt(cx * cx + cy * cy + cz * cz), ax * bx + ay * by + az * bz) * this.scale;
  }

  latency(a: number, b: number): number {
    if (a === b) return 0;
    return Math.round(this.distance(a, b)) + this.access[a]! + this.access[b]!;
  }
}

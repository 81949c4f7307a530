import { describe, expect, it } from 'vitest';
import { CoordinateUnderlay, LossUnderlay, PartitionUnderlay, routedBase, TransitStubUnderlay } from '../../src/net/index.ts';
import { parseScenario } from '../../src/scenario/load.ts';
import { overlayInit } from '../../src/scenario/overlay-settings.ts';
import { buildUnderlay, TopologyCache } from '../../src/scenario/underlay-factory.ts';
import { RandomStreams } from '../../src/sim/index.ts';

const scenario = (yaml: string, overrides: string[] = []) => parseScenario(`overlay: { peers: 60 }\n${yaml}`, 'u.yaml', overrides);
const streams = () => new RandomStreams(1, 0);

describe('the underlay a scenario describes', () => {
  it('coordinates on a plane: a square of side `extent`, 1 us per unit, plus both access delays', () => {
    const u = buildUnderlay({ streams: streams() }, scenario('underlay: { model: coordinates, space: plane, extent: 100 ms, accessDelay: { min: 2 ms, max: 2 ms } }')) as CoordinateUnderlay;
    expect(u).toBeInstanceOf(CoordinateUnderlay);
    for (let a = 0; a < 60; a++) {
      expect(u.x[a]).toBeGreaterThanOrEqual(0);
      expect(u.x[a]).toBeLessThan(100_000);
      for (let b = a + 1; b < 60; b++) {
        const d = Math.hypot(u.x[a]! - u.x[b]!, u.y[a]! - u.y[b]!);
        expect(u.latency(a, b)).toBe(Math.round(d) + 4_000);
      }
    }
  });

  it('coordinates on a sphere: antipodal hosts are `extent` apart', () => {
    const u = buildUnderlay({ streams: streams() }, scenario('underlay: { model: coordinates, space: sphere, extent: 200 ms, accessDelay: { min: 0 ms, max: 0 ms } }')) as CoordinateUnderlay;
    let max = 0;
    for (let a = 0; a < 60; a++) for (let b = 0; b < 60; b++) max = Math.max(max, u.latency(a, b));
    expect(max).toBeLessThanOrEqual(200_000);
    expect(max).toBeGreaterThan(180_000);
    // Two hosts placed exactly opposite each other are 200 ms apart.
    u.x[0] = 1; u.y[0] = 0; u.z[0] = 0;
    u.x[1] = -1; u.y[1] = 0; u.z[1] = 0;
    expect(u.latency(0, 1)).toBe(200_000);
  });

  it('wraps partitions (slot ranges expanded, to: null = never heals) and loss around the model', () => {
    const s = scenario('underlay: { model: constant, latency: 5 ms, loss: { probability: 0.1 }, partitions: [{ groups: [[0, "1..9"], ["10..19"]], from: 2 s, to: null }] }');
    const u = buildUnderlay({ streams: streams() }, s);
    expect(u).toBeInstanceOf(LossUnderlay);
    const p = (u as LossUnderlay).inner as PartitionUnderlay;
    expect(p).toBeInstanceOf(PartitionUnderlay);
    expect(p.separated(5, 15, 1_999_999)).toBe(false);
    expect(p.separated(5, 15, 2_000_000)).toBe(true);
    expect(p.separated(5, 15, 1e15)).toBe(true);
    expect(p.separated(0, 9, 3_000_000)).toBe(false);
    expect(p.separated(5, 30, 3_000_000)).toBe(false);
    expect(u.latency(3, 4)).toBe(5_000);
  });

  it('passes bandwidth (null: unlimited) and the modelled security sizes to the overlay', () => {
    expect(overlayInit(scenario('')).uploadBps).toBe(Infinity);
    expect(overlayInit(scenario('underlay: { model: constant, bandwidth: 10 Mbit/s }')).uploadBps).toBe(10_000_000);
    expect(overlayInit(scenario('', ['overlay.security.certificatesPerMessage=0'])).wire).toMatchObject({ certificateBytes: 0, signatureBytes: 256 });
    expect(overlayInit(scenario('', ['overlay.security.certificatesPerMessage=2'])).wire).toMatchObject({ certificateBytes: 2000 });
  });

  it('transit-stub: a cached topology places hosts exactly as a fresh build', () => {
    const s = scenario('underlay: { model: transit-stub, preset: custom, transitDomains: 2, routersPerTransitDomain: 2, stubsPerTransitRouter: 2, routersPerStubDomain: 3 }');
    const cache = new TopologyCache();
    const a = buildUnderlay({ streams: streams(), topologyCache: cache }, s) as TransitStubUnderlay;
    const b = buildUnderlay({ streams: streams(), topologyCache: cache }, s) as TransitStubUnderlay;
    const fresh = buildUnderlay({ streams: streams() }, s) as TransitStubUnderlay;
    expect(b.network).toBe(a.network);
    expect(fresh.network).not.toBe(a.network);
    expect(routedBase(a)?.routerCount).toBe(2 * 2 * (1 + 2 * 3));
    for (let h = 0; h < 60; h++) {
      expect(b.hostRouter(h)).toBe(fresh.hostRouter(h));
      for (let k = 0; k < 60; k += 7) expect(b.latency(h, k)).toBe(fresh.latency(h, k));
    }
    const other = buildUnderlay({ streams: new RandomStreams(2, 0), topologyCache: cache }, s) as TransitStubUnderlay;
    expect(other.network).not.toBe(a.network);
  });
});

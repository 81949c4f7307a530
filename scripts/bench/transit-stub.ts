/** Building the scribe5050 transit-stub underlay with 100,000 hosts, and querying it. */
import { RandomStreams } from '../../src/sim/random.ts';
import { TransitStubUnderlay } from '../../src/net/transit-stub-underlay.ts';
import type { BenchRow, BenchSection } from './types.ts';
import { gc, mb, time, xorshift } from './util.ts';

const HOSTS = 100_000;

export const transitStub: BenchSection = {
  name: 'transit-stub',
  description: `scribe5050 preset (5,050 routers) with ${HOSTS.toLocaleString('en-US')} hosts: build time, memory, queries`,
  run(): BenchRow[] {
    gc();
    const m0 = process.memoryUsage();
    let u!: TransitStubUnderlay;
    const build = time(() => {
      u = new TransitStubUnderlay({ rng: new RandomStreams(1).stream('underlay') }, { hostCount: HOSTS, topology: 'scribe5050' });
    });
    gc();
    const m1 = process.memoryUsage();
    const rnd = xorshift(7);
    const n = 4_000_000;
    const as = new Uint32Array(n);
    const bs = new Uint32Array(n);
    for (let i = 0; i < n; i++) {
      as[i] = Math.floor(rnd() * HOSTS);
      bs[i] = Math.floor(rnd() * HOSTS);
    }
    let sink = 0;
    const lat = time(() => {
      for (let i = 0; i < n; i++) sink += u.latency(as[i]!, bs[i]!);
    });
    const paths = 200_000;
    const out = new Uint32Array(u.routerCount);
    let hops = 0;
    const lp = time(() => {
      for (let i = 0; i < paths; i++) hops += u.routerLinkPathInto(u.hostRouter(as[i]!), u.hostRouter(bs[i]!), out);
    });
    if (sink < 0) throw new Error('unreachable');
    return [
      { case: 'build (topology + all-pairs paths + hosts)', value: Math.round(build * 100) / 100, unit: 's', note: `${u.routerCount} routers, ${u.linkCount} links` },
      { case: 'memory: RSS delta', value: mb(m1.rss - m0.rss), unit: 'MB' },
      { case: 'memory: heap + array buffers delta', value: mb(m1.heapUsed + m1.arrayBuffers - m0.heapUsed - m0.arrayBuffers), unit: 'MB' },
      {
        case: '  of which all-pairs dist + pred',
        value: mb(u.network.paths.dist.byteLength + u.network.paths.pred.byteLength),
        unit: 'MB',
        note: 'Uint32 + Uint16: 6 B per router pair',
      },
      { case: 'latency() calls', value: Math.round(n / lat / 1e4) / 1e2, unit: 'M/s' },
      { case: 'routerLinkPathInto() calls', value: Math.round(paths / lp / 1e3) / 1e3, unit: 'M/s', note: `mean ${(hops / paths).toFixed(1)} links per path` },
      { case: 'mean host-to-host latency', value: Math.round(sink / n / 100) / 10, unit: 'ms', note: 'one-way, over the sampled pairs' },
    ];
  },
};

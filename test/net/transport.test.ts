import { describe, expect, it } from 'vitest';
import { RandomStreams } from '../../src/sim/random.ts';
import { Scheduler } from '../../src/sim/scheduler.ts';
import { Trace } from '../../src/sim/trace.ts';
import { ConstantUnderlay } from '../../src/net/constant-underlay.ts';
import { LossUnderlay } from '../../src/net/loss-underlay.ts';
import { PartitionUnderlay } from '../../src/net/partition-underlay.ts';
import { Transport, TransportError, type NetTraceEvent, type Receiver } from '../../src/net/transport.ts';
import { UniformUnderlay } from '../../src/net/uniform-underlay.ts';
import type { Underlay } from '../../src/net/underlay.ts';

interface Got {
  at: number;
  msg: string;
  from: number;
}

class Inbox implements Receiver<string> {
  readonly got: Got[] = [];
  constructor(
    private readonly scheduler: Scheduler,
    private readonly onReceive?: (msg: string, from: number) => void,
  ) {}
  receive(msg: string, from: number): void {
    this.got.push({ at: this.scheduler.now, msg, from });
    this.onReceive?.(msg, from);
  }
}

function setup(underlay: Underlay, init = {}) {
  const scheduler = new Scheduler();
  const trace = new Trace<NetTraceEvent<string>>();
  const transport = new Transport<string>({ scheduler, underlay, trace }, init);
  const inboxes = Array.from({ length: underlay.hostCount }, () => new Inbox(scheduler));
  inboxes.forEach((r, h) => transport.attach(h, r));
  return { scheduler, trace, transport, inboxes };
}

const constant = (latency: number, hostCount = 4) => new ConstantUnderlay({}, { hostCount, latency });

describe('Transport', () => {
  it('delivers after the underlay latency, with the sender', () => {
    const { scheduler, transport, inboxes } = setup(constant(5000));
    scheduler.run(100);
    transport.send(0, 2, 'hello', 10);
    scheduler.run();
    expect(inboxes[2]!.got).toEqual([{ at: 5100, msg: 'hello', from: 0 }]);
    expect(transport.counts).toEqual({ sent: 1, delivered: 1, dropped: 0, inFlight: 0 });
  });

  it('delivers through the scheduler even at zero latency (no synchronous recursion)', () => {
    const scheduler = new Scheduler();
    const transport = new Transport<string>({ scheduler, underlay: constant(0, 2) });
    let depth = 0;
    let maxDepth = 0;
    let count = 0;
    const ping: Receiver<string> = {
      receive(msg, from) {
        depth++;
        maxDepth = Math.max(maxDepth, depth);
        if (++count < 10_000) transport.send(from === 0 ? 1 : 0, from, msg, 1);
        depth--;
      },
    };
    transport.attach(0, ping);
    transport.attach(1, ping);
    transport.send(0, 1, 'x', 1);
    expect(count).toBe(0);
    scheduler.run();
    expect(count).toBe(10_000);
    expect(maxDepth).toBe(1);
    expect(scheduler.now).toBe(0);
  });

  it('keeps the send order between a pair of hosts, also with equal arrival times', () => {
    const u = new UniformUnderlay({ rng: new RandomStreams(1).stream('u') }, { hostCount: 4, min: 1000, max: 50_000 });
    const { scheduler, transport, inboxes } = setup(u);
    for (let i = 0; i < 100; i++) {
      transport.send(0, 1, `a${i}`, 1);
      transport.send(2, 1, `b${i}`, 1);
      transport.send(3, 3, `self${i}`, 1);
    }
    scheduler.run();
    const from0 = inboxes[1]!.got.filter((g) => g.from === 0).map((g) => g.msg);
    expect(from0).toEqual(Array.from({ length: 100 }, (_, i) => `a${i}`));
    const from2 = inboxes[1]!.got.filter((g) => g.from === 2).map((g) => g.msg);
    expect(from2).toEqual(Array.from({ length: 100 }, (_, i) => `b${i}`));
    expect(inboxes[3]!.got.every((g) => g.at === 0)).toBe(true);
  });

  it('queues back-to-back sends on the sender uplink (FIFO serialization)', () => {
    // 8 Mbit/s = 1 byte per microsecond.
    const { scheduler, transport, inboxes } = setup(constant(10_000), { uploadBps: 8e6 });
    transport.send(0, 1, 'm1', 1000);
    transport.send(0, 2, 'm2', 1000);
    transport.send(0, 1, 'm3', 500);
    transport.send(3, 1, 'other sender', 1000);
    scheduler.run(50_000);
    transport.send(0, 1, 'after idle', 100);
    scheduler.run();
    expect(inboxes[1]!.got.map((g) => [g.msg, g.at])).toEqual([
      ['m1', 11_000],
      ['other sender', 11_000],
      ['m3', 12_500],
      ['after idle', 60_100],
    ]);
    expect(inboxes[2]!.got.map((g) => [g.msg, g.at])).toEqual([['m2', 12_000]]);
  });

  it('rounds the serialization time up to whole microseconds without drifting', () => {
    // 1-byte messages at 24 Mbit/s take 1/3 us each: all three have left by 1 us.
    const { scheduler, transport, inboxes } = setup(constant(0, 2), { uploadBps: 24e6 });
    for (let i = 0; i < 3; i++) transport.send(0, 1, `m${i}`, 1);
    scheduler.run();
    expect(inboxes[1]!.got.map((g) => g.at)).toEqual([1, 1, 1]);
  });

  it('takes per-host bandwidths, and setUploadBps changes one host', () => {
    const { scheduler, transport, inboxes } = setup(constant(0), { uploadBps: [8e6, 16e6, Infinity, 0] });
    transport.send(0, 3, 'slow', 800);
    transport.send(1, 3, 'fast', 800);
    transport.send(2, 3, 'none', 800);
    transport.send(3, 0, 'zero means none', 800);
    scheduler.run();
    expect(inboxes[3]!.got.map((g) => [g.msg, g.at])).toEqual([
      ['none', 0],
      ['fast', 400],
      ['slow', 800],
    ]);
    expect(inboxes[0]!.got[0]!.at).toBe(0);
    transport.setUploadBps(2, 8e6);
    transport.send(2, 3, 'now slow', 800);
    scheduler.run();
    expect(inboxes[3]!.got.at(-1)).toEqual({ at: 1600, msg: 'now slow', from: 2 });
    expect(() => setup(constant(0), { uploadBps: [1, 2] })).toThrow(TransportError);
  });

  it("drops a message for a host with no receiver, also one detached while it was in flight ('no-receiver')", () => {
    const { scheduler, trace, transport, inboxes } = setup(constant(1000));
    const dropped: NetTraceEvent<string>[] = [];
    trace.on('net.dropped', (e) => dropped.push(e));
    transport.send(0, 1, 'in flight', 5);
    transport.detach(1);
    scheduler.run();
    expect(inboxes[1]!.got).toEqual([]);
    expect(dropped).toEqual([{ type: 'net.dropped', time: 1000, from: 0, to: 1, size: 5, msg: 'in flight', reason: 'no-receiver' }]);
    transport.attach(1, inboxes[1]!);
    transport.send(0, 1, 'back', 5);
    scheduler.run();
    expect(inboxes[1]!.got.map((g) => g.msg)).toEqual(['back']);
    expect(transport.counts).toEqual({ sent: 2, delivered: 1, dropped: 1, inFlight: 0 });
  });

  it('emits sent, then delivered or dropped, for every message', () => {
    const lossy = new LossUnderlay({ rng: new RandomStreams(3).stream('loss') }, { inner: constant(2000), probability: 0.5 });
    const { scheduler, trace, transport } = setup(lossy);
    const events: NetTraceEvent<string>[] = [];
    const off = trace.onMany(['net.sent', 'net.delivered', 'net.dropped'], (e) => events.push(e));
    scheduler.run(10);
    for (let i = 0; i < 200; i++) transport.send(i % 4, (i + 1) % 4, `m${i}`, i);
    scheduler.run();
    const sent = events.filter((e) => e.type === 'net.sent');
    const delivered = events.filter((e) => e.type === 'net.delivered');
    const lost = events.filter((e) => e.type === 'net.dropped');
    expect(sent).toHaveLength(200);
    expect(delivered.length + lost.length).toBe(200);
    expect(lost.length).toBeGreaterThan(70);
    expect(lost.every((e) => e.type === 'net.dropped' && e.reason === 'loss' && e.time === 10)).toBe(true);
    for (const e of delivered) {
      if (e.type !== 'net.delivered') continue;
      expect(e.sentAt).toBe(10);
      expect(e.time).toBe(2010);
      expect(e.msg).toBe(`m${e.size}`);
    }
    off();
    expect(trace.want['net.sent'] || trace.want['net.delivered'] || trace.want['net.dropped']).toBe(false);
  });

  it('drops across a partition at send time, while it holds', () => {
    const parted = new PartitionUnderlay({}, { inner: constant(1000), partitions: [{ groups: [[0], [1]], start: 100, end: 200 }] });
    const { scheduler, trace, transport, inboxes } = setup(parted);
    const reasons: string[] = [];
    trace.on('net.dropped', (e) => reasons.push(e.reason));
    expect(transport.send(0, 1, 'before', 1)).toBe(true); // in flight when the partition starts: still arrives
    scheduler.run(150);
    expect(transport.send(0, 1, 'during', 1)).toBe(false); // dropped at once: send says so
    expect(transport.send(0, 2, 'other host', 1)).toBe(true);
    scheduler.run(200);
    transport.send(1, 0, 'healed', 1);
    scheduler.run();
    expect(inboxes[1]!.got.map((g) => g.msg)).toEqual(['before']);
    expect(inboxes[2]!.got.map((g) => g.msg)).toEqual(['other host']);
    expect(inboxes[0]!.got.map((g) => g.msg)).toEqual(['healed']);
    expect(reasons).toEqual(['partition']);
  });

  it('grows its message slots and reuses them', () => {
    const scheduler = new Scheduler();
    const u = new UniformUnderlay({ rng: new RandomStreams(4).stream('u') }, { hostCount: 50, min: 0, max: 100_000 });
    const transport = new Transport<number>({ scheduler, underlay: u }, { initialCapacity: 16 });
    const sums = new Array<number>(50).fill(0);
    for (let h = 0; h < 50; h++) transport.attach(h, { receive: (m: number) => (sums[h]! += m) });
    let expected = 0;
    for (let round = 0; round < 3; round++) {
      for (let i = 0; i < 5000; i++) {
        transport.send(i % 50, (i * 7) % 50, i, 1);
        expected += i;
      }
      expect(transport.counts.inFlight).toBe(5000);
      scheduler.run();
    }
    expect(sums.reduce((a, b) => a + b, 0)).toBe(expected);
    expect(transport.counts).toEqual({ sent: 15_000, delivered: 15_000, dropped: 0, inFlight: 0 });
  });

  it('refuses bad hosts and a second receiver on a host', () => {
    const { transport, inboxes } = setup(constant(1));
    expect(() => transport.send(0, 4, 'x', 1)).toThrow(TransportError);
    expect(() => transport.send(-1, 0, 'x', 1)).toThrow(TransportError);
    expect(() => transport.attach(0, inboxes[0]!)).toThrow('attach: host 0 already has a receiver; detach it first');
    expect(() => transport.attach(1.5, inboxes[0]!)).toThrow(TransportError);
    expect(transport.receiverAt(2)).toBe(inboxes[2]);
  });

  it('accepts a project-wide trace whose union includes the net events', () => {
    type Other = { type: 'reload.peerJoined'; peer: number };
    const trace = new Trace<NetTraceEvent<string> | Other>();
    const scheduler = new Scheduler();
    const t = new Transport<string>({ scheduler, underlay: constant(1, 2), trace });
    const seen: string[] = [];
    trace.on('net.sent', (e) => seen.push(e.msg));
    t.send(0, 1, 'typed', 1);
    expect(seen).toEqual(['typed']);
  });
});

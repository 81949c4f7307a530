/**
 * Transport hot path: send + deliver through the scheduler with a constant underlay and no trace
 * listener. Steady state: `inFlight` messages circulate; each delivery sends one message on to a
 * pseudo-random host. Compared with the bare scheduler doing the same hold (schedule + run).
 */
import { Scheduler } from '../../src/sim/scheduler.ts';
import { ConstantUnderlay } from '../../src/net/constant-underlay.ts';
import { Transport, type Receiver } from '../../src/net/transport.ts';
import type { BenchRow, BenchSection } from './types.ts';
import { time } from './util.ts';

const HOSTS = 10_000;
const MESSAGES = 3_000_000;

interface Msg {
  hops: number;
}

function transportNs(inFlight: number, uploadBps?: number): number {
  const scheduler = new Scheduler();
  const transport = new Transport<Msg>({ scheduler, underlay: new ConstantUnderlay({}, { hostCount: HOSTS, latency: 20_000 }) }, { uploadBps });
  let left = 0;
  let x = 1;
  class Peer implements Receiver<Msg> {
    constructor(readonly host: number) {}
    receive(msg: Msg): void {
      x = (Math.imul(x, 1103515245) + 12345) >>> 0;
      msg.hops++;
      transport.send(this.host, x % HOSTS, msg, 100);
      if (--left === 0) scheduler.stop();
    }
  }
  for (let h = 0; h < HOSTS; h++) transport.attach(h, new Peer(h));
  for (let i = 0; i < inFlight; i++) transport.send(i % HOSTS, (i * 7) % HOSTS, { hops: 0 }, 100);
  left = MESSAGES;
  scheduler.run(); // warm-up
  left = MESSAGES;
  return (time(() => scheduler.run()) / MESSAGES) * 1e9;
}

function schedulerNs(inFlight: number): number {
  const scheduler = new Scheduler();
  let left = 0;
  const h = (m: Msg): void => {
    m.hops++;
    scheduler.schedule(20_000, h, m);
    if (--left === 0) scheduler.stop();
  };
  for (let i = 0; i < inFlight; i++) scheduler.schedule(20_000, h, { hops: 0 });
  left = MESSAGES;
  scheduler.run();
  left = MESSAGES;
  return (time(() => scheduler.run()) / MESSAGES) * 1e9;
}

export const transport: BenchSection = {
  name: 'transport',
  description: `send + deliver, constant underlay, ${HOSTS.toLocaleString('en-US')} hosts, no trace listener`,
  run(): BenchRow[] {
    const rows: BenchRow[] = [];
    for (const inFlight of [1_000, 100_000]) {
      rows.push({ case: `send+deliver, ${inFlight.toLocaleString('en-US')} in flight`, value: Math.round(transportNs(inFlight)), unit: 'ns/msg', note: 'target < 500' });
      rows.push({ case: `  same with 8 Mbit/s uplinks`, value: Math.round(transportNs(inFlight, 8e6)), unit: 'ns/msg' });
      rows.push({ case: `  bare scheduler schedule+run`, value: Math.round(schedulerNs(inFlight)), unit: 'ns/event' });
    }
    return rows;
  },
};

/**
 * The churn wave of the P2PCast delivery tests: members joining at random times, Push rounds from
 * random members, and a wave of 10% graceful leaves and 10% crashes spread over 20 s.
 */
import type { RandomStream } from '../../../src/sim/index.ts';
import { P2PCAST } from './forest-check.ts';
import { candidates, type TestForest } from './setup.ts';

const S = 1_000_000;

/** Every peer but the rendezvous point joins at a uniformly random time within `within` us. */
export function joinAllWithin(F: TestForest, rng: RandomStream, within: number): void {
  const { t } = F;
  const all = candidates(F);
  for (const m of all) t.scheduler.schedule(rng.int(within), () => t.usage.join(m, F.gid, P2PCAST), null);
  F.members.push(...all);
}

/**
 * Schedules the wave over the next 20 s: a tenth of the members leave (Group API leave, then the
 * peer leaves the overlay), another tenth crash. F.members becomes the members that stay.
 */
export function leaveAndCrashWave(F: TestForest, rng: RandomStream): void {
  const { t } = F;
  const n = F.members.length;
  const shuffled = [...F.members];
  for (let i = shuffled.length - 1; i > 0; i--) {
    const j = rng.int(i + 1);
    [shuffled[i], shuffled[j]] = [shuffled[j]!, shuffled[i]!];
  }
  for (const m of shuffled.slice(0, n / 10)) {
    t.scheduler.schedule(rng.int(20 * S), () => {
      t.usage.leave(m, F.gid, P2PCAST);
      t.usage.peerLeaving(m);
      t.overlay.leave(m);
    }, null);
  }
  for (const m of shuffled.slice(n / 10, n / 5)) t.scheduler.schedule(rng.int(20 * S), () => t.overlay.crash(m), null);
  F.members.splice(0, F.members.length, ...shuffled.slice(n / 5));
}

/** Sends `count` messages from random members; returns per message the members that delivered it, and stripes seen. */
export function pushRound(F: TestForest, count: number, rngName: string): { delivered: Map<string, number>; stripes: Map<string, number>; keys: string[] } {
  const { t } = F;
  const rng = t.streams.stream(rngName);
  const delivered = new Map<string, number>();
  const stripes = new Map<string, number>();
  const offD = t.trace.on('alm.delivered', (e) => {
    if (e.algorithm !== P2PCAST) return;
    const k = `${e.peer}|${e.source}:${e.seq}`;
    delivered.set(k, (delivered.get(k) ?? 0) + 1);
  });
  const offF = t.trace.on('alm.pushForwarded', (e) => {
    if (e.algorithm !== P2PCAST || e.to < 0) return;
    const k = `${e.to}|${e.source}:${e.seq}`;
    stripes.set(k, (stripes.get(k) ?? 0) + 1);
  });
  const keys: string[] = [];
  for (let i = 0; i < count; i++) {
    const src = F.members[rng.int(F.members.length)]!;
    const seq = t.usage.send(src, F.gid, P2PCAST, 1200);
    keys.push(`${src}:${seq}`);
    t.scheduler.run(t.scheduler.now + 200_000);
  }
  t.scheduler.run(t.scheduler.now + 5 * S);
  offD();
  offF();
  return { delivered, stripes, keys };
}


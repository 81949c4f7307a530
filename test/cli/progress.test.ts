import { describe, expect, it } from 'vitest';
import { createProgress } from '../../src/cli/progress.ts';

const stream = (isTTY: boolean) => {
  const s = { isTTY, text: '', write: (t: string) => ((s.text += t), true) };
  return s;
};
const p = { algorithm: 'scribe' as const, index: 0, count: 2, now: 5_000_000, end: 10_000_000, events: 1000 };

describe('progress display', () => {
  it('shows simulated time, events/s and an ETA on a terminal, and clears its line at the end', () => {
    const s = stream(true);
    const progress = createProgress({ stream: s });
    progress.simulation(p);
    progress.simulation({ ...p, now: 10_000_000, events: 5000 });
    expect(s.text).toMatch(/\[scribe 1\/2\] simulated 10 s of 10 s, (\d+|[\d.]+[kM]|\?) events\/s, ETA /);
    progress.tasks(3, 3);
    expect(s.text).toMatch(/sweep: 3 of 3 simulations done/);
    progress.done();
    expect(s.text.endsWith('\r\x1b[2K')).toBe(true);
  });

  it('is silent when stderr is not a terminal, or with --quiet', () => {
    for (const [tty, quiet] of [
      [false, false],
      [true, true],
    ] as const) {
      const s = stream(tty);
      const progress = createProgress({ stream: s, quiet });
      progress.simulation(p);
      progress.tasks(1, 2);
      progress.done();
      expect(s.text).toBe('');
    }
  });
});

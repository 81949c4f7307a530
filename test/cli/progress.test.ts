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

  it('names every simulation running at once (--jobs 2), and takes the ETA from all of them', () => {
    const s = stream(true);
    let ms = 1000;
    const progress = createProgress({ stream: s, clock: () => ms });
    const lastLine = () => s.text.slice(s.text.lastIndexOf('\r\x1b[2K') + 5);
    ms += 1000;
    progress.simulation({ ...p, index: 0, now: 2_000_000, events: 1000 });
    ms += 100;
    // Within 250 ms of the last line: no redraw.
    progress.simulation({ ...p, index: 1, algorithm: 'p2pcast', now: 3_000_000, events: 2000 });
    expect(lastLine()).toMatch(/^\[scribe 1\/2\] simulated 2 s of 10 s, /);
    ms += 900;
    progress.simulation({ ...p, index: 0, now: 5_000_000, events: 3000 });
    // Both run: 5 s and 3 s of 10 s done is 40% of the work after 2 s, so 3 s are left; 4000 events
    // since the last line (2000 of Scribe's and P2PCast's 2000) over 1 s.
    expect(lastLine()).toBe('[scribe 1/2, p2pcast 2/2] simulated 5 s, 3 s of 10 s, 4k events/s, ETA 3 s');
    ms += 1000;
    // Scribe ends; the line shows P2PCast alone from then on.
    progress.simulation({ ...p, index: 0, now: 10_000_000, events: 5000 });
    expect(lastLine()).toMatch(/^\[scribe 1\/2\] simulated 10 s of 10 s, /);
    ms += 1000;
    progress.simulation({ ...p, index: 1, algorithm: 'p2pcast', now: 6_000_000, events: 4000 });
    expect(lastLine()).toMatch(/^\[p2pcast 2\/2\] simulated 6 s of 10 s, 2k events\/s, ETA 1 s$/);
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

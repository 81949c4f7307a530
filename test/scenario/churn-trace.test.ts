import { describe, expect, it } from 'vitest';
import { SECOND } from '../../src/sim/time.ts';
import { RandomStreams } from '../../src/sim/random.ts';
import { churnTimeline, collectChurn } from '../../src/scenario/churn.ts';
import { loadChurnTrace, parseChurnTrace } from '../../src/scenario/churn-trace.ts';
import { ScenarioError } from '../../src/scenario/errors.ts';
import { loadScenario, parseScenario } from '../../src/scenario/load.ts';

function problems(fn: () => unknown): string[] {
  try {
    fn();
  } catch (err) {
    if (err instanceof ScenarioError) return err.lines();
    throw err;
  }
  throw new Error('expected a ScenarioError');
}

describe('churn trace files', () => {
  it('parse times with and without units, comments, blank lines and the initial state', () => {
    const t = loadChurnTrace('test/fixtures/scenario/traces/good.txt', 5);
    expect(t.length).toBe(5);
    expect([...t.times]).toEqual([0, 5 * SECOND, 5 * SECOND, 90 * SECOND, 100 * SECOND]);
    expect([...t.kinds]).toEqual([0, 1, 2, 0, 0]);
    expect([...t.slots]).toEqual([3, 1, 3, 1, 3]);
    expect([...t.initialUp]).toEqual([1, 1, 1, 0, 1]);
  });

  it('name the file, the line and what was expected for each bad line', () => {
    const text = ['# header', '1 JOIN 0', '2 s LEAVE 9', '3 s', 'soon CRASH 1', '4 s JOIN 1 extra', '0.5 LEAVE 2', '5 s JOIN 2', '6 s JOIN 2', '7 s LEAVE 0', '8 s LEAVE 0'].join('\n');
    expect(problems(() => parseChurnTrace(text, 't.txt', 5))).toEqual([
      't.txt:3: found slot "9", expected a slot from 0 to 4 (overlay.peers is 5)',
      't.txt:4: found "3 s", expected a line "<time> <JOIN|LEAVE|CRASH> <slot>"',
      't.txt:5: found time "soon", expected a time such as "500 ms", "600 s", "2 min" or "1.5 h" (units us, ms, s, min, h; a plain number is seconds)',
      't.txt:6: found "4 s JOIN 1 extra", expected a line "<time> <JOIN|LEAVE|CRASH> <slot>"',
      't.txt:7: found time 0.5 after 1 on line 2, expected times in non-decreasing order',
      't.txt:9: found JOIN of slot 2, which is up since line 8, expected LEAVE or CRASH for an up slot',
      't.txt:11: found LEAVE of slot 0, which is down since line 10, expected JOIN for a down slot',
    ]);
  });

  it('cap the number of reported problems', () => {
    const text = Array.from({ length: 30 }, (_, i) => `${i} NAP 0`).join('\n');
    const lines = problems(() => parseChurnTrace(text, 't.txt', 1));
    expect(lines).toHaveLength(21);
    expect(lines[20]).toBe('t.txt: found 10 more problems, expected a valid trace');
  });

  it('report a missing trace file', () => {
    expect(problems(() => loadChurnTrace('nope/none.txt', 3))).toEqual(['nope/none.txt: found no such file, expected a readable churn trace file']);
  });

  it('drive the timeline from churn.start', () => {
    const s = loadScenario('scenarios/trace-churn.yaml');
    expect(s.churn).toMatchObject({ model: 'trace', start: 30 * SECOND });
    const trace = loadChurnTrace(s.churn.model === 'trace' ? s.churn.file : '', s.overlay.peers);
    const tl = churnTimeline(s, new RandomStreams(1).stream('churn'), trace);
    const initiallyDown = [...tl.initialUp.keys()].filter((i) => tl.initialUp[i] === 0);
    expect(initiallyDown).toEqual([30, 31, 32, 33, 34, 35, 36, 37, 38, 39]);
    const events = collectChurn(tl);
    expect(events[0]).toEqual({ time: 30 * SECOND, kind: 'join', slot: 30 });
    expect(events.filter((e) => e.kind === 'crash').map((e) => [e.time / SECOND, e.slot])).toEqual([
      [150, 12],
      [150, 13],
      [210, 0],
    ]);
    expect(events).toHaveLength(18);
  });

  it('stop at the end of the run', () => {
    const s = parseScenario('overlay: {peers: 5}\nworkload: {groupSize: {size: 2}}\nchurn: {model: trace, file: t.txt, start: 0}\nmeasurement: {warmup: 0, duration: 60 s, drain: 0}', 'x.yaml');
    const trace = parseChurnTrace('10 LEAVE 1\n60 JOIN 1\n61 LEAVE 1', 't.txt', 5);
    expect(collectChurn(churnTimeline(s, new RandomStreams(1).stream('churn'), trace)).map((e) => e.time / SECOND)).toEqual([10, 60]);
  });
});

import { describe, expect, it } from 'vitest';
import { isAlgorithmAvailable } from '../../src/scenario/algorithms.ts';
import { loadScenario } from '../../src/scenario/load.ts';
import { runScenario, type RunProgress } from '../../src/scenario/run-scenario.ts';

const TINY = 'test/fixtures/experiments/tiny.yaml';
const p2pcast = await isAlgorithmAvailable('p2pcast');

describe('runScenario with several jobs', () => {
  it.skipIf(!p2pcast)('simulates each algorithm in a worker thread and returns the result of the sequential run', async () => {
    const scenario = loadScenario(TINY);
    const progress: RunProgress[] = [];
    const parallel = await runScenario(scenario, { algorithms: ['scribe', 'p2pcast'], jobs: 2, onProgress: (p) => progress.push(p) });
    const sequential = await runScenario(scenario, { algorithms: ['scribe', 'p2pcast'], jobs: 1 });
    expect(parallel.algorithms.map((a) => a.algorithm)).toEqual(['scribe', 'p2pcast']);
    expect(parallel).toEqual(sequential);
    // Every table and figure, not just the summary: the deliveries of both algorithms are there.
    expect(parallel.algorithms[0]!.tables.deliveries.length).toBeGreaterThan(0);
    expect(parallel.algorithms[1]!.tables.deliveries.length).toBeGreaterThan(0);
    // Each worker's reports carry its algorithm's place in the run, and end at the run's end.
    for (const [index, algorithm] of ['scribe', 'p2pcast'].entries()) {
      const mine = progress.filter((p) => p.index === index);
      expect(mine.length).toBeGreaterThan(1);
      expect(mine.every((p) => p.algorithm === algorithm && p.count === 2)).toBe(true);
      const last = mine[mine.length - 1]!;
      expect(last.now).toBe(last.end);
      for (let i = 1; i < mine.length; i++) expect(mine[i]!.now).toBeGreaterThanOrEqual(mine[i - 1]!.now);
    }
  });

  it('rejects a jobs count that is not a positive integer', async () => {
    const scenario = loadScenario(TINY);
    for (const jobs of [0, 1.5, -1]) {
      await expect(runScenario(scenario, { algorithms: ['scribe'], jobs })).rejects.toThrow(`runScenario: jobs must be an integer >= 1, got ${jobs}`);
    }
  });
});

/** Worker thread entry of a sweep: simulates each task it is sent and replies with its row. */
import { parentPort } from 'node:worker_threads';
import { ScenarioError } from './errors.ts';
import { runSweepTask, type SweepTask } from './sweep.ts';
import { TopologyCache } from './underlay-factory.ts';
import type { WorkerReply } from './sweep-workers.ts';

const port = parentPort;
if (port === null) throw new Error('sweep-worker.ts must run in a worker thread');
// Tasks of the same seed and run number share their transit-stub topology.
const cache = new TopologyCache();
port.on('message', (task: SweepTask) => {
  runSweepTask(task, cache).then(
    (row) => port.postMessage({ index: task.index, row } satisfies WorkerReply),
    (err: unknown) => {
      const e = err instanceof Error ? err : new Error(String(err));
      const problems = err instanceof ScenarioError ? err.problems : undefined;
      port.postMessage({ index: task.index, error: { name: e.name, message: e.message, ...(problems === undefined ? {} : { problems }) } } satisfies WorkerReply);
    },
  );
});

/** Worker thread entry of `almsim figures`: simulates each figure task it is sent and replies with its metrics. */
import { parentPort } from 'node:worker_threads';
import { errorReply, type WorkerReply } from '../scenario/sweep-workers.ts';
import { TopologyCache } from '../scenario/underlay-factory.ts';
import type { FigureTask } from './figure-plan.ts';
import { runFigureTask, type TaskMetrics } from './simulate.ts';

const port = parentPort;
if (port === null) throw new Error('figure-worker.ts must run in a worker thread');
// Tasks of the same seed and run number share their transit-stub topology.
const cache = new TopologyCache();
port.on('message', (task: FigureTask) => {
  runFigureTask(task, cache).then(
    (row) => port.postMessage({ index: task.index, row } satisfies WorkerReply<TaskMetrics>),
    (err: unknown) => port.postMessage(errorReply(task.index, err)),
  );
});

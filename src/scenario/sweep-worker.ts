/** Worker thread entry of a sweep: simulates each task it is sent and replies with its row. */
import { parentPort } from 'node:worker_threads';
import { runSweepTask, type SweepTask } from './sweep.ts';
import { TopologyCache } from './underlay-factory.ts';
import { errorReply, type WorkerReply } from './sweep-workers.ts';

const port = parentPort;
if (port === null) throw new Error('sweep-worker.ts must run in a worker thread');
// Tasks of the same seed and run number share their transit-stub topology.
const cache = new TopologyCache();
port.on('message', (task: SweepTask) => {
  runSweepTask(task, cache).then(
    (row) => port.postMessage({ index: task.index, row } satisfies WorkerReply),
    (err: unknown) => port.postMessage(errorReply(task.index, err)),
  );
});

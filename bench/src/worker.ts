// Worker entry: builds one task in a fresh isolate, measures it, posts the result.
import { parentPort, workerData } from "node:worker_threads";
import { type MeasureOptions, measure } from "./measure.js";
import { type TaskSpec, buildTask, drain } from "./tasks.js";

const { spec, opts } = workerData as { spec: TaskSpec; opts: MeasureOptions };
const task = await buildTask(spec);
const m = await measure(`${spec.scenario}/${spec.contender}/${spec.pairs}`, task.batch, task.fn, opts);
parentPort?.postMessage({ ...m, checksum: task.checksum, sink: drain() });

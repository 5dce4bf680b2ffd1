/**
 * Node entry of the high-level analysis: locating the data directory, reading config files, and running tasks in
 * worker threads (`WorkerPool`; this module is also the threads' entry point).
 */
import { existsSync, readFileSync } from "node:fs";
import { availableParallelism } from "node:os";
import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { isMainThread, parentPort, Worker, workerData } from "node:worker_threads";
import type { DataStore } from "../data/data-store.js";
import { openDataStore } from "../data/node.js";
import type { PlainMapDataset } from "../makers/to-dataset.js";
import { readMapFile } from "../maps/node.js";
import type { WcsNDMap } from "../maps/wcs-map.js";
import { readModelsYaml } from "../modeling/models-io.js";
import { errorFromPlain, errorToPlain, GammatsError, type PlainError } from "../util/errors.js";
import { workerEntry } from "../util/node.js";
import { AnalysisConfig } from "./config.js";
import { StatSessionChannel, type StatSessionShare, serveStatSession } from "./stat-session.js";
import { TASKS } from "./task-registry.js";
import {
  cancelledError,
  type Executor,
  type ForEachOptions,
  type StatSession,
  TASK_API_VERSION,
  type TaskDefinition,
  type TaskEnvironment,
} from "./tasks.js";

/** The data directory: $GAMMATS_DATA, $GAMMAPY_DATA, or ../shared/data next to the package, if it exists. */
export function findDataDir(env: NodeJS.ProcessEnv = process.env): string | undefined {
  const here = dirname(fileURLToPath(import.meta.url));
  const candidates = [env.GAMMATS_DATA, env.GAMMAPY_DATA];
  for (const up of ["../..", "../../.."]) candidates.push(resolve(here, up, "..", "shared", "data"));
  for (const c of candidates) if (c && existsSync(c)) return resolve(c);
  return undefined;
}

/** Environment for path expansion: the process environment with GAMMAPY_DATA defaulting to the data directory. */
export function analysisEnv(env: NodeJS.ProcessEnv = process.env): Record<string, string | undefined> {
  const data = findDataDir(env);
  const existing = (v: string | undefined) => (v && existsSync(v) ? v : data);
  return { ...env, GAMMAPY_DATA: existing(env.GAMMAPY_DATA), GAMMATS_DATA: existing(env.GAMMATS_DATA) };
}

/** Reads an AnalysisConfig YAML file with environment expansion. */
export function readAnalysisConfig(path: string, env = analysisEnv()): AnalysisConfig {
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (e) {
    throw new GammatsError(
      "NOT_FOUND",
      `cannot read config: ${(e as Error).message}`,
      { file: path },
      "a readable YAML file",
    );
  }
  return AnalysisConfig.fromYaml(text, { file: path, env });
}

/**
 * A task environment over the local file system: data stores opened by folder path (one open file at a time, as the
 * CLI does) and map files read by path, each kept once opened.
 */
export function nodeTaskEnvironment(): TaskEnvironment {
  const stores = new Map<string, DataStore>();
  const maps = new Map<string, WcsNDMap>();
  return {
    dataStore: (location) => {
      let s = stores.get(location);
      if (!s) stores.set(location, (s = openDataStore(location, { cacheSize: 1 })));
      return s;
    },
    map: (location) => {
      let m = maps.get(location);
      if (!m) maps.set(location, (m = readMapFile(location) as WcsNDMap));
      return m;
    },
  };
}

/** Options of `WorkerPool`. */
export interface WorkerPoolOptions {
  /** Number of worker threads. Default: the machine's available parallelism. */
  readonly size?: number;
}

interface TaskMessage {
  readonly id: number;
  readonly task: string;
  readonly input: unknown;
}

/** Starts a stat session on a worker (see `serveStatSession`); the worker answers `{ session: "ready" }`. */
interface SessionMessage {
  readonly session: StatSessionShare;
}

type ResultMessage =
  | { readonly id: number; readonly output: unknown }
  | { readonly id: number; readonly error: PlainError };

/** Marks this module's worker threads (the value is the task interface version they speak). */
const WORKER_TAG = "gammatsTaskWorker";

/**
 * Runs tasks in worker threads (`node:worker_threads`), each thread with its own task environment on the local file
 * system. Threads start at the first `forEach` and are kept until `close`; results are handed over in input order,
 * so the numbers are those of the `InlineExecutor`. An abort terminates the threads (new ones start if needed).
 */
export class WorkerPool implements Executor {
  readonly concurrency: number;
  private workers: Worker[] = [];

  constructor(options: WorkerPoolOptions = {}) {
    const size = options.size ?? availableParallelism();
    if (!(Number.isInteger(size) && size >= 1))
      throw new GammatsError("BAD_ARGUMENT", `worker count ${size}`, { key: "workers" }, "an integer >= 1");
    this.concurrency = size;
  }

  async forEach<I, O>(
    task: TaskDefinition<I, O>,
    inputs: readonly I[],
    onResult: (output: O, index: number) => void,
    options: ForEachOptions = {},
  ): Promise<void> {
    if (inputs.length === 0) return;
    if (options.signal?.aborted) throw cancelledError();
    const workers = this.start(Math.min(this.concurrency, inputs.length));
    await new Promise<void>((resolve, reject) => {
      const results = new Map<number, O>();
      let next = 0;
      let delivered = 0;
      let finished = false;
      const finish = (error?: Error) => {
        if (finished) return;
        finished = true;
        options.signal?.removeEventListener("abort", abort);
        for (const w of workers) w.removeAllListeners("message").removeAllListeners("error").removeAllListeners("exit");
        if (error) reject(error);
        else resolve();
      };
      const abort = () => {
        this.terminate();
        finish(cancelledError());
      };
      options.signal?.addEventListener("abort", abort, { once: true });
      const dispatch = (w: Worker) => {
        if (next >= inputs.length) return;
        const id = next++;
        w.postMessage({ id, task: task.name, input: inputs[id] } satisfies TaskMessage);
      };
      for (const w of workers) {
        w.on("message", (m: ResultMessage) => {
          if (finished) return;
          if ("error" in m) {
            this.terminate();
            finish(errorFromPlain(m.error));
            return;
          }
          results.set(m.id, m.output as O);
          try {
            while (results.has(delivered)) {
              const out = results.get(delivered) as O;
              results.delete(delivered);
              onResult(out, delivered);
              delivered++;
              options.onProgress?.(delivered, inputs.length);
            }
          } catch (e) {
            this.terminate();
            finish(e as Error);
            return;
          }
          if (delivered === inputs.length) finish();
          else dispatch(w);
        });
        const crashed = (why: string) => {
          this.terminate();
          finish(new GammatsError("WORKER_FAILED", `a worker thread ${why}`, { key: task.name }));
        };
        w.on("error", (e) => crashed(`failed: ${e.message}`));
        w.on("exit", (code) => crashed(`exited with code ${code}`));
        dispatch(w);
      }
    });
  }

  async close(): Promise<void> {
    await this.terminate();
  }

  /**
   * Holds map datasets on the workers for a fit (dataset i on worker i mod n) and evaluates their statistics there
   * in parallel; the workers run no tasks until the session is closed.
   */
  async openStatSession(datasets: readonly PlainMapDataset[], models: string): Promise<StatSession> {
    const n = Math.min(this.concurrency, datasets.length);
    const workers = this.start(n);
    const nValues = readModelsYaml(models).parameters.length;
    const channel = new StatSessionChannel(n, nValues, datasets.length);
    await Promise.all(
      workers.map(
        (w, k) =>
          new Promise<void>((resolve, reject) => {
            const session: StatSessionShare = {
              buffer: channel.buffer,
              nWorkers: n,
              nValues,
              nDatasets: datasets.length,
              worker: k,
              datasets: datasets.flatMap((dataset, index) => (index % n === k ? [{ index, dataset }] : [])),
              models,
            };
            w.once("message", (m: { session?: string; error?: PlainError }) =>
              m.error ? reject(errorFromPlain(m.error)) : resolve(),
            );
            w.postMessage({ session } satisfies SessionMessage);
          }),
      ),
    );
    return {
      size: datasets.length,
      statSums: (values) => channel.evaluate(values),
      close: async () => channel.stop(),
    };
  }

  /** The first `n` workers, started if needed. */
  private start(n: number): Worker[] {
    while (this.workers.length < n)
      this.workers.push(new Worker(workerEntry(import.meta.url), { workerData: { [WORKER_TAG]: TASK_API_VERSION } }));
    return this.workers.slice(0, n);
  }

  private async terminate(): Promise<void> {
    const ws = this.workers;
    this.workers = [];
    for (const w of ws) w.removeAllListeners();
    await Promise.all(ws.map((w) => w.terminate()));
  }
}

/** The loop of a worker thread: runs the registered tasks it is sent, in its own file-system task environment. */
function serveTasks(): void {
  const port = parentPort;
  if (!port) return;
  const env = nodeTaskEnvironment();
  port.on("message", (m: TaskMessage | SessionMessage) => {
    if ("session" in m) {
      try {
        serveStatSession(m.session, env, () => port.postMessage({ session: "ready" }));
      } catch (e) {
        port.postMessage({ error: errorToPlain(e) });
      }
      return;
    }
    try {
      const task = TASKS[m.task];
      if (!task)
        throw new GammatsError(
          "UNKNOWN_TASK",
          `unknown task '${m.task}'`,
          { key: m.task },
          Object.keys(TASKS).join(", "),
        );
      port.postMessage({ id: m.id, output: task.run(m.input as never, env) } satisfies ResultMessage);
    } catch (e) {
      port.postMessage({ id: m.id, error: errorToPlain(e) } satisfies ResultMessage);
    }
  });
}

if (!isMainThread && (workerData as Record<string, unknown> | null)?.[WORKER_TAG] === TASK_API_VERSION) serveTasks();

/**
 * Tasks: the units of work an analysis is split into (reduce one observation, ...), each a pure function from a plain
 * (structured-cloneable) input to a plain output, and the `Executor`s that run them: in this thread
 * (`InlineExecutor`), in worker threads (`WorkerPool` in `gammats/analysis/node`), in the browser's web workers, or on
 * a queue. Every executor hands results over in input order, and the analysis combines them in that order, so its
 * numbers do not depend on the executor or on the number of workers.
 */
import type { DataStore } from "../data/data-store.js";
import type { PlainMapDataset } from "../makers/to-dataset.js";
import type { WcsNDMap } from "../maps/wcs-map.js";
import { GammatsError } from "../util/errors.js";

/** Version of the task interface (names, inputs and outputs); executors on other machines must run the same one. */
export const TASK_API_VERSION = 1;

/** What a task may read: data stores and map files, by the locations a config names (paths or URLs). */
export interface TaskEnvironment {
  /** The data store at `location` (a config's `observations.datastore`). */
  dataStore(location: string): DataStore;
  /** The map in the file at `location` (e.g. a config's `datasets.background.exclusion`). */
  map(location: string): WcsNDMap;
}

/** A task: a named, versioned pure function of a plain input (read through an environment) to a plain output. */
export interface TaskDefinition<I, O> {
  /** Unique name, e.g. `reduce-map-run`. */
  readonly name: string;
  readonly version: number;
  run(input: I, env: TaskEnvironment): O;
}

/** Options of `Executor.forEach`. */
export interface ForEachOptions {
  /** Stops the work: the promise rejects with a `CANCELLED` error soon after. */
  readonly signal?: AbortSignal;
  /** Called after each result with the number of results delivered and the total. */
  readonly onProgress?: (done: number, total: number) => void;
}

/** Runs tasks. */
export interface Executor {
  /** How many tasks run at once. */
  readonly concurrency: number;
  /**
   * Runs `task` on every input; `onResult` receives each output with its input index, in input order (as soon as
   * the earlier ones are in). Rejects with the first task error, or `CANCELLED` when the signal aborts.
   */
  forEach<I, O>(
    task: TaskDefinition<I, O>,
    inputs: readonly I[],
    onResult: (output: O, index: number) => void,
    options?: ForEachOptions,
  ): Promise<void>;
  /** Releases the executor's resources (workers); it can not be used afterwards. */
  close(): Promise<void>;
  /**
   * Executors with workers that can hold datasets: puts map datasets (plain form) and the models (YAML) on the
   * workers for a fit, each dataset on one worker for the whole session (so every dataset sees every evaluation in
   * order, as in this thread).
   */
  openStatSession?(datasets: readonly PlainMapDataset[], models: string): Promise<StatSession>;
}

/** Datasets held by workers, whose statistics are evaluated synchronously at given parameter values. */
export interface StatSession {
  /** Number of datasets. */
  readonly size: number;
  /**
   * Each dataset's statistic with the models' parameters set to `values` (in the order of the session models'
   * `parameters`); blocks until all workers are done.
   */
  statSums(values: Float64Array): Float64Array;
  /** Ends the session (the workers return to running tasks). */
  close(): Promise<void>;
}

/** The outputs of `task` on all inputs, in input order. */
export async function mapTasks<I, O>(
  executor: Executor,
  task: TaskDefinition<I, O>,
  inputs: readonly I[],
  options?: ForEachOptions,
): Promise<O[]> {
  const out: O[] = [];
  await executor.forEach(task, inputs, (o) => out.push(o), options);
  return out;
}

/** The error a cancelled step throws. */
export function cancelledError(): GammatsError {
  return new GammatsError("CANCELLED", "analysis cancelled");
}

/**
 * Runs tasks one after the other in this thread, yielding to the event loop between them (so that progress shows
 * and an abort signal takes effect).
 */
export class InlineExecutor implements Executor {
  readonly concurrency = 1;
  private readonly env: TaskEnvironment;

  constructor(env: TaskEnvironment) {
    this.env = env;
  }

  async forEach<I, O>(
    task: TaskDefinition<I, O>,
    inputs: readonly I[],
    onResult: (output: O, index: number) => void,
    options: ForEachOptions = {},
  ): Promise<void> {
    for (const [i, input] of inputs.entries()) {
      await new Promise<void>((resolve) => setTimeout(resolve, 0));
      if (options.signal?.aborted) throw cancelledError();
      onResult(task.run(input, this.env), i);
      options.onProgress?.(i + 1, inputs.length);
    }
  }

  async close(): Promise<void> {}
}

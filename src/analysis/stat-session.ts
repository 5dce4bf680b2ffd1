/**
 * Fits across workers: the datasets of a joint fit live on worker threads (each dataset on one worker for the whole
 * fit) and their statistics are evaluated in parallel, synchronously, through shared memory — the coordinator writes
 * the parameter values, wakes the workers (`Atomics.notify`) and waits (`Atomics.wait`) until each has written its
 * datasets' statistics, which it then sums in dataset order. Every dataset sees every evaluation in the order of the
 * fit, so its evaluator caches evolve as in one thread and the fit gives the same numbers for any number of workers.
 * Browser-safe: the same loop serves in web workers.
 */
import { mapDatasetFromPlain, type PlainMapDataset } from "../makers/to-dataset.js";
import type { FitDataset } from "../modeling/fit.js";
import type { Models } from "../modeling/models.js";
import { readModelsYaml } from "../modeling/models-io.js";
import { GammatsError } from "../util/errors.js";
import type { StatSession, TaskEnvironment } from "./tasks.js";

/** Control words (Int32) at the start of the shared buffer: sequence number, command, error flag, then one per worker. */
const SEQ = 0;
const CMD = 1;
const ERR = 2;
const DONE = 3;
const CMD_EVAL = 1;
const CMD_STOP = 2;
/** A worker that has not answered after this long (ms) is taken as lost (one evaluation takes at most seconds). */
const WAIT_LIMIT_MS = 600_000;

/** Views of a stat session's shared buffer: control words, parameter values and per-dataset statistics. */
export class StatSessionChannel {
  readonly buffer: SharedArrayBuffer;
  readonly control: Int32Array;
  readonly values: Float64Array;
  readonly stats: Float64Array;
  readonly nWorkers: number;

  /** A new buffer for `nWorkers` workers, `nValues` parameter values and `nDatasets` statistics, or views of one. */
  constructor(nWorkers: number, nValues: number, nDatasets: number, buffer?: SharedArrayBuffer) {
    const controlBytes = 8 * Math.ceil(((DONE + nWorkers) * 4) / 8);
    this.buffer = buffer ?? new SharedArrayBuffer(controlBytes + 8 * (nValues + nDatasets));
    this.nWorkers = nWorkers;
    this.control = new Int32Array(this.buffer, 0, DONE + nWorkers);
    this.values = new Float64Array(this.buffer, controlBytes, nValues);
    this.stats = new Float64Array(this.buffer, controlBytes + 8 * nValues, nDatasets);
  }

  /** Coordinator: every dataset's statistic at `values` (blocks until all workers are done). */
  evaluate(values: Float64Array): Float64Array {
    this.values.set(values);
    this.command(CMD_EVAL);
    if (Atomics.load(this.control, ERR) !== 0)
      throw new GammatsError("WORKER_FAILED", "a dataset's statistic failed on a worker thread", { key: "statSum" });
    return this.stats.slice();
  }

  /** Coordinator: tells the workers to leave their loops (blocks until all have). */
  stop(): void {
    this.command(CMD_STOP);
  }

  private command(cmd: number): void {
    const c = this.control;
    Atomics.store(c, CMD, cmd);
    const seq = Atomics.add(c, SEQ, 1) + 1;
    Atomics.notify(c, SEQ);
    for (let w = 0; w < this.nWorkers; w++)
      for (let v = Atomics.load(c, DONE + w); v !== seq; v = Atomics.load(c, DONE + w))
        if (Atomics.wait(c, DONE + w, v, WAIT_LIMIT_MS) === "timed-out")
          throw new GammatsError("WORKER_FAILED", `worker ${w} did not answer within ${WAIT_LIMIT_MS / 1000} s`, {
            key: "statSum",
          });
  }
}

/** What a worker of a stat session is given: its datasets (with their indices in the session) and the models. */
export interface StatSessionShare {
  readonly buffer: SharedArrayBuffer;
  readonly nWorkers: number;
  readonly nValues: number;
  readonly nDatasets: number;
  /** This worker's index. */
  readonly worker: number;
  readonly datasets: ReadonlyArray<{ readonly index: number; readonly dataset: PlainMapDataset }>;
  /** The models (Gammapy's YAML; parameters in the order of the coordinator's `Models.parameters`). */
  readonly models: string;
}

/**
 * Worker: builds its datasets with the models, calls `ready`, then evaluates their statistics on every command until
 * told to stop (blocking this thread meanwhile).
 */
export function serveStatSession(share: StatSessionShare, env: TaskEnvironment, ready: () => void): void {
  const channel = new StatSessionChannel(share.nWorkers, share.nValues, share.nDatasets, share.buffer);
  const models = readModelsYaml(share.models, undefined, { readMap: (f) => env.map(f) });
  const params = [...models.parameters];
  // values are copied exactly: with scale 1, value = factor
  for (const p of params) p.scale = 1;
  const datasets = share.datasets.map(({ index, dataset }) => {
    const d = mapDatasetFromPlain(dataset);
    d.models = models.forDataset(d.name);
    return { index, d };
  });
  const c = channel.control;
  const done = DONE + share.worker;
  // read before answering: the coordinator sends its first command only after every worker is ready
  let seen = Atomics.load(c, SEQ);
  ready();
  for (;;) {
    Atomics.wait(c, SEQ, seen);
    seen = Atomics.load(c, SEQ);
    if (Atomics.load(c, CMD) === CMD_STOP) {
      Atomics.store(c, done, seen);
      Atomics.notify(c, done);
      return;
    }
    for (let k = 0; k < params.length; k++) params[k].value = channel.values[k];
    for (const { index, d } of datasets) {
      try {
        channel.stats[index] = d.statSum();
      } catch {
        channel.stats[index] = Number.NaN;
        Atomics.store(c, ERR, 1);
      }
    }
    Atomics.store(c, done, seen);
    Atomics.notify(c, done);
  }
}

/**
 * The datasets of a stat session as one fit dataset: its statistic is the sum of theirs in dataset order (the sum a
 * fit makes over the datasets one by one), at the current values of `models`' parameters.
 */
export class SessionDatasets implements FitDataset {
  readonly name: string;
  readonly models: Models;
  private readonly session: StatSession;
  private readonly values: Float64Array;

  constructor(session: StatSession, models: Models, name = "datasets") {
    this.session = session;
    this.models = models;
    this.name = name;
    this.values = new Float64Array(models.parameters.length);
  }

  statSum(): number {
    let k = 0;
    for (const p of this.models.parameters) this.values[k++] = p.value;
    const stats = this.session.statSums(this.values);
    let s = 0;
    for (let i = 0; i < stats.length; i++) s += stats[i];
    return s;
  }
}

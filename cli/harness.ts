/**
 * Running a command's task so that Ctrl-C always works: the task runs in a worker thread while the main thread only
 * waits, so the main thread receives SIGINT at once (also under `npx`/`tsx`, which kill a child that does not answer
 * within 30 ms). On the first interrupt the main thread sets a shared flag that the task's abort signal reads (the fit
 * and the estimators check it between evaluations) and, if the task has not stopped after a grace period, terminates
 * the worker (V8 stops even synchronous code). A second interrupt terminates at once.
 */

import { Worker } from "node:worker_threads";
import { GammatsError } from "../src/util/errors.js";
import { workerEntry } from "../src/util/node.js";
import { deserializeError } from "./errors.js";
import type { Interrupts } from "./interrupts.js";
import { siblingModule, type TaskContext, type TaskFunction, type TaskMessage, type TaskSpec } from "./task.js";

/** How long a cancelled task may take to stop by itself before its worker is terminated (ms). */
export const CANCEL_GRACE_MS = 200;

/** Options of `runTask`. */
export interface RunTaskOptions {
  /** The user's cancellation requests. */
  readonly interrupts: Pick<Interrupts, "signal" | "force">;
  /** Receives the task's log lines, progress and warnings. */
  readonly onMessage?: (message: TaskMessage) => void;
  /** Run in this thread (tests, or where worker threads cannot load the module): cancellation is then cooperative. */
  readonly inProcess?: boolean;
  /** Grace period before the worker is terminated (ms, default `CANCEL_GRACE_MS`). */
  readonly graceMs?: number;
}

function cancelled(): GammatsError {
  return new GammatsError("CANCELLED", "cancelled");
}

/** Runs a task in-process (no worker): the abort signal is the interrupts' signal. */
async function runInProcess<R>(spec: TaskSpec, options: RunTaskOptions): Promise<R> {
  const mod = (await import(spec.module)) as Record<string, TaskFunction<unknown, R>>;
  const emit = (m: TaskMessage) => options.onMessage?.(m);
  const context: TaskContext = {
    signal: options.interrupts.signal,
    log: (line) => emit({ type: "log", line }),
    progress: (stage, done, total) => emit({ type: "progress", stage, done, total }),
    warn: (message) => emit({ type: "warn", message }),
  };
  if (options.interrupts.signal.aborted) throw cancelled();
  return await mod[spec.name](spec.args, context);
}

/**
 * Runs a task (in a worker thread unless `inProcess`) and returns its result. Rejects with the task's error, or with
 * `CANCELLED` when the user interrupted it; the worker is gone when the promise settles.
 */
export function runTask<R>(spec: TaskSpec, options: RunTaskOptions): Promise<R> {
  if (options.inProcess) return runInProcess(spec, options);
  const { signal, force } = options.interrupts;
  if (signal.aborted) return Promise.reject(cancelled());
  return new Promise<R>((resolve, reject) => {
    const flag = new Int32Array(new SharedArrayBuffer(4));
    const worker = new Worker(workerEntry(siblingModule(import.meta.url, "./task-worker.js")), {
      workerData: { spec, flag },
    });
    let outcome: { ok: true; result: R } | { ok: false; error: unknown } | undefined;
    let timer: NodeJS.Timeout | undefined;
    const terminate = () => void worker.terminate();
    const onCancel = () => {
      Atomics.store(flag, 0, 1);
      worker.postMessage("cancel");
      timer = setTimeout(terminate, options.graceMs ?? CANCEL_GRACE_MS);
    };
    signal.addEventListener("abort", onCancel);
    force.addEventListener("abort", terminate);
    worker.on("message", (m: TaskMessage) => {
      if (m.type === "done") outcome ??= { ok: true, result: m.result as R };
      else if (m.type === "error") outcome ??= { ok: false, error: deserializeError(m.error) };
      else options.onMessage?.(m);
      if (outcome) terminate();
    });
    worker.on("error", (err) => {
      outcome ??= { ok: false, error: err };
    });
    worker.on("exit", (code) => {
      clearTimeout(timer);
      signal.removeEventListener("abort", onCancel);
      force.removeEventListener("abort", terminate);
      if (outcome?.ok) resolve(outcome.result);
      else if (signal.aborted) reject(cancelled());
      else if (outcome) reject(outcome.error);
      else reject(new Error(`the worker thread stopped with exit code ${code} before its task finished`));
    });
  });
}

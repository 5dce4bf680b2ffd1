/**
 * Entry of the worker thread that runs a task (see harness.ts): imports the task's module, calls the task with a
 * context whose abort signal follows a shared flag set by the main thread, and posts progress, then the result or the
 * error.
 */
import { parentPort, workerData } from "node:worker_threads";
import { GammatsError } from "../src/util/errors.js";
import { serializeError } from "./errors.js";
import type { TaskContext, TaskFunction, TaskMessage, TaskSpec } from "./task.js";

const abortedGetter = Object.getOwnPropertyDescriptor(AbortSignal.prototype, "aborted")?.get;

/**
 * An AbortSignal that is also aborted as soon as `flag[0]` is non-zero: reading `signal.aborted` checks the flag, so
 * synchronous code sees a cancellation at once, without waiting for the event loop to deliver a message.
 */
export function sharedFlagSignal(flag: Int32Array): { signal: AbortSignal; abort: () => void } {
  const controller = new AbortController();
  const signal = controller.signal;
  const abort = () => {
    if (!signal.aborted) controller.abort(new GammatsError("CANCELLED", "cancelled"));
  };
  if (abortedGetter)
    Object.defineProperty(signal, "aborted", {
      get() {
        if (!abortedGetter.call(signal) && Atomics.load(flag, 0) !== 0)
          controller.abort(new GammatsError("CANCELLED", "cancelled"));
        return abortedGetter.call(signal);
      },
    });
  return { signal, abort };
}

async function main(): Promise<void> {
  const port = parentPort;
  if (!port) return;
  const { spec, flag } = workerData as { spec: TaskSpec; flag: Int32Array };
  const post = (m: TaskMessage) => port.postMessage(m);
  const { signal, abort } = sharedFlagSignal(flag);
  port.on("message", (m) => {
    if (m === "cancel") abort();
  });
  const context: TaskContext = {
    signal,
    log: (line) => post({ type: "log", line }),
    progress: (stage, done, total) => post({ type: "progress", stage, done, total }),
    warn: (message) => post({ type: "warn", message }),
  };
  try {
    const mod = (await import(spec.module)) as Record<string, TaskFunction<unknown, unknown>>;
    const task = mod[spec.name];
    if (typeof task !== "function") throw new Error(`no task '${spec.name}' in ${spec.module}`);
    post({ type: "done", result: await task(spec.args, context) });
  } catch (err) {
    post({ type: "error", error: serializeError(err) });
  }
  port.unref();
}

await main();

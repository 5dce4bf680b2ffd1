/**
 * What a command's work (a "task") sees: an abort signal and channels for progress, log lines and warnings. A task is
 * an exported function `(args, context) => result` of a module; `runTask` (harness.ts) runs it in a worker thread so
 * that the main thread stays free to handle Ctrl-C, or in-process (tests).
 */

/** The context of a task. */
export interface TaskContext {
  /**
   * Aborted when the user cancels (Ctrl-C, SIGTERM). In a worker thread, `signal.aborted` becomes true at once, even
   * while the task runs synchronous code: long loops should check it (the fit and the estimators do, per evaluation).
   */
  readonly signal: AbortSignal;
  /** A progress line (stderr, unless --quiet). */
  log(line: string): void;
  /** Progress of a stage: `done` of `total` items. */
  progress(stage: string, done: number, total: number): void;
  /** A warning (stderr unless --quiet, and kept by the command, e.g. in result.json). */
  warn(message: string): void;
}

/** A task function: plain, structured-clone-safe `args` in, plain result out. */
export type TaskFunction<A, R> = (args: A, context: TaskContext) => Promise<R> | R;

/** Which task to run: the module's URL, its export name and the arguments. */
export interface TaskSpec {
  /** `file:` URL of the module that exports the task. */
  readonly module: string;
  /** Export name of the task function in that module. */
  readonly name: string;
  /** Arguments (structured-clone-safe). */
  readonly args: unknown;
}

/**
 * The `file:` URL of a sibling module of `base` (an `import.meta.url`), with the extension of `base`: `.ts` when the
 * CLI runs from source (tsx), `.js` when built.
 */
export function siblingModule(base: string, relative: string): string {
  const ext = base.endsWith(".ts") ? ".ts" : ".js";
  return new URL(relative.replace(/\.js$/, ext), base).href;
}

/** Messages a worker thread sends to the main thread. */
export type TaskMessage =
  | { readonly type: "log"; readonly line: string }
  | { readonly type: "progress"; readonly stage: string; readonly done: number; readonly total: number }
  | { readonly type: "warn"; readonly message: string }
  | { readonly type: "done"; readonly result: unknown }
  | { readonly type: "error"; readonly error: import("./errors.js").SerializedError };

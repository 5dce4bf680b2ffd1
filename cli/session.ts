/**
 * One command invocation: where its output goes, its flags, the user's interrupts, and the pieces every command uses
 * (new commands too): `execute` (the one error path: any failure is one line and an exit code), `runTask` (the work
 * in a worker thread, cancellable), `runFolderTask` / `runFileTask` (outputs replaced all-or-nothing).
 */
import { readdirSync, rmSync } from "node:fs";
import { basename, dirname, join, resolve } from "node:path";
import { GammatsError } from "../src/util/errors.js";
import { describeFailure, EXIT } from "./errors.js";
import { runTask } from "./harness.js";
import { type Interrupts, listenForInterrupts } from "./interrupts.js";
import { OutputFolder, type OutputFolderOptions } from "./output-folder.js";
import type { TaskMessage, TaskSpec } from "./task.js";

/** Where a command's output goes and how it runs (the process by default; tests pass their own). */
export interface CliIo {
  /** Writes to stdout (results). */
  stdout(text: string): void;
  /** Writes to stderr (progress, warnings, errors). */
  stderr(text: string): void;
  /** Whether stderr is a terminal (progress is then updated in place). */
  readonly stderrIsTTY?: boolean;
  /** Run tasks in this thread instead of a worker thread (tests): cancellation is then cooperative only. */
  readonly inProcess?: boolean;
  /** The user's interrupts (default: SIGINT/SIGTERM handlers installed for the command's duration). */
  readonly interrupts?: Interrupts;
}

/** The process's stdout and stderr. */
export function processIo(): CliIo {
  return {
    stdout: (t) => void process.stdout.write(t),
    stderr: (t) => void process.stderr.write(t),
    stderrIsTTY: process.stderr.isTTY === true,
  };
}

/** Flags every command has. */
export interface SessionFlags {
  /** Print stack traces of errors. */
  readonly debug?: boolean;
  /** No progress, log lines or warnings on stderr. */
  readonly quiet?: boolean;
}

/** A running command. */
export class Session {
  readonly io: CliIo;
  readonly flags: SessionFlags;
  readonly interrupts: Interrupts;
  /** Warnings the task reported (also printed unless quiet). */
  readonly warnings: string[] = [];
  private progressOpen = false;

  constructor(io: CliIo, flags: SessionFlags, interrupts: Interrupts) {
    this.io = io;
    this.flags = flags;
    this.interrupts = interrupts;
  }

  private endProgress(): void {
    if (this.progressOpen) this.io.stderr("\n");
    this.progressOpen = false;
  }

  /** A line on stderr (unless quiet). */
  log(line: string): void {
    if (this.flags.quiet) return;
    this.endProgress();
    this.io.stderr(`${line}\n`);
  }

  /** Progress of a stage on stderr: updated in place on a terminal, the final count only otherwise. */
  progress(stage: string, done: number, total: number): void {
    if (this.flags.quiet) return;
    if (this.io.stderrIsTTY) {
      this.io.stderr(`\r${stage}: ${done}/${total}`);
      this.progressOpen = done !== total;
      if (done === total) this.io.stderr("\n");
    } else if (done === total) this.io.stderr(`${stage}: ${done}/${total}\n`);
  }

  /** A warning: kept, and printed unless quiet. */
  warn(message: string): void {
    this.warnings.push(message);
    this.log(`gammats: warning: ${message}`);
  }

  /** Result text on stdout. */
  out(text: string): void {
    this.io.stdout(text);
  }

  private onTaskMessage = (m: TaskMessage): void => {
    if (m.type === "log") this.log(m.line);
    else if (m.type === "progress") this.progress(m.stage, m.done, m.total);
    else if (m.type === "warn") this.warn(m.message);
  };

  /** Runs a task (in a worker thread unless `io.inProcess`), relaying its progress; see `runTask`. */
  runTask<R>(spec: TaskSpec): Promise<R> {
    return runTask<R>(spec, {
      interrupts: this.interrupts,
      onMessage: this.onTaskMessage,
      inProcess: this.io.inProcess,
    });
  }

  /** The error of a cancelled command that wrote nothing. */
  private cancelled(what: string): GammatsError {
    return new GammatsError("CANCELLED", `cancelled by ${this.interrupts.received ?? "the user"}; ${what}`);
  }

  /**
   * Runs a task that writes an output folder: the folder is checked, the task writes into a staging sibling made by
   * `makeSpec(staging)`, and the staging folder replaces `out` only when the task succeeds (see output-folder.ts).
   */
  async runFolderTask<R>(
    out: string,
    options: OutputFolderOptions,
    makeSpec: (staging: string) => TaskSpec,
  ): Promise<R> {
    const folder = OutputFolder.open(out, options);
    try {
      const result = await this.runTask<R>(makeSpec(folder.staging));
      folder.commit();
      return result;
    } catch (err) {
      if (err instanceof GammatsError && err.code === "CANCELLED") throw this.cancelled(`'${out}' left as it was`);
      // a file the task could not write is named where the user will look for it
      if (err instanceof Error) {
        const named = err as Error & { path?: unknown };
        const rename = (t: string) => t.split(folder.staging).join(folder.path);
        Object.defineProperty(err, "message", { value: rename(err.message) });
        if (typeof named.path === "string") named.path = rename(named.path);
      }
      throw err;
    } finally {
      folder.discard();
    }
  }

  /**
   * Runs a task that writes files atomically (temporary file + rename, see `writeFileAtomic`): on failure or
   * cancellation each file is as it was, and a temporary file a terminated worker left is removed.
   */
  async runFileTask<R>(outFiles: readonly string[], spec: TaskSpec): Promise<R> {
    try {
      return await this.runTask<R>(spec);
    } catch (err) {
      for (const f of outFiles) removeAtomicTemps(f);
      if (err instanceof GammatsError && err.code === "CANCELLED")
        throw this.cancelled(
          outFiles.length === 0
            ? "nothing written"
            : `${outFiles.map((f) => `'${f}'`).join(", ")} left as ${outFiles.length === 1 ? "it was" : "they were"}`,
        );
      throw err;
    }
  }

  /** Prints the one-line report of a failure (and the stack with --debug); returns the exit code. */
  report(err: unknown): number {
    const f = describeFailure(err);
    this.endProgress();
    this.io.stderr(`${f.line}\n`);
    if (this.flags.debug && f.stack) this.io.stderr(`${f.stack}\n`);
    return f.exitCode;
  }
}

/** Removes the temporary files `writeFileAtomic` of this process may have left next to `path`. */
function removeAtomicTemps(path: string): void {
  const dir = dirname(resolve(path));
  const prefix = `.${basename(path)}.${process.pid}.`;
  try {
    for (const e of readdirSync(dir))
      if (e.startsWith(prefix) && e.endsWith(".tmp")) rmSync(join(dir, e), { force: true });
  } catch {
    // the folder is gone or unreadable: nothing to clean
  }
}

/**
 * Runs a command body with the one error path: returns 0, or the exit code of the failure after printing its line.
 * SIGINT/SIGTERM handlers are installed for the duration (unless the io brings its own interrupts).
 */
export async function execute(
  io: CliIo,
  flags: SessionFlags,
  body: (session: Session) => Promise<void>,
): Promise<number> {
  const interrupts = io.interrupts ?? listenForInterrupts();
  const session = new Session(io, flags, interrupts);
  try {
    await body(session);
    return EXIT.OK;
  } catch (err) {
    return session.report(err);
  } finally {
    if (!io.interrupts) interrupts.dispose();
  }
}

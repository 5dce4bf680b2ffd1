/**
 * All-or-nothing output folders. A command writes into a temporary sibling folder (`.NAME.gammats-tmp-PID-XXXXXX`)
 * and, when everything is written (`result.json` last), swaps it into place: the previous folder is renamed aside,
 * the new one renamed to NAME, the previous one removed. A failed, cancelled or killed run never changes NAME; the
 * leftovers of a killed run are removed (or a previous folder renamed aside is restored) by the next run.
 *
 * A non-empty folder is replaced only when it holds a previous gammats output (a `result.json`), or with `--overwrite`.
 */
import { randomBytes } from "node:crypto";
import { mkdirSync, readdirSync, realpathSync, renameSync, rmSync, statSync } from "node:fs";
import { basename, dirname, join, resolve, sep } from "node:path";
import { GammatsError } from "../src/util/errors.js";
import { systemProblem } from "./errors.js";
import { checkParentWritable, describeKind, statOrUndefined } from "./paths.js";

/** The file every complete gammats output folder holds, written last. */
export const COMPLETION_MARKER = "result.json";

/** Options of output-folder checks. */
export interface OutputFolderOptions {
  /** Name of the option in messages (default `--out`). */
  readonly key?: string;
  /** Replace a non-empty folder that is not a previous gammats output. */
  readonly overwrite?: boolean;
  /** Paths the command reads: the output folder must not contain them (it is replaced as a whole). */
  readonly inputs?: readonly (string | undefined)[];
}

function isInside(child: string, parent: string): boolean {
  return child === parent || child.startsWith(parent.endsWith(sep) ? parent : parent + sep);
}

function realOrResolved(path: string): string {
  try {
    return realpathSync(path);
  } catch {
    return resolve(path);
  }
}

/**
 * Checks an output folder path before any work: a non-empty path in an existing writable folder; if it exists, a
 * folder (not a file), not a mount point, not containing the current folder or an input, and either empty, a previous
 * gammats output, or `overwrite`. Throws a typed error naming the option.
 */
export function checkOutputFolder(path: string, options: OutputFolderOptions = {}): void {
  const key = options.key ?? "--out";
  if (!path) throw new GammatsError("BAD_OUTPUT", "empty output folder path", { key }, "a folder path");
  const out = resolve(path);
  if (dirname(out) === out)
    throw new GammatsError("BAD_OUTPUT", `'${path}' is the root folder`, { key }, "a folder to create or replace");
  checkParentWritable(out, key);
  const st = statOrUndefined(out, key);
  if (!st) return;
  if (!st.isDirectory())
    throw new GammatsError("BAD_OUTPUT", `'${path}' is ${describeKind(st)}`, { key }, "a new or existing folder");
  const real = realOrResolved(out);
  if (statSync(dirname(out)).dev !== st.dev)
    throw new GammatsError("BAD_OUTPUT", `'${path}' is a mount point`, { key }, "a folder inside it");
  if (isInside(process.cwd(), real))
    throw new GammatsError(
      "BAD_OUTPUT",
      `'${path}' contains the current folder and would be replaced as a whole`,
      { key },
      "a folder elsewhere",
    );
  for (const input of options.inputs ?? [])
    if (input && isInside(realOrResolved(input), real))
      throw new GammatsError(
        "BAD_OUTPUT",
        `'${path}' contains the input '${input}' and would be replaced as a whole`,
        { key },
        "a folder that holds no input",
      );
  let entries: string[];
  try {
    entries = readdirSync(out);
  } catch (err) {
    throw new GammatsError("PERMISSION_DENIED", `'${path}' cannot be listed`, { key }, "a readable folder", {
      cause: err,
    });
  }
  if (entries.length && !entries.includes(COMPLETION_MARKER) && !options.overwrite)
    throw new GammatsError(
      "OUT_NOT_EMPTY",
      `'${path}' is not empty and is not a gammats output (no ${COMPLETION_MARKER}); it would be replaced as a whole`,
      { key },
      "a new, empty or gammats output folder, or --overwrite",
    );
}

const LEFTOVER = /^\.(.+)\.gammats-(tmp|old)-(\d+)-[0-9A-Za-z]+$/;

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as { code?: string }).code === "EPERM";
  }
}

/**
 * Cleans what a killed run left next to `path`: temporary folders are removed and, if `path` is missing because a run
 * was killed between the two renames of its swap, the previous folder is restored. Only leftovers of processes that
 * are gone are touched (and this process's own with `includeOwn`, after its worker was terminated).
 */
export function recoverOutputFolder(path: string, includeOwn = false): void {
  const out = resolve(path);
  const parent = dirname(out);
  const name = basename(out);
  let entries: string[];
  try {
    entries = readdirSync(parent);
  } catch {
    return;
  }
  const leftovers = entries
    .map((e) => ({ entry: e, m: LEFTOVER.exec(e) }))
    .filter(({ m }) => m && m[1] === name)
    .map(({ entry, m }) => ({ entry, kind: m![2], pid: Number(m![3]) }))
    .filter(({ pid }) => (pid === process.pid ? includeOwn : !processAlive(pid)));
  for (const { entry, kind } of leftovers) {
    const full = join(parent, entry);
    if (kind === "old" && !statOrUndefined(out, "--out")) renameSync(full, out);
    else rmSync(full, { recursive: true, force: true });
  }
}

/** A staged output folder: write into `staging`, then `commit` (or `discard`). */
export class OutputFolder {
  /** The absolute output folder path. */
  readonly path: string;
  /** The temporary sibling folder the command writes into. */
  readonly staging: string;
  private done = false;

  private constructor(path: string, staging: string) {
    this.path = path;
    this.staging = staging;
  }

  /** Checks the path (see `checkOutputFolder`), cleans leftovers of killed runs, and creates the staging folder. */
  static open(path: string, options: OutputFolderOptions = {}): OutputFolder {
    checkOutputFolder(path, options);
    const out = resolve(path);
    recoverOutputFolder(out);
    // mkdirSync (not mkdtempSync, which makes the folder private): the output gets the permissions of a new folder
    const staging = join(
      dirname(out),
      `.${basename(out)}.gammats-tmp-${process.pid}-${randomBytes(4).toString("hex")}`,
    );
    try {
      mkdirSync(staging);
    } catch (err) {
      const problem = systemProblem(err);
      if (!problem) throw err;
      throw new GammatsError(
        problem.code,
        `cannot create a folder in '${dirname(out)}': ${problem.words}`,
        { key: options.key ?? "--out" },
        "a writable folder",
        { cause: err },
      );
    }
    return new OutputFolder(out, staging);
  }

  /**
   * Swaps the staging folder into place (the previous folder, if any, is removed once the new one is in place).
   * Synchronous: nothing else runs in between.
   */
  commit(): void {
    if (this.done) throw new GammatsError("BAD_OUTPUT", "output folder already committed or discarded");
    this.done = true;
    const previous = statOrUndefined(this.path, "--out");
    if (!previous) {
      renameSync(this.staging, this.path);
      return;
    }
    const aside = join(
      dirname(this.path),
      `.${basename(this.path)}.gammats-old-${process.pid}-${randomBytes(4).toString("hex")}`,
    );
    renameSync(this.path, aside);
    try {
      renameSync(this.staging, this.path);
    } catch (err) {
      renameSync(aside, this.path);
      rmSync(this.staging, { recursive: true, force: true });
      throw err;
    }
    rmSync(aside, { recursive: true, force: true });
  }

  /** Removes the staging folder; the output folder stays as it was. */
  discard(): void {
    if (this.done) return;
    this.done = true;
    rmSync(this.staging, { recursive: true, force: true });
  }
}

/**
 * Runs `body` with a staging folder and commits it when `body` succeeds; on any failure (or cancellation) the staging
 * folder is removed and `path` stays as it was.
 */
export async function withOutputFolder<T>(
  path: string,
  options: OutputFolderOptions,
  body: (staging: string) => Promise<T> | T,
): Promise<T> {
  const folder = OutputFolder.open(path, options);
  try {
    const result = await body(folder.staging);
    folder.commit();
    return result;
  } finally {
    folder.discard();
  }
}

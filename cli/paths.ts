/**
 * Checks of the paths a command reads and writes, made before any work starts: each problem is a typed error naming
 * the option or config key, the path and what was expected. Nothing here opens a file (a FIFO or device would block).
 */
import { accessSync, constants, mkdirSync, type Stats, statSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { type ErrorPath, GammatsError } from "../src/util/errors.js";
import { systemProblem } from "./errors.js";

/** Where a path comes from: an option name (`--out`) or a config file and key. */
export type PathSource = string | ErrorPath;

function where(source: PathSource): ErrorPath {
  return typeof source === "string" ? { key: source } : source;
}

/** What a path is, in words, for messages. */
export function describeKind(st: Stats): string {
  if (st.isFile()) return "a file";
  if (st.isDirectory()) return "a folder";
  if (st.isFIFO()) return "a named pipe (FIFO)";
  if (st.isSocket()) return "a socket";
  if (st.isCharacterDevice() || st.isBlockDevice()) return "a device";
  if (st.isSymbolicLink()) return "a symbolic link";
  return "not a regular file";
}

/** `stat` of a path (following links), or undefined when it does not exist; other problems are typed errors. */
export function statOrUndefined(path: string, key: PathSource): Stats | undefined {
  try {
    return statSync(path);
  } catch (err) {
    const code = (err as { code?: string }).code;
    if (code === "ENOENT") return undefined;
    throw withKey(err, key, path);
  }
}

/** A system error re-thrown as a typed error that names the option or config key. */
function withKey(err: unknown, key: PathSource, path: string): GammatsError {
  const problem = systemProblem(err);
  if (!problem) throw err;
  return new GammatsError(problem.code, `'${path}': ${problem.words}`, where(key), undefined, { cause: err });
}

function requireReadable(path: string, key: PathSource): void {
  try {
    accessSync(path, constants.R_OK);
  } catch (err) {
    throw withKey(err, key, path);
  }
}

/**
 * Checks that `path` (named `key` in messages, e.g. `--models` or `observations.datastore`) is an existing, readable
 * regular file: not a folder, FIFO, device or symbolic-link loop.
 */
export function checkInputFile(path: string, key: PathSource): void {
  if (!path) throw new GammatsError("NOT_FOUND", "empty path", where(key), "a file");
  const st = statOrUndefined(path, key);
  if (!st) throw new GammatsError("NOT_FOUND", `'${path}' does not exist`, where(key), "an existing file");
  if (!st.isFile())
    throw new GammatsError("NOT_A_FILE", `'${path}' is ${describeKind(st)}`, where(key), "a regular file");
  requireReadable(path, key);
}

/** Checks that `path` is an existing, readable folder. */
export function checkInputFolder(path: string, key: PathSource): void {
  if (!path) throw new GammatsError("NOT_FOUND", "empty path", where(key), "a folder");
  const st = statOrUndefined(path, key);
  if (!st) throw new GammatsError("NOT_FOUND", `'${path}' does not exist`, where(key), "an existing folder");
  if (!st.isDirectory())
    throw new GammatsError("NOT_A_DIRECTORY", `'${path}' is ${describeKind(st)}`, where(key), "a folder");
  requireReadable(path, key);
}

/** Checks that the folder that will hold `path` exists and is writable. */
export function checkParentWritable(path: string, key: PathSource): void {
  const parent = dirname(resolve(path));
  const st = statOrUndefined(parent, key);
  if (!st)
    throw new GammatsError(
      "NOT_FOUND",
      `the folder '${parent}' of '${path}' does not exist`,
      where(key),
      "an existing parent folder (gammats does not create parent folders)",
    );
  if (!st.isDirectory())
    throw new GammatsError("NOT_A_DIRECTORY", `'${parent}' is ${describeKind(st)}`, where(key), "a parent folder");
  try {
    accessSync(parent, constants.W_OK | constants.X_OK);
  } catch (err) {
    throw withKey(err, key, parent);
  }
}

/**
 * Checks an output file path: not empty, not a folder or special file, in an existing writable folder (or, with
 * `createParents`, under one: the command creates the missing folders). An existing regular file is replaced
 * (atomically) when the command succeeds.
 */
export function checkOutputFile(path: string, key: PathSource, options: { createParents?: boolean } = {}): void {
  if (!path) throw new GammatsError("BAD_OUTPUT", "empty output path", where(key), "a file path");
  const st = statOrUndefined(path, key);
  if (st && !st.isFile())
    throw new GammatsError("BAD_OUTPUT", `'${path}' is ${describeKind(st)}`, where(key), "a new or regular file");
  // with createParents, the nearest existing folder above the file must be writable
  let file = resolve(path);
  while (options.createParents && !statOrUndefined(dirname(file), key) && dirname(file) !== file) file = dirname(file);
  checkParentWritable(file, key);
}

/**
 * Creates the missing folders above the file `path`, one level at a time (Node's recursive mkdir never returns under
 * /proc); an existing non-folder on the way is a typed error.
 */
export function makeFolders(path: string): void {
  const missing: string[] = [];
  let dir = dirname(resolve(path));
  for (;;) {
    const st = statOrUndefined(dir, { file: path });
    if (st) {
      if (!st.isDirectory())
        throw new GammatsError("NOT_A_DIRECTORY", `'${dir}' is ${describeKind(st)}`, { file: path }, "a folder");
      break;
    }
    missing.push(dir);
    const up = dirname(dir);
    if (up === dir) break;
    dir = up;
  }
  for (const d of missing.reverse()) {
    try {
      mkdirSync(d);
    } catch (err) {
      if ((err as { code?: string }).code !== "EEXIST") throw withKey(err, { file: path }, d);
    }
  }
}

/**
 * The one error path of the command line: every failure (a `GammatsError`, a Node system error such as ENOENT or
 * ENOSPC, an allocation failure, a bug) becomes one line on stderr and a documented exit code. Stack traces are shown
 * only with `--debug`.
 */
import { GammatsError } from "../src/util/errors.js";

/** Exit codes of `gammats` (documented in README.md, "Exit codes and errors"). */
export const EXIT = {
  /** Success. */
  OK: 0,
  /** An unexpected internal error (a bug): please report it with the `--debug` output. */
  INTERNAL: 1,
  /** Wrong command-line usage: unknown command or option, missing or malformed argument. */
  USAGE: 2,
  /** Bad input: a config, models or data file is invalid, or asks for something impossible. */
  BAD_INPUT: 3,
  /** A file-system problem: missing file, permission denied, not a folder, disk full, output folder in the way. */
  FILESYSTEM: 4,
  /** A resource limit: the memory budget (--max-memory) or the output budget would be exceeded. */
  RESOURCES: 5,
  /** Cancelled by Ctrl-C (SIGINT) or SIGTERM; outputs are left as they were. */
  CANCELLED: 130,
} as const;

/** Error codes of file-system problems (exit code 4). */
const FILESYSTEM_CODES = new Set([
  "NOT_FOUND",
  "PERMISSION_DENIED",
  "NOT_A_DIRECTORY",
  "IS_A_DIRECTORY",
  "NOT_A_FILE",
  "ALREADY_EXISTS",
  "SYMLINK_LOOP",
  "DISK_FULL",
  "NAME_TOO_LONG",
  "TOO_MANY_OPEN_FILES",
  "IO_ERROR",
  "OUT_NOT_EMPTY",
  "BAD_OUTPUT",
  "WRITE_FAILED",
]);

/** Error codes of resource limits (exit code 5). */
const RESOURCE_CODES = new Set(["TOO_LARGE", "OUT_OF_MEMORY"]);

/** Error codes of command-line usage (exit code 2). */
const USAGE_CODES = new Set(["USAGE"]);

/** A bad command-line option value (code `USAGE`, exit code 2); the message names the option. */
export class UsageError extends GammatsError {
  constructor(message: string, expected?: string) {
    super("USAGE", message, {}, expected);
    this.name = "UsageError";
  }
}

/** Node's system error codes and what gammats calls them, with the words used in the message. */
const SYSTEM_ERRORS: Readonly<Record<string, readonly [code: string, words: string]>> = {
  ENOENT: ["NOT_FOUND", "no such file or folder"],
  EACCES: ["PERMISSION_DENIED", "permission denied"],
  EPERM: ["PERMISSION_DENIED", "operation not permitted"],
  EROFS: ["PERMISSION_DENIED", "read-only file system"],
  ENOTDIR: ["NOT_A_DIRECTORY", "a part of the path is not a folder"],
  EISDIR: ["IS_A_DIRECTORY", "is a folder"],
  EEXIST: ["ALREADY_EXISTS", "already exists"],
  ENOTEMPTY: ["ALREADY_EXISTS", "folder not empty"],
  ELOOP: ["SYMLINK_LOOP", "too many levels of symbolic links"],
  ENOSPC: ["DISK_FULL", "no space left on device"],
  EDQUOT: ["DISK_FULL", "disk quota exceeded"],
  EFBIG: ["DISK_FULL", "file too large"],
  ENAMETOOLONG: ["NAME_TOO_LONG", "file name too long"],
  EMFILE: ["TOO_MANY_OPEN_FILES", "too many open files"],
  ENFILE: ["TOO_MANY_OPEN_FILES", "too many open files in the system"],
  EBUSY: ["IO_ERROR", "resource busy"],
  EXDEV: ["IO_ERROR", "cross-device link"],
  EIO: ["IO_ERROR", "input/output error"],
  ENXIO: ["IO_ERROR", "no such device"],
  ENODEV: ["IO_ERROR", "no such device"],
  EINVAL: ["IO_ERROR", "invalid argument"],
  EAGAIN: ["IO_ERROR", "resource temporarily unavailable"],
  EPIPE: ["IO_ERROR", "broken pipe"],
};

const SYSCALL_VERBS: Readonly<Record<string, string>> = {
  open: "open",
  read: "read",
  write: "write",
  mkdir: "create folder",
  mkdtemp: "create folder",
  rmdir: "remove",
  rm: "remove",
  unlink: "remove",
  rename: "rename",
  stat: "access",
  lstat: "access",
  access: "access",
  scandir: "list",
  opendir: "list",
  readlink: "access",
  realpath: "access",
  copyfile: "copy",
  statfs: "access",
};

interface SystemError extends Error {
  code: string;
  syscall?: string;
  path?: string;
  dest?: string;
  errno?: number;
}

function isSystemError(err: unknown): err is SystemError {
  return (
    err instanceof Error && typeof (err as SystemError).code === "string" && /^E[A-Z]+$/.test((err as SystemError).code)
  );
}

/** Whether an error is an allocation failure (typed-array or array too large, heap exhausted). */
function isAllocationFailure(err: unknown): boolean {
  if (!(err instanceof Error)) return false;
  if ((err as { code?: string }).code === "ERR_WORKER_OUT_OF_MEMORY") return true;
  return (
    err instanceof RangeError &&
    /Array buffer allocation failed|Invalid typed array length|Invalid array length|Array buffer length|out of memory|Invalid string length/i.test(
      err.message,
    )
  );
}

/** The gammats code and the words for a Node system error (ENOENT, EACCES ...), or undefined for other values. */
export function systemProblem(err: unknown): { code: string; words: string } | undefined {
  if (!isSystemError(err)) return undefined;
  const [code, words] = SYSTEM_ERRORS[err.code] ?? ["IO_ERROR", err.code];
  return { code, words: `${words} (${err.code})` };
}

/**
 * The typed error for any thrown value: a `GammatsError` as is; a Node system error as a `GammatsError` naming the
 * file and the problem (`NOT_FOUND`, `PERMISSION_DENIED`, `DISK_FULL` ...); an allocation failure as `OUT_OF_MEMORY`.
 * Returns undefined for anything else (a bug).
 */
export function typedError(err: unknown): GammatsError | undefined {
  if (err instanceof GammatsError) return err;
  const problem = systemProblem(err);
  if (problem) {
    const e = err as SystemError;
    const verb = SYSCALL_VERBS[e.syscall ?? ""] ?? e.syscall ?? "access";
    const what = e.path ? ` '${e.path}'${e.dest ? ` to '${e.dest}'` : ""}` : "";
    return new GammatsError(problem.code, `cannot ${verb}${what}: ${problem.words}`, {}, undefined, { cause: err });
  }
  if (isAllocationFailure(err))
    return new GammatsError(
      "OUT_OF_MEMORY",
      `out of memory (${(err as Error).message}): the analysis needs more memory than is available`,
      {},
      "a smaller geometry, fewer energy bins or fewer observations",
      { cause: err },
    );
  return undefined;
}

/** The exit code of a typed error (see `EXIT`). */
export function exitCodeOf(err: GammatsError): number {
  if (err.code === "CANCELLED") return EXIT.CANCELLED;
  // a FITS HDU or column that is not found is a bad file, not a missing one (which has a system error as cause)
  if (err.code === "NOT_FOUND" && err.name === "FitsError" && !isSystemError(err.cause)) return EXIT.BAD_INPUT;
  if (USAGE_CODES.has(err.code)) return EXIT.USAGE;
  if (FILESYSTEM_CODES.has(err.code)) return EXIT.FILESYSTEM;
  if (RESOURCE_CODES.has(err.code)) return EXIT.RESOURCES;
  return EXIT.BAD_INPUT;
}

/** What the CLI prints and returns for a failure. */
export interface Failure {
  /** The exit code. */
  readonly exitCode: number;
  /** The error code (`INTERNAL` for bugs). */
  readonly code: string;
  /** One line, without a trailing newline, starting with `gammats: `. */
  readonly line: string;
  /** The stack trace (shown with --debug only). */
  readonly stack: string | undefined;
}

/** Collapses whitespace so that a message is one line. */
function oneLine(text: string): string {
  return text.replace(/\s*\n\s*/g, " ").trim();
}

/** The failure report of any thrown value. */
export function describeFailure(err: unknown): Failure {
  const typed = typedError(err);
  const stack = err instanceof Error ? err.stack : undefined;
  if (typed)
    return { exitCode: exitCodeOf(typed), code: typed.code, line: `gammats: ${oneLine(typed.message)}`, stack };
  const message = err instanceof Error ? `${err.name}: ${err.message}` : String(err);
  return {
    exitCode: EXIT.INTERNAL,
    code: "INTERNAL",
    line: `gammats: internal error: ${oneLine(message)} (a bug: please report it with the output of --debug) [INTERNAL]`,
    stack,
  };
}

/** A plain, structured-clone-safe copy of a thrown value (for sending it from a worker thread). */
export interface SerializedError {
  readonly name: string;
  readonly message: string;
  readonly stack?: string;
  readonly code?: string;
  readonly path?: GammatsError["path"];
  readonly expected?: string;
  readonly syscall?: string;
  readonly sysPath?: string;
  readonly dest?: string;
  /** The system error code of the cause (ENOENT ...), if the cause was one. */
  readonly causeCode?: string;
}

/** Serializes a thrown value for `postMessage`. */
export function serializeError(err: unknown): SerializedError {
  if (err instanceof GammatsError)
    return {
      name: err.name,
      message: err.message,
      stack: err.stack,
      code: err.code,
      path: err.path,
      expected: err.expected,
      causeCode: isSystemError(err.cause) ? err.cause.code : undefined,
    };
  if (err instanceof Error) {
    const e = err as SystemError;
    return {
      name: e.name,
      message: e.message,
      stack: e.stack,
      code: typeof e.code === "string" ? e.code : undefined,
      syscall: e.syscall,
      sysPath: e.path,
      dest: e.dest,
    };
  }
  return { name: "Error", message: String(err) };
}

/** Rebuilds a thrown value serialized by `serializeError` (a GammatsError keeps its code, message and stack). */
export function deserializeError(s: SerializedError): Error {
  if (
    s.name === "GammatsError" ||
    s.name === "FitsError" ||
    s.name === "ArgumentError" ||
    s.name === "UsageError" ||
    s.path !== undefined
  ) {
    const cause = s.causeCode ? Object.assign(new Error(s.causeCode), { code: s.causeCode }) : undefined;
    const e = new GammatsError(s.code ?? "INTERNAL", "", s.path ?? {}, s.expected, { cause });
    Object.defineProperty(e, "message", { value: s.message });
    e.name = s.name;
    e.stack = s.stack;
    return e;
  }
  const Ctor = s.name === "RangeError" ? RangeError : s.name === "TypeError" ? TypeError : Error;
  const e = new Ctor(s.message) as SystemError;
  if (s.name !== e.name) e.name = s.name;
  e.stack = s.stack;
  if (s.code) e.code = s.code;
  if (s.syscall) e.syscall = s.syscall;
  if (s.sysPath) e.path = s.sysPath;
  if (s.dest) e.dest = s.dest;
  return e;
}

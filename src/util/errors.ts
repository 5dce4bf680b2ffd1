/**
 * Typed errors. Every error gammats throws for bad input or bad usage is a `GammatsError` with a machine-readable
 * `code` and a `path` that locates the problem (file, HDU, keyword/column, config key ...).
 */

/** Location of a problem: any of file, HDU, key/column, or a config path. */
export interface ErrorPath {
  /** File name or URL, when known. */
  readonly file?: string;
  /** HDU index or name, when the problem is inside a FITS HDU. */
  readonly hdu?: number | string;
  /** Keyword, column or config key path (e.g. `TFORM3`, `columns.ENERGY`, `datasets.geom.axes`). */
  readonly key?: string;
}

/** Base class of all gammats errors. */
export class GammatsError extends Error {
  /** Machine-readable error code, e.g. `TRUNCATED`, `BAD_TFORM`, `UNKNOWN_KEY`. */
  readonly code: string;
  /** Where the problem is. */
  readonly path: ErrorPath;
  /** What was expected, in words (shown in the message too). */
  readonly expected?: string;

  constructor(code: string, message: string, path: ErrorPath = {}, expected?: string, options?: { cause?: unknown }) {
    super(formatMessage(code, message, path, expected), options);
    this.name = "GammatsError";
    this.code = code;
    this.path = path;
    this.expected = expected;
  }
}

/** Human-readable location prefix, e.g. `events.fits[HDU 1].TFORM3`, or `config.yaml: fit.fit_range` for a key. */
export function formatPath(path: ErrorPath): string {
  let s = path.file ?? "";
  if (path.hdu !== undefined) s += `[HDU ${path.hdu}]`;
  if (path.key !== undefined) s += !s ? path.key : path.hdu !== undefined ? `.${path.key}` : `: ${path.key}`;
  return s;
}

function formatMessage(code: string, message: string, path: ErrorPath, expected?: string): string {
  const where = formatPath(path);
  return `${where ? `${where}: ` : ""}${message}${expected ? ` (expected ${expected})` : ""} [${code}]`;
}

/** Error for invalid arguments passed by the caller (not bad files). */
export class ArgumentError extends GammatsError {
  constructor(message: string, key?: string, expected?: string) {
    super("BAD_ARGUMENT", message, key ? { key } : {}, expected);
    this.name = "ArgumentError";
  }
}

/** An error as plain data (structured-cloneable), for errors that cross a worker or process boundary. */
export interface PlainError {
  readonly name: string;
  /** The full message (for a `GammatsError`, with its location and code). */
  readonly message: string;
  readonly code?: string;
  readonly path?: ErrorPath;
  readonly expected?: string;
  readonly stack?: string;
}

/** The plain form of any thrown value. */
export function errorToPlain(e: unknown): PlainError {
  if (e instanceof GammatsError)
    return { name: e.name, message: e.message, code: e.code, path: e.path, expected: e.expected, stack: e.stack };
  if (e instanceof Error) {
    const code = (e as { code?: unknown }).code;
    return { name: e.name, message: e.message, code: typeof code === "string" ? code : undefined, stack: e.stack };
  }
  return { name: "Error", message: String(e) };
}

/**
 * The error of a plain form: a `GammatsError` with the same code, path, message and stack when it had a code (a
 * Node system error's code such as `ENOENT` included), else a plain `Error`.
 */
export function errorFromPlain(p: PlainError): Error {
  const e = p.code !== undefined ? new GammatsError(p.code, "", p.path ?? {}, p.expected) : new Error();
  Object.defineProperty(e, "message", { value: p.message, writable: true, configurable: true });
  if (p.code === undefined) e.name = p.name;
  if (p.stack) e.stack = p.stack;
  return e;
}

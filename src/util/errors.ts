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

/** Human-readable location prefix, e.g. `events.fits[HDU 1].TFORM3`. */
export function formatPath(path: ErrorPath): string {
  let s = path.file ?? "";
  if (path.hdu !== undefined) s += `[HDU ${path.hdu}]`;
  if (path.key !== undefined) s += s ? `.${path.key}` : path.key;
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

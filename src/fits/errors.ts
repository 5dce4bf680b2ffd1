/**
 * FITS errors. Every malformed-file condition becomes a `FitsError` with one of the `FitsErrorCode`s, the file, the HDU
 * and the keyword/column, and what was expected.
 */
import { type ErrorPath, GammatsError } from "../util/errors.js";

/** Machine-readable FITS error codes. */
export type FitsErrorCode =
  /** The bytes do not start with a FITS primary header (`SIMPLE  =                    T`). */
  | "NOT_FITS"
  /** The file ends before a header or data unit that its headers declare. */
  | "TRUNCATED"
  /** A header has no END card before the end of the file. */
  | "MISSING_END"
  /** A mandatory keyword is missing or has the wrong type or value. */
  | "BAD_KEYWORD"
  /** NAXISn, PCOUNT or GCOUNT are negative, non-integer or their product overflows. */
  | "BAD_SIZE"
  /** A declared size exceeds the caller's cap (`maxBytes` / `maxInflatedBytes`). */
  | "TOO_LARGE"
  /** A TFORMn cannot be parsed, or the column widths do not add up to NAXIS1. */
  | "BAD_TFORM"
  /** A TDIMn is malformed or does not match the repeat count of its TFORMn. */
  | "BAD_TDIM"
  /** A variable-length array descriptor points outside the heap. */
  | "BAD_HEAP"
  /** The gzip stream is corrupt. */
  | "BAD_GZIP"
  /** CHECKSUM or DATASUM does not match the bytes. */
  | "BAD_CHECKSUM"
  /** An HDU, column or keyword that the caller asked for does not exist. */
  | "NOT_FOUND"
  /** A valid FITS feature that gammats does not support. */
  | "UNSUPPORTED"
  /** The caller asked for data of a different kind (e.g. numbers from a string column). */
  | "WRONG_TYPE";

/** Error raised for malformed FITS input or impossible requests on a FITS file. */
export class FitsError extends GammatsError {
  declare readonly code: FitsErrorCode;

  constructor(
    code: FitsErrorCode,
    message: string,
    path: ErrorPath = {},
    expected?: string,
    options?: { cause?: unknown },
  ) {
    super(code, message, path, expected, options);
    this.name = "FitsError";
  }
}

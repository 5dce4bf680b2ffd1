/**
 * Binary-table column formats: TFORMn (`rT`, `rPT(max)`, `rQT(max)`) and TDIMn (`(d1,d2,...)`).
 */
import type { ErrorPath } from "../util/errors.js";
import { FitsError } from "./errors.js";

/** Binary-table data type codes of the FITS standard (table 18). */
export type TFormType = "L" | "X" | "B" | "I" | "J" | "K" | "A" | "E" | "D" | "C" | "M";

/** A parsed TFORMn. */
export interface TForm {
  /** Repeat count r (number of elements per cell; for X the number of bits; for P/Q the number of descriptors). */
  readonly repeat: number;
  /** Element type (for P/Q: the type of the elements in the heap). */
  readonly type: TFormType;
  /** Variable-length array descriptor kind: P (2 x int32) or Q (2 x int64); undefined for fixed-size columns. */
  readonly vla?: "P" | "Q";
  /** Maximum array length declared in `P(max)`, if given. */
  readonly vlaMax?: number;
  /** Width of the column in a row, in bytes. */
  readonly width: number;
  /** The original TFORM text. */
  readonly text: string;
}

/** Size in bytes of one element of each type in a row or heap (X counts bits, see `tformWidth`). */
export const ELEMENT_BYTES: Readonly<Record<TFormType, number>> = {
  L: 1,
  X: 1,
  B: 1,
  I: 2,
  J: 4,
  K: 8,
  A: 1,
  E: 4,
  D: 8,
  C: 8,
  M: 16,
};

const TFORM_RE = /^\s*(\d*)\s*([LXBIJKAEDCMPQ])(.*?)\s*$/;
const VLA_RE = /^([LXBIJKAEDCM])\s*(?:\(\s*(\d+)\s*\))?$/;

/** Parses a TFORMn value. Throws `BAD_TFORM` with the given path on malformed input. */
export function parseTForm(text: string, path: ErrorPath = {}): TForm {
  const m = TFORM_RE.exec(text.toUpperCase());
  if (!m) throw new FitsError("BAD_TFORM", `cannot parse TFORM '${text}'`, path, "rT with T one of LXBIJKAEDCMPQ");
  const repeat = m[1] === "" ? 1 : Number(m[1]);
  if (!Number.isSafeInteger(repeat))
    throw new FitsError("BAD_TFORM", `repeat count too large in TFORM '${text}'`, path);
  const code = m[2];
  const rest = m[3].trim();
  if (code === "P" || code === "Q") {
    const v = VLA_RE.exec(rest);
    if (!v) {
      throw new FitsError("BAD_TFORM", `cannot parse variable-length TFORM '${text}'`, path, `r${code}T(max)`);
    }
    if (repeat > 1)
      throw new FitsError(
        "BAD_TFORM",
        `repeat count ${repeat} > 1 on variable-length column '${text}'`,
        path,
        "0 or 1",
      );
    const width = repeat * (code === "P" ? 8 : 16);
    return { repeat, type: v[1] as TFormType, vla: code, vlaMax: v[2] ? Number(v[2]) : undefined, width, text };
  }
  const type = code as TFormType;
  const width = type === "X" ? Math.ceil(repeat / 8) : repeat * ELEMENT_BYTES[type];
  return { repeat, type, width, text };
}

/**
 * Parses TDIMn `(d1,d2,...,dn)` (FITS order, first index fastest) into a C-order shape `[dn,...,d2,d1]`.
 * Throws `BAD_TDIM` when malformed.
 */
export function parseTDim(text: string, path: ErrorPath = {}): number[] {
  const m = /^\s*\(\s*([\d\s,]+)\s*\)\s*$/.exec(text);
  if (!m) throw new FitsError("BAD_TDIM", `cannot parse TDIM '${text}'`, path, "(d1,d2,...)");
  const dims = m[1].split(",").map((s) => s.trim());
  if (dims.some((d) => !/^\d+$/.test(d)))
    throw new FitsError("BAD_TDIM", `cannot parse TDIM '${text}'`, path, "(d1,d2,...)");
  const nums = dims.map(Number);
  if (nums.some((d) => !Number.isSafeInteger(d))) throw new FitsError("BAD_TDIM", `TDIM '${text}' too large`, path);
  return nums.reverse();
}

/** Formats a C-order cell shape as TDIM text `(d1,...,dn)`. */
export function formatTDim(shape: readonly number[]): string {
  return `(${[...shape].reverse().join(",")})`;
}

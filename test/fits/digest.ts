/**
 * Canonical digests of decoded FITS data, matching scripts/oracle/fits_digests.py (astropy's view).
 */
import { createHash } from "node:crypto";
import type { Column } from "../../src/fits/index.js";

/** First 16 hex chars of SHA-256. */
export function shortHash(bytes: Uint8Array): string {
  return createHash("sha256").update(bytes).digest("hex").slice(0, 16);
}

/** Float64 little-endian bytes of any numeric array-like (bigint converted with rounding). */
export function f64Bytes(values: ArrayLike<number | bigint>): Uint8Array {
  const out = new Float64Array(values.length);
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    out[i] = typeof v === "bigint" ? Number(v) : v;
    if (Number.isNaN(out[i])) out[i] = Number.NaN;
  }
  return new Uint8Array(out.buffer);
}

function latin1(s: string): Uint8Array {
  const out = new Uint8Array(s.length);
  for (let i = 0; i < s.length; i++) out[i] = s.charCodeAt(i);
  return out;
}

/** The digests of a decoded column, as the oracle computes them. */
export function columnDigest(col: Column): { digest: string; int64?: string } {
  if (col.kind === "vla") {
    if (col.info.tform.type === "A") return { digest: shortHash(latin1((col.rows as string[]).join("\0"))) };
    const parts: number[] = [];
    for (const r of col.rows as ArrayLike<number | bigint>[]) {
      parts.push(r.length / (col.info.tform.type === "C" || col.info.tform.type === "M" ? 2 : 1));
      for (let i = 0; i < r.length; i++) parts.push(Number(r[i]));
    }
    return { digest: shortHash(f64Bytes(parts)) };
  }
  if (col.kind === "string") return { digest: shortHash(latin1(col.data.join("\n"))) };
  const digest = shortHash(f64Bytes(col.data));
  if (col.kind === "bigint") {
    const exact = new Uint8Array(col.data.buffer, col.data.byteOffset, col.data.byteLength);
    return { digest, int64: shortHash(exact) };
  }
  return { digest };
}

/**
 * Byte sources for the FITS reader. The reader never touches files itself: it reads through a `ByteSource`, which is
 * an in-memory buffer (browser, tests, decompressed gzip) or, in Node, a file handle (see `node.ts`).
 */
import { Gunzip } from "fflate";
import { FitsError } from "./errors.js";

/** Random-access, synchronous read of a byte range. */
export interface ByteSource {
  /** Total size in bytes. */
  readonly size: number;
  /** Name used in error messages (file path or URL), if any. */
  readonly name?: string;
  /**
   * Bytes `[offset, offset + length)`. May return a view into an internal buffer: callers must not modify it.
   * Reads past the end return a shorter array.
   */
  read(offset: number, length: number): Uint8Array;
  /** Releases resources (file handles). Optional. */
  close?(): void;
}

/** A byte source over a buffer in memory. */
export function memorySource(bytes: Uint8Array, name?: string): ByteSource {
  return {
    size: bytes.length,
    name,
    read(offset: number, length: number): Uint8Array {
      const start = Math.min(Math.max(0, offset), bytes.length);
      return bytes.subarray(start, Math.min(bytes.length, start + Math.max(0, length)));
    },
  };
}

/** True when the bytes start with the gzip magic number (0x1f 0x8b). */
export function isGzip(head: Uint8Array): boolean {
  return head.length >= 2 && head[0] === 0x1f && head[1] === 0x8b;
}

/** Default cap on the inflated size of a gzip stream: 1 GiB. */
export const DEFAULT_MAX_INFLATED_BYTES = 1024 ** 3;

/**
 * Inflates a gzip stream with a cap on the output size, so a small "gzip bomb" cannot exhaust memory.
 * Throws `FitsError` `TOO_LARGE` when the output would exceed `maxBytes`, `BAD_GZIP` for corrupt streams.
 */
export function gunzipCapped(compressed: Uint8Array, maxBytes = DEFAULT_MAX_INFLATED_BYTES, file?: string): Uint8Array {
  // The ISIZE trailer (size mod 2^32) lets us allocate once in the common case; it is only a hint.
  const n = compressed.length;
  const hint =
    n >= 18
      ? (compressed[n - 4] | (compressed[n - 3] << 8) | (compressed[n - 2] << 16) | (compressed[n - 1] << 24)) >>> 0
      : 0;
  let out = new Uint8Array(Math.min(Math.max(hint, 1024), maxBytes));
  let used = 0;
  const gunzip = new Gunzip((chunk) => {
    if (used + chunk.length > maxBytes) {
      throw new FitsError(
        "TOO_LARGE",
        `gzip stream inflates to more than ${maxBytes} bytes`,
        { file },
        "a smaller file, or a larger maxInflatedBytes",
      );
    }
    if (used + chunk.length > out.length) {
      const grown = new Uint8Array(Math.min(maxBytes, Math.max(out.length * 2, used + chunk.length)));
      grown.set(out.subarray(0, used));
      out = grown;
    }
    out.set(chunk, used);
    used += chunk.length;
  });
  const step = 1 << 20;
  try {
    for (let i = 0; i < n; i += step) gunzip.push(compressed.subarray(i, Math.min(n, i + step)), i + step >= n);
  } catch (err) {
    if (err instanceof FitsError) throw err;
    throw new FitsError("BAD_GZIP", `corrupt gzip stream: ${(err as Error).message}`, { file }, "a valid gzip stream", {
      cause: err,
    });
  }
  return out.length === used ? out : out.subarray(0, used);
}

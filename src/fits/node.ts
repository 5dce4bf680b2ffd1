/**
 * Node.js adapters for the FITS layer: file-backed byte sources (random access without reading the whole file),
 * opening files by path, and atomic writes (temp file + rename).
 */
import { closeSync, fstatSync, openSync, readSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { basename, dirname, join } from "node:path";
import { gunzipSync, gzipSync } from "node:zlib";
import { FitsError } from "./errors.js";
import { FitsFile, type FitsOpenOptions } from "./file.js";
import { type ByteSource, DEFAULT_MAX_INFLATED_BYTES, isGzip } from "./source.js";
import { type HduSpec, type WriteOptions, writeFits } from "./writer.js";

/** A byte source reading ranges of a file on demand (synchronously). Call `close()` when done. */
export function fileSource(path: string): ByteSource {
  let fd: number | undefined;
  try {
    fd = openSync(path, "r");
  } catch (err) {
    throw new FitsError("NOT_FOUND", `cannot open file: ${(err as Error).message}`, { file: path }, "a readable file", {
      cause: err,
    });
  }
  const size = fstatSync(fd).size;
  return {
    size,
    name: path,
    read(offset: number, length: number): Uint8Array {
      if (fd === undefined) throw new FitsError("NOT_FOUND", "file already closed", { file: path });
      const start = Math.min(Math.max(0, offset), size);
      const n = Math.min(size - start, Math.max(0, length));
      const out = new Uint8Array(n);
      let done = 0;
      while (done < n) {
        const got = readSync(fd, out, done, n - done, start + done);
        if (got === 0) break;
        done += got;
      }
      return done === n ? out : out.subarray(0, done);
    },
    close(): void {
      if (fd !== undefined) closeSync(fd);
      fd = undefined;
    },
  };
}

/**
 * Opens a FITS file by path. Plain files are read lazily through a file handle (close the file when done);
 * gzip files are inflated into memory with Node's native zlib (with the `maxInflatedBytes` cap).
 */
export function openFits(path: string, options: FitsOpenOptions = {}): FitsFile {
  const source = fileSource(path);
  try {
    if (isGzip(source.read(0, 2))) {
      const bytes = inflateCapped(
        source.read(0, source.size),
        options.maxInflatedBytes ?? DEFAULT_MAX_INFLATED_BYTES,
        path,
      );
      source.close?.();
      return FitsFile.open(bytes, { name: path, ...options });
    }
    return FitsFile.open(source, { name: path, ...options });
  } catch (err) {
    source.close?.();
    throw err;
  }
}

/** Native gunzip with an output cap; errors become `FitsError` (`TOO_LARGE`, `BAD_GZIP`). */
function inflateCapped(compressed: Uint8Array, maxBytes: number, file: string): Uint8Array {
  try {
    const out = gunzipSync(compressed, { maxOutputLength: maxBytes });
    return new Uint8Array(out.buffer, out.byteOffset, out.byteLength);
  } catch (err) {
    const e = err as NodeJS.ErrnoException;
    if (e.code === "ERR_BUFFER_TOO_LARGE" || /larger than|maxOutputLength/i.test(e.message)) {
      throw new FitsError(
        "TOO_LARGE",
        `gzip stream inflates to more than ${maxBytes} bytes`,
        { file },
        "a smaller file, or a larger maxInflatedBytes",
        { cause: err },
      );
    }
    throw new FitsError("BAD_GZIP", `corrupt gzip stream: ${e.message}`, { file }, "a valid gzip stream", {
      cause: err,
    });
  }
}

/** Runs `fn` on an opened FITS file and closes it afterwards. */
export function withFits<T>(path: string, fn: (file: FitsFile) => T, options: FitsOpenOptions = {}): T {
  const file = openFits(path, options);
  try {
    return fn(file);
  } finally {
    file.close();
  }
}

/** Writes bytes atomically: to a temporary file in the same folder, then renamed over `path` (errors name `path`). */
export function writeFileAtomic(path: string, bytes: Uint8Array | string): void {
  const tmp = join(dirname(path), `.${basename(path)}.${process.pid}.${Date.now()}.tmp`);
  try {
    writeFileSync(tmp, bytes);
    renameSync(tmp, path);
  } catch (err) {
    rmSync(tmp, { force: true });
    // a failed write (ENOSPC ...) names no file: name the one being written
    if (err instanceof Error && !(err as { path?: string }).path) (err as { path?: string }).path = path;
    throw err;
  }
}

/** Writes HDUs to a FITS file atomically; gzip-compressed when the path ends in `.gz`. */
export function writeFitsFile(path: string, hdus: readonly HduSpec[], options: WriteOptions = {}): void {
  const bytes = writeFits(hdus, options);
  writeFileAtomic(path, path.endsWith(".gz") ? gzipSync(bytes) : bytes);
}

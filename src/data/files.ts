/**
 * File access for the data layer, injected so that the same code runs in Node (files on disk, see `node.ts`) and in
 * the browser (files the user selected, held in memory).
 */
import { FitsError } from "../fits/errors.js";
import { FitsFile, type FitsOpenOptions } from "../fits/file.js";

/** Read access to FITS files by path. Paths use `/` separators. */
export interface FileProvider {
  /** Opens (or returns a cached) FITS file. Throws `FitsError` `NOT_FOUND` when it does not exist. */
  openFits(path: string): FitsFile;
  /** Whether a file exists. */
  exists(path: string): boolean;
  /** File paths directly inside a directory (for data stores without index tables), if the provider can list. */
  list?(dir: string): string[];
  /** Closes cached files (their memory is released; later opens read again). */
  clear?(): void;
}

/** Joins path segments with `/`, resolving `.` and `..` and keeping a leading `/`. Browser-safe `path.join`. */
export function joinPath(...parts: string[]): string {
  const absolute = parts.find((p) => p !== "")?.startsWith("/") ?? false;
  const out: string[] = [];
  for (const part of parts) {
    if (part.startsWith("/")) out.length = 0;
    for (const seg of part.split("/")) {
      if (seg === "" || seg === ".") continue;
      if (seg === ".." && out.length > 0 && out[out.length - 1] !== "..") out.pop();
      else out.push(seg);
    }
  }
  return (absolute ? "/" : "") + out.join("/");
}

/** Directory part of a path (`a/b/c.fits` -> `a/b`). */
export function dirName(path: string): string {
  const i = path.lastIndexOf("/");
  return i < 0 ? "." : i === 0 ? "/" : path.slice(0, i);
}

/** File-name part of a path. */
export function baseName(path: string): string {
  return path.slice(path.lastIndexOf("/") + 1);
}

/**
 * A small least-recently-used cache of open FITS files, so that the HDUs of one observation (often all in one
 * gzip file) are decompressed once. Evicted files are closed.
 */
export class FitsFileCache {
  private readonly files = new Map<string, FitsFile>();

  constructor(
    private readonly open: (path: string) => FitsFile,
    private readonly capacity = 4,
  ) {}

  /** The open file for a path, opening it on a miss. */
  get(path: string): FitsFile {
    const hit = this.files.get(path);
    if (hit) {
      this.files.delete(path);
      this.files.set(path, hit);
      return hit;
    }
    const file = this.open(path);
    this.files.set(path, file);
    while (this.files.size > this.capacity) {
      const [oldest, f] = this.files.entries().next().value as [string, FitsFile];
      this.files.delete(oldest);
      f.close();
    }
    return file;
  }

  /** Closes and forgets every cached file. */
  clear(): void {
    for (const f of this.files.values()) f.close();
    this.files.clear();
  }
}

/** A provider over files held in memory (e.g. files picked in a browser), keyed by path. */
export function memoryFileProvider(
  files: ReadonlyMap<string, Uint8Array>,
  options: FitsOpenOptions = {},
): FileProvider {
  const norm = new Map([...files].map(([k, v]) => [joinPath(k), v]));
  const cache = new FitsFileCache((path) => {
    const bytes = norm.get(joinPath(path));
    if (!bytes) throw new FitsError("NOT_FOUND", "no such file", { file: path }, "one of the provided files");
    return FitsFile.open(bytes, { ...options, name: path });
  });
  return {
    openFits: (path) => cache.get(joinPath(path)),
    exists: (path) => norm.has(joinPath(path)),
    list: (dir) => {
      const d = joinPath(dir);
      return [...norm.keys()].filter((k) => dirName(k) === d);
    },
  };
}

/**
 * Node.js entry point of the data layer: a file provider over the local file system, and data stores opened by path.
 */
import { existsSync, readdirSync, statSync } from "node:fs";
import { resolve } from "node:path";
import type { FitsOpenOptions } from "../fits/file.js";
import { openFits } from "../fits/node.js";
import { DataStore, DEFAULT_HDU_TABLE } from "./data-store.js";
import { type FileProvider, FitsFileCache, joinPath } from "./files.js";

/** A file provider over the local file system, caching a few open files (gzip files are inflated once). */
export function nodeFileProvider(options: FitsOpenOptions = {}, cacheSize = 4): FileProvider {
  const cache = new FitsFileCache((path) => openFits(path, options), cacheSize);
  return {
    openFits: (path) => cache.get(path),
    exists: (path) => existsSync(path),
    list: (dir) => readdirSync(dir).map((f) => joinPath(dir, f)),
    clear: () => cache.clear(),
  };
}

/**
 * Opens a data store: a folder with `hdu-index.fits.gz` (and usually `obs-index.fits.gz`), or, without index
 * tables, a folder of DL3 files (each with EVENTS, GTI and its IRFs) indexed from their headers.
 */
export function openDataStore(dir: string, options: FitsOpenOptions & { cacheSize?: number } = {}): DataStore {
  const base = resolve(dir);
  const files = nodeFileProvider(options, options.cacheSize);
  if (existsSync(joinPath(base, DEFAULT_HDU_TABLE))) return DataStore.fromDir(files, base);
  const dl3 = readdirSync(base)
    .filter((f) => /\.(fits|fit)(\.gz)?$/i.test(f))
    .map((f) => joinPath(base, f))
    .filter((p) => statSync(p).isFile() && hasEvents(files, p))
    .sort();
  return DataStore.fromEventsFiles(files, dl3);
}

function hasEvents(files: FileProvider, path: string): boolean {
  try {
    return files.openFits(path).find("EVENTS") !== undefined;
  } catch {
    return false;
  }
}

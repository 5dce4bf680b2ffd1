/**
 * Node.js entry of the catalogs: opening a catalog by name from a gammapy-data folder (or by file path), with the
 * Fermi extended-source templates read from the folder next to the catalog file when they are there.
 */
import { existsSync, readFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { readMapFile } from "../maps/node.js";
import { catalogError, type SourceCatalog } from "./core.js";
import { catalogEntry } from "./registry.js";

/** Options of `openCatalog`. */
export interface OpenCatalogOptions {
  /** The catalog file (default: the registry path inside `dataDir`). */
  readonly file?: string;
  /** The gammapy-data folder (default: $GAMMATS_DATA, then $GAMMAPY_DATA). */
  readonly dataDir?: string;
}

/**
 * Opens a catalog by name (`3fgl`, `3fhl`, `2hwc`, `3hwc`, `hgps`, `gamma-cat`, `1lhaaso`). Throws `NOT_FOUND` naming
 * the file when it is missing, `UNKNOWN_CATALOG` for an unknown name.
 */
export function openCatalog(name: string, options: OpenCatalogOptions = {}): SourceCatalog {
  const entry = catalogEntry(name);
  const dataDir = options.dataDir ?? process.env.GAMMATS_DATA ?? process.env.GAMMAPY_DATA;
  const file = options.file ?? (dataDir ? join(dataDir, entry.path) : undefined);
  if (!file || !existsSync(file))
    throw catalogError(
      "NOT_FOUND",
      `catalog file of '${entry.tag}' not found`,
      "file",
      `${file ?? `$GAMMAPY_DATA/${entry.path}`} (set GAMMATS_DATA or GAMMAPY_DATA to a gammapy-data copy)`,
      file,
    );
  const folder = dirname(resolve(file));
  return entry.open(new Uint8Array(readFileSync(file)), {
    file,
    readTemplate: (relative) => {
      const path = join(folder, relative);
      if (!existsSync(path))
        throw catalogError(
          "CATALOG_TEMPLATE_MISSING",
          "spatial template not found",
          "Spatial_Filename",
          "the Fermi extended-source archive next to the catalog",
          path,
        );
      return readMapFile(path);
    },
  });
}

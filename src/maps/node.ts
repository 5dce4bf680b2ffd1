/**
 * Node.js entry point of the maps layer: reading and writing map files by path (atomic writes, gzip by extension).
 */
import { openFits, writeFitsFile } from "../fits/node.js";
import { type ReadMapOptions, readWcsMap, wcsMapToHdus } from "./io.js";
import type { WcsNDMap } from "./wcs-map.js";

/** Reads a WCS map file (Gammapy layout, or Fermi-LAT counts cubes / templates). */
export function readMapFile(path: string, options: ReadMapOptions = {}): WcsNDMap {
  const fits = openFits(path);
  try {
    return readWcsMap(fits, options);
  } finally {
    fits.close();
  }
}

/** Writes a WCS map in Gammapy's layout (HDU name default PRIMARY); gzip when the path ends in `.gz`. */
export function writeMapFile(path: string, map: WcsNDMap, hdu = "PRIMARY"): void {
  writeFitsFile(path, wcsMapToHdus(map, hdu));
}

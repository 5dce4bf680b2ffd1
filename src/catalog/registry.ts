/**
 * The catalogs gammats reads, by name (Gammapy's `CATALOG_REGISTRY` tags plus 1LHAASO): where gammapy-data keeps
 * each file and how to build the catalog from its bytes (FITS) or text (ECSV). Browser-safe; `gammats/catalog/node`
 * opens them from disk.
 */
import { FitsFile } from "../fits/file.js";
import type { CatalogOptions, SourceCatalog } from "./core.js";
import { catalogError } from "./core.js";
import { SourceCatalog3FGL, SourceCatalog3FHL } from "./fermi.js";
import { SourceCatalogGammaCat } from "./gammacat.js";
import { SourceCatalog2HWC, SourceCatalog3HWC } from "./hawc.js";
import { SourceCatalogHGPS } from "./hgps.js";
import { SourceCatalog1LHAASO } from "./lhaaso.js";

/** A catalog gammats can read. */
export interface CatalogEntry {
  /** Name (Gammapy's tag), e.g. `3fgl`, `gamma-cat`. */
  readonly tag: string;
  readonly description: string;
  /** Path of the file in gammapy-data. */
  readonly path: string;
  /** File format: FITS (bytes) or ECSV (text). */
  readonly format: "fits" | "ecsv";
  /** Builds the catalog from the file's bytes (plain or gzip FITS, or UTF-8 ECSV). */
  open(bytes: Uint8Array, options?: CatalogOptions): SourceCatalog;
}

const fits = (
  tag: string,
  description: string,
  path: string,
  make: (f: FitsFile, o: CatalogOptions) => SourceCatalog,
): CatalogEntry => ({
  tag,
  description,
  path,
  format: "fits",
  open: (bytes, options = {}) => make(FitsFile.open(bytes, { name: options.file }), options),
});

const ecsv = (
  tag: string,
  description: string,
  path: string,
  make: (text: string, o: CatalogOptions) => SourceCatalog,
): CatalogEntry => ({
  tag,
  description,
  path,
  format: "ecsv",
  open: (bytes, options = {}) => make(new TextDecoder().decode(bytes), options),
});

/** The catalogs, in Gammapy's registry order (1LHAASO last). */
export const CATALOG_REGISTRY: readonly CatalogEntry[] = [
  fits(
    "gamma-cat",
    "An open catalog of gamma-ray sources",
    "catalogs/gammacat/gammacat.fits.gz",
    (f, o) => new SourceCatalogGammaCat(f, o),
  ),
  fits(
    "hgps",
    "H.E.S.S. Galactic plane survey (HGPS) source catalog",
    "catalogs/hgps_catalog_v1.fits.gz",
    (f, o) => new SourceCatalogHGPS(f, o),
  ),
  ecsv("2hwc", "2HWC catalog from the HAWC observatory", "catalogs/2HWC.ecsv", (t, o) => new SourceCatalog2HWC(t, o)),
  fits(
    "3fgl",
    "LAT 4-year point source catalog",
    "catalogs/fermi/gll_psc_v16.fit.gz",
    (f, o) => new SourceCatalog3FGL(f, o),
  ),
  fits(
    "3fhl",
    "LAT third high-energy source catalog",
    "catalogs/fermi/gll_psch_v13.fit.gz",
    (f, o) => new SourceCatalog3FHL(f, o),
  ),
  ecsv("3hwc", "3HWC catalog from the HAWC observatory", "catalogs/3HWC.ecsv", (t, o) => new SourceCatalog3HWC(t, o)),
  fits(
    "1lhaaso",
    "1LHAASO catalog from the LHAASO observatory",
    "catalogs/1LHAASO_catalog.fits",
    (f, o) => new SourceCatalog1LHAASO(f, o),
  ),
];

/** The registry entry of a catalog name (case-insensitive; `gammacat` is accepted for `gamma-cat`). */
export function catalogEntry(name: string): CatalogEntry {
  const key = name.trim().toLowerCase();
  const entry = CATALOG_REGISTRY.find((e) => e.tag === key || e.tag.replace("-", "") === key);
  if (!entry)
    throw catalogError(
      "UNKNOWN_CATALOG",
      `unknown catalog '${name}'`,
      "name",
      `one of ${CATALOG_REGISTRY.map((e) => e.tag).join(", ")}`,
    );
  return entry;
}

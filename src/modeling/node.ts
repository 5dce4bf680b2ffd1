/**
 * Node entry point of the modeling layer: reading the PPPC4DMID dark-matter spectra table from a gammapy-data folder,
 * light curve templates of temporal models, and models written with their covariance as Gammapy does.
 */
import { existsSync, readFileSync } from "node:fs";
import { basename, dirname, join } from "node:path";
import { timeRefFromHeader } from "../coords/time.js";
import { BinTableHdu } from "../fits/bintable.js";
import { openFits, writeFileAtomic } from "../fits/node.js";
import { GammatsError } from "../util/errors.js";
import { type Covariance, covarianceToText } from "./covariance.js";
import { type PrimaryFluxTable, parsePrimaryFluxTable } from "./darkmatter/primary-flux.js";
import type { Models } from "./models.js";
import { modelsToYaml } from "./models-io.js";
import type { LightCurveTable } from "./temporal.js";

/** Where gammapy-data keeps the table: `dark_matter_spectra/PPPC4DMID/` (newer) or `dark_matter_spectra/` (Gammapy 1.0). */
const TABLE_PATHS = [
  ["dark_matter_spectra", "PPPC4DMID", "AtProduction_gammas.dat"],
  ["dark_matter_spectra", "AtProduction_gammas.dat"],
];

/**
 * Reads the PPPC4DMID table `AtProduction_gammas.dat`: from `path` when given (a file, or a gammapy-data folder),
 * else from `$GAMMATS_DATA` or `$GAMMAPY_DATA`. Throws `NOT_FOUND` naming the places looked at.
 */
export function readPrimaryFluxTable(
  path?: string,
  env: Record<string, string | undefined> = process.env,
): PrimaryFluxTable {
  const roots = path ? [path] : [env.GAMMATS_DATA, env.GAMMAPY_DATA].filter((p): p is string => !!p);
  const candidates = roots.flatMap((r) => (r.endsWith(".dat") ? [r] : TABLE_PATHS.map((parts) => join(r, ...parts))));
  const file = candidates.find((c) => existsSync(c));
  if (!file)
    throw new GammatsError(
      "NOT_FOUND",
      "dark-matter spectra table not found",
      { file: candidates.join(", ") || "$GAMMATS_DATA / $GAMMAPY_DATA unset" },
      "gammapy-data's dark_matter_spectra/PPPC4DMID/AtProduction_gammas.dat",
    );
  return parsePrimaryFluxTable(readFileSync(file, "utf8"), file);
}

/**
 * Reads a light curve template (Gammapy's `LightCurveTemplateTemporalModel.read`, format "table"): the first table of
 * a FITS file with TIME (in the header's TIMEUNIT) and NORM columns and the time reference MJDREFI + MJDREFF. Throws
 * `NOT_FOUND` / `BAD_LIGHT_CURVE` naming the file and column.
 */
export function readLightCurveTable(path: string, format = "table"): LightCurveTable {
  if (format !== "table")
    throw new GammatsError("UNSUPPORTED", `light curve format '${format}'`, { file: path, key: "format" }, "table");
  const fits = openFits(path);
  const hdu = fits.hdus.find((h): h is BinTableHdu => h instanceof BinTableHdu);
  if (!hdu) throw new GammatsError("NOT_FOUND", "no table HDU", { file: path }, "a light curve table");
  for (const c of ["TIME", "NORM"])
    if (!hdu.hasColumn(c))
      throw new GammatsError("BAD_LIGHT_CURVE", `no ${c} column`, { file: path, key: c }, "TIME and NORM columns");
  const ref = timeRefFromHeader(hdu.header, path);
  return {
    time: hdu.float64("TIME").data,
    norm: hdu.float64("NORM").data,
    timeUnit: hdu.header.getString("TIMEUNIT")?.trim() || "s",
    tRefMjd: ref.time.mjd(ref.scale),
  };
}

/**
 * Writes models as Gammapy's `Models.write(path, write_covariance=True)`: the YAML at `path` and, with a covariance,
 * `<stem>_covariance.dat` next to it (named in the YAML's `covariance:` key). Both atomically. Returns the files
 * written.
 */
export function writeModelsFiles(path: string, models: Models, covariance?: Covariance): string[] {
  const covName = `${basename(path).replace(/\.[^.]*$/, "")}_covariance.dat`;
  const written: string[] = [];
  if (covariance) {
    const covPath = join(dirname(path), covName);
    writeFileAtomic(covPath, covarianceToText(models, covariance));
    written.push(covPath);
  }
  writeFileAtomic(path, modelsToYaml(models, covariance ? { covariance: covName } : {}));
  written.push(path);
  return written;
}

/**
 * Node entry point of the modeling layer: reading the PPPC4DMID dark-matter spectra table from a gammapy-data folder.
 */
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { GammatsError } from "../util/errors.js";
import { type PrimaryFluxTable, parsePrimaryFluxTable } from "./darkmatter/primary-flux.js";

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

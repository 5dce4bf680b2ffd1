/**
 * Fermi-LAT background models as Gammapy builds them: the isotropic diffuse model from the LAT team's text tables
 * (`iso_*.txt`: energy in MeV, intensity in MeV-1 cm-2 s-1 sr-1, error), Gammapy's
 * `create_fermi_isotropic_diffuse_model`.
 */
import { GammatsError } from "../util/errors.js";
import { SkyModel } from "./models.js";
import { ConstantSpatialModel } from "./spatial.js";
import { AnalyticSpectralModel } from "./spectral.js";
import { CompoundSpectralModel, PowerLawNorm, TemplateSpectralModel } from "./spectral-models.js";

/** MeV in TeV. */
const MEV_IN_TEV = 1e-6;

/** Options of {@link createFermiIsotropicDiffuseModel}. */
export interface FermiIsotropicOptions {
  /** Model name (default `fermi-diffuse-iso`, as Gammapy). */
  readonly name?: string;
  /** File name for error messages. */
  readonly file?: string;
}

/**
 * The Fermi-LAT isotropic diffuse model from the text of an `iso_*.txt` table: a `ConstantSpatialModel` (1 sr-1) with
 * the tabulated spectrum (log-log interpolated, extrapolated beyond the table) times a free PowerLawNorm, and no PSF
 * applied (Gammapy's `apply_irf = {psf: false}`).
 */
export function createFermiIsotropicDiffuseModel(text: string, options: FermiIsotropicOptions = {}): SkyModel {
  const energy: number[] = [];
  const values: number[] = [];
  for (const [i, raw] of text.split(/\r?\n/).entries()) {
    const line = raw.trim();
    if (line === "" || line.startsWith("#")) continue;
    const cols = line.split(/\s+/).map(Number);
    if (cols.length < 2 || !cols.every(Number.isFinite) || !(cols[0] > 0))
      throw new GammatsError(
        "BAD_TABLE",
        `line ${i + 1}: '${line}'`,
        { file: options.file, key: `line ${i + 1}` },
        "energy (MeV) and intensity (MeV-1 cm-2 s-1 sr-1) columns",
      );
    energy.push(cols[0] * MEV_IN_TEV);
    values.push(cols[1] / MEV_IN_TEV);
  }
  if (energy.length < 2)
    throw new GammatsError("BAD_TABLE", `${energy.length} rows`, { file: options.file }, "at least two rows");
  const spectral = new CompoundSpectralModel(
    new TemplateSpectralModel(energy, values),
    new AnalyticSpectralModel(PowerLawNorm),
    "*",
  );
  return new SkyModel({
    name: options.name ?? "fermi-diffuse-iso",
    spectralModel: spectral,
    spatialModel: new ConstantSpatialModel(),
    applyIrf: { psf: false },
  });
}

/**
 * gamma-cat, the open TeV source catalog (gammacat.fits.gz), as Gammapy's `SourceCatalogGammaCat`: power law,
 * integral power law or exponential cutoff power law spectra, point, Gaussian or shell morphologies at the SIMBAD
 * position (galactic), and the published flux points. Parameter errors are statistical only.
 */
import type { FluxPoints } from "../estimators/flux-points.js";
import { fluxPointsFromSed } from "../estimators/flux-points-table.js";
import type { FitsFile } from "../fits/file.js";
import { readTable } from "../fits/table-io.js";
import { GaussianSpatialModel, PointSpatialModel, ShellSpatialModel, type SpatialModel } from "../modeling/spatial.js";
import { ExpCutoffPowerLaw, PowerLaw, type SpectralModel } from "../modeling/spectral.js";
import { PowerLaw2 } from "../modeling/spectral-models.js";
import { type CatalogOptions, CatalogSource, SourceCatalog, setErrors, spectralWithErrors } from "./core.js";

const D2R = Math.PI / 180;
const DIFF = "cm-2 s-1 TeV-1";
/** Upper energy (TeV) of integral power laws whose catalog entry has none (Gammapy's default). */
export const GAMMACAT_DEFAULT_E_MAX_TEV = 1e5;

/** One source of gamma-cat. */
export class SourceGammaCat extends CatalogSource {
  /** Whether the catalog has a spectral model for the source (`spec_type` is not `none`). */
  get hasSpectrum(): boolean {
    return this.str("spec_type") !== "none";
  }

  /**
   * `pl`: power law; `pl2`: integral power law between spec_pl2_e_min and spec_pl2_e_max (1e5 TeV when missing);
   * `ecpl`: power law with exponential cutoff, lambda_ = 1 / e_cut (error e_cut_err / e_cut^2). Throws
   * `CATALOG_NO_MODEL` for sources without a spectrum.
   */
  spectralModel(): SpectralModel {
    const type = this.str("spec_type");
    if (type === "pl")
      return spectralWithErrors(
        PowerLaw,
        {
          amplitude: this.num("spec_pl_norm", DIFF),
          index: this.num("spec_pl_index"),
          reference: this.num("spec_pl_e_ref", "TeV"),
        },
        { amplitude: this.num("spec_pl_norm_err", DIFF), index: this.num("spec_pl_index_err") },
      );
    if (type === "pl2") {
      let eMax = this.num("spec_pl2_e_max", "TeV");
      if (Number.isNaN(eMax) || eMax === 0) eMax = GAMMACAT_DEFAULT_E_MAX_TEV;
      return spectralWithErrors(
        PowerLaw2,
        {
          amplitude: this.num("spec_pl2_flux", "cm-2 s-1"),
          index: this.num("spec_pl2_index"),
          emin: this.num("spec_pl2_e_min", "TeV"),
          emax: eMax,
        },
        { amplitude: this.num("spec_pl2_flux_err", "cm-2 s-1"), index: this.num("spec_pl2_index_err") },
      );
    }
    if (type === "ecpl") {
      const eCut = this.num("spec_ecpl_e_cut", "TeV");
      return spectralWithErrors(
        ExpCutoffPowerLaw,
        {
          amplitude: this.num("spec_ecpl_norm", DIFF),
          index: this.num("spec_ecpl_index"),
          lambda_: 1 / eCut,
          reference: this.num("spec_ecpl_e_ref", "TeV"),
        },
        {
          amplitude: this.num("spec_ecpl_norm_err", DIFF),
          index: this.num("spec_ecpl_index_err"),
          // float32 arithmetic on the float32 columns, as Gammapy
          lambda_: Math.fround(this.num("spec_ecpl_e_cut_err", "TeV") / Math.fround(eCut * eCut)),
        },
      );
    }
    if (type === "none") throw this.noModel("gamma-cat has no spectral model for the source", "spec_type");
    throw this.noModel(`unknown spectrum type '${type}'`, "spec_type", "pl, pl2, ecpl or none");
  }

  /**
   * Point source, Gaussian (sigma = morph_sigma) or shell (radius 0.8 morph_sigma, width 0.2 morph_sigma, a guess
   * as in Gammapy) at the SIMBAD position (glon, glat), with errors pos_err (lat) and pos_err / cos(glat) (lon).
   */
  spatialModel(): SpatialModel {
    const type = this.str("morph_type");
    const glon = this.num("glon", "deg");
    const glat = this.num("glat", "deg");
    const pos = { lon_0: glon, lat_0: glat };
    const sigma = this.num("morph_sigma", "deg");
    let model: SpatialModel;
    if (type === "point") model = new PointSpatialModel(pos, "galactic");
    else if (type === "gauss") model = new GaussianSpatialModel({ ...pos, sigma }, "galactic");
    else if (type === "shell")
      model = new ShellSpatialModel({ ...pos, radius: 0.8 * sigma, width: 0.2 * sigma }, "galactic");
    else if (type === "none") throw this.noModel("gamma-cat has no morphology for the source", "morph_type");
    else throw this.noModel(`unknown morphology '${type}'`, "morph_type", "point, gauss, shell or none");
    const posErr = this.num("pos_err", "deg");
    setErrors(model, { lat_0: posErr, lon_0: posErr / Math.cos(glat * D2R) });
    return model;
  }

  /**
   * The published flux points (dnde with symmetric and asymmetric errors and upper limits, where given), reference
   * model the source's spectral model; undefined when the catalog has none. Bins come from e_min/e_max when all are
   * given, else the reference energies are nodes (as Gammapy after dropping all-NaN columns).
   */
  override fluxPoints(): FluxPoints | undefined {
    const eRef = this.vector("sed_e_ref", "TeV");
    const rows = [...eRef.keys()].filter((i) => Number.isFinite(eRef[i]));
    if (rows.length === 0) return undefined;
    const pick = (col: string, unit: string) => {
      const v = this.vector(col, unit);
      const out = Float64Array.from(rows, (i) => v[i]);
      return out.some(Number.isFinite) ? out : undefined;
    };
    const eMin = pick("sed_e_min", "TeV");
    const eMax = pick("sed_e_max", "TeV");
    const edges = eMin?.every(Number.isFinite) && eMax?.every(Number.isFinite);
    return fluxPointsFromSed(
      {
        sedType: "dnde",
        eRefTeV: Float64Array.from(rows, (i) => eRef[i]),
        eMinTeV: edges ? eMin : undefined,
        eMaxTeV: edges ? eMax : undefined,
        value: pick("sed_dnde", DIFF) ?? new Float64Array(rows.length).fill(Number.NaN),
        err: pick("sed_dnde_err", DIFF),
        errn: pick("sed_dnde_errn", DIFF),
        errp: pick("sed_dnde_errp", DIFF),
        ul: pick("sed_dnde_ul", DIFF),
      },
      this.spectralModel(),
    );
  }
}

/** gamma-cat (162 sources; https://github.com/gammapy/gamma-cat). */
export class SourceCatalogGammaCat extends SourceCatalog<SourceGammaCat> {
  readonly tag = "gamma-cat";
  readonly description = "An open catalog of gamma-ray sources";
  readonly nanScalarsAreZero = true;

  /** Reads the catalog from its FITS file (first extension). */
  constructor(fits: FitsFile, options: CatalogOptions = {}) {
    super(readTable(fits.table(1)), "common_name", ["other_names", "gamma_names"], { file: fits.name, ...options });
  }

  protected makeSource(row: number): SourceGammaCat {
    return new SourceGammaCat(this, row);
  }
}

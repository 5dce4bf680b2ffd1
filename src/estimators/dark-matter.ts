/**
 * Upper limits on the dark-matter annihilation cross-section <sigma v> versus mass: for each mass, the
 * `DarkMatterAnnihilationSpectralModel`'s `scale` fitted to the datasets, its TS against scale = 0 and its upper limit
 * (best fit plus the profile-likelihood error at `nSigmaUl`), as Gammapy's `ParameterEstimator` on `scale`
 * (reoptimize off, UL at 2 sigma by default); <sigma v>_UL = scale_UL x 3e-26 cm^3 s^-1.
 */
import {
  DarkMatterAnnihilationSpectralModel,
  datasetsParameters,
  Fit,
  type FitDataset,
  Models,
  type PrimaryFluxTable,
  SkyModel,
  THERMAL_RELIC_CROSS_SECTION,
  totalStat,
} from "../modeling/index.js";
import { ArgumentError } from "../util/errors.js";

/** A dataset whose models the estimator replaces (e.g. a `SpectrumDataset`). */
export interface ModelledDataset extends FitDataset {
  models: Models | undefined;
}

/** Options of `estimateDarkMatterUpperLimits`. */
export interface DarkMatterUpperLimitOptions {
  /** PPPC4DMID spectra (`readPrimaryFluxTable`). */
  readonly table: PrimaryFluxTable;
  /** Annihilation channel, e.g. `b`, `tau`, `W`. */
  readonly channel: string;
  /** Dark-matter masses [TeV]. */
  readonly massesTeV: readonly number[];
  /** J-factor of the ON region [GeV^2 cm^-5]. */
  readonly jfactor: number;
  /** Particle type factor k (2 Majorana, 4 Dirac); default 2. */
  readonly k?: number;
  /** Redshift; default 0. */
  readonly z?: number;
  /** Significance of the upper limit; default 2 (Gammapy's `n_sigma_ul`). */
  readonly nSigmaUl?: number;
}

/** The result at one mass. */
export interface DarkMatterUpperLimit {
  readonly massTeV: number;
  readonly channel: string;
  /** Best-fit scale (<sigma v> / 3e-26 cm^3 s^-1) and its error. */
  readonly scale: number;
  readonly scaleErr: number;
  /** Upper limit on the scale. */
  readonly scaleUl: number;
  /** TS of the best fit against scale = 0. */
  readonly ts: number;
  /** Upper limit on <sigma v> [cm^3 s^-1]. */
  readonly sigmaVUl: number;
  readonly success: boolean;
}

/** Gammapy's null value of a norm (`ParameterEstimator.null_value`). */
const NULL_VALUE = 1e-150;

/**
 * Upper limits on <sigma v> for each mass: the datasets' models are replaced by one dark-matter source named `dm`
 * during the estimate and restored afterwards.
 */
export function estimateDarkMatterUpperLimits(
  datasets: readonly ModelledDataset[],
  options: DarkMatterUpperLimitOptions,
): DarkMatterUpperLimit[] {
  if (!(options.jfactor > 0)) throw new ArgumentError(`jfactor ${options.jfactor}`, "jfactor", "a positive J-factor");
  const nSigmaUl = options.nSigmaUl ?? 2;
  const saved = datasets.map((d) => d.models);
  const fit = new Fit();
  try {
    return options.massesTeV.map((massTeV) => {
      const model = new DarkMatterAnnihilationSpectralModel(options.table, {
        massTeV,
        channel: options.channel,
        jfactor: options.jfactor,
        k: options.k,
        z: options.z,
      });
      const models = new Models([new SkyModel({ name: "dm", spectralModel: model })]);
      for (const d of datasets) d.models = models;
      const scale = model.parameters.get("scale");
      const result = fit.run(datasets);
      const [value, error] = [scale.value, scale.error];
      scale.value = NULL_VALUE;
      const ts = totalStat(datasets, datasetsParameters(datasets)) - result.totalStat;
      scale.value = value;
      const { errp, success } = fit.confidence(datasets, scale, nSigmaUl);
      const scaleUl = value + errp;
      return {
        massTeV,
        channel: options.channel,
        scale: value,
        scaleErr: error,
        scaleUl,
        ts,
        sigmaVUl: scaleUl * THERMAL_RELIC_CROSS_SECTION,
        success: result.success && success,
      };
    });
  } finally {
    datasets.forEach((d, i) => {
      d.models = saved[i];
    });
  }
}

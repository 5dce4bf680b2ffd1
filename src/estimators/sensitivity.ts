/**
 * Differential sensitivity of an on-off spectrum dataset (Gammapy's `SensitivityEstimator`): in each reco-energy bin
 * the excess needed for a detection at `nSigma` (WStat / Li & Ma with the dataset's OFF counts and alpha), raised to
 * at least `gammaMin` counts and to at least `bkgSystFraction` times the background, turned into the e2dnde of a
 * reference spectrum (PowerLaw, index 2) whose predicted signal in that bin equals the needed excess.
 */
import type { SpectrumDataset } from "../datasets/spectrum-dataset.js";
import { Models, SkyModel } from "../modeling/models.js";
import { createSpectralModel, PowerLaw, type SpectralModel } from "../modeling/spectral.js";
import { WStatCountsStatistic } from "../stats/index.js";
import { ArgumentError } from "../util/errors.js";

/** 1 TeV in erg (exact, from the SI definition of the electronvolt). */
export const TEV_TO_ERG = 1.602176634;

/** Options of `estimateSensitivity` (Gammapy's defaults). */
export interface SensitivityOptions {
  /** Reference spectrum (default PowerLaw index 2, amplitude 1 cm-2 s-1 TeV-1, reference 1 TeV). */
  readonly spectrum?: SpectralModel;
  /** Significance to reach (Gaussian sigmas), default 5. */
  readonly nSigma?: number;
  /** Minimum number of excess counts, default 10. */
  readonly gammaMin?: number;
  /** Minimum excess as a fraction of the background counts, default 0.05. */
  readonly bkgSystFraction?: number;
}

/** Which condition set the needed excess of a bin: the significance, `gammaMin` or the background systematics. */
export type SensitivityCriterion = "significance" | "gamma" | "bkg";

/** Sensitivity per reco-energy bin (arrays of length `energyAxis.nbin`). */
export interface SensitivityTable {
  /** Bin centre (geometric mean of the edges, TeV) and edges (TeV). */
  readonly eRefTeV: Float64Array;
  readonly eMinTeV: Float64Array;
  readonly eMaxTeV: Float64Array;
  /** E^2 dN/dE at `eRefTeV` of the scaled reference spectrum (erg cm-2 s-1). */
  readonly e2dnde: Float64Array;
  /** Needed excess counts. */
  readonly excess: Float64Array;
  /** Background counts in the ON region (alpha x OFF counts). */
  readonly background: Float64Array;
  /** The limiting condition per bin. */
  readonly criterion: SensitivityCriterion[];
}

/**
 * Needed excess counts per reco bin (Gammapy's `SensitivityEstimator.estimate_min_excess`): the excess matching
 * `nSigma` for `nOn = alpha * nOff`, then at least `gammaMin`, then at least `bkgSystFraction * background`.
 * Bins without OFF counts give NaN, as in Gammapy.
 */
export function estimateMinExcess(
  dataset: SpectrumDataset,
  nSigma = 5,
  gammaMin = 10,
  bkgSystFraction = 0.05,
): Float64Array {
  if (!dataset.countsOff)
    throw new ArgumentError(`dataset '${dataset.name}' has no OFF counts`, "countsOff", "an on-off dataset");
  const nOff = dataset.countsOff;
  const alpha = dataset.alpha;
  const nOn = alpha.map((a, i) => a * nOff[i]);
  const excess = new WStatCountsStatistic(nOn, nOff, alpha).nSigMatchingSignificance(nSigma);
  const bkg = dataset.backgroundCounts;
  for (let i = 0; i < excess.length; i++) {
    if (excess[i] < gammaMin) excess[i] = gammaMin;
    if (excess[i] < bkgSystFraction * bkg[i]) excess[i] = bkgSystFraction * bkg[i];
  }
  return excess;
}

/**
 * Sensitivity of an on-off spectrum dataset per reco-energy bin, as Gammapy 1.0's `SensitivityEstimator.run`. The
 * dataset's models are left untouched (the reference spectrum is evaluated on a copy).
 */
export function estimateSensitivity(dataset: SpectrumDataset, options: SensitivityOptions = {}): SensitivityTable {
  const nSigma = options.nSigma ?? 5;
  const gammaMin = options.gammaMin ?? 10;
  const fraction = options.bkgSystFraction ?? 0.05;
  const spectrum = options.spectrum ?? createSpectralModel(PowerLaw, { index: 2, amplitude: 1, reference: 1 });
  const excess = estimateMinExcess(dataset, nSigma, gammaMin, fraction);
  const background = dataset.backgroundCounts;
  const copy = dataset.copy();
  copy.models = new Models([new SkyModel({ name: "sensitivity-reference", spectralModel: spectrum })]);
  const npred = copy.npredSignal();
  const axis = dataset.energyAxis;
  const eRef = Float64Array.from(axis.center);
  const dnde = spectrum.evaluate(eRef);
  const e2dnde = new Float64Array(eRef.length);
  const criterion: SensitivityCriterion[] = [];
  for (let i = 0; i < eRef.length; i++) {
    e2dnde[i] = (excess[i] / npred[i]) * dnde[i] * eRef[i] * eRef[i] * TEV_TO_ERG;
    // Gammapy labels "gamma" first and lets "bkg" override it; both compare exactly
    const bkgLimited = excess[i] === background[i] * fraction;
    criterion.push(bkgLimited ? "bkg" : excess[i] === gammaMin ? "gamma" : "significance");
  }
  return {
    eRefTeV: eRef,
    eMinTeV: Float64Array.from(axis.edgesMin),
    eMaxTeV: Float64Array.from(axis.edgesMax),
    e2dnde,
    excess,
    background,
    criterion,
  };
}

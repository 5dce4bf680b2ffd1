/**
 * Bayesian sampling of the models' parameters, as Gammapy 2.x's `Sampler` (UltraNest backend): nested sampling of the
 * datasets' likelihood exp(-stat / 2) (the same statistic the `Fit` minimises, without priors and penalties) over the
 * free parameters' priors, which every free parameter must have (Gaussian, uniform or log-uniform). Gives the
 * evidence with its error, the weighted and equal-weight posterior samples and the posterior summary; the parameters
 * are set to their posterior means and errors to the posterior standard deviations, as Gammapy does on the models it
 * returns.
 */
import { GammatsError } from "../../util/errors.js";
import { Rng } from "../../util/random.js";
import { datasetsParameters, type FitDataset } from "../fit.js";
import type { Parameter, Parameters } from "../parameter.js";
import { type NestedSamplingOptions, nestedSampling } from "./nested.js";

/** Options of `Sampler` (Gammapy's `sampler_opts`: live_points, frac_remain, min_ess; plus the seed). */
export type SamplerOptions = NestedSamplingOptions;

/** Posterior summary per parameter (arrays of length d, in the parameters' units), as UltraNest's `posterior`. */
export interface PosteriorSummary {
  readonly mean: Float64Array;
  readonly stdev: Float64Array;
  readonly median: Float64Array;
  /** 15.87 % quantile (median - 1 sigma for a Gaussian). */
  readonly errlo: Float64Array;
  /** 84.13 % quantile (median + 1 sigma for a Gaussian). */
  readonly errup: Float64Array;
}

/** Result of `Sampler.run` (Gammapy's `SamplerResult` with UltraNest's results). */
export interface SamplerResult {
  readonly success: boolean;
  readonly message: string;
  /** Likelihood evaluations. */
  readonly nfev: number;
  /** The sampled (free) parameters, in sample column order. */
  readonly parameters: Parameters;
  /** Full names of the sampled parameters (`crab.spectral.index`). */
  readonly names: readonly string[];
  /** Natural log of the evidence with likelihood exp(-stat / 2). */
  readonly logZ: number;
  /** 1-sigma error of `logZ`. */
  readonly logZErr: number;
  /** Information gain from prior to posterior [nats]. */
  readonly information: number;
  /** Effective sample size of the weighted samples. */
  readonly ess: number;
  /** Equal-weight posterior samples (nSamples x d, row-major), Gammapy's `samples`. */
  readonly samples: Float64Array;
  readonly nSamples: number;
  /** Weighted posterior points (m x d, row-major), their weights (sum 1) and ln L (-stat / 2). */
  readonly weightedSamples: {
    readonly points: Float64Array;
    readonly weights: Float64Array;
    readonly logL: Float64Array;
  };
  readonly posterior: PosteriorSummary;
  /** The highest-likelihood point (d) and its ln L. */
  readonly maximumLikelihood: { readonly point: Float64Array; readonly logL: number };
}

/** Full names of parameters from the datasets' models (first occurrence). */
function parameterNames(datasets: readonly FitDataset[], parameters: Parameters): string[] {
  const names = new Map<Parameter, string>();
  for (const d of datasets)
    if (d.models) for (const [p, n] of d.models.parameterNames()) if (!names.has(p)) names.set(p, n);
  return [...parameters].map((p) => names.get(p) ?? p.name);
}

/** Weighted quantile of column `k` of (m x d) points with normalised weights, by linear interpolation of the CDF. */
function weightedQuantiles(
  points: Float64Array,
  weights: Float64Array,
  d: number,
  k: number,
  qs: readonly number[],
): number[] {
  const m = weights.length;
  const order = Array.from({ length: m }, (_, i) => i).sort((a, b) => points[a * d + k] - points[b * d + k]);
  const out: number[] = [];
  let cum = 0;
  let j = 0;
  for (const q of qs) {
    while (j < m - 1 && cum + weights[order[j]] < q) cum += weights[order[j++]];
    out.push(points[order[j] * d + k]);
  }
  return out;
}

/** Summary statistics of weighted points (m x d). */
function summarise(points: Float64Array, weights: Float64Array, d: number): PosteriorSummary {
  const mean = new Float64Array(d);
  const stdev = new Float64Array(d);
  const median = new Float64Array(d);
  const errlo = new Float64Array(d);
  const errup = new Float64Array(d);
  for (let k = 0; k < d; k++) {
    let m1 = 0;
    for (let i = 0; i < weights.length; i++) m1 += weights[i] * points[i * d + k];
    let m2 = 0;
    for (let i = 0; i < weights.length; i++) m2 += weights[i] * (points[i * d + k] - m1) ** 2;
    mean[k] = m1;
    stdev[k] = Math.sqrt(m2);
    [errlo[k], median[k], errup[k]] = weightedQuantiles(points, weights, d, k, [0.158655, 0.5, 0.841345]);
  }
  return { mean, stdev, median, errlo, errup };
}

/** Systematic resampling of weighted points into `count` equal-weight samples (count x d). */
function resampleEqual(points: Float64Array, weights: Float64Array, d: number, count: number, rng: Rng): Float64Array {
  const out = new Float64Array(count * d);
  const u0 = rng.uniform();
  let cum = weights[0];
  let j = 0;
  for (let i = 0; i < count; i++) {
    const target = (i + u0) / count;
    while (cum < target && j < weights.length - 1) cum += weights[++j];
    out.set(points.subarray(j * d, (j + 1) * d), i * d);
  }
  return out;
}

/** Nested sampler over datasets' models (Gammapy's `Sampler` with the UltraNest backend). */
export class Sampler {
  readonly options: SamplerOptions;

  constructor(options: SamplerOptions = {}) {
    this.options = options;
  }

  /**
   * Samples the posterior of the free parameters of the datasets' models. Throws `NO_PRIOR` (naming the parameter)
   * when a free parameter has no prior and `NO_FREE_PARAMETERS` when none is free. Afterwards each parameter holds
   * its posterior mean as value and its posterior standard deviation as error.
   */
  run(datasets: readonly FitDataset[]): SamplerResult {
    const parameters = datasetsParameters(datasets).free;
    const d = parameters.length;
    if (d === 0)
      throw new GammatsError("NO_FREE_PARAMETERS", "no free parameters to sample", {}, "a model with free parameters");
    const names = parameterNames(datasets, parameters);
    const priors = [...parameters].map((p, i) => {
      if (!p.prior)
        throw new GammatsError(
          "NO_PRIOR",
          `parameter '${names[i]}' has no prior: nested sampling needs priors on all free parameters`,
          { key: names[i] },
          "a prior on every free parameter (e.g. uniformPrior(min, max)), or the parameter frozen",
        );
      return p.prior;
    });
    const list = [...parameters];
    const r = nestedSampling(
      {
        ndim: d,
        transform: (u, theta) => {
          for (let k = 0; k < d; k++) theta[k] = priors[k].inverseCdf(u[k]);
        },
        logLikelihood: (theta) => {
          for (let k = 0; k < d; k++) list[k].value = theta[k];
          let stat = 0;
          for (const ds of datasets) stat += ds.statSum();
          return -0.5 * stat;
        },
      },
      this.options,
    );
    const posterior = summarise(r.points, r.weights, d);
    let best = 0;
    for (let i = 1; i < r.logL.length; i++) if (r.logL[i] > r.logL[best]) best = i;
    for (let k = 0; k < d; k++) {
      list[k].value = posterior.mean[k];
      list[k].error = posterior.stdev[k];
    }
    const nSamples = r.weights.length;
    const rng = new Rng(this.options.seed ?? 0, 1);
    return {
      success: r.success,
      message: r.message,
      nfev: r.ncall,
      parameters,
      names,
      logZ: r.logZ,
      logZErr: r.logZErr,
      information: r.information,
      ess: r.ess,
      samples: resampleEqual(r.points, r.weights, d, nSamples, rng),
      nSamples,
      weightedSamples: { points: r.points, weights: r.weights, logL: r.logL },
      posterior,
      maximumLikelihood: { point: r.points.slice(best * d, (best + 1) * d), logL: r.logL[best] },
    };
  }
}

/**
 * Priors on parameters and general penalty terms, added to the fit statistic (-2 log of the prior density, up to a
 * constant), as Gammapy's priors and `FitStatisticPenalty`.
 */

/** A prior: its contribution to the fit statistic at a parameter value. */
export interface Prior {
  readonly type: string;
  /** Contribution to the -2 log L statistic at `value` (same unit as the parameter). */
  stat(value: number): number;
}

/** Gaussian prior: ((value - mu) / sigma)^2. */
export function gaussianPrior(mu: number, sigma: number): Prior {
  return { type: "GaussianPrior", stat: (v) => ((v - mu) / sigma) ** 2 };
}

/** Uniform prior on [min, max]: 0 inside, +Infinity outside. */
export function uniformPrior(min: number, max: number): Prior {
  return { type: "UniformPrior", stat: (v) => (v >= min && v <= max ? 0 : Number.POSITIVE_INFINITY) };
}

/** Log-uniform prior on [min, max] (density ∝ 1/value): 2 ln(value) inside, +Infinity outside. */
export function logUniformPrior(min: number, max: number): Prior {
  return { type: "LogUniformPrior", stat: (v) => (v >= min && v <= max ? 2 * Math.log(v) : Number.POSITIVE_INFINITY) };
}

/** A penalty over several parameters' values (e.g. a smoothness term), added to the statistic. */
export interface Penalty {
  /** The parameters the penalty reads (e.g. `Parameter`s), in the order `stat` receives their values. */
  readonly parameters: ReadonlyArray<{ readonly value: number }>;
  /** Contribution to the statistic given the parameters' current values. */
  stat(values: Float64Array): number;
}

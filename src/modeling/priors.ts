/**
 * Priors on parameters and general penalty terms, added to the fit statistic (-2 log of the prior density, up to a
 * constant), as Gammapy's priors and `FitStatisticPenalty`. Priors are written to and read from models YAML in
 * Gammapy's layout (`prior: {type: GaussianPrior, parameters: [{name: mu, value: ...}, ...]}`). Each prior also has
 * its inverse cumulative distribution, which maps the unit interval onto the prior (the transform a nested sampler
 * uses, Gammapy's `Prior._inverse_cdf`).
 */
import normalQuantile from "@stdlib/stats-base-dists-normal-quantile";

/** A prior: its type, its own parameters (in the unit of the parameter it applies to) and its statistic. */
export interface Prior {
  readonly type: "GaussianPrior" | "UniformPrior" | "LogUniformPrior";
  readonly parameters: Readonly<Record<string, number>>;
  /** Contribution to the -2 log L statistic at `value` (same unit as the parameter). */
  stat(value: number): number;
  /** The value whose prior probability below it is `u` (0 < u < 1), in the parameter's unit (the prior's quantile). */
  inverseCdf(u: number): number;
}

/** Gaussian prior: ((value - mu) / sigma)^2. */
export function gaussianPrior(mu: number, sigma: number): Prior {
  return {
    type: "GaussianPrior",
    parameters: { mu, sigma },
    stat: (v) => ((v - mu) / sigma) ** 2,
    inverseCdf: (u) => normalQuantile(u, mu, sigma),
  };
}

/** Uniform prior on [min, max]: 0 inside, +Infinity outside. */
export function uniformPrior(min: number, max: number): Prior {
  return {
    type: "UniformPrior",
    parameters: { min, max },
    stat: (v) => (v >= min && v <= max ? 0 : Number.POSITIVE_INFINITY),
    inverseCdf: (u) => min + u * (max - min),
  };
}

/** Log-uniform prior on [min, max] (density ∝ 1/value): 2 ln(value) inside, +Infinity outside. */
export function logUniformPrior(min: number, max: number): Prior {
  return {
    type: "LogUniformPrior",
    parameters: { min, max },
    stat: (v) => (v >= min && v <= max ? 2 * Math.log(v) : Number.POSITIVE_INFINITY),
    inverseCdf: (u) => min * (max / min) ** u,
  };
}

/** The prior of a type with its parameters (as read from YAML); undefined for an unknown type or missing values. */
export function priorFromParameters(type: string, p: Readonly<Record<string, number>>): Prior | undefined {
  if (type === "GaussianPrior" && Number.isFinite(p.mu) && p.sigma > 0) return gaussianPrior(p.mu, p.sigma);
  if (type === "UniformPrior" && p.min < p.max) return uniformPrior(p.min, p.max);
  if (type === "LogUniformPrior" && p.min > 0 && p.min < p.max) return logUniformPrior(p.min, p.max);
  return undefined;
}

/** A penalty over several parameters' values (e.g. a smoothness term), added to the statistic. */
export interface Penalty {
  /** The parameters the penalty reads (e.g. `Parameter`s), in the order `stat` receives their values. */
  readonly parameters: ReadonlyArray<{ readonly value: number }>;
  /** Contribution to the statistic given the parameters' current values. */
  stat(values: Float64Array): number;
}

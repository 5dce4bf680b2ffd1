/**
 * Likelihood fit of models to datasets, as Gammapy's `Fit`: minimise the summed statistic (plus priors and penalties)
 * over the free parameters' factors with MIGRAD, then the covariance with HESSE; confidence intervals and profiles.
 * A `Fit` sees datasets only through `FitDataset`.
 */
import { GammatsError } from "../util/errors.js";
import type { Models } from "./models.js";
import { contour, hesse, type MinimizeOptions, migrad, minos, profile } from "./optimize/index.js";
import { type Parameter, Parameters } from "./parameter.js";
import type { Penalty } from "./priors.js";

/** What a fit needs from a dataset. */
export interface FitDataset {
  readonly name: string;
  /** The models the dataset evaluates (the fit varies their parameters). */
  readonly models: Models | undefined;
  /** Fit statistic (-2 log L, e.g. Cash or WStat) summed over the dataset's fit mask, at the current parameters. */
  statSum(): number;
}

/** Options of `Fit`. */
export interface FitOptions {
  /** Minimiser options (tol default 0.1, strategy 1, as Gammapy's iminuit backend). */
  readonly optimize?: MinimizeOptions;
  /** Extra penalty terms. */
  readonly penalties?: readonly Penalty[];
}

/** Result of `Fit.run`. */
export interface FitResult {
  readonly success: boolean;
  readonly message: string;
  /** Total statistic at the best fit. */
  readonly totalStat: number;
  readonly nfev: number;
  readonly edm: number;
  /** The parameters (all, in `Models.parameters` order) with values and errors set. */
  readonly parameters: Parameters;
  /** Covariance of all parameters (n x n row-major, in their units; rows of frozen parameters are 0). */
  readonly covariance: Float64Array;
  readonly covarianceValid: boolean;
}

/** Statistic of a set of datasets and their models. */
export function totalStat(datasets: readonly FitDataset[], parameters: Parameters, penalties: readonly Penalty[] = []) {
  let s = 0;
  for (const d of datasets) s += d.statSum();
  s += parameters.priorStatSum();
  for (const p of penalties) s += p.stat(Float64Array.from(p.parameters, (q) => q.value));
  return s;
}

/** Distinct parameters of all datasets' models. */
export function datasetsParameters(datasets: readonly FitDataset[]): Parameters {
  const all: Parameter[] = [];
  for (const d of datasets) if (d.models) all.push(...d.models.parameters);
  return new Parameters(all);
}

/** Fits models to datasets (Gammapy's `Fit`). */
export class Fit {
  readonly options: FitOptions;

  constructor(options: FitOptions = {}) {
    this.options = options;
  }

  private objective(datasets: readonly FitDataset[], all: Parameters, free: Parameters) {
    const penalties = this.options.penalties ?? [];
    return (factors: Float64Array) => {
      free.setFactors(factors);
      const s = totalStat(datasets, all, penalties);
      return Number.isNaN(s) ? Number.POSITIVE_INFINITY : s;
    };
  }

  private bounds(free: Parameters): { lower: Float64Array; upper: Float64Array } {
    return {
      lower: Float64Array.from(free, (p) => p.factorMin),
      upper: Float64Array.from(free, (p) => p.factorMax),
    };
  }

  /** Initial steps in factor units, as Gammapy passes errors to Minuit: error / scale, or 1 when unknown. */
  private steps(free: Parameters): Float64Array {
    return Float64Array.from(free, (p) => (p.error > 0 && Number.isFinite(p.error) ? p.error / p.scale : 1));
  }

  /** Optimises the free parameters, then computes the covariance; parameters keep the best-fit values and errors. */
  run(datasets: readonly FitDataset[]): FitResult {
    const all = datasetsParameters(datasets);
    const free = all.free;
    if (free.length === 0)
      throw new GammatsError("NO_FREE_PARAMETERS", "no free parameters to fit", {}, "a model with free parameters");
    free.autoscale();
    const fcn = this.objective(datasets, all, free);
    const opts: MinimizeOptions = {
      ...this.bounds(free),
      step: this.steps(free),
      tol: 0.1,
      strategy: 1,
      ...this.options.optimize,
    };
    const start = fcn(free.factors);
    if (!Number.isFinite(start))
      throw new GammatsError(
        "NON_FINITE_STAT",
        `the fit statistic at the start values is ${start} (${[...free].map((p) => `${p.name} = ${p.value}`).join(", ")})`,
        { key: "parameters" },
        "start values that predict finite, non-negative counts",
      );
    const m = migrad(fcn, free.factors, opts);
    free.setFactors(m.x);
    // HESSE starts from MIGRAD's error estimates (as Minuit), not from the initial steps
    const k0 = free.length;
    const migradErrors = Float64Array.from({ length: k0 }, (_, i) => Math.sqrt(m.covariance[i * k0 + i]));
    const h = hesse(fcn, m.x, {
      ...opts,
      step: migradErrors.every((v) => Number.isFinite(v) && v > 0) ? migradErrors : opts.step,
    });
    free.setFactors(m.x);
    const n = all.length;
    const cov = new Float64Array(n * n);
    const idx = [...free].map((p) => all.indexOf(p));
    const k = free.length;
    for (let i = 0; i < k; i++)
      for (let j = 0; j < k; j++)
        cov[idx[i] * n + idx[j]] = h.covariance[i * k + j] * free.at(i).scale * free.at(j).scale;
    for (let i = 0; i < k; i++) free.at(i).error = Math.sqrt(Math.max(0, h.covariance[i * k + i])) * free.at(i).scale;
    return {
      success: m.success,
      message: m.message,
      totalStat: fcn(m.x),
      nfev: m.nfev,
      edm: m.edm,
      parameters: all,
      covariance: cov,
      covarianceValid: h.valid,
    };
  }

  /**
   * Profile-likelihood confidence interval of one parameter (MINOS-like): offsets (in the parameter's unit) where the
   * statistic, minimised over the other free parameters, rises by sigma^2.
   */
  confidence(
    datasets: readonly FitDataset[],
    parameter: Parameter,
    sigma = 1,
  ): { errn: number; errp: number; success: boolean } {
    const all = datasetsParameters(datasets);
    const free = all.free;
    const i = free.indexOf(parameter);
    if (i < 0)
      throw new GammatsError("FROZEN_PARAMETER", `parameter '${parameter.name}' is frozen`, { key: parameter.name });
    const fcn = this.objective(datasets, all, free);
    const x = free.factors;
    const r = minos(fcn, x, i, {
      ...this.bounds(free),
      step: this.steps(free),
      ...this.options.optimize,
      sigma,
      fmin: fcn(x),
    });
    free.setFactors(x);
    return { errn: -r.lower * parameter.scale, errp: r.upper * parameter.scale, success: r.lowerValid && r.upperValid };
  }

  /**
   * Statistic profile of one parameter over `values` (its unit): with the other free parameters re-optimised or fixed.
   * Returns the total statistic per value; parameters are restored afterwards.
   */
  statProfile(
    datasets: readonly FitDataset[],
    parameter: Parameter,
    values: ArrayLike<number>,
    reoptimize = false,
  ): Float64Array {
    const all = datasetsParameters(datasets);
    const free = all.free;
    const saved = all.values;
    let stat: Float64Array;
    const i = free.indexOf(parameter);
    if (i < 0 || !reoptimize) {
      stat = new Float64Array(values.length);
      for (let k = 0; k < values.length; k++) {
        parameter.value = values[k];
        stat[k] = totalStat(datasets, all, this.options.penalties);
      }
    } else {
      const fcn = this.objective(datasets, all, free);
      stat = profile(
        fcn,
        free.factors,
        i,
        Float64Array.from(values, (v) => v / parameter.scale),
        {
          ...this.bounds(free),
          step: this.steps(free),
          ...this.options.optimize,
          reoptimize: true,
        },
      );
    }
    all.setValues(saved);
    return stat;
  }

  /**
   * Confidence contour of two free parameters (Gammapy's `stat_contour`): `numpoints` points (default 10) in their
   * units where the statistic, minimised over the other free parameters, is `sigma²` (default 1) above the minimum
   * at the current parameter values (run the fit first). Parameters are restored afterwards.
   */
  statContour(
    datasets: readonly FitDataset[],
    x: Parameter,
    y: Parameter,
    options: { readonly numpoints?: number; readonly sigma?: number } = {},
  ): { x: Float64Array; y: Float64Array; success: boolean } {
    const all = datasetsParameters(datasets);
    const free = all.free;
    const [ix, iy] = [free.indexOf(x), free.indexOf(y)];
    for (const [p, i] of [
      [x, ix],
      [y, iy],
    ] as const)
      if (i < 0) throw new GammatsError("FROZEN_PARAMETER", `parameter '${p.name}' is not free`, { key: p.name });
    const saved = all.values;
    const fcn = this.objective(datasets, all, free);
    const r = contour(fcn, free.factors, ix, iy, {
      ...this.bounds(free),
      step: this.steps(free),
      tol: 0.1,
      strategy: 1,
      ...this.options.optimize,
      numpoints: options.numpoints,
      sigma: options.sigma,
    });
    all.setValues(saved);
    return { x: r.x.map((v) => v * x.scale), y: r.y.map((v) => v * y.scale), success: r.success };
  }
}

/**
 * Error bands of spectral models from a parameter covariance: by sampling the multivariate normal distribution of the
 * parameters (quantiles of dN/dE over the samples), and by linear error propagation with a numerical gradient
 * (Gammapy's `SpectralModel.evaluate_error`). Covariances are n x n row-major over `model.parameters` in their
 * canonical units, with zero rows/columns for frozen parameters.
 */
import { ArgumentError } from "../util/errors.js";
import { Rng } from "../util/random.js";
import { AnalyticSpectralModel, type SpectralModel } from "./spectral.js";

/**
 * Cholesky factor L (lower triangular, L L^T = A) of a symmetric positive-definite m x m matrix (row-major).
 * Throws `ArgumentError` when A is not positive definite.
 */
export function choleskyLower(a: ArrayLike<number>, m: number): Float64Array {
  const l = new Float64Array(m * m);
  for (let i = 0; i < m; i++) {
    for (let j = 0; j <= i; j++) {
      let s = a[i * m + j];
      for (let k = 0; k < j; k++) s -= l[i * m + k] * l[j * m + k];
      if (i === j) {
        if (!(s > 0))
          throw new ArgumentError(
            `covariance block is not positive definite (pivot ${i} is ${s})`,
            "covariance",
            "a symmetric positive-definite matrix over the free parameters",
          );
        l[i * m + i] = Math.sqrt(s);
      } else {
        l[i * m + j] = s / l[j * m + j];
      }
    }
  }
  return l;
}

/** A band around a spectral model: per-energy median (or central value) and lower/upper bounds, shapes (nE,). */
export interface ErrorBand {
  /** Median dN/dE over the samples (the model value for the linear band), cm-2 s-1 TeV-1. */
  readonly median: Float64Array;
  /** Lower bound (lower quantile, or value - error). */
  readonly lo: Float64Array;
  /** Upper bound (upper quantile, or value + error). */
  readonly hi: Float64Array;
}

/** The linear band with the model value and its 1-sigma error (same units as dN/dE). */
export interface LinearErrorBand extends ErrorBand {
  readonly value: Float64Array;
  readonly error: Float64Array;
}

/** Options of `sampleSpectralErrorBand`. */
export interface SampleBandOptions {
  /** Number of parameter samples; default 1000. */
  readonly nSamples?: number;
  /** PRNG seed (32-bit integer); default a fixed seed, so results are reproducible. */
  readonly seed?: number;
  /** Lower and upper quantiles of the band; default [0.16, 0.84]. */
  readonly quantiles?: readonly [number, number];
}

function checkCovariance(model: SpectralModel, covariance: ArrayLike<number>): number {
  const n = model.parameters.length;
  if (covariance.length !== n * n)
    throw new ArgumentError(
      `covariance has ${covariance.length} elements, the model has ${n} parameters`,
      "covariance",
      `${n * n} elements (n x n, row-major)`,
    );
  return n;
}

/**
 * Runs `fn` with the model's parameters set to `values`, then restores the exact previous factors (also on error).
 * Used for models that cannot evaluate explicit parameter vectors (templates, compounds, ...).
 */
function withValues<T>(model: SpectralModel, fn: (set: (values: ArrayLike<number>) => void) => T): T {
  const saved = model.parameters.factors;
  try {
    return fn((values) => model.parameters.setValues(values));
  } finally {
    model.parameters.setFactors(saved);
  }
}

/** numpy's default (linear) quantile of sorted values. */
function quantileSorted(sorted: Float64Array, q: number): number {
  const pos = q * (sorted.length - 1);
  const i = Math.floor(pos);
  if (i >= sorted.length - 1) return sorted[sorted.length - 1];
  const f = pos - i;
  return sorted[i] + (sorted[i + 1] - sorted[i]) * f;
}

/**
 * Error band by sampling: draws `nSamples` parameter vectors from the multivariate normal with mean the current
 * values and the given covariance (Cholesky factor of the block of free parameters with positive variance; the others
 * stay fixed), evaluates dN/dE for every sample at `energyTeV` (TeV, shape (nE,)) and returns per energy the median
 * and the quantiles (default 16% and 84%). Analytic models are evaluated directly from the sample vectors
 * (`evaluateWith`); other models get their parameters set per sample and restored afterwards.
 */
export function sampleSpectralErrorBand(
  model: SpectralModel,
  covariance: ArrayLike<number>,
  energyTeV: ArrayLike<number>,
  options: SampleBandOptions = {},
): ErrorBand {
  const n = checkCovariance(model, covariance);
  const nSamples = options.nSamples ?? 1000;
  const [qLo, qHi] = options.quantiles ?? [0.16, 0.84];
  if (!(Number.isInteger(nSamples) && nSamples >= 1))
    throw new ArgumentError(`nSamples is ${nSamples}`, "nSamples", "a positive integer");
  for (const q of [qLo, qHi])
    if (!(q >= 0 && q <= 1)) throw new ArgumentError(`quantile ${q} out of range`, "quantiles", "values in [0, 1]");

  const free: number[] = [];
  for (let i = 0; i < n; i++) if (!model.parameters.at(i).frozen && covariance[i * n + i] > 0) free.push(i);
  const m = free.length;
  const block = new Float64Array(m * m);
  for (let a = 0; a < m; a++) for (let b = 0; b < m; b++) block[a * m + b] = covariance[free[a] * n + free[b]];
  const chol = choleskyLower(block, m);

  const base = model.parameters.values;
  const rng = new Rng(options.seed ?? 0x5eed);
  const samples = new Float64Array(nSamples * n);
  const z = new Float64Array(m);
  for (let s = 0; s < nSamples; s++) {
    const row = samples.subarray(s * n, (s + 1) * n);
    row.set(base);
    for (let a = 0; a < m; a++) z[a] = rng.normal();
    for (let a = 0; a < m; a++) {
      let d = 0;
      for (let b = 0; b <= a; b++) d += chol[a * m + b] * z[b];
      row[free[a]] += d;
    }
  }

  const nE = energyTeV.length;
  const values = new Float64Array(nSamples * nE);
  if (model instanceof AnalyticSpectralModel) {
    for (let s = 0; s < nSamples; s++)
      model.evaluateWith(samples.subarray(s * n, (s + 1) * n), energyTeV, values.subarray(s * nE, (s + 1) * nE));
  } else {
    withValues(model, (set) => {
      for (let s = 0; s < nSamples; s++) {
        set(samples.subarray(s * n, (s + 1) * n));
        model.evaluate(energyTeV, values.subarray(s * nE, (s + 1) * nE));
      }
    });
  }

  const median = new Float64Array(nE);
  const lo = new Float64Array(nE);
  const hi = new Float64Array(nE);
  const column = new Float64Array(nSamples);
  for (let k = 0; k < nE; k++) {
    for (let s = 0; s < nSamples; s++) column[s] = values[s * nE + k];
    column.sort();
    median[k] = quantileSorted(column, 0.5);
    lo[k] = quantileSorted(column, qLo);
    hi[k] = quantileSorted(column, qHi);
  }
  return { median, lo, hi };
}

/**
 * Error band by linear error propagation, as Gammapy's `evaluate_error`: forward-difference gradient of dN/dE with
 * steps `epsilon` times each parameter's standard deviation (frozen parameters and zero variances skipped), then
 * error = sqrt(diag(J^T C J)). Returns value, error and the band value -+ error at `energyTeV` (TeV, shape (nE,)).
 */
export function linearErrorBand(
  model: SpectralModel,
  covariance: ArrayLike<number>,
  energyTeV: ArrayLike<number>,
  options: { readonly epsilon?: number } = {},
): LinearErrorBand {
  const n = checkCovariance(model, covariance);
  const epsilon = options.epsilon ?? 1e-4;
  const nE = energyTeV.length;
  const value = model.evaluate(energyTeV);
  const grad = new Float64Array(n * nE); // df/dp_i at each energy, zero for skipped parameters
  const p = model.parameters.values;
  const f = new Float64Array(nE);
  const evalAt = (set: ((values: ArrayLike<number>) => void) | undefined) => {
    for (let i = 0; i < n; i++) {
      const step = Math.sqrt(covariance[i * n + i]) * epsilon;
      if (model.parameters.at(i).frozen || !(step > 0)) continue;
      const saved = p[i];
      p[i] += step;
      const h = p[i] - saved; // the step actually taken in floating point
      if (set) {
        set(p);
        model.evaluate(energyTeV, f);
      } else (model as AnalyticSpectralModel).evaluateWith(p, energyTeV, f);
      p[i] = saved;
      for (let k = 0; k < nE; k++) grad[i * nE + k] = (f[k] - value[k]) / h;
    }
  };
  if (model instanceof AnalyticSpectralModel) evalAt(undefined);
  else withValues(model, (set) => evalAt(set));

  const error = new Float64Array(nE);
  for (let k = 0; k < nE; k++) {
    let s = 0;
    for (let i = 0; i < n; i++) {
      const gi = grad[i * nE + k];
      if (gi === 0) continue;
      for (let j = 0; j < n; j++) s += gi * covariance[i * n + j] * grad[j * nE + k];
    }
    error[k] = Math.sqrt(s);
  }
  const lo = new Float64Array(nE);
  const hi = new Float64Array(nE);
  for (let k = 0; k < nE; k++) {
    lo[k] = value[k] - error[k];
    hi[k] = value[k] + error[k];
  }
  return { median: value, value, error, lo, hi };
}

/**
 * Types shared by the numerical optimiser (`migrad`, `hesse`, `minos`, `profile`).
 */

/**
 * Objective function to minimise, e.g. a `-2 log L` fit statistic. Receives the parameter vector in external (user)
 * coordinates, length n. It must not keep a reference to `x` (the array is reused between calls). A `NaN` result is
 * treated as `+Infinity` (a forbidden region).
 */
export type Objective = (x: Float64Array) => number;

/** Options common to `migrad`, `hesse`, `minos` and `profile`. Arrays have length n (one entry per parameter). */
export interface MinimizeOptions {
  /** Lower bounds per parameter; `NaN` or `-Infinity` = unbounded below. */
  lower?: ArrayLike<number>;
  /** Upper bounds per parameter; `NaN` or `+Infinity` = unbounded above. */
  upper?: ArrayLike<number>;
  /** Initial step (a guess of the parameter error) per parameter; default `0.1*|x|`, or 0.1 where x = 0. */
  step?: ArrayLike<number>;
  /** Minuit tolerance, default 0.1: converged when EDM < 0.002 * tol * errordef. */
  tol?: number;
  /** Minuit strategy: 0 fast, 1 default, 2 careful (full numerical Hessian at start and end). */
  strategy?: 0 | 1 | 2;
  /** Change of the objective that defines one standard error: 1 for `-2 log L` or chi², 0.5 for `-log L`. */
  errordef?: number;
  /** Maximum number of objective calls; default Minuit's 200 + 100 n + 5 n². */
  maxfev?: number;
  /** Abort signal: when aborted the optimiser throws a `GammatsError` with code `CANCELLED`. */
  signal?: AbortSignal;
  /** Called after every variable-metric iteration with the call count, current value and EDM. */
  onIteration?: (info: { nfev: number; fval: number; edm: number }) => void;
}

/** Result of `migrad`. */
export interface MinimizeResult {
  /** Best parameters found (external coordinates), length n. */
  x: Float64Array;
  /** Objective value at `x`. */
  fval: number;
  /** Estimated distance to the minimum, `g^T V g / 2` (internal coordinates). */
  edm: number;
  /** Number of objective calls. */
  nfev: number;
  /** True when EDM fell below the tolerance (or machine accuracy limited further progress). */
  success: boolean;
  /** Human-readable outcome. */
  message: string;
  /**
   * Covariance of the parameters, n*n row-major in external coordinates (approximation from the variable-metric
   * update, or from the numerical Hessian when one was computed at the end), scaled by `2 * errordef`.
   */
  covariance: Float64Array;
}

/** Result of `hesse`. */
export interface HesseResult {
  /** Covariance `2 * errordef * inv(H)`, n*n row-major in external coordinates. */
  covariance: Float64Array;
  /** Matrix of second derivatives H of the objective, n*n row-major in external coordinates. */
  hessian: Float64Array;
  /** Parameter errors `sqrt(diag(covariance))`, length n. */
  errors: Float64Array;
  /** False when the second derivatives could not be computed or H had to be forced positive-definite. */
  valid: boolean;
  /** Number of objective calls. */
  nfev: number;
}

/** Result of `minos`. */
export interface MinosResult {
  /** Signed offset of the lower crossing from the best fit (negative). */
  lower: number;
  /** Signed offset of the upper crossing from the best fit (positive). */
  upper: number;
  /** False when the lower crossing was not found (hit a bound, call limit, or failed profile fits). */
  lowerValid: boolean;
  /** False when the upper crossing was not found. */
  upperValid: boolean;
  /** Number of objective calls (including the profile fits). */
  nfev: number;
}

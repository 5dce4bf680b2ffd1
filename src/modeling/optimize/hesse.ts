/**
 * Numerical covariance matrix from second derivatives, as Minuit's HESSE.
 */

import {
  allFinite,
  checkStart,
  initialGradient,
  internalHessian,
  numericalGradient,
  Problem,
  strategyParams,
} from "./core.js";
import { invertSpd } from "./linalg.js";
import type { HesseResult, MinimizeOptions, Objective } from "./types.js";

/**
 * Numerical second derivatives of `fcn` at `x` (normally the best fit) with Minuit's step tuning (steps chosen so that
 * the objective changes by about `sqrt(eps2) (|f| + errordef)`), computed in internal coordinates for bounded
 * parameters and transformed back. Covariance = `2 * errordef * inv(H)`, so for a `-2 log L` statistic with
 * errordef 1 the errors are `sqrt(diag(covariance))`. A Hessian that is not positive-definite is corrected as
 * Minuit's `MnPosDef` does, and a failed second derivative (no curvature found) falls back to a diagonal matrix from
 * the initial steps, both reported with `valid = false`. Only a non-finite objective at `x` gives NaN arrays (with
 * `valid = false`).
 *
 * @param x point (external units), length n
 * @returns covariance and Hessian (n*n row-major, external coordinates; the Hessian neglects the gradient term of the
 *   bound transformation, exact at an interior minimum), errors (length n), validity and the number of calls.
 * @throws GammatsError `CANCELLED` when `options.signal` aborts; `BAD_ARGUMENT` for a non-finite `x`.
 */
export function hesse(fcn: Objective, x: ArrayLike<number>, options: MinimizeOptions = {}): HesseResult {
  checkStart(x, "x");
  const n = x.length;
  const p = new Problem(fcn, n, options);
  const sp = strategyParams(options.strategy ?? 1);
  const u = p.toInternal(x);
  const f = p.eval(u);
  const nanResult = (): HesseResult => ({
    covariance: new Float64Array(n * n).fill(Number.NaN),
    hessian: new Float64Array(n * n).fill(Number.NaN),
    errors: new Float64Array(n).fill(Number.NaN),
    valid: false,
    nfev: p.nfev,
  });
  if (!Number.isFinite(f)) return nanResult();
  const gs0 = initialGradient(p, u, p.initialSteps(x));
  const gs = numericalGradient(p, u, f, gs0, sp);
  const h = internalHessian(p, u, f, gs, sp);
  let valid = h.ok && !h.madePosDef;
  let hInt = h.hessian;
  if (!h.ok) {
    // as Minuit when a second derivative fails: a diagonal matrix (from the initial steps where needed)
    hInt = new Float64Array(n * n);
    for (let i = 0; i < n; i++) {
      const d = h.raw[i * n + i];
      hInt[i * n + i] = d > 0 && Number.isFinite(d) ? d : gs0.g2[i];
    }
  }
  const vInt = invertSpd(hInt, n);
  if (!vInt) return nanResult();
  valid &&= allFinite(vInt);
  for (let i = 0; i < n * n; i++) vInt[i] *= 2 * p.up;
  const covariance = p.covarianceToExternal(u, vInt);
  const hessian = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      hessian[i * n + j] = (h.ok ? h.raw : hInt)[i * n + j] / (p.dext(i, u[i]) * p.dext(j, u[j]));
    }
  }
  const errors = new Float64Array(n);
  for (let i = 0; i < n; i++) errors[i] = Math.sqrt(covariance[i * n + i]);
  return { covariance, hessian, errors, valid, nfev: p.nfev };
}

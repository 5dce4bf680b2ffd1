/**
 * Numerical optimiser, modelled on Minuit2 as Gammapy 1.0 drives it through iminuit (tol 0.1, strategy 1,
 * errordef 1 on a `-2 log L` statistic):
 * - `migrad`: variable-metric minimiser (numerical gradients with tuned steps, parabolic line search, Davidon/BFGS
 *   update, EDM < 0.002 tol errordef), bounds via Minuit's sine / square-root transformations;
 * - `hesse`: covariance `2 errordef inv(H)` from numerical second derivatives;
 * - `minos`: profile-likelihood interval of one parameter;
 * - `profile`: statistic profile of one parameter (fixed or re-fitted others).
 * All take the objective in external coordinates; covariances are n*n row-major `Float64Array`s. Aborting
 * `options.signal` throws `GammatsError` with code `CANCELLED`.
 *
 * @example
 * const r = migrad((x) => (x[0] - 1) ** 2 + ((x[1] - 2) / 3) ** 2, [0, 0]);
 * // r.x ≈ [1, 2], r.covariance ≈ [1, 0, 0, 9]
 */

export { type ContourResult, contour } from "./contour.js";
export { hesse } from "./hesse.js";
export { defaultMaxfev, migrad } from "./migrad.js";
export { minos, profile } from "./minos.js";
export type { HesseResult, MinimizeOptions, MinimizeResult, MinosResult, Objective } from "./types.js";

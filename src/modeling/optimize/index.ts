/**
 * Numerical optimiser: `migrad` (variable-metric minimiser as Minuit's MIGRAD), `hesse` (numerical covariance),
 * `minos` (profile-likelihood intervals) and `profile` (statistic profiles).
 */

export { hesse } from "./hesse.js";
export { defaultMaxfev, migrad } from "./migrad.js";
export { minos, profile } from "./minos.js";
export type { HesseResult, MinimizeOptions, MinimizeResult, MinosResult, Objective } from "./types.js";

/** Estimators: flux points (and, later, light curves, TS and excess maps). */
export * from "./flux-points.js";
export * from "./flux-points-io.js";

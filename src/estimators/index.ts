/** Estimators: flux points (and, later, light curves, TS and excess maps). */

export * from "./excess-map.js";
export * from "./flux-points.js";
export * from "./flux-points-io.js";

/** Estimators: flux points (and, later, light curves, TS and excess maps). */

export * from "./dark-matter.js";
export * from "./detect.js";
export * from "./excess-map.js";
export * from "./excess-map-onoff.js";
export * from "./find-peaks.js";
export * from "./flux-maps-io.js";
export * from "./flux-points.js";
export * from "./flux-points-io.js";
export * from "./flux-points-table.js";
export * from "./flux-profile.js";
export * from "./light-curve.js";
export * from "./sensitivity.js";
export * from "./ts-map.js";

/**
 * Plotting: figures as SVG strings from plain data (typed arrays), browser-safe. Objects never import this layer;
 * callers pass the numbers to plot. PNG output and file writing live in `plot/node`.
 */
export * from "./contour.js";
export * from "./corner.js";
export * from "./region-overlays.js";
export * from "./sed.js";
export * from "./sky.js";
export * from "./spectrum-data.js";
export * from "./svg.js";

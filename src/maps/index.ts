/** Maps: axes (and, to come, geometries and maps). Browser-safe. */
export * from "./axes.js";
export * from "./axis.js";

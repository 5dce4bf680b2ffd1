/** Data reduction: counts maps (and, to come, exposure, background, IRF maps, safe masks, background makers). */
export * from "./counts.js";

/** High-level analysis driven by Gammapy's AnalysisConfig YAML. */
export * from "./analysis.js";
export * from "./config.js";
export * from "./estimation.js";
export * from "./map-reduction.js";
export * from "./spectrum-reduction.js";
export * from "./task-registry.js";
export * from "./tasks.js";

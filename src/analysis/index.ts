/** High-level analysis driven by Gammapy's AnalysisConfig YAML. */
export * from "./analysis.js";
export * from "./config.js";

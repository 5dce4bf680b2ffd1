/**
 * Datasets: spectrum, map and flux-point datasets, the `Datasets` container, stacking, summaries and the datasets
 * YAML.
 */
export * from "./dataset.js";
export * from "./datasets.js";
export * from "./datasets-io.js";
export * from "./fit-range.js";
export * from "./flux-points-data.js";
export * from "./flux-points-dataset.js";
export * from "./info.js";
export * from "./io-gadf.js";
export * from "./io-ogip.js";
export * from "./map-dataset.js";
export * from "./map-dataset-onoff.js";
export * from "./map-tools.js";
export * from "./spectrum-dataset.js";
export * from "./stack.js";
export * from "./temporal-norm.js";

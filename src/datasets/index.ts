/** Datasets: spectrum datasets (Cash and on-off WStat), stacking and summaries. */
export * from "./info.js";
export * from "./io-gadf.js";
export * from "./io-ogip.js";
export * from "./map-dataset.js";
export * from "./map-dataset-onoff.js";
export * from "./map-tools.js";
export * from "./spectrum-dataset.js";
export * from "./stack.js";

/** Makers: data reduction of observations into counts cubes and spectrum datasets, OFF regions and safe masks. */
export * from "./counts.js";
export * from "./dataset-formats.js";
export * from "./exclusion.js";
export * from "./fov-background.js";
export * from "./map.js";
export * from "./map-dataset-io.js";
export { mapPartsFromPlain, mapPartsToPlain, type PlainMapDatasetParts } from "./map-parts.js";
export * from "./phase.js";
export * from "./reflected.js";
export * from "./ring.js";
export * from "./safe-mask.js";
export * from "./safe-mask-map.js";
export * from "./spectrum.js";
export * from "./to-dataset.js";

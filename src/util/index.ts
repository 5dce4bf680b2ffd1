/** Shared low-level utilities: typed errors, warnings, small numerics. */
export * from "./ecsv.js";
export * from "./errors.js";
export * from "./fft.js";
export * from "./random.js";
export * from "./table.js";
export * from "./version.js";
export * from "./warnings.js";

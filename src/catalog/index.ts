/** Source catalogs (3FGL, 3FHL, 2HWC, 3HWC, HGPS, gamma-cat, 1LHAASO): tables, lookup, sky models, flux points. */
export * from "./core.js";
export * from "./fermi.js";
export * from "./gammacat.js";
export * from "./hawc.js";
export * from "./hgps.js";
export * from "./lhaaso.js";
export * from "./registry.js";

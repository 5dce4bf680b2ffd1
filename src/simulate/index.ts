/**
 * Simulation of DL3 data without input files: built-in analytic IRFs of a generic IACT (tabulated on GADF grids and
 * written as GADF HDUs), a seeded random stream, event sampling of point sources and background, and the HDUs and
 * index tables of a simulated data store. Browser-safe; `gammats/simulate/node` writes stores to disk.
 */
export * from "./events.js";
export * from "./irf-hdus.js";
export * from "./irfs.js";
export * from "./map-sampler.js";
export * from "./random.js";
export * from "./store.js";

/**
 * Simulation of DL3 data without input files: built-in analytic IRFs of a generic IACT (tabulated on GADF grids and
 * written as GADF HDUs), event sampling of point sources, background and map datasets (with the seeded stream `Rng`
 * of gammats/util), and the HDUs and
 * index tables of a simulated data store. Browser-safe; `gammats/simulate/node` writes stores to disk.
 */
export * from "./events.js";
export * from "./irf-hdus.js";
export * from "./irfs.js";
export * from "./map-sampler.js";
export * from "./store.js";

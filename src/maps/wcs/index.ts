/** FITS celestial WCS: projections and pixel <-> world transforms. */
export * from "./projections.js";
export * from "./wcs.js";

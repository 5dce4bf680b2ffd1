/** Instrument response functions: effective area, energy dispersion, PSF, background, RAD_MAX. Browser-safe. */
export * from "./background.js";
export * from "./edisp.js";
export * from "./edisp-map.js";
export * from "./effective-area.js";
export * from "./io.js";
export * from "./irf.js";
export * from "./psf.js";
export * from "./psf-map.js";
export * from "./rad-max.js";

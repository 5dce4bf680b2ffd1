/** Maps: axes, WCS and HEALPix pixelisations, WCS geometries and maps, map FITS I/O. Browser-safe. */
export * from "./axes.js";
export * from "./axis.js";
export * from "./convolve.js";
export * from "./geom-cache.js";
export * from "./hpx/index.js";
export * from "./hpx-geom.js";
export * from "./hpx-map.js";
export * from "./io.js";
export * from "./masks.js";
export * from "./nd-map.js";
export * from "./region-geom.js";
export * from "./regions.js";
export * from "./reproject.js";
export * from "./smooth.js";
export * from "./wcs/index.js";
export * from "./wcs-geom.js";
export * from "./wcs-map.js";

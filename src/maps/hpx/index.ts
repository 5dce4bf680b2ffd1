/** HEALPix pixel functions. */
export * from "./healpix.js";
export * from "./interp.js";

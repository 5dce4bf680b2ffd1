/** HEALPix pixel functions. */
export * from "./healpix.js";

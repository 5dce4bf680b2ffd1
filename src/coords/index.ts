/** Sky coordinates, angles, time and observatory locations for gammats. Browser-safe. */

export * from "./altaz.js";
export * from "./angles.js";
export { builtinEarthOrientation, DEFAULT_POLAR_MOTION_ARCSEC, type EarthOrientation, EOP_END_MJD } from "./eop.js";
export * from "./frames.js";
export * from "./location.js";
export * from "./time.js";

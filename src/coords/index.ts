/** Sky coordinates, angles and time for gammats. Browser-safe. */

export * from "./altaz.js";
export * from "./angles.js";
export * from "./frames.js";
export * from "./time.js";

/** Sky coordinates, angles and time for gammats. Browser-safe. */
export * from "./angles.js";
export * from "./frames.js";
export * from "./time.js";

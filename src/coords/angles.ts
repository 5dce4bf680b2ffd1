/**
 * Angles: degree/radian conversion, wrapping, and parsing of angle strings with units.
 */
import { ArgumentError } from "../util/errors.js";

/** Degrees per radian. */
export const DEG_PER_RAD = 180 / Math.PI;
/** Radians per degree. */
export const RAD_PER_DEG = Math.PI / 180;

/** Degrees to radians. */
export function degToRad(deg: number): number {
  return deg * RAD_PER_DEG;
}

/** Radians to degrees. */
export function radToDeg(rad: number): number {
  return rad * DEG_PER_RAD;
}

/** Wraps an angle in degrees into `[wrapAtDeg - 360, wrapAtDeg)` (default `[0, 360)`), as astropy's `wrap_at`. */
export function wrapDeg(angleDeg: number, wrapAtDeg = 360): number {
  const lo = wrapAtDeg - 360;
  let a = (angleDeg - lo) % 360;
  if (a < 0) a += 360;
  return a + lo;
}

const ANGLE_UNITS: Record<string, number> = {
  deg: 1,
  degree: 1,
  degrees: 1,
  rad: DEG_PER_RAD,
  radian: DEG_PER_RAD,
  arcmin: 1 / 60,
  arcsec: 1 / 3600,
  mas: 1 / 3.6e6,
};

/**
 * Parses an angle with a unit, as Gammapy's config accepts (`"0.11 deg"`, `"30 arcmin"`, `"1 rad"`), into degrees.
 * A bare number is taken in `defaultUnit` (degrees). Throws `ArgumentError` on anything else.
 */
export function parseAngleDeg(text: string | number, defaultUnit = "deg"): number {
  if (typeof text === "number") return text * (ANGLE_UNITS[defaultUnit] ?? 1);
  const m = /^\s*([+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?)\s*([a-zA-Z]*)\s*$/.exec(text);
  const factor = m ? ANGLE_UNITS[(m[2] || defaultUnit).toLowerCase()] : undefined;
  if (!m || factor === undefined) {
    throw new ArgumentError(
      `cannot parse angle '${text}'`,
      undefined,
      "a number with a unit deg, rad, arcmin or arcsec",
    );
  }
  return Number(m[1]) * factor;
}

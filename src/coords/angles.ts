/**
 * Angles: degree/radian conversion, wrapping, parsing of angle strings (Gammapy-style quantities such as `"0.11 deg"`
 * and sexagesimal notation such as `"05h34m31.94s"`, `"+22d00m52.2s"`, `"22:00:52.2"`), and sexagesimal formatting
 * as astropy's `Angle.to_string`.
 */
import { ArgumentError } from "../util/errors.js";

/** Degrees per radian. */
export const DEG_PER_RAD = 180 / Math.PI;
/** Radians per degree. */
export const RAD_PER_DEG = Math.PI / 180;
/** Radians per arcsecond. */
export const RAD_PER_ARCSEC = Math.PI / 648000;

/** Degrees to radians. */
export function degToRad(deg: number): number {
  return deg * RAD_PER_DEG;
}

/** Radians to degrees. */
export function radToDeg(rad: number): number {
  return rad * DEG_PER_RAD;
}

/**
 * Wraps an angle in degrees into `[wrapAtDeg - 360, wrapAtDeg)` (default `[0, 360)`), as astropy's
 * `Angle.wrap_at(wrapAtDeg)`.
 */
export function wrapDeg(angleDeg: number, wrapAtDeg = 360): number {
  const lo = wrapAtDeg - 360;
  let a = (angleDeg - lo) % 360;
  if (a < 0) a += 360;
  // (-tiny % 360) + 360 can round to exactly 360
  if (a >= 360) a -= 360;
  return a + lo;
}

/** Units an angle string may carry, in degrees per unit. `h`/`hourangle` is 15 degrees. */
const ANGLE_UNITS: Readonly<Record<string, number>> = {
  deg: 1,
  degree: 1,
  degrees: 1,
  d: 1,
  "°": 1,
  rad: DEG_PER_RAD,
  radian: DEG_PER_RAD,
  radians: DEG_PER_RAD,
  arcmin: 1 / 60,
  arcsec: 1 / 3600,
  mas: 1 / 3.6e6,
  hourangle: 15,
  h: 15,
  hour: 15,
};

/** The unit names accepted by {@link parseAngleDeg} (`deg`, `rad`, `arcmin`, `arcsec`, `mas`, `hourangle`, ...). */
export type AngleUnit = "deg" | "rad" | "arcmin" | "arcsec" | "mas" | "hourangle";

function unitFactor(unit: string): number | undefined {
  return ANGLE_UNITS[unit.trim().toLowerCase()];
}

const NUMBER = String.raw`(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?`;
const QUANTITY_RE = new RegExp(String.raw`^([+-]?${NUMBER})\s*([a-zA-Z°]*)$`);
/** `[sign] A<h|d|°> [B<m|'|′> [C<s|"|″>]]`, or `[sign] B<m> [C<s>]`, or `[sign] C<s>`: letters give the unit. */
const LETTERS_RE = new RegExp(
  String.raw`^([+-])?\s*(?:(${NUMBER})\s*([hd°])\s*)?(?:(${NUMBER})\s*([m'′])\s*)?(?:(${NUMBER})\s*(s|"|″|''|′′))?$`,
);
const SEPARATED_RE = new RegExp(String.raw`^([+-])?\s*(\d+)(?::|\s+)(\d+)(?:(?::|\s+)(${NUMBER}))?$`);

function badAngle(text: string): ArgumentError {
  return new ArgumentError(
    `cannot parse angle '${text}'`,
    undefined,
    'a number with a unit (deg, rad, arcmin, arcsec, mas, hourangle) or sexagesimal such as "05h34m31.94s", ' +
      '"+22d00m52.2s" or "22:00:52.2"',
  );
}

/**
 * Parses an angle into degrees. Accepts, as astropy's `Angle` and Gammapy's config do:
 * - a number with a unit: `"0.11 deg"`, `"1 rad"`, `"30 arcmin"`, `"10arcsec"`, `"12.5h"`;
 * - sexagesimal with unit letters: `"05h34m31.94s"` (hours), `"+22d00m52.2s"`, `"-5d30m"`, `"22°00′52.2″"`;
 * - sexagesimal with `:` or space separators, `"22:00:52.2"`, `"-00 30 00"`, taken in `defaultUnit`;
 * - a bare number (or a `number`), taken in `defaultUnit` (degrees unless given).
 * The sign applies to the whole angle (`"-0d30m"` is -0.5 deg). Throws `ArgumentError` on anything else.
 */
export function parseAngleDeg(text: string | number, defaultUnit: AngleUnit | string = "deg"): number {
  const defaultFactor = unitFactor(defaultUnit);
  if (defaultFactor === undefined) throw new ArgumentError(`unknown angle unit '${defaultUnit}'`, "unit");
  if (typeof text === "number") {
    if (!Number.isFinite(text)) throw badAngle(String(text));
    return text * defaultFactor;
  }
  const s = text.trim();
  const q = QUANTITY_RE.exec(s);
  if (q) {
    const factor = q[2] ? unitFactor(q[2]) : defaultFactor;
    if (factor === undefined) throw badAngle(text);
    return Number(q[1]) * factor;
  }
  const sep = SEPARATED_RE.exec(s);
  if (sep) {
    const mag = Number(sep[2]) + Number(sep[3]) / 60 + Number(sep[4] ?? 0) / 3600;
    checkFields(text, Number(sep[3]), Number(sep[4] ?? 0));
    return (sep[1] === "-" ? -mag : mag) * defaultFactor;
  }
  const m = LETTERS_RE.exec(s);
  if (m && (m[2] !== undefined || m[4] !== undefined || m[6] !== undefined)) {
    // The leading field decides the unit: hours for "h", degrees otherwise (minutes/seconds of arc alone).
    const factor = m[3] === "h" ? 15 : 1;
    const a = Number(m[2] ?? 0);
    const b = Number(m[4] ?? 0);
    const c = Number(m[6] ?? 0);
    if (m[2] !== undefined) checkFields(text, b, c);
    const mag = a + b / 60 + c / 3600;
    return (m[1] === "-" ? -mag : mag) * factor;
  }
  throw badAngle(text);
}

function checkFields(text: string, minutes: number, seconds: number): void {
  if (minutes >= 60 || seconds >= 60) throw badAngle(text);
}

/** Options of {@link formatAngle}, as astropy's `Angle.to_string`. */
export interface FormatAngleOptions {
  /** Unit of the leading field: `"deg"` (default) or `"hourangle"` (the angle in degrees is divided by 15). */
  readonly unit?: "deg" | "hourangle";
  /** Separator: `"dms"` style letters (`"hms"` for hours; the default), `":"` or `" "`. */
  readonly sep?: "letters" | ":" | " ";
  /** Decimals of the seconds field; undefined prints up to 8 decimals without trailing zeros (astropy's default). */
  readonly precision?: number;
  /** Always print a sign (`+` for positive). */
  readonly alwaysSign?: boolean;
  /** Pad the leading field to two digits. */
  readonly pad?: boolean;
}

/**
 * Formats an angle in degrees as sexagesimal text, as astropy's `Angle.to_string`: `formatAngle(83.63308,
 * { unit: "hourangle", precision: 2, pad: true })` is `"05h34m31.94s"`; `formatAngle(22.0145, { alwaysSign: true,
 * precision: 1 })` is `"+22d00m52.2s"`. Seconds are rounded to `precision` and carried into minutes and the leading
 * field (359.99999999 deg prints as `360d00m00.0s`, as astropy).
 */
export function formatAngle(angleDeg: number, options: FormatAngleOptions = {}): string {
  if (!Number.isFinite(angleDeg)) throw new ArgumentError(`cannot format angle ${angleDeg}`, "angle");
  const hours = options.unit === "hourangle";
  const value = hours ? angleDeg / 15 : angleDeg;
  const precision = options.precision;
  const digits = precision ?? 8;
  if (!Number.isInteger(digits) || digits < 0 || digits > 12) {
    throw new ArgumentError(`precision must be an integer in [0, 12], got ${digits}`, "precision");
  }
  // Total in units of 10^-digits seconds, as an integer, so that the carries are exact.
  const scale = 10 ** digits;
  const total = Math.round(Math.abs(value) * 3600 * scale);
  const perMinute = 60 * scale;
  const perLead = 3600 * scale;
  const lead = Math.floor(total / perLead);
  const minutes = Math.floor((total - lead * perLead) / perMinute);
  const secUnits = total - lead * perLead - minutes * perMinute;
  const secInt = Math.floor(secUnits / scale);
  let frac = digits > 0 ? String(secUnits - secInt * scale).padStart(digits, "0") : "";
  if (precision === undefined) frac = frac.replace(/0+$/, "");
  const secText = `${String(secInt).padStart(2, "0")}${frac ? `.${frac}` : ""}`;
  const sign = value < 0 ? "-" : options.alwaysSign ? "+" : "";
  const leadText = options.pad ? String(lead).padStart(2, "0") : String(lead);
  const mm = String(minutes).padStart(2, "0");
  const sep = options.sep ?? "letters";
  if (sep === "letters") {
    const l = hours ? "h" : "d";
    return `${sign}${leadText}${l}${mm}m${secText}s`;
  }
  return `${sign}${leadText}${sep}${mm}${sep}${secText}`;
}

/**
 * Celestial frames and spherical geometry: ICRS <-> Galactic (astropy's definition), angular separation (Vincenty),
 * position angle, offsets, and the field-of-view frame of a pointing (Gammapy's fov_lon / fov_lat).
 * All angles in degrees. Vectorised forms work on Float64Arrays without per-element allocation.
 */
import { DEG_PER_RAD, RAD_PER_DEG, wrapDeg } from "./angles.js";

/** Supported celestial frames. */
export type Frame = "icrs" | "galactic";

/** A sky position in degrees: longitude (RA or l) and latitude (Dec or b). */
export interface SkyCoord {
  readonly lon: number;
  readonly lat: number;
  readonly frame: Frame;
}

/**
 * Rotation from ICRS to Galactic unit vectors, as astropy 5.2 realises it (ICRS -> FK5 J2000 frame bias -> Galactic
 * with the J2000 north galactic pole and longitude zero point). Row-major 3x3.
 */
const ICRS_TO_GAL = [
  -0.05487565771259163, -0.8734370519556159, -0.48383507361671546, 0.4941094371927268, -0.4448297212232952,
  0.7469821839866676, -0.8676661375596576, -0.19807633727300053, 0.4559838136873016,
];

function rotate(
  m: readonly number[],
  transpose: boolean,
  lonDeg: number,
  latDeg: number,
  out: Float64Array,
  k: number,
): void {
  const lon = lonDeg * RAD_PER_DEG;
  const lat = latDeg * RAD_PER_DEG;
  const cl = Math.cos(lat);
  const x = cl * Math.cos(lon);
  const y = cl * Math.sin(lon);
  const z = Math.sin(lat);
  let X: number;
  let Y: number;
  let Z: number;
  if (transpose) {
    X = m[0] * x + m[3] * y + m[6] * z;
    Y = m[1] * x + m[4] * y + m[7] * z;
    Z = m[2] * x + m[5] * y + m[8] * z;
  } else {
    X = m[0] * x + m[1] * y + m[2] * z;
    Y = m[3] * x + m[4] * y + m[5] * z;
    Z = m[6] * x + m[7] * y + m[8] * z;
  }
  let l = Math.atan2(Y, X) * DEG_PER_RAD;
  if (l < 0) l += 360;
  out[k] = l;
  out[k + 1] = Math.atan2(Z, Math.hypot(X, Y)) * DEG_PER_RAD;
}

const pair = new Float64Array(2);

/** Transforms a sky position to another frame. */
export function transformTo(coord: SkyCoord, frame: Frame): SkyCoord {
  if (coord.frame === frame) return coord;
  rotate(ICRS_TO_GAL, coord.frame === "galactic", coord.lon, coord.lat, pair, 0);
  return { lon: pair[0], lat: pair[1], frame };
}

/**
 * Transforms arrays of positions between frames (in place into `outLon`/`outLat`, which may alias the inputs).
 */
export function transformArrays(
  lonDeg: ArrayLike<number>,
  latDeg: ArrayLike<number>,
  from: Frame,
  to: Frame,
  outLon: Float64Array = new Float64Array(lonDeg.length),
  outLat: Float64Array = new Float64Array(lonDeg.length),
): { lon: Float64Array; lat: Float64Array } {
  const n = lonDeg.length;
  if (from === to) {
    for (let i = 0; i < n; i++) {
      outLon[i] = lonDeg[i];
      outLat[i] = latDeg[i];
    }
    return { lon: outLon, lat: outLat };
  }
  const inverse = from === "galactic";
  const tmp = new Float64Array(2);
  for (let i = 0; i < n; i++) {
    rotate(ICRS_TO_GAL, inverse, lonDeg[i], latDeg[i], tmp, 0);
    outLon[i] = tmp[0];
    outLat[i] = tmp[1];
  }
  return { lon: outLon, lat: outLat };
}

/** Angular separation in degrees (Vincenty formula, stable at all distances, as astropy). */
export function separationDeg(lon1Deg: number, lat1Deg: number, lon2Deg: number, lat2Deg: number): number {
  const dlon = (lon2Deg - lon1Deg) * RAD_PER_DEG;
  const p1 = lat1Deg * RAD_PER_DEG;
  const p2 = lat2Deg * RAD_PER_DEG;
  const s1 = Math.sin(p1);
  const c1 = Math.cos(p1);
  const s2 = Math.sin(p2);
  const c2 = Math.cos(p2);
  const sd = Math.sin(dlon);
  const cd = Math.cos(dlon);
  const num1 = c2 * sd;
  const num2 = c1 * s2 - s1 * c2 * cd;
  const den = s1 * s2 + c1 * c2 * cd;
  return Math.atan2(Math.hypot(num1, num2), den) * DEG_PER_RAD;
}

/** Separations in degrees between many positions and one center (same frame). */
export function separationsDeg(
  lonDeg: ArrayLike<number>,
  latDeg: ArrayLike<number>,
  centerLonDeg: number,
  centerLatDeg: number,
  out: Float64Array = new Float64Array(lonDeg.length),
): Float64Array {
  for (let i = 0; i < lonDeg.length; i++) out[i] = separationDeg(centerLonDeg, centerLatDeg, lonDeg[i], latDeg[i]);
  return out;
}

/** Separation between two coordinates (transformed to the frame of the first). */
export function separation(a: SkyCoord, b: SkyCoord): number {
  const bb = transformTo(b, a.frame);
  return separationDeg(a.lon, a.lat, bb.lon, bb.lat);
}

/** Position angle in degrees (east of north, in [0, 360)) of point 2 as seen from point 1, as astropy. */
export function positionAngleDeg(lon1Deg: number, lat1Deg: number, lon2Deg: number, lat2Deg: number): number {
  const dlon = (lon2Deg - lon1Deg) * RAD_PER_DEG;
  const p1 = lat1Deg * RAD_PER_DEG;
  const p2 = lat2Deg * RAD_PER_DEG;
  const y = Math.sin(dlon) * Math.cos(p2);
  const x = Math.cos(p1) * Math.sin(p2) - Math.sin(p1) * Math.cos(p2) * Math.cos(dlon);
  return wrapDeg(Math.atan2(y, x) * DEG_PER_RAD);
}

/** The point at separation `sepDeg` and position angle `paDeg` from a start point (astropy `directional_offset_by`). */
export function offsetByDeg(lonDeg: number, latDeg: number, paDeg: number, sepDeg: number): [number, number] {
  const lat = latDeg * RAD_PER_DEG;
  const pa = paDeg * RAD_PER_DEG;
  const sep = sepDeg * RAD_PER_DEG;
  const lat2 = Math.asin(Math.sin(lat) * Math.cos(sep) + Math.cos(lat) * Math.sin(sep) * Math.cos(pa));
  const dlon = Math.atan2(Math.sin(pa) * Math.sin(sep) * Math.cos(lat), Math.cos(sep) - Math.sin(lat) * Math.sin(lat2));
  return [wrapDeg(lonDeg + dlon * DEG_PER_RAD), lat2 * DEG_PER_RAD];
}

/**
 * Sky -> field-of-view coordinates of a pointing, as Gammapy's `sky_to_fov`: the longitude and latitude in an
 * offset frame centred on the pointing (astropy's SkyOffsetFrame, longitude in [-180, 180)), with the sign of the
 * longitude flipped (`fovLon = -lon`), Gammapy's FoV convention. Writes into the output arrays and returns them.
 */
export function skyToFov(
  lonDeg: ArrayLike<number>,
  latDeg: ArrayLike<number>,
  lonPntDeg: number,
  latPntDeg: number,
  outLon: Float64Array = new Float64Array(lonDeg.length),
  outLat: Float64Array = new Float64Array(lonDeg.length),
): { fovLon: Float64Array; fovLat: Float64Array } {
  const { ca, sa, cd, sd } = pointingTrig(lonPntDeg, latPntDeg);
  for (let i = 0; i < lonDeg.length; i++) {
    const lon = lonDeg[i] * RAD_PER_DEG;
    const lat = latDeg[i] * RAD_PER_DEG;
    const cl = Math.cos(lat);
    const x = cl * Math.cos(lon);
    const y = cl * Math.sin(lon);
    const z = Math.sin(lat);
    // rotate by -a about z, then by d about y (pointing -> x axis)
    const x1 = ca * x + sa * y;
    const y1 = -sa * x + ca * y;
    const x2 = cd * x1 + sd * z;
    const z2 = -sd * x1 + cd * z;
    let l = Math.atan2(y1, x2) * DEG_PER_RAD;
    if (l >= 180) l -= 360;
    outLon[i] = -l;
    outLat[i] = Math.atan2(z2, Math.hypot(x2, y1)) * DEG_PER_RAD;
  }
  return { fovLon: outLon, fovLat: outLat };
}

/** Field-of-view -> sky coordinates of a pointing, the inverse of `skyToFov`. */
export function fovToSky(
  fovLonDeg: ArrayLike<number>,
  fovLatDeg: ArrayLike<number>,
  lonPntDeg: number,
  latPntDeg: number,
  outLon: Float64Array = new Float64Array(fovLonDeg.length),
  outLat: Float64Array = new Float64Array(fovLonDeg.length),
): { lon: Float64Array; lat: Float64Array } {
  const { ca, sa, cd, sd } = pointingTrig(lonPntDeg, latPntDeg);
  for (let i = 0; i < fovLonDeg.length; i++) {
    const lon = -fovLonDeg[i] * RAD_PER_DEG;
    const lat = fovLatDeg[i] * RAD_PER_DEG;
    const cl = Math.cos(lat);
    const x2 = cl * Math.cos(lon);
    const y1 = cl * Math.sin(lon);
    const z2 = Math.sin(lat);
    const x1 = cd * x2 - sd * z2;
    const z = sd * x2 + cd * z2;
    const x = ca * x1 - sa * y1;
    const y = sa * x1 + ca * y1;
    let l = Math.atan2(y, x) * DEG_PER_RAD;
    if (l < 0) l += 360;
    outLon[i] = l;
    outLat[i] = Math.atan2(z, Math.hypot(x, y)) * DEG_PER_RAD;
  }
  return { lon: outLon, lat: outLat };
}

/** Cosines and sines of a pointing's longitude (a) and latitude (d), for the FoV rotations. */
function pointingTrig(lonPntDeg: number, latPntDeg: number): { ca: number; sa: number; cd: number; sd: number } {
  const a = lonPntDeg * RAD_PER_DEG;
  const d = latPntDeg * RAD_PER_DEG;
  return { ca: Math.cos(a), sa: Math.sin(a), cd: Math.cos(d), sd: Math.sin(d) };
}

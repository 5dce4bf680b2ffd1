/**
 * Celestial frames and spherical geometry: ICRS <-> Galactic and ICRS <-> FK5 as astropy 5.2 defines them, angular
 * separation (Vincenty), position angle, directional offsets, and the field-of-view frame of a pointing (Gammapy's
 * `sky_to_fov` / `fov_to_sky`). All angles in degrees; longitudes are returned in [0, 360) (FoV longitudes in
 * (-180, 180]). Vectorised forms work on arrays without per-element allocation.
 */
import { ArgumentError } from "../util/errors.js";
import { DEG_PER_RAD, RAD_PER_ARCSEC, RAD_PER_DEG, wrapDeg } from "./angles.js";
import { biasPrecessionMatrix06, fukushimaWilliamsMatrix, precessionAngles06 } from "./earth.js";
import { chain, type Mat3, matMul, rotX, rotY, rotZ, transpose } from "./matrix.js";

/** Celestial frames of {@link SkyCoord}. */
export type Frame = "icrs" | "galactic";

/** A sky position in degrees: longitude (RA or l) and latitude (Dec or b) in a frame. */
export interface SkyCoord {
  readonly lon: number;
  readonly lat: number;
  readonly frame: Frame;
}

/** A `SkyCoord` (checks that the latitude is within [-90, 90] and the values are finite). */
export function skyCoord(lonDeg: number, latDeg: number, frame: Frame = "icrs"): SkyCoord {
  if (!Number.isFinite(lonDeg) || !(Math.abs(latDeg) <= 90)) {
    throw new ArgumentError(`invalid sky position (${lonDeg}, ${latDeg})`, "lat", "finite lon and |lat| <= 90");
  }
  return { lon: lonDeg, lat: latDeg, frame };
}

/**
 * ICRS -> FK5 (J2000) frame bias, as astropy's `_icrs_to_fk5_matrix` (USNO circular 179: eta0 = -19.9 mas,
 * xi0 = 9.1 mas, da0 = -22.9 mas).
 */
const ICRS_TO_FK5_J2000: Mat3 = chain(
  rotX(19.9e-3 * RAD_PER_ARCSEC),
  rotY(9.1e-3 * RAD_PER_ARCSEC),
  rotZ(-22.9e-3 * RAD_PER_ARCSEC),
);

/**
 * FK5 (J2000) -> Galactic, astropy's definition: the north galactic pole at FK5 (192.8594812065348,
 * 27.12825118085622) and the galactic longitude of the north celestial pole 122.9319185680026 deg.
 */
const FK5_TO_GAL: Mat3 = chain(
  rotZ((180 - 122.9319185680026) * RAD_PER_DEG),
  rotY((90 - 27.12825118085622) * RAD_PER_DEG),
  rotZ(192.8594812065348 * RAD_PER_DEG),
);

/** ICRS -> Galactic rotation as astropy 5.2 composes it (ICRS -> FK5 J2000 -> Galactic). */
const ICRS_TO_GAL: Mat3 = matMul(FK5_TO_GAL, ICRS_TO_FK5_J2000);

/** Applies a rotation (or its transpose) to one direction; writes [lon in [0, 360), lat] to out[k], out[k + 1]. */
function rotateDirection(m: Mat3, lonDeg: number, latDeg: number, out: Float64Array, k: number): void {
  const lon = lonDeg * RAD_PER_DEG;
  const lat = latDeg * RAD_PER_DEG;
  const cl = Math.cos(lat);
  const x = cl * Math.cos(lon);
  const y = cl * Math.sin(lon);
  const z = Math.sin(lat);
  const X = m[0] * x + m[1] * y + m[2] * z;
  const Y = m[3] * x + m[4] * y + m[5] * z;
  const Z = m[6] * x + m[7] * y + m[8] * z;
  let l = Math.atan2(Y, X) * DEG_PER_RAD;
  if (l < 0) l += 360;
  if (l >= 360) l -= 360;
  out[k] = l;
  out[k + 1] = Math.atan2(Z, Math.hypot(X, Y)) * DEG_PER_RAD;
}

/** Rotates arrays of directions by `m` into the output arrays (which may alias the inputs). */
function rotateArrays(
  m: Mat3,
  lonDeg: ArrayLike<number>,
  latDeg: ArrayLike<number>,
  outLon: Float64Array,
  outLat: Float64Array,
): void {
  if (lonDeg.length !== latDeg.length) throw new ArgumentError("lon and lat arrays differ in length", "lat");
  const tmp = new Float64Array(2);
  for (let i = 0; i < lonDeg.length; i++) {
    rotateDirection(m, lonDeg[i], latDeg[i], tmp, 0);
    outLon[i] = tmp[0];
    outLat[i] = tmp[1];
  }
}

const GAL_TO_ICRS = transpose(ICRS_TO_GAL);

const pair = new Float64Array(2);

/** Transforms a sky position to another frame. */
export function transformTo(coord: SkyCoord, frame: Frame): SkyCoord {
  if (coord.frame === frame) return coord;
  rotateDirection(coord.frame === "icrs" ? ICRS_TO_GAL : GAL_TO_ICRS, coord.lon, coord.lat, pair, 0);
  return { lon: pair[0], lat: pair[1], frame };
}

/**
 * Transforms arrays of positions between frames into `outLon`/`outLat` (which may alias the inputs). Shapes: all
 * arrays of the same length.
 */
export function transformArrays(
  lonDeg: ArrayLike<number>,
  latDeg: ArrayLike<number>,
  from: Frame,
  to: Frame,
  outLon: Float64Array = new Float64Array(lonDeg.length),
  outLat: Float64Array = new Float64Array(lonDeg.length),
): { lon: Float64Array; lat: Float64Array } {
  if (from === to) {
    for (let i = 0; i < lonDeg.length; i++) {
      outLon[i] = lonDeg[i];
      outLat[i] = latDeg[i];
    }
  } else rotateArrays(from === "icrs" ? ICRS_TO_GAL : GAL_TO_ICRS, lonDeg, latDeg, outLon, outLat);
  return { lon: outLon, lat: outLat };
}

/** ICRS -> Galactic for arrays (see {@link transformArrays}). */
export function icrsToGalactic(
  raDeg: ArrayLike<number>,
  decDeg: ArrayLike<number>,
  outL?: Float64Array,
  outB?: Float64Array,
): { lon: Float64Array; lat: Float64Array } {
  return transformArrays(raDeg, decDeg, "icrs", "galactic", outL, outB);
}

/** Galactic -> ICRS for arrays (see {@link transformArrays}). */
export function galacticToIcrs(
  lDeg: ArrayLike<number>,
  bDeg: ArrayLike<number>,
  outRa?: Float64Array,
  outDec?: Float64Array,
): { lon: Float64Array; lat: Float64Array } {
  return transformArrays(lDeg, bDeg, "galactic", "icrs", outRa, outDec);
}

/**
 * ICRS -> FK5 of equinox J`equinoxJyear` (Julian epoch, TT; default 2000): the frame bias, then IAU 2006 precession
 * from J2000 as astropy (`precession_matrix_Capitaine`).
 */
function icrsToFk5Matrix(equinoxJyear: number): Mat3 {
  if (!Number.isFinite(equinoxJyear)) throw new ArgumentError(`invalid equinox ${equinoxJyear}`, "equinox");
  if (equinoxJyear === 2000) return ICRS_TO_FK5_J2000;
  const t = (equinoxJyear - 2000) / 100;
  // Precession without bias (ERFA bp06's rp): (bias + precession at t) x (bias at J2000)^T.
  const [g0, p0, s0, e0] = precessionAngles06(0);
  const rp = matMul(biasPrecessionMatrix06(t), transpose(fukushimaWilliamsMatrix(g0, p0, s0, e0)));
  return matMul(rp, ICRS_TO_FK5_J2000);
}

/** ICRS -> FK5 (equinox J2000 unless given as a Julian epoch) for arrays; outputs may alias inputs. */
export function icrsToFk5(
  raDeg: ArrayLike<number>,
  decDeg: ArrayLike<number>,
  equinoxJyear = 2000,
  outRa: Float64Array = new Float64Array(raDeg.length),
  outDec: Float64Array = new Float64Array(raDeg.length),
): { ra: Float64Array; dec: Float64Array } {
  rotateArrays(icrsToFk5Matrix(equinoxJyear), raDeg, decDeg, outRa, outDec);
  return { ra: outRa, dec: outDec };
}

/** FK5 (equinox J2000 unless given as a Julian epoch) -> ICRS for arrays; outputs may alias inputs. */
export function fk5ToIcrs(
  raDeg: ArrayLike<number>,
  decDeg: ArrayLike<number>,
  equinoxJyear = 2000,
  outRa: Float64Array = new Float64Array(raDeg.length),
  outDec: Float64Array = new Float64Array(raDeg.length),
): { ra: Float64Array; dec: Float64Array } {
  rotateArrays(transpose(icrsToFk5Matrix(equinoxJyear)), raDeg, decDeg, outRa, outDec);
  return { ra: outRa, dec: outDec };
}

// ---------------------------------------------------------------------------------------------------------------
// Spherical geometry

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

/** Separations in degrees between many positions and one center (same frame). Shape: `out.length === n`. */
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

/** Separation in degrees between two coordinates (the second is transformed to the frame of the first). */
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

/** Position angles in degrees of many positions as seen from one center (same frame). Shape: `out.length === n`. */
export function positionAnglesDeg(
  lonDeg: ArrayLike<number>,
  latDeg: ArrayLike<number>,
  centerLonDeg: number,
  centerLatDeg: number,
  out: Float64Array = new Float64Array(lonDeg.length),
): Float64Array {
  for (let i = 0; i < lonDeg.length; i++) out[i] = positionAngleDeg(centerLonDeg, centerLatDeg, lonDeg[i], latDeg[i]);
  return out;
}

/** Position angle in degrees of `b` as seen from `a` (`b` transformed to the frame of `a`), as astropy. */
export function positionAngle(a: SkyCoord, b: SkyCoord): number {
  const bb = transformTo(b, a.frame);
  return positionAngleDeg(a.lon, a.lat, bb.lon, bb.lat);
}

/**
 * The point at separation `sepDeg` and position angle `paDeg` from a start point, as astropy's
 * `directional_offset_by`: [lon in [0, 360), lat].
 */
export function offsetByDeg(lonDeg: number, latDeg: number, paDeg: number, sepDeg: number): [number, number] {
  const lat = latDeg * RAD_PER_DEG;
  const pa = paDeg * RAD_PER_DEG;
  const sep = sepDeg * RAD_PER_DEG;
  const slat = Math.sin(lat);
  const clat = Math.cos(lat);
  const ssep = Math.sin(sep);
  const csep = Math.cos(sep);
  const slat2 = slat * csep + clat * ssep * Math.cos(pa);
  const lat2 = Math.asin(Math.max(-1, Math.min(1, slat2)));
  // At a pole the longitude is taken as given (astropy: A = 90 deg + sin(lat) (90 deg - pa)).
  const dlon =
    clat < 1e-12
      ? Math.PI / 2 + slat * (Math.PI / 2 - pa)
      : Math.atan2(Math.sin(pa) * ssep * clat, csep - slat * slat2);
  return [wrapDeg(lonDeg + dlon * DEG_PER_RAD), lat2 * DEG_PER_RAD];
}

/** The coordinate at position angle `paDeg` and separation `sepDeg` from `coord`, in its frame (astropy). */
export function directionalOffsetBy(coord: SkyCoord, paDeg: number, sepDeg: number): SkyCoord {
  const [lon, lat] = offsetByDeg(coord.lon, coord.lat, paDeg, sepDeg);
  return { lon, lat, frame: coord.frame };
}

// ---------------------------------------------------------------------------------------------------------------
// Field-of-view frame

/** Rotation taking sky directions to the offset frame of a pointing (astropy SkyOffsetFrame, rotation 0). */
function offsetMatrix(lonPntDeg: number, latPntDeg: number): Mat3 {
  return chain(rotY(-latPntDeg * RAD_PER_DEG), rotZ(lonPntDeg * RAD_PER_DEG));
}

/**
 * Sky -> field-of-view coordinates of a pointing, as Gammapy's `sky_to_fov`: longitude and latitude in the offset
 * frame centred on the pointing (astropy's `SkyOffsetFrame`, longitude wrapped to [-180, 180)), with the longitude's
 * sign flipped (`fovLon = -lon`, Gammapy's FoV convention, so fovLon lies in (-180, 180]). The sky positions and the
 * pointing must be in the same frame (RA/Dec, or az/alt for AltAz-aligned FoV). Shapes: all arrays of length n.
 */
export function skyToFov(
  lonDeg: ArrayLike<number>,
  latDeg: ArrayLike<number>,
  lonPntDeg: number,
  latPntDeg: number,
  outLon: Float64Array = new Float64Array(lonDeg.length),
  outLat: Float64Array = new Float64Array(lonDeg.length),
): { fovLon: Float64Array; fovLat: Float64Array } {
  rotateArrays(offsetMatrix(lonPntDeg, latPntDeg), lonDeg, latDeg, outLon, outLat);
  for (let i = 0; i < outLon.length; i++) {
    const l = outLon[i] >= 180 ? outLon[i] - 360 : outLon[i];
    outLon[i] = l === 0 ? 0 : -l;
  }
  return { fovLon: outLon, fovLat: outLat };
}

/**
 * Field-of-view -> sky coordinates of a pointing, as Gammapy's `fov_to_sky` (the inverse of {@link skyToFov});
 * longitudes in [0, 360). Shapes: all arrays of length n.
 */
export function fovToSky(
  fovLonDeg: ArrayLike<number>,
  fovLatDeg: ArrayLike<number>,
  lonPntDeg: number,
  latPntDeg: number,
  outLon: Float64Array = new Float64Array(fovLonDeg.length),
  outLat: Float64Array = new Float64Array(fovLonDeg.length),
): { lon: Float64Array; lat: Float64Array } {
  if (fovLonDeg.length !== fovLatDeg.length) throw new ArgumentError("lon and lat arrays differ in length", "lat");
  const m = transpose(offsetMatrix(lonPntDeg, latPntDeg));
  const tmp = new Float64Array(2);
  for (let i = 0; i < fovLonDeg.length; i++) {
    rotateDirection(m, -fovLonDeg[i], fovLatDeg[i], tmp, 0);
    outLon[i] = tmp[0];
    outLat[i] = tmp[1];
  }
  return { lon: outLon, lat: outLat };
}

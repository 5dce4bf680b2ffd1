/**
 * Earth orientation and motion for the ICRS <-> AltAz chain, following the IAU 2006/2000 models that astropy uses
 * through ERFA: IAU 2006 precession (Fukushima-Williams angles, as ERFA `pfw06`/`obl06`), IAU 2000B nutation
 * (McCarthy & Luzum 2003; astropy uses 2000A, the difference is below 1 mas in 1995-2050) with the IAU 2006
 * adjustments, the CIP X,Y and CIO locator s (IAU 2006 series, largest terms: < 0.01 mas), the Earth rotation angle
 * (IAU 2000), WGS84 geodetic -> geocentric, and an approximate barycentric Earth ephemeris (Keplerian orbits of the
 * Earth-Moon barycentre, Jupiter and Saturn plus a short lunar theory; velocity within ~3 m/s of ERFA `epv00`, i.e.
 * below 2 mas of aberration). Internal to the coords layer. Time arguments `t` are Julian centuries of TT since J2000.
 */
import { RAD_PER_ARCSEC, RAD_PER_DEG } from "./angles.js";
import { chain, type Mat3, rotX, rotY, rotZ } from "./matrix.js";

const TWO_PI = 2 * Math.PI;
/** Arcseconds in a full turn. */
const TURN_AS = 1296000;

/** Fukushima-Williams precession angles (IAU 2006) and the mean obliquity, radians: [gammaBar, phiBar, psiBar, epsA]. */
export function precessionAngles06(t: number): [number, number, number, number] {
  const gamb = -0.052928 + (10.556378 + (0.4932044 + (-0.00031238 + (-0.000002788 + 0.000000026 * t) * t) * t) * t) * t;
  const phib =
    84381.412819 + (-46.811016 + (0.0511268 + (0.00053289 + (-0.00000044 + -0.0000000176 * t) * t) * t) * t) * t;
  const psib =
    -0.041775 + (5038.481484 + (1.5584175 + (-0.00018522 + (-0.000026452 + -0.0000000148 * t) * t) * t) * t) * t;
  return [gamb * RAD_PER_ARCSEC, phib * RAD_PER_ARCSEC, psib * RAD_PER_ARCSEC, meanObliquity06(t)];
}

/** Mean obliquity of the ecliptic (IAU 2006), radians. */
export function meanObliquity06(t: number): number {
  return (
    (84381.406 + (-46.836769 + (-0.0001831 + (0.0020034 + (-0.000000576 + -0.0000000434 * t) * t) * t) * t) * t) *
    RAD_PER_ARCSEC
  );
}

/** Rotation matrix from Fukushima-Williams angles: `Rx(-eps) Rz(-psi) Rx(phib) Rz(gamb)`. */
export function fukushimaWilliamsMatrix(gamb: number, phib: number, psi: number, eps: number): Mat3 {
  return chain(rotX(-eps), rotZ(-psi), rotX(phib), rotZ(gamb));
}

/** Frame bias and precession matrix (GCRS -> mean equator and equinox of date), IAU 2006. */
export function biasPrecessionMatrix06(t: number): Mat3 {
  const [g, p, s, e] = precessionAngles06(t);
  return fukushimaWilliamsMatrix(g, p, s, e);
}

/**
 * IAU 2000B luni-solar nutation series (McCarthy & Luzum 2003, 77 terms). Each row: multipliers of the Delaunay
 * arguments l, l', F, D, Omega; longitude sin, t*sin, cos; obliquity cos, t*cos, sin coefficients (0.1 microarcsec).
 */
// biome-ignore format: a table
const NUT00B: readonly number[] = [
  0, 0, 0, 0, 1, -172064161, -174666, 33386, 92052331, 9086, 15377,
  0, 0, 2, -2, 2, -13170906, -1675, -13696, 5730336, -3015, -4587,
  0, 0, 2, 0, 2, -2276413, -234, 2796, 978459, -485, 1374,
  0, 0, 0, 0, 2, 2074554, 207, -698, -897492, 470, -291,
  0, 1, 0, 0, 0, 1475877, -3633, 11817, 73871, -184, -1924,
  0, 1, 2, -2, 2, -516821, 1226, -524, 224386, -677, -174,
  1, 0, 0, 0, 0, 711159, 73, -872, -6750, 0, 358,
  0, 0, 2, 0, 1, -387298, -367, 380, 200728, 18, 318,
  1, 0, 2, 0, 2, -301461, -36, 816, 129025, -63, 367,
  0, -1, 2, -2, 2, 215829, -494, 111, -95929, 299, 132,
  0, 0, 2, -2, 1, 128227, 137, 181, -68982, -9, 39,
  -1, 0, 2, 0, 2, 123457, 11, 19, -53311, 32, -4,
  -1, 0, 0, 2, 0, 156994, 10, -168, -1235, 0, 82,
  1, 0, 0, 0, 1, 63110, 63, 27, -33228, 0, -9,
  -1, 0, 0, 0, 1, -57976, -63, -189, 31429, 0, -75,
  -1, 0, 2, 2, 2, -59641, -11, 149, 25543, -11, 66,
  1, 0, 2, 0, 1, -51613, -42, 129, 26366, 0, 78,
  -2, 0, 2, 0, 1, 45893, 50, 31, -24236, -10, 20,
  0, 0, 0, 2, 0, 63384, 11, -150, -1220, 0, 29,
  0, 0, 2, 2, 2, -38571, -1, 158, 16452, -11, 68,
  0, -2, 2, -2, 2, 32481, 0, 0, -13870, 0, 0,
  -2, 0, 0, 2, 0, -47722, 0, -18, 477, 0, -25,
  2, 0, 2, 0, 2, -31046, -1, 131, 13238, -11, 59,
  1, 0, 2, -2, 2, 28593, 0, -1, -12338, 10, -3,
  -1, 0, 2, 0, 1, 20441, 21, 10, -10758, 0, -3,
  2, 0, 0, 0, 0, 29243, 0, -74, -609, 0, 13,
  0, 0, 2, 0, 0, 25887, 0, -66, -550, 0, 11,
  0, 1, 0, 0, 1, -14053, -25, 79, 8551, -2, -45,
  -1, 0, 0, 2, 1, 15164, 10, 11, -8001, 0, -1,
  0, 2, 2, -2, 2, -15794, 72, -16, 6850, -42, -5,
  0, 0, -2, 2, 0, 21783, 0, 13, -167, 0, 13,
  1, 0, 0, -2, 1, -12873, -10, -37, 6953, 0, -14,
  0, -1, 0, 0, 1, -12654, 11, 63, 6415, 0, 26,
  -1, 0, 2, 2, 1, -10204, 0, 25, 5222, 0, 15,
  0, 2, 0, 0, 0, 16707, -85, -10, 168, -1, 10,
  1, 0, 2, 2, 2, -7691, 0, 44, 3268, 0, 19,
  -2, 0, 2, 0, 0, -11024, 0, -14, 104, 0, 2,
  0, 1, 2, 0, 2, 7566, -21, -11, -3250, 0, -5,
  0, 0, 2, 2, 1, -6637, -11, 25, 3353, 0, 14,
  0, -1, 2, 0, 2, -7141, 21, 8, 3070, 0, 4,
  0, 0, 0, 2, 1, -6302, -11, 2, 3272, 0, 4,
  1, 0, 2, -2, 1, 5800, 10, 2, -3045, 0, -1,
  2, 0, 2, -2, 2, 6443, 0, -7, -2768, 0, -4,
  -2, 0, 0, 2, 1, -5774, -11, -15, 3041, 0, -5,
  2, 0, 2, 0, 1, -5350, 0, 21, 2695, 0, 12,
  0, -1, 2, -2, 1, -4752, -11, -3, 2719, 0, -3,
  0, 0, 0, -2, 1, -4940, -11, -21, 2720, 0, -9,
  -1, -1, 0, 2, 0, 7350, 0, -8, -51, 0, 4,
  2, 0, 0, -2, 1, 4065, 0, 6, -2206, 0, 1,
  1, 0, 0, 2, 0, 6579, 0, -24, -199, 0, 2,
  0, 1, 2, -2, 1, 3579, 0, 5, -1900, 0, 1,
  1, -1, 0, 0, 0, 4725, 0, -6, -41, 0, 3,
  -2, 0, 2, 0, 2, -3075, 0, -2, 1313, 0, -1,
  3, 0, 2, 0, 2, -2904, 0, 15, 1233, 0, 7,
  0, -1, 0, 2, 0, 4348, 0, -10, -81, 0, 2,
  1, -1, 2, 0, 2, -2878, 0, 8, 1232, 0, 4,
  0, 0, 0, 1, 0, -4230, 0, 5, -20, 0, -2,
  -1, -1, 2, 2, 2, -2819, 0, 7, 1207, 0, 3,
  -1, 0, 2, 0, 0, -4056, 0, 5, 40, 0, -2,
  0, -1, 2, 2, 2, -2647, 0, 11, 1129, 0, 5,
  -2, 0, 0, 0, 1, -2294, 0, -10, 1266, 0, -4,
  1, 1, 2, 0, 2, 2481, 0, -7, -1062, 0, -3,
  2, 0, 0, 0, 1, 2179, 0, -2, -1129, 0, -2,
  -1, 1, 0, 1, 0, 3276, 0, 1, -9, 0, 0,
  1, 1, 0, 0, 0, -3389, 0, 5, 35, 0, -2,
  1, 0, 2, 0, 0, 3339, 0, -13, -107, 0, 1,
  -1, 0, 2, -2, 1, -1987, 0, -6, 1073, 0, -2,
  1, 0, 0, 0, 2, -1981, 0, 0, 854, 0, 0,
  -1, 0, 0, 1, 0, 4026, 0, -353, -553, 0, -139,
  0, 0, 2, 1, 2, 1660, 0, -5, -710, 0, -2,
  -1, 0, 2, 4, 2, -1521, 0, 9, 647, 0, 4,
  -1, 1, 0, 1, 1, 1314, 0, 0, -700, 0, 0,
  0, -2, 2, -2, 1, -1283, 0, 0, 672, 0, 0,
  1, 0, 2, 2, 1, -1331, 0, 8, 663, 0, 4,
  -2, 0, 2, 2, 2, 1383, 0, -2, -594, 0, -2,
  -1, 0, 0, 0, 2, 1405, 0, 4, -610, 0, 2,
  1, 1, 2, -2, 2, 1290, 0, 0, -556, 0, 0,
];

/** Delaunay arguments l, l', F, D, Omega (radians), linear in t (as IAU 2000B). */
function delaunay(t: number): [number, number, number, number, number] {
  const arg = (a0: number, a1: number) => ((a0 + a1 * t) % TURN_AS) * RAD_PER_ARCSEC;
  return [
    arg(485868.249036, 1717915923.2178),
    arg(1287104.79305, 129596581.0481),
    arg(335779.526232, 1739527262.8478),
    arg(1072260.70369, 1602961601.209),
    arg(450160.398036, -6962890.5431),
  ];
}

/**
 * Nutation in longitude and obliquity (radians), IAU 2000B with its fixed planetary offsets, scaled by the IAU 2006
 * adjustments as ERFA `nut06a` scales 2000A.
 */
export function nutation(t: number): [number, number] {
  const [el, elp, f, d, om] = delaunay(t);
  let dp = 0;
  let de = 0;
  for (let i = NUT00B.length - 11; i >= 0; i -= 11) {
    const arg = NUT00B[i] * el + NUT00B[i + 1] * elp + NUT00B[i + 2] * f + NUT00B[i + 3] * d + NUT00B[i + 4] * om;
    const s = Math.sin(arg);
    const c = Math.cos(arg);
    dp += (NUT00B[i + 5] + NUT00B[i + 6] * t) * s + NUT00B[i + 7] * c;
    de += (NUT00B[i + 8] + NUT00B[i + 9] * t) * c + NUT00B[i + 10] * s;
  }
  const u = RAD_PER_ARCSEC / 1e7;
  const dpsi = dp * u - 0.135e-3 * RAD_PER_ARCSEC;
  const deps = de * u + 0.388e-3 * RAD_PER_ARCSEC;
  const fj2 = -2.7774e-6 * t;
  return [dpsi * (1 + 0.4697e-6 + fj2), deps * (1 + fj2)];
}

/** Bias-precession-nutation matrix (GCRS -> true equator and equinox of date). */
export function npbMatrix(t: number): Mat3 {
  const [g, p, s, e] = precessionAngles06(t);
  const [dpsi, deps] = nutation(t);
  return fukushimaWilliamsMatrix(g, p, s + dpsi, e + deps);
}

/**
 * CIO locator s (radians) given the CIP X, Y, IAU 2006: the polynomial and the largest periodic terms of s + XY/2
 * (the omitted terms are below 0.01 mas before 2050).
 */
export function cioLocator(t: number, x: number, y: number): number {
  const [, , f, d, om] = delaunay(t);
  const a = 2 * f - 2 * d;
  const uas =
    94 +
    (3808.65 + (-122.68 + -72574.11 * t) * t) * t -
    2640.73 * Math.sin(om) -
    63.53 * Math.sin(2 * om) -
    11.75 * Math.sin(a + 3 * om) -
    11.21 * Math.sin(a + om) +
    4.57 * Math.sin(a + 2 * om) +
    t * t * (743.52 * Math.sin(om) + 56.91 * Math.sin(a + 2 * om) + 9.84 * Math.sin(2 * f + 2 * om));
  return uas * 1e-6 * RAD_PER_ARCSEC - (x * y) / 2;
}

/** GCRS -> CIRS matrix from the CIP X, Y and the CIO locator s (as ERFA `c2ixys`). */
export function celestialToIntermediate(x: number, y: number, s: number): Mat3 {
  const r2 = x * x + y * y;
  const e = r2 > 0 ? Math.atan2(y, x) : 0;
  const d = Math.atan(Math.sqrt(r2 / (1 - r2)));
  return chain(rotZ(-(e + s)), rotY(d), rotZ(e));
}

/** TIO locator s' (radians), IAU 2000. */
export function tioLocator(t: number): number {
  return -47e-6 * t * RAD_PER_ARCSEC;
}

/**
 * Earth rotation angle (IAU 2000), radians in [0, 2pi), of UT1 given as an integer MJD day and UT1 seconds from that
 * day's 0h (the seconds may exceed a day).
 */
export function earthRotationAngle(ut1Day: number, ut1Seconds: number): number {
  const dayFrac = ut1Seconds / 86400;
  const t = ut1Day - 51544.5 + dayFrac;
  // JD = MJD + 2400000.5, so the fraction of the Julian day is that of (0.5 + dayFrac).
  let turns = (0.5 + dayFrac + 0.779057273264 + 0.00273781191135448 * t) % 1;
  if (turns < 0) turns += 1;
  return turns * TWO_PI;
}

/** WGS84 geodetic (east longitude, latitude in radians; height in metres) -> geocentric (ITRS) x, y, z in metres. */
export function geodeticToGeocentric(lonRad: number, latRad: number, heightM: number): [number, number, number] {
  const a = 6378137;
  const f = 1 / 298.257223563;
  const sp = Math.sin(latRad);
  const cp = Math.cos(latRad);
  const w = (1 - f) * (1 - f);
  const ac = a / Math.sqrt(cp * cp + w * sp * sp);
  const as = w * ac;
  const r = (ac + heightM) * cp;
  return [r * Math.cos(lonRad), r * Math.sin(lonRad), (as + heightM) * sp];
}

/** WGS84 geocentric x, y, z in metres -> geodetic [east longitude, latitude (radians), height (m)]. */
export function geocentricToGeodetic(x: number, y: number, z: number): [number, number, number] {
  const a = 6378137;
  const f = 1 / 298.257223563;
  const e2 = f * (2 - f);
  const p = Math.hypot(x, y);
  const lon = Math.atan2(y, x);
  // Fixed-point iteration on the latitude (converges to 1e-15 rad in a few steps for terrestrial points).
  let lat = Math.atan2(z, p * (1 - e2));
  let h = 0;
  for (let i = 0; i < 10; i++) {
    const sp = Math.sin(lat);
    const n = a / Math.sqrt(1 - e2 * sp * sp);
    h = p / Math.cos(lat) - n;
    const next = Math.atan2(z, p * (1 - (e2 * n) / (n + h)));
    if (Math.abs(next - lat) < 1e-15) {
      lat = next;
      break;
    }
    lat = next;
  }
  const sp = Math.sin(lat);
  const n = a / Math.sqrt(1 - e2 * sp * sp);
  h = Math.abs(lat) < Math.PI / 4 ? p / Math.cos(lat) - n : z / sp - n * (1 - e2);
  return [lon, lat, h];
}

// ---------------------------------------------------------------------------------------------------------------
// Approximate barycentric Earth ephemeris

/**
 * Keplerian elements (J2000 ecliptic and equinox) with rates per Julian century, from Standish's "Approximate
 * positions of the planets" (1800-2050): a (au), e, I, L, long. of perihelion, long. of node (deg).
 */
// biome-ignore format: a table
const KEPLER: Readonly<Record<"emb" | "jupiter" | "saturn", readonly number[]>> = {
  emb: [1.00000261, 0.00000562, 0.01671123, -0.00004392, -0.00001531, -0.01294668, 100.46457166, 35999.37244981,
    102.93768193, 0.32327364, 0, 0],
  jupiter: [5.202887, -0.00011607, 0.04838624, -0.00013253, 1.30439695, -0.00183714, 34.39644051, 3034.74612775,
    14.72847983, 0.21252668, 100.47390909, 0.20469106],
  saturn: [9.53667594, -0.0012506, 0.05386179, -0.00050991, 2.48599187, 0.00193609, 49.95424423, 1222.49362201,
    92.59887831, -0.41897216, 113.66242448, -0.28867794],
};
/** Mass ratios to the Sun of Jupiter and Saturn (with satellites), and Moon / (Earth + Moon). */
const MU_JUPITER = 1 / 1047.348644;
const MU_SATURN = 1 / 3497.9018;
const MOON_FRACTION = 1 / (1 + 81.30056907);
const AU_KM = 149597870.7;

/** Heliocentric ecliptic J2000 position (au) of a body from its Keplerian elements; adds `scale` times it to `out`. */
function keplerPosition(el: readonly number[], t: number, scale: number, out: number[]): void {
  const a = el[0] + el[1] * t;
  const e = el[2] + el[3] * t;
  const inc = (el[4] + el[5] * t) * RAD_PER_DEG;
  const lon = el[6] + el[7] * t;
  const peri = el[8] + el[9] * t;
  const node = (el[10] + el[11] * t) * RAD_PER_DEG;
  const m = (((lon - peri) % 360) + 360) % 360;
  const mRad = m * RAD_PER_DEG;
  let ecc = mRad + e * Math.sin(mRad);
  for (let i = 0; i < 6; i++) ecc -= (ecc - e * Math.sin(ecc) - mRad) / (1 - e * Math.cos(ecc));
  const xp = a * (Math.cos(ecc) - e);
  const yp = a * Math.sqrt(1 - e * e) * Math.sin(ecc);
  const w = peri * RAD_PER_DEG - node;
  const cw = Math.cos(w);
  const sw = Math.sin(w);
  const cn = Math.cos(node);
  const sn = Math.sin(node);
  const ci = Math.cos(inc);
  const si = Math.sin(inc);
  out[0] += scale * ((cw * cn - sw * sn * ci) * xp + (-sw * cn - cw * sn * ci) * yp);
  out[1] += scale * ((cw * sn + sw * cn * ci) * xp + (-sw * sn + cw * cn * ci) * yp);
  out[2] += scale * (sw * si * xp + cw * si * yp);
}

/** Geocentric Moon (ecliptic J2000, au) from the main terms of a lunar theory; adds `scale` times it to `out`. */
function moonPosition(t: number, scale: number, out: number[]): void {
  const lp = (218.3164477 + 481267.88123421 * t) * RAD_PER_DEG;
  const mp = (134.9633964 + 477198.8675055 * t) * RAD_PER_DEG;
  const ms = (357.5291092 + 35999.0502909 * t) * RAD_PER_DEG;
  const d = (297.8501921 + 445267.1114034 * t) * RAD_PER_DEG;
  const f = (93.272095 + 483202.0175233 * t) * RAD_PER_DEG;
  const lon =
    lp +
    (6.289 * Math.sin(mp) +
      1.274 * Math.sin(2 * d - mp) +
      0.658 * Math.sin(2 * d) +
      0.214 * Math.sin(2 * mp) -
      0.186 * Math.sin(ms) -
      0.114 * Math.sin(2 * f) -
      (5028.796195 / 3600) * t) *
      RAD_PER_DEG;
  const lat = (5.128 * Math.sin(f) + 0.281 * Math.sin(mp + f) + 0.278 * Math.sin(mp - f)) * RAD_PER_DEG;
  const r =
    (385000.56 -
      20905.355 * Math.cos(mp) -
      3699.111 * Math.cos(2 * d - mp) -
      2955.968 * Math.cos(2 * d) -
      569.925 * Math.cos(2 * mp)) /
    AU_KM;
  out[0] += scale * r * Math.cos(lat) * Math.cos(lon);
  out[1] += scale * r * Math.cos(lat) * Math.sin(lon);
  out[2] += scale * r * Math.sin(lat);
}

/** Earth's barycentric and heliocentric positions (ecliptic J2000, au) at t. */
function earthPositions(t: number, bary: number[], helio: number[]): void {
  helio[0] = helio[1] = helio[2] = 0;
  keplerPosition(KEPLER.emb, t, 1, helio);
  moonPosition(t, -MOON_FRACTION, helio);
  const norm = 1 + MU_JUPITER + MU_SATURN;
  bary[0] = helio[0];
  bary[1] = helio[1];
  bary[2] = helio[2];
  keplerPosition(KEPLER.jupiter, t, -MU_JUPITER / norm, bary);
  keplerPosition(KEPLER.saturn, t, -MU_SATURN / norm, bary);
}

/** Ecliptic J2000 -> equatorial (ICRS axes, frame bias neglected), in place on a 3-vector at offset k. */
function eclipticToEquatorial(v: number[] | Float64Array, k = 0): void {
  const eps = 84381.406 * RAD_PER_ARCSEC;
  const c = Math.cos(eps);
  const s = Math.sin(eps);
  const y = v[k + 1];
  const z = v[k + 2];
  v[k + 1] = c * y - s * z;
  v[k + 2] = s * y + c * z;
}

/** Position and velocity of the Earth for aberration and light deflection (ICRS axes). */
export interface EarthState {
  /** Barycentric velocity, au/day. */
  readonly velocityAuPerDay: Float64Array;
  /** Heliocentric position, au. */
  readonly helioAu: Float64Array;
}

/** Approximate barycentric velocity and heliocentric position of the Earth at t (Julian centuries TT since J2000). */
export function earthState(t: number): EarthState {
  const h = 0.05 / 36525; // central difference over +-0.05 day
  const b1 = [0, 0, 0];
  const b2 = [0, 0, 0];
  const helio = [0, 0, 0];
  earthPositions(t + h, b1, helio);
  earthPositions(t - h, b2, helio);
  const v = Float64Array.of((b1[0] - b2[0]) / 0.1, (b1[1] - b2[1]) / 0.1, (b1[2] - b2[2]) / 0.1);
  earthPositions(t, b1, helio);
  const hp = Float64Array.from(helio);
  eclipticToEquatorial(v);
  eclipticToEquatorial(hp);
  return { velocityAuPerDay: v, helioAu: hp };
}

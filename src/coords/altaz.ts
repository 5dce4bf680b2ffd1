/**
 * Horizontal coordinates: altitude and azimuth of an ICRS direction at a time and an observatory location, without
 * refraction (astropy's AltAz with pressure = 0). Uses IAU 1976 precession, the principal terms of the IAU 1980
 * nutation, annual aberration, and Greenwich apparent sidereal time from UT1 = UTC + `dut1S`.
 * Accuracy against astropy: about an arcsecond when astropy's UT1 - UTC is passed in; with `dut1S = 0` the error grows
 * to |dUT1| x 15"/s x cos(dec) (up to ~13").
 */
import { DEG_PER_RAD, RAD_PER_DEG, wrapDeg } from "./angles.js";
import type { Time } from "./time.js";

/** Geodetic location of an observatory (WGS84 longitude east, latitude, in degrees). */
export interface Location {
  readonly lonDeg: number;
  readonly latDeg: number;
}

const ARCSEC = RAD_PER_DEG / 3600;
const DAY = 86400;

/** Julian centuries of TT since J2000.0. */
function centuriesTT(time: Time): number {
  return time.ttSeconds / DAY / 36525;
}

/** Mean obliquity of the ecliptic (IAU 1980), radians. */
function meanObliquity(t: number): number {
  return (84381.448 - 46.815 * t - 0.00059 * t * t + 0.001813 * t * t * t) * ARCSEC;
}

/** Nutation in longitude and obliquity (principal IAU 1980 terms), radians. */
function nutation(t: number): [number, number] {
  const omega = (125.04452 - 1934.136261 * t) * RAD_PER_DEG;
  const l = (280.4665 + 36000.7698 * t) * RAD_PER_DEG; // mean longitude of the Sun
  const lp = (218.3165 + 481267.8813 * t) * RAD_PER_DEG; // mean longitude of the Moon
  const dpsi =
    (-17.2 * Math.sin(omega) - 1.32 * Math.sin(2 * l) - 0.23 * Math.sin(2 * lp) + 0.21 * Math.sin(2 * omega)) * ARCSEC;
  const deps =
    (9.2 * Math.cos(omega) + 0.57 * Math.cos(2 * l) + 0.1 * Math.cos(2 * lp) - 0.09 * Math.cos(2 * omega)) * ARCSEC;
  return [dpsi, deps];
}

/** Applies IAU 1976 precession from J2000 to the epoch (unit vector in place). */
function precess(v: number[], t: number): void {
  const zeta = (2306.2181 * t + 0.30188 * t * t + 0.017998 * t * t * t) * ARCSEC;
  const z = (2306.2181 * t + 1.09468 * t * t + 0.018203 * t * t * t) * ARCSEC;
  const theta = (2004.3109 * t - 0.42665 * t * t - 0.041833 * t * t * t) * ARCSEC;
  const cz = Math.cos(zeta);
  const sz = Math.sin(zeta);
  const cZ = Math.cos(z);
  const sZ = Math.sin(z);
  const ct = Math.cos(theta);
  const st = Math.sin(theta);
  const [x, y, w] = v;
  v[0] = (cZ * ct * cz - sZ * sz) * x + (-cZ * ct * sz - sZ * cz) * y + -cZ * st * w;
  v[1] = (sZ * ct * cz + cZ * sz) * x + (-sZ * ct * sz + cZ * cz) * y + -sZ * st * w;
  v[2] = st * cz * x + -st * sz * y + ct * w;
}

/** Rotates a mean-equator vector to the true equator (nutation), in place. */
function nutate(v: number[], eps: number, dpsi: number, deps: number): void {
  const epsT = eps + deps;
  const [x, y, z] = v;
  // R1(-epsT) R3(-dpsi) R1(eps)
  const ce = Math.cos(eps);
  const se = Math.sin(eps);
  const y1 = ce * y + se * z;
  const z1 = -se * y + ce * z;
  const cp = Math.cos(dpsi);
  const sp = Math.sin(dpsi);
  const x2 = cp * x - sp * y1;
  const y2 = sp * x + cp * y1;
  const ct = Math.cos(epsT);
  const st = Math.sin(epsT);
  v[0] = x2;
  v[1] = ct * y2 - st * z1;
  v[2] = st * y2 + ct * z1;
}

/** Adds annual aberration (Earth's orbital velocity, low-precision Sun theory) to a unit vector, renormalised. */
function aberrate(v: number[], t: number, eps: number): void {
  const d = t * 36525;
  const g = (357.529 + 0.98560028 * d) * RAD_PER_DEG;
  const q = (280.459 + 0.98564736 * d) * RAD_PER_DEG;
  const lambda = q + (1.915 * Math.sin(g) + 0.02 * Math.sin(2 * g)) * RAD_PER_DEG; // Sun's ecliptic longitude
  const k = 20.49552 * ARCSEC; // aberration constant
  // Earth velocity / c in equatorial coordinates: perpendicular to the Sun direction in the ecliptic
  const vx = k * Math.sin(lambda);
  const vy = -k * Math.cos(lambda) * Math.cos(eps);
  const vz = -k * Math.cos(lambda) * Math.sin(eps);
  v[0] += vx;
  v[1] += vy;
  v[2] += vz;
  const n = Math.hypot(v[0], v[1], v[2]);
  v[0] /= n;
  v[1] /= n;
  v[2] /= n;
}

/** Greenwich mean sidereal time (IAU 1982), radians, from UT1 expressed as days since J2000.0. */
function gmst(ut1Days: number): number {
  const t = ut1Days / 36525;
  const sec = 67310.54841 + (876600 * 3600 + 8640184.812866) * t + 0.093104 * t * t - 6.2e-6 * t * t * t;
  return wrapDeg((sec / 240) % 360) * RAD_PER_DEG;
}

/**
 * Altitude and azimuth (deg; azimuth from north through east) of ICRS directions at one time and location, written
 * into the output arrays. `dut1S` is UT1 - UTC in seconds (astropy takes it from IERS tables; default 0).
 */
export function icrsToAltAz(
  raDeg: ArrayLike<number>,
  decDeg: ArrayLike<number>,
  time: Time,
  location: Location,
  dut1S = 0,
  outAlt: Float64Array = new Float64Array(raDeg.length),
  outAz: Float64Array = new Float64Array(raDeg.length),
): { altDeg: Float64Array; azDeg: Float64Array } {
  const t = centuriesTT(time);
  const eps = meanObliquity(t);
  const [dpsi, deps] = nutation(t);
  const { day, seconds } = time.utcDaySeconds();
  const ut1Days = day - 51544.5 + (seconds + dut1S) / DAY;
  const gast = gmst(ut1Days) + dpsi * Math.cos(eps + deps);
  const lst = gast + location.lonDeg * RAD_PER_DEG;
  const phi = location.latDeg * RAD_PER_DEG;
  const sphi = Math.sin(phi);
  const cphi = Math.cos(phi);
  const v = [0, 0, 0];
  for (let i = 0; i < raDeg.length; i++) {
    const a = raDeg[i] * RAD_PER_DEG;
    const d = decDeg[i] * RAD_PER_DEG;
    v[0] = Math.cos(d) * Math.cos(a);
    v[1] = Math.cos(d) * Math.sin(a);
    v[2] = Math.sin(d);
    aberrate(v, t, eps);
    precess(v, t);
    nutate(v, eps, dpsi, deps);
    const raApp = Math.atan2(v[1], v[0]);
    const decApp = Math.atan2(v[2], Math.hypot(v[0], v[1]));
    const h = lst - raApp;
    const sd = Math.sin(decApp);
    const cd = Math.cos(decApp);
    const ch = Math.cos(h);
    const alt = Math.asin(sphi * sd + cphi * cd * ch);
    const az = Math.atan2(-cd * Math.sin(h), cphi * sd - sphi * cd * ch);
    outAlt[i] = alt * DEG_PER_RAD;
    outAz[i] = wrapDeg(az * DEG_PER_RAD);
  }
  return { altDeg: outAlt, azDeg: outAz };
}

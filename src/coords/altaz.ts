/**
 * Horizontal coordinates: ICRS <-> AltAz at a time and an observatory location, as astropy 5.2's `AltAz` frame with
 * `pressure = 0` (no refraction) for directions without distance. The chain is astropy's (ERFA `apco`, astropy's
 * `atciqz`/`aticq`, ERFA `atioq`/`atoiq`): light deflection by the Sun, aberration from the observer's barycentric
 * velocity (annual + diurnal, relativistic), the IAU 2006/2000 bias-precession-nutation to CIRS (2000B nutation
 * here, 2000A in astropy: < 1 mas apart), the Earth rotation angle from UT1, polar motion, and the geodetic (WGS84)
 * vertical. UT1 - UTC and the polar motion come by default from an embedded copy of astropy's offline IERS-B table
 * (see `eop.ts`); the Earth's velocity from an approximate ephemeris (< 2 mas of aberration).
 * Measured against astropy: see test/coords (tens of mas; the budget is dominated by the sampling of the EOP table).
 * Azimuth is measured from north through east, in [0, 360); altitude in [-90, 90]; degrees throughout.
 */
import { ArgumentError } from "../util/errors.js";
import type { WarningSink } from "../util/warnings.js";
import { DEG_PER_RAD, RAD_PER_ARCSEC, RAD_PER_DEG } from "./angles.js";
import {
  celestialToIntermediate,
  cioLocator,
  earthRotationAngle,
  earthState,
  geodeticToGeocentric,
  npbMatrix,
  tioLocator,
} from "./earth.js";
import { builtinEarthOrientation, type EarthOrientation } from "./eop.js";
import type { EarthLocation } from "./location.js";
import { chain, type Mat3, rotX, rotY, rotZ } from "./matrix.js";
import { metToTime, type Time, type TimeRef } from "./time.js";

/** Options of the AltAz transformations. */
export interface AltAzOptions {
  /**
   * Earth orientation: `"builtin"` (default; astropy 5.2's offline IERS-B values, see `builtinEarthOrientation`),
   * fixed values, or a function of time (e.g. to supply current IERS-A predictions).
   */
  readonly eop?: "builtin" | EarthOrientation | ((time: Time) => EarthOrientation);
  /** Receives `EOP_OUT_OF_RANGE` when the built-in table does not cover a time. */
  readonly warn?: WarningSink;
}

/** Per-element times given as mission elapsed times of a time reference. */
export interface MetTimes {
  readonly ref: TimeRef;
  /** Elapsed times in the reference's unit; one per direction. */
  readonly met: ArrayLike<number>;
}

/** Schwarzschild radius of the Sun, au. */
const SRS = 1.97412574336e-8;
/** Astronomical unit, m. */
const AU_M = 149597870700;
/** Light time for 1 au, s. */
const AU_LIGHT_S = AU_M / 299792458;
/** Earth rotation rate, rad/s. */
const EARTH_OMEGA = (1.0027378119113546 * 2 * Math.PI) / 86400;
/** Slowly varying parts (precession-nutation, Earth velocity, EOP) are reused within this many seconds. */
const REUSE_S = 1;

/** The parts of the astrometry context that change slowly with time. */
interface SlowContext {
  readonly ttSeconds: number;
  /** GCRS -> CIRS. */
  readonly bpn: Mat3;
  /** Earth barycentric velocity (au/day) and heliocentric position (au). */
  readonly earthV: Float64Array;
  readonly earthH: Float64Array;
  /** UT1 - TT in seconds (continuous across leap seconds). */
  readonly ut1MinusTtS: number;
  /** Polar-motion matrix (ERFA `pom00`: ITRS -> TIRS is its transpose). */
  readonly pom: Mat3;
  readonly xpRad: number;
  readonly ypRad: number;
  readonly spRad: number;
}

/** The astrometry context of one instant and location: everything the per-direction loop needs. */
interface Context {
  /** GCRS proper direction -> observed Cartesian (x south... as ERFA: az = atan2(y, -x), zd from z). */
  readonly m: Mat3;
  /** Observer barycentric velocity / c. */
  readonly v: Float64Array;
  readonly bm1: number;
  /** Heliocentric unit vector of the observer and its distance (au). */
  readonly eh: Float64Array;
  readonly em: number;
}

function orientation(time: Time, options: AltAzOptions): EarthOrientation {
  const eop = options.eop ?? "builtin";
  if (eop === "builtin") return builtinEarthOrientation(time, options.warn);
  if (typeof eop === "function") return eop(time);
  return eop;
}

function slowContext(time: Time, options: AltAzOptions): SlowContext {
  const ttSeconds = time.ttSeconds;
  const t = ttSeconds / (86400 * 36525);
  const npb = npbMatrix(t);
  const x = npb[6];
  const y = npb[7];
  const bpn = celestialToIntermediate(x, y, cioLocator(t, x, y));
  const { velocityAuPerDay, helioAu } = earthState(t);
  const eo = orientation(time, options);
  const { day, seconds } = time.utcDaySeconds();
  // UT1 - TT = (UTC + dut1) - TT, from the UTC day/seconds of this instant.
  const ut1MinusTtS = (day - time.ttDay) * 86400 + seconds + eo.dut1S - time.ttSecondOfDay;
  const xp = eo.xpArcsec * RAD_PER_ARCSEC;
  const yp = eo.ypArcsec * RAD_PER_ARCSEC;
  const sp = tioLocator(t);
  return {
    ttSeconds,
    bpn,
    earthV: velocityAuPerDay,
    earthH: helioAu,
    ut1MinusTtS,
    pom: chain(rotX(-yp), rotY(-xp), rotZ(sp)),
    xpRad: xp,
    ypRad: yp,
    spRad: sp,
  };
}

/** Location-dependent constants. */
interface Site {
  readonly elong: number;
  readonly sphi: number;
  readonly cphi: number;
  /** Geocentric ITRS position, m. */
  readonly itrs: [number, number, number];
}

function siteOf(location: EarthLocation): Site {
  const elong = location.lonDeg * RAD_PER_DEG;
  const phi = location.latDeg * RAD_PER_DEG;
  return {
    elong,
    sphi: Math.sin(phi),
    cphi: Math.cos(phi),
    itrs: geodeticToGeocentric(elong, phi, location.heightM),
  };
}

function context(slow: SlowContext, time: Time, site: Site): Context {
  const theta = earthRotationAngle(time.ttDay, time.ttSecondOfDay + slow.ut1MinusTtS);
  // CIRS -> apparent local (-HA, Dec) rotation, split as ERFA apco does into eral (local ERA) and the polar motion
  // with respect to the local meridian.
  const r = chain(rotZ(site.elong), rotX(-slow.ypRad), rotY(-slow.xpRad), rotZ(theta + slow.spRad));
  const eral = r[0] !== 0 || r[1] !== 0 ? Math.atan2(r[1], r[0]) : 0;
  const xpl = Math.atan2(r[2], Math.hypot(r[0], r[1]));
  const ypl = r[5] !== 0 || r[8] !== 0 ? -Math.atan2(r[5], r[8]) : 0;
  const sx = Math.sin(xpl);
  const cx = Math.cos(xpl);
  const sy = Math.sin(ypl);
  const cy = Math.cos(ypl);
  const polar = Float64Array.of(cx, 0, sx, sx * sy, cy, -cx * sy, -sx * cy, sy, cx * cy);
  const { sphi, cphi } = site;
  const azel = Float64Array.of(sphi, 0, -cphi, 0, 1, 0, cphi, 0, sphi);
  const m = chain(azel, polar, rotZ(eral), slow.bpn);

  // Observer's geocentric position and velocity (CIRS), then GCRS (ERFA pvtob + trxpv).
  const [X, Y, Z] = site.itrs;
  const pm = slow.pom;
  const x = pm[0] * X + pm[3] * Y + pm[6] * Z;
  const y = pm[1] * X + pm[4] * Y + pm[7] * Z;
  const z = pm[2] * X + pm[5] * Y + pm[8] * Z;
  const s = Math.sin(theta);
  const c = Math.cos(theta);
  const pc = [c * x - s * y, s * x + c * y, z];
  const vc = [EARTH_OMEGA * (-s * x - c * y), EARTH_OMEGA * (c * x - s * y), 0];
  const b = slow.bpn;
  const v = new Float64Array(3);
  const eh = new Float64Array(3);
  let v2 = 0;
  for (let i = 0; i < 3; i++) {
    const p = b[i] * pc[0] + b[3 + i] * pc[1] + b[6 + i] * pc[2];
    const w = b[i] * vc[0] + b[3 + i] * vc[1] + b[6 + i] * vc[2];
    eh[i] = slow.earthH[i] + p / AU_M;
    // au/day -> units of c: multiply by (light time of 1 au) / (seconds per day)
    v[i] = (slow.earthV[i] + (w / AU_M) * 86400) * (AU_LIGHT_S / 86400);
    v2 += v[i] * v[i];
  }
  const em = Math.hypot(eh[0], eh[1], eh[2]);
  for (let i = 0; i < 3; i++) eh[i] /= em;
  return { m, v, bm1: Math.sqrt(1 - v2), eh, em };
}

/** Light deflection by the Sun for a distant source (ERFA `ld` with q = p, bm = 1, dlim = 1e-6), in place. */
function deflect(p: Float64Array, ctx: Context, out: Float64Array): void {
  const e = ctx.eh;
  const qdqpe = p[0] * (p[0] + e[0]) + p[1] * (p[1] + e[1]) + p[2] * (p[2] + e[2]);
  const w = SRS / ctx.em / Math.max(qdqpe, 1e-6);
  // p x (e x p)
  const eqx = e[1] * p[2] - e[2] * p[1];
  const eqy = e[2] * p[0] - e[0] * p[2];
  const eqz = e[0] * p[1] - e[1] * p[0];
  out[0] = p[0] + w * (p[1] * eqz - p[2] * eqy);
  out[1] = p[1] + w * (p[2] * eqx - p[0] * eqz);
  out[2] = p[2] + w * (p[0] * eqy - p[1] * eqx);
}

/** Stellar aberration (ERFA `ab`), unit vector in, unit vector out. */
function aberrate(p: Float64Array, ctx: Context, out: Float64Array): void {
  const v = ctx.v;
  const pdv = p[0] * v[0] + p[1] * v[1] + p[2] * v[2];
  const w1 = 1 + pdv / (1 + ctx.bm1);
  const w2 = SRS / ctx.em;
  let r2 = 0;
  for (let i = 0; i < 3; i++) {
    const w = p[i] * ctx.bm1 + w1 * v[i] + w2 * (v[i] - pdv * p[i]);
    out[i] = w;
    r2 += w * w;
  }
  const r = Math.sqrt(r2);
  out[0] /= r;
  out[1] /= r;
  out[2] /= r;
}

function normalize(p: Float64Array): void {
  const r = Math.hypot(p[0], p[1], p[2]);
  p[0] /= r;
  p[1] /= r;
  p[2] /= r;
}

/** Scratch vectors for the per-direction loops (no per-element allocation). */
const A = new Float64Array(3);
const B = new Float64Array(3);
const D = new Float64Array(3);
const C = new Float64Array(3);

/** ICRS direction (radians) -> altitude and azimuth (degrees) into out[k], out[k + 1]. */
function forward(ra: number, dec: number, ctx: Context, out: Float64Array, k: number): void {
  const cd = Math.cos(dec);
  A[0] = cd * Math.cos(ra);
  A[1] = cd * Math.sin(ra);
  A[2] = Math.sin(dec);
  deflect(A, ctx, B);
  aberrate(B, ctx, A);
  const m = ctx.m;
  const x = m[0] * A[0] + m[1] * A[1] + m[2] * A[2];
  const y = m[3] * A[0] + m[4] * A[1] + m[5] * A[2];
  const z = m[6] * A[0] + m[7] * A[1] + m[8] * A[2];
  let az = x !== 0 || y !== 0 ? Math.atan2(y, -x) : 0;
  if (az < 0) az += 2 * Math.PI;
  const zd = Math.atan2(Math.hypot(x, y), z);
  out[k] = 90 - zd * DEG_PER_RAD;
  out[k + 1] = az * DEG_PER_RAD;
  if (out[k + 1] >= 360) out[k + 1] -= 360;
}

/** Altitude, azimuth (radians) -> ICRS right ascension and declination (degrees) into out[k], out[k + 1]. */
function inverse(alt: number, az: number, ctx: Context, out: Float64Array, k: number): void {
  const zd = Math.PI / 2 - alt;
  const sz = Math.sin(zd);
  const x = -Math.cos(az) * sz;
  const y = Math.sin(az) * sz;
  const z = Math.cos(zd);
  const m = ctx.m;
  // GCRS proper direction
  A[0] = m[0] * x + m[3] * y + m[6] * z;
  A[1] = m[1] * x + m[4] * y + m[7] * z;
  A[2] = m[2] * x + m[5] * y + m[8] * z;
  // Undo aberration (2 iterations, as astropy's aticq), then light deflection (5 iterations).
  D[0] = D[1] = D[2] = 0;
  for (let j = 0; j < 2; j++) {
    for (let i = 0; i < 3; i++) B[i] = A[i] - D[i];
    normalize(B);
    aberrate(B, ctx, C);
    for (let i = 0; i < 3; i++) D[i] = C[i] - B[i];
  }
  for (let i = 0; i < 3; i++) A[i] -= D[i];
  normalize(A);
  D[0] = D[1] = D[2] = 0;
  for (let j = 0; j < 5; j++) {
    for (let i = 0; i < 3; i++) B[i] = A[i] - D[i];
    normalize(B);
    deflect(B, ctx, C);
    for (let i = 0; i < 3; i++) D[i] = C[i] - B[i];
  }
  for (let i = 0; i < 3; i++) A[i] -= D[i];
  normalize(A);
  let ra = Math.atan2(A[1], A[0]);
  if (ra < 0) ra += 2 * Math.PI;
  out[k] = ra * DEG_PER_RAD;
  if (out[k] >= 360) out[k] -= 360;
  out[k + 1] = Math.atan2(A[2], Math.hypot(A[0], A[1])) * DEG_PER_RAD;
}

/** Computes contexts for a sequence of times, reusing the slow parts within {@link REUSE_S}. */
class ContextCache {
  private slow: SlowContext | undefined;
  private last: { time: Time; ctx: Context } | undefined;
  private readonly site: Site;

  constructor(
    location: EarthLocation,
    private readonly options: AltAzOptions,
  ) {
    this.site = siteOf(location);
  }

  get(time: Time): Context {
    if (this.last && this.last.time.compare(time) === 0) return this.last.ctx;
    if (!this.slow || Math.abs(time.ttSeconds - this.slow.ttSeconds) > REUSE_S) {
      this.slow = slowContext(time, this.options);
    }
    const ctx = context(this.slow, time, this.site);
    this.last = { time, ctx };
    return ctx;
  }
}

const pair = new Float64Array(2);

function checkLengths(a: ArrayLike<number>, b: ArrayLike<number>, n = a.length): void {
  if (a.length !== b.length || a.length !== n) {
    throw new ArgumentError(`array lengths differ: ${a.length}, ${b.length}, ${n}`, "length");
  }
}

/**
 * Altitude and azimuth (deg; azimuth from north through east, in [0, 360)) of ICRS directions (deg) at one time and
 * location, as astropy's `AltAz(obstime, location, pressure=0)`. Shapes: all arrays of the same length n.
 */
export function icrsToAltAz(
  raDeg: ArrayLike<number>,
  decDeg: ArrayLike<number>,
  time: Time,
  location: EarthLocation,
  options: AltAzOptions = {},
  outAlt: Float64Array = new Float64Array(raDeg.length),
  outAz: Float64Array = new Float64Array(raDeg.length),
): { altDeg: Float64Array; azDeg: Float64Array } {
  checkLengths(raDeg, decDeg);
  const ctx = new ContextCache(location, options).get(time);
  for (let i = 0; i < raDeg.length; i++) {
    forward(raDeg[i] * RAD_PER_DEG, decDeg[i] * RAD_PER_DEG, ctx, pair, 0);
    outAlt[i] = pair[0];
    outAz[i] = pair[1];
  }
  return { altDeg: outAlt, azDeg: outAz };
}

/** ICRS right ascension and declination (deg) of horizontal directions (deg) at one time and location. */
export function altAzToIcrs(
  altDeg: ArrayLike<number>,
  azDeg: ArrayLike<number>,
  time: Time,
  location: EarthLocation,
  options: AltAzOptions = {},
  outRa: Float64Array = new Float64Array(altDeg.length),
  outDec: Float64Array = new Float64Array(altDeg.length),
): { raDeg: Float64Array; decDeg: Float64Array } {
  checkLengths(altDeg, azDeg);
  const ctx = new ContextCache(location, options).get(time);
  for (let i = 0; i < altDeg.length; i++) {
    inverse(altDeg[i] * RAD_PER_DEG, azDeg[i] * RAD_PER_DEG, ctx, pair, 0);
    outRa[i] = pair[0];
    outDec[i] = pair[1];
  }
  return { raDeg: outRa, decDeg: outDec };
}

function timeAt(times: MetTimes | readonly Time[], i: number): Time {
  return Array.isArray(times)
    ? (times as readonly Time[])[i]
    : metToTime((times as MetTimes).ref, (times as MetTimes).met[i]);
}

function timesLength(times: MetTimes | readonly Time[]): number {
  return Array.isArray(times) ? times.length : (times as MetTimes).met.length;
}

/**
 * Like {@link icrsToAltAz} with one time per direction (e.g. event times), given as `Time`s or as mission elapsed
 * times of a reference. Precession, nutation, the Earth's velocity and the EOP are recomputed when the time moves by
 * more than 1 s (the error from reusing them is below 0.01 mas); sorted times are cheapest.
 */
export function icrsToAltAzAtTimes(
  raDeg: ArrayLike<number>,
  decDeg: ArrayLike<number>,
  times: MetTimes | readonly Time[],
  location: EarthLocation,
  options: AltAzOptions = {},
  outAlt: Float64Array = new Float64Array(raDeg.length),
  outAz: Float64Array = new Float64Array(raDeg.length),
): { altDeg: Float64Array; azDeg: Float64Array } {
  checkLengths(raDeg, decDeg, timesLength(times));
  const cache = new ContextCache(location, options);
  for (let i = 0; i < raDeg.length; i++) {
    forward(raDeg[i] * RAD_PER_DEG, decDeg[i] * RAD_PER_DEG, cache.get(timeAt(times, i)), pair, 0);
    outAlt[i] = pair[0];
    outAz[i] = pair[1];
  }
  return { altDeg: outAlt, azDeg: outAz };
}

/** Like {@link altAzToIcrs} with one time per direction (see {@link icrsToAltAzAtTimes}). */
export function altAzToIcrsAtTimes(
  altDeg: ArrayLike<number>,
  azDeg: ArrayLike<number>,
  times: MetTimes | readonly Time[],
  location: EarthLocation,
  options: AltAzOptions = {},
  outRa: Float64Array = new Float64Array(altDeg.length),
  outDec: Float64Array = new Float64Array(altDeg.length),
): { raDeg: Float64Array; decDeg: Float64Array } {
  checkLengths(altDeg, azDeg, timesLength(times));
  const cache = new ContextCache(location, options);
  for (let i = 0; i < altDeg.length; i++) {
    inverse(altDeg[i] * RAD_PER_DEG, azDeg[i] * RAD_PER_DEG, cache.get(timeAt(times, i)), pair, 0);
    outRa[i] = pair[0];
    outDec[i] = pair[1];
  }
  return { raDeg: outRa, decDeg: outDec };
}

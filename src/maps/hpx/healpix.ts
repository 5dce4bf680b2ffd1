/**
 * HEALPix pixelisation (Gorski et al. 2005) in the RING and NESTED schemes: angles <-> pixels, scheme conversion,
 * the 8 neighbours, disc queries (pixel centres within a radius) and pixel sizes. Angles: theta (colatitude) and phi
 * (longitude) in radians, as healpy; `lonlatToPix`/`pixToLonLat` take degrees. Valid for nside up to 2^15
 * (pixel indices stay below 2^33, handled with plain arithmetic, not 32-bit operators, where they can exceed 2^31).
 */
import { ArgumentError } from "../../util/errors.js";

const TWOPI = 2 * Math.PI;
const HALFPI = Math.PI / 2;
const TWOTHIRD = 2 / 3;

/** Largest supported order (nside = 2^order). */
export const MAX_ORDER = 15;

/** Checks that nside is a power of two within the supported range; returns its order. */
export function nsideToOrder(nside: number): number {
  const order = Math.log2(nside);
  if (!Number.isInteger(order) || order < 0 || order > MAX_ORDER) {
    throw new ArgumentError(`invalid nside ${nside}`, "nside", `a power of 2 up to 2^${MAX_ORDER}`);
  }
  return order;
}

/** Number of pixels, 12 nside^2. */
export function nside2npix(nside: number): number {
  return 12 * nside * nside;
}

/** Pixel area in sr. */
export function nside2pixarea(nside: number): number {
  return (4 * Math.PI) / nside2npix(nside);
}

/** Approximate pixel size (square root of the area) in radians. */
export function nside2resol(nside: number): number {
  return Math.sqrt(nside2pixarea(nside));
}

/** Maximal angular distance between a pixel centre and its corners, radians (healpy `max_pixrad`). */
export function maxPixrad(nside: number): number {
  const va = zphiToVec(2 / 3, Math.PI / (4 * nside));
  const t1 = 1 - 1 / nside;
  const t1sq = t1 * t1;
  const vb = zphiToVec(1 - t1sq / 3, 0);
  // angle between the vectors via atan2(|a x b|, a . b), accurate for small angles
  const cx = va[1] * vb[2] - va[2] * vb[1];
  const cy = va[2] * vb[0] - va[0] * vb[2];
  const cz = va[0] * vb[1] - va[1] * vb[0];
  return Math.atan2(Math.hypot(cx, cy, cz), va[0] * vb[0] + va[1] * vb[1] + va[2] * vb[2]);
}

function zphiToVec(z: number, phi: number): [number, number, number] {
  const s = Math.sqrt((1 - z) * (1 + z));
  return [s * Math.cos(phi), s * Math.sin(phi), z];
}

// Bit interleaving of x, y < 2^16 into a Morton code (NESTED index within a face), without 32-bit overflow.
function spread(v: number): number {
  let x = v & 0xffff;
  x = (x | (x << 8)) & 0x00ff00ff;
  x = (x | (x << 4)) & 0x0f0f0f0f;
  x = (x | (x << 2)) & 0x33333333;
  x = (x | (x << 1)) & 0x55555555;
  return x >>> 0;
}

function compress(v: number): number {
  let x = v & 0x55555555;
  x = (x | (x >>> 1)) & 0x33333333;
  x = (x | (x >>> 2)) & 0x0f0f0f0f;
  x = (x | (x >>> 4)) & 0x00ff00ff;
  x = (x | (x >>> 8)) & 0x0000ffff;
  return x;
}

function xyf2nest(nside: number, x: number, y: number, f: number): number {
  return f * nside * nside + spread(x) + 2 * spread(y);
}

function nest2xyf(nside: number, pix: number): [number, number, number] {
  const npface = nside * nside;
  const f = Math.floor(pix / npface);
  const p = pix - f * npface;
  // p < 2^30 for nside <= 2^15: split into low/high halves for the >>> operators
  const lo = p % 0x40000000;
  return [compress(lo), compress(Math.floor(lo / 2)), f];
}

const JRLL = [2, 2, 2, 2, 3, 3, 3, 3, 4, 4, 4, 4];
const JPLL = [1, 3, 5, 7, 0, 2, 4, 6, 1, 3, 5, 7];

function xyf2ring(nside: number, x: number, y: number, f: number): number {
  const nl4 = 4 * nside;
  const jr = JRLL[f] * nside - x - y - 1;
  const ncap = 2 * nside * (nside - 1);
  const npix = nside2npix(nside);
  let nr: number;
  let kshift: number;
  let n_before: number;
  if (jr < nside) {
    nr = jr;
    n_before = 2 * nr * (nr - 1);
    kshift = 0;
  } else if (jr > 3 * nside) {
    nr = nl4 - jr;
    n_before = npix - 2 * (nr + 1) * nr;
    kshift = 0;
  } else {
    nr = nside;
    n_before = ncap + (jr - nside) * nl4;
    kshift = (jr - nside) & 1;
  }
  let jp = (JPLL[f] * nr + x - y + 1 + kshift) / 2;
  if (jp > nl4) jp -= nl4;
  else if (jp < 1) jp += nl4;
  return n_before + jp - 1;
}

function ring2xyf(nside: number, pix: number): [number, number, number] {
  const ncap = 2 * nside * (nside - 1);
  const npix = nside2npix(nside);
  const nl2 = 2 * nside;
  let iring: number;
  let iphi: number;
  let kshift: number;
  let nr: number;
  let face: number;
  if (pix < ncap) {
    iring = Math.floor(0.5 * (1 + Math.sqrt(1 + 2 * pix)));
    iphi = pix + 1 - 2 * iring * (iring - 1);
    kshift = 0;
    nr = iring;
    face = Math.floor((iphi - 1) / nr);
  } else if (pix < npix - ncap) {
    const ip = pix - ncap;
    const tmp = Math.floor(ip / (4 * nside));
    iring = tmp + nside;
    iphi = ip - tmp * 4 * nside + 1;
    kshift = (iring + nside) & 1;
    nr = nside;
    const ire = iring - nside + 1;
    const irm = nl2 + 2 - ire;
    const ifm = Math.floor((iphi - Math.floor(ire / 2) + nside - 1) / nside);
    const ifp = Math.floor((iphi - Math.floor(irm / 2) + nside - 1) / nside);
    face = ifp === ifm ? ifp | 4 : ifp < ifm ? ifp : ifm + 8;
  } else {
    const ip = npix - pix;
    iring = Math.floor(0.5 * (1 + Math.sqrt(2 * ip - 1)));
    iphi = 4 * iring + 1 - (ip - 2 * iring * (iring - 1));
    kshift = 0;
    nr = iring;
    iring = 2 * nl2 - iring;
    face = 8 + Math.floor((iphi - 1) / nr);
  }
  const irt = iring - JRLL[face] * nside + 1;
  let ipt = 2 * iphi - JPLL[face] * nr - kshift - 1;
  if (ipt >= nl2) ipt -= 8 * nside;
  return [(ipt - irt) >> 1, -(ipt + irt) >> 1, face];
}

/** NESTED -> RING index. */
export function nest2ring(nside: number, pix: number): number {
  const [x, y, f] = nest2xyf(nside, pix);
  return xyf2ring(nside, x, y, f);
}

/** RING -> NESTED index. */
export function ring2nest(nside: number, pix: number): number {
  const [x, y, f] = ring2xyf(nside, pix);
  return xyf2nest(nside, x, y, f);
}

/** Pixel containing (z = cos theta, phi), as (x, y, face). */
function zphi2xyf(nside: number, z: number, phi: number): [number, number, number] {
  const za = Math.abs(z);
  let tt = (phi % TWOPI) * (2 / Math.PI);
  if (tt < 0) tt += 4;
  if (za <= TWOTHIRD) {
    const temp1 = nside * (0.5 + tt);
    const temp2 = nside * (z * 0.75);
    const jp = Math.floor(temp1 - temp2);
    const jm = Math.floor(temp1 + temp2);
    const ifp = Math.floor(jp / nside);
    const ifm = Math.floor(jm / nside);
    const face = ifp === ifm ? ifp | 4 : ifp < ifm ? ifp : ifm + 8;
    return [jm & (nside - 1), nside - (jp & (nside - 1)) - 1, face];
  }
  const ntt = Math.min(3, Math.floor(tt));
  const tp = tt - ntt;
  const tmp = nside * Math.sqrt(3 * (1 - za));
  let jp = Math.floor(tp * tmp);
  let jm = Math.floor((1 - tp) * tmp);
  jp = Math.min(jp, nside - 1);
  jm = Math.min(jm, nside - 1);
  return z >= 0 ? [nside - jm - 1, nside - jp - 1, ntt] : [jp, jm, ntt + 8];
}

/** Pixel index of (theta, phi) in radians. */
export function ang2pix(nside: number, theta: number, phi: number, nest = false): number {
  if (!(theta >= 0 && theta <= Math.PI)) throw new ArgumentError(`theta ${theta} outside [0, pi]`, "theta");
  const [x, y, f] = zphi2xyf(nside, Math.cos(theta), phi);
  return nest ? xyf2nest(nside, x, y, f) : xyf2ring(nside, x, y, f);
}

/** Centre (z = cos theta, phi) of a pixel given by (x, y, face). */
function xyf2zphi(nside: number, x: number, y: number, f: number): [number, number] {
  const nl4 = 4 * nside;
  const jr = JRLL[f] * nside - x - y - 1;
  let nr: number;
  let z: number;
  let kshift: number;
  if (jr < nside) {
    nr = jr;
    z = 1 - (nr * nr) / (3 * nside * nside);
    kshift = 0;
  } else if (jr > 3 * nside) {
    nr = nl4 - jr;
    z = (nr * nr) / (3 * nside * nside) - 1;
    kshift = 0;
  } else {
    nr = nside;
    z = ((2 * nside - jr) * 2) / (3 * nside);
    kshift = (jr - nside) & 1;
  }
  let jp = (JPLL[f] * nr + x - y + 1 + kshift) / 2;
  if (jp > nl4) jp -= nl4;
  if (jp < 1) jp += nl4;
  return [z, (jp - (kshift + 1) * 0.5) * (HALFPI / nr)];
}

/** Centre (theta, phi) in radians of a pixel. */
export function pix2ang(nside: number, pix: number, nest = false): [number, number] {
  const [x, y, f] = nest ? nest2xyf(nside, pix) : ring2xyf(nside, pix);
  const [z, phi] = xyf2zphi(nside, x, y, f);
  return [Math.acos(z), phi];
}

/** Pixel indices of (lon, lat) in degrees (vectorised). */
export function lonlatToPix(
  nside: number,
  lonDeg: ArrayLike<number>,
  latDeg: ArrayLike<number>,
  nest = false,
  out = new Float64Array(lonDeg.length),
): Float64Array {
  for (let i = 0; i < lonDeg.length; i++) {
    const [x, y, f] = zphi2xyf(nside, Math.sin((latDeg[i] * Math.PI) / 180), (lonDeg[i] * Math.PI) / 180);
    out[i] = nest ? xyf2nest(nside, x, y, f) : xyf2ring(nside, x, y, f);
  }
  return out;
}

/** Pixel centres (lon, lat) in degrees (vectorised); longitudes in [0, 360). */
export function pixToLonLat(
  nside: number,
  pix: ArrayLike<number>,
  nest = false,
): { lon: Float64Array; lat: Float64Array } {
  const lon = new Float64Array(pix.length);
  const lat = new Float64Array(pix.length);
  for (let i = 0; i < pix.length; i++) {
    const [x, y, f] = nest ? nest2xyf(nside, pix[i]) : ring2xyf(nside, pix[i]);
    const [z, phi] = xyf2zphi(nside, x, y, f);
    lon[i] = (phi * 180) / Math.PI;
    lat[i] = (Math.asin(z) * 180) / Math.PI;
  }
  return { lon, lat };
}

const NB_XOFFSET = [-1, -1, 0, 1, 1, 1, 0, -1];
const NB_YOFFSET = [0, 1, 1, 1, 0, -1, -1, -1];
const NB_FACEARRAY = [
  [8, 9, 10, 11, -1, -1, -1, -1, 10, 11, 8, 9], // S
  [5, 6, 7, 4, 8, 9, 10, 11, 9, 10, 11, 8], // SE
  [-1, -1, -1, -1, 5, 6, 7, 4, -1, -1, -1, -1], // E
  [4, 5, 6, 7, 11, 8, 9, 10, 11, 8, 9, 10], // SW
  [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11], // centre
  [1, 2, 3, 0, 0, 1, 2, 3, 5, 6, 7, 4], // NE
  [-1, -1, -1, -1, 7, 4, 5, 6, -1, -1, -1, -1], // W
  [3, 0, 1, 2, 3, 0, 1, 2, 4, 5, 6, 7], // NW
  [2, 3, 0, 1, -1, -1, -1, -1, 0, 1, 2, 3], // N
];
const NB_SWAPARRAY = [
  [0, 0, 3],
  [0, 0, 6],
  [0, 0, 0],
  [0, 0, 5],
  [0, 0, 0],
  [5, 0, 0],
  [0, 0, 0],
  [6, 0, 0],
  [3, 0, 0],
];

/**
 * The 8 neighbours of a pixel in healpy's order (SW, W, NW, N, NE, E, SE, S; the offsets below in (x = NE, y = NW)
 * face coordinates), -1 where there is none.
 */
export function getAllNeighbours(nside: number, pix: number, nest = false): number[] {
  const [ix, iy, face] = nest ? nest2xyf(nside, pix) : ring2xyf(nside, pix);
  const toPix = (x: number, y: number, f: number) => (nest ? xyf2nest(nside, x, y, f) : xyf2ring(nside, x, y, f));
  const out = new Array<number>(8);
  for (let i = 0; i < 8; i++) {
    let x = ix + NB_XOFFSET[i];
    let y = iy + NB_YOFFSET[i];
    let nbnum = 4;
    if (x < 0) {
      x += nside;
      nbnum -= 1;
    } else if (x >= nside) {
      x -= nside;
      nbnum += 1;
    }
    if (y < 0) {
      y += nside;
      nbnum -= 3;
    } else if (y >= nside) {
      y -= nside;
      nbnum += 3;
    }
    const f = NB_FACEARRAY[nbnum][face];
    if (f < 0) {
      out[i] = -1;
      continue;
    }
    const bits = NB_SWAPARRAY[nbnum][face >> 2];
    if (bits & 1) x = nside - x - 1;
    if (bits & 2) y = nside - y - 1;
    if (bits & 4) [x, y] = [y, x];
    out[i] = toPix(x, y, f);
  }
  return out;
}

/** Ring geometry: number of pixels, first pixel index, z of the ring, and whether its phi grid is shifted by half. */
function ringInfo(nside: number, ring: number): { n: number; start: number; z: number; shifted: boolean } {
  const npix = nside2npix(nside);
  if (ring < nside)
    return { n: 4 * ring, start: 2 * ring * (ring - 1), z: 1 - (ring * ring) / (3 * nside * nside), shifted: true };
  if (ring > 3 * nside) {
    const r = 4 * nside - ring;
    return { n: 4 * r, start: npix - 2 * r * (r + 1), z: (r * r) / (3 * nside * nside) - 1, shifted: true };
  }
  const ncap = 2 * nside * (nside - 1);
  return {
    n: 4 * nside,
    start: ncap + (ring - nside) * 4 * nside,
    z: 4 / 3 - (2 * ring) / (3 * nside),
    shifted: ((ring - nside) & 1) === 0,
  };
}

/**
 * Pixels whose centres lie within `radius` (radians) of (theta, phi), in increasing RING order (healpy `query_disc`
 * with `inclusive=False`); NESTED indices (sorted) with `nest`.
 */
export function queryDisc(nside: number, theta: number, phi: number, radius: number, nest = false): number[] {
  const cosr = Math.cos(radius);
  const z0 = Math.cos(theta);
  const s0 = Math.sin(theta);
  const out: number[] = [];
  const nRings = 4 * nside - 1;
  // rings whose colatitude is within [theta - r, theta + r]
  const zmax = Math.cos(Math.max(0, theta - radius));
  const zmin = Math.cos(Math.min(Math.PI, theta + radius));
  for (let ring = 1; ring <= nRings; ring++) {
    const info = ringInfo(nside, ring);
    if (info.z > zmax + 1e-12 || info.z < zmin - 1e-12) continue;
    const st = Math.sqrt((1 - info.z) * (1 + info.z));
    const dphiStep = TWOPI / info.n;
    const phi0 = info.shifted ? 0.5 * dphiStep : 0;
    const denom = st * s0;
    const c = denom > 0 ? (cosr - info.z * z0) / denom : info.z * z0 >= cosr ? -2 : 2;
    if (c > 1) continue;
    if (c <= -1) {
      for (let j = 0; j < info.n; j++) out.push(info.start + j);
      continue;
    }
    const dphi = Math.acos(c);
    // pixel j has centre phi0 + j * step; take j with |phi_j - phi| <= dphi (modulo 2 pi)
    const jlo = Math.ceil((phi - dphi - phi0) / dphiStep - 1e-10);
    const jhi = Math.floor((phi + dphi - phi0) / dphiStep + 1e-10);
    for (let j = jlo; j <= jhi; j++) {
      const jj = ((j % info.n) + info.n) % info.n;
      const pc = phi0 + jj * dphiStep;
      // exact test of the centre
      if (info.z * z0 + st * s0 * Math.cos(pc - phi) >= cosr) out.push(info.start + jj);
    }
  }
  const unique = [...new Set(out)];
  const pix = nest ? unique.map((p) => ring2nest(nside, p)) : unique;
  return pix.sort((a, b) => a - b);
}

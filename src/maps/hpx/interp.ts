/**
 * HEALPix bilinear interpolation: the 4 pixels around a direction and their weights (healpy's
 * `get_interp_weights`, HEALPix C++ `get_interpol`: two neighbouring pixels on the ring above and two on the ring
 * below, linear in longitude on each ring and in colatitude between the rings; near the poles the missing ring is
 * replaced by the 4 polar pixels with equal shares), and linear interpolation of HEALPix map data as Gammapy 1.0's
 * `HpxNDMap.interp_by_coord`.
 */
import type { Frame } from "../../coords/frames.js";
import { transformArrays } from "../../coords/frames.js";
import type { HpxGeom } from "../hpx-geom.js";
import type { MapData } from "../nd-map.js";
import { ang2pix, nside2npix, nsideToOrder, ring2nest } from "./healpix.js";

const TWOPI = 2 * Math.PI;
const D2R = Math.PI / 180;

/** HEALPix C++ `fmodulo`: v1 modulo v2 in [0, v2). */
function fmodulo(v1: number, v2: number): number {
  if (v1 >= 0) return v1 < v2 ? v1 : v1 % v2;
  const tmp = (v1 % v2) + v2;
  return tmp === v2 ? 0 : tmp;
}

/** Index of the ring just north of (or at) z = cos(theta), 0 above the first ring (HEALPix `ring_above`). */
function ringAbove(nside: number, z: number): number {
  const az = Math.abs(z);
  if (az <= 2 / 3) return Math.trunc(nside * (2 - 1.5 * z));
  const iring = Math.trunc(nside * Math.sqrt(3 * (1 - az)));
  return z > 0 ? iring : 4 * nside - iring - 1;
}

/** Ring geometry (HEALPix `get_ring_info2`): first pixel, pixel count, colatitude (rad), half-pixel shift. */
function ringInfo2(nside: number, ring: number, out: Float64Array): void {
  const npix = nside2npix(nside);
  const fact2 = 4 / npix;
  const fact1 = 2 * nside * fact2;
  const northring = ring > 2 * nside ? 4 * nside - ring : ring;
  let start: number;
  let n: number;
  let theta: number;
  let shifted: boolean;
  if (northring < nside) {
    const tmp = northring * northring * fact2;
    const costheta = 1 - tmp;
    const sintheta = Math.sqrt(tmp * (2 - tmp));
    theta = Math.atan2(sintheta, costheta);
    n = 4 * northring;
    shifted = true;
    start = 2 * northring * (northring - 1);
  } else {
    theta = Math.acos((2 * nside - northring) * fact1);
    n = 4 * nside;
    shifted = (northring - nside) % 2 === 0;
    start = 2 * nside * (nside - 1) + (northring - nside) * n;
  }
  if (northring !== ring) {
    theta = Math.PI - theta;
    start = npix - start - n;
  }
  out[0] = start;
  out[1] = n;
  out[2] = theta;
  out[3] = shifted ? 1 : 0;
}

/** The two pixels of a ring bracketing longitude `phi` and the weight of the second, into pix[k], pix[k+1]. */
function ringPair(info: Float64Array, phi: number, pix: Float64Array, wgt: Float64Array, k: number): void {
  const [start, n, , shift] = info;
  const dphi = TWOPI / n;
  const tmp = phi / dphi - 0.5 * shift;
  let i1 = tmp < 0 ? Math.trunc(tmp) - 1 : Math.trunc(tmp);
  const w1 = (phi - (i1 + 0.5 * shift) * dphi) / dphi;
  let i2 = i1 + 1;
  if (i1 < 0) i1 += n;
  if (i2 >= n) i2 -= n;
  pix[k] = start + i1;
  pix[k + 1] = start + i2;
  wgt[k] = 1 - w1;
  wgt[k + 1] = w1;
}

/**
 * Bilinear-interpolation pixels and weights of directions, exactly as healpy's `get_interp_weights(nside, theta, phi,
 * nest)`: `theta` colatitude and `phi` longitude in radians (normalised as HEALPix `pointing.normalize`, so any
 * finite values are accepted). Returns `pix` (global pixel indices in the requested ordering) and `weights`
 * (summing to 1), both of shape [4, n] in C order (`pix[k * n + i]` is pixel k of direction i), as healpy. Directions
 * with a non-finite angle give pixels -1 and weights NaN (healpy's answer to an invalid pointing).
 */
export function getInterpWeights(
  nside: number,
  theta: ArrayLike<number>,
  phi: ArrayLike<number>,
  nest = false,
): { pix: Float64Array; weights: Float64Array } {
  nsideToOrder(nside);
  const n = theta.length;
  const pix = new Float64Array(4 * n);
  const weights = new Float64Array(4 * n);
  const p = new Float64Array(4);
  const w = new Float64Array(4);
  const info = new Float64Array(4);
  const npix = nside2npix(nside);
  for (let i = 0; i < n; i++) {
    let th = fmodulo(theta[i], TWOPI);
    let ph = phi[i];
    if (th > Math.PI) {
      ph += Math.PI;
      th = TWOPI - th;
    }
    ph = fmodulo(ph, TWOPI);
    if (!(th >= 0 && th <= Math.PI) || !Number.isFinite(ph)) {
      for (let k = 0; k < 4; k++) {
        pix[k * n + i] = -1;
        weights[k * n + i] = Number.NaN;
      }
      continue;
    }
    const ir1 = ringAbove(nside, Math.cos(th));
    const ir2 = ir1 + 1;
    let theta1 = 0;
    let theta2 = 0;
    if (ir1 > 0) {
      ringInfo2(nside, ir1, info);
      theta1 = info[2];
      ringPair(info, ph, p, w, 0);
    }
    if (ir2 < 4 * nside) {
      ringInfo2(nside, ir2, info);
      theta2 = info[2];
      ringPair(info, ph, p, w, 2);
    }
    if (ir1 === 0) {
      const wtheta = th / theta2;
      w[2] *= wtheta;
      w[3] *= wtheta;
      const fac = (1 - wtheta) * 0.25;
      w[0] = fac;
      w[1] = fac;
      w[2] += fac;
      w[3] += fac;
      p[0] = (p[2] + 2) & 3;
      p[1] = (p[3] + 2) & 3;
    } else if (ir2 === 4 * nside) {
      const wtheta = (th - theta1) / (Math.PI - theta1);
      w[0] *= 1 - wtheta;
      w[1] *= 1 - wtheta;
      const fac = wtheta * 0.25;
      w[0] += fac;
      w[1] += fac;
      w[2] = fac;
      w[3] = fac;
      p[2] = ((p[0] + 2) & 3) + npix - 4;
      p[3] = ((p[1] + 2) & 3) + npix - 4;
    } else {
      const wtheta = (th - theta1) / (theta2 - theta1);
      w[0] *= 1 - wtheta;
      w[1] *= 1 - wtheta;
      w[2] *= wtheta;
      w[3] *= wtheta;
    }
    for (let k = 0; k < 4; k++) {
      pix[k * n + i] = nest ? ring2nest(nside, p[k]) : p[k];
      weights[k * n + i] = w[k];
    }
  }
  return { pix, weights };
}

/** Python-style index wrap (-1 is the last element), as numpy fancy indexing. */
function wrap(i: number, n: number): number {
  return i < 0 ? i + n : i;
}

/**
 * Linear interpolation of HEALPix map data at sky positions, as Gammapy 1.0's `HpxNDMap.interp_by_coord(...,
 * method="linear")`. `data` is laid out on `geom` ([axis N-1 ... axis 0, pixel], C order); `lonDeg`/`latDeg` in
 * degrees (in `frame`, default the geometry's); `axisCoords[k]` the coordinates (in the axis unit) on axis k.
 *
 * Spatially: healpy's 4-pixel bilinear weights. In a partial-sky geometry, neighbour pixels outside the map are
 * replaced by the pixel containing the position (or, when that is outside too, left invalid). Along each non-spatial
 * axis, Gammapy interpolates linearly in the axis coordinate (not in its log scale) between the centers of bins
 * `i` and `i + 1`, where `i` is the bin holding the coordinate clipped to [0, nbin - 2] (so positions beyond the
 * outer centers, and outside the axis, are extrapolated from the first or last two centers). Gammapy quirks kept: for
 * a map without non-spatial axes an invalid pixel reads the last pixel of the map (numpy index -1) with its weight;
 * with axes such terms get weight 0 and NaN terms are skipped (`nansum`). Returns one value per position.
 */
export function hpxInterpByCoord(
  geom: HpxGeom,
  data: MapData,
  lonDeg: ArrayLike<number>,
  latDeg: ArrayLike<number>,
  axisCoords: readonly ArrayLike<number>[] = [],
  frame: Frame = geom.frame,
): Float64Array {
  const t = frame === geom.frame ? { lon: lonDeg, lat: latDeg } : transformArrays(lonDeg, latDeg, frame, geom.frame);
  const n = t.lon.length;
  const theta = new Float64Array(n);
  const phi = new Float64Array(n);
  const invalid = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    theta[i] = Math.PI / 2 - t.lat[i] * D2R;
    phi[i] = t.lon[i] * D2R;
    if (!Number.isFinite(theta[i])) {
      theta[i] = 0;
      phi[i] = 0;
      invalid[i] = 1;
    }
  }
  const { pix, weights } = getInterpWeights(geom.nside, theta, phi, geom.nest);
  for (let i = 0; i < n; i++) {
    if (!invalid[i]) continue;
    for (let k = 0; k < 4; k++) {
      pix[k * n + i] = -1;
      weights[k * n + i] = 0;
    }
  }
  const local = Float64Array.from(geom.localIndex(pix));
  if (!geom.isAllsky) {
    // neighbours outside the partial sky: the pixel holding the position, if inside
    for (let i = 0; i < n; i++) {
      let outside = false;
      for (let k = 0; k < 4; k++) outside ||= local[k * n + i] < 0;
      if (!outside) continue;
      const centre =
        invalid[i] || !(theta[i] >= 0 && theta[i] <= Math.PI)
          ? -1
          : geom.localIndex([ang2pix(geom.nside, theta[i], phi[i], geom.nest)])[0];
      for (let k = 0; k < 4; k++) if (local[k * n + i] < 0) local[k * n + i] = centre;
    }
  }
  const npix = geom.npix;
  const out = new Float64Array(n);
  const axes = geom.axes.axes;
  if (axes.length === 0) {
    for (let i = 0; i < n; i++) {
      let s = 0;
      for (let k = 0; k < 4; k++) s += Number(data[wrap(local[k * n + i], npix)]) * weights[k * n + i];
      out[i] = s;
    }
    return out;
  }
  // per axis: lower center index (clipped bin), and the fractional position between centers idx and idx + 1
  const lo = axes.map((a, j) => {
    const idx = a.coordToIdx(axisCoords[j]);
    for (let i = 0; i < idx.length; i++) idx[i] = Math.min(Math.max(idx[i], 0), a.nbin - 2);
    return idx;
  });
  const frac = axes.map((a, j) => {
    const c = a.center;
    const f = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      const idx = lo[j][i];
      const c0 = c[wrap(idx, a.nbin)];
      f[i] = (axisCoords[j][i] - c0) / (c[wrap(idx + 1, a.nbin)] - c0);
    }
    return f;
  });
  const strides = [npix];
  for (let j = 1; j < axes.length; j++) strides.push(strides[j - 1] * axes[j - 1].nbin);
  for (let i = 0; i < n; i++) {
    let val = 0;
    for (let corner = 0; corner < 1 << axes.length; corner++) {
      let wt = 1;
      let offset = 0;
      for (let j = 0; j < axes.length; j++) {
        const upper = (corner >> j) & 1;
        wt *= upper ? frac[j][i] : 1 - frac[j][i];
        offset += wrap(lo[j][i] + upper, axes[j].nbin) * strides[j];
      }
      if (!Number.isFinite(wt)) wt = 0;
      for (let k = 0; k < 4; k++) {
        const lp = local[k * n + i];
        const w = lp < 0 ? 0 : weights[k * n + i];
        const term = w * wt * Number(data[wrap(lp, npix) + offset]);
        if (!Number.isNaN(term)) val += term;
      }
    }
    out[i] = val;
  }
  return out;
}

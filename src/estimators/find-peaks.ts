/**
 * Local peaks of a sky image above a threshold (Gammapy's `find_peaks`): a pixel is a peak when it equals the maximum
 * of the (2 minDistance + 1)^2 square around it (scipy's `maximum_filter`, outside the image counting as 0) and
 * exceeds the threshold. Non-finite pixels take the image minimum first; a constant image has no peak.
 */
import { transformArrays } from "../coords/frames.js";
import type { WcsNDMap } from "../maps/wcs-map.js";
import { ArgumentError } from "../util/errors.js";
import { numpyArgsort } from "../util/sort.js";

/** One peak: value, 0-based pixel coordinates and ICRS position (deg). */
export interface Peak {
  readonly value: number;
  readonly x: number;
  readonly y: number;
  readonly ra: number;
  readonly dec: number;
}

/** Options of `findPeaks`. */
export interface FindPeaksOptions {
  /** Detection threshold: one value, or one per image pixel (shape (ny, nx), C order). */
  readonly threshold: number | ArrayLike<number>;
  /** Minimum distance between peaks in pixels (default 1). */
  readonly minDistancePix?: number;
  /** Minimum distance in degrees, rounded to pixels with the mean pixel scale (overrides `minDistancePix`). */
  readonly minDistanceDeg?: number;
}

/** numpy's `round`: halves to even. */
function roundHalfEven(v: number): number {
  const f = Math.floor(v);
  const d = v - f;
  if (d === 0.5) return f % 2 === 0 ? f : f + 1;
  return Math.round(v);
}

/** Running maximum along rows (axis 1) or columns (axis 0) over a window of `2 r + 1`, 0 outside the image. */
function maxFilter1d(img: Float64Array, nx: number, ny: number, r: number, axis: 0 | 1): Float64Array {
  const out = new Float64Array(img.length);
  const [n, stride, lines, lineStride] = axis === 1 ? [nx, 1, ny, nx] : [ny, nx, nx, 1];
  for (let l = 0; l < lines; l++) {
    const base = l * lineStride;
    for (let i = 0; i < n; i++) {
      let m = i - r < 0 || i + r >= n ? 0 : Number.NEGATIVE_INFINITY;
      const lo = Math.max(0, i - r);
      const hi = Math.min(n - 1, i + r);
      for (let k = lo; k <= hi; k++) {
        const v = img[base + k * stride];
        if (v > m) m = v;
      }
      out[base + i * stride] = m;
    }
  }
  return out;
}

/**
 * Peaks of an image (a map with non-spatial axes is summed over them), sorted by decreasing value (equal values in
 * the order of numpy's argsort reversed, as Gammapy). Empty when no pixel exceeds the threshold.
 */
export function findPeaks(image: WcsNDMap, options: FindPeaksOptions): Peak[] {
  const geom = image.geom;
  const [nx, ny] = geom.npix;
  const npix = nx * ny;
  let minDistance = options.minDistancePix ?? 1;
  if (options.minDistanceDeg !== undefined) {
    const [sx, sy] = geom.pixelScales;
    minDistance = roundHalfEven((options.minDistanceDeg / sx + options.minDistanceDeg / sy) / 2);
  }
  if (!(Number.isInteger(minDistance) && minDistance >= 0))
    throw new ArgumentError(`minimum distance ${minDistance} pixels`, "minDistance", "a non-negative integer");
  const threshold = options.threshold;
  if (typeof threshold !== "number" && threshold.length !== npix)
    throw new ArgumentError(`threshold has ${threshold.length} values`, "threshold", `one value or ${npix}`);

  const data = new Float64Array(npix);
  for (let p = 0; p < image.data.length / npix; p++)
    for (let i = 0; i < npix; i++) data[i] += Number(image.data[p * npix + i]);
  let min = Number.POSITIVE_INFINITY;
  for (let i = 0; i < npix; i++) if (Number.isFinite(data[i]) && data[i] < min) min = data[i];
  let constant = true;
  for (let i = 0; i < npix; i++) {
    if (!Number.isFinite(data[i])) data[i] = min;
    if (data[i] !== data[0]) constant = false;
  }
  if (constant) return [];

  const dataMax = maxFilter1d(maxFilter1d(data, nx, ny, minDistance, 1), nx, ny, minDistance, 0);
  const found: number[] = [];
  for (let i = 0; i < npix; i++) {
    const t = typeof threshold === "number" ? threshold : threshold[i];
    if (data[i] === dataMax[i] && data[i] > t) found.push(i);
  }
  // numpy's argsort (ties in numpy's order), then reversed: astropy's Table.sort + reverse
  const order = numpyArgsort(found.map((i) => data[i])).reverse();
  found.splice(0, found.length, ...Array.from(order, (k) => found[k]));
  const xs = found.map((i) => i % nx);
  const ys = found.map((i) => Math.floor(i / nx));
  const w = geom.wcs.pixToWorld(xs, ys);
  const icrs = transformArrays(w.lon, w.lat, geom.frame, "icrs");
  return found.map((i, k) => ({ value: data[i], x: xs[k], y: ys[k], ra: icrs.lon[k], dec: icrs.lat[k] }));
}

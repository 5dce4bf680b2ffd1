/**
 * Smoothing of WCS map images as Gammapy 1.0 does it with scipy.ndimage: a separable Gaussian filter
 * (`gaussian_filter`, truncated at 4 sigma), a normalised top-hat disk kernel (astropy's `Tophat2DKernel`,
 * `ndimage.convolve`) and a box average (`uniform_filter`), all with scipy's default "reflect" boundary
 * (half-sample symmetric). Each image plane of a cube is smoothed separately.
 */
import { ArgumentError } from "../util/errors.js";
import { WcsNDMap } from "./wcs-map.js";

/** Smoothing kernels. */
export type SmoothKernel = "gauss" | "disk" | "box";

/** scipy's "reflect" boundary: index -1 -> 0, -2 -> 1, n -> n-1, n+1 -> n-2 ... */
function reflect(i: number, n: number): number {
  if (n === 1) return 0;
  const period = 2 * n;
  let k = ((i % period) + period) % period;
  if (k >= n) k = period - 1 - k;
  return k;
}

/** Correlates each row (axis = 1) or column (axis = 0) of an image with 1-D weights centred at `origin`. */
function correlate1d(
  img: Float64Array,
  nx: number,
  ny: number,
  weights: Float64Array,
  center: number,
  axis: 0 | 1,
): Float64Array {
  const out = new Float64Array(img.length);
  const w = weights.length;
  if (axis === 1) {
    for (let j = 0; j < ny; j++) {
      for (let i = 0; i < nx; i++) {
        let s = 0;
        for (let k = 0; k < w; k++) s += weights[k] * img[j * nx + reflect(i + k - center, nx)];
        out[j * nx + i] = s;
      }
    }
  } else {
    for (let j = 0; j < ny; j++) {
      for (let i = 0; i < nx; i++) {
        let s = 0;
        for (let k = 0; k < w; k++) s += weights[k] * img[reflect(j + k - center, ny) * nx + i];
        out[j * nx + i] = s;
      }
    }
  }
  return out;
}

/** scipy's Gaussian 1-D weights for sigma (pixels), truncated at 4 sigma. */
export function gaussianWeights(sigma: number): Float64Array {
  const radius = Math.floor(4 * sigma + 0.5);
  const w = new Float64Array(2 * radius + 1);
  let sum = 0;
  for (let x = -radius; x <= radius; x++) {
    w[x + radius] = Math.exp((-0.5 / (sigma * sigma)) * x * x);
    sum += w[x + radius];
  }
  for (let i = 0; i < w.length; i++) w[i] /= sum;
  return w;
}

/** astropy's `Tophat2DKernel(radius)` normalised to unit sum: square of odd size, 1 where x^2 + y^2 <= r^2. */
export function tophatKernel(radius: number): { size: number; data: Float64Array } {
  let size = Math.ceil(2 * radius);
  if (size % 2 === 0) size += 1;
  const h = (size - 1) / 2;
  const data = new Float64Array(size * size);
  let sum = 0;
  for (let j = 0; j < size; j++) {
    for (let i = 0; i < size; i++) {
      const inside = (i - h) ** 2 + (j - h) ** 2 <= radius * radius ? 1 : 0;
      data[j * size + i] = inside;
      sum += inside;
    }
  }
  if (sum === 0) throw new ArgumentError(`disk radius ${radius} pixels is too small`, "width");
  for (let i = 0; i < data.length; i++) data[i] /= sum;
  return { size, data };
}

/** Smooths one image (C order [ny][nx]) with a kernel of the given width in pixels. */
export function smoothImage(
  img: Float64Array,
  nx: number,
  ny: number,
  widthPix: number,
  kernel: SmoothKernel,
): Float64Array {
  if (kernel === "gauss") {
    const w = gaussianWeights(widthPix);
    const c = (w.length - 1) / 2;
    return correlate1d(correlate1d(img, nx, ny, w, c, 0), nx, ny, w, c, 1);
  }
  if (kernel === "box") {
    const size = Math.trunc(widthPix);
    if (size < 1) throw new ArgumentError("box width must be at least one pixel", "width");
    const w = new Float64Array(size).fill(1 / size);
    const c = Math.floor(size / 2);
    return correlate1d(correlate1d(img, nx, ny, w, c, 0), nx, ny, w, c, 1);
  }
  const { size, data } = tophatKernel(widthPix);
  const h = (size - 1) / 2;
  const out = new Float64Array(img.length);
  for (let j = 0; j < ny; j++) {
    for (let i = 0; i < nx; i++) {
      let s = 0;
      for (let b = 0; b < size; b++) {
        const row = reflect(j + b - h, ny) * nx;
        for (let a = 0; a < size; a++) s += data[b * size + a] * img[row + reflect(i + a - h, nx)];
      }
      out[j * nx + i] = s;
    }
  }
  return out;
}

/**
 * A smoothed copy of a WCS map (Gammapy's `WcsNDMap.smooth`): `widthDeg` is the Gaussian sigma, the disk radius or
 * the box width, converted to pixels with the mean pixel scale.
 */
export function smoothMap(map: WcsNDMap, widthDeg: number, kernel: SmoothKernel = "gauss"): WcsNDMap {
  const [sx, sy] = map.geom.pixelScales;
  const widthPix = widthDeg / ((sx + sy) / 2);
  const [nx, ny] = map.geom.npix;
  const n = nx * ny;
  const out = new Float64Array(map.data.length);
  const plane = new Float64Array(n);
  for (let p = 0; p < map.data.length / n; p++) {
    for (let i = 0; i < n; i++) plane[i] = Number(map.data[p * n + i]);
    out.set(smoothImage(plane, nx, ny, widthPix, kernel), p * n);
  }
  return new WcsNDMap(map.geom, out, map.unit, { ...map.meta });
}

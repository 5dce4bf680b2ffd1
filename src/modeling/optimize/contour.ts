/**
 * Two-parameter confidence contours (the role of Minuit's MNCONTOUR, as Gammapy's `Fit.stat_contour` uses it): the
 * curve in the plane of parameters (ix, iy) where the profile statistic, minimised over all other parameters, rises by
 * `errordef * sigma²` above the minimum.
 */
import { ArgumentError } from "../../util/errors.js";
import { checkAborted, checkStart } from "./core.js";
import { hesse } from "./hesse.js";
import { migrad } from "./migrad.js";
import type { MinimizeOptions, Objective } from "./types.js";

/** Result of `contour`: points (external units) in counter-clockwise order around the minimum. */
export interface ContourResult {
  readonly x: Float64Array;
  readonly y: Float64Array;
  /** False when a crossing was not found for some direction (its point is NaN). */
  readonly success: boolean;
  readonly nfev: number;
}

/**
 * Contour of parameters `ix` and `iy` around the minimum `x` (external units). Directions are spaced evenly in angle
 * in the frame where the HESSE covariance of (ix, iy) is the unit circle, starting along +ix, so that for a quadratic
 * statistic the points are the ellipse's; along each direction the crossing of `profile - fmin = errordef sigma²` is
 * found by bracketing and regula falsi (Illinois) on sqrt(profile - fmin), the other parameters re-fitted with
 * `migrad` (tolerance tol / 100) from the neighbouring point's optimum.
 * @throws GammatsError `CANCELLED` when `options.signal` aborts; `BAD_ARGUMENT` for bad indices or numpoints < 4.
 */
export function contour(
  fcn: Objective,
  x: ArrayLike<number>,
  ix: number,
  iy: number,
  options: MinimizeOptions & { numpoints?: number; sigma?: number; fmin?: number } = {},
): ContourResult {
  const n = x.length;
  for (const [k, i] of [
    ["ix", ix],
    ["iy", iy],
  ] as const)
    if (!(Number.isInteger(i) && i >= 0 && i < n))
      throw new ArgumentError(`parameter index ${i} out of range`, k, `0 <= index < ${n}`);
  if (ix === iy) throw new ArgumentError("the two parameters of a contour must differ", "iy", "another parameter");
  const numpoints = options.numpoints ?? 10;
  if (!(Number.isInteger(numpoints) && numpoints >= 4))
    throw new ArgumentError(`numpoints ${numpoints}`, "numpoints", "an integer >= 4");
  checkStart(x, "x");
  const xhat = Float64Array.from(x);
  const h = hesse(fcn, xhat, options);
  let nfev = h.nfev;
  const up = options.errordef ?? 1;
  const target = (options.sigma ?? 1) * Math.sqrt(up);
  // the 2x2 covariance block and its Cholesky factor map the unit circle onto the Gaussian contour
  const cxx = h.covariance[ix * n + ix];
  const cyy = h.covariance[iy * n + iy];
  const cxy = h.covariance[ix * n + iy];
  if (!(cxx > 0 && cyy > 0)) throw new ArgumentError("no positive HESSE variance", "x", "a minimum with errors");
  const l11 = Math.sqrt(cxx);
  const l21 = cxy / l11;
  const l22 = Math.sqrt(Math.max(cyy - l21 * l21, 1e-12 * cyy));
  const others = [...Array(n).keys()].filter((i) => i !== ix && i !== iy);
  const full = Float64Array.from(xhat);
  const reduced: MinimizeOptions = {
    lower: options.lower && Float64Array.from(others, (i) => options.lower![i]),
    upper: options.upper && Float64Array.from(others, (i) => options.upper![i]),
    step: Float64Array.from(others, (i) => {
      const e = h.errors[i];
      return Number.isFinite(e) && e > 0 ? e : (options.step?.[i] ?? 0.1);
    }),
    tol: (options.tol ?? 0.1) * 0.01,
    strategy: options.strategy,
    errordef: options.errordef,
    signal: options.signal,
  };
  const inner: Objective = (y) => {
    for (let k = 0; k < others.length; k++) full[others[k]] = y[k];
    return fcn(full);
  };
  const fmin = options.fmin ?? fcn(xhat);
  nfev++;
  let start: Float64Array = Float64Array.from(others, (i) => xhat[i]);
  /** sqrt(profile - fmin) at radius r along (ux, uy); keeps the optimum of the others for warm starts. */
  const g = (r: number, ux: number, uy: number): number => {
    checkAborted(options.signal);
    full[ix] = xhat[ix] + r * ux;
    full[iy] = xhat[iy] + r * uy;
    let f: number;
    if (others.length === 0) {
      f = fcn(full);
      nfev++;
    } else {
      const m = migrad(inner, start, reduced);
      nfev += m.nfev;
      f = m.fval;
      if (m.success) start = m.x;
    }
    if (!Number.isFinite(f)) return Number.POSITIVE_INFINITY;
    return Math.sqrt(Math.max(f - fmin, 0)) - target;
  };
  const outX = new Float64Array(numpoints);
  const outY = new Float64Array(numpoints);
  let success = true;
  const inBounds = (r: number, ux: number, uy: number) => {
    const vx = xhat[ix] + r * ux;
    const vy = xhat[iy] + r * uy;
    const ok = (v: number, i: number) =>
      !(options.lower && v < options.lower[i]) && !(options.upper && v > options.upper[i]);
    return ok(vx, ix) && ok(vy, iy);
  };
  for (let k = 0; k < numpoints; k++) {
    const t = (2 * Math.PI * k) / numpoints;
    const ux = l11 * Math.cos(t);
    const uy = l21 * Math.cos(t) + l22 * Math.sin(t);
    // bracket: radius 1 is the Gaussian guess; expand until the profile rises above the target
    let a = 0;
    let ga = -target;
    let b = 1;
    let gb = g(b, ux, uy);
    let expand = 0;
    while (gb < 0 && expand < 20 && inBounds(b * 2, ux, uy)) {
      a = b;
      ga = gb;
      b *= 2;
      gb = g(b, ux, uy);
      expand++;
    }
    if (!(gb >= 0) || !Number.isFinite(gb)) {
      // shrink towards the minimum when the far end is forbidden (infinite statistic)
      while (!Number.isFinite(gb) && b - a > 1e-6) {
        b = (a + b) / 2;
        gb = g(b, ux, uy);
      }
    }
    if (!(ga <= 0 && gb >= 0)) {
      success = false;
      outX[k] = Number.NaN;
      outY[k] = Number.NaN;
      continue;
    }
    // Illinois regula falsi on g (linear in r for a quadratic statistic)
    let r = b;
    let side = 0;
    for (let it = 0; it < 50; it++) {
      r = (a * gb - b * ga) / (gb - ga);
      const gr = g(r, ux, uy);
      if (Math.abs(gr) < 1e-4 * target) break;
      if (gr > 0) {
        b = r;
        gb = gr;
        if (side === 1) ga /= 2;
        side = 1;
      } else {
        a = r;
        ga = gr;
        if (side === -1) gb /= 2;
        side = -1;
      }
      if (Math.abs(b - a) < 1e-10 * Math.max(1, Math.abs(b))) break;
    }
    outX[k] = xhat[ix] + r * ux;
    outY[k] = xhat[iy] + r * uy;
  }
  return { x: outX, y: outY, success, nfev };
}

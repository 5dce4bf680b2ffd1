/**
 * Profile-likelihood intervals (as Minuit's MINOS) and statistic profiles (as Gammapy's `stat_profile`).
 */

import { ArgumentError } from "../../util/errors.js";
import { checkAborted, checkStart } from "./core.js";
import { hesse } from "./hesse.js";
import { migrad } from "./migrad.js";
import type { MinimizeOptions, MinosResult, Objective } from "./types.js";

/** Value of the profile at one value of the scanned parameter, with the optimum of the other parameters. */
interface ProfilePoint {
  value: number;
  fval: number;
  others: Float64Array;
  ok: boolean;
}

/** Option array without entry `index`. */
function dropIndex(a: ArrayLike<number> | undefined, index: number): Float64Array | undefined {
  if (!a) return undefined;
  const out = new Float64Array(a.length - 1);
  for (let i = 0, k = 0; i < a.length; i++) if (i !== index) out[k++] = a[i];
  return out;
}

/**
 * Profiler of `fcn` along parameter `index`: minimises over the other parameters with `migrad`, warm-started from
 * given values, and counts calls.
 */
class Profiler {
  nfev = 0;
  private readonly n: number;
  private readonly full: Float64Array;
  private readonly reduced: MinimizeOptions;
  private readonly inner: Objective;

  constructor(
    private readonly fcn: Objective,
    x: ArrayLike<number>,
    private readonly index: number,
    private readonly options: MinimizeOptions,
    steps: ArrayLike<number> | undefined,
  ) {
    this.n = x.length;
    this.full = Float64Array.from(x);
    this.reduced = {
      lower: dropIndex(options.lower, index),
      upper: dropIndex(options.upper, index),
      step: dropIndex(steps ?? options.step, index),
      tol: (options.tol ?? 0.1) * 0.01,
      strategy: options.strategy,
      errordef: options.errordef,
      maxfev: options.maxfev,
      signal: options.signal,
    };
    const full = this.full;
    this.inner = (y) => {
      for (let i = 0, k = 0; i < full.length; i++) if (i !== index) full[i] = y[k++];
      return fcn(full);
    };
  }

  /** Objective with parameter `index` at `value` and the others at `others` (no minimisation). */
  evaluate(value: number, others: Float64Array): number {
    checkAborted(this.options.signal);
    this.full[this.index] = value;
    for (let i = 0, k = 0; i < this.n; i++) if (i !== this.index) this.full[i] = others[k++];
    this.nfev++;
    const f = this.fcn(this.full);
    return Number.isNaN(f) ? Number.POSITIVE_INFINITY : f;
  }

  /** Minimum over the other parameters at `value`, starting from `start`. */
  minimize(value: number, start: Float64Array): ProfilePoint {
    if (this.n === 1) return { value, fval: this.evaluate(value, start), others: start, ok: true };
    this.full[this.index] = value;
    const r = migrad(this.inner, start, this.reduced);
    this.nfev += r.nfev;
    return { value, fval: r.fval, others: r.x, ok: r.success };
  }
}

/**
 * MINOS interval of parameter `index`: the values where the profile `min over the other parameters of fcn` rises by
 * `errordef * sigma²` above `fmin` (default: `fcn(x)`), found by bracketing from the HESSE error and regula falsi
 * (Illinois) on `sqrt(profile - fmin)`, which is linear for a quadratic statistic. The other parameters are
 * re-fitted with `migrad` at every trial value (tolerance `tol / 100`).
 *
 * @param x best-fit point (external units), length n
 * @param index parameter to scan, 0 <= index < n
 * @returns signed offsets of the crossings from `x[index]` (lower < 0 < upper); a side whose crossing is beyond a
 *   bound is reported as the offset to the bound with `valid = false`; a side on which the profile fell below
 *   `fmin - 0.01 errordef` (x was not the minimum) is flagged `valid = false` as Minuit's "new minimum".
 * @throws GammatsError `CANCELLED` when `options.signal` aborts; `BAD_ARGUMENT` for a bad index.
 */
export function minos(
  fcn: Objective,
  x: ArrayLike<number>,
  index: number,
  options: MinimizeOptions & { fmin?: number; sigma?: number } = {},
): MinosResult {
  const n = x.length;
  if (!(Number.isInteger(index) && index >= 0 && index < n))
    throw new ArgumentError(`parameter index ${index} out of range`, "index", `0 <= index < ${n}`);
  checkStart(x, "x");
  const up = options.errordef ?? 1;
  const sigma = options.sigma ?? 1;
  const xhat = Float64Array.from(x);
  const h = hesse(fcn, xhat, options);
  const steps = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const e = h.errors[i];
    steps[i] = Number.isFinite(e) && e > 0 ? e : (options.step?.[i] ?? (xhat[i] !== 0 ? 0.1 * Math.abs(xhat[i]) : 0.1));
  }
  const prof = new Profiler(fcn, xhat, index, options, steps);
  const othersHat = new Float64Array(n - 1);
  for (let i = 0, k = 0; i < n; i++) if (i !== index) othersHat[k++] = xhat[i];
  const fmin = options.fmin ?? prof.evaluate(xhat[index], othersHat);
  const target = sigma * Math.sqrt(up);
  const x0 = xhat[index];
  const err = steps[index] * sigma;
  const maxfev = options.maxfev ?? Number.POSITIVE_INFINITY;
  // a profile value clearly below fmin means x was not the minimum: the interval is then flagged invalid
  const newMinTol = 0.01 * up;
  let newMinimum = false;
  const hfun = (pt: ProfilePoint): number => {
    if (pt.fval < fmin - newMinTol) newMinimum = true;
    return Math.sqrt(Math.max(pt.fval - fmin, 0)) - target;
  };

  const cross = (dir: 1 | -1): { offset: number; valid: boolean } => {
    const bnd = dir > 0 ? (options.upper?.[index] ?? Number.NaN) : (options.lower?.[index] ?? Number.NaN);
    const bound = Number.isFinite(bnd) ? bnd : dir * Number.POSITIVE_INFINITY;
    let ok = true;
    let a: ProfilePoint = { value: x0, fval: fmin, others: othersHat, ok: true };
    let ha = -target;
    let b: ProfilePoint | undefined;
    let hb = 0;
    let d = err;
    for (let it = 0; it < 40; it++) {
      let v = x0 + dir * d;
      const atBound = dir > 0 ? v >= bound : v <= bound;
      if (atBound) v = bound;
      const pt = prof.minimize(v, a.others);
      ok &&= pt.ok;
      const hv = hfun(pt);
      if (hv >= 0) {
        b = pt;
        hb = hv;
        break;
      }
      if (atBound || prof.nfev > maxfev) return { offset: v - x0, valid: false };
      a = pt;
      ha = hv;
      // the profile rose by (hv + target)^2; extrapolate as a parabola in the distance from x0
      const rise = hv + target;
      d = rise > 0 ? Math.min(10 * d, Math.max(1.2 * d, (d * target) / rise)) : 4 * d;
    }
    if (!b) return { offset: a.value - x0, valid: false };
    // Illinois regula falsi on h(v) with h(a) < 0 <= h(b)
    const xtol = 1e-10 * (Math.abs(x0) + err);
    let side = 0;
    for (let it = 0; it < 100; it++) {
      if (Math.abs(hb) < 1e-9 * target || Math.abs(b.value - a.value) < xtol) break;
      const v = b.value - (hb * (b.value - a.value)) / (hb - ha);
      const near = Math.abs(v - a.value) < Math.abs(v - b.value) ? a : b;
      const c = prof.minimize(v, near.others);
      ok &&= c.ok;
      const hc = hfun(c);
      if (hc >= 0) {
        b = c;
        hb = hc;
        if (side === 1) ha *= 0.5;
        side = 1;
      } else {
        a = c;
        ha = hc;
        if (side === -1) hb *= 0.5;
        side = -1;
      }
      if (prof.nfev > maxfev) return { offset: b.value - x0, valid: false };
    }
    const best = Math.abs(hb) <= Math.abs(ha) ? b : a;
    return { offset: best.value - x0, valid: ok };
  };

  const hi = cross(1);
  const hiNewMin = newMinimum;
  newMinimum = false;
  const lo = cross(-1);
  return {
    lower: lo.offset,
    upper: hi.offset,
    lowerValid: lo.valid && !newMinimum,
    upperValid: hi.valid && !hiNewMin,
    nfev: h.nfev + prof.nfev,
  };
}

/**
 * Statistic profile of parameter `index` (Gammapy's `stat_profile`): the objective at each of `values` for that
 * parameter, with the other parameters kept at `x` (`reoptimize` false, the default) or re-fitted with `migrad`
 * (warm-started from the neighbouring value, scanning outwards from `x[index]`).
 *
 * @param x best-fit point (external units), length n
 * @param values values of parameter `index` to scan (any order)
 * @returns objective values, same length and order as `values`
 * @throws GammatsError `CANCELLED` when `options.signal` aborts; `BAD_ARGUMENT` for a bad index.
 */
export function profile(
  fcn: Objective,
  x: ArrayLike<number>,
  index: number,
  values: ArrayLike<number>,
  options: MinimizeOptions & { reoptimize?: boolean } = {},
): Float64Array {
  const n = x.length;
  if (!(Number.isInteger(index) && index >= 0 && index < n))
    throw new ArgumentError(`parameter index ${index} out of range`, "index", `0 <= index < ${n}`);
  checkStart(x, "x");
  const prof = new Profiler(fcn, x, index, options, undefined);
  const others = new Float64Array(n - 1);
  for (let i = 0, k = 0; i < n; i++) if (i !== index) others[k++] = x[i];
  const out = new Float64Array(values.length);
  if (!options.reoptimize) {
    for (let k = 0; k < values.length; k++) out[k] = prof.evaluate(values[k], others);
    return out;
  }
  const order = Array.from({ length: values.length }, (_, k) => k).sort((a, b) => values[a] - values[b]);
  const x0 = x[index];
  let split = order.findIndex((k) => values[k] >= x0);
  if (split < 0) split = order.length;
  let start: Float64Array = others;
  for (let j = split; j < order.length; j++) {
    const pt = prof.minimize(values[order[j]], start);
    out[order[j]] = pt.fval;
    start = pt.others;
  }
  start = others;
  for (let j = split - 1; j >= 0; j--) {
    const pt = prof.minimize(values[order[j]], start);
    out[order[j]] = pt.fval;
    start = pt.others;
  }
  return out;
}

/**
 * Integration helpers with Gammapy's conventions: the analytic power-law integral and the trapezoidal rule in log-log
 * space (`trapz_loglog`: each interval integrated as the power law through its end points).
 */
import { FLOAT32_TINY } from "./interpolate.js";

/**
 * Integral of `amplitude * (E / reference)^-index` from `eMin` to `eMax` (Gammapy's
 * `PowerLawSpectralModel.evaluate_integral`); the logarithmic form where |1 - index| <= 1e-8.
 */
export function powerLawIntegral(
  eMin: number,
  eMax: number,
  index: number,
  amplitude: number,
  reference: number,
): number {
  const val = 1 - index;
  if (Math.abs(val) <= 1e-8) return amplitude * reference * Math.log(eMax / eMin);
  const prefactor = (amplitude * reference) / val;
  return prefactor * (cPow(eMax / reference, val) - cPow(eMin / reference, val));
}

/** `base ** exponent` with C/numpy semantics for base 1 (1 even for infinite exponents; JS gives NaN). */
function cPow(base: number, exponent: number): number {
  return base === 1 ? 1 : base ** exponent;
}

function logClipped(v: number): number {
  return Math.log(v < FLOAT32_TINY ? FLOAT32_TINY : v);
}

/**
 * Integral over [x0, x1] of the power law through (x0, y0) and (x1, y1), as one interval of Gammapy's
 * `trapz_loglog` (ratios clipped like its log scale; an undefined index means a zero integral).
 */
export function trapzLogLogInterval(x0: number, x1: number, y0: number, y1: number): number {
  let index = -logClipped(y0 / y1) / logClipped(x0 / x1);
  if (Number.isNaN(index)) index = Number.POSITIVE_INFINITY;
  return powerLawIntegral(x0, x1, index, y0, x0);
}

/**
 * Trapezoidal integration in log-log space over consecutive nodes: `out[i]` = integral over [x[i], x[i+1]] of the
 * power law through the end points. `y` has the same length as `x`; `out` has one element less.
 */
export function trapzLogLog(
  y: ArrayLike<number>,
  x: ArrayLike<number>,
  out = new Float64Array(x.length - 1),
): Float64Array {
  for (let i = 0; i < x.length - 1; i++) out[i] = trapzLogLogInterval(x[i], x[i + 1], y[i], y[i + 1]);
  return out;
}

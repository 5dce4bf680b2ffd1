/**
 * Interpolating quadratic B-spline through points, as scipy's `interp1d(x, y, kind="quadratic")` builds it
 * (`make_interp_spline(x, y, k=2)`): knots at x[0] and x[n-1] (multiplicity 3) and half-way between the inner points
 * except the first and last gaps ("Greville sites, not-a-knot"); evaluation extrapolates with the end polynomials.
 */
import { ArgumentError } from "./errors.js";

const K = 2;

/** Values of the K+1 non-zero B-spline basis functions of degree K at `x` in knot interval `m` (de Boor). */
function basis(t: Float64Array, m: number, x: number, out: Float64Array): void {
  out[0] = 1;
  const left = new Float64Array(K + 1);
  const right = new Float64Array(K + 1);
  for (let j = 1; j <= K; j++) {
    left[j] = x - t[m + 1 - j];
    right[j] = t[m + j] - x;
    let saved = 0;
    for (let r = 0; r < j; r++) {
      const tmp = out[r] / (right[r + 1] + left[j - r]);
      out[r] = saved + right[r + 1] * tmp;
      saved = left[j - r] * tmp;
    }
    out[j] = saved;
  }
}

/** Index m of the knot interval [t[m], t[m+1]) used for `x` (clamped to the spline's range, to extrapolate). */
function interval(t: Float64Array, n: number, x: number): number {
  let lo = K;
  let hi = n - 1;
  if (x >= t[hi]) return hi;
  if (x < t[lo + 1]) return lo;
  while (hi - lo > 1) {
    const mid = (lo + hi) >> 1;
    if (x >= t[mid]) lo = mid;
    else hi = mid;
  }
  return lo;
}

/** A quadratic interpolating spline (shapes: x, y (n,), n >= 3, x strictly increasing). */
export class QuadraticSpline {
  private readonly t: Float64Array;
  private readonly c: Float64Array;
  private readonly n: number;
  private readonly work = new Float64Array(K + 1);

  constructor(x: ArrayLike<number>, y: ArrayLike<number>) {
    const n = x.length;
    if (n < 3 || y.length !== n)
      throw new ArgumentError(`a quadratic spline needs >= 3 points (got ${n} x, ${y.length} y)`, "x", ">= 3 points");
    for (let i = 1; i < n; i++)
      if (!(x[i] > x[i - 1])) throw new ArgumentError("spline nodes must increase strictly", "x", "increasing x");
    const t = new Float64Array(n + K + 1);
    for (let i = 0; i <= K; i++) {
      t[i] = x[0];
      t[n + i] = x[n - 1];
    }
    for (let i = 1; i < n - 2; i++) t[K + i] = (x[i] + x[i + 1]) / 2;
    // collocation system A c = y, A[j][i] = B_i(x_j), solved with partial pivoting (n is small: a likelihood scan)
    const a = new Float64Array(n * n);
    const b = new Float64Array(n);
    for (let j = 0; j < n; j++) {
      const m = interval(t, n, x[j]);
      basis(t, m, x[j], this.work);
      for (let r = 0; r <= K; r++) a[j * n + m - K + r] = this.work[r];
      b[j] = y[j];
    }
    this.c = solve(a, b, n);
    this.t = t;
    this.n = n;
  }

  /** Spline value at one point (extrapolated outside [x0, x(n-1)]). */
  at(x: number): number {
    const m = interval(this.t, this.n, x);
    basis(this.t, m, x, this.work);
    let s = 0;
    for (let r = 0; r <= K; r++) s += this.c[m - K + r] * this.work[r];
    return s;
  }
}

/** Solves the dense system a x = b (n x n row-major, modified in place) by Gaussian elimination with pivoting. */
function solve(a: Float64Array, b: Float64Array, n: number): Float64Array {
  for (let col = 0; col < n; col++) {
    let piv = col;
    for (let r = col + 1; r < n; r++) if (Math.abs(a[r * n + col]) > Math.abs(a[piv * n + col])) piv = r;
    if (a[piv * n + col] === 0) throw new ArgumentError("singular spline system", "x", "distinct nodes");
    if (piv !== col) {
      for (let k = 0; k < n; k++) {
        const tmp = a[col * n + k];
        a[col * n + k] = a[piv * n + k];
        a[piv * n + k] = tmp;
      }
      const tb = b[col];
      b[col] = b[piv];
      b[piv] = tb;
    }
    for (let r = col + 1; r < n; r++) {
      const f = a[r * n + col] / a[col * n + col];
      if (f === 0) continue;
      for (let k = col; k < n; k++) a[r * n + k] -= f * a[col * n + k];
      b[r] -= f * b[col];
    }
  }
  const x = new Float64Array(n);
  for (let r = n - 1; r >= 0; r--) {
    let s = b[r];
    for (let k = r + 1; k < n; k++) s -= a[r * n + k] * x[k];
    x[r] = s / a[r * n + r];
  }
  return x;
}

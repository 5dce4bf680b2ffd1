/**
 * Internals shared by `migrad`, `hesse` and `minos`: Minuit's parameter transformation for bounds, the counted and
 * cancellable objective, Minuit's numerical gradient with step tuning, and the numerical Hessian (`MnHesse`).
 */

import { ArgumentError, GammatsError } from "../../util/errors.js";
import { makePositiveDefinite } from "./linalg.js";
import type { MinimizeOptions, Objective } from "./types.js";

/** Machine precision as Minuit computes it (8 x 2^-53). */
export const EPS = 8 * 2 ** -53;
/** Minuit's `eps2 = 2 sqrt(eps)`, the relative precision of numerical derivatives. */
export const EPS2 = 2 * Math.sqrt(EPS);

/** Tuning constants of a Minuit strategy level. */
export interface StrategyParams {
  /** Maximum refinement cycles of the numerical gradient. */
  gradNCycles: number;
  /** Relative step change below which the gradient step is considered tuned. */
  gradStepTol: number;
  /** Relative gradient change below which the gradient is considered converged. */
  gradTol: number;
  /** Maximum refinement cycles of each diagonal second derivative. */
  hessNCycles: number;
  /** Relative step change below which a Hessian step is considered tuned. */
  hessStepTol: number;
  /** Relative change of a second derivative below which it is considered converged. */
  hessG2Tol: number;
}

/** Minuit's constants for strategy 0, 1, 2. */
export function strategyParams(strategy: number): StrategyParams {
  if (strategy === 0)
    return { gradNCycles: 2, gradStepTol: 0.5, gradTol: 0.1, hessNCycles: 3, hessStepTol: 0.5, hessG2Tol: 0.1 };
  if (strategy === 2)
    return { gradNCycles: 5, gradStepTol: 0.1, gradTol: 0.02, hessNCycles: 7, hessStepTol: 0.1, hessG2Tol: 0.02 };
  return { gradNCycles: 3, gradStepTol: 0.3, gradTol: 0.05, hessNCycles: 5, hessStepTol: 0.3, hessG2Tol: 0.05 };
}

const FREE = 0;
const BOTH = 1;
const LOWER = 2;
const UPPER = 3;

/** Throw `BAD_ARGUMENT` unless every entry of the starting point is finite. */
export function checkStart(x: ArrayLike<number>, key: string): void {
  for (let i = 0; i < x.length; i++) {
    if (!Number.isFinite(x[i])) throw new ArgumentError(`${key}[${i}] is ${x[i]}`, `${key}[${i}]`, "a finite number");
  }
}

/** Throw `CANCELLED` when the signal is aborted. */
export function checkAborted(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw new GammatsError("CANCELLED", "minimisation cancelled", { key: "signal" });
}

/**
 * A minimisation problem in Minuit's internal coordinates: bounded parameters are mapped by
 * `ext = lo + (up - lo) (sin(int) + 1) / 2` (both bounds) or `ext = lo - 1 + sqrt(int² + 1)` (one bound).
 * Counts calls, checks the abort signal on every call, and turns NaN into +Infinity.
 */
export class Problem {
  /** Number of parameters. */
  readonly n: number;
  /** Bounds (NaN when absent) and kind per parameter. */
  readonly lower: Float64Array;
  readonly upper: Float64Array;
  private readonly kind: Int8Array;
  /** errordef. */
  readonly up: number;
  /** Objective calls so far. */
  nfev = 0;
  private readonly ext: Float64Array;

  constructor(
    private readonly fcn: Objective,
    n: number,
    private readonly options: MinimizeOptions,
  ) {
    this.n = n;
    this.up = options.errordef ?? 1;
    if (!(this.up > 0)) throw new ArgumentError("errordef must be > 0", "errordef", "a positive number");
    this.lower = new Float64Array(n).fill(Number.NaN);
    this.upper = new Float64Array(n).fill(Number.NaN);
    this.kind = new Int8Array(n);
    for (let i = 0; i < n; i++) {
      const lo = options.lower?.[i] ?? Number.NaN;
      const hi = options.upper?.[i] ?? Number.NaN;
      const hasLo = Number.isFinite(lo);
      const hasHi = Number.isFinite(hi);
      if (hasLo && hasHi && !(lo < hi))
        throw new ArgumentError(
          `lower bound ${lo} >= upper bound ${hi} for parameter ${i}`,
          `lower[${i}]`,
          "lower < upper",
        );
      if (hasLo) this.lower[i] = lo;
      if (hasHi) this.upper[i] = hi;
      this.kind[i] = hasLo && hasHi ? BOTH : hasLo ? LOWER : hasHi ? UPPER : FREE;
    }
    this.ext = new Float64Array(n);
  }

  /** True when parameter i has at least one bound. */
  hasLimits(i: number): boolean {
    return this.kind[i] !== FREE;
  }

  /** External value of parameter i clamped into its bounds. */
  clamp(i: number, v: number): number {
    const lo = this.lower[i];
    const hi = this.upper[i];
    if (v < lo) return lo;
    if (v > hi) return hi;
    return v;
  }

  /** Internal value of parameter i for external value v (clamped into the bounds). */
  ext2int(i: number, v: number): number {
    v = this.clamp(i, v);
    const lo = this.lower[i];
    const hi = this.upper[i];
    switch (this.kind[i]) {
      case BOTH: {
        // as Minuit, keep a starting point on a bound slightly inside so that the derivative is not zero
        const y = (2 * (v - lo)) / (hi - lo) - 1;
        if (y * y > 1 - EPS2) return Math.sign(y) * (Math.PI / 2 - 8 * Math.sqrt(EPS2));
        return Math.asin(y);
      }
      case LOWER: {
        const y = v - lo + 1;
        return Math.sqrt(y * y - 1);
      }
      case UPPER: {
        const y = hi - v + 1;
        return Math.sqrt(y * y - 1);
      }
      default:
        return v;
    }
  }

  /** External value of parameter i for internal value u. */
  int2ext(i: number, u: number): number {
    const lo = this.lower[i];
    const hi = this.upper[i];
    switch (this.kind[i]) {
      case BOTH:
        return lo + 0.5 * (hi - lo) * (Math.sin(u) + 1);
      case LOWER:
        return lo - 1 + Math.sqrt(u * u + 1);
      case UPPER:
        return hi + 1 - Math.sqrt(u * u + 1);
      default:
        return u;
    }
  }

  /** d(ext)/d(int) of parameter i at internal value u. */
  dext(i: number, u: number): number {
    switch (this.kind[i]) {
      case BOTH:
        return 0.5 * (this.upper[i] - this.lower[i]) * Math.cos(u);
      case LOWER:
        return u / Math.sqrt(u * u + 1);
      case UPPER:
        return -u / Math.sqrt(u * u + 1);
      default:
        return 1;
    }
  }

  /** Internal vector of an external vector. */
  toInternal(x: ArrayLike<number>): Float64Array {
    const out = new Float64Array(this.n);
    for (let i = 0; i < this.n; i++) out[i] = this.ext2int(i, x[i]);
    return out;
  }

  /** External vector of an internal vector. */
  toExternal(u: Float64Array): Float64Array {
    const out = new Float64Array(this.n);
    for (let i = 0; i < this.n; i++) out[i] = this.int2ext(i, u[i]);
    return out;
  }

  /** External covariance `J V J` from an internal one (J = diag d(ext)/d(int)). */
  covarianceToExternal(u: Float64Array, v: Float64Array): Float64Array {
    const n = this.n;
    const out = new Float64Array(n * n);
    const j = new Float64Array(n);
    for (let i = 0; i < n; i++) j[i] = this.dext(i, u[i]);
    for (let a = 0; a < n; a++) for (let b = 0; b < n; b++) out[a * n + b] = j[a] * v[a * n + b] * j[b];
    return out;
  }

  /** Objective at internal point u; NaN becomes +Infinity. Throws `CANCELLED` when aborted. */
  eval(u: Float64Array): number {
    checkAborted(this.options.signal);
    for (let i = 0; i < this.n; i++) this.ext[i] = this.int2ext(i, u[i]);
    this.nfev++;
    const f = this.fcn(this.ext);
    return Number.isNaN(f) ? Number.POSITIVE_INFINITY : f;
  }

  /** Initial step of each parameter in external units: `options.step`, else `0.1 |x|`, else 0.1. */
  initialSteps(x: ArrayLike<number>): Float64Array {
    const out = new Float64Array(this.n);
    for (let i = 0; i < this.n; i++) {
      const s = this.options.step?.[i];
      out[i] = s !== undefined && Number.isFinite(s) && s !== 0 ? Math.abs(s) : x[i] !== 0 ? 0.1 * Math.abs(x[i]) : 0.1;
    }
    return out;
  }
}

/** Numerical gradient state: first derivatives, second derivatives and tuned steps (internal coordinates). */
export interface GradientState {
  g: Float64Array;
  g2: Float64Array;
  gstep: Float64Array;
}

/** Minuit's `InitialGradientCalculator`: a gradient guess from the initial steps (no objective calls). */
export function initialGradient(p: Problem, u: Float64Array, stepExt: Float64Array): GradientState {
  const n = p.n;
  const g = new Float64Array(n);
  const g2 = new Float64Array(n);
  const gstep = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const ext = p.int2ext(i, u[i]);
    const vplu = p.ext2int(i, ext + stepExt[i]) - u[i];
    const vmin = p.ext2int(i, ext - stepExt[i]) - u[i];
    let dirin = 0.5 * (Math.abs(vplu) + Math.abs(vmin));
    if (!(dirin > 0)) dirin = stepExt[i];
    g2[i] = (2 * p.up) / (dirin * dirin);
    const gsmin = 8 * EPS2 * (Math.abs(u[i]) + EPS2);
    gstep[i] = Math.max(gsmin, 0.1 * dirin);
    g[i] = g2[i] * dirin;
    if (p.hasLimits(i) && gstep[i] > 0.5) gstep[i] = 0.5;
  }
  return { g, g2, gstep };
}

/**
 * Minuit's `Numerical2PGradientCalculator`: central differences with steps tuned from the previous second
 * derivatives so that the function change is well above rounding.
 */
export function numericalGradient(
  p: Problem,
  u: Float64Array,
  fval: number,
  prev: GradientState,
  sp: StrategyParams,
): GradientState {
  const n = p.n;
  const g = Float64Array.from(prev.g);
  const g2 = Float64Array.from(prev.g2);
  const gstep = Float64Array.from(prev.gstep);
  const x = Float64Array.from(u);
  const dfmin = 8 * EPS2 * (Math.abs(fval) + p.up);
  const vrysml = 8 * EPS * EPS;
  for (let i = 0; i < n; i++) {
    const xtf = x[i];
    const epspri = EPS2 + Math.abs(g[i] * EPS2);
    let stepb4 = 0;
    for (let c = 0; c < sp.gradNCycles; c++) {
      const optstp = Math.sqrt(dfmin / (Math.abs(g2[i]) + epspri));
      let step = Math.max(optstp, Math.abs(0.1 * gstep[i]));
      if (p.hasLimits(i) && step > 0.5) step = 0.5;
      const stpmax = 10 * Math.abs(gstep[i]);
      if (step > stpmax) step = stpmax;
      const stpmin = Math.max(vrysml, 8 * Math.abs(EPS2 * xtf));
      if (step < stpmin) step = stpmin;
      if (Math.abs((step - stepb4) / step) < sp.gradStepTol) break;
      gstep[i] = step;
      stepb4 = step;
      x[i] = xtf + step;
      const fs1 = p.eval(x);
      x[i] = xtf - step;
      const fs2 = p.eval(x);
      x[i] = xtf;
      const grdb4 = g[i];
      g[i] = (0.5 * (fs1 - fs2)) / step;
      g2[i] = (fs1 + fs2 - 2 * fval) / (step * step);
      if (Math.abs(grdb4 - g[i]) / (Math.abs(g[i]) + dfmin / step) < sp.gradTol) break;
    }
  }
  return { g, g2, gstep };
}

/** True when all entries are finite. */
export function allFinite(a: Float64Array): boolean {
  for (let i = 0; i < a.length; i++) if (!Number.isFinite(a[i])) return false;
  return true;
}

/** Result of the internal numerical Hessian. */
export interface InternalHessian {
  /** Second-derivative matrix (internal coordinates, n*n), forced positive-definite when needed. */
  hessian: Float64Array;
  /** Raw second-derivative matrix before any positive-definite correction. */
  raw: Float64Array;
  /** Gradient refreshed during the diagonal steps. */
  grad: GradientState;
  /** False when a second derivative could not be computed. */
  ok: boolean;
  /** True when the matrix had to be forced positive-definite. */
  madePosDef: boolean;
}

/** Minuit's `MnHesse`: diagonal second derivatives with step tuning, then off-diagonal ones (internal coordinates). */
export function internalHessian(
  p: Problem,
  u: Float64Array,
  fval: number,
  grad: GradientState,
  sp: StrategyParams,
): InternalHessian {
  const n = p.n;
  const x = Float64Array.from(u);
  const g = Float64Array.from(grad.g);
  const g2 = Float64Array.from(grad.g2);
  const gstep = Float64Array.from(grad.gstep);
  const dirin = new Float64Array(n);
  const yy = new Float64Array(n);
  const h = new Float64Array(n * n);
  const aimsag = Math.sqrt(EPS2) * (Math.abs(fval) + p.up);
  let ok = true;
  for (let i = 0; i < n && ok; i++) {
    const xtf = x[i];
    const dmin = 8 * EPS2 * (Math.abs(xtf) + EPS2);
    let d = Math.max(Math.abs(gstep[i]), dmin);
    for (let c = 0; c < sp.hessNCycles; c++) {
      let sag = 0;
      let fs1 = 0;
      let fs2 = 0;
      let found = false;
      for (let m = 0; m < 5; m++) {
        x[i] = xtf + d;
        fs1 = p.eval(x);
        x[i] = xtf - d;
        fs2 = p.eval(x);
        x[i] = xtf;
        sag = 0.5 * (fs1 + fs2 - 2 * fval);
        if (sag > EPS2 && Number.isFinite(sag)) {
          found = true;
          break;
        }
        if (p.hasLimits(i)) {
          if (d > 0.5) break;
          d *= 10;
          if (d > 0.5) d = 0.51;
        } else d *= 10;
      }
      if (!found) {
        ok = false;
        break;
      }
      const g2b4 = g2[i];
      g2[i] = (2 * sag) / (d * d);
      g[i] = (fs1 - fs2) / (2 * d);
      gstep[i] = d;
      dirin[i] = d;
      yy[i] = fs1;
      const dlast = d;
      d = Math.sqrt((2 * aimsag) / Math.abs(g2[i]));
      if (p.hasLimits(i)) d = Math.min(0.5, d);
      if (d < dmin) d = dmin;
      if (Math.abs((d - dlast) / d) < sp.hessStepTol) break;
      if (Math.abs((g2[i] - g2b4) / g2[i]) < sp.hessG2Tol) break;
      d = Math.min(d, 10 * dlast);
      d = Math.max(d, 0.1 * dlast);
    }
    h[i * n + i] = g2[i];
  }
  const gradOut = { g, g2, gstep };
  if (!ok) return { hessian: h, raw: h, grad: gradOut, ok, madePosDef: false };
  for (let i = 0; i < n; i++) {
    x[i] += dirin[i];
    for (let j = i + 1; j < n; j++) {
      x[j] += dirin[j];
      const fs1 = p.eval(x);
      const e = (fs1 + fval - yy[i] - yy[j]) / (dirin[i] * dirin[j]);
      h[i * n + j] = e;
      h[j * n + i] = e;
      x[j] = u[j];
    }
    x[i] = u[i];
  }
  if (!allFinite(h)) return { hessian: h, raw: h, grad: gradOut, ok: false, madePosDef: false };
  const pd = makePositiveDefinite(h, n);
  return { hessian: pd.matrix, raw: h, grad: gradOut, ok, madePosDef: pd.changed };
}

/**
 * Bracketed scalar root finding (Brent's method: inverse quadratic interpolation, secant and bisection steps) with
 * scipy's `brentq` defaults, used for excess errors and upper limits.
 */

/** Outcome of a root search. */
export interface RootResult {
  /** The root, or NaN when the bracket did not change sign or a function value was NaN. */
  readonly root: number;
  /** Whether the tolerance was reached within the iteration limit. */
  readonly converged: boolean;
  /** Number of iterations used. */
  readonly iterations: number;
}

/** Options of {@link brentRoot}; defaults are scipy's `brentq` ones. */
export interface BrentOptions {
  /** Absolute tolerance on the root (default 2e-12). */
  readonly xtol?: number;
  /** Relative tolerance on the root (default 4 * 2^-52). */
  readonly rtol?: number;
  /** Maximum number of iterations (default 100). */
  readonly maxIter?: number;
}

const FAILED: RootResult = { root: Number.NaN, converged: false, iterations: 0 };

/**
 * Root of `f` in the bracket `[a, b]` by Brent's method. `f(a)` and `f(b)` must have opposite signs (or one be 0);
 * otherwise the result has `root = NaN`, as Gammapy's `find_roots` reports a failed `brentq`. The root is located
 * within `xtol + rtol * |root|`.
 *
 * @param f scalar function
 * @param a one end of the bracket
 * @param b the other end
 * @param options tolerances and iteration limit
 */
export function brentRoot(f: (x: number) => number, a: number, b: number, options: BrentOptions = {}): RootResult {
  const xtol = options.xtol ?? 2e-12;
  const rtol = options.rtol ?? 4 * Number.EPSILON;
  const maxIter = options.maxIter ?? 100;
  let xPrev = a;
  let xCur = b;
  let fPrev = f(xPrev);
  let fCur = f(xCur);
  if (Number.isNaN(fPrev) || Number.isNaN(fCur) || fPrev * fCur > 0) return FAILED;
  if (fPrev === 0) return { root: xPrev, converged: true, iterations: 0 };
  if (fCur === 0) return { root: xCur, converged: true, iterations: 0 };
  // xBlk is the contrapoint: f(xBlk) and f(xCur) have opposite signs.
  let xBlk = 0;
  let fBlk = 0;
  let stepPrev = 0;
  let stepCur = 0;
  for (let iter = 1; iter <= maxIter; iter++) {
    if (fPrev !== 0 && fCur !== 0 && Math.sign(fPrev) !== Math.sign(fCur)) {
      xBlk = xPrev;
      fBlk = fPrev;
      stepPrev = stepCur = xCur - xPrev;
    }
    if (Math.abs(fBlk) < Math.abs(fCur)) {
      // Keep the best estimate in xCur.
      xPrev = xCur;
      xCur = xBlk;
      xBlk = xPrev;
      fPrev = fCur;
      fCur = fBlk;
      fBlk = fPrev;
    }
    const delta = (xtol + rtol * Math.abs(xCur)) / 2;
    const halfBisect = (xBlk - xCur) / 2;
    if (fCur === 0 || Math.abs(halfBisect) < delta) return { root: xCur, converged: true, iterations: iter };
    if (Math.abs(stepPrev) > delta && Math.abs(fCur) < Math.abs(fPrev)) {
      let trial: number;
      if (xPrev === xBlk) {
        trial = (-fCur * (xCur - xPrev)) / (fCur - fPrev);
      } else {
        const dPrev = (fPrev - fCur) / (xPrev - xCur);
        const dBlk = (fBlk - fCur) / (xBlk - xCur);
        trial = (-fCur * (fBlk * dBlk - fPrev * dPrev)) / (dBlk * dPrev * (fBlk - fPrev));
      }
      if (2 * Math.abs(trial) < Math.min(Math.abs(stepPrev), 3 * Math.abs(halfBisect) - delta)) {
        stepPrev = stepCur;
        stepCur = trial;
      } else {
        stepPrev = stepCur = halfBisect;
      }
    } else {
      stepPrev = stepCur = halfBisect;
    }
    xPrev = xCur;
    fPrev = fCur;
    xCur += Math.abs(stepCur) > delta ? stepCur : halfBisect > 0 ? delta : -delta;
    fCur = f(xCur);
    if (Number.isNaN(fCur)) return FAILED;
  }
  return { root: xCur, converged: false, iterations: maxIter };
}

/** Options of {@link secantRoot}; defaults are scipy's `newton` (secant) ones. */
export interface SecantOptions {
  /** Absolute tolerance between successive iterates (default 1.48e-8). */
  readonly tol?: number;
  /** Maximum number of iterations (default 50). */
  readonly maxIter?: number;
}

/**
 * Root of `f` by the secant method from the two starting points `x0`, `x1`, with the semantics of scipy's
 * `root_scalar(method="secant")` that Gammapy's `n_sig_matching_significance` uses: the iteration stops when two
 * successive iterates are within `tol`; when two function values are equal it stops at the midpoint of the last two
 * iterates (reported converged, as scipy); after `maxIter` iterations the result is `root = NaN`, not converged.
 * Not bracketed: prefer {@link brentRoot} unless matching Gammapy's secant results.
 *
 * @param f scalar function
 * @param x0 first starting point
 * @param x1 second starting point (different from `x0`)
 * @param options tolerance and iteration limit
 */
export function secantRoot(f: (x: number) => number, x0: number, x1: number, options: SecantOptions = {}): RootResult {
  const tol = options.tol ?? 1.48e-8;
  const maxIter = options.maxIter ?? 50;
  let p0 = x0;
  let p1 = x1;
  let q0 = f(p0);
  let q1 = f(p1);
  if (Math.abs(q1) < Math.abs(q0)) {
    [p0, p1, q0, q1] = [p1, p0, q1, q0];
  }
  for (let iter = 1; iter <= maxIter; iter++) {
    let p: number;
    if (q1 === q0) return { root: (p1 + p0) / 2, converged: true, iterations: iter };
    // Divide by the larger |q| so that the ratio is at most 1 in magnitude.
    if (Math.abs(q1) > Math.abs(q0)) p = ((-q0 / q1) * p1 + p0) / (1 - q0 / q1);
    else p = ((-q1 / q0) * p0 + p1) / (1 - q1 / q0);
    if (Math.abs(p - p1) <= tol) return { root: p, converged: true, iterations: iter };
    p0 = p1;
    q0 = q1;
    p1 = p;
    q1 = f(p1);
  }
  return { root: Number.NaN, converged: false, iterations: maxIter };
}

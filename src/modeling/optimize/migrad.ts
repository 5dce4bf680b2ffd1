/**
 * MIGRAD-class variable-metric minimiser (after Minuit2's `VariableMetricBuilder`): numerical gradients with tuned
 * steps, a parabolic line search, the Davidon (DFP with BFGS term) update of the inverse Hessian, EDM-based
 * convergence, and restarts from a fresh numerical Hessian when the update fails.
 */

import {
  allFinite,
  checkStart,
  EPS,
  EPS2,
  type GradientState,
  initialGradient,
  internalHessian,
  numericalGradient,
  Problem,
  type StrategyParams,
  strategyParams,
} from "./core.js";
import { invertSpd, quadraticForm } from "./linalg.js";
import type { MinimizeOptions, MinimizeResult, Objective } from "./types.js";

/** Default call limit of Minuit for n parameters: 200 + 100 n + 5 n². */
export function defaultMaxfev(n: number): number {
  return 200 + 100 * n + 5 * n * n;
}

/** Inverse-Hessian guess diag(1/g2), with the initial step where g2 is not positive. */
function diagonalInverse(gs: GradientState, n: number): Float64Array {
  const v = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    const g2 = gs.g2[i];
    v[i * n + i] = g2 > EPS && Number.isFinite(g2) ? 1 / g2 : Math.max(gs.gstep[i] * gs.gstep[i] * 100, EPS2);
  }
  return v;
}

/** Fresh inverse Hessian from a numerical Hessian (falls back to the diagonal guess). */
function freshInverse(
  p: Problem,
  u: Float64Array,
  f: number,
  gs: GradientState,
  sp: StrategyParams,
): { v: Float64Array; gs: GradientState; fromHesse: boolean } {
  const h = internalHessian(p, u, f, gs, sp);
  if (h.ok && allFinite(h.grad.g)) {
    const v = invertSpd(h.hessian, p.n);
    if (v) return { v, gs: h.grad, fromHesse: !h.madePosDef };
  }
  return { v: diagonalInverse(gs, p.n), gs, fromHesse: false };
}

/**
 * Line search along `step` from u (value f0, directional derivative `slope` < 0): backtracking with parabolic
 * interpolation until the value decreases, then parabolic refinement / extrapolation.
 */
function lineSearch(
  p: Problem,
  u: Float64Array,
  f0: number,
  step: Float64Array,
  slope: number,
): { lambda: number; f: number } {
  const n = p.n;
  const xt = new Float64Array(n);
  const at = (lam: number): number => {
    for (let i = 0; i < n; i++) xt[i] = u[i] + lam * step[i];
    return p.eval(xt);
  };
  let slamin = Number.POSITIVE_INFINITY;
  for (let i = 0; i < n; i++) {
    if (step[i] !== 0) slamin = Math.min(slamin, (EPS * Math.abs(u[i]) + 1e-300) / Math.abs(step[i]));
  }
  let bestL = 0;
  let bestF = f0;
  let lam = 1;
  let fl = at(lam);
  if (fl < bestF) {
    bestL = lam;
    bestF = fl;
  }
  for (let it = 0; !(fl < f0) && it < 40; it++) {
    let lnew = 0.1 * lam;
    if (Number.isFinite(fl)) {
      const a = (fl - f0 - slope * lam) / (lam * lam);
      if (a > 0) lnew = -slope / (2 * a);
    }
    lnew = Math.min(0.5 * lam, Math.max(0.1 * lam, lnew));
    if (lnew < slamin) break;
    lam = lnew;
    fl = at(lam);
    if (fl < bestF) {
      bestL = lam;
      bestF = fl;
    }
  }
  if (bestL === 0) return { lambda: 0, f: f0 };
  // refinement: parabola through (0, f0, slope) and the best point; extrapolate while it keeps improving
  for (let it = 0; it < 6; it++) {
    const a = (bestF - f0 - slope * bestL) / (bestL * bestL);
    let lstar: number;
    if (a > 0) {
      lstar = -slope / (2 * a);
      if (Math.abs(lstar - bestL) < 0.05 * bestL) break;
      lstar = Math.min(lstar, 8 * bestL);
    } else lstar = 4 * bestL;
    const fs = at(lstar);
    if (fs < bestF) {
      const grew = lstar > bestL;
      bestL = lstar;
      bestF = fs;
      if (!grew) break;
    } else break;
  }
  return { lambda: bestL, f: bestF };
}

/**
 * Minuit's `NegativeG2LineSearch`: while some second derivative is not positive, search downhill along that axis and
 * refresh the gradient, so that the iterations do not start (or end) on a saddle point. Null when nothing moved.
 */
function negativeCurvatureSearch(
  p: Problem,
  u: Float64Array,
  f: number,
  gs: GradientState,
  sp: StrategyParams,
): { u: Float64Array; f: number; gs: GradientState } | null {
  const n = p.n;
  let moved = false;
  for (let iter = 0; iter < 2 * n; iter++) {
    let i = -1;
    for (let k = 0; k < n && i < 0; k++) if (!(gs.g2[k] > 0)) i = k;
    if (i < 0) break;
    const step = new Float64Array(n);
    step[i] = Math.abs(gs.g[i]) > EPS2 ? -Math.sign(gs.g[i]) * gs.gstep[i] : gs.gstep[i];
    let ls = lineSearch(p, u, f, step, step[i] * gs.g[i]);
    if (ls.lambda === 0) {
      step[i] = -step[i];
      ls = lineSearch(p, u, f, step, step[i] * gs.g[i]);
      if (ls.lambda === 0) break;
    }
    const uNew = Float64Array.from(u);
    uNew[i] += ls.lambda * step[i];
    u = uNew;
    f = ls.f;
    gs = numericalGradient(p, u, f, gs, sp);
    moved = true;
  }
  return moved ? { u, f, gs } : null;
}

/**
 * Minimise `fcn` from `x0` with a MIGRAD-class variable-metric method. Parameters with `lower`/`upper` bounds are
 * handled through Minuit's sine (two bounds) or square-root (one bound) transformation. Converged when
 * EDM < 0.002 * tol * errordef. Strategy 2 computes a full numerical Hessian at the start and at the end; strategy 1
 * does so at the end when the variable-metric covariance is still changing (Minuit's `dcovar > 0.05`).
 *
 * @param fcn objective, e.g. `-2 log L` (errordef 1)
 * @param x0 starting point (external units), length n; clamped into the bounds
 * @returns best point, value, EDM, number of calls, success flag with message, and the covariance
 *   (n*n row-major, external coordinates, `2 * errordef * V`).
 * @throws GammatsError `CANCELLED` when `options.signal` aborts; `BAD_ARGUMENT` for inconsistent bounds or a
 *   non-finite starting point.
 */
export function migrad(fcn: Objective, x0: ArrayLike<number>, options: MinimizeOptions = {}): MinimizeResult {
  checkStart(x0, "x0");
  const n = x0.length;
  const p = new Problem(fcn, n, options);
  const tol = options.tol ?? 0.1;
  const strategy = options.strategy ?? 1;
  const sp = strategyParams(strategy);
  const maxfev = options.maxfev ?? defaultMaxfev(n);
  const edmval = 0.002 * tol * p.up;
  let u = p.toInternal(x0);
  let f = p.eval(u);

  const finish = (v: Float64Array, edm: number, success: boolean, message: string): MinimizeResult => {
    const cov = new Float64Array(n * n);
    for (let i = 0; i < n * n; i++) cov[i] = 2 * p.up * v[i];
    return {
      x: p.toExternal(u),
      fval: f,
      edm,
      nfev: p.nfev,
      success,
      message,
      covariance: p.covarianceToExternal(u, cov),
    };
  };

  if (n === 0) return finish(new Float64Array(0), 0, Number.isFinite(f), "no free parameters");
  let gs = initialGradient(p, u, p.initialSteps(x0));
  if (!Number.isFinite(f))
    return finish(diagonalInverse(gs, n), Number.POSITIVE_INFINITY, false, "objective not finite at start");
  gs = numericalGradient(p, u, f, gs, sp);
  const escaped = allFinite(gs.g) ? negativeCurvatureSearch(p, u, f, gs, sp) : null;
  if (escaped) ({ u, f, gs } = escaped);
  let v: Float64Array;
  let hesseFresh = false;
  if (strategy === 2) {
    const fr = freshInverse(p, u, f, gs, sp);
    v = fr.v;
    gs = fr.gs;
    hesseFresh = fr.fromHesse;
  } else v = diagonalInverse(gs, n);
  if (!allFinite(gs.g)) return finish(v, Number.POSITIVE_INFINITY, false, "gradient not finite at start");
  let edm = 0.5 * quadraticForm(v, gs.g, n);
  let dcovar = hesseFresh ? 0 : 1;
  let justReset = false;
  let endHesses = 0;
  const step = new Float64Array(n);
  const dx = new Float64Array(n);
  const dg = new Float64Array(n);
  const vg = new Float64Array(n);
  const reset = (): void => {
    const fr = freshInverse(p, u, f, gs, sp);
    v = fr.v;
    gs = fr.gs;
    hesseFresh = fr.fromHesse;
    edm = 0.5 * quadraticForm(v, gs.g, n);
    dcovar = hesseFresh ? 0 : 1;
    justReset = true;
  };

  const machineLimit = (): number => Math.abs(EPS2 * f);
  // End of the variable-metric iterations: verify with a numerical Hessian (strategy 2, or 1 while the covariance
  // was still changing) and decide; null = EDM too large after that Hessian, iterate again.
  const conclude = (): MinimizeResult | null => {
    const wantHesse = !hesseFresh && (strategy === 2 || (strategy === 1 && dcovar > 0.05));
    if (wantHesse && endHesses < 3 && p.nfev < maxfev) {
      endHesses++;
      const h = internalHessian(p, u, f, gs, sp);
      const inv = h.ok && allFinite(h.grad.g) ? invertSpd(h.hessian, n) : null;
      if (h.ok && h.madePosDef) {
        // not a minimum along some axis (a saddle point): move off it and iterate again
        const g2 = new Float64Array(n);
        for (let i = 0; i < n; i++) g2[i] = h.raw[i * n + i];
        const esc = negativeCurvatureSearch(p, u, f, { ...h.grad, g2 }, sp);
        if (esc) {
          ({ u, f, gs } = esc);
          v = diagonalInverse(gs, n);
          dcovar = 1;
          hesseFresh = false;
          edm = 0.5 * quadraticForm(v, gs.g, n);
          return null;
        }
      }
      if (inv) {
        v = inv;
        gs = h.grad;
        hesseFresh = !h.madePosDef;
        dcovar = 0;
        justReset = false;
        edm = 0.5 * quadraticForm(v, gs.g, n);
        if (edm > edmval && edm >= machineLimit()) return null;
      }
    }
    if (edm <= edmval) return finish(v, edm, true, "converged");
    if (edm <= 10 * edmval) return finish(v, edm, true, "converged (EDM within 10 times the goal)");
    if (edm < machineLimit()) return finish(v, edm, true, "machine accuracy limits further improvement");
    return finish(v, edm, false, `no convergence: EDM ${edm.toPrecision(3)} above the goal ${edmval}`);
  };

  for (;;) {
    // Minuit's convergence test inflates the EDM while the covariance is still changing
    if (edm >= 0 && edm * (1 + 3 * dcovar) <= edmval) {
      const r = conclude();
      if (r) return r;
      continue;
    }
    // after a verifying Hessian asked for more iterations, Minuit allows 30% more calls
    const limit = endHesses > 0 ? Math.floor(1.3 * maxfev) : maxfev;
    if (p.nfev >= limit) return finish(v, edm, false, `call limit ${limit} reached (EDM ${edm.toPrecision(3)})`);
    let gdel = 0;
    for (let i = 0; i < n; i++) {
      let s = 0;
      for (let j = 0; j < n; j++) s -= v[i * n + j] * gs.g[j];
      step[i] = s;
      gdel += s * gs.g[i];
    }
    if (gdel === 0 && edm === 0) {
      const r = conclude();
      if (r) return r;
      continue;
    }
    if (!(gdel < 0) || !(edm >= 0)) {
      if (justReset) return finish(v, edm, false, "covariance not positive-definite, no descent direction");
      reset();
      continue;
    }
    const ls = lineSearch(p, u, f, step, gdel);
    if (ls.lambda === 0) {
      // no improvement along the Newton direction: accept when close enough, else restart once from a fresh Hessian
      if (edm <= 10 * edmval || edm < machineLimit() || justReset) {
        const r = conclude();
        if (r) return r;
        if (justReset) return finish(v, edm, false, "line search failed to decrease the objective");
        continue;
      }
      reset();
      continue;
    }
    const uNew = new Float64Array(n);
    for (let i = 0; i < n; i++) uNew[i] = u[i] + ls.lambda * step[i];
    const gsNew = numericalGradient(p, uNew, ls.f, gs, sp);
    if (!allFinite(gsNew.g)) return finish(v, edm, false, "gradient not finite");
    for (let i = 0; i < n; i++) {
      dx[i] = uNew[i] - u[i];
      dg[i] = gsNew.g[i] - gs.g[i];
    }
    u = uNew;
    f = ls.f;
    gs = gsNew;
    justReset = false;
    hesseFresh = false;
    // Davidon update (DFP, plus the BFGS term when delgam > gvg) as Minuit's DavidonErrorUpdator
    let delgam = 0;
    for (let i = 0; i < n; i++) delgam += dx[i] * dg[i];
    let gvg = 0;
    for (let i = 0; i < n; i++) {
      let s = 0;
      for (let j = 0; j < n; j++) s += v[i * n + j] * dg[j];
      vg[i] = s;
      gvg += dg[i] * s;
    }
    if (delgam > 0 && gvg > 0) {
      let sumUpd = 0;
      let sumNew = 0;
      const bfgs = delgam > gvg;
      for (let i = 0; i < n; i++) {
        for (let j = 0; j < n; j++) {
          let d = (dx[i] * dx[j]) / delgam - (vg[i] * vg[j]) / gvg;
          if (bfgs) {
            const fi = dx[i] / delgam - vg[i] / gvg;
            const fj = dx[j] / delgam - vg[j] / gvg;
            d += gvg * fi * fj;
          }
          v[i * n + j] += d;
          sumUpd += Math.abs(d);
          sumNew += Math.abs(v[i * n + j]);
        }
      }
      dcovar = 0.5 * (dcovar + (sumNew > 0 ? sumUpd / sumNew : 1));
    }
    edm = 0.5 * quadraticForm(v, gs.g, n);
    options.onIteration?.({ nfev: p.nfev, fval: f, edm });
  }
}

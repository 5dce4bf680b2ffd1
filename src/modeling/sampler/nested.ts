/**
 * Nested sampling (Skilling 2004) of a likelihood over a prior given by its transform from the unit cube, with
 * UltraNest's MLFriends region for the constrained draws. Returns the evidence ln Z with its error sqrt(H / N)
 * (H: information in nats, N: live points) and the weighted posterior points (dead points, then the final live
 * points). Deterministic for a seed.
 */
import { ArgumentError } from "../../util/errors.js";
import { Rng } from "../../util/random.js";
import { MLFriendsRegion } from "./region.js";

/** The problem: dimension, prior transform and log-likelihood. */
export interface NestedSamplingProblem {
  /** Number of parameters d. */
  readonly ndim: number;
  /** Writes the parameter vector for the unit-cube point `u` (d) into `theta` (d): the prior's inverse CDF. */
  transform(u: Float64Array, theta: Float64Array): void;
  /** ln L at `theta` (d); NaN counts as -Infinity. */
  logLikelihood(theta: Float64Array): number;
}

/** Options of `nestedSampling` (names and defaults as Gammapy's `Sampler` passes them to UltraNest). */
export interface NestedSamplingOptions {
  /** Number of live points; default 400. */
  readonly livePoints?: number;
  /** Stop when the live points hold less than this fraction of the evidence; default 0.5. */
  readonly fracRemain?: number;
  /** ... and the effective sample size of the posterior is at least this; default 400. */
  readonly minEss?: number;
  /** Seed of the random stream; default 0. */
  readonly seed?: number;
  /** Stop (unsuccessfully) after this many likelihood calls; default 10^7. */
  readonly maxNcalls?: number;
  /** Bootstrap resamples that size the region; default 30. */
  readonly nBootstrap?: number;
  /** Iterations between rebuilds of the region; default livePoints / 5 (the volume shrinks by e^-0.2 between). */
  readonly rebuildEvery?: number;
}

/** Result of `nestedSampling`. */
export interface NestedSamplingResult {
  readonly success: boolean;
  readonly message: string;
  /** Natural log of the evidence Z = ∫ L dπ. */
  readonly logZ: number;
  /** Its 1-sigma error, sqrt(H / livePoints). */
  readonly logZErr: number;
  /** Information H = ∫ ln(L / Z) dP (nats): how much the posterior shrank from the prior. */
  readonly information: number;
  /** Kish effective sample size of the weighted points. */
  readonly ess: number;
  /** Likelihood calls. */
  readonly ncall: number;
  /** Nested-sampling iterations (dead points). */
  readonly niter: number;
  /** Weighted posterior points: parameter vectors (m x d, row-major). */
  readonly points: Float64Array;
  /** ln L of each point (m). */
  readonly logL: Float64Array;
  /** Normalised posterior weight of each point (m, sum 1). */
  readonly weights: Float64Array;
}

/** Iterations between checks of the stopping criteria. */
const CHECK_EVERY = 10;

/** A growable array of doubles. */
class Growable {
  data: Float64Array;
  length = 0;
  constructor(capacity: number) {
    this.data = new Float64Array(Math.max(16, capacity));
  }
  push(values: ArrayLike<number>): void {
    if (this.length + values.length > this.data.length) {
      const bigger = new Float64Array(Math.max(2 * this.data.length, this.length + values.length));
      bigger.set(this.data.subarray(0, this.length));
      this.data = bigger;
    }
    for (let i = 0; i < values.length; i++) this.data[this.length++] = values[i];
  }
  pushValue(value: number): void {
    if (this.length === this.data.length) this.push([value]);
    else this.data[this.length++] = value;
  }
  toArray(): Float64Array {
    return this.data.slice(0, this.length);
  }
}

function logAddExp(a: number, b: number): number {
  if (a === Number.NEGATIVE_INFINITY) return b;
  if (b === Number.NEGATIVE_INFINITY) return a;
  return a > b ? a + Math.log1p(Math.exp(b - a)) : b + Math.log1p(Math.exp(a - b));
}

function logSumExp(values: Float64Array): number {
  let max = Number.NEGATIVE_INFINITY;
  for (const v of values) if (v > max) max = v;
  if (max === Number.NEGATIVE_INFINITY) return max;
  let s = 0;
  for (const v of values) s += Math.exp(v - max);
  return max + Math.log(s);
}

/** Kish effective sample size (Σw)² / Σw² of log-weights. */
function effectiveSampleSize(logw: ArrayLike<number>, n: number): number {
  let max = Number.NEGATIVE_INFINITY;
  for (let i = 0; i < n; i++) if (logw[i] > max) max = logw[i];
  if (max === Number.NEGATIVE_INFINITY) return 0;
  let s = 0;
  let s2 = 0;
  for (let i = 0; i < n; i++) {
    const w = Math.exp(logw[i] - max);
    s += w;
    s2 += w * w;
  }
  return (s * s) / s2;
}

function checkOptions(o: NestedSamplingOptions, ndim: number) {
  const livePoints = o.livePoints ?? 400;
  const fracRemain = o.fracRemain ?? 0.5;
  const minEss = o.minEss ?? 400;
  const maxNcalls = o.maxNcalls ?? 1e7;
  const nBootstrap = o.nBootstrap ?? 30;
  if (!(Number.isInteger(ndim) && ndim >= 1)) throw new ArgumentError(`dimension ${ndim}`, "ndim", "an integer >= 1");
  if (!(Number.isInteger(livePoints) && livePoints > ndim + 1))
    throw new ArgumentError(`livePoints ${livePoints}`, "livePoints", `an integer > ${ndim + 1} (dimension + 1)`);
  if (!(fracRemain > 0 && fracRemain < 1))
    throw new ArgumentError(`fracRemain ${fracRemain}`, "fracRemain", "a number in (0, 1)");
  if (!(minEss >= 0)) throw new ArgumentError(`minEss ${minEss}`, "minEss", "a number >= 0");
  if (!(maxNcalls > 0)) throw new ArgumentError(`maxNcalls ${maxNcalls}`, "maxNcalls", "a number > 0");
  if (!(Number.isInteger(nBootstrap) && nBootstrap >= 1))
    throw new ArgumentError(`nBootstrap ${nBootstrap}`, "nBootstrap", "an integer >= 1");
  const rebuildEvery = o.rebuildEvery ?? Math.max(1, Math.round(livePoints / 5));
  if (!(Number.isInteger(rebuildEvery) && rebuildEvery >= 1))
    throw new ArgumentError(`rebuildEvery ${rebuildEvery}`, "rebuildEvery", "an integer >= 1");
  return { livePoints, fracRemain, minEss, maxNcalls, nBootstrap, rebuildEvery, seed: o.seed ?? 0 };
}

/**
 * Runs nested sampling: N live points drawn from the prior; at each iteration the lowest-likelihood point dies
 * (prior volume shrinks as X_i = exp(-i/N), weight L_i (X_{i-1} - X_i)) and is replaced by a draw from the
 * MLFriends region with a higher likelihood. Stops when the live points hold less than `fracRemain` of the evidence
 * and the posterior's effective sample size reaches `minEss` (or the remainder is below 10^-4); the live points
 * then close the integral with weights X_end / N each.
 */
export function nestedSampling(
  problem: NestedSamplingProblem,
  options: NestedSamplingOptions = {},
): NestedSamplingResult {
  const d = problem.ndim;
  const opt = checkOptions(options, d);
  const n = opt.livePoints;
  const rng = new Rng(opt.seed);
  const liveU = new Float64Array(n * d);
  const liveTheta = new Float64Array(n * d);
  const liveLogL = new Float64Array(n);
  const u = new Float64Array(d);
  const theta = new Float64Array(d);
  let ncall = 0;
  const evaluate = (): number => {
    problem.transform(u, theta);
    ncall++;
    const l = problem.logLikelihood(theta);
    return Number.isNaN(l) ? Number.NEGATIVE_INFINITY : l;
  };
  for (let i = 0; i < n; i++) {
    for (let k = 0; k < d; k++) u[k] = rng.uniform();
    liveLogL[i] = evaluate();
    liveU.set(u, i * d);
    liveTheta.set(theta, i * d);
  }

  const deadTheta = new Growable(20 * n * d);
  const deadLogL = new Growable(20 * n);
  const deadLogW = new Growable(20 * n);
  const logShrink = Math.log(-Math.expm1(-1 / n)); // ln(1 - e^(-1/N)): X_{i-1} - X_i = X_{i-1} (1 - e^(-1/N))
  let logZ = Number.NEGATIVE_INFINITY;
  let region = new MLFriendsRegion(liveU, n, d, rng, { nBootstrap: opt.nBootstrap });
  let success = true;
  let message = "converged";
  let iter = 0;
  for (;;) {
    // every 10th iteration: the live points' share of the evidence, with the current volume X_iter = exp(-iter / N)
    if (iter % CHECK_EVERY === 0) {
      const logX = -iter / n;
      const logZRemain = logSumExp(liveLogL) - Math.log(n) + logX;
      const fraction = Math.exp(logZRemain - logAddExp(logZ, logZRemain));
      if (fraction < opt.fracRemain) {
        const m = deadLogW.length;
        const all = new Float64Array(m + n);
        all.set(deadLogW.data.subarray(0, m));
        for (let i = 0; i < n; i++) all[m + i] = liveLogL[i] + logX - Math.log(n);
        if (effectiveSampleSize(all, m + n) >= opt.minEss || fraction < 1e-4) break;
      }
    }
    const logX = -iter / n;
    if (ncall >= opt.maxNcalls) {
      success = false;
      message = `stopped after ${ncall} likelihood calls (maxNcalls) at ln X = ${logX.toFixed(2)}`;
      break;
    }
    let worst = 0;
    for (let i = 1; i < n; i++) if (liveLogL[i] < liveLogL[worst]) worst = i;
    const logLMin = liveLogL[worst];
    const logW = logLMin + logX + logShrink;
    logZ = logAddExp(logZ, logW);
    deadTheta.push(liveTheta.subarray(worst * d, (worst + 1) * d));
    deadLogL.pushValue(logLMin);
    deadLogW.pushValue(logW);
    iter++;
    if (iter % opt.rebuildEvery === 0) region = new MLFriendsRegion(liveU, n, d, rng, { nBootstrap: opt.nBootstrap });
    for (;;) {
      region.sample(rng, u);
      const l = evaluate();
      if (l > logLMin) {
        liveLogL[worst] = l;
        liveU.set(u, worst * d);
        liveTheta.set(theta, worst * d);
        break;
      }
      if (ncall >= opt.maxNcalls) {
        liveLogL[worst] = Number.NEGATIVE_INFINITY; // already counted among the dead: no weight at the end
        break;
      }
    }
  }

  // close the integral with the live points, in order of increasing likelihood
  const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => liveLogL[a] - liveLogL[b]);
  const logXEnd = -iter / n;
  for (const i of order) {
    deadTheta.push(liveTheta.subarray(i * d, (i + 1) * d));
    deadLogL.pushValue(liveLogL[i]);
    deadLogW.pushValue(liveLogL[i] + logXEnd - Math.log(n));
  }
  const logWeights = deadLogW.toArray();
  const logL = deadLogL.toArray();
  logZ = logSumExp(logWeights);
  const weights = new Float64Array(logWeights.length);
  let information = 0;
  for (let i = 0; i < weights.length; i++) {
    weights[i] = Math.exp(logWeights[i] - logZ);
    if (weights[i] > 0) information += weights[i] * (logL[i] - logZ);
  }
  information = Math.max(0, information);
  return {
    success,
    message,
    logZ,
    logZErr: Math.sqrt(information / n),
    information,
    ess: effectiveSampleSize(logWeights, logWeights.length),
    ncall,
    niter: iter,
    points: deadTheta.toArray(),
    logL,
    weights,
  };
}

/**
 * The constrained-prior region of a nested sampler, as UltraNest's: MLFriends (Buchner 2016, 2019), the union of
 * equal ellipsoids centred on the live points, intersected with one bounding ellipsoid and the unit cube. Both
 * ellipsoid sizes come from bootstrapping: a live point left out of a resample must still lie inside the region built
 * from the others. Everything works in the whitened space of the live points (`w = L⁻¹ (u - mean)` with
 * `L Lᵀ` their covariance), where the ellipsoids are balls. Proposals are drawn from whichever of the three shapes is
 * smallest and accepted where they fall inside all of them, so the new point is uniform in the intersection.
 */
import type { Rng } from "../../util/random.js";
import { cholesky } from "../optimize/linalg.js";

/** Options of `MLFriendsRegion`. */
export interface RegionOptions {
  /** Number of bootstrap resamples that size the ellipsoids (UltraNest's default: 30). */
  readonly nBootstrap?: number;
}

/** How proposals are drawn: uniformly in the unit cube, in the bounding ellipsoid, or around a random live point. */
export type ProposalKind = "cube" | "ellipsoid" | "friends";

/** An MLFriends region around a set of live points in the unit cube (dimension d, n points). */
export class MLFriendsRegion {
  readonly ndim: number;
  readonly npoints: number;
  /** Squared radius of the balls around the whitened live points. */
  readonly radiusSq: number;
  /** Squared radius of the bounding ball around the whitened mean (0). */
  readonly ellipsoidRadiusSq: number;
  /** Which proposal `sample` uses (the smallest of the three volumes). */
  readonly proposal: ProposalKind;
  private readonly mean: Float64Array;
  /** Cholesky factor L of the covariance (d x d, row-major, lower). */
  private readonly chol: Float64Array;
  /** Whitened live points (n x d, row-major). */
  private readonly whitened: Float64Array;
  private readonly w: Float64Array;
  private readonly dir: Float64Array;

  /** Builds the region around `points` (n x d row-major, coordinates in [0, 1]); `rng` drives the bootstrap. */
  constructor(points: Float64Array, npoints: number, ndim: number, rng: Rng, options: RegionOptions = {}) {
    const n = npoints;
    const d = ndim;
    this.ndim = d;
    this.npoints = n;
    this.mean = new Float64Array(d);
    this.w = new Float64Array(d);
    this.dir = new Float64Array(d);
    for (let i = 0; i < n; i++) for (let k = 0; k < d; k++) this.mean[k] += points[i * d + k] / n;
    this.chol = covarianceCholesky(points, this.mean, n, d);
    this.whitened = new Float64Array(n * d);
    for (let i = 0; i < n; i++) this.whiten(points.subarray(i * d, (i + 1) * d), this.whitened.subarray(i * d));
    const { radiusSq, ellipsoidRadiusSq } = bootstrapRadii(this.whitened, n, d, rng, options.nBootstrap ?? 30);
    this.radiusSq = radiusSq;
    this.ellipsoidRadiusSq = ellipsoidRadiusSq;
    // volumes in whitened space, up to the unit-ball volume (friends: an upper bound, overlaps are paid by rejection)
    const logBall = logUnitBallVolume(d);
    let logDetL = 0;
    for (let k = 0; k < d; k++) logDetL += Math.log(this.chol[k * d + k]);
    const logFriends = Math.log(n) + 0.5 * d * Math.log(radiusSq) + logBall;
    const logEllipsoid = 0.5 * d * Math.log(ellipsoidRadiusSq) + logBall;
    const logCube = -logDetL;
    this.proposal =
      logCube <= logEllipsoid && logCube <= logFriends ? "cube" : logEllipsoid <= logFriends ? "ellipsoid" : "friends";
  }

  /** Whitened coordinates of a unit-cube point `u` (d) into `out` (d). */
  private whiten(u: ArrayLike<number>, out: Float64Array): void {
    const d = this.ndim;
    const l = this.chol;
    for (let k = 0; k < d; k++) {
      let s = u[k] - this.mean[k];
      for (let j = 0; j < k; j++) s -= l[k * d + j] * out[j];
      out[k] = s / l[k * d + k];
    }
  }

  /** Unit-cube coordinates of a whitened point `w` into `out`; false when outside the cube. */
  private unwhiten(w: Float64Array, out: Float64Array): boolean {
    const d = this.ndim;
    const l = this.chol;
    let inside = true;
    for (let k = 0; k < d; k++) {
      let s = this.mean[k];
      for (let j = 0; j <= k; j++) s += l[k * d + j] * w[j];
      out[k] = s;
      if (!(s > 0 && s < 1)) inside = false;
    }
    return inside;
  }

  /** Number of balls that contain the whitened point `w` (stops at `limit`). */
  private countFriends(w: Float64Array, limit: number): number {
    const d = this.ndim;
    const r2 = this.radiusSq;
    const x = this.whitened;
    let count = 0;
    for (let i = 0; i < this.npoints; i++) {
      let s = 0;
      const o = i * d;
      for (let k = 0; k < d && s <= r2; k++) {
        const t = w[k] - x[o + k];
        s += t * t;
      }
      if (s <= r2 && ++count >= limit) return count;
    }
    return count;
  }

  private insideEllipsoid(w: Float64Array): boolean {
    let s = 0;
    for (let k = 0; k < this.ndim; k++) s += w[k] * w[k];
    return s <= this.ellipsoidRadiusSq;
  }

  /** A uniform point in the unit ball (d), scaled by `radius`, added to `centre` (or 0), into `out`. */
  private ballPoint(rng: Rng, radius: number, out: Float64Array, centre?: Float64Array, offset = 0): void {
    const d = this.ndim;
    let norm = 0;
    for (let k = 0; k < d; k++) {
      const z = rng.normal();
      this.dir[k] = z;
      norm += z * z;
    }
    const scale = (radius * rng.uniform() ** (1 / d)) / Math.sqrt(norm);
    for (let k = 0; k < d; k++) out[k] = (centre ? centre[offset + k] : 0) + this.dir[k] * scale;
  }

  /**
   * Draws a point uniformly from the region (friends ∩ bounding ellipsoid ∩ unit cube) into `out` (unit-cube
   * coordinates, d). Returns the number of proposals it took.
   */
  sample(rng: Rng, out: Float64Array): number {
    const d = this.ndim;
    const w = this.w;
    for (let tries = 1; ; tries++) {
      if (this.proposal === "cube") {
        for (let k = 0; k < d; k++) out[k] = rng.uniform();
        this.whiten(out, w);
        if (this.insideEllipsoid(w) && this.countFriends(w, 1) > 0) return tries;
      } else if (this.proposal === "ellipsoid") {
        this.ballPoint(rng, Math.sqrt(this.ellipsoidRadiusSq), w);
        if (this.unwhiten(w, out) && this.countFriends(w, 1) > 0) return tries;
      } else {
        const i = Math.floor(rng.uniform() * this.npoints);
        this.ballPoint(rng, Math.sqrt(this.radiusSq), w, this.whitened, i * d);
        // a point inside k balls is proposed k times as often: keep it with probability 1/k
        const k = this.countFriends(w, Number.POSITIVE_INFINITY);
        if (rng.uniform() * k < 1 && this.insideEllipsoid(w) && this.unwhiten(w, out)) return tries;
      }
    }
  }
}

/** Cholesky factor of the covariance of the points, regularised when (nearly) singular. */
function covarianceCholesky(points: Float64Array, mean: Float64Array, n: number, d: number): Float64Array {
  const cov = new Float64Array(d * d);
  for (let i = 0; i < n; i++)
    for (let a = 0; a < d; a++) {
      const da = points[i * d + a] - mean[a];
      for (let b = 0; b <= a; b++) cov[a * d + b] += (da * (points[i * d + b] - mean[b])) / (n - 1);
    }
  for (let a = 0; a < d; a++) for (let b = 0; b < a; b++) cov[b * d + a] = cov[a * d + b];
  for (let jitter = 1e-12; ; jitter *= 100) {
    const l = cholesky(cov, d);
    if (l) return l;
    for (let a = 0; a < d; a++) cov[a * d + a] = cov[a * d + a] * (1 + jitter) + jitter * 1e-12;
  }
}

/** Number of nearest neighbours kept per point for the bootstrap (all left out: probability e^-K, then a scan). */
const NEIGHBOURS = 12;

/**
 * The `k` nearest other points of each point (by squared distance, ascending): indices and squared distances,
 * each (n x k) row-major. A sweep along the first coordinate: from each point, candidates are visited in order of
 * that coordinate on both sides until its squared difference alone exceeds the k-th distance found so far.
 */
function nearestNeighbours(x: Float64Array, n: number, d: number, k: number) {
  const index = new Int32Array(n * k);
  const dist = new Float64Array(n * k);
  const order = Int32Array.from({ length: n }, (_, i) => i).sort((a, b) => x[a * d] - x[b * d]);
  const first = Float64Array.from(order, (i) => x[i * d]);
  const bestD = new Float64Array(k);
  const bestI = new Int32Array(k);
  for (let r = 0; r < n; r++) {
    const i = order[r];
    bestD.fill(Number.POSITIVE_INFINITY);
    let threshold = Number.POSITIVE_INFINITY;
    let lo = r - 1;
    let hi = r + 1;
    for (let right = true; lo >= 0 || hi < n; right = !right) {
      const up = (right && hi < n) || lo < 0;
      const q = up ? hi++ : lo--;
      const dx = first[q] - first[r];
      let s = dx * dx;
      if (s >= threshold) {
        // sorted by the first coordinate: nothing further on this side can be nearer
        if (up) hi = n;
        else lo = -1;
        continue;
      }
      const j = order[q];
      for (let a = 1; a < d && s < threshold; a++) {
        const t = x[j * d + a] - x[i * d + a];
        s += t * t;
      }
      if (s >= threshold) continue;
      let p = k - 1; // insertion into the sorted list
      while (p > 0 && bestD[p - 1] > s) {
        bestD[p] = bestD[p - 1];
        bestI[p] = bestI[p - 1];
        p--;
      }
      bestD[p] = s;
      bestI[p] = j;
      threshold = bestD[k - 1];
    }
    dist.set(bestD, i * k);
    index.set(bestI, i * k);
  }
  return { index, dist };
}

/**
 * Bootstrapped sizes (UltraNest's `compute_enlargement`): in each resample (drawn with replacement), the largest
 * squared distance from a left-out point to its nearest selected point sizes the friends' balls, and the largest
 * squared distance of a left-out point from the selected points' mean sizes the bounding ball; the maximum over
 * resamples is kept, and the bounding ball always holds every live point.
 */
function bootstrapRadii(
  x: Float64Array,
  n: number,
  d: number,
  rng: Rng,
  nBootstrap: number,
): { radiusSq: number; ellipsoidRadiusSq: number } {
  const k = Math.min(NEIGHBOURS, n - 1);
  const nn = nearestNeighbours(x, n, d, k);
  let radiusSq = 0;
  let ellipsoidRadiusSq = 0;
  for (let i = 0; i < n; i++) {
    let s = 0;
    for (let a = 0; a < d; a++) s += x[i * d + a] ** 2;
    ellipsoidRadiusSq = Math.max(ellipsoidRadiusSq, s);
  }
  const selected = new Uint8Array(n);
  const centre = new Float64Array(d);
  for (let b = 0; b < nBootstrap; b++) {
    selected.fill(0);
    for (let i = 0; i < n; i++) selected[Math.floor(rng.uniform() * n)] = 1;
    let m = 0;
    centre.fill(0);
    for (let i = 0; i < n; i++)
      if (selected[i]) {
        m++;
        for (let a = 0; a < d; a++) centre[a] += x[i * d + a];
      }
    for (let a = 0; a < d; a++) centre[a] /= m;
    for (let j = 0; j < n; j++) {
      if (selected[j]) continue;
      let nearest = Number.POSITIVE_INFINITY;
      for (let c = 0; c < k; c++)
        if (selected[nn.index[j * k + c]]) {
          nearest = nn.dist[j * k + c];
          break;
        }
      if (nearest === Number.POSITIVE_INFINITY)
        for (let i = 0; i < n; i++) {
          if (!selected[i]) continue;
          let s = 0;
          for (let a = 0; a < d; a++) s += (x[i * d + a] - x[j * d + a]) ** 2;
          nearest = Math.min(nearest, s);
        }
      if (nearest > radiusSq) radiusSq = nearest;
      let s = 0;
      for (let a = 0; a < d; a++) s += (x[j * d + a] - centre[a]) ** 2;
      if (s > ellipsoidRadiusSq) ellipsoidRadiusSq = s;
    }
  }
  // all points identical: a tiny region rather than an empty one
  if (!(radiusSq > 0)) radiusSq = 1e-20;
  if (!(ellipsoidRadiusSq > 0)) ellipsoidRadiusSq = 1e-20;
  return { radiusSq, ellipsoidRadiusSq };
}

/** Natural log of the volume of the unit ball in d dimensions. */
function logUnitBallVolume(d: number): number {
  // pi^(d/2) / Gamma(d/2 + 1), Gamma by recursion from Gamma(1) = 1 or Gamma(1/2) = sqrt(pi)
  let logGamma = d % 2 === 0 ? 0 : 0.5 * Math.log(Math.PI);
  for (let x = d % 2 === 0 ? 1 : 0.5; x < d / 2 + 1 - 1e-9; x += 1) logGamma += Math.log(x);
  return 0.5 * d * Math.log(Math.PI) - logGamma;
}

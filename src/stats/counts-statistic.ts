/**
 * Excess, significance, errors and upper limits of counts measurements, as Gammapy 1.0's
 * `gammapy.stats.CashCountsStatistic` (known background) and `WStatCountsStatistic` (background from OFF counts).
 *
 * Inputs are numbers or arrays of the same length (a number is repeated to the length of the arrays); every
 * per-bin quantity is returned as a `Float64Array` of that length. Counts are numbers of events.
 */
import erfc from "@stdlib/math-base-special-erfc";
import { ArgumentError } from "../util/errors.js";
import { cash, wstat } from "./fit-statistics.js";
import { brentRoot, secantRoot } from "./roots.js";

/** A number (repeated to every bin) or one value per bin. */
export type NumberOrArray = number | ArrayLike<number>;

function binCount(inputs: Record<string, NumberOrArray | undefined>): number {
  let n = -1;
  let first = "";
  for (const [name, v] of Object.entries(inputs)) {
    if (v === undefined || typeof v === "number") continue;
    if (n < 0) {
      n = v.length;
      first = name;
    } else if (v.length !== n) {
      throw new ArgumentError(`${name} has length ${v.length}`, name, `length ${n} as ${first}`);
    }
  }
  return n < 0 ? 1 : n;
}

function toArray(v: NumberOrArray, n: number): Float64Array {
  if (typeof v === "number") return new Float64Array(n).fill(v);
  return Float64Array.from(v);
}

function neumaierSum(a: Float64Array): number {
  let sum = 0;
  let comp = 0;
  for (let i = 0; i < a.length; i++) {
    const x = a[i];
    const t = sum + x;
    comp += Math.abs(sum) >= Math.abs(x) ? sum - t + x : x - t + sum;
    sum = t;
  }
  return Number.isFinite(sum) ? sum + comp : sum;
}

/**
 * One-sided p-value of a test statistic with one degree of freedom, Gammapy's `p_value`: `0.5 * chi2.sf(ts, 1)`,
 * i.e. the Gaussian tail probability beyond `sqrt(ts)`.
 *
 * @param ts test statistic (>= 0)
 */
export function tsToPValue(ts: number): number {
  return 0.5 * erfc(Math.sqrt(ts / 2));
}

/**
 * Base of {@link CashCountsStatistic} and {@link WStatCountsStatistic} (Gammapy's `CountsStatistic`): TS,
 * significance, p-value, asymmetric errors and upper limits from the statistic profile in the signal.
 */
export abstract class CountsStatistic {
  /** Measured counts (ON region), Gammapy's `n_on`. */
  readonly nOn: Float64Array;

  protected constructor(nOn: Float64Array) {
    this.nOn = nOn;
  }

  /** Number of bins. */
  get length(): number {
    return this.nOn.length;
  }

  /** Expected background counts per bin, Gammapy's `n_bkg`. */
  abstract get nBkg(): Float64Array;
  /** Excess (best-fit signal counts) per bin, Gammapy's `n_sig`. */
  abstract get nSig(): Float64Array;
  /** Approximate symmetric error of the excess per bin, Gammapy's `error`. */
  abstract get error(): Float64Array;
  /** Statistic of the null hypothesis per bin, Gammapy's `stat_null`. */
  abstract get statNull(): Float64Array;
  /** Statistic at the best-fit signal per bin, Gammapy's `stat_max`. */
  abstract get statMax(): Float64Array;
  /** Statistic of bin `i` for signal `mu` (Gammapy's `_stat_fcn`). */
  protected abstract statAt(mu: number, i: number): number;
  /** Statistic difference of bin `i` for an excess `nSig` (Gammapy's `_n_sig_matching_significance_fcn` parts). */
  protected abstract tsForExcess(nSig: number, i: number): number;

  /** TS of the measured excess against no excess, `max(statNull - statMax, 0)`, Gammapy's `ts`. */
  get ts(): Float64Array {
    const s0 = this.statNull;
    const s1 = this.statMax;
    const out = new Float64Array(s0.length);
    for (let i = 0; i < out.length; i++) {
      const d = s0[i] - s1[i];
      out[i] = Math.max(d, 0);
    }
    return out;
  }

  /** Significance signed by the excess, `sign(nSig) * sqrt(ts)`, Gammapy's `sqrt_ts`. */
  get sqrtTs(): Float64Array {
    const ts = this.ts;
    const nSig = this.nSig;
    for (let i = 0; i < ts.length; i++) ts[i] = Math.sign(nSig[i]) * Math.sqrt(ts[i]);
    return ts;
  }

  /** One-sided p-value of the excess, `0.5 * chi2.sf(ts, 1)`, Gammapy's `p_value`. */
  get pValue(): Float64Array {
    const ts = this.ts;
    for (let i = 0; i < ts.length; i++) ts[i] = tsToPValue(ts[i]);
    return ts;
  }

  /**
   * Downward error of the excess per bin, Gammapy's `compute_errn`: `nSig - mu` where the statistic is `nSigma^2`
   * above its minimum, searched in `[nSig - 2 nSigma (error + 1), nSig]`; where no crossing is found it is `nOn`.
   *
   * @param nSigma confidence level in Gaussian sigmas (default 1)
   */
  errn(nSigma = 1): Float64Array {
    const nSig = this.nSig;
    const err = this.error;
    const statMax = this.statMax;
    const out = new Float64Array(nSig.length);
    for (let i = 0; i < out.length; i++) {
      const target = statMax[i] + nSigma ** 2;
      const lo = nSig[i] - 2 * nSigma * (err[i] + 1);
      const root = this.findRoot(i, target, lo, nSig[i]);
      out[i] = Number.isNaN(root) ? this.nOn[i] : nSig[i] - root;
    }
    return out;
  }

  /**
   * Upward error of the excess per bin, Gammapy's `compute_errp`: `mu - nSig` where the statistic is `nSigma^2`
   * above its minimum, searched in `[nSig, nSig + 2 nSigma (error + 1)]` (NaN where there is no crossing).
   *
   * @param nSigma confidence level in Gaussian sigmas (default 1)
   */
  errp(nSigma = 1): Float64Array {
    const nSig = this.nSig;
    const err = this.error;
    const statMax = this.statMax;
    const out = new Float64Array(nSig.length);
    for (let i = 0; i < out.length; i++) {
      const target = statMax[i] + nSigma ** 2;
      const hi = nSig[i] + 2 * nSigma * (err[i] + 1);
      out[i] = this.findRoot(i, target, nSig[i], hi) - nSig[i];
    }
    return out;
  }

  /**
   * Upper limit on the signal counts per bin, Gammapy's `compute_upper_limit`: the signal above the excess where the
   * statistic is `nSigma^2` above its value at the excess, searched in `[nSig, nSig + 2 nSigma (error + 1)]` (NaN
   * where there is no crossing). As in Gammapy 1.0 the search starts at the excess also when it is negative.
   *
   * @param nSigma confidence level in Gaussian sigmas (default 3)
   */
  computeUpperLimit(nSigma = 3): Float64Array {
    const nSig = this.nSig;
    const err = this.error;
    const out = new Float64Array(nSig.length);
    for (let i = 0; i < out.length; i++) {
      const target = this.statAt(nSig[i], i) + nSigma ** 2;
      const hi = nSig[i] + 2 * nSigma * (err[i] + 1);
      out[i] = this.findRoot(i, target, nSig[i], hi);
    }
    return out;
  }

  /**
   * Excess per bin whose signed significance equals `significance` with this background, Gammapy's
   * `n_sig_matching_significance` (the inverse of {@link sqrtTs}). As Gammapy, a secant search
   * ({@link secantRoot}) starts at `sqrt(nBkg) * significance` and that value times `1 + 1e-4` plus `1e-4` (minus
   * where negative), so that results, including Gammapy's midpoint answers where the function is flat (e.g.
   * `significance = 0`) and NaN where the search fails, are Gammapy's.
   *
   * @param significance signed significance in Gaussian sigmas
   */
  nSigMatchingSignificance(significance: number): Float64Array {
    const nBkg = this.nBkg;
    const out = new Float64Array(nBkg.length);
    for (let i = 0; i < out.length; i++) {
      const g = (n: number): number => {
        const ts = this.tsForExcess(n, i);
        return Math.sign(n) * Math.sqrt(Math.max(ts, 0)) - significance;
      };
      const x0 = Math.sqrt(nBkg[i]) * significance;
      let x1 = x0 * (1 + 1e-4);
      x1 += x1 >= 0 ? 1e-4 : -1e-4;
      out[i] = secantRoot(g, x0, x1).root;
    }
    return out;
  }

  private findRoot(i: number, target: number, lo: number, hi: number): number {
    const r = brentRoot((mu) => this.statAt(mu, i) - target, lo, hi);
    return r.converged ? r.root : Number.NaN;
  }
}

/**
 * Counts with a known background (Poisson, Cash statistic), Gammapy's `CashCountsStatistic(n_on, mu_bkg)`.
 *
 * @example new CashCountsStatistic([10, 5], [2, 2]).sqrtTs
 */
export class CashCountsStatistic extends CountsStatistic {
  /** Known expected background counts per bin, Gammapy's `mu_bkg`. */
  readonly muBkg: Float64Array;

  /**
   * @param nOn measured counts (number or one per bin)
   * @param muBkg known background counts (number or one per bin)
   * @throws ArgumentError when array lengths differ
   */
  constructor(nOn: NumberOrArray, muBkg: NumberOrArray) {
    const n = binCount({ nOn, muBkg });
    super(toArray(nOn, n));
    this.muBkg = toArray(muBkg, n);
  }

  /** Expected background, `muBkg` (Gammapy's `n_bkg`). */
  get nBkg(): Float64Array {
    return this.muBkg.slice();
  }

  /** Excess `nOn - muBkg`, Gammapy's `n_sig`. */
  get nSig(): Float64Array {
    const out = new Float64Array(this.length);
    for (let i = 0; i < out.length; i++) out[i] = this.nOn[i] - this.muBkg[i];
    return out;
  }

  /** Approximate error `sqrt(nOn)`, Gammapy's `error`. */
  get error(): Float64Array {
    return this.nOn.map(Math.sqrt);
  }

  /** `cash(nOn, muBkg)`, Gammapy's `stat_null`. */
  get statNull(): Float64Array {
    return this.nOn.map((n, i) => cash(n, this.muBkg[i] + 0));
  }

  /** `cash(nOn, nOn)`, Gammapy's `stat_max`. */
  get statMax(): Float64Array {
    return this.nOn.map((n) => cash(n, n));
  }

  protected statAt(mu: number, i: number): number {
    return cash(this.nOn[i], this.muBkg[i] + mu);
  }

  protected tsForExcess(nSig: number, i: number): number {
    const b = this.muBkg[i];
    return cash(nSig + b, b) - cash(nSig + b, b + nSig);
  }

  /** Bins summed into one (counts and background added), Gammapy's `sum()`. */
  sum(): CashCountsStatistic {
    return new CashCountsStatistic(neumaierSum(this.nOn), neumaierSum(this.muBkg));
  }
}

/**
 * ON/OFF counts with a background measured in an OFF region (WStat), Gammapy's
 * `WStatCountsStatistic(n_on, n_off, alpha, mu_sig=None)`. With `muSig = 0`, {@link sqrtTs} is the Li & Ma (1983)
 * eq. 17 significance.
 *
 * @example new WStatCountsStatistic(13, 11, 0.5).sqrtTs
 */
export class WStatCountsStatistic extends CountsStatistic {
  /** OFF-region counts per bin, Gammapy's `n_off`. */
  readonly nOff: Float64Array;
  /** ON/OFF exposure ratio per bin, Gammapy's `alpha`. */
  readonly alpha: Float64Array;
  /** Expected signal counts of the null hypothesis per bin (zeros by default), Gammapy's `mu_sig`. */
  readonly muSig: Float64Array;

  /**
   * @param nOn ON counts (number or one per bin)
   * @param nOff OFF counts (number or one per bin)
   * @param alpha ON/OFF exposure ratio (number or one per bin)
   * @param muSig expected signal of the null hypothesis (default 0)
   * @throws ArgumentError when array lengths differ
   */
  constructor(nOn: NumberOrArray, nOff: NumberOrArray, alpha: NumberOrArray, muSig?: NumberOrArray) {
    const n = binCount({ nOn, nOff, alpha, muSig });
    super(toArray(nOn, n));
    this.nOff = toArray(nOff, n);
    this.alpha = toArray(alpha, n);
    this.muSig = toArray(muSig ?? 0, n);
  }

  /** Background in the ON region `alpha * nOff`, Gammapy's `n_bkg`. */
  get nBkg(): Float64Array {
    return this.alpha.map((a, i) => a * this.nOff[i]);
  }

  /** Excess `nOn - alpha * nOff - muSig`, Gammapy's `n_sig`. */
  get nSig(): Float64Array {
    return this.nOn.map((n, i) => n - this.alpha[i] * this.nOff[i] - this.muSig[i]);
  }

  /** Approximate error `sqrt(nOn + alpha^2 nOff)`, Gammapy's `error`. */
  get error(): Float64Array {
    return this.nOn.map((n, i) => Math.sqrt(n + this.alpha[i] ** 2 * this.nOff[i]));
  }

  /** `wstat(nOn, nOff, alpha, muSig)`, Gammapy's `stat_null`. */
  get statNull(): Float64Array {
    return this.nOn.map((n, i) => wstat(n, this.nOff[i], this.alpha[i], this.muSig[i]));
  }

  /** `wstat(nOn, nOff, alpha, nSig + muSig)`, Gammapy's `stat_max`. */
  get statMax(): Float64Array {
    const nSig = this.nSig;
    return this.nOn.map((n, i) => wstat(n, this.nOff[i], this.alpha[i], nSig[i] + this.muSig[i]));
  }

  protected statAt(mu: number, i: number): number {
    return wstat(this.nOn[i], this.nOff[i], this.alpha[i], mu + this.muSig[i]);
  }

  protected tsForExcess(nSig: number, i: number): number {
    const b = this.alpha[i] * this.nOff[i];
    return wstat(nSig + b, this.nOff[i], this.alpha[i], 0) - wstat(nSig + b, this.nOff[i], this.alpha[i], nSig);
  }

  /**
   * Bins summed into one, Gammapy's `sum()`: counts added, `alpha = sum(alpha nOff) / sum(nOff)`, `muSig` dropped.
   */
  sum(): WStatCountsStatistic {
    const nOff = neumaierSum(this.nOff);
    return new WStatCountsStatistic(neumaierSum(this.nOn), nOff, neumaierSum(this.nBkg) / nOff);
  }
}

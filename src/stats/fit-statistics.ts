/**
 * Poisson fit statistics as Gammapy 1.0's `gammapy.stats.fit_statistics`: Cash, C-stat and WStat per bin, the
 * profiled WStat background, and compensated (Neumaier) sums over many bins that allocate nothing.
 *
 * All counts and expectations are numbers of events (dimensionless). Statistics are `-2 log L` up to constants, as
 * Gammapy's.
 */
import { ArgumentError } from "../util/errors.js";

/**
 * Smallest expected count used inside `log` by {@link cash} and {@link cstat}: Gammapy's `TRUNCATION_VALUE` (1e-25).
 */
export const TRUNCATION_VALUE = 1e-25;

/**
 * Cash statistic of one bin, Gammapy's `cash(n_on, mu_on)`: `2 (mu - n log mu)`, with `mu` replaced by
 * {@link TRUNCATION_VALUE} where `mu <= TRUNCATION_VALUE` (so `mu <= 0` gives a large finite value when `n > 0`).
 *
 * @param nOn observed counts
 * @param muOn expected counts
 */
export function cash(nOn: number, muOn: number): number {
  const mu = Math.max(muOn, TRUNCATION_VALUE);
  return 2 * (mu - nOn * Math.log(mu));
}

/**
 * C statistic of one bin, Gammapy's `cstat(n_on, mu_on)`: `2 (mu - n + n (log n - log mu))`, with both `n` and `mu`
 * raised to {@link TRUNCATION_VALUE} where they are at or below it. It is zero at `mu = n` (a goodness of fit).
 *
 * @param nOn observed counts
 * @param muOn expected counts
 */
export function cstat(nOn: number, muOn: number): number {
  const n = Math.max(nOn, TRUNCATION_VALUE);
  const mu = Math.max(muOn, TRUNCATION_VALUE);
  return 2 * (mu - n + n * (Math.log(n) - Math.log(mu)));
}

/**
 * Profile-likelihood background of WStat for one bin, Gammapy's `get_wstat_mu_bkg(n_on, n_off, alpha, mu_sig)`:
 * the expected OFF-normalised background `mu_bkg` (ON-region background is `alpha * mu_bkg`) that maximises the
 * likelihood for a given signal. `alpha = 0` gives NaN or Infinity, as Gammapy.
 *
 * @param nOn counts in the ON region
 * @param nOff counts in the OFF region
 * @param alpha ON/OFF exposure ratio
 * @param muSig expected signal counts in the ON region
 */
export function wstatProfileBackground(nOn: number, nOff: number, alpha: number, muSig: number): number {
  const c = alpha * (nOn + nOff) - (1 + alpha) * muSig;
  const d = Math.sqrt(c * c + 4 * alpha * (alpha + 1) * nOff * muSig);
  return (c + d) / (2 * alpha * (alpha + 1));
}

/**
 * Goodness-of-fit terms WStat adds, Gammapy's `get_wstat_gof_terms(n_on, n_off)`:
 * `2 (-n_on (1 - log n_on) - n_off (1 - log n_off))`, each term 0 where its count is 0.
 *
 * @param nOn counts in the ON region
 * @param nOff counts in the OFF region
 */
export function wstatGofTerms(nOn: number, nOff: number): number {
  const t1 = nOn === 0 ? 0 : -nOn * (1 - Math.log(nOn));
  const t2 = nOff === 0 ? 0 : -nOff * (1 - Math.log(nOff));
  return 2 * (0 + t1 + t2);
}

/**
 * WStat (Poisson ON counts with Poisson OFF background) of one bin, Gammapy's
 * `wstat(n_on, n_off, alpha, mu_sig, mu_bkg=None, extra_terms=True)`:
 * `2 (mu_sig + (1 + alpha) mu_bkg - n_on log(mu_sig + alpha mu_bkg) - n_off log(mu_bkg))` plus the goodness-of-fit
 * terms, with the `n_on` term dropped where `n_on = 0` and the `n_off` term where `n_off = 0`. Without `muBkg` the
 * background is profiled ({@link wstatProfileBackground}).
 *
 * @param nOn counts in the ON region
 * @param nOff counts in the OFF region
 * @param alpha ON/OFF exposure ratio
 * @param muSig expected signal counts in the ON region
 * @param muBkg expected OFF-region background counts; profiled when omitted
 * @param extraTerms add {@link wstatGofTerms} (default true, as Gammapy)
 */
export function wstat(
  nOn: number,
  nOff: number,
  alpha: number,
  muSig: number,
  muBkg?: number,
  extraTerms = true,
): number {
  const bkg = muBkg ?? wstatProfileBackground(nOn, nOff, alpha, muSig);
  const term1 = muSig + (1 + alpha) * bkg;
  const term2 = nOn === 0 ? 0 : -nOn * Math.log(muSig + alpha * bkg);
  const term3 = nOff === 0 ? 0 : -nOff * Math.log(bkg);
  const stat = 2 * (term1 + term2 + term3);
  return extraTerms ? stat + wstatGofTerms(nOn, nOff) : stat;
}

/** A per-bin selection: truthy entries (`true`, non-zero) are included. `null`/omitted selects all bins. */
export type BinMask = ArrayLike<boolean | number> | null | undefined;

function checkLength(name: string, a: ArrayLike<unknown>, n: number): void {
  if (a.length !== n) throw new ArgumentError(`${name} has length ${a.length}`, name, `length ${n}`);
}

/**
 * Sum of {@link cash} over bins (Gammapy's `cash(counts, npred)[mask].sum()`, the stat of `MapDataset.stat_sum`),
 * accumulated with Neumaier's compensated summation so that many small terms do not lose precision. Allocates
 * nothing.
 *
 * Gammapy's compiled `cash_sum_cython` uses a rounded `log(1e-25)` for `npred <= 1e-25` bins and so differs from this
 * (and from Gammapy's `cash`) by ~4e-8 per such bin with one count.
 *
 * @param counts observed counts per bin
 * @param npred predicted counts per bin (same length)
 * @param mask optional selection of bins (same length)
 * @throws ArgumentError when lengths differ
 */
export function cashSum(counts: ArrayLike<number>, npred: ArrayLike<number>, mask?: BinMask): number {
  const n = counts.length;
  checkLength("npred", npred, n);
  if (mask) checkLength("mask", mask, n);
  let sum = 0;
  let comp = 0;
  for (let i = 0; i < n; i++) {
    if (mask && !mask[i]) continue;
    const c = counts[i];
    // empty bins (most of a sky cube) need no logarithm
    const x = c === 0 ? 2 * Math.max(npred[i], TRUNCATION_VALUE) : cash(c, npred[i]);
    const t = sum + x;
    comp += Math.abs(sum) >= Math.abs(x) ? sum - t + x : x - t + sum;
    sum = t;
  }
  return Number.isFinite(sum) ? sum + comp : sum;
}

/**
 * Sum of {@link wstat} (profiled background, with goodness-of-fit terms) over bins, Gammapy's
 * `wstat(...)[mask].sum()` as in `SpectrumDatasetOnOff.stat_sum`, with Neumaier compensated summation and no
 * allocation.
 *
 * @param counts ON counts per bin
 * @param countsOff OFF counts per bin (same length)
 * @param alpha ON/OFF exposure ratio, one number or one per bin
 * @param muSig expected signal counts per bin (same length)
 * @param mask optional selection of bins (same length)
 * @throws ArgumentError when lengths differ
 */
export function wstatSum(
  counts: ArrayLike<number>,
  countsOff: ArrayLike<number>,
  alpha: number | ArrayLike<number>,
  muSig: ArrayLike<number>,
  mask?: BinMask,
): number {
  const n = counts.length;
  checkLength("countsOff", countsOff, n);
  checkLength("muSig", muSig, n);
  const alphaScalar = typeof alpha === "number";
  if (!alphaScalar) checkLength("alpha", alpha, n);
  if (mask) checkLength("mask", mask, n);
  let sum = 0;
  let comp = 0;
  for (let i = 0; i < n; i++) {
    if (mask && !mask[i]) continue;
    const a = alphaScalar ? alpha : alpha[i];
    const x = wstat(counts[i], countsOff[i], a, muSig[i]);
    const t = sum + x;
    comp += Math.abs(sum) >= Math.abs(x) ? sum - t + x : x - t + sum;
    sum = t;
  }
  return Number.isFinite(sum) ? sum + comp : sum;
}

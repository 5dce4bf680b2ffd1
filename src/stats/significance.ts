/**
 * Scalar significance helpers, the one-bin forms of Gammapy's `CashCountsStatistic(...).sqrt_ts` and
 * `WStatCountsStatistic(...).sqrt_ts` (the latter is Li & Ma 1983 eq. 17).
 */
import { cash, wstat } from "./fit-statistics.js";

/**
 * Li & Ma (1983, eq. 17) significance of ON/OFF counts, signed by the excess `nOn - alpha * nOff`: Gammapy's
 * `WStatCountsStatistic(n_on, n_off, alpha).sqrt_ts` for one bin.
 *
 * @param nOn ON counts
 * @param nOff OFF counts
 * @param alpha ON/OFF exposure ratio
 */
export function liMaSignificance(nOn: number, nOff: number, alpha: number): number {
  const nSig = nOn - alpha * nOff - 0;
  const ts = wstat(nOn, nOff, alpha, 0) - wstat(nOn, nOff, alpha, nSig + 0);
  return Math.sign(nSig) * Math.sqrt(Math.max(ts, 0));
}

/**
 * Significance of `nOn` counts over a known background `muBkg` (Cash statistic), signed by the excess: Gammapy's
 * `CashCountsStatistic(n_on, mu_bkg).sqrt_ts` for one bin.
 *
 * @param nOn measured counts
 * @param muBkg known expected background counts
 */
export function cashSignificance(nOn: number, muBkg: number): number {
  const ts = cash(nOn, muBkg + 0) - cash(nOn, nOn);
  return Math.sign(nOn - muBkg) * Math.sqrt(Math.max(ts, 0));
}

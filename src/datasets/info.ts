/** Summary numbers of a spectrum dataset, as Gammapy's `info_dict` (in the safe range). */
import { CashCountsStatistic, WStatCountsStatistic } from "../stats/index.js";
import type { MapDataset } from "./map-dataset.js";
import type { SpectrumDataset } from "./spectrum-dataset.js";

/** Gammapy's `info_dict` keys (rates per second of livetime; exposures in m2 s as Gammapy's H.E.S.S. datasets). */
export interface SpectrumInfo {
  name: string;
  counts: number;
  excess: number;
  sqrt_ts: number;
  background: number;
  npred: number;
  npred_background: number;
  npred_signal: number;
  exposure_min: number;
  exposure_max: number;
  livetime: number;
  ontime: number;
  counts_rate: number;
  background_rate: number;
  excess_rate: number;
  n_bins: number;
  n_fit_bins: number;
  stat_type: string;
  stat_sum: number;
  counts_off?: number;
  acceptance?: number;
  acceptance_off?: number;
  alpha?: number;
}

function maskedSum(values: ArrayLike<number>, mask: Uint8Array): number {
  let s = 0;
  for (let i = 0; i < mask.length; i++) if (mask[i]) s += values[i];
  return s;
}

/** The numbers every dataset kind reports; `infoRecord` derives the rates and Gammapy's key names from them. */
export interface InfoParts {
  readonly name: string;
  readonly counts: number;
  readonly excess: number;
  readonly sqrtTs: number;
  readonly background: number;
  /** Predicted counts in the safe range: total, background, signal (NaN without models). */
  readonly npred: number;
  readonly npredBackground: number;
  readonly npredSignal: number;
  /** Exposure range over the safe range (m2 s). */
  readonly exposureRange: readonly [number, number];
  readonly livetimeS: number;
  readonly ontimeS: number;
  readonly nBins: number;
  readonly nFitBins: number;
  readonly statType: string;
  readonly statSum: number;
}

/** Gammapy's `info_dict` record of the parts (rates per second of livetime), plus on-off `extra` keys. */
export function infoRecord(p: InfoParts, extra: Partial<SpectrumInfo> = {}): SpectrumInfo {
  return {
    name: p.name,
    counts: p.counts,
    excess: p.excess,
    sqrt_ts: p.sqrtTs,
    background: p.background,
    npred: p.npred,
    npred_background: p.npredBackground,
    npred_signal: p.npredSignal,
    exposure_min: p.exposureRange[0],
    exposure_max: p.exposureRange[1],
    livetime: p.livetimeS,
    ontime: p.ontimeS,
    counts_rate: p.counts / p.livetimeS,
    background_rate: p.background / p.livetimeS,
    excess_rate: p.excess / p.livetimeS,
    n_bins: p.nBins,
    n_fit_bins: p.nFitBins,
    stat_type: p.statType,
    stat_sum: p.statSum,
    ...extra,
  };
}

/**
 * ON/OFF totals over a mask, as Gammapy's summed `WStatCountsStatistic`: counts, OFF counts, the OFF-count weighted
 * alpha, the excess statistics, and the on-off info keys (counts_off, acceptance, acceptance_off, alpha).
 */
export function onOffTotals(
  mask: Uint8Array,
  counts: ArrayLike<number>,
  countsOff: ArrayLike<number>,
  alpha: ArrayLike<number>,
  acceptance: ArrayLike<number>,
): { counts: number; excess: number; sqrtTs: number; background: number; extra: Partial<SpectrumInfo> } {
  let nOn = 0;
  let nOff = 0;
  let nBkg = 0;
  let acc = 0;
  for (let i = 0; i < mask.length; i++) {
    if (!mask[i]) continue;
    nOn += Number(counts[i]);
    nOff += countsOff[i];
    nBkg += alpha[i] * countsOff[i];
    acc += acceptance[i];
  }
  const a = nBkg / nOff;
  const st = new WStatCountsStatistic(nOn, nOff, a);
  return {
    counts: nOn,
    excess: st.nSig[0],
    sqrtTs: st.sqrtTs[0],
    background: st.nBkg[0],
    extra: { counts_off: nOff, acceptance: acc, acceptance_off: acc / a, alpha: a },
  };
}

/**
 * Exposure range (m2 s) of positive exposures; for maps only over the pixels where some energy bin is safe
 * (`safe` flat like counts, the exposure's image has `npixImage` pixels), as Gammapy's `info_dict`.
 */
export function exposureRangeM2s(
  exposure: ArrayLike<number | bigint>,
  toM2: number,
  safe?: Uint8Array,
  npixImage = exposure.length,
): [number, number] {
  let safeImage: Uint8Array | undefined;
  if (safe) {
    safeImage = new Uint8Array(npixImage);
    for (let i = 0; i < safe.length; i++) if (safe[i]) safeImage[i % npixImage] = 1;
  }
  let min = Number.POSITIVE_INFINITY;
  let max = Number.NEGATIVE_INFINITY;
  for (let i = 0; i < exposure.length; i++) {
    const v = Number(exposure[i]);
    if (v > 0 && (!safeImage || safeImage[i % npixImage])) {
      min = Math.min(min, v * toM2);
      max = Math.max(max, v * toM2);
    }
  }
  return [min, max];
}

/** Summary of a dataset in its safe range (Gammapy's `info_dict(in_safe_data_range=True)`). */
export function infoDict(d: SpectrumDataset): SpectrumInfo {
  const safe = d.maskSafe;
  const hasModels = d.models !== undefined && d.models.length > 0;
  let stats: { counts: number; excess: number; sqrtTs: number; background: number; extra: Partial<SpectrumInfo> };
  if (d.countsOff) stats = onOffTotals(safe, d.counts, d.countsOff, d.alpha, d.acceptance);
  else {
    const counts = maskedSum(d.counts, safe);
    const background = maskedSum(d.backgroundCounts, safe);
    const st = new CashCountsStatistic(counts, background);
    stats = { counts, excess: st.nSig[0], sqrtTs: st.sqrtTs[0], background, extra: {} };
  }
  return infoRecord(
    {
      name: d.name,
      ...stats,
      npred: maskedSum(d.npred(), safe),
      npredBackground: maskedSum(d.npredBackground(), safe),
      npredSignal: hasModels ? maskedSum(d.npredSignal(), safe) : Number.NaN,
      // spectrum exposures are in cm2 s
      exposureRange: exposureRangeM2s(d.exposure, 1e-4),
      livetimeS: d.livetimeS,
      ontimeS: d.ontimeS,
      nBins: d.counts.length,
      nFitBins: maskedSum(d.mask, d.mask),
      statType: d.statType,
      statSum: hasModels ? d.statSum() : Number.NaN,
    },
    stats.extra,
  );
}

/**
 * Summary of a map dataset in its safe range (Gammapy's `MapDataset.info_dict`): counts statistics against the
 * background map (before any background model), npred with models, exposure range (m2 s) over safe pixels.
 */
export function mapInfoDict(d: MapDataset): SpectrumInfo {
  const safe = d.maskSafe;
  const counts = maskedSum(d.counts.data as ArrayLike<number>, safe);
  const background = d.background ? maskedSum(d.background.data as ArrayLike<number>, safe) : Number.NaN;
  const st = new CashCountsStatistic(counts, background);
  const hasModels = d.models !== undefined && d.models.length > 0;
  const toM2 = d.exposure.unit.trim() === "m2 s" ? 1 : 1e-4;
  const mask = d.mask;
  return infoRecord({
    name: d.name,
    counts,
    excess: st.nSig[0],
    sqrtTs: st.sqrtTs[0],
    background,
    npred: maskedSum(d.npred(), safe),
    npredBackground: maskedSum(d.npredBackground(), safe),
    npredSignal: hasModels ? maskedSum(d.npredSignal(), safe) : Number.NaN,
    exposureRange: exposureRangeM2s(d.exposure.data, toM2, safe, d.exposure.geom.imageSize),
    livetimeS: d.livetimeS,
    ontimeS: d.ontimeS,
    nBins: d.counts.data.length,
    nFitBins: maskedSum(mask, mask),
    statType: "cash",
    statSum: hasModels ? d.statSum() : Number.NaN,
  });
}

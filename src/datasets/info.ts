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

/** Summary of a dataset in its safe range (Gammapy's `info_dict(in_safe_data_range=True)`). */
export function infoDict(d: SpectrumDataset): SpectrumInfo {
  const safe = d.maskSafe;
  const counts = maskedSum(d.counts, safe);
  let excess: number;
  let background: number;
  let sqrtTs: number;
  let extra: Partial<SpectrumInfo> = {};
  if (d.countsOff) {
    const nOff = maskedSum(d.countsOff, safe);
    const nBkg = maskedSum(d.backgroundCounts, safe);
    const alpha = nBkg / nOff;
    const st = new WStatCountsStatistic(counts, nOff, alpha);
    excess = st.nSig[0];
    background = st.nBkg[0];
    sqrtTs = st.sqrtTs[0];
    const acceptance = maskedSum(d.acceptance, safe);
    extra = { counts_off: nOff, acceptance, acceptance_off: acceptance / alpha, alpha };
  } else {
    background = maskedSum(d.backgroundCounts, safe);
    const st = new CashCountsStatistic(counts, background);
    excess = st.nSig[0];
    sqrtTs = st.sqrtTs[0];
  }
  let expMin = Number.POSITIVE_INFINITY;
  let expMax = Number.NEGATIVE_INFINITY;
  for (const v of d.exposure) {
    if (v > 0) {
      expMin = Math.min(expMin, v * 1e-4);
      expMax = Math.max(expMax, v * 1e-4);
    }
  }
  const hasModels = d.models !== undefined && d.models.length > 0;
  return {
    name: d.name,
    counts,
    excess,
    sqrt_ts: sqrtTs,
    background,
    npred: maskedSum(d.npred(), safe),
    npred_background: maskedSum(d.npredBackground(), safe),
    npred_signal: hasModels ? maskedSum(d.npredSignal(), safe) : Number.NaN,
    exposure_min: expMin,
    exposure_max: expMax,
    livetime: d.livetimeS,
    ontime: d.ontimeS,
    counts_rate: counts / d.livetimeS,
    background_rate: background / d.livetimeS,
    excess_rate: excess / d.livetimeS,
    n_bins: d.counts.length,
    n_fit_bins: maskedSum(d.mask, d.mask),
    stat_type: d.statType,
    stat_sum: hasModels ? d.statSum() : Number.NaN,
    ...extra,
  };
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
  const expGeom = d.exposure.geom;
  const npixImage = expGeom.imageSize;
  const safeImage = new Uint8Array(npixImage);
  for (let i = 0; i < safe.length; i++) if (safe[i]) safeImage[i % npixImage] = 1;
  let expMin = Number.POSITIVE_INFINITY;
  let expMax = Number.NEGATIVE_INFINITY;
  const toM2 = d.exposure.unit.trim() === "m2 s" ? 1 : 1e-4;
  const e = d.exposure.data;
  for (let i = 0; i < e.length; i++) {
    const v = Number(e[i]);
    if (v > 0 && safeImage[i % npixImage]) {
      expMin = Math.min(expMin, v * toM2);
      expMax = Math.max(expMax, v * toM2);
    }
  }
  const mask = d.mask;
  return {
    name: d.name,
    counts,
    excess: st.nSig[0],
    sqrt_ts: st.sqrtTs[0],
    background,
    npred: maskedSum(d.npred(), safe),
    npred_background: maskedSum(d.npredBackground(), safe),
    npred_signal: hasModels ? maskedSum(d.npredSignal(), safe) : Number.NaN,
    exposure_min: expMin,
    exposure_max: expMax,
    livetime: d.livetimeS,
    ontime: d.ontimeS,
    counts_rate: counts / d.livetimeS,
    background_rate: background / d.livetimeS,
    excess_rate: st.nSig[0] / d.livetimeS,
    n_bins: d.counts.data.length,
    n_fit_bins: maskedSum(mask, mask),
    stat_type: "cash",
    stat_sum: hasModels ? d.statSum() : Number.NaN,
  };
}

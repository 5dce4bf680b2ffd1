/**
 * Excess and significance maps of an on-off map dataset (the `MapDatasetOnOff` branch of Gammapy 1.0's
 * `ExcessMapEstimator`). The dataset is first resampled to the output energy groups as Gammapy's
 * `MapDatasetOnOff.resample_energy_axis` (counts, OFF counts, acceptance and background alpha x OFF summed within the
 * safe mask, acceptance_off = acceptance x OFF / background, safe mask OR'ed); then per pixel, with a top-hat of
 * `correlationRadiusDeg`: ON counts correlated (rounded), the model signal correlated, and either (correlateOff, the
 * default) OFF counts and background correlated with alpha = correlated background / correlated OFF, or alpha =
 * correlated ON acceptance / OFF acceptance; WStat counts statistics give ts, sqrt_ts and the excess.
 * Flux-normalisation maps (norm, norm_err) are not computed.
 */
import type { MapDatasetOnOff } from "../datasets/map-dataset-onoff.js";
import { WStatCountsStatistic } from "../stats/index.js";
import { type ExcessMaps, excessMapGrid } from "./excess-map.js";

/** Options of {@link estimateExcessMapOnOff} (Gammapy's defaults). */
export interface ExcessMapOnOffOptions {
  /** Correlation radius (deg), default 0.1. */
  readonly correlationRadiusDeg?: number;
  /** Reco-energy edges of the output (TeV); default one bin over the dataset's axis. */
  readonly energyEdgesTeV?: ArrayLike<number>;
  /** Correlate the OFF counts too (default true, as Gammapy). */
  readonly correlateOff?: boolean;
  /** Number of sigma of the errors, reported in the result (default 1). */
  readonly nSigma?: number;
  /** Number of sigma of upper limits, reported in the result (default 2). */
  readonly nSigmaUl?: number;
}

/**
 * Excess maps of an on-off dataset: `npred` / `counts` (correlated ON counts), `npred_excess`, `ts`, `sqrt_ts` and
 * `alpha` (the alpha used per pixel), each (nGroups, ny, nx), NaN outside the (safe, and fit if any) mask.
 */
export function estimateExcessMapOnOff(dataset: MapDatasetOnOff, options: ExcessMapOnOffOptions = {}): ExcessMaps {
  const { groups, outGeom, npix, nOut, conv } = excessMapGrid(dataset.geom, options);
  const correlateOff = options.correlateOff ?? true;
  const names = ["npred", "npred_excess", "counts", "ts", "sqrt_ts", "alpha"];
  const maps: Record<string, Float64Array> = Object.fromEntries(names.map((n) => [n, new Float64Array(nOut * npix)]));
  const counts = dataset.counts.data;
  const safe = dataset.maskSafe;
  const fit = dataset.maskFit;
  const alphaIn = dataset.alpha;
  const hasModels = dataset.models !== undefined && dataset.models.length > 0;
  const sigIn = hasModels ? dataset.npredSignal() : undefined;
  for (let b = 0; b < nOut; b++) {
    const [start, stop] = groups[b];
    // resampled maps (Gammapy's resample_energy_axis with the safe mask as weights)
    const nOn = new Float64Array(npix);
    const nOff = new Float64Array(npix);
    const accOn = new Float64Array(npix);
    const bkgSum = new Float64Array(npix);
    const sig = new Float64Array(npix);
    const mask = new Float64Array(npix);
    const safeAny = new Uint8Array(npix);
    const fitAny = new Uint8Array(npix);
    for (let e = start; e < stop; e++)
      for (let i = 0; i < npix; i++) {
        const k = e * npix + i;
        if (fit?.[k]) fitAny[i] = 1;
        if (!safe[k]) continue;
        safeAny[i] = 1;
        nOn[i] += Number(counts[k]);
        nOff[i] += dataset.countsOff[k];
        accOn[i] += dataset.acceptance[k];
        bkgSum[i] += alphaIn[k] * dataset.countsOff[k];
        if (sigIn) sig[i] += sigIn[k];
      }
    for (let i = 0; i < npix; i++) mask[i] = fit ? safeAny[i] & fitAny[i] : safeAny[i];
    // resampled acceptance_off and background = nan_to_num(acceptance / acceptance_off) x OFF, masked
    const background = new Float64Array(npix);
    const accOffMasked = new Float64Array(npix);
    for (let i = 0; i < npix; i++) {
      const accOff = (accOn[i] * nOff[i]) / bkgSum[i];
      const a = accOn[i] / accOff;
      const alpha = Number.isNaN(a) ? 0 : Number.isFinite(a) ? a : Math.sign(a) * Number.MAX_VALUE;
      background[i] = accOff === 0 ? 0 : alpha * nOff[i] * mask[i];
      accOffMasked[i] = accOff * mask[i];
      nOn[i] *= mask[i];
      nOff[i] *= mask[i];
      accOn[i] *= mask[i];
      sig[i] *= mask[i];
    }
    const nOnConv = conv(nOn).map(Math.round);
    const sigConv = conv(sig);
    let nOffUsed: Float64Array;
    const alpha = new Float64Array(npix);
    if (correlateOff) {
      const bkgConv = conv(background);
      nOffUsed = conv(nOff);
      for (let i = 0; i < npix; i++) alpha[i] = bkgConv[i] / nOffUsed[i];
    } else {
      nOffUsed = nOff;
      const accConv = conv(accOn);
      for (let i = 0; i < npix; i++) alpha[i] = accConv[i] / accOffMasked[i];
    }
    const stat = new WStatCountsStatistic(nOnConv, nOffUsed, alpha, sigConv);
    const put = (name: string, values: ArrayLike<number>) => {
      const out = maps[name];
      for (let i = 0; i < npix; i++) out[b * npix + i] = mask[i] ? values[i] : Number.NaN;
    };
    put("npred", stat.nOn);
    put("counts", stat.nOn);
    put("npred_excess", stat.nSig);
    put("ts", stat.ts);
    put("sqrt_ts", stat.sqrtTs);
    put("alpha", alpha);
  }
  return { geom: outGeom, maps, nSigma: options.nSigma ?? 1, nSigmaUl: options.nSigmaUl ?? 2 };
}

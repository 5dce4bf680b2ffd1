/**
 * Light curves (Gammapy's `LightCurveEstimator` with time intervals = the datasets' observations): for each time bin
 * the datasets inside it are fitted bin by bin in energy as flux points (norm of the source's best-fit spectral model,
 * other parameters frozen), giving norm, errors, TS and upper limits per time and energy bin.
 */
import { GammatsError } from "../util/errors.js";
import { estimateFluxPoints, type FluxPoints, type FluxPointsDataset, type FluxPointsOptions } from "./flux-points.js";

/** A light curve: time bins (MJD, TT) with their flux points. */
export interface LightCurve {
  readonly timeMinMjd: Float64Array;
  readonly timeMaxMjd: Float64Array;
  /** Flux points per time bin (same energy bins for all). */
  readonly points: readonly FluxPoints[];
}

/**
 * One light-curve point per dataset (its observation's start and stop in MJD TT), flux points of `options.source`
 * in `options.energyEdgesTeV`.
 */
export function estimateLightCurve(
  datasets: readonly FluxPointsDataset[],
  times: ReadonlyArray<{ startMjd: number; stopMjd: number }>,
  options: Omit<FluxPointsOptions, "onProgress"> & { onProgress?: (done: number, total: number) => void },
): LightCurve {
  if (times.length !== datasets.length)
    throw new GammatsError("BAD_ARGUMENT", "one time interval per dataset is needed", { key: "times" });
  const order = times.map((_, i) => i).sort((a, b) => times[a].startMjd - times[b].startMjd);
  const points: FluxPoints[] = [];
  for (const [k, i] of order.entries()) {
    const { onProgress: _ignored, ...fpOptions } = options;
    points.push(estimateFluxPoints([datasets[i]], fpOptions));
    options.onProgress?.(k + 1, order.length);
  }
  return {
    timeMinMjd: Float64Array.from(order, (i) => times[i].startMjd),
    timeMaxMjd: Float64Array.from(order, (i) => times[i].stopMjd),
    points,
  };
}

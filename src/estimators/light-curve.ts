/**
 * Light curves (Gammapy's `LightCurveEstimator`): for each time interval, the datasets whose observation lies inside
 * it (start >= t_min and stop <= t_max, 1 µs tolerance, as `Datasets.select_time`) are fitted jointly bin by bin in
 * energy as flux points (norm of the source's best-fit spectral model, other parameters frozen), giving norm, errors,
 * TS and upper limits per time and energy bin. Without intervals, each dataset's observation is one interval.
 */
import { GammatsError } from "../util/errors.js";
import {
  estimateFluxPoints,
  type FluxEstimationDataset,
  type FluxPoints,
  type FluxPointsOptions,
} from "./flux-points.js";

/** A light curve: time bins (MJD, TT) with their flux points. */
export interface LightCurve {
  readonly timeMinMjd: Float64Array;
  readonly timeMaxMjd: Float64Array;
  /** Flux points per time bin (same energy bins for all). */
  readonly points: readonly FluxPoints[];
}

/** A time interval, MJD (TT). */
export interface TimeInterval {
  readonly startMjd: number;
  readonly stopMjd: number;
}

const ATOL_DAYS = 1e-6 / 86400;

/**
 * Light curve of `options.source`. `times` gives each dataset's observation start/stop (MJD TT); `intervals` the
 * time bins (default: one per dataset, sorted by start). Intervals containing no dataset are skipped, as Gammapy.
 */
export function estimateLightCurve(
  datasets: readonly FluxEstimationDataset[],
  times: readonly TimeInterval[],
  options: Omit<FluxPointsOptions, "onProgress"> & {
    readonly intervals?: readonly TimeInterval[];
    readonly onProgress?: (done: number, total: number) => void;
  },
): LightCurve {
  if (times.length !== datasets.length)
    throw new GammatsError("BAD_ARGUMENT", "one time interval per dataset is needed", { key: "times" });
  const intervals = options.intervals ?? [...times].sort((a, b) => a.startMjd - b.startMjd);
  const { onProgress, intervals: _unused, ...fpOptions } = options;
  const points: FluxPoints[] = [];
  const kept: TimeInterval[] = [];
  intervals.forEach((interval, k) => {
    const selected = datasets.filter(
      (_, i) => times[i].startMjd >= interval.startMjd - ATOL_DAYS && times[i].stopMjd <= interval.stopMjd + ATOL_DAYS,
    );
    if (selected.length) {
      points.push(estimateFluxPoints(selected, fpOptions));
      kept.push(interval);
    }
    onProgress?.(k + 1, intervals.length);
  });
  return {
    timeMinMjd: Float64Array.from(kept, (t) => t.startMjd),
    timeMaxMjd: Float64Array.from(kept, (t) => t.stopMjd),
    points,
  };
}

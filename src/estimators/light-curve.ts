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
  const { onProgress, intervals, ...fpOptions } = options;
  const bins = lightCurveBins(times, intervals);
  const points = bins.map((bin, k) => {
    const fp = estimateFluxPoints(
      bin.datasets.map((i) => datasets[i]),
      fpOptions,
    );
    onProgress?.(k + 1, bins.length);
    return fp;
  });
  return lightCurveOf(bins, points);
}

/** A time bin of a light curve: its interval and the indices of the datasets inside it. */
export interface LightCurveBin {
  readonly interval: TimeInterval;
  readonly datasets: readonly number[];
}

/**
 * The time bins of a light curve: `intervals` (default: one per dataset, sorted by start), each with the datasets
 * whose observation lies inside it (1 µs tolerance, as Gammapy's `Datasets.select_time`); empty intervals dropped.
 */
export function lightCurveBins(times: readonly TimeInterval[], intervals?: readonly TimeInterval[]): LightCurveBin[] {
  const bins = intervals ?? [...times].sort((a, b) => a.startMjd - b.startMjd);
  return bins
    .map((interval) => ({
      interval,
      datasets: times.flatMap((t, i) =>
        t.startMjd >= interval.startMjd - ATOL_DAYS && t.stopMjd <= interval.stopMjd + ATOL_DAYS ? [i] : [],
      ),
    }))
    .filter((b) => b.datasets.length > 0);
}

/** The light curve of time bins and their flux points (same order). */
export function lightCurveOf(bins: readonly LightCurveBin[], points: readonly FluxPoints[]): LightCurve {
  return {
    timeMinMjd: Float64Array.from(bins, (b) => b.interval.startMjd),
    timeMaxMjd: Float64Array.from(bins, (b) => b.interval.stopMjd),
    points,
  };
}

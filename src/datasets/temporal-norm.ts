/**
 * The temporal part of a sky model in a dataset's prediction (Gammapy's `MapEvaluator.compute_temporal_norm`): the
 * sum over the dataset's GTIs of the temporal model's `integral`, i.e. the mean of its norm over the good time. The
 * GTIs (TT for DL3 data) are converted to UTC, the scale of the temporal models' reference times, as Gammapy does.
 */
import { type GTI, gtiMjdIntervals } from "../data/gti.js";
import type { SkyModel } from "../modeling/models.js";
import { GammatsError } from "../util/errors.js";

const intervals = new WeakMap<GTI, { startMjd: Float64Array; stopMjd: Float64Array }>();

/** UTC MJD intervals of a GTI (cached per GTI object). */
function mjdIntervals(gti: GTI): { startMjd: Float64Array; stopMjd: Float64Array } {
  let v = intervals.get(gti);
  if (!v) {
    v = gtiMjdIntervals(gti, "utc");
    intervals.set(gti, v);
  }
  return v;
}

/**
 * Factor of a model's predicted counts in a dataset: 1 without a temporal model, else the mean of the temporal norm
 * over the dataset's GTIs. Throws `NO_GTI` naming the dataset when it has a temporal model but no GTI.
 */
export function temporalNorm(model: SkyModel, gti: GTI | undefined, datasetName: string): number {
  const temporal = model.temporalModel;
  if (!temporal) return 1;
  if (!gti || gti.length === 0)
    throw new GammatsError(
      "NO_GTI",
      `dataset '${datasetName}' has no GTI for the temporal model of '${model.name}'`,
      { key: datasetName },
      "a dataset with good time intervals",
    );
  const { startMjd, stopMjd } = mjdIntervals(gti);
  let s = 0;
  for (const v of temporal.integral(startMjd, stopMjd)) s += v;
  return s;
}

/**
 * Flux points and light curves of map datasets as tasks: each energy bin of the flux points and each time interval
 * of a light curve is one `flux-points` task on the datasets in plain form and the fitted models (YAML, which keeps
 * every value exactly), so an executor can run the bins in parallel; the bins are put together in order, and the
 * numbers are those of `estimateFluxPoints` on the same datasets for any executor.
 */
import { estimateFluxPoints, type FluxPoints, type FluxPointsOptions } from "../estimators/flux-points.js";
import { mapDatasetFromParts, mapPartsFromPlain, type PlainMapDatasetParts } from "../makers/index.js";
import { readModelsYaml } from "../modeling/models-io.js";
import type { TaskDefinition } from "./tasks.js";

/** A map dataset in plain form: its parts and its fit mask (flat like counts). */
export interface PlainMapDataset {
  readonly parts: PlainMapDatasetParts;
  readonly maskFit?: Uint8Array;
}

/** Flux-point options that cross a task boundary (no callbacks). */
export type FluxPointsTaskOptions = Omit<FluxPointsOptions, "onProgress" | "signal">;

/** Input of the `flux-points` task. */
export interface FluxPointsTaskInput {
  readonly datasets: readonly PlainMapDataset[];
  /** The fitted models, as Gammapy's models YAML. */
  readonly models: string;
  readonly options: FluxPointsTaskOptions;
}

/** Task: flux points of map datasets (`estimateFluxPoints` on the datasets rebuilt with the models set). */
export const fluxPointsTask: TaskDefinition<FluxPointsTaskInput, FluxPoints> = {
  name: "flux-points",
  version: 1,
  run(input, env) {
    const models = readModelsYaml(input.models, undefined, { readMap: (f) => env.map(f) });
    const datasets = input.datasets.map(({ parts, maskFit }) => {
      const d = mapDatasetFromParts(mapPartsFromPlain(parts));
      d.maskFit = maskFit;
      d.models = models.forDataset(d.name);
      return d;
    });
    return estimateFluxPoints(datasets, input.options);
  },
};

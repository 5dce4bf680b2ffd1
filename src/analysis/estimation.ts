/**
 * Flux points and light curves of map datasets as tasks: each energy bin of the flux points and each time interval
 * of a light curve is one `flux-points` task on the datasets in plain form and the fitted models (YAML, which keeps
 * every value exactly), so an executor can run the bins in parallel; the bins are put together in order, and the
 * numbers are those of `estimateFluxPoints` on the same datasets for any executor.
 */
import type { MapDataset } from "../datasets/map-dataset.js";
import { estimateFluxPoints, type FluxPoints, type FluxPointsOptions } from "../estimators/flux-points.js";
import {
  estimateTSMap,
  mergeTSMapRows,
  type TSMapOptions,
  type TSMaps,
  tsMapDefaultSpectralModel,
} from "../estimators/ts-map.js";
import { mapDatasetFromPlain, type PlainMapDataset, plainMapDataset } from "../makers/to-dataset.js";
import { type PlainWcsGeom, wcsGeomFromPlain, wcsGeomToPlain } from "../maps/plain.js";
import { Models, SkyModel } from "../modeling/models.js";
import { modelsToYaml, readModelsYaml } from "../modeling/models-io.js";
import type { TaskEnvironment } from "./tasks.js";
import { type Executor, type ForEachOptions, mapTasks, type TaskDefinition } from "./tasks.js";

/** A map dataset from its plain form, with the models of a models YAML that apply to it. */
function mapDatasetWithModels(p: PlainMapDataset, models: Models | undefined): MapDataset {
  const d = mapDatasetFromPlain(p);
  d.models = models?.forDataset(d.name);
  return d;
}

/** The models of a task's models YAML (template files read through the task environment). */
function taskModels(yaml: string, env: TaskEnvironment): Models {
  return readModelsYaml(yaml, undefined, { readMap: (f) => env.map(f) });
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
    const models = taskModels(input.models, env);
    return estimateFluxPoints(
      input.datasets.map((p) => mapDatasetWithModels(p, models)),
      input.options,
    );
  },
};

/** TS-map options that cross a task boundary (the kernel's models travel as YAML). */
export type TSMapTaskOptions = Omit<TSMapOptions, "spectralModel" | "spatialModel">;

/** Input of the `ts-map` task. */
export interface TSMapTaskInput {
  readonly dataset: PlainMapDataset;
  /** The dataset's models as YAML (its npred, e.g. the background model, is the TS map's background). */
  readonly models?: string;
  /** The source kernel as a models YAML of one sky model (its spectral and spatial shapes), if not the default. */
  readonly kernel?: string;
  readonly options: TSMapTaskOptions;
}

/** TS maps with a plain geometry. */
export interface PlainTSMaps extends Omit<TSMaps, "geom"> {
  readonly geom: PlainWcsGeom;
}

/** Task: TS maps (or one row tile of them) of a map dataset (`estimateTSMap`). */
export const tsMapTask: TaskDefinition<TSMapTaskInput, PlainTSMaps> = {
  name: "ts-map",
  version: 1,
  run(input, env) {
    const models = input.models === undefined ? undefined : taskModels(input.models, env);
    const kernel = input.kernel === undefined ? undefined : [...taskModels(input.kernel, env)][0];
    const maps = estimateTSMap(mapDatasetWithModels(input.dataset, models), {
      ...input.options,
      spectralModel: kernel?.spectralModel,
      spatialModel: kernel?.spatialModel,
    });
    return { ...maps, geom: wcsGeomToPlain(maps.geom) };
  },
};

/**
 * TS maps of a map dataset (made from reduced parts) computed as row tiles by an executor, two per worker (one tile
 * when downsampling): equal to `estimateTSMap` on the dataset, since every pixel's fit is independent.
 */
export async function estimateTSMapTiles(
  dataset: MapDataset,
  options: TSMapOptions,
  executor: Executor,
  forEachOptions: ForEachOptions = {},
): Promise<TSMaps> {
  const plain = plainMapDataset(dataset);
  if (!plain) return estimateTSMap(dataset, options);
  const { spectralModel, spatialModel, ...rest } = options;
  const kernel =
    spectralModel || spatialModel
      ? modelsToYaml(
          new Models([
            new SkyModel({
              name: "ts-map-kernel",
              spectralModel: spectralModel ?? tsMapDefaultSpectralModel(),
              spatialModel,
            }),
          ]),
        )
      : undefined;
  const models = dataset.models ? modelsToYaml(dataset.models) : undefined;
  const ny = dataset.counts.geom.npix[1];
  const n = (options.downsamplingFactor ?? 1) === 1 ? Math.min(ny, 2 * executor.concurrency) : 1;
  const rows = Array.from({ length: n }, (_, k): [number, number] => [
    Math.floor((k * ny) / n),
    Math.floor(((k + 1) * ny) / n),
  ]);
  const tiles = await mapTasks(
    executor,
    tsMapTask,
    rows.map((r) => ({ dataset: plain, models, kernel, options: n > 1 ? { ...rest, rows: r } : rest })),
    forEachOptions,
  );
  const maps = tiles.map((t) => ({ ...t, geom: wcsGeomFromPlain(t.geom) }));
  return n > 1 ? mergeTSMapRows(maps, rows) : maps[0];
}

/**
 * The `datasets.type: 3d` reduction of an AnalysisConfig (Gammapy's `Analysis._map_making`): a WCS geometry from
 * `datasets.geom`, each observation reduced on a cutout of width 2 x `selection.offset_max` around its pointing
 * (`map_selection`), the offset-max safe mask, the FoV background normalisation (with an exclusion mask) or the ring
 * background (on-off datasets), then stacking.
 */
import type { Observation } from "../data/observation.js";
import type { MapDataset } from "../datasets/map-dataset.js";
import { type MapDatasetOnOff, stackMapDatasetsOnOff } from "../datasets/map-dataset-onoff.js";
import {
  fovBackground,
  type MapDatasetParts,
  type MapSelection,
  makeMapDataset,
  mapDatasetFromParts,
  RingBackgroundMaker,
  stackMapDatasetParts,
} from "../makers/index.js";
import { MapAxis } from "../maps/axis.js";
import { WcsGeom } from "../maps/wcs-geom.js";
import type { WcsNDMap } from "../maps/wcs-map.js";
import { GammatsError } from "../util/errors.js";
import type { WarningSink } from "../util/warnings.js";
import type { AnalysisConfig } from "./config.js";

/** The energy axis `datasets.geom.axes.<name>` of a config (log bins, TeV). */
export function configEnergyAxis(c: AnalysisConfig, name: "energy" | "energy_true"): MapAxis {
  const key = `datasets.geom.axes.${name}`;
  const min = c.quantity(`${key}.min`, "TeV");
  const max = c.quantity(`${key}.max`, "TeV");
  const nbins = c.number(`${key}.nbins`);
  if (min === undefined || max === undefined || nbins === undefined || !(max > min && min > 0 && nbins >= 1))
    throw new GammatsError(
      "BAD_CONFIG",
      `${key} needs 0 < min < max and nbins >= 1`,
      { file: c.file, key },
      "min, max, nbins",
    );
  return MapAxis.fromEnergyBounds(min, max, nbins, { name });
}

/** The reference geometry of `datasets.geom` (CAR projection, as Gammapy's `WcsGeom.create` default). */
export function configWcsGeom(c: AnalysisConfig): { geom: WcsGeom; energyAxisTrue: MapAxis; binszIrfDeg: number } {
  const axis = (name: "energy" | "energy_true") => configEnergyAxis(c, name);
  const frame = c.string("datasets.geom.wcs.skydir.frame");
  if (frame !== "icrs" && frame !== "galactic")
    throw new GammatsError(
      "BAD_CONFIG",
      `skydir frame '${frame}'`,
      { file: c.file, key: "datasets.geom.wcs.skydir.frame" },
      "icrs or galactic",
    );
  const lon = c.quantity("datasets.geom.wcs.skydir.lon", "deg");
  const lat = c.quantity("datasets.geom.wcs.skydir.lat", "deg");
  if (lon === undefined || lat === undefined)
    throw new GammatsError(
      "BAD_CONFIG",
      "the map centre is not set",
      { file: c.file, key: "datasets.geom.wcs.skydir" },
      "lon and lat",
    );
  const geom = WcsGeom.create({
    lonDeg: lon,
    latDeg: lat,
    frame,
    binszDeg: c.quantity("datasets.geom.wcs.binsize", "deg")!,
    widthDeg: [
      c.quantity("datasets.geom.wcs.width.width", "deg")!,
      c.quantity("datasets.geom.wcs.width.height", "deg")!,
    ],
    proj: "CAR",
    axes: [axis("energy")],
  });
  return {
    geom,
    energyAxisTrue: axis("energy_true"),
    binszIrfDeg: c.quantity("datasets.geom.wcs.binsize_irf", "deg") ?? 0.2,
  };
}

/** Options of `mapDatasetsFromConfig`. */
export interface MapReductionOptions {
  readonly exclusionMask?: WcsNDMap;
  readonly warn?: WarningSink;
  /** Called after each observation; awaited so that progress shows and cancellation can act. */
  readonly afterObservation?: (done: number, total: number) => Promise<void>;
}

/**
 * Per-observation parts (FoV-normalised backgrounds), and the datasets of the config with the parts they were made
 * from (for writing them): one stacked dataset, or one per observation whose background is kept as made and whose
 * FoV normalisation is in `meta.backgroundNorm` (Gammapy puts it into the dataset's background model).
 */
export async function mapDatasetsFromConfig(
  c: AnalysisConfig,
  observations: readonly Observation[],
  options: MapReductionOptions = {},
): Promise<{ runs: MapDatasetParts[]; datasets: Array<MapDataset | MapDatasetOnOff>; parts: MapDatasetParts[] }> {
  const { geom, energyAxisTrue, binszIrfDeg } = configWcsGeom(c);
  const selection = c.list("datasets.map_selection").map(String) as MapSelection[];
  const offsetMax = c.quantity("datasets.geom.selection.offset_max", "deg");
  const methods = c.list("datasets.safe_mask.methods").map(String);
  for (const m of methods)
    if (m !== "offset-max")
      throw new GammatsError(
        "BAD_CONFIG",
        `3d safe mask method '${m}' is not supported yet`,
        { file: c.file, key: "datasets.safe_mask.methods" },
        "offset-max",
      );
  const safeOffset = methods.includes("offset-max")
    ? (c.quantity("datasets.safe_mask.parameters.offset_max", "deg") ?? 3)
    : undefined;
  const bkgMethod = c.string("datasets.background.method");
  if (bkgMethod !== undefined && bkgMethod !== "fov_background" && bkgMethod !== "ring")
    throw new GammatsError(
      "BAD_CONFIG",
      `3d background method '${bkgMethod}'`,
      { file: c.file, key: "datasets.background.method" },
      "fov_background or ring",
    );
  const bkgParams = c.mapping("datasets.background.parameters");
  const ring =
    bkgMethod === "ring"
      ? new RingBackgroundMaker(
          c.quantity("datasets.background.parameters.r_in", "deg") ?? Number.NaN,
          c.quantity("datasets.background.parameters.width", "deg") ?? Number.NaN,
          options.exclusionMask,
        )
      : undefined;
  if (ring && !(ring.rInnerDeg >= 0 && ring.widthDeg > 0))
    throw new GammatsError(
      "BAD_CONFIG",
      "the ring background needs r_in and width",
      { file: c.file, key: "datasets.background.parameters" },
      "r_in and width in deg",
    );
  const stack = c.get("datasets.stack") !== false;
  const runs: MapDatasetParts[] = [];
  /** Joint analyses: the runs with their background as made (the FoV norm goes into the background model). */
  const unscaled: MapDatasetParts[] = [];
  for (const [i, obs] of observations.entries()) {
    const made = makeMapDataset(geom, obs, {
      energyAxisTrue,
      binszIrfDeg,
      selection,
      offsetMaxDeg: safeOffset,
      cutoutWidthDeg: offsetMax !== undefined ? 2 * offsetMax : null,
      name: String(obs.obsId),
    });
    const parts =
      bkgMethod === "fov_background"
        ? fovBackground(made, {
            method: bkgParams.method === "fit" ? "fit" : "scale",
            exclusionMask: options.exclusionMask,
            warn: options.warn,
          }).parts
        : made;
    runs.push(parts);
    // as Gammapy: a run keeps its background map and the FoV normalisation becomes its background model's norm
    if (!stack) unscaled.push({ ...parts, background: made.background });
    await options.afterObservation?.(i + 1, observations.length);
  }
  if (ring) {
    // ring background: each observation becomes an on-off dataset, stacked with Gammapy's on-off rules
    const onOff = runs.map((p) => ring.run(p));
    return { runs, datasets: stack ? [stackMapDatasetsOnOff(onOff, "stacked")] : onOff, parts: [] };
  }
  const parts = stack ? [stackMapDatasetParts(geom, runs, { energyAxisTrue, binszIrfDeg, name: "stacked" })] : unscaled;
  return { runs, datasets: parts.map((p) => mapDatasetFromParts(p)), parts };
}

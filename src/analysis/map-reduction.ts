/**
 * The `datasets.type: 3d` reduction of an AnalysisConfig (Gammapy's `Analysis._map_making`): a WCS geometry from
 * `datasets.geom`, each observation reduced on a cutout of width 2 x `selection.offset_max` around its pointing
 * (`map_selection`), the safe masks of `datasets.safe_mask` (all of Gammapy's methods), the FoV background
 * normalisation (with an exclusion mask) or the ring background (on-off datasets), then stacking.
 */
import type { HduType } from "../data/hdu-index.js";
import type { Observation } from "../data/observation.js";
import type { MapDataset } from "../datasets/map-dataset.js";
import { type MapDatasetOnOff, stackMapDatasetsOnOff } from "../datasets/map-dataset-onoff.js";
import {
  applyMapSafeMask,
  fovBackground,
  type MapDatasetParts,
  type MapSafeMaskOptions,
  type MapSelection,
  makeMapDataset,
  mapDatasetFromParts,
  mapPartsFromPlain,
  mapPartsToPlain,
  type PlainMapDatasetParts,
  RingBackgroundMaker,
  SAFE_MASK_METHODS,
  type SafeMaskMethod,
  stackMapDatasetParts,
} from "../makers/index.js";
import { MapAxis } from "../maps/axis.js";
import { type PlainWcsMap, wcsMapFromPlain, wcsMapToPlain } from "../maps/plain.js";
import { WcsGeom } from "../maps/wcs-geom.js";
import type { WcsNDMap } from "../maps/wcs-map.js";
import { GammatsError } from "../util/errors.js";
import { collectWarnings, type GammatsWarning, type WarningSink } from "../util/warnings.js";
import { AnalysisConfig, type ConfigTree } from "./config.js";
import type { TaskDefinition } from "./tasks.js";

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

/** What the reduction of a config needs, read and checked once (then shared by every observation's task). */
export interface MapReductionPlan {
  readonly geom: WcsGeom;
  readonly energyAxisTrue: MapAxis;
  readonly binszIrfDeg: number;
  readonly selection: readonly MapSelection[];
  /** Width of each observation's cutout (deg, 2 x selection.offset_max), or null for the whole geometry. */
  readonly cutoutWidthDeg: number | null;
  /** offset-max safe mask radius (deg), if that method is on. */
  readonly safeOffsetMaxDeg?: number;
  /** `datasets.safe_mask`: methods and parameters (applied to every run, as Gammapy's SafeMaskMaker). */
  readonly safeMask: Omit<MapSafeMaskOptions, "warn">;
  readonly background: "fov_background" | "ring" | undefined;
  readonly fovMethod: "scale" | "fit";
  /** Ring background radii (deg). */
  readonly ring?: { readonly rInnerDeg: number; readonly widthDeg: number };
  readonly stack: boolean;
  /** `datasets.background.exclusion`: the exclusion mask file, if any. */
  readonly exclusionFile?: string;
}

/** The `datasets` section of a 3d config as a reduction plan; a typed error names the first bad key. */
export function mapReductionPlan(c: AnalysisConfig): MapReductionPlan {
  const { geom, energyAxisTrue, binszIrfDeg } = configWcsGeom(c);
  const methods = c.list("datasets.safe_mask.methods").map(String) as SafeMaskMethod[];
  for (const m of methods)
    if (!SAFE_MASK_METHODS.includes(m))
      throw new GammatsError(
        "BAD_CONFIG",
        `unknown safe mask method '${m}'`,
        { file: c.file, key: "datasets.safe_mask.methods" },
        SAFE_MASK_METHODS.join(", "),
      );
  const safeKey = "datasets.safe_mask.parameters";
  const safeOffsetMaxDeg = methods.includes("offset-max")
    ? (c.quantity(`${safeKey}.offset_max`, "deg") ?? 3)
    : undefined;
  const bkgMethod = c.string("datasets.background.method");
  if (bkgMethod !== undefined && bkgMethod !== "fov_background" && bkgMethod !== "ring")
    throw new GammatsError(
      "BAD_CONFIG",
      `3d background method '${bkgMethod}'`,
      { file: c.file, key: "datasets.background.method" },
      "fov_background or ring",
    );
  const ring =
    bkgMethod === "ring"
      ? {
          rInnerDeg: c.quantity("datasets.background.parameters.r_in", "deg") ?? Number.NaN,
          widthDeg: c.quantity("datasets.background.parameters.width", "deg") ?? Number.NaN,
        }
      : undefined;
  if (ring && !(ring.rInnerDeg >= 0 && ring.widthDeg > 0))
    throw new GammatsError(
      "BAD_CONFIG",
      "the ring background needs r_in and width",
      { file: c.file, key: "datasets.background.parameters" },
      "r_in and width in deg",
    );
  const offsetMax = c.quantity("datasets.geom.selection.offset_max", "deg");
  return {
    geom,
    energyAxisTrue,
    binszIrfDeg,
    selection: c.list("datasets.map_selection").map(String) as MapSelection[],
    cutoutWidthDeg: offsetMax !== undefined ? 2 * offsetMax : null,
    safeOffsetMaxDeg,
    safeMask: {
      methods,
      aeffPercent: c.number(`${safeKey}.aeff_percent`),
      biasPercent: c.number(`${safeKey}.bias_percent`),
      fixedOffsetDeg: c.quantity(`${safeKey}.fixed_offset`, "deg"),
      offsetMaxDeg: safeOffsetMaxDeg,
    },
    background: bkgMethod,
    fovMethod: c.mapping("datasets.background.parameters").method === "fit" ? "fit" : "scale",
    ring,
    stack: c.get("datasets.stack") !== false,
    exclusionFile: c.string("datasets.background.exclusion"),
  };
}

/** One observation reduced: its parts with the FoV-normalised background, and the background as made. */
export interface MapRun {
  readonly parts: MapDatasetParts;
  /** The background before the FoV normalisation (joint analyses keep it; the norm is in `parts.meta`). */
  readonly backgroundAsMade?: WcsNDMap;
}

/**
 * Reduces one observation as Gammapy's `Analysis._map_making` does for each run: the maps on a cutout of width
 * 2 x offset_max around the pointing, the safe mask (Gammapy's SafeMaskMaker runs even without methods: finite positive
 * background), then the FoV background normalisation.
 */
export function reduceMapRun(
  plan: MapReductionPlan,
  obs: Observation,
  options: { readonly exclusionMask?: WcsNDMap; readonly warn?: WarningSink } = {},
): MapRun {
  const made = makeMapDataset(plan.geom, obs, {
    energyAxisTrue: plan.energyAxisTrue,
    binszIrfDeg: plan.binszIrfDeg,
    selection: plan.selection,
    offsetMaxDeg: plan.safeOffsetMaxDeg,
    cutoutWidthDeg: plan.cutoutWidthDeg,
    name: String(obs.obsId),
  });
  const masked = applyMapSafeMask(made, obs, { ...plan.safeMask, warn: options.warn });
  if (plan.background !== "fov_background") return { parts: masked };
  const { parts } = fovBackground(masked, {
    method: plan.fovMethod,
    exclusionMask: options.exclusionMask,
    warn: options.warn,
  });
  return { parts, backgroundAsMade: plan.stack ? undefined : made.background };
}

/**
 * The datasets of a plan from its observations' runs (in observation order): one stacked dataset, or one per
 * observation whose background is kept as made and whose FoV normalisation is in `meta.backgroundNorm` (Gammapy puts
 * it into the dataset's background model); ring backgrounds give on-off datasets. Also returns the parts the
 * datasets were made from (for writing them).
 */
export function combineMapRuns(
  plan: MapReductionPlan,
  runs: readonly MapRun[],
  exclusionMask?: WcsNDMap,
): { datasets: Array<MapDataset | MapDatasetOnOff>; parts: MapDatasetParts[] } {
  if (plan.ring) {
    // ring background: each observation becomes an on-off dataset, stacked with Gammapy's on-off rules
    const maker = new RingBackgroundMaker(plan.ring.rInnerDeg, plan.ring.widthDeg, exclusionMask);
    const onOff = runs.map((r) => maker.run(r.parts));
    return { datasets: plan.stack ? [stackMapDatasetsOnOff(onOff, "stacked")] : onOff, parts: [] };
  }
  const { geom, energyAxisTrue, binszIrfDeg } = plan;
  const parts = plan.stack
    ? [
        stackMapDatasetParts(
          geom,
          runs.map((r) => r.parts),
          { energyAxisTrue, binszIrfDeg, name: "stacked" },
        ),
      ]
    : runs.map((r) => (r.backgroundAsMade ? { ...r.parts, background: r.backgroundAsMade } : r.parts));
  return { datasets: parts.map((p) => mapDatasetFromParts(p)), parts };
}

/** Input of the `reduce-map-run` task: the config (merged tree) and one observation id. */
export interface ReduceMapRunInput {
  readonly config: ConfigTree;
  /** The config's file name, for error messages. */
  readonly file?: string;
  readonly obsId: number;
}

/** Output of the `reduce-map-run` task: the run in plain form and the warnings its reduction raised. */
export interface ReduceMapRunOutput {
  readonly parts: PlainMapDatasetParts;
  readonly backgroundAsMade?: PlainWcsMap;
  readonly warnings: GammatsWarning[];
}

/** Task: reduce one observation of a 3d config (`reduceMapRun` on the config's data store and exclusion mask). */
export const reduceMapRunTask: TaskDefinition<ReduceMapRunInput, ReduceMapRunOutput> = {
  name: "reduce-map-run",
  version: 1,
  run(input, env) {
    const c = AnalysisConfig.fromObject(input.config, { file: input.file });
    const plan = mapReductionPlan(c);
    const store = env.dataStore(c.string("observations.datastore") ?? "");
    const obs = store.obs(input.obsId, c.list("observations.required_irf").map(String) as HduType[]);
    const { sink, warnings } = collectWarnings();
    const exclusionMask = plan.exclusionFile ? env.map(plan.exclusionFile) : undefined;
    const run = reduceMapRun(plan, obs, { exclusionMask, warn: sink });
    return {
      parts: mapPartsToPlain(run.parts),
      backgroundAsMade: run.backgroundAsMade && wcsMapToPlain(run.backgroundAsMade),
      warnings,
    };
  },
};

/** The run of a `reduce-map-run` output. */
export function mapRunFromPlain(o: ReduceMapRunOutput): MapRun {
  return {
    parts: mapPartsFromPlain(o.parts),
    backgroundAsMade: o.backgroundAsMade && wcsMapFromPlain(o.backgroundAsMade),
  };
}

/**
 * The `datasets.type: 1d` reduction of an AnalysisConfig (Gammapy's `Analysis._spectrum_extraction`): per observation
 * a spectrum dataset in the ON region, reflected-region OFF counts (with an exclusion mask) and the safe mask, as a
 * plan read once from the config and one pure task per observation (`reduce-spectrum-run`).
 */
import type { HduType } from "../data/hdu-index.js";
import type { Observation } from "../data/observation.js";
import {
  type PlainSpectrumDataset,
  type SpectrumDataset,
  spectrumDatasetToPlain,
} from "../datasets/spectrum-dataset.js";
import { makeReflectedBackground, makeSafeMask, makeSpectrumDataset, type SafeMaskMethod } from "../makers/index.js";
import type { MapAxis } from "../maps/axis.js";
import { RegionGeom } from "../maps/region-geom.js";
import { circle } from "../maps/regions.js";
import type { WcsNDMap } from "../maps/wcs-map.js";
import { GammatsError } from "../util/errors.js";
import { collectWarnings, type GammatsWarning, type WarningSink } from "../util/warnings.js";
import { AnalysisConfig, type ConfigTree } from "./config.js";
import { configEnergyAxis } from "./map-reduction.js";
import type { TaskDefinition } from "./tasks.js";

const SAFE_METHODS = new Set(["aeff-default", "aeff-max", "edisp-bias", "offset-max", "bkg-peak"]);

/** What the 1D reduction of a config needs, read and checked once. */
export interface SpectrumReductionPlan {
  /** The ON region with the reco-energy axis. */
  readonly geom: RegionGeom;
  readonly energyAxisTrue: MapAxis;
  readonly containmentCorrection: boolean;
  readonly maxRegionNumber?: number;
  readonly safeMethods: readonly SafeMaskMethod[];
  readonly aeffPercent?: number;
  readonly offsetMaxDeg?: number;
  readonly stack: boolean;
  /** `datasets.background.exclusion`: the exclusion mask file, if any. */
  readonly exclusionFile?: string;
}

/** The `datasets` section of a 1d config as a reduction plan; a typed error names the first bad key. */
export function spectrumReductionPlan(c: AnalysisConfig): SpectrumReductionPlan {
  const frame = c.string("datasets.on_region.frame");
  const lon = c.quantity("datasets.on_region.lon", "deg");
  const lat = c.quantity("datasets.on_region.lat", "deg");
  const radius = c.quantity("datasets.on_region.radius", "deg");
  if (lon === undefined || lat === undefined || radius === undefined || (frame !== "icrs" && frame !== "galactic"))
    throw new GammatsError("BAD_CONFIG", "on_region needs frame (icrs or galactic), lon, lat and radius", {
      file: c.file,
      key: "datasets.on_region",
    });
  const method = c.string("datasets.background.method");
  if (method !== "reflected")
    throw new GammatsError(
      "BAD_CONFIG",
      `1d background method '${method}'`,
      { file: c.file, key: "datasets.background.method" },
      "reflected",
    );
  const methods = c.list("datasets.safe_mask.methods").map(String);
  for (const m of methods)
    if (!SAFE_METHODS.has(m))
      throw new GammatsError(
        "BAD_CONFIG",
        `unknown safe mask method '${m}'`,
        { file: c.file, key: "datasets.safe_mask.methods" },
        [...SAFE_METHODS].join(", "),
      );
  const bkgParams = c.mapping("datasets.background.parameters");
  const safeParams = c.mapping("datasets.safe_mask.parameters");
  return {
    geom: new RegionGeom(circle(lon, lat, radius, frame), [configEnergyAxis(c, "energy")]),
    energyAxisTrue: configEnergyAxis(c, "energy_true"),
    containmentCorrection: c.get("datasets.containment_correction") === true,
    maxRegionNumber: typeof bkgParams.max_region_number === "number" ? bkgParams.max_region_number : undefined,
    safeMethods: methods as SafeMaskMethod[],
    aeffPercent: typeof safeParams.aeff_percent === "number" ? safeParams.aeff_percent : undefined,
    offsetMaxDeg:
      safeParams.offset_max === undefined ? undefined : c.quantity("datasets.safe_mask.parameters.offset_max", "deg"),
    stack: c.get("datasets.stack") !== false,
    exclusionFile: c.string("datasets.background.exclusion"),
  };
}

/** Reduces one observation to an on-off spectrum dataset (reflected regions, safe mask). */
export function reduceSpectrumRun(
  plan: SpectrumReductionPlan,
  obs: Observation,
  options: { readonly exclusionMask?: WcsNDMap; readonly warn?: WarningSink } = {},
): SpectrumDataset {
  const ds = makeSpectrumDataset(plan.geom, plan.energyAxisTrue, obs, {
    containmentCorrection: plan.containmentCorrection,
  });
  const { dataset } = makeReflectedBackground(ds, obs, {
    exclusionMask: options.exclusionMask,
    maxRegionNumber: plan.maxRegionNumber,
  });
  dataset.maskSafe = makeSafeMask(dataset, obs, {
    methods: plan.safeMethods as SafeMaskMethod[],
    aeffPercent: plan.aeffPercent,
    offsetMaxDeg: plan.offsetMaxDeg,
    warn: options.warn,
  });
  return dataset;
}

/** Input of the `reduce-spectrum-run` task: the config (merged tree) and one observation id. */
export interface ReduceSpectrumRunInput {
  readonly config: ConfigTree;
  /** The config's file name, for error messages. */
  readonly file?: string;
  readonly obsId: number;
}

/** Output of the `reduce-spectrum-run` task: the dataset in plain form and the warnings its reduction raised. */
export interface ReduceSpectrumRunOutput {
  readonly dataset: PlainSpectrumDataset;
  readonly warnings: GammatsWarning[];
}

/** Task: reduce one observation of a 1d config (`reduceSpectrumRun` on the config's data store and exclusion). */
export const reduceSpectrumRunTask: TaskDefinition<ReduceSpectrumRunInput, ReduceSpectrumRunOutput> = {
  name: "reduce-spectrum-run",
  version: 1,
  run(input, env) {
    const c = AnalysisConfig.fromObject(input.config, { file: input.file });
    const plan = spectrumReductionPlan(c);
    const store = env.dataStore(c.string("observations.datastore") ?? "");
    const obs = store.obs(input.obsId, c.list("observations.required_irf").map(String) as HduType[]);
    const { sink, warnings } = collectWarnings();
    const exclusionMask = plan.exclusionFile ? env.map(plan.exclusionFile) : undefined;
    return { dataset: spectrumDatasetToPlain(reduceSpectrumRun(plan, obs, { exclusionMask, warn: sink })), warnings };
  },
};

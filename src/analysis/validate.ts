/**
 * Validation of an `AnalysisConfig` before any work starts: every value has the type and range Gammapy's pydantic
 * schema gives it (integers are integers, energies positive, ranges ordered, latitudes within +-90 deg), groups are
 * complete (an ON region needs frame, lon, lat and radius), options gammats would otherwise ignore are refused, and
 * the energy ranges of the fit and the estimators select at least one bin. The first problem is thrown as a
 * `GammatsError` (`BAD_CONFIG`, or `UNSUPPORTED` for what gammats does not implement) naming the key, the value and
 * what is expected.
 */
import { Time } from "../coords/time.js";
import { FoVBackgroundModel, type Models } from "../modeling/models.js";
import { validateModels } from "../modeling/validate.js";
import { GammatsError } from "../util/errors.js";
import type { AnalysisConfig, ConfigValue } from "./config.js";

const FRAMES = ["icrs", "galactic"];
const HDU_TYPES = ["events", "gti", "aeff", "bkg", "edisp", "psf", "rad_max"];
const MAP_SELECTION = ["counts", "exposure", "background", "psf", "edisp"];
const SAFE_MASK_METHODS = ["aeff-default", "aeff-max", "edisp-bias", "offset-max", "bkg-peak"];

/** The free-form `parameters` keys gammats reads, per section (any other key would be ignored: refused instead). */
const KNOWN_PARAMETERS: Readonly<Record<string, readonly string[]>> = {
  "datasets.safe_mask.parameters": ["aeff_percent", "offset_max"],
  "datasets.background.parameters.reflected": ["max_region_number"],
  "datasets.background.parameters.fov_background": ["method"],
  "datasets.background.parameters.ring": ["r_in", "width"],
  "flux_points.parameters": ["selection_optional", "n_sigma", "n_sigma_ul", "reoptimize"],
  "excess_map.parameters": ["selection_optional"],
  "light_curve.parameters": ["selection_optional"],
};

function show(v: ConfigValue | undefined): string {
  return typeof v === "string" ? `'${v}'` : JSON.stringify(v);
}

/** Checks of one config, each throwing the first problem found. */
class ConfigChecker {
  constructor(private readonly c: AnalysisConfig) {}

  fail(key: string, message: string, expected: string, code = "BAD_CONFIG"): never {
    throw new GammatsError(code, message, { file: this.c.file, key }, expected);
  }

  isSet(key: string): boolean {
    const v = this.c.get(key);
    return v !== null && v !== undefined;
  }

  /** A finite quantity in `unit`, or undefined when unset; `check` states the allowed range. */
  quantity(key: string, unit: string, check?: { min?: number; max?: number; positive?: boolean }) {
    const v = this.c.quantity(key, unit);
    if (v === undefined) return undefined;
    const raw = show(this.c.get(key));
    if (!Number.isFinite(v)) this.fail(key, `${raw} is not finite`, `a finite quantity in ${unit}`);
    if (check?.positive && !(v > 0)) this.fail(key, `${raw} is not positive`, `a quantity > 0 ${unit}`);
    if (check?.min !== undefined && v < check.min)
      this.fail(key, `${raw} is below ${check.min} ${unit}`, `a value in [${check.min}, ${check.max}] ${unit}`);
    if (check?.max !== undefined && v > check.max)
      this.fail(
        key,
        `${raw} is above ${check.max} ${unit}`,
        `a value in [${check.min ?? "-inf"}, ${check.max}] ${unit}`,
      );
    return v;
  }

  integer(key: string, min: number): number | undefined {
    const v = this.c.get(key);
    if (v === null || v === undefined) return undefined;
    if (typeof v !== "number" || !Number.isSafeInteger(v))
      this.fail(key, `${show(v)} is not an integer`, `an integer >= ${min}`);
    if (v < min) this.fail(key, `${v} is below ${min}`, `an integer >= ${min}`);
    return v;
  }

  bool(key: string): void {
    const v = this.c.get(key);
    if (v !== null && v !== undefined && typeof v !== "boolean")
      this.fail(key, `${show(v)} is not a boolean`, "true or false");
  }

  oneOf(key: string, allowed: readonly string[]): string | undefined {
    const v = this.c.get(key);
    if (v === null || v === undefined) return undefined;
    if (typeof v !== "string" || !allowed.includes(v)) this.fail(key, `${show(v)} is not allowed`, allowed.join(", "));
    return v;
  }

  listOf(key: string, allowed: readonly string[]): string[] {
    const list = this.c.list(key);
    for (const v of list)
      if (typeof v !== "string" || !allowed.includes(v))
        this.fail(key, `${show(v)} is not allowed`, `a list of ${allowed.join(", ")}`);
    return list as string[];
  }

  /** A group of keys that must be all set or all unset; returns whether set. */
  allOrNone(base: string, keys: readonly string[]): boolean {
    const set = keys.filter((k) => this.isSet(`${base}.${k}`));
    if (set.length && set.length < keys.length) {
      const missing = keys.filter((k) => !set.includes(k));
      this.fail(base, `${set.join(", ")} set but ${missing.join(", ")} missing`, `all of ${keys.join(", ")} or none`);
    }
    return set.length > 0;
  }

  /** A sky position (frame, lon, lat) and optionally a radius; lat within +-90 deg. */
  sky(base: string, keys: readonly string[]): boolean {
    if (!this.allOrNone(base, keys)) return false;
    this.oneOf(`${base}.frame`, FRAMES);
    this.quantity(`${base}.lon`, "deg");
    this.quantity(`${base}.lat`, "deg", { min: -90, max: 90 });
    if (keys.includes("radius")) this.quantity(`${base}.radius`, "deg", { positive: true, max: 180 });
    return true;
  }

  /** An energy axis {min, max, nbins}: all or none (unless `required`), 0 < min < max, integer nbins >= 1. */
  energyAxis(base: string, required = false): { min: number; max: number; nbins: number } | undefined {
    if (!this.allOrNone(base, ["min", "max", "nbins"])) {
      if (required) this.fail(base, "not set", "min, max and nbins");
      return undefined;
    }
    const min = this.quantity(`${base}.min`, "TeV", { positive: true })!;
    const max = this.quantity(`${base}.max`, "TeV", { positive: true })!;
    const nbins = this.integer(`${base}.nbins`, 1)!;
    if (!(max > min))
      this.fail(
        base,
        `max ${show(this.c.get(`${base}.max`))} is not above min ${show(this.c.get(`${base}.min`))}`,
        "min < max",
      );
    return { min, max, nbins };
  }

  /** A time (ISO string, UTC, or MJD number) as MJD, or undefined when unset. */
  time(key: string, v: ConfigValue | undefined): number | undefined {
    if (v === null || v === undefined) return undefined;
    if (typeof v === "number" && Number.isFinite(v)) return v;
    if (typeof v === "string") {
      if (Number.isFinite(Number(v)) && v.trim() !== "") return Number(v);
      try {
        return Time.fromIso(v, "utc").mjd("utc");
      } catch {
        this.fail(key, `cannot parse time ${show(v)}`, "an ISO time (YYYY-MM-DDTHH:MM:SS, UTC) or an MJD");
      }
    }
    this.fail(key, `${show(v)} is not a time`, "an ISO time (YYYY-MM-DDTHH:MM:SS, UTC) or an MJD");
  }

  /** Time intervals {start, stop}: scalars or lists of equal length, each start before its stop. */
  timeIntervals(base: string): number {
    if (!this.allOrNone(base, ["start", "stop"])) return 0;
    const listOf = (k: string) => {
      const v = this.c.get(`${base}.${k}`);
      return Array.isArray(v) ? v : [v as ConfigValue];
    };
    const starts = listOf("start");
    const stops = listOf("stop");
    if (starts.length !== stops.length)
      this.fail(base, `${starts.length} starts but ${stops.length} stops`, "as many stops as starts");
    starts.forEach((s, i) => {
      const a = this.time(`${base}.start`, s)!;
      const b = this.time(`${base}.stop`, stops[i])!;
      if (!(b > a)) this.fail(base, `stop ${show(stops[i])} is not after start ${show(s)}`, "start < stop");
    });
    return starts.length;
  }

  /** Keys of a free-form `parameters` mapping must be ones gammats reads. */
  parameters(key: string, known: readonly string[]): void {
    for (const k of Object.keys(this.c.mapping(key)))
      if (!known.includes(k))
        this.fail(
          `${key}.${k}`,
          `parameter '${k}' is not supported by gammats (it would be ignored)`,
          known.length ? `one of ${known.join(", ")}` : "no parameters",
          "UNSUPPORTED",
        );
  }

  /**
   * An energy range [min, max] (TeV) must select at least one bin of the reconstructed-energy axis (log bins; the
   * count is computed in O(1) so that a huge nbins is left to the memory check).
   */
  overlapsAxis(
    key: string,
    min: number | undefined,
    max: number | undefined,
    axis: { min: number; max: number; nbins: number },
  ) {
    const span = Math.log(axis.max / axis.min);
    const index = (e: number) => (axis.nbins * Math.log(e / axis.min)) / span;
    const first = min === undefined ? 0 : Math.max(0, Math.ceil(index(min) - 1e-6));
    const end = max === undefined ? axis.nbins : Math.min(axis.nbins, Math.floor(index(max) + 1e-6));
    if (end - first < 1)
      this.fail(
        key,
        `the range ${min ?? "-inf"} - ${max ?? "inf"} TeV contains no bin of datasets.geom.axes.energy (${axis.min} - ${axis.max} TeV, ${axis.nbins} bins)`,
        "a range that contains at least one energy bin",
      );
  }
}

/**
 * Validates a config; throws the first problem as a `GammatsError` naming its key. Checks types and ranges of every
 * key gammats reads, complete groups, supported options, and energy ranges that select at least one bin.
 */
export function validateAnalysisConfig(config: AnalysisConfig): void {
  const v = new ConfigChecker(config);
  const c = config;
  // general
  v.integer("general.n_jobs", 1);
  // observations
  if (c.list("observations.obs_ids").length && v.isSet("observations.obs_file"))
    v.fail("observations", "both obs_ids and obs_file are set", "one of obs_ids or obs_file");
  for (const id of c.list("observations.obs_ids"))
    if (typeof id !== "number" || !Number.isSafeInteger(id))
      v.fail("observations.obs_ids", `${show(id)} is not an observation id`, "a list of integers");
  v.sky("observations.obs_cone", ["frame", "lon", "lat", "radius"]);
  v.timeIntervals("observations.obs_time");
  v.listOf("observations.required_irf", HDU_TYPES);
  // datasets
  const type = v.oneOf("datasets.type", ["1d", "3d"]);
  v.bool("datasets.stack");
  v.bool("datasets.containment_correction");
  const energy = v.energyAxis("datasets.geom.axes.energy", true)!;
  v.energyAxis("datasets.geom.axes.energy_true", true);
  v.quantity("datasets.geom.selection.offset_max", "deg", { positive: true, max: 180 });
  v.listOf("datasets.map_selection", MAP_SELECTION);
  const methods = v.listOf("datasets.safe_mask.methods", SAFE_MASK_METHODS);
  v.parameters("datasets.safe_mask.parameters", KNOWN_PARAMETERS["datasets.safe_mask.parameters"]);
  v.quantity("datasets.safe_mask.parameters.aeff_percent", "", { min: 0, max: 100 });
  v.quantity("datasets.safe_mask.parameters.offset_max", "deg", { positive: true, max: 180 });
  const bkg = v.oneOf("datasets.background.method", ["reflected", "fov_background", "ring"]);
  if (type === "1d") {
    if (!v.sky("datasets.on_region", ["frame", "lon", "lat", "radius"]))
      v.fail("datasets.on_region", "a 1d analysis needs an ON region", "frame, lon, lat and radius");
    if (bkg !== "reflected")
      v.fail(
        "datasets.background.method",
        `${show(c.get("datasets.background.method"))} for a 1d analysis`,
        "reflected",
        bkg ? "UNSUPPORTED" : "BAD_CONFIG",
      );
  } else {
    if (!v.sky("datasets.geom.wcs.skydir", ["frame", "lon", "lat"]))
      v.fail("datasets.geom.wcs.skydir", "a 3d analysis needs the map centre", "frame, lon and lat");
    v.quantity("datasets.geom.wcs.binsize", "deg", { positive: true, max: 180 });
    v.quantity("datasets.geom.wcs.width.width", "deg", { positive: true, max: 360 });
    v.quantity("datasets.geom.wcs.width.height", "deg", { positive: true, max: 180 });
    v.quantity("datasets.geom.wcs.binsize_irf", "deg", { positive: true, max: 180 });
    if (bkg === "reflected")
      v.fail("datasets.background.method", "'reflected' for a 3d analysis", "fov_background or ring", "UNSUPPORTED");
    for (const m of methods)
      if (m !== "offset-max")
        v.fail(
          "datasets.safe_mask.methods",
          `'${m}' is not supported for 3d analyses yet`,
          "offset-max",
          "UNSUPPORTED",
        );
  }
  if (bkg) {
    const key = "datasets.background.parameters";
    v.parameters(key, KNOWN_PARAMETERS[`${key}.${bkg}`]);
    if (bkg === "ring") {
      if (!v.allOrNone(key, ["r_in", "width"]))
        v.fail(key, "the ring background needs r_in and width", "r_in and width in deg");
      v.quantity(`${key}.r_in`, "deg", { min: 0, max: 180 });
      v.quantity(`${key}.width`, "deg", { positive: true, max: 180 });
    }
    if (bkg === "fov_background") v.oneOf(`${key}.method`, ["scale", "fit"]);
    if (bkg === "reflected") v.integer(`${key}.max_region_number`, 1);
  }
  // fit
  const fitMin = v.quantity("fit.fit_range.min", "TeV", { positive: true });
  const fitMax = v.quantity("fit.fit_range.max", "TeV", { positive: true });
  if (fitMin !== undefined && fitMax !== undefined && !(fitMax > fitMin))
    v.fail(
      "fit.fit_range",
      `max ${show(c.get("fit.fit_range.max"))} is not above min ${show(c.get("fit.fit_range.min"))}`,
      "min < max",
    );
  v.overlapsAxis("fit.fit_range", fitMin, fitMax, energy);
  // estimators
  const fp = v.energyAxis("flux_points.energy");
  if (fp) v.overlapsAxis("flux_points.energy", fp.min, fp.max, energy);
  v.parameters("flux_points.parameters", KNOWN_PARAMETERS["flux_points.parameters"]);
  v.quantity("flux_points.parameters.n_sigma", "", { positive: true });
  v.quantity("flux_points.parameters.n_sigma_ul", "", { positive: true });
  v.bool("flux_points.parameters.reoptimize");
  v.quantity("excess_map.correlation_radius", "deg", { positive: true, max: 180 });
  const em = v.energyAxis("excess_map.energy_edges");
  if (em) v.overlapsAxis("excess_map.energy_edges", em.min, em.max, energy);
  v.parameters("excess_map.parameters", KNOWN_PARAMETERS["excess_map.parameters"]);
  v.timeIntervals("light_curve.time_intervals");
  const lc = v.energyAxis("light_curve.energy_edges");
  if (lc) v.overlapsAxis("light_curve.energy_edges", lc.min, lc.max, energy);
  v.parameters("light_curve.parameters", KNOWN_PARAMETERS["light_curve.parameters"]);
  for (const key of ["flux_points.source", "light_curve.source"]) c.string(key);
}

/**
 * Validates models against the analysis they are fitted in, before any data is read: parameters (see
 * `validateModels`); a 1d analysis has something free to fit, no background models and no spatial models it would
 * ignore (only a point source with frozen position is accepted: 1d datasets do not constrain positions); models
 * restricted to datasets (`datasets_names`) name datasets the analysis makes; the flux-point and light-curve sources
 * are models of the file.
 */
export function validateModelsForAnalysis(models: Models, config: AnalysisConfig, file?: string): void {
  validateModels(models, file);
  const fail = (key: string, message: string, expected: string, code = "BAD_MODELS"): never => {
    throw new GammatsError(code, message, { file, key }, expected);
  };
  const names = models.parameterNames();
  const is1d = config.string("datasets.type") !== "3d";
  const stacked = config.get("datasets.stack") !== false;
  const obsIds = config.list("observations.obs_ids").map(String);
  const datasetNames = stacked ? ["stacked"] : obsIds;
  const sources = [...models].filter((m) => !(m instanceof FoVBackgroundModel));
  for (const m of models) {
    if (is1d && m instanceof FoVBackgroundModel)
      fail(m.name, `'${m.name}' is a FoVBackgroundModel, which applies to map (3d) datasets only`, "SkyModels");
    if (m.datasetsNames && datasetNames.length && !m.datasetsNames.some((d) => datasetNames.includes(d)))
      fail(
        `${m.name}.datasets_names`,
        `'${m.name}' applies to datasets ${m.datasetsNames.join(", ")}, which this analysis does not make`,
        `one of ${datasetNames.join(", ")}`,
      );
    if (is1d && m.spatialModel) {
      if (m.spatialModel.tag !== "PointSpatialModel")
        fail(
          `${m.name}.spatial`,
          `a ${m.spatialModel.tag} in a 1d analysis would be ignored (1d datasets use the spectrum only)`,
          "no spatial model, or a PointSpatialModel with frozen position",
          "UNSUPPORTED",
        );
      for (const p of m.spatialModel.parameters)
        if (!p.frozen)
          fail(
            names.get(p) ?? p.name,
            "is free, but a 1d dataset does not constrain the source position",
            "frozen spatial parameters in a 1d analysis",
          );
    }
  }
  if (is1d && ![...models.parameters].some((p) => !p.frozen))
    fail("components", "no free parameter to fit", "a model with free parameters");
  const uses = [
    ["flux_points.source", "flux_points.energy.nbins"],
    ["light_curve.source", "light_curve.energy_edges.min"],
  ] as const;
  for (const [key, trigger] of uses) {
    if (config.get(trigger) === null || config.get(trigger) === undefined) continue;
    const source = config.string(key) ?? "source";
    if (!sources.some((m) => m.name === source))
      throw new GammatsError(
        "BAD_CONFIG",
        `source '${source}' is not a model of ${file ?? "the models"}`,
        { file: config.file, key },
        `one of ${sources.map((m) => m.name).join(", ") || "(no source models)"}`,
      );
  }
}

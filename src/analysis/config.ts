/**
 * Gammapy's `AnalysisConfig` (YAML): sections general, observations, datasets, fit, flux_points, excess_map,
 * light_curve with Gammapy 1.0's defaults. Unknown keys are errors naming their path; `$VAR` / `${VAR}` in path
 * values are expanded from an environment map (as Python's `os.path.expandvars`: unknown variables stay as they are).
 */
import { parse as parseYaml } from "yaml";
import { expandVars } from "../util/env.js";
import { GammatsError } from "../util/errors.js";
import { unitConversionFactor } from "../util/units.js";

/** A plain config tree. */
export type ConfigTree = { [key: string]: ConfigValue };
/** A config value. */
export type ConfigValue = string | number | boolean | null | ConfigValue[] | ConfigTree;

/** Gammapy 1.0's default configuration. `{}` values (parameters) accept any keys. */
export const DEFAULT_CONFIG: ConfigTree = {
  general: {
    log: { level: "info", filename: null, filemode: null, format: null, datefmt: null },
    outdir: ".",
    n_jobs: 1,
    datasets_file: null,
    models_file: null,
  },
  observations: {
    datastore: "$GAMMAPY_DATA/hess-dl3-dr1",
    obs_ids: [],
    obs_file: null,
    obs_cone: { frame: null, lon: null, lat: null, radius: null },
    obs_time: { start: null, stop: null },
    required_irf: ["aeff", "edisp", "psf", "bkg"],
  },
  datasets: {
    type: "1d",
    stack: true,
    geom: {
      wcs: {
        skydir: { frame: null, lon: null, lat: null },
        binsize: "0.02 deg",
        width: { width: "5.0 deg", height: "5.0 deg" },
        binsize_irf: "0.2 deg",
      },
      selection: { offset_max: "2.5 deg" },
      axes: {
        energy: { min: "1.0 TeV", max: "10.0 TeV", nbins: 5 },
        energy_true: { min: "0.5 TeV", max: "20.0 TeV", nbins: 16 },
      },
    },
    map_selection: ["counts", "exposure", "background", "psf", "edisp"],
    background: { method: null, exclusion: null, parameters: {} },
    safe_mask: { methods: ["aeff-default"], parameters: {} },
    on_region: { frame: null, lon: null, lat: null, radius: null },
    containment_correction: true,
  },
  fit: { fit_range: { min: null, max: null } },
  flux_points: {
    energy: { min: null, max: null, nbins: null },
    source: "source",
    parameters: { selection_optional: "all" },
  },
  excess_map: { correlation_radius: "0.1 deg", parameters: {}, energy_edges: { min: null, max: null, nbins: null } },
  light_curve: {
    time_intervals: { start: null, stop: null },
    energy_edges: { min: null, max: null, nbins: null },
    source: "source",
    parameters: { selection_optional: "all" },
  },
};

/** Keys whose values are file paths (environment variables expanded). */
const PATH_KEYS = new Set([
  "general.outdir",
  "general.datasets_file",
  "general.models_file",
  "observations.datastore",
  "observations.obs_file",
  "datasets.background.exclusion",
]);

function isTree(v: unknown): v is ConfigTree {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

export { expandVars };

function merge(
  defaults: ConfigTree,
  user: unknown,
  path: string,
  file: string | undefined,
  env: Record<string, string | undefined>,
): ConfigTree {
  if (!isTree(user))
    throw new GammatsError("BAD_CONFIG", `'${path || "config"}' must be a mapping`, { file, key: path }, "a mapping");
  const out: ConfigTree = { ...defaults };
  const freeForm = Object.keys(defaults).length === 0;
  for (const [k, v] of Object.entries(user)) {
    const p = path ? `${path}.${k}` : k;
    if (!freeForm && !(k in defaults))
      throw new GammatsError(
        "UNKNOWN_KEY",
        `unknown config key '${p}'`,
        { file, key: p },
        `one of ${Object.keys(defaults).join(", ")}`,
      );
    const d = defaults[k];
    // an empty section (`observations:` with nothing under it) keeps the defaults
    if (!freeForm && isTree(d)) out[k] = v === null ? d : merge(d, v, p, file, env);
    else if (typeof v === "string" && PATH_KEYS.has(p)) out[k] = expandVars(v, env);
    else out[k] = v as ConfigValue;
  }
  return out;
}

/** A parsed config: the merged tree plus typed accessors. */
export class AnalysisConfig {
  readonly tree: ConfigTree;
  readonly file: string | undefined;

  private constructor(tree: ConfigTree, file: string | undefined) {
    this.tree = tree;
    this.file = file;
  }

  /** Parses YAML text; `env` expands path variables (default: none). */
  static fromYaml(
    text: string,
    options: { file?: string; env?: Record<string, string | undefined> } = {},
  ): AnalysisConfig {
    let doc: unknown;
    try {
      doc = parseYaml(text, { logLevel: "error" });
    } catch (e) {
      throw new GammatsError(
        "BAD_YAML",
        `cannot parse YAML: ${(e as Error).message}`,
        { file: options.file },
        "valid YAML",
        {
          cause: e,
        },
      );
    }
    return AnalysisConfig.fromObject(doc ?? {}, options);
  }

  /** Builds a config from a plain object (merged over the defaults). */
  static fromObject(
    doc: unknown,
    options: { file?: string; env?: Record<string, string | undefined> } = {},
  ): AnalysisConfig {
    const env = options.env ?? {};
    const tree = merge(DEFAULT_CONFIG, doc, "", options.file, env);
    // defaults with variables are expanded too
    const ds = tree.observations as ConfigTree;
    if (typeof ds.datastore === "string") ds.datastore = expandVars(ds.datastore, env);
    return new AnalysisConfig(tree, options.file);
  }

  /** Value at a dotted path (e.g. `datasets.geom.axes.energy.min`). */
  get(path: string): ConfigValue | undefined {
    let v: ConfigValue | undefined = this.tree;
    for (const k of path.split(".")) v = isTree(v) ? v[k] : undefined;
    return v;
  }

  private fail(path: string, message: string, expected: string): never {
    throw new GammatsError("BAD_CONFIG", message, { file: this.file, key: path }, expected);
  }

  /** A string value (or undefined when null). */
  string(path: string): string | undefined {
    const v = this.get(path);
    if (v === null || v === undefined) return undefined;
    if (typeof v !== "string") this.fail(path, `'${path}' is not a string`, "a string");
    return v;
  }

  /** A number value (or undefined when null). */
  number(path: string): number | undefined {
    const v = this.get(path);
    if (v === null || v === undefined) return undefined;
    if (typeof v !== "number" || !Number.isFinite(v)) this.fail(path, `'${path}' is not a number`, "a number");
    return v;
  }

  /**
   * A quantity like "0.5 TeV" or "0.11 deg" converted to `unit` (undefined when null). A bare number is taken in
   * `unit`.
   */
  quantity(path: string, unit: string): number | undefined {
    const v = this.get(path);
    if (v === null || v === undefined) return undefined;
    if (typeof v === "number") return v;
    if (typeof v !== "string") this.fail(path, `'${path}' is not a quantity`, `a quantity in ${unit}`);
    const m = /^\s*([-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?)\s*(.*)$/.exec(v);
    if (!m) this.fail(path, `cannot parse quantity '${v}'`, `a quantity in ${unit}`);
    try {
      return Number(m[1]) * unitConversionFactor(m[2].trim() || unit, unit);
    } catch {
      this.fail(path, `cannot convert '${v}' to ${unit}`, `a quantity in ${unit}`);
    }
  }

  /** A list value. */
  list(path: string): ConfigValue[] {
    const v = this.get(path);
    if (v === null || v === undefined) return [];
    if (!Array.isArray(v)) this.fail(path, `'${path}' is not a list`, "a list");
    return v;
  }

  /** A free-form mapping (e.g. `parameters`). */
  mapping(path: string): ConfigTree {
    const v = this.get(path);
    if (v === null || v === undefined) return {};
    if (!isTree(v)) this.fail(path, `'${path}' is not a mapping`, "a mapping");
    return v;
  }
}

/**
 * Spatial (and shared parameter-list) parts of Gammapy's models YAML: `spatial:` dicts to and from models, with
 * parameters converted to the models' canonical units on read, and written as Gammapy's `to_dict()` does
 * (`full_output=False`: attributes equal to the defaults omitted).
 */
import type { Frame } from "../coords/frames.js";
import type { WcsNDMap } from "../maps/wcs-map.js";
import { GammatsError } from "../util/errors.js";
import { unitConversionFactor } from "../util/units.js";
import { Parameter, type ParameterSpec } from "./parameter.js";
import { type Prior, priorFromParameters } from "./priors.js";
import {
  ConstantFluxSpatialModel,
  ConstantSpatialModel,
  DiskSpatialModel,
  GaussianSpatialModel,
  GeneralizedGaussianSpatialModel,
  PointSpatialModel,
  Shell2SpatialModel,
  ShellSpatialModel,
  type SpatialModel,
  TemplateSpatialModel,
} from "./spatial.js";

/** Error of a models dict, with the dict key path. */
export function modelDictError(message: string, key: string, file?: string, expected?: string): GammatsError {
  return new GammatsError("BAD_MODELS", message, { file, key }, expected);
}

/**
 * Parameters of a model from a YAML `parameters` list as Gammapy's `_build_parameters_from_dict`: each default spec
 * updated by the entry of the same name (value, min, max and error converted from the entry's unit to the spec's),
 * defaults kept for absent entries. Unknown names throw `BAD_MODELS`.
 */
export function parametersFromDictList(
  defaults: readonly ParameterSpec[],
  list: unknown,
  key: string,
  file?: string,
): Parameter[] {
  const entries = Array.isArray(list) ? (list as Record<string, unknown>[]) : [];
  for (const e of entries)
    if (!defaults.some((d) => d.name === e?.name))
      throw modelDictError(
        `unknown parameter '${String(e?.name)}'`,
        `${key}.parameters`,
        file,
        defaults.map((d) => d.name).join(", ") || "no parameters",
      );
  return defaults.map((def) => {
    const entry = entries.find((e) => e.name === def.name);
    if (!entry) return new Parameter(def);
    const pkey = `${key}.parameters.${def.name}`;
    const unit = typeof entry.unit === "string" ? entry.unit : (def.unit ?? "");
    let factor: number;
    try {
      factor = unitConversionFactor(unit, def.unit ?? "");
    } catch {
      throw modelDictError(`unit '${unit}' cannot be converted to '${def.unit ?? ""}'`, `${pkey}.unit`, file, def.unit);
    }
    const num = (name: string, fallback: number): number => {
      const v = entry[name];
      if (v === undefined || v === null) return fallback;
      const n = typeof v === "string" ? Number(v) : v;
      if (typeof n !== "number" || (Number.isNaN(n) && !/nan/i.test(String(v))))
        throw modelDictError(`'${name}' is not a number`, `${pkey}.${name}`, file, "a number");
      return n * factor;
    };
    const value = num("value", def.value);
    if (!Number.isFinite(value)) throw modelDictError("value is not finite", `${pkey}.value`, file, "a finite number");
    let prior: Prior | undefined;
    if (entry.prior !== undefined && entry.prior !== null) {
      const pr = entry.prior as { type?: unknown; parameters?: unknown };
      const values: Record<string, number> = {};
      for (const q of Array.isArray(pr.parameters) ? (pr.parameters as Array<Record<string, unknown>>) : [])
        if (typeof q?.name === "string" && typeof q.value === "number") values[q.name] = q.value * factor;
      prior = priorFromParameters(String(pr.type), values);
      if (!prior)
        throw modelDictError(
          `bad prior '${String(pr.type)}'`,
          `${pkey}.prior`,
          file,
          "GaussianPrior (mu, sigma > 0), UniformPrior or LogUniformPrior (min < max)",
        );
    }
    const parameter = new Parameter({
      ...def,
      value,
      min: num("min", def.min ?? Number.NaN),
      max: num("max", def.max ?? Number.NaN),
      error: num("error", 0),
      frozen: typeof entry.frozen === "boolean" ? entry.frozen : def.frozen,
      interp: entry.interp === "log" || entry.interp === "lin" ? entry.interp : def.interp,
      scaleMethod:
        entry.scale_method === undefined ? def.scaleMethod : (entry.scale_method as ParameterSpec["scaleMethod"]),
      isNorm: typeof entry.is_norm === "boolean" ? entry.is_norm : def.isNorm,
    });
    parameter.prior = prior;
    return parameter;
  });
}

const sameNumber = (a: number, b: number) => a === b || (Number.isNaN(a) && Number.isNaN(b));

/**
 * A parameter list as Gammapy's `to_dict()` writes it: name, value, unit (unless the default unit is empty), and
 * error, min, max, frozen, interp, scale_method, is_norm only where they differ from the defaults.
 */
export function parametersToDictList(
  parameters: Iterable<Parameter>,
  defaults: readonly ParameterSpec[],
): Record<string, unknown>[] {
  return [...parameters].map((p) => {
    const def = defaults.find((d) => d.name === p.name);
    const d: Record<string, unknown> = { name: p.name, value: p.value };
    if ((def?.unit ?? "") !== "") d.unit = p.unit;
    if (p.error !== 0) d.error = p.error;
    if (!sameNumber(p.min, def?.min ?? Number.NaN)) d.min = p.min;
    if (!sameNumber(p.max, def?.max ?? Number.NaN)) d.max = p.max;
    if (p.frozen !== (def?.frozen ?? false)) d.frozen = p.frozen;
    if (p.interp !== (def?.interp ?? "lin")) d.interp = p.interp;
    if (p.scaleMethod !== (def?.scaleMethod === undefined ? "scale10" : def.scaleMethod))
      d.scale_method = p.scaleMethod;
    if (p.isNorm !== (def?.isNorm ?? false)) d.is_norm = p.isNorm;
    if (p.prior)
      d.prior = {
        type: p.prior.type,
        parameters: Object.entries(p.prior.parameters).map(([name, value]) => ({ name, value })),
      };
    return d;
  });
}

type ParametricCtor = new (values: Parameter[], frame: Frame) => SpatialModel;

/** Registry entry: Gammapy type name, YAML aliases, default parameter specs and constructor. */
interface SpatialEntry {
  readonly tag: string;
  readonly aliases: readonly string[];
  readonly defaults: readonly ParameterSpec[];
  readonly create?: ParametricCtor;
}

/** The spatial model types, with the aliases Gammapy accepts in YAML. */
export const SPATIAL_MODEL_TYPES: readonly SpatialEntry[] = [
  { tag: "PointSpatialModel", aliases: ["point"], defaults: PointSpatialModel.defaults, create: PointSpatialModel },
  {
    tag: "GaussianSpatialModel",
    aliases: ["gauss"],
    defaults: GaussianSpatialModel.defaults,
    create: GaussianSpatialModel,
  },
  {
    tag: "GeneralizedGaussianSpatialModel",
    aliases: ["gauss-general"],
    defaults: GeneralizedGaussianSpatialModel.defaults,
    create: GeneralizedGaussianSpatialModel,
  },
  { tag: "DiskSpatialModel", aliases: ["disk"], defaults: DiskSpatialModel.defaults, create: DiskSpatialModel },
  { tag: "ShellSpatialModel", aliases: ["shell"], defaults: ShellSpatialModel.defaults, create: ShellSpatialModel },
  { tag: "Shell2SpatialModel", aliases: ["shell2"], defaults: Shell2SpatialModel.defaults, create: Shell2SpatialModel },
  { tag: "ConstantSpatialModel", aliases: ["const"], defaults: ConstantSpatialModel.defaults },
  { tag: "ConstantFluxSpatialModel", aliases: ["const-flux"], defaults: [] },
  { tag: "TemplateSpatialModel", aliases: ["template"], defaults: [] },
];

/** Options of `spatialModelFromDict`. */
export interface SpatialFromDictOptions {
  /** Reads the map of a `TemplateSpatialModel` from its `filename` (required for templates). */
  readonly readMap?: (filename: string) => WcsNDMap;
  /** Key path of the dict, for errors (default `spatial`). */
  readonly key?: string;
  /** File name, for errors. */
  readonly file?: string;
}

/** Spatial model from its YAML dict (`type`, `frame`, `parameters`; templates: `filename`, `normalize`). */
export function spatialModelFromDict(
  dict: Record<string, unknown>,
  options: SpatialFromDictOptions = {},
): SpatialModel {
  const key = options.key ?? "spatial";
  const file = options.file;
  const type = String(dict.type ?? "");
  const entry = SPATIAL_MODEL_TYPES.find((t) => t.tag === type || t.aliases.includes(type));
  if (!entry)
    throw modelDictError(
      `unknown spatial model type '${type}'`,
      `${key}.type`,
      file,
      SPATIAL_MODEL_TYPES.map((t) => t.tag).join(", "),
    );
  const frame = dict.frame ?? "icrs";
  if (frame !== "icrs" && frame !== "galactic")
    throw modelDictError(`unsupported frame '${String(frame)}'`, `${key}.frame`, file, "icrs or galactic");
  if (entry.tag === "TemplateSpatialModel") {
    const filename = dict.filename;
    if (typeof filename !== "string")
      throw modelDictError("missing template filename", `${key}.filename`, file, "a file name");
    if (!options.readMap)
      throw modelDictError("no map reader given for a spatial template", `${key}.filename`, file, "options.readMap");
    const normalize = dict.normalize === undefined ? true : dict.normalize === true;
    return new TemplateSpatialModel(options.readMap(filename), { normalize, filename });
  }
  const params = parametersFromDictList(entry.defaults, dict.parameters, key, file);
  if (entry.tag === "ConstantFluxSpatialModel") return new ConstantFluxSpatialModel();
  if (entry.tag === "ConstantSpatialModel") return new ConstantSpatialModel(params);
  return new (entry.create as ParametricCtor)(params, frame);
}

/**
 * The YAML dict of a spatial model as Gammapy's `to_dict()`: `type`, `frame` (not for the constant models),
 * `parameters` (empty for `ConstantSpatialModel`, as Gammapy writes it), and for templates `filename`, `normalize`
 * and `unit`.
 */
export function spatialModelToDict(model: SpatialModel): Record<string, unknown> {
  const entry = SPATIAL_MODEL_TYPES.find((t) => t.tag === model.tag);
  const d: Record<string, unknown> = { type: model.tag };
  if (model instanceof ConstantSpatialModel || model instanceof ConstantFluxSpatialModel) {
    d.parameters = [];
    return d;
  }
  d.frame = model.frame;
  d.parameters = parametersToDictList(model.parameters, entry?.defaults ?? []);
  if (model instanceof TemplateSpatialModel) {
    d.filename = model.filename ?? null;
    d.normalize = model.normalize;
    // astropy's spelling of the values' unit, as Gammapy writes it
    d.unit = model.unit === "sr-1" ? "1 / sr" : "1 / (cm2 s sr TeV)";
  }
  return d;
}

/**
 * Gammapy's models YAML (`components:` list of SkyModels with typed spectral parts) to and from plain objects. Values
 * are converted to the models' canonical units on read and written in them.
 */
import { parse as parseYaml, stringify as stringifyYaml } from "yaml";
import { GammatsError } from "../util/errors.js";
import { unitConversionFactor } from "../util/units.js";
import { Models, SkyModel } from "./models.js";
import { Parameter, type ParameterSpec } from "./parameter.js";
import {
  type AnalyticSpectralDefinition,
  AnalyticSpectralModel,
  SPECTRAL_DEFINITIONS,
  type SpectralModel,
} from "./spectral.js";
import { MORE_SPECTRAL_DEFINITIONS } from "./spectral-models.js";

const ALL_DEFINITIONS = [...SPECTRAL_DEFINITIONS, ...MORE_SPECTRAL_DEFINITIONS];

/** A plain models document as in Gammapy's YAML. */
export interface ModelsDocument {
  components: Array<Record<string, unknown>>;
  covariance?: string;
}

function modelsError(message: string, key: string, file?: string, expected?: string): GammatsError {
  return new GammatsError("BAD_MODELS", message, { file, key }, expected);
}

function findDefinition(type: string): AnalyticSpectralDefinition | undefined {
  return ALL_DEFINITIONS.find((d) => d.tag === type || d.aliases.includes(type));
}

/** Builds a parameter from a YAML entry, converted to the default spec's unit. */
function parameterFromDict(def: ParameterSpec, entry: Record<string, unknown> | undefined, key: string, file?: string) {
  if (!entry) return new Parameter(def);
  const unit = typeof entry.unit === "string" ? entry.unit : (def.unit ?? "");
  let factor: number;
  try {
    factor = unitConversionFactor(unit, def.unit ?? "");
  } catch (e) {
    throw modelsError(`unit '${unit}' cannot be converted to '${def.unit}'`, `${key}.unit`, file, def.unit);
  }
  const num = (name: string, fallback: number) => {
    const v = entry[name];
    if (v === undefined || v === null) return fallback;
    const n = typeof v === "string" ? Number(v) : v;
    if (typeof n !== "number" || (Number.isNaN(n) && !/nan/i.test(String(v))))
      throw modelsError(`'${name}' is not a number`, `${key}.${name}`, file, "a number");
    return n * factor;
  };
  const value = num("value", def.value);
  if (!Number.isFinite(value)) throw modelsError("value is not finite", `${key}.value`, file, "a finite number");
  return new Parameter({
    ...def,
    value,
    min: num("min", Number.NaN),
    max: num("max", Number.NaN),
    error: num("error", 0),
    frozen: typeof entry.frozen === "boolean" ? entry.frozen : def.frozen,
    interp: entry.interp === "log" || entry.interp === "lin" ? entry.interp : def.interp,
    scaleMethod:
      entry.scale_method === undefined ? def.scaleMethod : (entry.scale_method as ParameterSpec["scaleMethod"]),
  });
}

/** Spectral model from its YAML dict (`type`, `parameters`). */
export function spectralModelFromDict(dict: Record<string, unknown>, key = "spectral", file?: string): SpectralModel {
  const type = String(dict.type ?? "");
  const def = findDefinition(type);
  if (!def)
    throw modelsError(
      `unknown spectral model type '${type}'`,
      `${key}.type`,
      file,
      ALL_DEFINITIONS.map((d) => d.tag).join(", "),
    );
  const entries = Array.isArray(dict.parameters) ? (dict.parameters as Record<string, unknown>[]) : [];
  for (const e of entries)
    if (!def.parameters.some((p) => p.name === e.name))
      throw modelsError(`unknown parameter '${String(e.name)}' of ${def.tag}`, `${key}.parameters`, file);
  const params = def.parameters.map((spec) =>
    parameterFromDict(
      spec,
      entries.find((e) => e.name === spec.name),
      `${key}.parameters.${spec.name}`,
      file,
    ),
  );
  return new AnalyticSpectralModel(def, params);
}

/** Models from a parsed YAML document (Gammapy's `Models.from_dict`). */
export function modelsFromDict(doc: unknown, file?: string): Models {
  const components = (doc as ModelsDocument | null)?.components;
  if (!Array.isArray(components)) throw modelsError("no 'components' list", "components", file, "a list of models");
  return new Models(
    components.map((c, i) => {
      const key = `components[${i}]`;
      if (c.type !== "SkyModel")
        throw modelsError(`unsupported component type '${String(c.type)}'`, `${key}.type`, file, "SkyModel");
      if (typeof c.name !== "string") throw modelsError("missing name", `${key}.name`, file, "a string");
      if (c.spatial !== undefined)
        throw modelsError("spatial models are not supported yet", `${key}.spatial`, file, "a spectral-only SkyModel");
      if (!c.spectral || typeof c.spectral !== "object")
        throw modelsError("missing spectral model", `${key}.spectral`, file, "a spectral model");
      const datasetsNames = Array.isArray(c.datasets_names) ? c.datasets_names.map(String) : undefined;
      return new SkyModel({
        name: c.name,
        spectralModel: spectralModelFromDict(c.spectral as Record<string, unknown>, `${key}.spectral`, file),
        datasetsNames,
      });
    }),
  );
}

function parameterToDict(p: Parameter, def: ParameterSpec | undefined): Record<string, unknown> {
  const d: Record<string, unknown> = { name: p.name, value: p.value };
  if (p.unit) d.unit = p.unit;
  if (p.error !== 0) d.error = p.error;
  if (Number.isFinite(p.min)) d.min = p.min;
  if (Number.isFinite(p.max)) d.max = p.max;
  if (p.frozen !== (def?.frozen ?? false)) d.frozen = p.frozen;
  return d;
}

function spectralToDict(model: SpectralModel): Record<string, unknown> {
  const def = findDefinition(model.tag);
  return {
    type: model.tag,
    parameters: [...model.parameters].map((p) =>
      parameterToDict(
        p,
        def?.parameters.find((s) => s.name === p.name),
      ),
    ),
  };
}

/** Plain document of models as Gammapy writes it (`full_output=False`: defaults omitted). */
export function modelsToDict(models: Models): ModelsDocument {
  return {
    components: [...models].map((m) => {
      const c: Record<string, unknown> = { name: m.name, type: m.tag, spectral: spectralToDict(m.spectralModel) };
      if (m.datasetsNames) c.datasets_names = m.datasetsNames;
      return c;
    }),
  };
}

/** Parses Gammapy models YAML text (file name for error messages). */
export function readModelsYaml(text: string, file?: string): Models {
  let doc: unknown;
  try {
    doc = parseYaml(text);
  } catch (e) {
    throw new GammatsError("BAD_YAML", `cannot parse YAML: ${(e as Error).message}`, { file }, "valid YAML", {
      cause: e,
    });
  }
  return modelsFromDict(doc, file);
}

/** Models as YAML text in Gammapy's layout. */
export function modelsToYaml(models: Models): string {
  return stringifyYaml(modelsToDict(models), { indent: 4, indentSeq: false });
}

/**
 * Gammapy's models YAML (`components:` list of SkyModels with typed spectral parts) to and from plain objects. Values
 * are converted to the models' canonical units on read and written in them.
 */
import { parse as parseYaml, stringify as stringifyYaml } from "yaml";
import type { WcsNDMap } from "../maps/wcs-map.js";
import { GammatsError } from "../util/errors.js";
import { unitConversionFactor } from "../util/units.js";
import type { PrimaryFluxTable } from "./darkmatter/primary-flux.js";
import { DarkMatterAnnihilationSpectralModel, DarkMatterDecaySpectralModel } from "./darkmatter/spectral.js";
import {
  APPLY_IRF_DEFAULT,
  type ApplyIrf,
  FoVBackgroundModel,
  Models,
  SkyModel,
  TemplateNPredModel,
} from "./models.js";
import type { SpatialModel } from "./spatial.js";
import {
  parametersFromDictList,
  parametersToDictList,
  spatialModelFromDict,
  spatialModelToDict,
} from "./spatial-io.js";
import {
  type AnalyticSpectralDefinition,
  AnalyticSpectralModel,
  SPECTRAL_DEFINITIONS,
  type SpectralModel,
} from "./spectral.js";
import {
  type CompoundOperator,
  CompoundSpectralModel,
  EBLAbsorptionNormSpectralModel,
  type EblTable,
  MORE_SPECTRAL_DEFINITIONS,
  PowerLawNorm,
  TemplateSpectralModel,
} from "./spectral-models.js";
import { type TemporalFromDictOptions, temporalModelFromDict, temporalModelToDict } from "./temporal.js";

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

/** Readers of the files some models refer to (map templates, EBL tables, light curves); Node entry points give them. */
export interface ModelFileReaders {
  readonly readMap?: (filename: string) => WcsNDMap;
  readonly readEbl?: (filename: string) => EblTable;
  /** The PPPC4DMID spectra table that dark-matter models need (`readPrimaryFluxTable` in `modeling/node`). */
  readonly readPrimaryFlux?: () => PrimaryFluxTable;
  readonly readLightCurve?: TemporalFromDictOptions["readLightCurve"];
}

const OPERATORS: Readonly<Record<string, CompoundOperator>> = { mul: "*", add: "+", sub: "-" };

function numbers(v: unknown, key: string, file?: string): { data: number[]; unit: string } {
  const d = v as { data?: unknown; unit?: unknown } | undefined;
  if (!d || !Array.isArray(d.data) || d.data.some((x) => typeof x !== "number"))
    throw modelsError("expected {data: [numbers], unit}", key, file, "a list of numbers with a unit");
  return { data: d.data as number[], unit: typeof d.unit === "string" ? d.unit : "" };
}

/**
 * Spectral model from its YAML dict (`type`, `parameters`; compound models `model1`, `model2`, `operator`; templates
 * `energy` and `values`; EBL absorption `filename`, read with `readers.readEbl`).
 */
export function spectralModelFromDict(
  dict: Record<string, unknown>,
  key = "spectral",
  file?: string,
  readers: ModelFileReaders = {},
): SpectralModel {
  const type = String(dict.type ?? "");
  if (type === "CompoundSpectralModel" || type === "compound") {
    const op = OPERATORS[String(dict.operator ?? "").replace(/^<built-in function (\w+)>$/, "$1")];
    if (!op)
      throw modelsError(`unknown operator '${String(dict.operator)}'`, `${key}.operator`, file, "mul, add or sub");
    const part = (k: "model1" | "model2") => {
      if (!dict[k] || typeof dict[k] !== "object")
        throw modelsError(`missing ${k}`, `${key}.${k}`, file, "a spectral model");
      return spectralModelFromDict(dict[k] as Record<string, unknown>, `${key}.${k}`, file, readers);
    };
    return new CompoundSpectralModel(part("model1"), part("model2"), op);
  }
  if (type === "TemplateSpectralModel" || type === "template") {
    const energy = numbers(dict.energy, `${key}.energy`, file);
    const values = numbers(dict.values, `${key}.values`, file);
    const toTeV = unitConversionFactor(energy.unit || "TeV", "TeV");
    const toFlux = unitConversionFactor(values.unit || "cm-2 s-1 TeV-1", "cm-2 s-1 TeV-1");
    const norm = (Array.isArray(dict.parameters) ? (dict.parameters as Array<Record<string, unknown>>) : []).find(
      (p) => p.name === "norm",
    );
    return new TemplateSpectralModel(
      energy.data.map((e) => e * toTeV),
      values.data.map((v) => v * toFlux),
      { norm: typeof norm?.value === "number" ? norm.value : 1 },
    );
  }
  if (type === "DarkMatterAnnihilationSpectralModel" || DarkMatterAnnihilationSpectralModel.aliases.includes(type))
    return darkMatterFromDict(true, dict, key, file, readers);
  if (type === "DarkMatterDecaySpectralModel" || DarkMatterDecaySpectralModel.aliases.includes(type))
    return darkMatterFromDict(false, dict, key, file, readers);
  if (type === "EBLAbsorptionNormSpectralModel" || type === "ebl-norm") {
    if (typeof dict.filename !== "string")
      throw modelsError("missing EBL table filename", `${key}.filename`, file, "a file name");
    if (!readers.readEbl) throw modelsError("no EBL table reader given", `${key}.filename`, file, "readers.readEbl");
    const params = Array.isArray(dict.parameters) ? (dict.parameters as Array<Record<string, unknown>>) : [];
    const value = (name: string) => params.find((p) => p.name === name)?.value;
    const model = new EBLAbsorptionNormSpectralModel(readers.readEbl(dict.filename), {
      redshift: typeof value("redshift") === "number" ? (value("redshift") as number) : undefined,
      alphaNorm: typeof value("alpha_norm") === "number" ? (value("alpha_norm") as number) : undefined,
    });
    for (const p of params) if (typeof p.frozen === "boolean") model.parameters.get(String(p.name)).frozen = p.frozen;
    eblFiles.set(model, dict.filename);
    return model;
  }
  const def = findDefinition(type);
  if (!def)
    throw modelsError(
      `unknown spectral model type '${type}'`,
      `${key}.type`,
      file,
      [
        ...ALL_DEFINITIONS.map((d) => d.tag),
        "CompoundSpectralModel",
        "TemplateSpectralModel",
        "EBLAbsorptionNormSpectralModel",
      ].join(", "),
    );
  return new AnalyticSpectralModel(def, parametersFromDictList(def.parameters, dict.parameters, key, file));
}

/** A quantity string as astropy writes it (`5000.0 GeV`, `3.41e+19 GeV2 / cm5`, `1.0`): value x factor to `unit`. */
function quantity(v: unknown, unit: string, key: string, file?: string): number {
  if (typeof v === "number") return v;
  const m = typeof v === "string" ? v.trim().match(/^([-+0-9.eE]+)\s*(.*)$/) : null;
  const value = m ? Number(m[1]) : Number.NaN;
  if (!m || Number.isNaN(value))
    throw modelsError(`bad quantity '${String(v)}'`, key, file, `a number with a unit (${unit})`);
  return m[2] ? value * unitConversionFactor(m[2], unit) : value;
}

/** Dark-matter models from YAML (`channel`, `mass`, `jfactor`, `z`, `k`, parameter `scale`). */
function darkMatterFromDict(
  annihilation: boolean,
  dict: Record<string, unknown>,
  key: string,
  file: string | undefined,
  readers: ModelFileReaders,
): SpectralModel {
  if (!readers.readPrimaryFlux)
    throw modelsError("no dark-matter spectra reader given", `${key}.type`, file, "readers.readPrimaryFlux");
  const params = Array.isArray(dict.parameters) ? (dict.parameters as Array<Record<string, unknown>>) : [];
  const scale = params.find((p) => p.name === "scale");
  const options = {
    massTeV: quantity(dict.mass, "TeV", `${key}.mass`, file),
    channel: String(dict.channel ?? ""),
    scale: typeof scale?.value === "number" ? scale.value : 1,
    jfactor:
      dict.jfactor === undefined
        ? 1
        : quantity(dict.jfactor, annihilation ? "GeV2 cm-5" : "GeV cm-2", `${key}.jfactor`, file),
    z: typeof dict.z === "number" ? dict.z : 0,
    k: typeof dict.k === "number" ? dict.k : 2,
  };
  const model = annihilation
    ? new DarkMatterAnnihilationSpectralModel(readers.readPrimaryFlux(), options)
    : new DarkMatterDecaySpectralModel(readers.readPrimaryFlux(), options);
  if (typeof scale?.frozen === "boolean") model.parameters.get("scale").frozen = scale.frozen;
  return model;
}

/** A number as Python's repr writes a float (`10.0`, `3.41e+19`). */
function pythonFloat(v: number): string {
  const a = Math.abs(v);
  if (a !== 0 && (a >= 1e16 || a < 1e-4)) return v.toExponential().replace(/e([+-])(\d)$/, "e$10$2");
  return Number.isInteger(v) ? v.toFixed(1) : String(v);
}

/** File names of EBL models read from YAML, written back as they were given. */
const eblFiles = new WeakMap<SpectralModel, string>();

/** Models from a parsed YAML document (Gammapy's `Models.from_dict`). */
export function modelsFromDict(doc: unknown, file?: string, options: ModelFileReaders = {}): Models {
  const components = (doc as ModelsDocument | null)?.components;
  if (!Array.isArray(components)) throw modelsError("no 'components' list", "components", file, "a list of models");
  return new Models(
    components.map((c, i) => {
      const key = `components[${i}]`;
      if (c === null || typeof c !== "object" || Array.isArray(c))
        throw modelsError("a component is not a mapping", key, file, "name, type, spectral, ...");
      if (c.type !== "SkyModel" && c.type !== "FoVBackgroundModel" && c.type !== "TemplateNPredModel")
        throw modelsError(
          `unsupported component type '${String(c.type)}'`,
          `${key}.type`,
          file,
          "SkyModel, FoVBackgroundModel or TemplateNPredModel",
        );
      const datasetsNames = Array.isArray(c.datasets_names) ? c.datasets_names.map(String) : undefined;
      if (c.type === "FoVBackgroundModel") {
        if (!datasetsNames || datasetsNames.length !== 1)
          throw modelsError("a FoVBackgroundModel needs one dataset name", `${key}.datasets_names`, file, "[dataset]");
        const spectral = c.spectral
          ? spectralModelFromDict(c.spectral as Record<string, unknown>, `${key}.spectral`, file)
          : new AnalyticSpectralModel(PowerLawNorm);
        return new FoVBackgroundModel(datasetsNames[0], spectral);
      }
      if (typeof c.name !== "string") throw modelsError("missing name", `${key}.name`, file, "a string");
      if (c.type === "TemplateNPredModel") return templateNPredFromDict(c, key, file, options);
      if (!c.spectral || typeof c.spectral !== "object")
        throw modelsError("missing spectral model", `${key}.spectral`, file, "a spectral model");
      const spatialModel =
        c.spatial && typeof c.spatial === "object"
          ? spatialModelFromDict(c.spatial as Record<string, unknown>, {
              key: `${key}.spatial`,
              file,
              readMap: options.readMap,
            })
          : undefined;
      const temporalModel =
        c.temporal && typeof c.temporal === "object"
          ? temporalModelFromDict(c.temporal as Record<string, unknown>, {
              key: `${key}.temporal`,
              file,
              readLightCurve: options.readLightCurve,
            })
          : undefined;
      return new SkyModel({
        name: c.name,
        spectralModel: spectralModelFromDict(c.spectral as Record<string, unknown>, `${key}.spectral`, file, options),
        spatialModel,
        temporalModel,
        datasetsNames,
        applyIrf: applyIrfFromDict(c.apply_irf, `${key}.apply_irf`, file),
      });
    }),
  );
}

/** Gammapy's `apply_irf` mapping (exposure, psf, edisp booleans; missing keys default to true). */
function applyIrfFromDict(v: unknown, key: string, file?: string): Partial<ApplyIrf> | undefined {
  if (v === undefined || v === null) return undefined;
  if (typeof v !== "object" || Array.isArray(v))
    throw modelsError("apply_irf is not a mapping", key, file, "{exposure: bool, psf: bool, edisp: bool}");
  const out: Record<string, boolean> = {};
  for (const [k, b] of Object.entries(v)) {
    if (!(k in APPLY_IRF_DEFAULT) || typeof b !== "boolean")
      throw modelsError(`apply_irf.${k}: ${String(b)}`, `${key}.${k}`, file, "exposure, psf or edisp: true or false");
    out[k] = b;
  }
  return out;
}

/** A `TemplateNPredModel` component: its map from `filename` (read with `readers.readMap`), norm spectral model. */
function templateNPredFromDict(
  c: Record<string, unknown>,
  key: string,
  file: string | undefined,
  readers: ModelFileReaders,
): TemplateNPredModel {
  if (typeof c.filename !== "string")
    throw modelsError("a TemplateNPredModel needs its map file", `${key}.filename`, file, "a file name");
  if (!readers.readMap) throw modelsError("no map reader given", `${key}.filename`, file, "readers.readMap");
  const names = Array.isArray(c.datasets_names) ? c.datasets_names.map(String) : undefined;
  if (names && names.length !== 1)
    throw modelsError("a TemplateNPredModel applies to one dataset", `${key}.datasets_names`, file, "[dataset]");
  const spectralModel = c.spectral
    ? spectralModelFromDict(c.spectral as Record<string, unknown>, `${key}.spectral`, file, readers)
    : new AnalyticSpectralModel(PowerLawNorm);
  return new TemplateNPredModel({
    name: c.name as string,
    map: readers.readMap(c.filename),
    spectralModel,
    datasetsNames: names,
    filename: c.filename,
  });
}

function spectralToDict(model: SpectralModel): Record<string, unknown> {
  if (model instanceof CompoundSpectralModel) {
    const op = Object.entries(OPERATORS).find(([, v]) => v === model.operator)![0];
    return {
      type: model.tag,
      model1: spectralToDict(model.model1),
      model2: spectralToDict(model.model2),
      operator: op,
    };
  }
  if (model instanceof TemplateSpectralModel) {
    return {
      type: model.tag,
      parameters: [{ name: "norm", value: model.parameters.get("norm").value }],
      energy: { data: [...model.energyTeV], unit: "TeV" },
      values: { data: [...model.values], unit: "cm-2 s-1 TeV-1" },
    };
  }
  if (model instanceof DarkMatterAnnihilationSpectralModel || model instanceof DarkMatterDecaySpectralModel) {
    const d: Record<string, unknown> = {
      type: model.tag,
      parameters: parametersToDictList(model.parameters, [
        { name: "scale", value: 1, interp: "log", isNorm: model instanceof DarkMatterAnnihilationSpectralModel },
      ]),
      channel: model.channel,
      mass: `${pythonFloat(model.massTeV)} TeV`,
      jfactor: `${pythonFloat(model.jfactor)} ${model instanceof DarkMatterAnnihilationSpectralModel ? "GeV2 / cm5" : "GeV / cm2"}`,
      z: model.z,
    };
    if (model instanceof DarkMatterAnnihilationSpectralModel) d.k = model.k;
    return d;
  }
  const def = findDefinition(model.tag);
  const d: Record<string, unknown> = {
    type: model.tag,
    parameters: parametersToDictList(model.parameters, def?.parameters ?? []),
  };
  const ebl = eblFiles.get(model);
  if (ebl) d.filename = ebl;
  return d;
}

/**
 * Plain document of models as Gammapy writes it (`full_output=False`: defaults omitted); `covariance` names the
 * covariance file written next to it (see `covarianceToText`).
 */
export function modelsToDict(models: Models, options: { readonly covariance?: string } = {}): ModelsDocument {
  const doc: ModelsDocument = {
    components: [...models].map((m) => {
      const c: Record<string, unknown> = { name: m.name, type: m.tag };
      if (Object.entries(m.applyIrf).some(([k, v]) => APPLY_IRF_DEFAULT[k as keyof ApplyIrf] !== v))
        c.apply_irf = { ...m.applyIrf };
      if (m.datasetsNames) c.datasets_names = m.datasetsNames;
      if (m instanceof TemplateNPredModel && m.filename) c.filename = m.filename;
      if (m.spatialModel) c.spatial = spatialModelToDict(m.spatialModel as SpatialModel);
      c.spectral = spectralToDict(m.spectralModel);
      if (m.temporalModel) c.temporal = temporalModelToDict(m.temporalModel);
      return c;
    }),
  };
  if (options.covariance) doc.covariance = options.covariance;
  return doc;
}

/** Parses Gammapy models YAML text (file name for error messages). */
export function readModelsYaml(text: string, file?: string, options: ModelFileReaders = {}): Models {
  let doc: unknown;
  try {
    doc = parseYaml(text, { logLevel: "error" });
  } catch (e) {
    throw new GammatsError("BAD_YAML", `cannot parse YAML: ${(e as Error).message}`, { file }, "valid YAML", {
      cause: e,
    });
  }
  return modelsFromDict(doc, file, options);
}

/** Models as YAML text in Gammapy's layout (with a `covariance:` file name when given). */
export function modelsToYaml(models: Models, options: { readonly covariance?: string } = {}): string {
  return stringifyYaml(modelsToDict(models, options), { indent: 4, indentSeq: false });
}

/**
 * Gammapy's models YAML (`components:` list of SkyModels with typed spectral parts) to and from plain objects. Values
 * are converted to the models' canonical units on read and written in them.
 */
import { parse as parseYaml, stringify as stringifyYaml } from "yaml";
import type { WcsNDMap } from "../maps/wcs-map.js";
import { GammatsError } from "../util/errors.js";
import { FoVBackgroundModel, Models, SkyModel } from "./models.js";
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
import { MORE_SPECTRAL_DEFINITIONS, PowerLawNorm } from "./spectral-models.js";

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
  return new AnalyticSpectralModel(def, parametersFromDictList(def.parameters, dict.parameters, key, file));
}

/** Models from a parsed YAML document (Gammapy's `Models.from_dict`). */
export function modelsFromDict(
  doc: unknown,
  file?: string,
  options: { readMap?: (filename: string) => WcsNDMap } = {},
): Models {
  const components = (doc as ModelsDocument | null)?.components;
  if (!Array.isArray(components)) throw modelsError("no 'components' list", "components", file, "a list of models");
  return new Models(
    components.map((c, i) => {
      const key = `components[${i}]`;
      if (c.type !== "SkyModel" && c.type !== "FoVBackgroundModel")
        throw modelsError(
          `unsupported component type '${String(c.type)}'`,
          `${key}.type`,
          file,
          "SkyModel or FoVBackgroundModel",
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
      return new SkyModel({
        name: c.name,
        spectralModel: spectralModelFromDict(c.spectral as Record<string, unknown>, `${key}.spectral`, file),
        spatialModel,
        datasetsNames,
      });
    }),
  );
}

function spectralToDict(model: SpectralModel): Record<string, unknown> {
  const def = findDefinition(model.tag);
  return {
    type: model.tag,
    parameters: parametersToDictList(model.parameters, def?.parameters ?? []),
  };
}

/** Plain document of models as Gammapy writes it (`full_output=False`: defaults omitted). */
export function modelsToDict(models: Models): ModelsDocument {
  return {
    components: [...models].map((m) => {
      const c: Record<string, unknown> = { name: m.name, type: m.tag };
      if (m.datasetsNames) c.datasets_names = m.datasetsNames;
      if (m.spatialModel) c.spatial = spatialModelToDict(m.spatialModel as SpatialModel);
      c.spectral = spectralToDict(m.spectralModel);
      return c;
    }),
  };
}

/** Parses Gammapy models YAML text (file name for error messages). */
export function readModelsYaml(
  text: string,
  file?: string,
  options: { readMap?: (filename: string) => WcsNDMap } = {},
): Models {
  let doc: unknown;
  try {
    doc = parseYaml(text);
  } catch (e) {
    throw new GammatsError("BAD_YAML", `cannot parse YAML: ${(e as Error).message}`, { file }, "valid YAML", {
      cause: e,
    });
  }
  return modelsFromDict(doc, file, options);
}

/** Models as YAML text in Gammapy's layout. */
export function modelsToYaml(models: Models): string {
  return stringifyYaml(modelsToDict(models), { indent: 4, indentSeq: false });
}

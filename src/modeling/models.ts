/**
 * Sky models and model collections. A `SkyModel` combines a spectral model with optional spatial and temporal parts;
 * `Models` gives every parameter a unique full name (`crab.spectral.index`) across all components.
 */

import type { WcsGeom } from "../maps/wcs-geom.js";
import { ArgumentError } from "../util/errors.js";
import { type Parameter, Parameters } from "./parameter.js";
import type { SpectralModel } from "./spectral.js";
import type { TemporalModel } from "./temporal.js";

/**
 * What a sky model needs from a spatial model (implemented by the classes in spatial.ts): parameters, the frame, and
 * the fraction of the source in each pixel of a WCS geometry.
 */
export interface SpatialModelLike {
  readonly tag: string;
  readonly frame: "icrs" | "galactic";
  readonly parameters: Parameters;
  /** Fraction of the source's flux in each spatial pixel of `geom` (shape ny * nx, C order). */
  integrateGeom(geom: WcsGeom, out?: Float64Array): Float64Array;
  /** Radius (deg) beyond which the model is negligible (null or undefined: unbounded). */
  readonly evaluationRadiusDeg?: number | null;
}

/**
 * A source model: name, spectral model, optional spatial and temporal models, and the datasets it applies to (all
 * when undefined). The temporal model scales the predicted counts of a dataset by its mean over the dataset's GTIs.
 */
export class SkyModel {
  readonly name: string;
  readonly spectralModel: SpectralModel;
  readonly spatialModel: SpatialModelLike | undefined;
  readonly temporalModel: TemporalModel | undefined;
  /** Names of the datasets this model contributes to (undefined: all). */
  datasetsNames: string[] | undefined;

  constructor(spec: {
    name: string;
    spectralModel: SpectralModel;
    spatialModel?: SpatialModelLike;
    temporalModel?: TemporalModel;
    datasetsNames?: string[];
  }) {
    this.name = spec.name;
    this.spectralModel = spec.spectralModel;
    this.spatialModel = spec.spatialModel;
    this.temporalModel = spec.temporalModel;
    this.datasetsNames = spec.datasetsNames;
  }

  /** Gammapy's component type name. */
  get tag(): string {
    return "SkyModel";
  }

  /** All parameters (spectral, spatial, then temporal, as Gammapy). */
  get parameters(): Parameters {
    return new Parameters(this.namedParameters().map((p) => p.parameter));
  }

  /** Parameters with their role prefix (`spectral`, `spatial`, `temporal`), used to build full names. */
  namedParameters(): Array<{ role: string; parameter: Parameter }> {
    const out = [...this.spectralModel.parameters].map((parameter) => ({ role: "spectral", parameter }));
    if (this.spatialModel)
      for (const parameter of this.spatialModel.parameters) out.push({ role: "spatial", parameter });
    if (this.temporalModel)
      for (const parameter of this.temporalModel.parameters) out.push({ role: "temporal", parameter });
    return out;
  }

  /** Whether the model applies to a dataset name. */
  appliesTo(datasetName: string): boolean {
    return this.datasetsNames === undefined || this.datasetsNames.includes(datasetName);
  }
}

/**
 * The background model of one map dataset (Gammapy's `FoVBackgroundModel`): the dataset's background cube times a
 * norm spectral model (PowerLawNorm: norm, tilt, reference). Named `<dataset>-bkg`.
 */
export class FoVBackgroundModel extends SkyModel {
  constructor(datasetName: string, spectralModel: SpectralModel) {
    super({ name: `${datasetName}-bkg`, spectralModel, datasetsNames: [datasetName] });
  }

  override get tag(): string {
    return "FoVBackgroundModel";
  }
}

/** An ordered collection of sky models with unique names. */
export class Models implements Iterable<SkyModel> {
  private readonly list: SkyModel[];

  constructor(models: Iterable<SkyModel> = []) {
    this.list = [...models];
    const names = new Set<string>();
    for (const m of this.list) {
      if (names.has(m.name)) throw new ArgumentError(`duplicate model name '${m.name}'`, "name", "unique names");
      names.add(m.name);
    }
  }

  [Symbol.iterator](): Iterator<SkyModel> {
    return this.list[Symbol.iterator]();
  }
  get length(): number {
    return this.list.length;
  }
  /** Model names in order. */
  get names(): string[] {
    return this.list.map((m) => m.name);
  }
  /** Model by name; throws `ArgumentError` when absent. */
  get(name: string): SkyModel {
    const m = this.list.find((x) => x.name === name);
    if (!m) throw new ArgumentError(`no model '${name}'`, name, `one of ${this.names.join(", ")}`);
    return m;
  }
  /** The models that apply to a dataset. */
  forDataset(datasetName: string): Models {
    return new Models(this.list.filter((m) => m.appliesTo(datasetName)));
  }
  /** All distinct parameters (linked parameters once). */
  get parameters(): Parameters {
    return new Parameters(this.list.flatMap((m) => [...m.parameters]));
  }
  /**
   * Unique full names of the distinct parameters, `model.role.name` (e.g. `crab.spectral.index`); a linked parameter
   * gets the name of its first occurrence.
   */
  parameterNames(): Map<Parameter, string> {
    const names = new Map<Parameter, string>();
    for (const m of this.list)
      for (const { role, parameter } of m.namedParameters())
        if (!names.has(parameter)) names.set(parameter, `${m.name}.${role}.${parameter.name}`);
    return names;
  }
  /** Parameter by full name (`crab.spectral.index`). */
  parameter(fullName: string): Parameter {
    for (const [p, n] of this.parameterNames()) if (n === fullName) return p;
    throw new ArgumentError(`no parameter '${fullName}'`, fullName, "a name like 'model.spectral.index'");
  }
}

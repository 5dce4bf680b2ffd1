/**
 * Sky models and model collections. A `SkyModel` combines a spectral model with optional spatial and temporal parts;
 * `Models` gives every parameter a unique full name (`crab.spectral.index`) across all components.
 */

import type { SkyCoord } from "../coords/frames.js";
import type { WcsGeom } from "../maps/wcs-geom.js";
import type { WcsNDMap } from "../maps/wcs-map.js";
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
  /**
   * Fraction of the source's flux in each spatial pixel of `geom` (shape ny * nx, C order); for energy-dependent models
   * per true-energy bin of `geom` (shape nEnergyTrue * ny * nx).
   */
  integrateGeom(geom: WcsGeom, out?: Float64Array): Float64Array;
  /** Radius (deg) beyond which the model is negligible (null or undefined: unbounded). */
  readonly evaluationRadiusDeg?: number | null;
  /** Centre of the model, or null for models without one (e.g. isotropic). */
  readonly position?: SkyCoord | null;
  /** Whether `integrateGeom` depends on true energy (energy cube templates). */
  readonly isEnergyDependent?: boolean;
}

/** Which instrument responses apply to a model's prediction (Gammapy's `apply_irf`). */
export interface ApplyIrf {
  readonly exposure: boolean;
  readonly psf: boolean;
  readonly edisp: boolean;
}

/** All responses applied (Gammapy's default). */
export const APPLY_IRF_DEFAULT: ApplyIrf = { exposure: true, psf: true, edisp: true };

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
  /** The responses applied to the model's prediction in map datasets. */
  readonly applyIrf: ApplyIrf;

  constructor(spec: {
    name: string;
    spectralModel: SpectralModel;
    spatialModel?: SpatialModelLike;
    temporalModel?: TemporalModel;
    datasetsNames?: string[];
    applyIrf?: Partial<ApplyIrf>;
  }) {
    this.name = spec.name;
    this.spectralModel = spec.spectralModel;
    this.spatialModel = spec.spatialModel;
    this.temporalModel = spec.temporalModel;
    this.datasetsNames = spec.datasetsNames;
    this.applyIrf = { ...APPLY_IRF_DEFAULT, ...spec.applyIrf };
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

/**
 * Gammapy's `TemplateNPredModel`: predicted counts given as a map on a dataset's counts geometry (reco `energy` axis
 * with bin edges), scaled per energy bin by a norm spectral model at the bin centres (PowerLawNorm with the tilt
 * frozen by default). Applies to one dataset (or to all when `datasetsNames` is undefined).
 */
export class TemplateNPredModel extends SkyModel {
  /** The predicted counts (energy, lat, lon). */
  readonly map: WcsNDMap;
  /** File name written to YAML. */
  filename: string | undefined;

  constructor(spec: {
    name: string;
    map: WcsNDMap;
    spectralModel: SpectralModel;
    datasetsNames?: string[];
    filename?: string;
  }) {
    const axes = spec.map.geom.axes;
    if (!axes.has("energy") || axes.get("energy").nodeType !== "edges")
      throw new ArgumentError("a TemplateNPredModel needs a map with an energy axis of bin edges", "map");
    if (spec.datasetsNames && spec.datasetsNames.length !== 1)
      throw new ArgumentError("a TemplateNPredModel applies to one dataset", "datasets_names", "[dataset]");
    super({ name: spec.name, spectralModel: spec.spectralModel, datasetsNames: spec.datasetsNames });
    this.map = spec.map;
    this.filename = spec.filename;
  }

  override get tag(): string {
    return "TemplateNPredModel";
  }

  /** The map scaled by the spectral model at the energy bin centres (flat like the map, C order). */
  evaluate(out = new Float64Array(this.map.data.length)): Float64Array {
    const axis = this.map.geom.axes.get("energy");
    const f = this.spectralModel.evaluate(axis.center);
    const n = this.map.geom.imageSize;
    const d = this.map.data;
    for (let e = 0; e < axis.nbin; e++) for (let i = e * n; i < (e + 1) * n; i++) out[i] = Number(d[i]) * f[e];
    return out;
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

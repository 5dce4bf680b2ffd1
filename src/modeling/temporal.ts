/**
 * Temporal models of Gammapy 1.0: a dimensionless norm as a function of time. Times are MJD (UTC, as Gammapy's
 * `Time(..., format="mjd")`); parameters hold canonical units (d, d-1, d-1 rad).
 *
 * `integral(tMin, tMax)` is Gammapy's `integral` over a set of intervals (e.g. GTIs): the integral of the norm over
 * each interval divided by the summed length of all intervals. As in Gammapy (astropy `Time` differences), the
 * interval lengths and the time differences in the closed forms count leap seconds (UTC -> TAI), while `evaluate`
 * uses plain MJD differences.
 */
import { taiMinusUtc } from "../coords/time.js";
import { ArgumentError } from "../util/errors.js";
import { unitConversionFactor } from "../util/units.js";
import type { Parameter, ParameterSpec, Parameters } from "./parameter.js";
import { buildParameters, type SpatialParameterValues } from "./spatial.js";
import { modelDictError, parametersFromDictList, parametersToDictList } from "./spatial-io.js";
import { erf } from "./spectral-models.js";

/** Gammapy's default reference time, 2000-01-01 (UTC), in MJD. */
export const T_REF_DEFAULT_MJD = 51544;

const SECONDS_PER_DAY = 86400;

/** Elapsed days from MJD (UTC) `a` to `b` including leap seconds, as astropy's `(b - a).to_value("day")`. */
export function elapsedDays(aMjd: number, bMjd: number): number {
  return bMjd - aMjd + (taiMinusUtc(bMjd) - taiMinusUtc(aMjd)) / SECONDS_PER_DAY;
}

/** Summed length (days, with leap seconds) of intervals [tMin[i], tMax[i]] (Gammapy's `time_sum`). */
export function timeSumDays(tMinMjd: ArrayLike<number>, tMaxMjd: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < tMinMjd.length; i++) s += elapsedDays(tMinMjd[i], tMaxMjd[i]);
  return s;
}

/** Number of samples per interval of the numerical `integral` (Gammapy's `oversampling_factor`). */
export const TEMPORAL_OVERSAMPLING = 100;

/** Base of all temporal models. */
export abstract class TemporalModel {
  /** Gammapy's type name, e.g. `ExpDecayTemporalModel`. */
  abstract readonly tag: string;
  /** The model's parameters in Gammapy's order (canonical units). */
  abstract readonly parameters: Parameters;

  /** Norm (dimensionless) at times (MJD); shapes (n,). */
  abstract evaluate(timeMjd: ArrayLike<number>, out?: Float64Array): Float64Array;

  /** Norm at one time (MJD). */
  at(timeMjd: number): number {
    return this.evaluate([timeMjd])[0];
  }

  /**
   * Mean norm contributions over intervals: for each i the integral of the norm over [tMin[i], tMax[i]] (MJD) divided
   * by the summed length of all intervals; shapes (n,). Numerical here (Gammapy's: 100 equally spaced samples per
   * interval, sum times the sample step), closed forms where Gammapy has them.
   */
  integral(
    tMinMjd: ArrayLike<number>,
    tMaxMjd: ArrayLike<number>,
    out = new Float64Array(tMinMjd.length),
  ): Float64Array {
    checkIntervals(tMinMjd, tMaxMjd);
    const n = TEMPORAL_OVERSAMPLING;
    const t = new Float64Array(n);
    const v = new Float64Array(n);
    const total = timeSumDays(tMinMjd, tMaxMjd);
    for (let i = 0; i < tMinMjd.length; i++) {
      const step = (tMaxMjd[i] - tMinMjd[i]) / (n - 1);
      for (let k = 0; k < n; k++) t[k] = k * step + tMinMjd[i];
      t[n - 1] = tMaxMjd[i];
      this.evaluate(t, v);
      let s = 0;
      for (let k = 0; k < n; k++) s += v[k];
      out[i] = (s * step) / total;
    }
    return out;
  }
}

function checkIntervals(tMinMjd: ArrayLike<number>, tMaxMjd: ArrayLike<number>): void {
  if (tMinMjd.length !== tMaxMjd.length)
    throw new ArgumentError(`${tMinMjd.length} start times but ${tMaxMjd.length} stop times`, "tMaxMjd");
}

/**
 * Closed-form integrals: `f(tMin, tMax, p)` is the integral over one interval (days; the model's parameter values `p`
 * in Gammapy's order), divided by the total length of all intervals.
 */
function closedFormIntegral(
  model: TemporalModel,
  tMinMjd: ArrayLike<number>,
  tMaxMjd: ArrayLike<number>,
  out: Float64Array,
  f: (tMin: number, tMax: number, p: Float64Array) => number,
): Float64Array {
  checkIntervals(tMinMjd, tMaxMjd);
  const p = model.parameters.values;
  const total = timeSumDays(tMinMjd, tMaxMjd);
  for (let i = 0; i < tMinMjd.length; i++) out[i] = f(tMinMjd[i], tMaxMjd[i], p) / total;
  return out;
}

const T_REF_FROZEN: ParameterSpec = { name: "t_ref", value: T_REF_DEFAULT_MJD, unit: "d", frozen: true };
const T_REF_FREE: ParameterSpec = { name: "t_ref", value: T_REF_DEFAULT_MJD, unit: "d" };

/** Constant norm 1. No parameters. */
export class ConstantTemporalModel extends TemporalModel {
  readonly tag = "ConstantTemporalModel";
  /** Gammapy's parameter defaults (none). */
  static readonly defaults: readonly ParameterSpec[] = [];
  readonly parameters = buildParameters([]);

  evaluate(timeMjd: ArrayLike<number>, out = new Float64Array(timeMjd.length)): Float64Array {
    return out.fill(1, 0, timeMjd.length);
  }

  /** Interval length over the total length. */
  override integral(tMinMjd: ArrayLike<number>, tMaxMjd: ArrayLike<number>, out?: Float64Array): Float64Array {
    return closedFormIntegral(this, tMinMjd, tMaxMjd, out ?? new Float64Array(tMinMjd.length), (a, b) =>
      elapsedDays(a, b),
    );
  }
}

/** alpha + beta (t - t_ref). Parameters: alpha, beta (d-1), t_ref (d, frozen). */
export class LinearTemporalModel extends TemporalModel {
  readonly tag = "LinearTemporalModel";
  /** Gammapy's parameter defaults. */
  static readonly defaults: readonly ParameterSpec[] = [
    { name: "alpha", value: 1 },
    { name: "beta", value: 0, unit: "d-1" },
    T_REF_FROZEN,
  ];
  readonly parameters: Parameters;

  /** A linear model with parameter values (canonical units) overriding the defaults. */
  constructor(values?: SpatialParameterValues) {
    super();
    this.parameters = buildParameters(LinearTemporalModel.defaults, values);
  }

  evaluate(timeMjd: ArrayLike<number>, out = new Float64Array(timeMjd.length)): Float64Array {
    const [alpha, beta, tRef] = this.parameters.values;
    for (let i = 0; i < timeMjd.length; i++) out[i] = alpha + beta * (timeMjd[i] - tRef);
    return out;
  }

  override integral(tMinMjd: ArrayLike<number>, tMaxMjd: ArrayLike<number>, out?: Float64Array): Float64Array {
    return closedFormIntegral(this, tMinMjd, tMaxMjd, out ?? new Float64Array(tMinMjd.length), (a, b, p) => {
      const [alpha, beta, tRef] = p;
      const da = elapsedDays(tRef, a);
      const db = elapsedDays(tRef, b);
      return alpha * elapsedDays(a, b) + (beta / 2) * (db * db - da * da);
    });
  }
}

/** exp(-(t - t_ref) / t0). Parameters: t0 (d), t_ref (d, frozen). */
export class ExpDecayTemporalModel extends TemporalModel {
  readonly tag = "ExpDecayTemporalModel";
  /** Gammapy's parameter defaults. */
  static readonly defaults: readonly ParameterSpec[] = [{ name: "t0", value: 1, unit: "d" }, T_REF_FROZEN];
  readonly parameters: Parameters;

  /** An exponential decay with parameter values (canonical units) overriding the defaults. */
  constructor(values?: SpatialParameterValues) {
    super();
    this.parameters = buildParameters(ExpDecayTemporalModel.defaults, values);
  }

  evaluate(timeMjd: ArrayLike<number>, out = new Float64Array(timeMjd.length)): Float64Array {
    const [t0, tRef] = this.parameters.values;
    for (let i = 0; i < timeMjd.length; i++) out[i] = Math.exp(-(timeMjd[i] - tRef) / t0);
    return out;
  }

  override integral(tMinMjd: ArrayLike<number>, tMaxMjd: ArrayLike<number>, out?: Float64Array): Float64Array {
    return closedFormIntegral(this, tMinMjd, tMaxMjd, out ?? new Float64Array(tMinMjd.length), (a, b, [t0, tRef]) => {
      const value = Math.exp(-elapsedDays(tRef, b) / t0) - Math.exp(-elapsedDays(tRef, a) / t0);
      return -t0 * value;
    });
  }
}

/** exp(-(t - t_ref)^2 / (2 sigma^2)). Parameters: t_ref (d), sigma (d). */
export class GaussianTemporalModel extends TemporalModel {
  readonly tag = "GaussianTemporalModel";
  /** Gammapy's parameter defaults. */
  static readonly defaults: readonly ParameterSpec[] = [T_REF_FREE, { name: "sigma", value: 1, unit: "d" }];
  readonly parameters: Parameters;

  /** A Gaussian pulse with parameter values (canonical units) overriding the defaults. */
  constructor(values?: SpatialParameterValues) {
    super();
    this.parameters = buildParameters(GaussianTemporalModel.defaults, values);
  }

  evaluate(timeMjd: ArrayLike<number>, out = new Float64Array(timeMjd.length)): Float64Array {
    const [tRef, sigma] = this.parameters.values;
    for (let i = 0; i < timeMjd.length; i++) {
      const d = timeMjd[i] - tRef;
      out[i] = Math.exp(-(d * d) / (2 * sigma * sigma));
    }
    return out;
  }

  override integral(tMinMjd: ArrayLike<number>, tMaxMjd: ArrayLike<number>, out?: Float64Array): Float64Array {
    return closedFormIntegral(this, tMinMjd, tMaxMjd, out ?? new Float64Array(tMinMjd.length), (a, b, [tRef, s]) => {
      const norm = Math.sqrt(Math.PI / 2) * s;
      const uMin = elapsedDays(tRef, a) / (Math.SQRT2 * s);
      const uMax = elapsedDays(tRef, b) / (Math.SQRT2 * s);
      return norm * (erf(uMax) - erf(uMin));
    });
  }
}

/**
 * exp(-|t - t_ref|^(1/eta) / (2 t_rise^(1/eta))) before t_ref, with t_decay after. Parameters: t_ref, t_rise,
 * t_decay (d), eta. Integral numerical (Gammapy's sampling).
 */
export class GeneralizedGaussianTemporalModel extends TemporalModel {
  readonly tag = "GeneralizedGaussianTemporalModel";
  /** Gammapy's parameter defaults. */
  static readonly defaults: readonly ParameterSpec[] = [
    T_REF_FREE,
    { name: "t_rise", value: 1, unit: "d" },
    { name: "t_decay", value: 1, unit: "d" },
    { name: "eta", value: 0.5 },
  ];
  readonly parameters: Parameters;

  /** A generalised Gaussian pulse with parameter values (canonical units) overriding the defaults. */
  constructor(values?: SpatialParameterValues) {
    super();
    this.parameters = buildParameters(GeneralizedGaussianTemporalModel.defaults, values);
  }

  evaluate(timeMjd: ArrayLike<number>, out = new Float64Array(timeMjd.length)): Float64Array {
    const [tRef, tRise, tDecay, eta] = this.parameters.values;
    const k = 1 / eta;
    for (let i = 0; i < timeMjd.length; i++) {
      const d = Math.abs(timeMjd[i] - tRef) ** k;
      out[i] = Math.exp((-0.5 * d) / (timeMjd[i] < tRef ? tRise : tDecay) ** k);
    }
    return out;
  }
}

/** ((t - t_ref) / t0)^alpha. Parameters: alpha, t_ref (d, frozen), t0 (d, frozen). */
export class PowerLawTemporalModel extends TemporalModel {
  readonly tag = "PowerLawTemporalModel";
  /** Gammapy's parameter defaults. */
  static readonly defaults: readonly ParameterSpec[] = [
    { name: "alpha", value: 1 },
    T_REF_FROZEN,
    { name: "t0", value: 1, unit: "d", frozen: true },
  ];
  readonly parameters: Parameters;

  /** A power-law decay with parameter values (canonical units) overriding the defaults. */
  constructor(values?: SpatialParameterValues) {
    super();
    this.parameters = buildParameters(PowerLawTemporalModel.defaults, values);
  }

  evaluate(timeMjd: ArrayLike<number>, out = new Float64Array(timeMjd.length)): Float64Array {
    const [alpha, tRef, t0] = this.parameters.values;
    for (let i = 0; i < timeMjd.length; i++) out[i] = ((timeMjd[i] - tRef) / t0) ** alpha;
    return out;
  }

  override integral(tMinMjd: ArrayLike<number>, tMaxMjd: ArrayLike<number>, out?: Float64Array): Float64Array {
    return closedFormIntegral(this, tMinMjd, tMaxMjd, out ?? new Float64Array(tMinMjd.length), (a, b, p) => {
      const [alpha, tRef, t0] = p;
      const da = elapsedDays(tRef, a);
      const db = elapsedDays(tRef, b);
      if (alpha !== -1) return (t0 / (alpha + 1)) * ((db / t0) ** (alpha + 1) - (da / t0) ** (alpha + 1));
      return t0 * Math.log(db / da);
    });
  }
}

/** 1 + amp sin(omega (t - t_ref)). Parameters: amp, omega (d-1 rad), t_ref (d). */
export class SineTemporalModel extends TemporalModel {
  readonly tag = "SineTemporalModel";
  /** Gammapy's parameter defaults. */
  static readonly defaults: readonly ParameterSpec[] = [
    { name: "amp", value: 1 },
    { name: "omega", value: 1, unit: "d-1 rad" },
    T_REF_FREE,
  ];
  readonly parameters: Parameters;

  /** A sinusoidal modulation with parameter values (canonical units) overriding the defaults. */
  constructor(values?: SpatialParameterValues) {
    super();
    this.parameters = buildParameters(SineTemporalModel.defaults, values);
  }

  evaluate(timeMjd: ArrayLike<number>, out = new Float64Array(timeMjd.length)): Float64Array {
    const [amp, omega, tRef] = this.parameters.values;
    for (let i = 0; i < timeMjd.length; i++) out[i] = 1 + amp * Math.sin(omega * (timeMjd[i] - tRef));
    return out;
  }

  override integral(tMinMjd: ArrayLike<number>, tMaxMjd: ArrayLike<number>, out?: Float64Array): Float64Array {
    return closedFormIntegral(this, tMinMjd, tMaxMjd, out ?? new Float64Array(tMinMjd.length), (a, b, p) => {
      const [amp, omega, tRef] = p;
      const s = Math.sin(omega * elapsedDays(tRef, b)) - Math.sin(omega * elapsedDays(tRef, a));
      return elapsedDays(a, b) - (amp / omega) * s;
    });
  }
}

/** A light curve: norms at times relative to a reference time. */
export interface LightCurveTable {
  /** Node times relative to `tRefMjd`, in `timeUnit`; shape (n,), increasing. */
  readonly time: ArrayLike<number>;
  /** Norms at the nodes (dimensionless); shape (n,). */
  readonly norm: ArrayLike<number>;
  /** Unit of `time` (e.g. "d", "s"; the table's TIMEUNIT). */
  readonly timeUnit: string;
  /** Reference time (MJD) of `time` (the table's MJDREFI + MJDREFF); becomes the `t_ref` parameter. */
  readonly tRefMjd?: number;
}

/**
 * Gammapy's `LightCurveTemplateTemporalModel`: linear interpolation of the norms between the node times, extrapolated
 * linearly beyond the first and last nodes (as Gammapy's interpolator), negative values clipped to 0. Parameter:
 * t_ref (d, free, default 51544). Integral numerical (Gammapy's sampling).
 */
export class LightCurveTemplateTemporalModel extends TemporalModel {
  readonly tag = "LightCurveTemplateTemporalModel";
  /** Gammapy's parameter defaults. */
  static readonly defaults: readonly ParameterSpec[] = [T_REF_FREE];
  readonly parameters: Parameters;
  /** Node times (relative to t_ref, in `timeUnit`) and norms. */
  readonly time: Float64Array;
  readonly norm: Float64Array;
  readonly timeUnit: string;
  /** File name written to YAML. */
  filename: string | undefined;
  private readonly daysToUnit: number;

  /** The model from a light-curve table (copied). */
  constructor(table: LightCurveTable, filename?: string) {
    super();
    const n = table.time.length;
    if (n < 2 || table.norm.length !== n)
      throw new ArgumentError(`light curve needs >= 2 times and as many norms (${n}, ${table.norm.length})`, "time");
    this.time = Float64Array.from(table.time);
    this.norm = Float64Array.from(table.norm);
    for (let i = 1; i < n; i++)
      if (!(this.time[i] > this.time[i - 1]))
        throw new ArgumentError("light-curve times must increase", "time", "increasing times");
    this.timeUnit = table.timeUnit;
    this.daysToUnit = unitConversionFactor("d", table.timeUnit);
    this.parameters = buildParameters(
      LightCurveTemplateTemporalModel.defaults,
      table.tRefMjd === undefined ? {} : { t_ref: table.tRefMjd },
    );
    this.filename = filename;
  }

  evaluate(timeMjd: ArrayLike<number>, out = new Float64Array(timeMjd.length)): Float64Array {
    const tRef = this.parameters.at(0).value;
    const x = this.time;
    const y = this.norm;
    const n = x.length;
    for (let i = 0; i < timeMjd.length; i++) {
      const t = (timeMjd[i] - tRef) * this.daysToUnit;
      // the cell containing t (first/last cell beyond the nodes: linear extrapolation)
      let lo = 0;
      let hi = n - 1;
      while (hi - lo > 1) {
        const mid = (lo + hi) >> 1;
        if (x[mid] <= t) lo = mid;
        else hi = mid;
      }
      const v = y[lo] + ((t - x[lo]) / (x[lo + 1] - x[lo])) * (y[lo + 1] - y[lo]);
      out[i] = Math.max(v, 0);
    }
    return out;
  }
}

type TemporalCtor = new (values: Parameter[]) => TemporalModel;

/** Registry entry: Gammapy type name, YAML aliases, default parameter specs and constructor. */
interface TemporalEntry {
  readonly tag: string;
  readonly aliases: readonly string[];
  readonly defaults: readonly ParameterSpec[];
  readonly create?: TemporalCtor;
}

/** The temporal model types, with the aliases Gammapy accepts in YAML. */
export const TEMPORAL_MODEL_TYPES: readonly TemporalEntry[] = [
  { tag: "ConstantTemporalModel", aliases: ["const"], defaults: [] },
  {
    tag: "LinearTemporalModel",
    aliases: ["linear"],
    defaults: LinearTemporalModel.defaults,
    create: LinearTemporalModel,
  },
  {
    tag: "ExpDecayTemporalModel",
    aliases: ["exp-decay"],
    defaults: ExpDecayTemporalModel.defaults,
    create: ExpDecayTemporalModel,
  },
  {
    tag: "GaussianTemporalModel",
    aliases: ["gauss"],
    defaults: GaussianTemporalModel.defaults,
    create: GaussianTemporalModel,
  },
  {
    tag: "GeneralizedGaussianTemporalModel",
    aliases: ["gengauss"],
    defaults: GeneralizedGaussianTemporalModel.defaults,
    create: GeneralizedGaussianTemporalModel,
  },
  {
    tag: "PowerLawTemporalModel",
    aliases: ["powerlaw"],
    defaults: PowerLawTemporalModel.defaults,
    create: PowerLawTemporalModel,
  },
  { tag: "SineTemporalModel", aliases: ["sinus"], defaults: SineTemporalModel.defaults, create: SineTemporalModel },
  { tag: "LightCurveTemplateTemporalModel", aliases: ["template"], defaults: LightCurveTemplateTemporalModel.defaults },
];

/** Options of `temporalModelFromDict`. */
export interface TemporalFromDictOptions {
  /** Reads a light curve from its `filename` and `format` ("table" or "map"); required for light-curve templates. */
  readonly readLightCurve?: (filename: string, format: string) => LightCurveTable;
  /** Key path of the dict, for errors (default `temporal`). */
  readonly key?: string;
  /** File name, for errors. */
  readonly file?: string;
}

/**
 * Temporal model from its YAML dict (`type`, `parameters`; light curves: `filename`, `format`, read as Gammapy's
 * `from_dict` does: the file's reference time, the dict's parameters ignored).
 */
export function temporalModelFromDict(
  dict: Record<string, unknown>,
  options: TemporalFromDictOptions = {},
): TemporalModel {
  const key = options.key ?? "temporal";
  const file = options.file;
  const type = String(dict.type ?? "");
  const entry = TEMPORAL_MODEL_TYPES.find((t) => t.tag === type || t.aliases.includes(type));
  if (!entry)
    throw modelDictError(
      `unknown temporal model type '${type}'`,
      `${key}.type`,
      file,
      TEMPORAL_MODEL_TYPES.map((t) => t.tag).join(", "),
    );
  if (entry.tag === "LightCurveTemplateTemporalModel") {
    const filename = dict.filename;
    if (typeof filename !== "string")
      throw modelDictError("missing light-curve filename", `${key}.filename`, file, "a file name");
    if (!options.readLightCurve)
      throw modelDictError("no light-curve reader given", `${key}.filename`, file, "options.readLightCurve");
    const format = typeof dict.format === "string" ? dict.format : "table";
    return new LightCurveTemplateTemporalModel(options.readLightCurve(filename, format), filename);
  }
  const params = parametersFromDictList(entry.defaults, dict.parameters, key, file);
  if (!entry.create) return new ConstantTemporalModel();
  return new entry.create(params);
}

/**
 * The YAML dict of a temporal model as Gammapy's `to_dict()`: `type`, `parameters`; light curves add `filename`,
 * `format` ("table") and `unit` ("").
 */
export function temporalModelToDict(model: TemporalModel): Record<string, unknown> {
  const entry = TEMPORAL_MODEL_TYPES.find((t) => t.tag === model.tag);
  const d: Record<string, unknown> = {
    type: model.tag,
    parameters: parametersToDictList(model.parameters, entry?.defaults ?? []),
  };
  if (model instanceof LightCurveTemplateTemporalModel) {
    d.filename = model.filename ?? null;
    d.format = "table";
    d.unit = "";
  }
  return d;
}

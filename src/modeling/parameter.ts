/**
 * Model parameters as in Gammapy: a value stored as `factor * scale` (the optimiser sees factors), a unit, optional
 * bounds, frozen flag, error and an optional prior. Models share a `Parameter` object to link parameters.
 */
import { ArgumentError } from "../util/errors.js";
import { unitConversionFactor } from "../util/units.js";
import type { Prior } from "./priors.js";

/** How `autoscale` chooses the scale: `scale10` (power of ten, |factor| in [1, 10)), `factor1` (factor 1) or none. */
export type ScaleMethod = "scale10" | "factor1" | null;

/** Plain description of a parameter, as in Gammapy's models YAML. */
export interface ParameterSpec {
  readonly name: string;
  readonly value: number;
  /** Unit string in FITS/astropy notation; "" for dimensionless. */
  readonly unit?: string;
  /** Lower bound (NaN: none). */
  readonly min?: number;
  /** Upper bound (NaN: none). */
  readonly max?: number;
  readonly frozen?: boolean;
  readonly error?: number;
  /** Interpolation/scan spacing: "lin" or "log". */
  readonly interp?: "lin" | "log";
  readonly scaleMethod?: ScaleMethod;
  /** Whether the parameter is a normalisation (used by estimators). */
  readonly isNorm?: boolean;
}

/** One model parameter. `value = factor * scale`; `version` increases whenever the value changes (for caches). */
export class Parameter {
  readonly name: string;
  /** Unit of `value`, `min`, `max` and `error` (canonical unit of the owning model). */
  readonly unit: string;
  min: number;
  max: number;
  frozen: boolean;
  /** 1-sigma error in `unit` (0 when unknown). */
  error: number;
  interp: "lin" | "log";
  scaleMethod: ScaleMethod;
  isNorm: boolean;
  /** Optional prior added to the fit statistic. */
  prior: Prior | undefined;
  /** Number of points and range (in sigma) of likelihood scans. */
  scanNValues = 11;
  scanNSigma = 2;
  private _factor: number;
  private _scale = 1;
  private _version = 0;

  constructor(spec: ParameterSpec) {
    if (!Number.isFinite(spec.value))
      throw new ArgumentError(`parameter '${spec.name}' has a non-finite value`, spec.name, "a finite number");
    this.name = spec.name;
    this.unit = spec.unit ?? "";
    this.min = spec.min ?? Number.NaN;
    this.max = spec.max ?? Number.NaN;
    this.frozen = spec.frozen ?? false;
    this.error = spec.error ?? 0;
    this.interp = spec.interp ?? "lin";
    this.scaleMethod = spec.scaleMethod === undefined ? "scale10" : spec.scaleMethod;
    this.isNorm = spec.isNorm ?? false;
    this._factor = spec.value;
  }

  /** Current value in `unit`. */
  get value(): number {
    return this._factor * this._scale;
  }
  set value(v: number) {
    this._factor = v / this._scale;
    this._version++;
  }
  /** Value divided by `scale`, the quantity the optimiser varies. */
  get factor(): number {
    return this._factor;
  }
  set factor(f: number) {
    this._factor = f;
    this._version++;
  }
  /** Scale of the factor (the value is unchanged when the scale is set). */
  get scale(): number {
    return this._scale;
  }
  set scale(s: number) {
    const v = this.value;
    this._scale = s;
    this._factor = v / s;
  }
  /** Increases on every change of the value. */
  get version(): number {
    return this._version;
  }
  /** Bounds in factor space (NaN: none). */
  get factorMin(): number {
    return this.min / this._scale;
  }
  get factorMax(): number {
    return this.max / this._scale;
  }

  /** Sets `scale` and `factor` as Gammapy's `Parameter.autoscale`. */
  autoscale(): void {
    const v = this.value;
    if (this.scaleMethod === "scale10") {
      if (v !== 0) this.scale = 10 ** Math.floor(Math.log10(Math.abs(v)));
    } else if (this.scaleMethod === "factor1") {
      if (v !== 0) this.scale = v;
    }
  }

  /** Value converted to another unit. */
  valueIn(unit: string): number {
    return this.value * unitConversionFactor(this.unit, unit);
  }

  /** Plain description (as written to YAML). */
  toSpec(): ParameterSpec {
    return {
      name: this.name,
      value: this.value,
      unit: this.unit,
      min: this.min,
      max: this.max,
      frozen: this.frozen,
      error: this.error,
      interp: this.interp,
      scaleMethod: this.scaleMethod,
      isNorm: this.isNorm,
    };
  }
}

/**
 * An ordered set of distinct parameters (by identity: a linked parameter appears once), with the views a fit needs.
 */
export class Parameters implements Iterable<Parameter> {
  private readonly list: Parameter[];

  constructor(parameters: Iterable<Parameter> = []) {
    this.list = [];
    for (const p of parameters) if (!this.list.includes(p)) this.list.push(p);
  }

  [Symbol.iterator](): Iterator<Parameter> {
    return this.list[Symbol.iterator]();
  }
  get length(): number {
    return this.list.length;
  }
  /** Parameter at an index. */
  at(i: number): Parameter {
    return this.list[i];
  }
  /** Index of a parameter object (-1 when absent). */
  indexOf(p: Parameter): number {
    return this.list.indexOf(p);
  }
  /** Parameter by name; throws `ArgumentError` when absent or ambiguous. */
  get(name: string): Parameter {
    const found = this.list.filter((p) => p.name === name);
    if (found.length !== 1)
      throw new ArgumentError(
        found.length ? `parameter name '${name}' is ambiguous` : `no parameter '${name}'`,
        name,
        `one of ${this.list.map((p) => p.name).join(", ")}`,
      );
    return found[0];
  }
  /** The parameters that are not frozen. */
  get free(): Parameters {
    return new Parameters(this.list.filter((p) => !p.frozen));
  }
  /** Current values, shape (n,). */
  get values(): Float64Array {
    return Float64Array.from(this.list, (p) => p.value);
  }
  /** Current factors, shape (n,). */
  get factors(): Float64Array {
    return Float64Array.from(this.list, (p) => p.factor);
  }
  /** Sets all factors (shape (n,)). */
  setFactors(factors: ArrayLike<number>): void {
    for (let i = 0; i < this.list.length; i++) this.list[i].factor = factors[i];
  }
  /** Sets all values (shape (n,)). */
  setValues(values: ArrayLike<number>): void {
    for (let i = 0; i < this.list.length; i++) this.list[i].value = values[i];
  }
  /** Autoscales every parameter. */
  autoscale(): void {
    for (const p of this.list) p.autoscale();
  }
  /** Sum of the priors' contributions to the fit statistic. */
  priorStatSum(): number {
    let s = 0;
    for (const p of this.list) if (p.prior) s += p.prior.stat(p.value);
    return s;
  }
  /** Plain array copy. */
  toArray(): Parameter[] {
    return [...this.list];
  }
}

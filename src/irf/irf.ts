/**
 * Base of the DL3 instrument response functions: data on a grid of axes, evaluated by interpolation with Gammapy's
 * rules (per-axis coordinate scale from the axis, value scale per IRF kind, linear extrapolation inside the grid
 * cells then out-of-range points set to the fill value, results clipped at 0).
 */
import { MapAxes } from "../maps/axes.js";
import type { MapAxis } from "../maps/axis.js";
import { ArgumentError } from "../util/errors.js";
import { type InterpMethod, type InterpScale, ScaledRegularGridInterpolator } from "../util/interpolate.js";
import { shapeSize } from "../util/ndarray.js";
import type { MetaValue } from "../util/table.js";

/** Orientation of the field-of-view axes of a background model (GADF FOVALIGN). */
export type FovAlignment = "RADEC" | "ALTAZ";

/** Interpolation settings of an IRF (Gammapy's `interp_kwargs`). */
export interface IrfInterpOptions {
  /** Value scale (`log` for backgrounds). Default `lin`. */
  readonly valuesScale?: InterpScale;
  /** Value for points outside the axis ranges; `undefined` extrapolates (RAD_MAX, PSF King). Default 0. */
  readonly fillValue?: number | undefined;
  /** Default method. Default `linear`. */
  readonly method?: InterpMethod;
  /** The data came from float32 columns: scale values in float32 as numpy does (see the interpolator). */
  readonly float32Values?: boolean;
}

/** Everything an IRF is made of. */
export interface IrfInit {
  readonly axes: MapAxes | readonly MapAxis[];
  /** Values in C order over the axes. */
  readonly data: Float64Array;
  /** Unit of the values (e.g. `m2`, `sr-1`, `MeV-1 s-1 sr-1`, `deg`, `""`). */
  readonly unit?: string;
  readonly meta?: Readonly<Record<string, MetaValue>>;
  readonly isPointlike?: boolean;
  readonly fovAlignment?: FovAlignment;
  readonly interp?: IrfInterpOptions;
}

/** Coordinates at which to evaluate an IRF: one array per axis name (all the same length, or length 1). */
export type IrfCoords = Readonly<Record<string, ArrayLike<number> | number>>;

/** An instrument response function on a grid. Subclasses fix the axes and add domain methods. */
export abstract class Irf {
  /** GADF HDU class tag, e.g. `aeff_2d`. */
  abstract readonly tag: string;
  readonly axes: MapAxes;
  readonly data: Float64Array;
  readonly unit: string;
  readonly meta: Readonly<Record<string, MetaValue>>;
  readonly isPointlike: boolean;
  readonly fovAlignment: FovAlignment;
  readonly interpOptions: IrfInterpOptions;
  private _interpolator?: ScaledRegularGridInterpolator;

  constructor(init: IrfInit, requiredAxes: readonly string[]) {
    const axes = init.axes instanceof MapAxes ? init.axes : new MapAxes(init.axes);
    const names = axes.names;
    if (names.length !== requiredAxes.length || names.some((n, i) => n !== requiredAxes[i])) {
      throw new ArgumentError(`IRF axes are [${names.join(", ")}]`, undefined, `[${requiredAxes.join(", ")}]`);
    }
    if (init.data.length !== shapeSize(axes.shape)) {
      throw new ArgumentError(`IRF data has ${init.data.length} values, axes need ${shapeSize(axes.shape)}`);
    }
    this.axes = axes;
    this.data = init.data;
    this.unit = init.unit ?? "";
    this.meta = init.meta ?? {};
    this.isPointlike = init.isPointlike ?? false;
    this.fovAlignment = init.fovAlignment ?? "RADEC";
    this.interpOptions = { fillValue: 0, ...init.interp };
  }

  /** Data shape (bins per axis). */
  get shape(): number[] {
    return this.axes.shape;
  }

  /** The interpolator over the axis centers (built once). */
  protected get interpolator(): ScaledRegularGridInterpolator {
    this._interpolator ??= new ScaledRegularGridInterpolator(
      this.axes.axes.map((a) => a.center),
      this.data,
      {
        pointsScale: this.axes.axes.map((a) => a.interp),
        valuesScale: this.interpOptions.valuesScale ?? "lin",
        method: this.interpOptions.method ?? "linear",
        float32Values: this.interpOptions.float32Values,
      },
    );
    return this._interpolator;
  }

  /**
   * Evaluates at points: `coords` has one array (or a scalar) per axis, in the axis units (energies in TeV, angles in
   * deg), all of one length n or of length 1 (broadcast). Points outside any axis range (see `outOfBounds`) or
   * non-finite results get the fill value. Returns n values.
   */
  evaluate(coords: IrfCoords, method?: InterpMethod): Float64Array {
    const arrays = this.coordArrays(coords);
    const n = arrays.reduce((m, c) => Math.max(m, c.length), 0);
    for (const c of arrays) {
      if (c.length !== n && c.length !== 1) throw new ArgumentError("coordinate arrays differ in length");
    }
    return this.evaluateOn(
      arrays,
      arrays.map((c) => (c.length === 1 ? -1 : 0)),
      [n],
      method,
    );
  }

  /**
   * Evaluates on a grid: the outer product of the coordinate arrays, with `dims[name]` the output dimension (0, 1,
   * ...) along which the coordinates of axis `name` run. Axes sharing a dimension pair their coordinates (e.g.
   * `fov_lon` and `fov_lat` per pixel); scalars and axes left out of `dims` take one value. Returns the values in C
   * order over the output dimensions, equal to `evaluate` at every grid point, with each axis' interpolation weights
   * computed once per coordinate. E.g. `evaluateGrid({ energy_true: e, offset: o, rad: r }, { energy_true: 0, rad: 1,
   * offset: 2 })` gives shape [e.length][r.length][o.length].
   */
  evaluateGrid(coords: IrfCoords, dims: Readonly<Record<string, number>>, method?: InterpMethod): Float64Array {
    const arrays = this.coordArrays(coords);
    const names = this.axes.names;
    const dimOf = names.map((name) => dims[name] ?? -1);
    const nDims = dimOf.reduce((m, d) => Math.max(m, d + 1), 0);
    const shape = new Array<number>(nDims).fill(-1);
    for (let i = 0; i < names.length; i++) {
      const d = dimOf[i];
      if (d < 0) {
        if (arrays[i].length !== 1)
          throw new ArgumentError(`coordinates of ${names[i]} need an output dimension`, names[i], "a single value");
        continue;
      }
      if (!Number.isInteger(d)) throw new ArgumentError(`output dimension ${d} of ${names[i]}`, names[i], "an integer");
      if (shape[d] >= 0 && shape[d] !== arrays[i].length)
        throw new ArgumentError(`coordinate arrays along output dimension ${d} differ in length`, names[i]);
      shape[d] = arrays[i].length;
    }
    if (shape.some((n) => n < 0)) throw new ArgumentError("output dimensions must be numbered 0, 1, ... without gaps");
    return this.evaluateOn(arrays, dimOf, shape, method);
  }

  /** The coordinates of every axis as arrays (scalars as length-1 arrays), in axis order. */
  private coordArrays(coords: IrfCoords): ArrayLike<number>[] {
    return this.axes.axes.map((a) => {
      const c = coords[a.name];
      if (c === undefined)
        throw new ArgumentError(
          `missing coordinate ${a.name}`,
          a.name,
          `coordinates for ${this.axes.names.join(", ")}`,
        );
      return typeof c === "number" ? [c] : c;
    });
  }

  /**
   * Interpolates on the grid layout of `ScaledRegularGridInterpolator.evaluateGrid`, then applies the fill value to
   * points outside the axes (`outOfBounds`) and to non-finite results.
   */
  protected evaluateOn(
    arrays: readonly ArrayLike<number>[],
    dims: readonly number[],
    shape: readonly number[],
    method?: InterpMethod,
  ): Float64Array {
    const out = this.interpolator.evaluateGrid(arrays, dims, shape, undefined, method ?? this.interpOptions.method);
    const fill = this.interpOptions.fillValue;
    if (fill === undefined) return out;
    // bit i of a point's flags: its coordinate on axis i is outside the axis edges (on an edge is inside)
    let flags: Uint8Array | undefined;
    for (let i = 0; i < arrays.length; i++) {
      const invalid = outsideAxis(this.axes.axes[i], arrays[i]);
      if (!invalid) continue;
      flags ??= new Uint8Array(out.length);
      stampAlongDim(flags, invalid, 1 << i, dims[i], shape);
    }
    for (let k = 0; k < out.length; k++) {
      if ((flags && flags[k] !== 0 && this.outOfBounds(flags[k])) || !Number.isFinite(out[k])) out[k] = fill;
    }
    return out;
  }

  /** Whether a point whose coordinates are outside the axes flagged in `flags` (bit i: axis i) is out of bounds. */
  protected outOfBounds(flags: number): boolean {
    return flags !== 0;
  }
}

/** 0/1 per coordinate: outside the axis edges (`coordToIdx` invalid; on an edge is inside); undefined if none is. */
function outsideAxis(axis: MapAxis, coords: ArrayLike<number>): Uint8Array | undefined {
  const [lo, hi] = axis.bounds;
  let mask: Uint8Array | undefined;
  if (hi > lo) {
    for (let k = 0; k < coords.length; k++) {
      const v = coords[k];
      if (v >= lo && v <= hi) continue;
      mask ??= new Uint8Array(coords.length);
      mask[k] = 1;
    }
    return mask;
  }
  const idx = axis.coordToIdx(coords);
  for (let k = 0; k < idx.length; k++) {
    if (idx[k] >= 0) continue;
    mask ??= new Uint8Array(coords.length);
    mask[k] = 1;
  }
  return mask;
}

/** ORs `bit` into the points of a C-order grid of `shape` whose index along `dim` is flagged (dim -1: one value). */
function stampAlongDim(flags: Uint8Array, mask: Uint8Array, bit: number, dim: number, shape: readonly number[]): void {
  if (dim < 0) {
    if (mask[0]) for (let k = 0; k < flags.length; k++) flags[k] |= bit;
    return;
  }
  const len = shape[dim];
  let inner = 1;
  for (let d = dim + 1; d < shape.length; d++) inner *= shape[d];
  const outer = flags.length / (len * inner);
  for (let o = 0; o < outer; o++)
    for (let j = 0; j < len; j++) {
      if (!mask[j]) continue;
      const base = (o * len + j) * inner;
      for (let k = 0; k < inner; k++) flags[base + k] |= bit;
    }
}

/** Whether a GADF header describes point-like IRFs (HDUCLAS3 = POINT-LIKE). */
export function isPointlikeMeta(meta: Readonly<Record<string, MetaValue>>): boolean {
  return (
    String(meta.HDUCLAS3 ?? "")
      .trim()
      .toUpperCase() === "POINT-LIKE"
  );
}

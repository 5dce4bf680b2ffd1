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
   * deg). Points outside any axis range (see `outOfBounds`) or non-finite results get the fill value.
   */
  evaluate(coords: IrfCoords, method?: InterpMethod): Float64Array {
    const arrays = this.axes.axes.map((a) => {
      const c = coords[a.name];
      if (c === undefined)
        throw new ArgumentError(
          `missing coordinate ${a.name}`,
          a.name,
          `coordinates for ${this.axes.names.join(", ")}`,
        );
      return typeof c === "number" ? [c] : c;
    });
    const n = arrays.reduce((m, c) => Math.max(m, c.length), 0);
    for (const c of arrays) {
      if (c.length !== n && c.length !== 1) throw new ArgumentError("coordinate arrays differ in length");
    }
    const out = this.interpolator.evaluate(arrays, undefined, method ?? this.interpOptions.method);
    const fill = this.interpOptions.fillValue;
    if (fill === undefined) return out;
    const invalid = arrays.map((c, i) => {
      // strictly inside the axis edges is valid; values on or beyond an edge take the axis' own rule
      const axis = this.axes.axes[i];
      const [lo, hi] = axis.bounds;
      const mask = new Uint8Array(c.length);
      const one = new Float64Array(1);
      for (let k = 0; k < c.length; k++) {
        const v = c[k];
        if (v > lo && v < hi) continue;
        one[0] = v;
        mask[k] = axis.coordToIdx(one)[0] < 0 ? 1 : 0;
      }
      return mask;
    });
    for (let k = 0; k < n; k++) {
      if (this.outOfBounds(invalid, k) || !Number.isFinite(out[k])) out[k] = fill;
    }
    return out;
  }

  /** Whether point k is out of bounds given per-axis invalid masks (any axis, by default). */
  protected outOfBounds(invalid: readonly Uint8Array[], k: number): boolean {
    for (const m of invalid) if (m[m.length === 1 ? 0 : k]) return true;
    return false;
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

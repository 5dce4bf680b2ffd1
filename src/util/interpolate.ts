/**
 * Interpolation on regular N-D grids with per-axis coordinate scaling and value scaling, with the semantics of
 * Gammapy's `ScaledRegularGridInterpolator` (a wrapper of scipy's `RegularGridInterpolator`):
 * - coordinates of each axis are transformed by its scale (`lin`, `log`, `sqrt`) before linear interpolation;
 * - values are transformed by the value scale before, and back after (for `log`, values are clipped at the smallest
 *   float32 normal number, and results at or below it become 0);
 * - axes with a single node are ignored;
 * - outside the grid the interpolation extrapolates linearly from the edge cells (scipy `fill_value=None`), unless a
 *   fill value is given;
 * - results are clipped at 0 from below (Gammapy's `clip=True`), NaN stays NaN.
 */
import { ArgumentError } from "./errors.js";

/** Scaling of coordinates or values before interpolation. */
export type InterpScale = "lin" | "log" | "sqrt";

/** Interpolation method. */
export type InterpMethod = "linear" | "nearest";

/** Smallest positive normal float32, the floor Gammapy's log scale clips values to. */
export const FLOAT32_TINY = 1.1754943508222875e-38;

/** Applies a scale to one value. */
export function scaleValue(scale: InterpScale, v: number): number {
  if (scale === "log") return Math.log(v < FLOAT32_TINY ? FLOAT32_TINY : v);
  if (scale === "sqrt") return Math.sign(v) * Math.sqrt(Math.abs(v));
  return v;
}

/** Inverts a scale on one value. */
export function unscaleValue(scale: InterpScale, v: number): number {
  if (scale === "log") {
    const e = Math.exp(v);
    return Math.abs(e) - FLOAT32_TINY <= FLOAT32_TINY ? 0 : e;
  }
  if (scale === "sqrt") return v * v;
  return v;
}

/** Options of `ScaledRegularGridInterpolator`. */
export interface GridInterpolatorOptions {
  /** Scale per axis (default `lin` for all). */
  readonly pointsScale?: readonly InterpScale[];
  /** Scale of the values (default `lin`). */
  readonly valuesScale?: InterpScale;
  /** Default method (default `linear`). */
  readonly method?: InterpMethod;
  /** Value outside the grid; `undefined` extrapolates (default). */
  readonly fillValue?: number;
  /** Clip results at 0 from below (default true, as Gammapy). */
  readonly clip?: boolean;
  /**
   * The values are float32 data: scale them in float32 precision, as numpy does for float32 arrays (matters for the
   * `log` and `sqrt` value scales, e.g. Gammapy's background interpolation). Default false.
   */
  readonly float32Values?: boolean;
}

/** Interpolator over a regular grid of values in C order (shape = lengths of the node arrays). */
export class ScaledRegularGridInterpolator {
  /** Scaled node coordinates of the axes that take part (length > 1). */
  private readonly grids: Float64Array[];
  /** Which input dimensions take part. */
  private readonly active: number[];
  private readonly strides: number[];
  private readonly values: Float64Array;
  private readonly pointsScale: InterpScale[];
  private readonly valuesScale: InterpScale;
  private readonly method: InterpMethod;
  private readonly fillValue?: number;
  private readonly clip: boolean;
  // scratch per active dimension
  private readonly idx: Int32Array;
  private readonly frac: Float64Array;

  constructor(points: readonly ArrayLike<number>[], values: ArrayLike<number>, options: GridInterpolatorOptions = {}) {
    const shape = points.map((p) => p.length);
    const size = shape.reduce((a, b) => a * b, 1);
    if (values.length !== size) {
      throw new ArgumentError(`values have ${values.length} elements, grid shape ${shape.join("x")} needs ${size}`);
    }
    this.pointsScale = points.map((_, i) => options.pointsScale?.[i] ?? "lin");
    this.valuesScale = options.valuesScale ?? "lin";
    this.method = options.method ?? "linear";
    this.fillValue = options.fillValue;
    this.clip = options.clip ?? true;
    this.active = shape.map((n, i) => (n > 1 ? i : -1)).filter((i) => i >= 0);
    if (this.active.length === 0 && this.method !== "nearest") {
      throw new ArgumentError("interpolating scalar values requires method 'nearest'");
    }
    const allStrides: number[] = new Array(shape.length);
    let s = 1;
    for (let i = shape.length - 1; i >= 0; i--) {
      allStrides[i] = s;
      s *= shape[i];
    }
    this.strides = this.active.map((i) => allStrides[i]);
    this.grids = this.active.map((i) => {
      const g = Float64Array.from(points[i], (v) => scaleValue(this.pointsScale[i], v));
      for (let k = 1; k < g.length; k++) {
        if (!(g[k] > g[k - 1])) throw new ArgumentError(`grid of axis ${i} is not strictly increasing`);
      }
      return g;
    });
    const f32 = options.float32Values ?? false;
    const scaled = new Float64Array(values.length);
    for (let i = 0; i < values.length; i++) {
      const v = values[i];
      scaled[i] = f32 ? Math.fround(scaleValue(this.valuesScale, Math.fround(v))) : scaleValue(this.valuesScale, v);
    }
    this.values = scaled;
    this.idx = new Int32Array(this.active.length);
    this.frac = new Float64Array(this.active.length);
  }

  /**
   * Interpolates at `n` points given as one coordinate array per grid axis (all of length `n`, or length 1 to
   * broadcast). Coordinates of single-node axes are ignored. Returns `out` (allocated if not given).
   */
  evaluate(coords: readonly ArrayLike<number>[], out?: Float64Array, method: InterpMethod = this.method): Float64Array {
    const n = coords.reduce((m, c) => Math.max(m, c.length), 0);
    const result = out ?? new Float64Array(n);
    const nd = this.active.length;
    const grids = this.grids;
    const idx = this.idx;
    const frac = this.frac;
    const corners = 1 << nd;
    const activeCoords = this.active.map((i) => coords[i]);
    for (let p = 0; p < n; p++) {
      let outside = false;
      let invalid = false;
      for (let d = 0; d < nd; d++) {
        const c = activeCoords[d];
        const x = scaleValue(this.pointsScale[this.active[d]], c.length === 1 ? c[0] : c[p]);
        const g = grids[d];
        if (Number.isNaN(x)) invalid = true;
        if (x < g[0] || x > g[g.length - 1]) outside = true;
        const i = searchCell(g, x);
        idx[d] = i;
        frac[d] = (x - g[i]) / (g[i + 1] - g[i]);
      }
      if (invalid) {
        result[p] = Number.NaN;
        continue;
      }
      if (outside && this.fillValue !== undefined) {
        result[p] = this.fillValue;
        continue;
      }
      let v: number;
      if (method === "nearest") {
        let off = 0;
        for (let d = 0; d < nd; d++) off += (frac[d] <= 0.5 ? idx[d] : idx[d] + 1) * this.strides[d];
        v = this.values[off];
      } else {
        v = 0;
        for (let c = 0; c < corners; c++) {
          let w = 1;
          let off = 0;
          for (let d = 0; d < nd; d++) {
            if (c & (1 << d)) {
              w *= frac[d];
              off += (idx[d] + 1) * this.strides[d];
            } else {
              w *= 1 - frac[d];
              off += idx[d] * this.strides[d];
            }
          }
          v += this.values[off] * w;
        }
      }
      v = unscaleValue(this.valuesScale, v);
      result[p] = this.clip && v < 0 ? 0 : v;
    }
    return result;
  }
}

/** Index i of the grid cell [g[i], g[i+1]] used for x, clamped to the first/last cell (scipy's rule). */
function searchCell(g: Float64Array, x: number): number {
  // number of grid values strictly below x, minus one (searchsorted 'left' - 1)
  let lo = 0;
  let hi = g.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (g[mid] < x) lo = mid + 1;
    else hi = mid;
  }
  let i = lo - 1;
  if (i < 0) i = 0;
  if (i > g.length - 2) i = g.length - 2;
  return i;
}

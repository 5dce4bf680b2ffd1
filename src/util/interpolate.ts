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
  /** Offset of each cell corner from the cell's lower corner (bit d of the corner index: axis d at its upper node). */
  private readonly cornerOffsets: Int32Array;
  /** Scratch: corner weights of one point. */
  private readonly cornerWeights: Float64Array;

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
    const corners = 1 << this.active.length;
    this.cornerOffsets = new Int32Array(corners);
    for (let c = 0; c < corners; c++)
      for (let d = 0; d < this.active.length; d++) if (c & (1 << d)) this.cornerOffsets[c] += this.strides[d];
    this.cornerWeights = new Float64Array(corners);
    this.cornerWeights[0] = 1;
  }

  /**
   * Interpolates at `n` points given as one coordinate array per grid axis (all of length `n`, or length 1 to
   * broadcast). Coordinates of single-node axes are ignored. Returns `out` (allocated if not given).
   */
  evaluate(coords: readonly ArrayLike<number>[], out?: Float64Array, method: InterpMethod = this.method): Float64Array {
    const n = coords.reduce((m, c) => Math.max(m, c.length), 0);
    return this.evaluateGrid(
      coords,
      coords.map((c) => (c.length === 1 ? -1 : 0)),
      [n],
      out,
      method,
    );
  }

  /**
   * Interpolates on an outer product of coordinate arrays: the result has shape `shape` (C order), and axis i takes
   * its coordinate at output index (j0, j1, ...) from `coords[i][j_dims[i]]` (`dims[i]` = -1: the single value
   * `coords[i][0]`). Several axes may share an output dimension (e.g. FoV lon and lat per pixel); each axis'
   * interpolation cell is computed once per coordinate, not per output point. Same values as evaluating every point.
   */
  evaluateGrid(
    coords: readonly ArrayLike<number>[],
    dims: readonly number[],
    shape: readonly number[],
    out?: Float64Array,
    method: InterpMethod = this.method,
  ): Float64Array {
    const size = shape.reduce((a, b) => a * b, 1);
    const result = out ?? new Float64Array(size);
    const nd = this.active.length;
    const nearest = method === "nearest";
    // Per active axis d, the cells of its coordinates in flat arrays from start[d]: the lower node's value offset (the
    // nearest node's for "nearest"), the weights 1 - frac and frac, and flags (1 NaN, 2 outside the nodes).
    const start = new Int32Array(nd + 1);
    const dimOf = new Int32Array(nd);
    for (let d = 0; d < nd; d++) {
      const axis = this.active[d];
      const dim = dims[axis];
      const m = dim < 0 ? 1 : shape[dim];
      if (dim >= 0 && coords[axis].length !== m)
        throw new ArgumentError(`coordinates of axis ${axis} have ${coords[axis].length} values, output needs ${m}`);
      dimOf[d] = dim;
      start[d + 1] = start[d] + m;
    }
    const cells: Cells = {
      offset: new Int32Array(start[nd]),
      w0: new Float64Array(start[nd]),
      w1: new Float64Array(start[nd]),
      flag: new Uint8Array(start[nd]),
    };
    for (let d = 0; d < nd; d++) {
      const axis = this.active[d];
      const c = coords[axis];
      const g = this.grids[d];
      const stride = this.strides[d];
      const scale = this.pointsScale[axis];
      const gLast = g[g.length - 1];
      for (let j = 0, k = start[d]; k < start[d + 1]; j++, k++) {
        const x = scaleValue(scale, c[j]);
        const i = searchCell(g, x);
        const frac = (x - g[i]) / (g[i + 1] - g[i]);
        cells.offset[k] = (nearest && !(frac <= 0.5) ? i + 1 : i) * stride;
        cells.w0[k] = 1 - frac;
        cells.w1[k] = frac;
        cells.flag[k] = Number.isNaN(x) ? 1 : x < g[0] || x > gLast ? 2 : 0;
      }
    }
    // Runs along the last output dimension: in a run, axis d uses cell kb[d] + j * step[d] at point j.
    const last = shape.length - 1;
    const runLength = last < 0 ? 1 : shape[last];
    const runs = runLength === 0 ? 0 : size / runLength;
    const counter = new Int32Array(Math.max(last, 0));
    const run: Run = {
      kb: new Int32Array(Math.max(nd, 4)),
      step: new Int32Array(Math.max(nd, 4)),
      length: runLength,
      out: 0,
    };
    const step = run.step;
    for (let d = 0; d < nd; d++) step[d] = dimOf[d] === last && last >= 0 ? 1 : 0;
    const finish: Finish = {
      code: this.valuesScale === "log" ? 1 : this.valuesScale === "sqrt" ? 2 : 0,
      clip: this.clip,
      fill: this.fillValue,
    };
    const kb = run.kb;
    for (let r = 0; r < runs; r++) {
      if (r > 0) {
        let k = last - 1;
        while (++counter[k] === shape[k] && k > 0) counter[k--] = 0;
      }
      for (let d = 0; d < nd; d++) {
        const dim = dimOf[d];
        kb[d] = start[d] + (dim < 0 || dim === last ? 0 : counter[dim]);
      }
      run.out = r * runLength;
      if (nearest || nd > 4) this.runGeneric(cells, nd, run, finish, nearest, result);
      else if (nd === 1) run1(cells, this.values, this.cornerOffsets, run, finish, result);
      else if (nd === 2) run2(cells, this.values, this.cornerOffsets, run, finish, result);
      else if (nd === 3) run3(cells, this.values, this.cornerOffsets, run, finish, result);
      else if (nd === 4) run4(cells, this.values, this.cornerOffsets, run, finish, result);
      else run0(this.values, run, finish, result);
    }
    return result;
  }

  /** One run of points for any number of axes and for "nearest" (see `evaluateGrid`). */
  private runGeneric(cells: Cells, nd: number, run: Run, finish: Finish, nearest: boolean, result: Float64Array): void {
    const { kb, step } = run;
    const cw = this.cornerWeights;
    const co = this.cornerOffsets;
    const corners = nearest ? 1 : co.length;
    for (let j = 0; j < run.length; j++) {
      let base = 0;
      let bad = 0;
      let span = 1;
      for (let d = 0; d < nd; d++) {
        const k = kb[d] + j * step[d];
        base += cells.offset[k];
        bad |= cells.flag[k];
        // corner weights: products over the axes in order, (((1 * f0) * f1) * ...)
        const x0 = cells.w0[k];
        const x1 = cells.w1[k];
        for (let c = 0; c < span; c++) {
          cw[c + span] = cw[c] * x1;
          cw[c] *= x0;
        }
        span <<= 1;
      }
      let v = 0;
      if (nearest) v = this.values[base];
      else for (let c = 0; c < corners; c++) v += this.values[base + co[c]] * cw[c];
      cw[0] = 1;
      result[run.out + j] = finishValue(v, bad, finish);
    }
  }
}

/** Interpolation cells of the coordinates of all active axes (see `evaluateGrid`). */
interface Cells {
  readonly offset: Int32Array;
  readonly w0: Float64Array;
  readonly w1: Float64Array;
  readonly flag: Uint8Array;
}

/** A run of output points: axis d uses cell `kb[d] + j * step[d]` at point j; results from index `out`. */
interface Run {
  readonly kb: Int32Array;
  readonly step: Int32Array;
  readonly length: number;
  out: number;
}

/** Value scale to undo (0 lin, 1 log, 2 sqrt), clipping at 0, and the value outside the grid. */
interface Finish {
  readonly code: number;
  readonly clip: boolean;
  readonly fill: number | undefined;
}

/** The result of a point from its interpolated scaled value and flags (1 NaN coordinate, 2 outside the grid). */
function finishValue(scaled: number, bad: number, f: Finish): number {
  if (bad !== 0) {
    if (bad & 1) return Number.NaN;
    if (f.fill !== undefined) return f.fill;
  }
  let v = scaled;
  if (f.code === 1) {
    const e = Math.exp(v);
    v = Math.abs(e) - FLOAT32_TINY <= FLOAT32_TINY ? 0 : e;
  } else if (f.code === 2) v *= v;
  return f.clip && v < 0 ? 0 : v;
}

// The run functions below unroll the corner sums of 0 to 4 axes. Corner c has axis d at its upper node when bit d of
// c is set; its weight is the product of the axes' weights in axis order and the corners are summed in order of c,
// exactly as a point-by-point loop over corners and axes does (same rounding).

function run0(values: Float64Array, run: Run, f: Finish, out: Float64Array): void {
  for (let j = 0; j < run.length; j++) out[run.out + j] = finishValue(values[0], 0, f);
}

function run1(cells: Cells, values: Float64Array, co: Int32Array, run: Run, f: Finish, out: Float64Array): void {
  const { offset, w0, w1, flag } = cells;
  const k0 = run.kb[0];
  const s0 = run.step[0];
  const c1 = co[1];
  for (let j = 0; j < run.length; j++) {
    const a = k0 + j * s0;
    const b = offset[a];
    let v = 0;
    v += values[b] * w0[a];
    v += values[b + c1] * w1[a];
    out[run.out + j] = finishValue(v, flag[a], f);
  }
}

function run2(cells: Cells, values: Float64Array, co: Int32Array, run: Run, f: Finish, out: Float64Array): void {
  const { offset, w0, w1, flag } = cells;
  const [k0, k1] = run.kb;
  const [s0, s1] = run.step;
  const c1 = co[1];
  const c2 = co[2];
  const c3 = co[3];
  for (let j = 0; j < run.length; j++) {
    const a = k0 + j * s0;
    const b = k1 + j * s1;
    const base = offset[a] + offset[b];
    const a0 = w0[a];
    const a1 = w1[a];
    const b0 = w0[b];
    const b1 = w1[b];
    let v = 0;
    v += values[base] * (a0 * b0);
    v += values[base + c1] * (a1 * b0);
    v += values[base + c2] * (a0 * b1);
    v += values[base + c3] * (a1 * b1);
    out[run.out + j] = finishValue(v, flag[a] | flag[b], f);
  }
}

function run3(cells: Cells, values: Float64Array, co: Int32Array, run: Run, f: Finish, out: Float64Array): void {
  const { offset, w0, w1, flag } = cells;
  const [k0, k1, k2] = run.kb;
  const [s0, s1, s2] = run.step;
  const c1 = co[1];
  const c2 = co[2];
  const c3 = co[3];
  const c4 = co[4];
  const c5 = co[5];
  const c6 = co[6];
  const c7 = co[7];
  for (let j = 0; j < run.length; j++) {
    const a = k0 + j * s0;
    const b = k1 + j * s1;
    const c = k2 + j * s2;
    const base = offset[a] + offset[b] + offset[c];
    const p00 = w0[a] * w0[b];
    const p10 = w1[a] * w0[b];
    const p01 = w0[a] * w1[b];
    const p11 = w1[a] * w1[b];
    const z0 = w0[c];
    const z1 = w1[c];
    let v = 0;
    v += values[base] * (p00 * z0);
    v += values[base + c1] * (p10 * z0);
    v += values[base + c2] * (p01 * z0);
    v += values[base + c3] * (p11 * z0);
    v += values[base + c4] * (p00 * z1);
    v += values[base + c5] * (p10 * z1);
    v += values[base + c6] * (p01 * z1);
    v += values[base + c7] * (p11 * z1);
    out[run.out + j] = finishValue(v, flag[a] | flag[b] | flag[c], f);
  }
}

function run4(cells: Cells, values: Float64Array, co: Int32Array, run: Run, f: Finish, out: Float64Array): void {
  const { offset, w0, w1, flag } = cells;
  const [k0, k1, k2, k3] = run.kb;
  const [s0, s1, s2, s3] = run.step;
  for (let j = 0; j < run.length; j++) {
    const a = k0 + j * s0;
    const b = k1 + j * s1;
    const c = k2 + j * s2;
    const d = k3 + j * s3;
    const base = offset[a] + offset[b] + offset[c] + offset[d];
    const p00 = w0[a] * w0[b];
    const p10 = w1[a] * w0[b];
    const p01 = w0[a] * w1[b];
    const p11 = w1[a] * w1[b];
    const z0 = w0[c];
    const z1 = w1[c];
    const q000 = p00 * z0;
    const q100 = p10 * z0;
    const q010 = p01 * z0;
    const q110 = p11 * z0;
    const q001 = p00 * z1;
    const q101 = p10 * z1;
    const q011 = p01 * z1;
    const q111 = p11 * z1;
    const x0 = w0[d];
    const x1 = w1[d];
    let v = 0;
    v += values[base] * (q000 * x0);
    v += values[base + co[1]] * (q100 * x0);
    v += values[base + co[2]] * (q010 * x0);
    v += values[base + co[3]] * (q110 * x0);
    v += values[base + co[4]] * (q001 * x0);
    v += values[base + co[5]] * (q101 * x0);
    v += values[base + co[6]] * (q011 * x0);
    v += values[base + co[7]] * (q111 * x0);
    v += values[base + co[8]] * (q000 * x1);
    v += values[base + co[9]] * (q100 * x1);
    v += values[base + co[10]] * (q010 * x1);
    v += values[base + co[11]] * (q110 * x1);
    v += values[base + co[12]] * (q001 * x1);
    v += values[base + co[13]] * (q101 * x1);
    v += values[base + co[14]] * (q011 * x1);
    v += values[base + co[15]] * (q111 * x1);
    out[run.out + j] = finishValue(v, flag[a] | flag[b] | flag[c] | flag[d], f);
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

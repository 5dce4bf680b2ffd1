/**
 * Non-spatial map axes (energy, energy_true, migra, rad, offset, fov_lon/fov_lat ...), as Gammapy's `MapAxis`:
 * an immutable sequence of nodes that are either bin edges or bin centers, with a coordinate scale (`lin`, `log`,
 * `sqrt`) that defines how pixel coordinates map to axis coordinates. Pixel coordinate i is the center of bin i; bin
 * edges are at i - 0.5 and i + 0.5. Between nodes, pixel and scaled coordinate are linearly related; outside, the
 * relation is extrapolated linearly.
 */
import { ArgumentError } from "../util/errors.js";
import { type InterpScale, scaleValue, unscaleValue } from "../util/interpolate.js";

/** Whether the nodes of an axis are bin edges or bin centers. */
export type NodeType = "edges" | "center";

/** Index returned for coordinates outside an axis (Gammapy's INVALID_INDEX.int). */
export const INVALID_INDEX = -1;

/** Options shared by the axis constructors. */
export interface AxisOptions {
  /** Axis name, e.g. `energy`, `energy_true`, `offset`, `migra`, `rad`. Default `""`. */
  readonly name?: string;
  /** Unit of the axis coordinates, e.g. `TeV`, `deg`, `""`. Default `""`. */
  readonly unit?: string;
  /** Coordinate scale. Default `lin` (energy constructors: `log`). */
  readonly interp?: InterpScale;
}

/** An immutable map axis. */
export class MapAxis {
  readonly name: string;
  readonly unit: string;
  readonly interp: InterpScale;
  readonly nodeType: NodeType;
  /** The nodes (edges or centers), increasing or decreasing. */
  readonly nodes: Float64Array;
  /** Number of bins. */
  readonly nbin: number;
  private readonly scaledNodes: Float64Array;
  private readonly pixOffset: number;
  private _edges?: Float64Array;
  private _center?: Float64Array;

  constructor(nodes: ArrayLike<number>, options: AxisOptions & { readonly nodeType?: NodeType } = {}) {
    const n = Float64Array.from(nodes);
    this.name = options.name ?? "";
    this.unit = options.unit ?? "";
    this.interp = options.interp ?? "lin";
    this.nodeType = options.nodeType ?? "edges";
    if (n.length < (this.nodeType === "edges" ? 2 : 1)) {
      throw new ArgumentError(`axis ${this.name}: too few nodes (${n.length})`, this.name);
    }
    const increasing = n.every((v, i) => i === 0 || v > n[i - 1]);
    const decreasing = n.every((v, i) => i === 0 || v < n[i - 1]);
    if (!increasing && !decreasing)
      throw new ArgumentError(`axis ${this.name}: nodes must be strictly monotonic`, this.name);
    if (this.interp !== "lin" && n.some((v) => v < 0)) {
      throw new ArgumentError(`axis ${this.name}: scale ${this.interp} needs non-negative nodes`, this.name);
    }
    this.nodes = n;
    this.scaledNodes = n.map((v) => scaleValue(this.interp, v));
    this.pixOffset = this.nodeType === "edges" ? -0.5 : 0;
    this.nbin = this.nodeType === "edges" ? n.length - 1 : n.length;
  }

  /** Axis from bin edges. */
  static fromEdges(edges: ArrayLike<number>, options: AxisOptions = {}): MapAxis {
    return new MapAxis(edges, { ...options, nodeType: "edges" });
  }

  /** Axis from bin centers (edges half-way between them in the axis scale). */
  static fromNodes(nodes: ArrayLike<number>, options: AxisOptions = {}): MapAxis {
    return new MapAxis(nodes, { ...options, nodeType: "center" });
  }

  /**
   * Axis of `nbin` bins between `lo` and `hi`, evenly spaced in the axis scale (for `nodeType` center, `lo` and `hi`
   * are the first and last centers).
   */
  static fromBounds(
    lo: number,
    hi: number,
    nbin: number,
    options: AxisOptions & { readonly nodeType?: NodeType } = {},
  ): MapAxis {
    const interp = options.interp ?? "lin";
    const nodeType = options.nodeType ?? "edges";
    const nnode = nodeType === "edges" ? nbin + 1 : nbin;
    const a = interp === "log" ? Math.log(lo) : interp === "sqrt" ? Math.sqrt(lo) : lo;
    const b = interp === "log" ? Math.log(hi) : interp === "sqrt" ? Math.sqrt(hi) : hi;
    const s = linspace(a, b, nnode);
    const nodes = s.map((v) => (interp === "log" ? Math.exp(v) : interp === "sqrt" ? v ** 2 : v));
    // the requested bounds exactly (exp(log(10)) is 10.000000000000002 in V8), so that masks such as
    // "edges <= 10 TeV" select what the user asked for
    nodes[0] = lo;
    nodes[nnode - 1] = hi;
    return new MapAxis(nodes, { ...options, interp, nodeType });
  }

  /**
   * Energy axis with log spacing between `min` and `max` (in `unit`, default TeV): `nbin` bins, or `nbin` per decade
   * (rounded up) with `perDecade`. Name `energy` (default) or `energy_true`.
   */
  static fromEnergyBounds(
    min: number,
    max: number,
    nbin: number,
    options: { unit?: string; perDecade?: boolean; name?: "energy" | "energy_true"; nodeType?: NodeType } = {},
  ): MapAxis {
    const n = options.perDecade ? Math.ceil(Math.log10(max / min) * nbin) : nbin;
    return MapAxis.fromBounds(min, max, n, {
      unit: options.unit ?? "TeV",
      name: options.name ?? "energy",
      interp: "log",
      nodeType: options.nodeType ?? "edges",
    });
  }

  /** Energy axis from edges (log scale), name `energy` (default) or `energy_true`. */
  static fromEnergyEdges(
    edges: ArrayLike<number>,
    options: { unit?: string; name?: "energy" | "energy_true" } = {},
  ): MapAxis {
    return MapAxis.fromEdges(edges, { unit: options.unit ?? "TeV", name: options.name ?? "energy", interp: "log" });
  }

  /** Bin edges (nbin + 1 values). */
  get edges(): Float64Array {
    if (!this._edges) {
      if (this.nodeType === "edges") {
        // the edges are the nodes: return them as given, not re-interpolated (exp(log(x)) may differ in the last bit)
        this._edges = this.nodes.slice();
      } else {
        const pix = new Float64Array(this.nbin + 1);
        for (let i = 0; i <= this.nbin; i++) pix[i] = i - 0.5;
        this._edges = this.pixToCoord(pix);
      }
    }
    return this._edges;
  }

  /** Bin centers (nbin values; geometric means for log axes). */
  get center(): Float64Array {
    if (!this._center) {
      const pix = new Float64Array(this.nbin);
      for (let i = 0; i < this.nbin; i++) pix[i] = i;
      this._center = this.pixToCoord(pix);
    }
    return this._center;
  }

  /** Lower edges of the bins. */
  get edgesMin(): Float64Array {
    return this.edges.subarray(0, this.nbin);
  }

  /** Upper edges of the bins. */
  get edgesMax(): Float64Array {
    return this.edges.subarray(1);
  }

  /** Bin widths. */
  get binWidth(): Float64Array {
    const e = this.edges;
    const out = new Float64Array(this.nbin);
    for (let i = 0; i < this.nbin; i++) out[i] = e[i + 1] - e[i];
    return out;
  }

  /** [first edge, last edge]. */
  get bounds(): [number, number] {
    const e = this.edges;
    return [e[0], e[e.length - 1]];
  }

  /** Whether this is an energy axis (`energy` or `energy_true`). */
  get isEnergyAxis(): boolean {
    return this.name === "energy" || this.name === "energy_true";
  }

  /** Pixel coordinates of axis coordinates (linear in the axis scale, extrapolated outside). */
  coordToPix(coord: ArrayLike<number>, out = new Float64Array(coord.length)): Float64Array {
    const x = this.scaledNodes;
    const n = x.length;
    for (let k = 0; k < coord.length; k++) {
      const v = scaleValue(this.interp, coord[k]);
      if (n === 1) {
        out[k] = this.pixOffset;
        continue;
      }
      const lo = interpCell(x, v);
      out[k] = (1 / (x[lo + 1] - x[lo])) * (v - x[lo]) + lo + this.pixOffset;
    }
    return out;
  }

  /** Axis coordinates of pixel coordinates. */
  pixToCoord(pix: ArrayLike<number>, out = new Float64Array(pix.length)): Float64Array {
    const y = this.scaledNodes;
    const n = y.length;
    for (let k = 0; k < pix.length; k++) {
      const p = pix[k] - this.pixOffset;
      if (n === 1) {
        out[k] = unscaleRaw(this.interp, y[0]);
        continue;
      }
      let lo = Math.ceil(p) - 1;
      if (lo < 0) lo = 0;
      if (lo > n - 2) lo = n - 2;
      out[k] = unscaleRaw(this.interp, (y[lo + 1] - y[lo]) * (p - lo) + y[lo]);
    }
    return out;
  }

  /**
   * Bin indices of axis coordinates: bin i holds `edges[i] <= x < edges[i+1]` (the last edge belongs to the last
   * bin, as numpy's digitize + Gammapy). Outside: `INVALID_INDEX`, or the nearest bin with `clip`.
   * Non-finite coordinates give `INVALID_INDEX`.
   */
  coordToIdx(coord: ArrayLike<number>, clip = false, out = new Int32Array(coord.length)): Int32Array {
    const e = this.edges;
    const last = e.length - 1;
    const increasing = e[last] > e[0];
    for (let k = 0; k < coord.length; k++) {
      const v = coord[k];
      if (!Number.isFinite(v)) {
        out[k] = INVALID_INDEX;
        continue;
      }
      // number of edges <= v (np.digitize with increasing bins), minus one
      let lo = 0;
      let hi = e.length;
      while (lo < hi) {
        const mid = (lo + hi) >> 1;
        if (increasing ? e[mid] <= v : e[mid] > v) lo = mid + 1;
        else hi = mid;
      }
      let idx = lo - 1;
      if (clip) idx = Math.min(Math.max(idx, 0), this.nbin - 1);
      else if (increasing ? v > e[last] : v < e[last]) idx = INVALID_INDEX;
      else if (idx < 0) idx = INVALID_INDEX;
      out[k] = idx === this.nbin && !clip ? this.nbin - 1 : idx;
    }
    return out;
  }

  /** Bin indices of pixel coordinates (`round` to the nearest bin center), `INVALID_INDEX` outside unless `clip`. */
  pixToIdx(pix: ArrayLike<number>, clip = false, out = new Int32Array(pix.length)): Int32Array {
    for (let k = 0; k < pix.length; k++) {
      const p = pix[k];
      if (clip) out[k] = Math.min(Math.max(Math.round(p), 0), this.nbin - 1);
      else out[k] = p < -0.5 || p >= this.nbin - 0.5 || !Number.isFinite(p) ? INVALID_INDEX : Math.round(p);
    }
    return out;
  }

  /** A copy with some properties changed. */
  copy(changes: AxisOptions = {}): MapAxis {
    return new MapAxis(this.nodes, {
      name: changes.name ?? this.name,
      unit: changes.unit ?? this.unit,
      interp: changes.interp ?? this.interp,
      nodeType: this.nodeType,
    });
  }

  /** The bins `start` (inclusive) to `stop` (exclusive) as a new axis. */
  slice(start: number, stop = this.nbin): MapAxis {
    if (start < 0 || stop > this.nbin || stop <= start) {
      throw new ArgumentError(`axis ${this.name}: invalid slice ${start}:${stop} of ${this.nbin} bins`, this.name);
    }
    const nodes = this.nodeType === "edges" ? this.nodes.slice(start, stop + 1) : this.nodes.slice(start, stop);
    return new MapAxis(nodes, { name: this.name, unit: this.unit, interp: this.interp, nodeType: this.nodeType });
  }

  /** The axis squashed into one bin spanning the same edges. */
  squash(): MapAxis {
    const [lo, hi] = this.bounds;
    return MapAxis.fromBounds(lo, hi, 1, { name: this.name, unit: this.unit, interp: this.interp });
  }

  /** Every `factor`-th edge (or center), keeping the bounds. Throws if the bins do not divide evenly. */
  downsample(factor: number): MapAxis {
    const n = this.nodeType === "edges" ? this.nbin : this.nbin - 1;
    if (n % factor !== 0)
      throw new ArgumentError(`axis ${this.name}: ${n} bins are not divisible by ${factor}`, this.name);
    const src = this.nodeType === "edges" ? this.edges : this.center;
    const nodes = src.filter((_, i) => i % factor === 0);
    return new MapAxis(nodes, { name: this.name, unit: this.unit, interp: this.interp, nodeType: this.nodeType });
  }

  /** Each bin split into `factor` bins, evenly in pixel coordinates (Gammapy's `upsample`). */
  upsample(factor: number): MapAxis {
    const src = this.nodeType === "edges" ? this.edges : this.center;
    const pix = this.coordToPix(src);
    const nnode = this.nodeType === "edges" ? this.nbin * factor + 1 : (this.nbin - 1) * factor + 1;
    const pixNew = linspace(Math.min(...pix), Math.max(...pix), nnode);
    const nodes = this.pixToCoord(pixNew);
    return new MapAxis(nodes, { name: this.name, unit: this.unit, interp: this.interp, nodeType: this.nodeType });
  }

  /**
   * Whether another axis has the same edges (to `rtol`/`atol`, as numpy `allclose`), node type, scale and name
   * (case-insensitive). Gammapy's `==` uses rtol = atol = 1e-6.
   */
  isAllclose(other: MapAxis, rtol = 1e-5, atol = 1e-8): boolean {
    const a = this.edges;
    const b = other.edges;
    if (a.length !== b.length) return false;
    for (let i = 0; i < a.length; i++) if (!(Math.abs(a[i] - b[i]) <= atol + rtol * Math.abs(b[i]))) return false;
    return (
      this.nodeType === other.nodeType &&
      this.interp === other.interp &&
      this.name.toUpperCase() === other.name.toUpperCase()
    );
  }

  /** Gammapy's axis equality: `isAllclose` with rtol = atol = 1e-6. */
  equals(other: MapAxis): boolean {
    return this.isAllclose(other, 1e-6, 1e-6);
  }
}

/** numpy `linspace(a, b, n)`: `a + i * step`, last value exactly `b`. */
export function linspace(a: number, b: number, n: number): Float64Array {
  const out = new Float64Array(n);
  if (n === 1) {
    out[0] = a;
    return out;
  }
  const step = (b - a) / (n - 1);
  for (let i = 0; i < n; i++) out[i] = i * step + a;
  out[n - 1] = b;
  return out;
}

/** scipy interp1d's cell choice: searchsorted('left') clipped to [1, n-1], minus one. */
function interpCell(x: Float64Array, v: number): number {
  let lo = 0;
  let hi = x.length;
  const increasing = x[x.length - 1] > x[0];
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (increasing ? x[mid] < v : x[mid] > v) lo = mid + 1;
    else hi = mid;
  }
  let idx = lo;
  if (idx < 1) idx = 1;
  if (idx > x.length - 1) idx = x.length - 1;
  return idx - 1;
}

/** Inverse coordinate scale without the value clipping of `unscaleValue` (coordinates may be tiny). */
function unscaleRaw(scale: InterpScale, v: number): number {
  if (scale === "log") return Math.exp(v);
  return unscaleValue(scale, v);
}

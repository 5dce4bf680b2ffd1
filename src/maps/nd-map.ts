/**
 * What every map shares, whatever its geometry (WCS, HEALPix, region): a typed data array in the geometry's data
 * order ([axis N-1 ... axis 0, spatial...]), a unit, metadata; element-wise arithmetic, sums over the non-spatial
 * axes, slicing one axis bin, and filling by flat index.
 */
import { ArgumentError } from "../util/errors.js";
import type { BigIntArray, NumericArray } from "../util/ndarray.js";
import type { MetaValue } from "../util/table.js";
import type { MapAxes } from "./axes.js";
import type { MapAxis } from "./axis.js";

/** Element type of map data. `bool` maps use a Uint8Array of 0/1. */
export type MapDtype = "float32" | "float64" | "int32" | "int64" | "uint8" | "bool";

/** Data of a map. */
export type MapData = NumericArray | BigIntArray;

/** What a map needs from its geometry. */
export interface MapGeom {
  readonly axes: MapAxes;
  /** Number of spatial bins (pixels of the image, HEALPix pixels, or 1 for a region). */
  readonly spatialSize: number;
  readonly size: number;
  readonly dataShape: number[];
  equals(other: unknown): boolean;
}

/** Allocates zeroed data of a dtype. */
export function allocateMapData(dtype: MapDtype, n: number): MapData {
  switch (dtype) {
    case "float32":
      return new Float32Array(n);
    case "int32":
      return new Int32Array(n);
    case "int64":
      return new BigInt64Array(n);
    case "uint8":
    case "bool":
      return new Uint8Array(n);
    default:
      return new Float64Array(n);
  }
}

/** Metadata of a map (JSON-serialisable). */
export type MapMeta = Record<string, MetaValue | object>;

/** Options of the maps' `fromGeom`. */
export interface MapOptions {
  readonly dtype?: MapDtype;
  readonly unit?: string;
  readonly meta?: MapMeta;
  /** Existing data (length = geometry size), used as is. */
  readonly data?: MapData;
}

/** Base of the map classes. `G` is the geometry type. */
export abstract class NDMap<G extends MapGeom> {
  readonly geom: G;
  readonly data: MapData;
  readonly unit: string;
  readonly meta: MapMeta;
  /** Whether the data are a boolean mask (Uint8Array of 0/1). */
  readonly isMask: boolean;

  constructor(geom: G, data: MapData, unit = "", meta: MapMeta = {}, isMask = false) {
    if (data.length !== geom.size)
      throw new ArgumentError(`map data has ${data.length} values, geometry needs ${geom.size}`);
    this.geom = geom;
    this.data = data;
    this.unit = unit;
    this.meta = meta;
    this.isMask = isMask;
  }

  /** A map of the same class on another geometry with other data. */
  protected abstract rebuild(geom: G, data: MapData, unit: string, meta: MapMeta, isMask: boolean): this;
  /** The geometry with other axes. */
  protected abstract geomWithAxes(axes: readonly MapAxis[]): G;

  /** Data shape (geometry data order). */
  get shape(): number[] {
    return this.geom.dataShape;
  }

  /** Adds weights (default 1) at flat data indices; negative indices are skipped. */
  fillByIndex(index: ArrayLike<number>, weights?: ArrayLike<number>): void {
    const d = this.data;
    if (d instanceof BigInt64Array || d instanceof BigUint64Array) {
      for (let i = 0; i < index.length; i++) if (index[i] >= 0) d[index[i]] += BigInt(weights ? weights[i] : 1);
      return;
    }
    for (let i = 0; i < index.length; i++) if (index[i] >= 0) d[index[i]] += weights ? weights[i] : 1;
  }

  /** Flat data index from a local spatial index and one bin index per axis (-1 if any is invalid). */
  flatIndex(spatial: number, axisIdx: readonly number[]): number {
    if (spatial < 0) return -1;
    let idx = spatial;
    let stride = this.geom.spatialSize;
    const axes = this.geom.axes.axes;
    for (let k = 0; k < axes.length; k++) {
      const p = axisIdx[k];
      if (!(p >= 0 && p < axes[k].nbin)) return -1;
      idx += p * stride;
      stride *= axes[k].nbin;
    }
    return idx;
  }

  /** Sum over all non-spatial axes (Float64). */
  sumOverAxes(): this {
    const n = this.geom.spatialSize;
    const out = new Float64Array(n);
    for (let i = 0; i < this.data.length; i++) out[i % n] += Number(this.data[i]);
    return this.rebuild(this.geomWithAxes([]), out, this.unit, { ...this.meta }, false);
  }

  /** The map at one bin of a non-spatial axis (the axis removed). */
  sliceByIdx(axisName: string, index: number): this {
    const k = this.geom.axes.index(axisName);
    const axes = this.geom.axes.axes;
    if (index < 0 || index >= axes[k].nbin)
      throw new ArgumentError(`index ${index} outside axis ${axisName}`, axisName);
    const inner = this.geom.spatialSize * axes.slice(0, k).reduce((p, a) => p * a.nbin, 1);
    const outer = axes.slice(k + 1).reduce((p, a) => p * a.nbin, 1);
    const Ctor = this.data.constructor as new (n: number) => MapData;
    const out = new Ctor(inner * outer);
    const src = this.data as unknown as number[];
    const dst = out as unknown as number[];
    for (let o = 0; o < outer; o++) {
      const base = (o * axes[k].nbin + index) * inner;
      for (let i = 0; i < inner; i++) dst[o * inner + i] = src[base + i];
    }
    return this.rebuild(
      this.geomWithAxes(axes.filter((_, j) => j !== k)),
      out,
      this.unit,
      { ...this.meta },
      this.isMask,
    );
  }

  /** Element-wise combination with another map on an equal geometry, or with a scalar (Float64 result). */
  combine(other: NDMap<G> | number, op: (a: number, b: number) => number): this {
    if (typeof other !== "number" && !other.geom.equals(this.geom))
      throw new ArgumentError("maps have different geometries");
    const out = new Float64Array(this.data.length);
    for (let i = 0; i < out.length; i++)
      out[i] = op(Number(this.data[i]), typeof other === "number" ? other : Number(other.data[i]));
    return this.rebuild(this.geom, out, this.unit, { ...this.meta }, false);
  }

  /** Sum of all values. */
  sum(): number {
    let s = 0;
    for (let i = 0; i < this.data.length; i++) s += Number(this.data[i]);
    return s;
  }

  /**
   * The map on a coarser version of one axis whose edges are a subset of the current edges (Gammapy's
   * `resample_axis`): values of the merged bins are summed.
   */
  resampleAxis(axis: MapAxis): this {
    const k = this.geom.axes.index(axis.name);
    const old = this.geom.axes.axes[k];
    const group = axis.coordToIdx(old.center);
    const oldEdges = old.edges;
    for (const e of axis.edges) {
      if (!oldEdges.some((o) => Math.abs(o - e) <= 1e-6 * Math.max(1, Math.abs(e)))) {
        throw new ArgumentError(`edge ${e} of the new ${axis.name} axis is not an edge of the map`, axis.name);
      }
    }
    const axes = this.geom.axes.axes.map((a, j) => (j === k ? axis : a));
    const geom = this.geomWithAxes(axes);
    const out = new Float64Array(geom.size);
    const inner = this.geom.spatialSize * this.geom.axes.axes.slice(0, k).reduce((p, a) => p * a.nbin, 1);
    const outer = this.geom.axes.axes.slice(k + 1).reduce((p, a) => p * a.nbin, 1);
    for (let o = 0; o < outer; o++) {
      for (let b = 0; b < old.nbin; b++) {
        if (group[b] < 0) continue;
        const src = (o * old.nbin + b) * inner;
        const dst = (o * axis.nbin + group[b]) * inner;
        for (let i = 0; i < inner; i++) out[dst + i] += Number(this.data[src + i]);
      }
    }
    return this.rebuild(geom, out, this.unit, { ...this.meta }, false);
  }

  /** Sum over the spatial bins for each non-spatial bin (C order of the non-spatial axes, last axis slowest). */
  sumOverSpatial(): Float64Array {
    const n = this.geom.spatialSize;
    const out = new Float64Array(this.data.length / n);
    for (let i = 0; i < this.data.length; i++) out[Math.floor(i / n)] += Number(this.data[i]);
    return out;
  }
}

/**
 * Maps on a WCS geometry (Gammapy's `WcsNDMap`): a typed data array in the geometry's data order, a unit and
 * metadata; filling from coordinates (event binning), lookup and interpolation, reductions over axes, slicing,
 * arithmetic and cutouts.
 */
import type { Frame } from "../coords/frames.js";
import { ArgumentError } from "../util/errors.js";
import type { BigIntArray, NumericArray } from "../util/ndarray.js";
import type { MetaValue } from "../util/table.js";
import { MapAxes } from "./axes.js";
import type { WcsGeom } from "./wcs-geom.js";

/** Element type of map data. `bool` maps use a Uint8Array of 0/1. */
export type MapDtype = "float32" | "float64" | "int32" | "int64" | "uint8" | "bool";

/** Data of a map. */
export type MapData = NumericArray | BigIntArray;

function allocate(dtype: MapDtype, n: number): MapData {
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

/** Options of `WcsNDMap.fromGeom`. */
export interface MapOptions {
  readonly dtype?: MapDtype;
  readonly unit?: string;
  readonly meta?: Record<string, MetaValue | object>;
  /** Existing data (length = geometry size), used as is. */
  readonly data?: MapData;
}

/** A map on a WCS geometry. */
export class WcsNDMap {
  readonly geom: WcsGeom;
  readonly data: MapData;
  readonly unit: string;
  readonly meta: Record<string, MetaValue | object>;
  /** Whether the data are a boolean mask (Uint8Array of 0/1). */
  readonly isMask: boolean;

  constructor(geom: WcsGeom, data: MapData, unit = "", meta: Record<string, MetaValue | object> = {}, isMask = false) {
    if (data.length !== geom.size)
      throw new ArgumentError(`map data has ${data.length} values, geometry needs ${geom.size}`);
    this.geom = geom;
    this.data = data;
    this.unit = unit;
    this.meta = meta;
    this.isMask = isMask;
  }

  /** An empty (zero) map on a geometry. */
  static fromGeom(geom: WcsGeom, options: MapOptions = {}): WcsNDMap {
    const dtype = options.dtype ?? "float32";
    const data = options.data ?? allocate(dtype, geom.size);
    return new WcsNDMap(geom, data, options.unit ?? "", options.meta ?? {}, dtype === "bool");
  }

  /** Data shape (geometry data order). */
  get shape(): number[] {
    return this.geom.dataShape;
  }

  /**
   * Adds `weights` (default 1) at coordinates: sky positions (deg, in `frame`) and one array per non-spatial axis
   * (axis units). Coordinates outside the map are ignored. Same binning as Gammapy's `fill_by_coord`.
   */
  fillByCoord(
    lonDeg: ArrayLike<number>,
    latDeg: ArrayLike<number>,
    axisCoords: readonly ArrayLike<number>[] = [],
    weights?: ArrayLike<number>,
    frame?: Frame,
  ): void {
    const idx = this.geom.coordToIndex(lonDeg, latDeg, axisCoords, frame);
    const d = this.data;
    if (d instanceof BigInt64Array || d instanceof BigUint64Array) {
      for (let i = 0; i < idx.length; i++) if (idx[i] >= 0) d[idx[i]] += BigInt(weights ? weights[i] : 1);
      return;
    }
    for (let i = 0; i < idx.length; i++) if (idx[i] >= 0) d[idx[i]] += weights ? weights[i] : 1;
  }

  /**
   * Values at coordinates, nearest pixel (Gammapy's `get_by_coord`); NaN outside the map.
   */
  getByCoord(
    lonDeg: ArrayLike<number>,
    latDeg: ArrayLike<number>,
    axisCoords: readonly ArrayLike<number>[] = [],
    frame?: Frame,
  ): Float64Array {
    const idx = this.geom.coordToIndex(lonDeg, latDeg, axisCoords, frame);
    const out = new Float64Array(idx.length);
    for (let i = 0; i < idx.length; i++) out[i] = idx[i] >= 0 ? Number(this.data[idx[i]]) : Number.NaN;
    return out;
  }

  /**
   * Values at coordinates by linear interpolation in pixel coordinates (spatial and non-spatial), as Gammapy's
   * `interp_by_coord` with `method="linear"`; points outside the pixel-centre grid get `fillValue` (default NaN).
   */
  interpByCoord(
    lonDeg: ArrayLike<number>,
    latDeg: ArrayLike<number>,
    axisCoords: readonly ArrayLike<number>[] = [],
    frame?: Frame,
    fillValue = Number.NaN,
  ): Float64Array {
    const { x, y } = this.geom.skyToPix(lonDeg, latDeg, frame);
    const axes = this.geom.axes.axes;
    const axisPix = axes.map((a, k) => a.coordToPix(axisCoords[k]));
    const shape = this.shape; // [..axes reversed, ny, nx]
    const nd = shape.length;
    const n = x.length;
    const out = new Float64Array(n);
    const strides: number[] = new Array(nd);
    let s = 1;
    for (let k = nd - 1; k >= 0; k--) {
      strides[k] = s;
      s *= shape[k];
    }
    const pix = new Float64Array(nd);
    const lo = new Int32Array(nd);
    const fr = new Float64Array(nd);
    for (let i = 0; i < n; i++) {
      pix[nd - 1] = x[i];
      pix[nd - 2] = y[i];
      for (let k = 0; k < axes.length; k++) pix[nd - 3 - k] = axisPix[k][i];
      let outside = false;
      for (let d = 0; d < nd; d++) {
        const p = pix[d];
        if (!(p >= 0 && p <= shape[d] - 1)) {
          outside = true;
          break;
        }
        let l = Math.floor(p);
        if (l >= shape[d] - 1) l = Math.max(0, shape[d] - 2);
        lo[d] = l;
        fr[d] = shape[d] === 1 ? 0 : p - l;
      }
      if (outside) {
        out[i] = fillValue;
        continue;
      }
      let v = 0;
      for (let c = 0; c < 1 << nd; c++) {
        let w = 1;
        let off = 0;
        for (let d = 0; d < nd; d++) {
          const up = (c >> d) & 1;
          if (up && shape[d] === 1) {
            w = 0;
            break;
          }
          w *= up ? fr[d] : 1 - fr[d];
          off += (lo[d] + up) * strides[d];
        }
        if (w !== 0) v += w * Number(this.data[off]);
      }
      out[i] = v;
    }
    return out;
  }

  /** Sum over all non-spatial axes: an image map (Float64). */
  sumOverAxes(): WcsNDMap {
    const geom = this.geom.toImage();
    const n = geom.imageSize;
    const out = new Float64Array(n);
    for (let i = 0; i < this.data.length; i++) out[i % n] += Number(this.data[i]);
    return new WcsNDMap(geom, out, this.unit, { ...this.meta });
  }

  /** The map at one bin of a non-spatial axis (the axis removed). */
  sliceByIdx(axisName: string, index: number): WcsNDMap {
    const k = this.geom.axes.index(axisName);
    const axes = this.geom.axes.axes;
    if (index < 0 || index >= axes[k].nbin)
      throw new ArgumentError(`index ${index} outside axis ${axisName}`, axisName);
    const inner = this.geom.imageSize * axes.slice(0, k).reduce((p, a) => p * a.nbin, 1);
    const outer = axes.slice(k + 1).reduce((p, a) => p * a.nbin, 1);
    const geom = this.geom.withAxes(new MapAxes(axes.filter((_, j) => j !== k)));
    const out = allocLike(this.data, inner * outer);
    for (let o = 0; o < outer; o++) {
      const src = (o * axes[k].nbin + index) * inner;
      for (let i = 0; i < inner; i++)
        (out as unknown as number[])[o * inner + i] = (this.data as unknown as number[])[src + i];
    }
    return new WcsNDMap(geom, out, this.unit, { ...this.meta }, this.isMask);
  }

  /** Element-wise combination with another map on an equal geometry (or a scalar). */
  combine(other: WcsNDMap | number, op: (a: number, b: number) => number): WcsNDMap {
    if (typeof other !== "number" && !other.geom.equals(this.geom))
      throw new ArgumentError("maps have different geometries");
    const out = new Float64Array(this.data.length);
    for (let i = 0; i < out.length; i++)
      out[i] = op(Number(this.data[i]), typeof other === "number" ? other : Number(other.data[i]));
    return new WcsNDMap(this.geom, out, this.unit, { ...this.meta });
  }

  /** The map on a cutout geometry (see `WcsGeom.cutout`). */
  cutout(lonDeg: number, latDeg: number, widthDeg: number | readonly [number, number]): WcsNDMap {
    const geom = this.geom.cutout(lonDeg, latDeg, widthDeg);
    const [nx, ny] = this.geom.npix;
    const [cx, cy] = geom.npix;
    // the cutout's reference pixel is the original one shifted by the cutout origin
    const x0 = Math.round(this.geom.wcs.params.crpix[0] - geom.wcs.params.crpix[0]);
    const y0 = Math.round(this.geom.wcs.params.crpix[1] - geom.wcs.params.crpix[1]);
    const planes = this.data.length / (nx * ny);
    const out = allocLike(this.data, planes * cx * cy);
    for (let p = 0; p < planes; p++) {
      for (let j = 0; j < cy; j++) {
        for (let i = 0; i < cx; i++) {
          (out as unknown as number[])[(p * cy + j) * cx + i] = (this.data as unknown as number[])[
            (p * ny + j + y0) * nx + i + x0
          ];
        }
      }
    }
    return new WcsNDMap(geom, out, this.unit, { ...this.meta }, this.isMask);
  }
}

function allocLike(data: MapData, n: number): MapData {
  const Ctor = data.constructor as new (n: number) => MapData;
  return new Ctor(n);
}

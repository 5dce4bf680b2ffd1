/**
 * Maps on a WCS geometry (Gammapy's `WcsNDMap`): a typed data array in the geometry's data order, a unit and
 * metadata; filling from coordinates (event binning), lookup and interpolation, reductions over axes, slicing,
 * arithmetic and cutouts.
 */
import type { Frame } from "../coords/frames.js";
import type { MapAxis } from "./axis.js";
import { allocateMapData, type MapData, type MapDtype, type MapMeta, type MapOptions, NDMap } from "./nd-map.js";
import type { WcsGeom } from "./wcs-geom.js";

export type { MapData, MapDtype };

/** A map on a WCS geometry. */
export class WcsNDMap extends NDMap<WcsGeom> {
  /** An empty (zero) map on a geometry. */
  static fromGeom(geom: WcsGeom, options: MapOptions = {}): WcsNDMap {
    const dtype = options.dtype ?? "float32";
    const data = options.data ?? allocateMapData(dtype, geom.size);
    return new WcsNDMap(geom, data, options.unit ?? "", options.meta ?? {}, dtype === "bool");
  }

  protected rebuild(geom: WcsGeom, data: MapData, unit: string, meta: MapMeta, isMask: boolean): this {
    return new WcsNDMap(geom, data, unit, meta, isMask) as this;
  }

  protected geomWithAxes(axes: readonly MapAxis[]): WcsGeom {
    return this.geom.withAxes(axes);
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
    this.fillByIndex(this.geom.coordToIndex(lonDeg, latDeg, axisCoords, frame), weights);
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

  /** The map on a cutout geometry (see `WcsGeom.cutout`). */
  cutout(lonDeg: number, latDeg: number, widthDeg: number | readonly [number, number]): WcsNDMap {
    const geom = this.geom.cutout(lonDeg, latDeg, widthDeg);
    const [nx, ny] = this.geom.npix;
    const [cx, cy] = geom.npix;
    // the cutout's reference pixel is the original one shifted by the cutout origin
    const x0 = Math.round(this.geom.wcs.params.crpix[0] - geom.wcs.params.crpix[0]);
    const y0 = Math.round(this.geom.wcs.params.crpix[1] - geom.wcs.params.crpix[1]);
    const planes = this.data.length / (nx * ny);
    const out = new (this.data.constructor as new (n: number) => MapData)(planes * cx * cy);
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

  /** The map padded by `pad` pixels on each side of every image plane, filled with `value` (default 0). */
  pad(pad: number, value = 0): WcsNDMap {
    const geom = this.geom.pad(pad);
    const [nx, ny] = this.geom.npix;
    const [px, py] = geom.npix;
    const out = new Float64Array(geom.size).fill(value);
    const planes = this.data.length / (nx * ny);
    for (let p = 0; p < planes; p++) {
      for (let j = 0; j < ny; j++) {
        for (let i = 0; i < nx; i++) out[(p * py + j + pad) * px + i + pad] = Number(this.data[(p * ny + j) * nx + i]);
      }
    }
    return new WcsNDMap(geom, out, this.unit, { ...this.meta });
  }
}

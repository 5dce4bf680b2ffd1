/**
 * Maps on HEALPix geometries (Gammapy's `HpxNDMap`) and on region geometries (`RegionNDMap`).
 */
import type { Frame } from "../coords/frames.js";
import type { MapAxis } from "./axis.js";
import { hpxInterpByCoord } from "./hpx/interp.js";
import type { HpxGeom } from "./hpx-geom.js";
import { allocateMapData, type MapData, type MapMeta, type MapOptions, NDMap } from "./nd-map.js";
import type { RegionGeom } from "./region-geom.js";
import { rint } from "./wcs-geom.js";

/** Bin indices of axis coordinates (pixel coordinate rounded as Gammapy: `rint`). */
function axisBins(axes: readonly MapAxis[], coords: readonly ArrayLike<number>[], i: number): number[] {
  return axes.map((a, k) => rint(a.coordToPix([coords[k][i]])[0]));
}

/** A map on a HEALPix geometry. */
export class HpxNDMap extends NDMap<HpxGeom> {
  /** An empty (zero) map. */
  static fromGeom(geom: HpxGeom, options: MapOptions = {}): HpxNDMap {
    const dtype = options.dtype ?? "float32";
    return new HpxNDMap(
      geom,
      options.data ?? allocateMapData(dtype, geom.size),
      options.unit ?? "",
      options.meta ?? {},
      dtype === "bool",
    );
  }

  protected rebuild(geom: HpxGeom, data: MapData, unit: string, meta: MapMeta, isMask: boolean): this {
    return new HpxNDMap(geom, data, unit, meta, isMask) as this;
  }

  protected geomWithAxes(axes: readonly MapAxis[]): HpxGeom {
    return this.geom.withAxes(axes);
  }

  /** Flat data indices of coordinates (sky positions in deg, one array per axis); -1 outside. */
  coordToIndex(
    lonDeg: ArrayLike<number>,
    latDeg: ArrayLike<number>,
    axisCoords: readonly ArrayLike<number>[] = [],
    frame?: Frame,
  ): Int32Array {
    const local = this.geom.skyToLocal(lonDeg, latDeg, frame);
    const out = new Int32Array(local.length);
    const axes = this.geom.axes.axes;
    for (let i = 0; i < local.length; i++) out[i] = this.flatIndex(local[i], axisBins(axes, axisCoords, i));
    return out;
  }

  /** Adds weights (default 1) at coordinates; outside the map they are ignored. */
  fillByCoord(
    lonDeg: ArrayLike<number>,
    latDeg: ArrayLike<number>,
    axisCoords: readonly ArrayLike<number>[] = [],
    weights?: ArrayLike<number>,
    frame?: Frame,
  ): void {
    this.fillByIndex(this.coordToIndex(lonDeg, latDeg, axisCoords, frame), weights);
  }

  /** Values at coordinates (the pixel containing each position); NaN outside. */
  getByCoord(
    lonDeg: ArrayLike<number>,
    latDeg: ArrayLike<number>,
    axisCoords: readonly ArrayLike<number>[] = [],
    frame?: Frame,
  ): Float64Array {
    const idx = this.coordToIndex(lonDeg, latDeg, axisCoords, frame);
    return Float64Array.from(idx, (k) => (k >= 0 ? Number(this.data[k]) : Number.NaN));
  }

  /**
   * Values at coordinates (sky positions in deg, one array per axis in the axis unit) by linear interpolation, as
   * Gammapy's `HpxNDMap.interp_by_coord(method="linear")`: healpy bilinear weights on the sphere, linear between
   * bin centers along the axes (see `hpxInterpByCoord`).
   */
  interpByCoord(
    lonDeg: ArrayLike<number>,
    latDeg: ArrayLike<number>,
    axisCoords: readonly ArrayLike<number>[] = [],
    frame?: Frame,
  ): Float64Array {
    return hpxInterpByCoord(this.geom, this.data, lonDeg, latDeg, axisCoords, frame);
  }
}

/** A map on a region geometry: one value per bin of the non-spatial axes. */
export class RegionNDMap extends NDMap<RegionGeom> {
  /** An empty (zero) map. */
  static fromGeom(geom: RegionGeom, options: MapOptions = {}): RegionNDMap {
    const dtype = options.dtype ?? "float32";
    return new RegionNDMap(
      geom,
      options.data ?? allocateMapData(dtype, geom.size),
      options.unit ?? "",
      options.meta ?? {},
      dtype === "bool",
    );
  }

  protected rebuild(geom: RegionGeom, data: MapData, unit: string, meta: MapMeta, isMask: boolean): this {
    return new RegionNDMap(geom, data, unit, meta, isMask) as this;
  }

  protected geomWithAxes(axes: readonly MapAxis[]): RegionGeom {
    return this.geom.withAxes(axes);
  }

  /** Adds weights (default 1) for positions inside the region, binned in the axes. */
  fillByCoord(
    lonDeg: ArrayLike<number>,
    latDeg: ArrayLike<number>,
    axisCoords: readonly ArrayLike<number>[] = [],
    weights?: ArrayLike<number>,
    frame?: Frame,
  ): void {
    const inside = this.geom.contains(lonDeg, latDeg, frame);
    const axes = this.geom.axes.axes;
    const idx = new Int32Array(inside.length);
    for (let i = 0; i < inside.length; i++) idx[i] = inside[i] ? this.flatIndex(0, axisBins(axes, axisCoords, i)) : -1;
    this.fillByIndex(idx, weights);
  }
}

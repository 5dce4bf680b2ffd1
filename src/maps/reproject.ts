/**
 * Moving maps between geometries: `interpToGeom` samples a map at the pixel centres of another geometry (Gammapy's
 * `interp_to_geom`), for WCS <-> WCS and WCS <-> HEALPix; `reprojectToGeom` additionally preserves counts by
 * oversampling the target pixels and summing (Gammapy's `preserve_counts` idea). Non-spatial axes must be equal.
 */
import { ArgumentError } from "../util/errors.js";
import type { HpxGeom } from "./hpx-geom.js";
import { HpxNDMap } from "./hpx-map.js";
import { WcsGeom } from "./wcs-geom.js";
import { WcsNDMap } from "./wcs-map.js";

/** Sampling method: nearest pixel, or linear interpolation in pixel space (WCS sources only). */
export type ReprojectMethod = "nearest" | "linear";

type AnyMap = WcsNDMap | HpxNDMap;
type AnyGeom = WcsGeom | HpxGeom;

/** Sky positions (deg, in the geometry's frame) of the spatial pixel centres. */
function spatialCenters(geom: AnyGeom): { lon: Float64Array; lat: Float64Array } {
  return geom instanceof WcsGeom ? geom.imageCoords() : geom.pixelCoords();
}

/** Values of a map at sky positions for one plane (non-spatial bin) index. */
function samplePlane(
  map: AnyMap,
  lon: Float64Array,
  lat: Float64Array,
  frame: AnyGeom["frame"],
  plane: number,
  method: ReprojectMethod,
): Float64Array {
  const n = map.geom.spatialSize;
  if (map instanceof HpxNDMap) {
    const local = map.geom.skyToLocal(lon, lat, frame);
    return Float64Array.from(local, (k) => (k >= 0 ? Number(map.data[plane * n + k]) : Number.NaN));
  }
  const g = map.geom;
  const { x, y } = g.skyToPix(lon, lat, frame);
  const [nx, ny] = g.npix;
  const out = new Float64Array(lon.length);
  const d = map.data;
  const base = plane * n;
  for (let i = 0; i < out.length; i++) {
    if (method === "nearest") {
      const ix = Math.round(x[i]);
      const iy = Math.round(y[i]);
      out[i] = ix >= 0 && ix < nx && iy >= 0 && iy < ny ? Number(d[base + iy * nx + ix]) : Number.NaN;
      continue;
    }
    if (!(x[i] >= 0 && x[i] <= nx - 1 && y[i] >= 0 && y[i] <= ny - 1)) {
      out[i] = Number.NaN;
      continue;
    }
    const x0 = Math.min(Math.floor(x[i]), Math.max(0, nx - 2));
    const y0 = Math.min(Math.floor(y[i]), Math.max(0, ny - 2));
    const fx = nx === 1 ? 0 : x[i] - x0;
    const fy = ny === 1 ? 0 : y[i] - y0;
    const at = (ix: number, iy: number) => Number(d[base + Math.min(iy, ny - 1) * nx + Math.min(ix, nx - 1)]);
    out[i] =
      (1 - fx) * (1 - fy) * at(x0, y0) +
      fx * (1 - fy) * at(x0 + 1, y0) +
      (1 - fx) * fy * at(x0, y0 + 1) +
      fx * fy * at(x0 + 1, y0 + 1);
  }
  return out;
}

function emptyLike(geom: AnyGeom, unit: string): AnyMap {
  return geom instanceof WcsGeom
    ? WcsNDMap.fromGeom(geom, { dtype: "float64", unit })
    : HpxNDMap.fromGeom(geom, { dtype: "float64", unit });
}

/**
 * The map sampled at the pixel centres of `target` (same non-spatial axes); NaN where the target lies outside the
 * source. HEALPix sources are sampled at the pixel containing each position (`method` is ignored for them).
 */
export function interpToGeom(map: AnyMap, target: AnyGeom, method: ReprojectMethod = "linear"): AnyMap {
  if (!map.geom.axes.equals(target.axes))
    throw new ArgumentError("source and target geometries have different non-spatial axes");
  const { lon, lat } = spatialCenters(target);
  const out = emptyLike(target, map.unit);
  const n = target.spatialSize;
  const planes = map.geom.axes.size;
  for (let p = 0; p < planes; p++)
    (out.data as Float64Array).set(samplePlane(map, lon, lat, target.frame, p, method), p * n);
  return out;
}

/**
 * Reprojection preserving counts from a WCS source to a WCS target: each target pixel is split into
 * `oversampling^2` sub-pixels sampled (nearest) in the source, and their values summed weighted by the ratio of
 * sub-pixel to source-pixel solid angle.
 */
export function reprojectToGeomPreservingCounts(map: WcsNDMap, target: WcsGeom, oversampling = 10): WcsNDMap {
  if (!map.geom.axes.equals(target.axes))
    throw new ArgumentError("source and target geometries have different non-spatial axes");
  const fine = target.toImage().upsample(oversampling);
  const { lon, lat } = fine.imageCoords();
  const fineArea = fine.solidAngle();
  const srcArea = map.geom.solidAngle();
  const { x, y } = map.geom.skyToPix(lon, lat, fine.frame);
  const [snx, sny] = map.geom.npix;
  const [fnx] = fine.npix;
  const [tnx, tny] = target.npix;
  const out = WcsNDMap.fromGeom(target, { dtype: "float64", unit: map.unit });
  const n = tnx * tny;
  const sn = snx * sny;
  for (let k = 0; k < lon.length; k++) {
    const ix = Math.round(x[k]);
    const iy = Math.round(y[k]);
    if (!(ix >= 0 && ix < snx && iy >= 0 && iy < sny)) continue;
    const fx = k % fnx;
    const fy = Math.floor(k / fnx);
    const t = Math.floor(fy / oversampling) * tnx + Math.floor(fx / oversampling);
    const w = fineArea[k] / srcArea[iy * snx + ix];
    for (let p = 0; p < map.geom.axes.size; p++)
      (out.data as Float64Array)[p * n + t] += w * Number(map.data[p * sn + iy * snx + ix]);
  }
  return out;
}

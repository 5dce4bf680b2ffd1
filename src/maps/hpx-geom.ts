/**
 * HEALPix map geometry (Gammapy's `HpxGeom`): nside, NESTED or RING ordering, a frame, all-sky or a partial sky given
 * by a region (`DISK(lon,lat,radius)`, Gammapy's HPX_REG syntax) or an explicit pixel list, and non-spatial axes.
 * Data of a map on it are C-ordered as [axis N-1 ... axis 0, pixel], pixels in increasing index order.
 */
import type { Frame } from "../coords/frames.js";
import { transformArrays } from "../coords/frames.js";
import { ArgumentError } from "../util/errors.js";
import { MapAxes } from "./axes.js";
import type { MapAxis } from "./axis.js";
import type { CacheableGeom } from "./geom-cache.js";
import { cachedDerived } from "./geom-cache.js";
import {
  getAllNeighbours,
  lonlatToPix,
  nside2npix,
  nside2pixarea,
  nsideToOrder,
  pixToLonLat,
  queryDisc,
} from "./hpx/healpix.js";

const D2R = Math.PI / 180;

/** Options of `HpxGeom.create`. */
export interface HpxGeomOptions {
  readonly nside: number;
  readonly nest?: boolean;
  readonly frame?: Frame;
  /** Partial sky: `DISK(lon,lat,radius)` in deg (the HPX_REG convention). */
  readonly region?: string;
  /** Partial sky: explicit pixel indices (in the geometry's ordering). */
  readonly pixels?: ArrayLike<number>;
  readonly axes?: readonly MapAxis[];
}

/** An immutable HEALPix geometry. */
export class HpxGeom implements CacheableGeom {
  readonly nside: number;
  readonly nest: boolean;
  readonly frame: Frame;
  readonly axes: MapAxes;
  /** The region string for partial skies, if made from one. */
  readonly region?: string;
  /** Pixel indices of a partial sky (sorted), or undefined for all-sky. */
  readonly pixels?: Float64Array;

  constructor(o: HpxGeomOptions) {
    nsideToOrder(o.nside);
    this.nside = o.nside;
    this.nest = o.nest ?? true;
    this.frame = o.frame ?? "icrs";
    this.axes = new MapAxes(o.axes ?? []);
    this.region = o.region;
    if (o.pixels) this.pixels = Float64Array.from(o.pixels).sort();
    else if (o.region) this.pixels = Float64Array.from(regionPixels(o.region, this.nside, this.nest));
  }

  /** A geometry, as Gammapy's `HpxGeom.create`. */
  static create(o: HpxGeomOptions): HpxGeom {
    return new HpxGeom(o);
  }

  /** Whether the geometry covers the whole sky. */
  get isAllsky(): boolean {
    return this.pixels === undefined;
  }

  /** HEALPix order (log2 nside). */
  get order(): number {
    return nsideToOrder(this.nside);
  }

  /** Number of spatial pixels. */
  get npix(): number {
    return this.pixels ? this.pixels.length : nside2npix(this.nside);
  }

  /** Number of spatial bins. */
  get spatialSize(): number {
    return this.npix;
  }

  /** Data shape [axis N-1 bins, ..., axis 0 bins, npix]. */
  get dataShape(): number[] {
    return [...[...this.axes.axes].reverse().map((a) => a.nbin), this.npix];
  }

  /** Total number of bins. */
  get size(): number {
    return this.npix * this.axes.size;
  }

  /** HEALPix index of each spatial pixel (local position -> global index). */
  globalPixels(): Float64Array {
    return (
      this.pixels ??
      cachedDerived(this, "allPixels", () => Float64Array.from({ length: nside2npix(this.nside) }, (_, i) => i))
    );
  }

  /** Local positions (0..npix-1) of global HEALPix indices, -1 for pixels outside a partial sky. */
  localIndex(global: ArrayLike<number>): Int32Array {
    const out = new Int32Array(global.length);
    const px = this.pixels;
    for (let i = 0; i < global.length; i++) {
      const g = global[i];
      if (!px) {
        out[i] = g >= 0 ? g : -1;
        continue;
      }
      let lo = 0;
      let hi = px.length - 1;
      out[i] = -1;
      while (lo <= hi) {
        const mid = (lo + hi) >> 1;
        if (px[mid] === g) {
          out[i] = mid;
          break;
        }
        if (px[mid] < g) lo = mid + 1;
        else hi = mid - 1;
      }
    }
    return out;
  }

  /** Local spatial pixel of sky positions (deg, in `frame`), -1 outside. */
  skyToLocal(lonDeg: ArrayLike<number>, latDeg: ArrayLike<number>, frame: Frame = this.frame): Int32Array {
    const t = frame === this.frame ? { lon: lonDeg, lat: latDeg } : transformArrays(lonDeg, latDeg, frame, this.frame);
    return this.localIndex(lonlatToPix(this.nside, t.lon, t.lat, this.nest));
  }

  /** Pixel-centre coordinates (deg) of the spatial pixels; cached, read-only. */
  pixelCoords(): { lon: Float64Array; lat: Float64Array } {
    return cachedDerived(this.toImage(), "centers", () => pixToLonLat(this.nside, this.globalPixels(), this.nest));
  }

  /** Solid angle of a pixel (sr); all HEALPix pixels have the same area. */
  pixelArea(): number {
    return nside2pixarea(this.nside);
  }

  /** Neighbours (global indices, healpy order, -1 where none) of a global pixel. */
  neighbours(pixel: number): number[] {
    return getAllNeighbours(this.nside, pixel, this.nest);
  }

  /** Global pixels whose centres are within `radiusDeg` of a position (deg, in this frame). */
  queryDisc(lonDeg: number, latDeg: number, radiusDeg: number): number[] {
    return queryDisc(this.nside, (90 - latDeg) * D2R, lonDeg * D2R, radiusDeg * D2R, this.nest);
  }

  /** The geometry without non-spatial axes. */
  toImage(): HpxGeom {
    return this.axes.length === 0 ? this : this.withAxes([]);
  }

  /** A copy with other axes. */
  withAxes(axes: readonly MapAxis[]): HpxGeom {
    return new HpxGeom({
      nside: this.nside,
      nest: this.nest,
      frame: this.frame,
      pixels: this.pixels,
      region: this.region,
      axes,
    });
  }

  /** Discrete cache key: nside, ordering, frame, pixel count and axes. */
  get cacheKey(): string {
    return `hpx|${this.nside}|${this.nest}|${this.frame}|${this.npix}|${this.axes.axes.map((a) => `${a.name}:${a.nodeType}:${a.nbin}`).join(",")}`;
  }

  /** HEALPix geometries have no continuous position: one registry cell. */
  get cacheCell(): { cell: [number, number] } {
    return { cell: [this.pixels ? this.pixels[0] : -1, 0] };
  }

  /** Exact equality of pixelisation, plus Gammapy's axis equality. */
  equals(other: unknown): boolean {
    if (!(other instanceof HpxGeom)) return false;
    if (this.cacheKey !== other.cacheKey || !this.axes.equals(other.axes)) return false;
    if (!this.pixels || !other.pixels) return this.pixels === other.pixels;
    return this.pixels.every((p, i) => p === (other.pixels as Float64Array)[i]);
  }
}

/** Pixels of an HPX_REG region string: `DISK(lon,lat,radius)` (deg; pixel centres inside, as healpy query_disc). */
export function regionPixels(region: string, nside: number, nest: boolean): number[] {
  const m = /^\s*DISK\s*\(\s*([^,]+),\s*([^,]+),\s*([^)]+)\)\s*$/i.exec(region);
  if (!m) throw new ArgumentError(`unsupported HEALPix region '${region}'`, "region", "DISK(lon,lat,radius)");
  const [lon, lat, r] = [Number(m[1]), Number(m[2]), Number(m[3])];
  return queryDisc(nside, (90 - lat) * D2R, lon * D2R, r * D2R, nest);
}

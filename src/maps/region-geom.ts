/**
 * Region geometry (Gammapy's `RegionGeom`): one spatial "pixel" of arbitrary shape (a sky region) with non-spatial
 * axes; the region is projected for containment and area on a TAN WCS of 0.1 deg pixels centred on it, as Gammapy
 * does. Data of a map on it are C-ordered as [axis N-1 ... axis 0, 1, 1].
 */
import type { Frame } from "../coords/frames.js";
import { MapAxes } from "./axes.js";
import type { MapAxis } from "./axis.js";
import type { CacheableGeom } from "./geom-cache.js";
import { pixelScaleAngleAt, regionCenter, regionsContain, type SkyRegion, toDs9 } from "./regions.js";
import { Wcs } from "./wcs/wcs.js";

const D2R = Math.PI / 180;

/** An immutable region geometry. */
export class RegionGeom implements CacheableGeom {
  readonly region: SkyRegion;
  readonly axes: MapAxes;
  /** Projection used for containment and area. */
  readonly wcs: Wcs;

  constructor(region: SkyRegion, axes: MapAxes | readonly MapAxis[] = [], wcs?: Wcs, binszWcsDeg = 0.1) {
    this.region = region;
    this.axes = axes instanceof MapAxes ? axes : new MapAxes(axes);
    const c = regionCenter(region);
    this.wcs =
      wcs ??
      Wcs.create({
        lonDeg: c.lon,
        latDeg: c.lat,
        binszDeg: binszWcsDeg,
        npix: [3600, 1800],
        proj: "TAN",
        frame: c.frame,
      });
  }

  /** Frame of the region centre. */
  get frame(): Frame {
    return regionCenter(this.region).frame;
  }

  /** Centre of the region. */
  get centerSkydir(): { lon: number; lat: number; frame: Frame } {
    return regionCenter(this.region);
  }

  /** Data shape [axis N-1 bins, ..., axis 0 bins, 1, 1]. */
  get dataShape(): number[] {
    return [...[...this.axes.axes].reverse().map((a) => a.nbin), 1, 1];
  }

  /** One spatial bin: the region. */
  get spatialSize(): number {
    return 1;
  }

  /** Number of bins. */
  get size(): number {
    return this.axes.size;
  }

  /** The same region with other axes. */
  withAxes(axes: MapAxes | readonly MapAxis[]): RegionGeom {
    return new RegionGeom(this.region, axes, this.wcs);
  }

  /** Which sky positions (deg, in `frame`) lie in the region (0/1 mask). */
  contains(lonDeg: ArrayLike<number>, latDeg: ArrayLike<number>, frame: Frame = this.frame): Uint8Array {
    return regionsContain([this.region], lonDeg, latDeg, frame, this.wcs);
  }

  /** Solid angle of the region (sr): its area on the projection plane times the pixel area, as Gammapy. */
  solidAngle(): number {
    const r = this.region;
    const [sx, sy] = [Math.abs(this.wcs.params.cdelt[0]), Math.abs(this.wcs.params.cdelt[1])];
    // area in pixels: the region's sizes are converted with the local pixel scale (regions' to_pixel)
    const scale = pixelScaleAngleAt(regionCenter(r), this.wcs).scale;
    let areaPix: number;
    switch (r.kind) {
      case "circle":
        areaPix = Math.PI * (r.radius / scale) ** 2;
        break;
      case "annulus":
        areaPix = Math.PI * ((r.outer / scale) ** 2 - (r.inner / scale) ** 2);
        break;
      case "ellipse":
        areaPix = (Math.PI * (r.width / scale) * (r.height / scale)) / 4;
        break;
      case "rectangle":
        areaPix = (r.width / scale) * (r.height / scale);
        break;
      case "point":
        areaPix = 0;
        break;
      default: {
        const pts = this.wcs.worldToPix(
          r.vertices.map((v) => v.lon),
          r.vertices.map((v) => v.lat),
        ); // polygon vertices are taken in the WCS frame
        let a = 0;
        for (let i = 0, j = pts.x.length - 1; i < pts.x.length; j = i++) a += pts.x[j] * pts.y[i] - pts.x[i] * pts.y[j];
        areaPix = Math.abs(a) / 2;
      }
    }
    return areaPix * sx * sy * D2R * D2R;
  }

  /** DS9 text of the region. */
  toDs9(): string {
    return toDs9([this.region]);
  }

  /** Discrete-property cache key. */
  get cacheKey(): string {
    return `region|${this.region.kind}|${this.frame}|${this.axes.axes.map((a) => `${a.name}:${a.nodeType}:${a.nbin}`).join(",")}`;
  }

  /** Registry cell of the region centre (1e-9 deg cells). */
  get cacheCell(): { cell: [number, number]; wrap: number } {
    const c = this.centerSkydir;
    const size = 1e-9;
    return {
      cell: [Math.floor((((c.lon % 360) + 360) % 360) / size), Math.floor(c.lat / size)],
      wrap: Math.ceil(360 / size),
    };
  }

  /** Equality: same region (parameters within 1e-10 deg) and equal axes. */
  equals(other: unknown): boolean {
    if (!(other instanceof RegionGeom)) return false;
    return (
      this.axes.equals(other.axes) &&
      JSON.stringify(roundRegion(this.region)) === JSON.stringify(roundRegion(other.region))
    );
  }
}

function roundRegion(r: SkyRegion): unknown {
  return JSON.parse(JSON.stringify(r, (_k, v) => (typeof v === "number" ? Math.round(v * 1e10) / 1e10 : v)));
}

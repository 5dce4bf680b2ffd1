/**
 * WCS map geometry (Gammapy's `WcsGeom`): a celestial WCS, the image size in pixels and non-spatial axes. Immutable.
 * Data of a map on this geometry is C-ordered as [axis N-1 ... axis 0, lat (y), lon (x)], as Gammapy stores it.
 *
 * Equality: same projection, frame, image size and axes (axis edges within rtol = atol = 1e-6, as Gammapy), and WCS
 * parameters within a relative tolerance of 1e-6 (reference pixel in pixels, reference value and scale relative to
 * the pixel size). Derived arrays (pixel-centre coordinates, solid angles, separations) are computed once per set of
 * equal live geometries (see `geom-cache.ts`).
 */
import { type Frame, positionAngleDeg, separationDeg, separationsDeg, transformArrays } from "../coords/frames.js";
import { ArgumentError } from "../util/errors.js";
import { MapAxes } from "./axes.js";
import type { MapAxis } from "./axis.js";
import { type CacheableGeom, cachedDerived } from "./geom-cache.js";
import { Wcs } from "./wcs/wcs.js";

const D2R = Math.PI / 180;

/** numpy's `rint`: round half to even. */
export function rint(v: number): number {
  const r = Math.round(v);
  return Math.abs(v % 1) === 0.5 && r % 2 !== 0 ? r - 1 : r;
}

/** Options of `WcsGeom.create`. */
export interface WcsGeomCreateOptions {
  /** Map centre longitude and latitude (deg) in `frame`. */
  readonly lonDeg?: number;
  readonly latDeg?: number;
  readonly frame?: Frame;
  /** Pixel size (deg), one value or (lon, lat). */
  readonly binszDeg: number | readonly [number, number];
  /** Image width (deg), one value or (lon, lat); or give `npix`. */
  readonly widthDeg?: number | readonly [number, number];
  readonly npix?: readonly [number, number];
  readonly proj?: string;
  readonly axes?: readonly MapAxis[];
  /** Reference pixel (1-based); default the image centre. */
  readonly refpix?: readonly [number, number];
}

/** An immutable WCS geometry with non-spatial axes. */
export class WcsGeom implements CacheableGeom {
  readonly wcs: Wcs;
  /** Image size in pixels (lon, lat). */
  readonly npix: readonly [number, number];
  readonly axes: MapAxes;

  constructor(wcs: Wcs, npix: readonly [number, number], axes: MapAxes | readonly MapAxis[] = []) {
    if (!(npix[0] >= 1 && npix[1] >= 1) || !Number.isInteger(npix[0]) || !Number.isInteger(npix[1])) {
      throw new ArgumentError(`invalid image size ${npix.join("x")}`, "npix", "positive integers");
    }
    this.wcs = wcs;
    this.npix = [npix[0], npix[1]];
    this.axes = axes instanceof MapAxes ? axes : new MapAxes(axes);
  }

  /** A geometry as Gammapy's `WcsGeom.create`: centred on a position, with a pixel size and width (or npix). */
  static create(o: WcsGeomCreateOptions): WcsGeom {
    const [bx, by] = typeof o.binszDeg === "number" ? [o.binszDeg, o.binszDeg] : o.binszDeg;
    let npix = o.npix;
    if (!npix) {
      const w = o.widthDeg ?? [360, 180];
      const [wx, wy] = typeof w === "number" ? [w, w] : w;
      npix = [rint(wx / bx), rint(wy / by)];
    }
    const wcs = Wcs.create({
      lonDeg: o.lonDeg ?? 0,
      latDeg: o.latDeg ?? 0,
      binszDeg: [bx, by],
      npix,
      proj: o.proj ?? "CAR",
      frame: o.frame ?? "icrs",
      refpix: o.refpix,
    });
    return new WcsGeom(wcs, npix, o.axes ?? []);
  }

  /** Celestial frame. */
  get frame(): Frame {
    return this.wcs.frame;
  }

  /** Projection code. */
  get projection(): string {
    return this.wcs.params.proj;
  }

  /** Data shape: [axis N-1 bins, ..., axis 0 bins, ny, nx]. */
  get dataShape(): number[] {
    return [...[...this.axes.axes].reverse().map((a) => a.nbin), this.npix[1], this.npix[0]];
  }

  /** Number of pixels of the image (nx * ny). */
  get imageSize(): number {
    return this.npix[0] * this.npix[1];
  }

  /** Number of spatial bins (the image pixels). */
  get spatialSize(): number {
    return this.imageSize;
  }

  /** Total number of bins. */
  get size(): number {
    return this.imageSize * this.axes.size;
  }

  /** Whether the geometry has no non-spatial axes. */
  get isImage(): boolean {
    return this.axes.length === 0;
  }

  /** Pixel size (deg) along lon and lat (absolute CDELT). */
  get pixelScales(): [number, number] {
    return [Math.abs(this.wcs.params.cdelt[0]), Math.abs(this.wcs.params.cdelt[1])];
  }

  /** Image width (deg) along lon and lat. */
  get widthDeg(): [number, number] {
    const [sx, sy] = this.pixelScales;
    return [sx * this.npix[0], sy * this.npix[1]];
  }

  /** Pixel coordinate of the image centre (0-based). */
  get centerPix(): [number, number] {
    return [(this.npix[0] - 1) / 2, (this.npix[1] - 1) / 2];
  }

  /** Sky position (deg, in `frame`) of the image centre. */
  get centerSkydir(): { lon: number; lat: number; frame: Frame } {
    const [x, y] = this.centerPix;
    const w = this.wcs.pixToWorld([x], [y]);
    return { lon: w.lon[0], lat: w.lat[0], frame: this.frame };
  }

  /** The geometry without non-spatial axes. */
  toImage(): WcsGeom {
    return this.isImage ? this : new WcsGeom(this.wcs, this.npix);
  }

  /** The image geometry with the given axes. */
  toCube(axes: readonly MapAxis[]): WcsGeom {
    return new WcsGeom(this.wcs, this.npix, [...this.axes.axes, ...axes]);
  }

  /** A copy with other axes. */
  withAxes(axes: MapAxes | readonly MapAxis[]): WcsGeom {
    return new WcsGeom(this.wcs, this.npix, axes);
  }

  /** Discrete-property cache key (equal geometries share it). */
  get cacheKey(): string {
    return `wcs|${this.projection}|${this.frame}|${this.npix.join("x")}|${this.axes.axes.map((a) => `${a.name}:${a.nodeType}:${a.nbin}`).join(",")}`;
  }

  /** Registry cell of the reference position (cells of 1e-5 pixel sizes, larger than the equality tolerance). */
  get cacheCell(): { cell: [number, number]; wrap: number } {
    const size = 1e-5 * Math.min(...this.pixelScales);
    const lon = ((this.wcs.params.crval[0] % 360) + 360) % 360;
    return { cell: [Math.floor(lon / size), Math.floor(this.wcs.params.crval[1] / size)], wrap: Math.ceil(360 / size) };
  }

  /** Tolerant equality, documented above. */
  equals(other: unknown): boolean {
    if (!(other instanceof WcsGeom)) return false;
    if (other === this) return true;
    if (this.cacheKey !== other.cacheKey) return false;
    if (!this.axes.equals(other.axes)) return false;
    return wcsClose(this.wcs, other.wcs, this.pixelScales);
  }

  /** Pixel-centre coordinates of the image (deg, C order [ny][nx]); cached, read-only. */
  imageCoords(): { lon: Float64Array; lat: Float64Array } {
    return cachedDerived(this.toImage(), "centers", () => {
      const [nx, ny] = this.npix;
      const x = new Float64Array(nx * ny);
      const y = new Float64Array(nx * ny);
      for (let j = 0; j < ny; j++) {
        for (let i = 0; i < nx; i++) {
          x[j * nx + i] = i;
          y[j * nx + i] = j;
        }
      }
      return this.wcs.pixToWorld(x, y);
    });
  }

  /**
   * Solid angle (sr) of each image pixel, C order [ny][nx], as Gammapy computes it from the pixel corners (two planar
   * triangles with spherical side lengths). Cached, read-only.
   */
  solidAngle(): Float64Array {
    return cachedDerived(this.toImage(), "solidAngle", () => {
      const [nx, ny] = this.npix;
      const ex = new Float64Array((nx + 1) * (ny + 1));
      const ey = new Float64Array((nx + 1) * (ny + 1));
      for (let j = 0; j <= ny; j++) {
        for (let i = 0; i <= nx; i++) {
          ex[j * (nx + 1) + i] = i - 0.5;
          ey[j * (nx + 1) + i] = j - 0.5;
        }
      }
      const { lon, lat } = this.wcs.pixToWorld(ex, ey);
      const out = new Float64Array(nx * ny);
      const at = (i: number, j: number) => j * (nx + 1) + i;
      for (let j = 0; j < ny; j++) {
        for (let i = 0; i < nx; i++) {
          // Gammapy's corner naming (its "right" runs along the latitude axis): low-left (i, j), low-right (i, j+1),
          // up-left (i+1, j), up-right (i+1, j+1)
          const ll = at(i, j);
          const lr = at(i, j + 1);
          const ul = at(i + 1, j);
          const ur = at(i + 1, j + 1);
          const low = separationDeg(lon[ll], lat[ll], lon[lr], lat[lr]);
          const left = separationDeg(lon[ll], lat[ll], lon[ul], lat[ul]);
          const up = separationDeg(lon[ul], lat[ul], lon[ur], lat[ur]);
          const right = separationDeg(lon[lr], lat[lr], lon[ur], lat[ur]);
          const aLowRight =
            positionAngleDeg(lon[lr], lat[lr], lon[ur], lat[ur]) - positionAngleDeg(lon[lr], lat[lr], lon[ll], lat[ll]);
          const aUpLeft =
            positionAngleDeg(lon[ul], lat[ul], lon[ur], lat[ur]) - positionAngleDeg(lon[ll], lat[ll], lon[ul], lat[ul]);
          const area = 0.5 * low * right * Math.sin(aLowRight * D2R) + 0.5 * up * left * Math.sin(aUpLeft * D2R);
          out[j * nx + i] = Math.abs(area) * D2R * D2R;
        }
      }
      return out;
    });
  }

  /** Angular distance (deg) of each image pixel centre from a position (in `frame`); cached per position. */
  separation(lonDeg: number, latDeg: number): Float64Array {
    return cachedDerived(this.toImage(), `separation:${lonDeg}:${latDeg}`, () => {
      const { lon, lat } = this.imageCoords();
      return separationsDeg(lon, lat, lonDeg, latDeg);
    });
  }

  /**
   * Spatial pixel coordinates (0-based) of sky positions given in `frame` (default: the geometry's frame).
   */
  skyToPix(
    lonDeg: ArrayLike<number>,
    latDeg: ArrayLike<number>,
    frame: Frame = this.frame,
  ): { x: Float64Array; y: Float64Array } {
    if (frame !== this.frame) {
      const t = transformArrays(lonDeg, latDeg, frame, this.frame);
      return this.wcs.worldToPix(t.lon, t.lat);
    }
    return this.wcs.worldToPix(lonDeg, latDeg);
  }

  /**
   * Flat data indices (into the C-ordered data) of coordinates: sky positions plus one coordinate array per axis,
   * rounded to the nearest pixel like Gammapy (`rint`), -1 where outside the geometry.
   */
  coordToIndex(
    lonDeg: ArrayLike<number>,
    latDeg: ArrayLike<number>,
    axisCoords: readonly ArrayLike<number>[] = [],
    frame: Frame = this.frame,
  ): Int32Array {
    const n = lonDeg.length;
    const { x, y } = this.skyToPix(lonDeg, latDeg, frame);
    const [nx, ny] = this.npix;
    const out = new Int32Array(n);
    const axes = this.axes.axes;
    if (axisCoords.length !== axes.length)
      throw new ArgumentError(`need ${axes.length} axis coordinate arrays, got ${axisCoords.length}`);
    const axisPix = axes.map((a, k) => a.coordToPix(axisCoords[k]));
    // axis k has stride imageSize * product of the bins of axes 0..k-1 (data order is reversed axes)
    const strides: number[] = [];
    let s = nx * ny;
    for (const a of axes) {
      strides.push(s);
      s *= a.nbin;
    }
    for (let i = 0; i < n; i++) {
      const ix = rint(x[i]);
      const iy = rint(y[i]);
      if (!(ix >= 0 && ix < nx && iy >= 0 && iy < ny)) {
        out[i] = -1;
        continue;
      }
      let idx = iy * nx + ix;
      let ok = true;
      for (let k = 0; k < axes.length; k++) {
        const p = rint(axisPix[k][i]);
        if (!(p >= 0 && p < axes[k].nbin)) {
          ok = false;
          break;
        }
        idx += p * strides[k];
      }
      out[i] = ok ? idx : -1;
    }
    return out;
  }

  /**
   * A cutout around a position (deg, in `frame`) of a given width (deg; lon, lat), like Gammapy's `cutout` with
   * astropy's Cutout2D in "trim" mode: size rounded to whole pixels (or up to an odd number with `oddNpix`), trimmed at
   * the image edges.
   */
  cutout(lonDeg: number, latDeg: number, widthDeg: number | readonly [number, number], oddNpix = false): WcsGeom {
    const [wx, wy] = typeof widthDeg === "number" ? [widthDeg, widthDeg] : widthDeg;
    const [sx, sy] = this.pixelScales;
    const size = (w: number) => (oddNpix ? Math.floor(Math.ceil(Math.max(1, w)) / 2) * 2 + 1 : rint(Math.max(1, w)));
    const shape = [size(wy / sy), size(wx / sx)]; // (ny, nx)
    const { x, y } = this.skyToPix([lonDeg], [latDeg]);
    const pos = [y[0], x[0]];
    const large = [this.npix[1], this.npix[0]];
    const lo = pos.map((p, k) => Math.ceil(p - shape[k] / 2));
    const hi = pos.map((p, k) => Math.ceil(p + shape[k] / 2));
    if (hi.some((h) => h < 0) || lo.some((l, k) => l >= large[k]))
      throw new ArgumentError("cutout does not overlap the geometry");
    const start = lo.map((l) => Math.max(0, l));
    const stop = hi.map((h, k) => Math.min(large[k], h));
    const p = this.wcs.params;
    const wcs = new Wcs({ ...p, crpix: [p.crpix[0] - start[1], p.crpix[1] - start[0]] });
    return new WcsGeom(wcs, [stop[1] - start[1], stop[0] - start[0]], this.axes);
  }

  /** The geometry padded by `pad` pixels on each side of the image (Gammapy's spatial `pad`). */
  pad(pad: number): WcsGeom {
    const p = this.wcs.params;
    const wcs = new Wcs({ ...p, crpix: [p.crpix[0] + pad, p.crpix[1] + pad] });
    return new WcsGeom(wcs, [this.npix[0] + 2 * pad, this.npix[1] + 2 * pad], this.axes);
  }

  /** Finer pixels: the image resampled by an integer factor (Gammapy's `upsample` without axis name). */
  upsample(factor: number): WcsGeom {
    return this.resampled(factor, false);
  }

  /** Coarser pixels: the image resampled by an integer factor dividing npix (Gammapy's `downsample`). */
  downsample(factor: number): WcsGeom {
    if (this.npix[0] % factor || this.npix[1] % factor) {
      throw new ArgumentError(`image size ${this.npix.join("x")} not divisible by ${factor}`, "factor");
    }
    return this.resampled(factor, true);
  }

  private resampled(factor: number, down: boolean): WcsGeom {
    const p = this.wcs.params;
    // astropy's get_resampled_wcs: CDELT scaled, CRPIX mapped so that pixel edges stay aligned
    const f = down ? factor : 1 / factor;
    const crpix: [number, number] = [(p.crpix[0] - 0.5) / f + 0.5, (p.crpix[1] - 0.5) / f + 0.5];
    const wcs = new Wcs({
      ...p,
      crpix,
      cdelt: [p.cdelt[0] * f, p.cdelt[1] * f],
      cd: p.cd?.map((v) => v * f) as typeof p.cd,
    });
    const npix: [number, number] = down
      ? [this.npix[0] / factor, this.npix[1] / factor]
      : [this.npix[0] * factor, this.npix[1] * factor];
    return new WcsGeom(wcs, npix, this.axes);
  }
}

function wcsClose(a: Wcs, b: Wcs, scales: [number, number]): boolean {
  const pa = a.params;
  const pb = b.params;
  const rel = 1e-6;
  const pixTol = rel;
  const degTol = rel * Math.min(scales[0], scales[1]);
  const close = (x: number, y: number, tol: number) => Math.abs(x - y) <= tol;
  const lonDiff = Math.abs(((pa.crval[0] - pb.crval[0] + 540) % 360) - 180);
  return (
    a.projection.code === b.projection.code &&
    pa.frame === pb.frame &&
    close(pa.crpix[0], pb.crpix[0], pixTol) &&
    close(pa.crpix[1], pb.crpix[1], pixTol) &&
    lonDiff <= degTol &&
    close(pa.crval[1], pb.crval[1], degTol) &&
    close(pa.cdelt[0], pb.cdelt[0], rel * Math.abs(pa.cdelt[0])) &&
    close(pa.cdelt[1], pb.cdelt[1], rel * Math.abs(pa.cdelt[1])) &&
    a.isClose(b, 1e-6)
  );
}

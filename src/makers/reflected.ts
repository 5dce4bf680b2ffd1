/**
 * OFF regions for 1D analyses: `ReflectedRegionsFinder` (copies of the ON region rotated about the pointing position
 * on a TAN pixel grid, avoiding excluded pixels, as Gammapy) and `WobbleRegionsFinder` (a fixed number of regions
 * evenly spaced in angle), and the background maker that fills OFF counts from them.
 */
import type { Frame } from "../coords/frames.js";
import { separationDeg, transformArrays } from "../coords/frames.js";
import type { Observation } from "../data/observation.js";
import type { SpectrumDataset } from "../datasets/spectrum-dataset.js";
import type { RadMax2D } from "../irf/rad-max.js";
import type { MapAxis } from "../maps/axis.js";
import { pixelScaleAngleAt, regionCenter, regionsContain, type SkyRegion } from "../maps/regions.js";
import type { Wcs } from "../maps/wcs/wcs.js";
import { WcsGeom } from "../maps/wcs-geom.js";
import type { WcsNDMap } from "../maps/wcs-map.js";
import { ArgumentError, GammatsError } from "../util/errors.js";
import type { WarningSink } from "../util/warnings.js";
import { histogramEnergy } from "./spectrum.js";

/** A sky position (deg) with its frame. */
export interface SkyPosition {
  readonly lon: number;
  readonly lat: number;
  readonly frame: Frame;
}

/** Options of `findReflectedRegions` (angles in rad, as Gammapy's defaults). */
export interface ReflectedRegionsOptions {
  readonly angleIncrementRad?: number;
  readonly minDistanceRad?: number;
  readonly minDistanceInputRad?: number;
  readonly maxRegionNumber?: number;
  /** Pixel size of the reference grid (deg). */
  readonly binszDeg?: number;
  /** Exclusion mask (1 = allowed, 0 = excluded), on any WCS geometry. */
  readonly exclusionMask?: WcsNDMap;
  /** Receives OVERLAPPING_OFF_REGIONS when OFF regions are dropped. */
  readonly warn?: WarningSink;
}

/** The found OFF regions and the WCS on which they were built (and on which containment is decided). */
export interface OffRegions {
  readonly regions: SkyRegion[];
  readonly wcs: Wcs;
}

function referenceGeom(region: SkyRegion, center: SkyPosition, binszDeg: number): WcsGeom {
  const c = regionCenter(region);
  const [lon, lat] = toFrame(center, c.frame);
  const width = 4 * separationDeg(c.lon, c.lat, lon, lat) + 0.3;
  return WcsGeom.create({ lonDeg: lon, latDeg: lat, frame: c.frame, binszDeg, widthDeg: width, proj: "TAN" });
}

function toFrame(p: SkyPosition, frame: Frame): [number, number] {
  const t = transformArrays([p.lon], [p.lat], p.frame, frame);
  return [t.lon[0], t.lat[0]];
}

/** Pixel coordinates (x, y) of the excluded pixels of the reference grid. */
function excludedPixels(geom: WcsGeom, mask: WcsNDMap | undefined): { x: Int32Array; y: Int32Array } {
  if (!mask) return { x: new Int32Array(0), y: new Int32Array(0) };
  const [nx, ny] = geom.npix;
  const xs: number[] = [];
  const ys: number[] = [];
  const lon = new Float64Array(nx * ny);
  const lat = new Float64Array(nx * ny);
  const px = new Float64Array(nx * ny);
  const py = new Float64Array(nx * ny);
  for (let j = 0; j < ny; j++)
    for (let i = 0; i < nx; i++) {
      px[j * nx + i] = i;
      py[j * nx + i] = j;
    }
  const world = geom.wcs.pixToWorld(px, py);
  lon.set(world.lon);
  lat.set(world.lat);
  const values = mask.getByCoord(lon, lat, [], geom.frame);
  for (let k = 0; k < values.length; k++) {
    // outside the mask's footprint counts as allowed (Gammapy interpolates with fill_value=True)
    if (values[k] === 0) {
      xs.push(px[k]);
      ys.push(py[k]);
    }
  }
  return { x: Int32Array.from(xs), y: Int32Array.from(ys) };
}

/**
 * Angular extent (rad) of a circular region seen from a pixel, from the grid pixels whose centres it contains (only
 * the pixels of the region's bounding box are tested).
 */
function regionAngularSize(region: SkyRegion & { kind: "circle" }, geom: WcsGeom, cx: number, cy: number): number {
  const [nx, ny] = geom.npix;
  const on = pixelScaleAngleAt(region.center, geom.wcs);
  const r = region.radius / on.scale + 2;
  const x0 = Math.max(0, Math.floor(on.x - r));
  const x1 = Math.min(nx - 1, Math.ceil(on.x + r));
  const y0 = Math.max(0, Math.floor(on.y - r));
  const y1 = Math.min(ny - 1, Math.ceil(on.y + r));
  const w = Math.max(0, x1 - x0 + 1);
  const h = Math.max(0, y1 - y0 + 1);
  const px = new Float64Array(w * h);
  const py = new Float64Array(w * h);
  for (let j = 0; j < h; j++)
    for (let i = 0; i < w; i++) {
      px[j * w + i] = x0 + i;
      py[j * w + i] = y0 + j;
    }
  const world = geom.wcs.pixToWorld(px, py);
  const inside = regionsContain([region], world.lon, world.lat, geom.frame, geom.wcs);
  let min = Number.POSITIVE_INFINITY;
  let max = Number.NEGATIVE_INFINITY;
  let minW = Number.POSITIVE_INFINITY;
  let maxW = Number.NEGATIVE_INFINITY;
  for (let k = 0; k < inside.length; k++) {
    if (!inside[k]) continue;
    const a = Math.atan2(cx - px[k], cy - py[k]);
    const wrapped = a < 0 ? a + 2 * Math.PI : a;
    min = Math.min(min, a);
    max = Math.max(max, a);
    minW = Math.min(minW, wrapped);
    maxW = Math.max(maxW, wrapped);
  }
  if (!Number.isFinite(min))
    throw new ArgumentError("the ON region contains no pixel of the reference grid", "region", "a larger region");
  const size = max - min;
  return size > Math.PI ? maxW - minW : size;
}

/** The pixel frame OFF regions are built on: reference grid, rotation centre, the ON region's pixel position. */
interface RotationFrame {
  readonly geom: WcsGeom;
  readonly cx: number;
  readonly cy: number;
  readonly on: { x: number; y: number; scale: number };
  readonly excluded: { x: Int32Array; y: Int32Array };
}

function rotationFrame(region: SkyRegion, center: SkyPosition, binszDeg: number, mask?: WcsNDMap): RotationFrame {
  const geom = referenceGeom(region, center, binszDeg);
  const [clon, clat] = toFrame(center, geom.frame);
  const cpix = geom.wcs.worldToPix([clon], [clat]);
  return {
    geom,
    cx: cpix.x[0],
    cy: cpix.y[0],
    on: pixelScaleAngleAt(regionCenter(region), geom.wcs),
    excluded: excludedPixels(geom, mask),
  };
}

/** The ON region's pixel centre rotated counter-clockwise by `angle` (rad) about the frame's centre (regions' rotate). */
function rotated(f: RotationFrame, angle: number): [number, number] {
  const c = Math.cos(angle);
  const s = Math.sin(angle);
  const dx = f.on.x - f.cx;
  const dy = f.on.y - f.cy;
  return [f.cx + dx * c - dy * s, f.cy + dx * s + dy * c];
}

/** Whether an excluded pixel lies within `radiusPix` of (x, y). */
function touchesExcluded(f: RotationFrame, x: number, y: number, radiusPix: number): boolean {
  const { x: ex, y: ey } = f.excluded;
  for (let k = 0; k < ex.length; k++) if (Math.hypot(ex[k] - x, ey[k] - y) < radiusPix) return true;
  return false;
}

/** The sky region at pixel (x, y): a point, or a circle whose pixel radius is converted at its own centre (to_sky). */
function skyRegionAt(f: RotationFrame, x: number, y: number, radiusPix?: number): SkyRegion {
  const w = f.geom.wcs.pixToWorld([x], [y]);
  const center = { lon: w.lon[0], lat: w.lat[0], frame: f.geom.frame };
  if (radiusPix === undefined) return { kind: "point", center };
  return { kind: "circle", center, radius: radiusPix * pixelScaleAngleAt(center, f.geom.wcs).scale };
}

/**
 * Reflected OFF regions of a circular ON region about `center` (the pointing), Gammapy's `ReflectedRegionsFinder`:
 * the region is rotated on the pixel plane in steps of its angular size (plus `minDistance`), starting
 * `minDistanceInput` away from the ON region; rotations that touch excluded pixels move on by `angleIncrement`.
 */
export function findReflectedRegions(
  region: SkyRegion,
  center: SkyPosition,
  options: ReflectedRegionsOptions = {},
): OffRegions {
  if (region.kind !== "circle")
    throw new ArgumentError(`reflected regions need a circle, got ${region.kind}`, "region", "a circle region");
  const angleIncrement = options.angleIncrementRad ?? 0.1;
  if (!(angleIncrement > 0)) throw new ArgumentError("angle increment must be positive", "angleIncrementRad");
  const minDistance = options.minDistanceRad ?? 0;
  const minDistanceInput = options.minDistanceInputRad ?? 0.1;
  const maxRegions = options.maxRegionNumber ?? 10000;
  const f = rotationFrame(region, center, options.binszDeg ?? 0.01, options.exclusionMask);
  const radiusPix = region.radius / f.on.scale;
  const angleMin = regionAngularSize(region, f.geom, f.cx, f.cy) + minDistance;
  const angleMax = 2 * Math.PI - angleMin - minDistanceInput;
  const regions: SkyRegion[] = [];
  let angle = angleMin + minDistanceInput;
  while (angle < angleMax) {
    const [x, y] = rotated(f, angle);
    if (touchesExcluded(f, x, y, radiusPix)) {
      angle += angleIncrement;
      continue;
    }
    regions.push(skyRegionAt(f, x, y, radiusPix));
    if (regions.length >= maxRegions) break;
    angle += angleMin;
  }
  return { regions, wcs: f.geom.wcs };
}

/**
 * Wobble OFF regions (Gammapy's `WobbleRegionsFinder`): `nOffRegions` copies of a circular ON region rotated about
 * `center` by 2 pi i / (n + 1), i = 1..n, on a TAN pixel grid; regions touching excluded pixels are dropped, and if any
 * two overlap (a pixel centre in both) none is returned.
 */
export function findWobbleRegions(
  region: SkyRegion,
  center: SkyPosition,
  nOffRegions: number,
  options: { binszDeg?: number; exclusionMask?: WcsNDMap; warn?: WarningSink } = {},
): OffRegions {
  if (region.kind !== "circle" && region.kind !== "point")
    throw new ArgumentError(
      `wobble regions need a circle or a point, got ${region.kind}`,
      "region",
      "a circle or point",
    );
  const f = rotationFrame(region, center, options.binszDeg ?? 0.01, options.exclusionMask);
  // a point is excluded when an excluded pixel is within one pixel of it (Gammapy); its overlaps are checked later
  // against RAD_MAX (see makeReflectedBackground)
  const isPoint = region.kind === "point";
  const radiusPix = isPoint ? 1 : region.radius / f.on.scale;
  const centers: Array<[number, number]> = [];
  for (let i = 1; i <= nOffRegions; i++) {
    const [x, y] = rotated(f, (2 * Math.PI * i) / (nOffRegions + 1));
    if (!touchesExcluded(f, x, y, radiusPix)) centers.push([x, y]);
  }
  if (!isPoint && circlesShareAPixel(centers, radiusPix, f.geom.npix)) {
    options.warn?.({
      code: "OVERLAPPING_OFF_REGIONS",
      path: {},
      message: "found overlapping off regions, returning none",
    });
    return { regions: [], wcs: f.geom.wcs };
  }
  return { regions: centers.map(([x, y]) => skyRegionAt(f, x, y, isPoint ? undefined : radiusPix)), wcs: f.geom.wcs };
}

/** Whether a pixel centre of the grid lies in two of the pixel circles (Gammapy's `_are_regions_overlapping`). */
function circlesShareAPixel(
  centers: ReadonlyArray<[number, number]>,
  radiusPix: number,
  npix: readonly [number, number],
) {
  const [nx, ny] = npix;
  for (let a = 0; a < centers.length; a++)
    for (let b = a + 1; b < centers.length; b++) {
      // only the pixels of circle a's bounding box can be in both
      const [xa, ya] = centers[a];
      for (let j = Math.max(0, Math.floor(ya - radiusPix)); j <= Math.min(ny - 1, Math.ceil(ya + radiusPix)); j++)
        for (let i = Math.max(0, Math.floor(xa - radiusPix)); i <= Math.min(nx - 1, Math.ceil(xa + radiusPix)); i++)
          if (Math.hypot(i - xa, j - ya) < radiusPix && Math.hypot(i - centers[b][0], j - centers[b][1]) < radiusPix)
            return true;
    }
  return false;
}

/**
 * Whether point ON/OFF regions overlap given RAD_MAX (Gammapy's `are_regions_overlapping_rad_max`): any pair closer
 * than twice the RAD_MAX at the ON region's offset, over the RAD_MAX energy bins that touch the analysis range.
 */
function regionsOverlapRadMax(
  on: SkyRegion,
  offRegions: readonly SkyRegion[],
  radMax: RadMax2D,
  pointing: SkyPosition,
  energyAxis: MapAxis,
): boolean {
  const centers = [on, ...offRegions].map(regionCenter);
  const c0 = centers[0];
  const offset = separationDeg(c0.lon, c0.lat, pointing.lon, pointing.lat);
  const eAxis = radMax.axes.get("energy");
  const values = radMax.evaluate({ energy: eAxis.center, offset });
  const [eMin, eMax] = energyAxis.bounds;
  let maxRad = 0;
  for (let k = 0; k < values.length; k++)
    if (eAxis.edgesMax[k] >= eMin && eAxis.edgesMin[k] <= eMax) maxRad = Math.max(maxRad, values[k]);
  for (let a = 0; a < centers.length; a++)
    for (let b = a + 1; b < centers.length; b++)
      if (separationDeg(centers[a].lon, centers[a].lat, centers[b].lon, centers[b].lat) < 2 * maxRad) return true;
  return false;
}

/**
 * Reflected-regions background (Gammapy's `ReflectedRegionsBackgroundMaker`): OFF counts from the events in the
 * reflected (or, with `wobbleOffRegions`, wobble) regions of the dataset's ON region, acceptance 1 and OFF acceptance = number of regions. When no region is
 * found, the dataset's safe mask is set to all zero (as Gammapy).
 */
export function makeReflectedBackground(
  dataset: SpectrumDataset,
  observation: Observation,
  options: ReflectedRegionsOptions & { readonly wobbleOffRegions?: number } = {},
): { dataset: SpectrumDataset; offRegions: OffRegions } {
  const p = observation.pointing;
  if (p.raDeg === undefined || p.decDeg === undefined)
    throw new ArgumentError(`observation ${observation.obsId} has no RA/Dec pointing`, "pointing", "RA_PNT, DEC_PNT");
  const pointing: SkyPosition = { lon: p.raDeg, lat: p.decDeg, frame: "icrs" };
  const onRegion = dataset.requireGeom().region;
  let off = options.wobbleOffRegions
    ? findWobbleRegions(onRegion, pointing, options.wobbleOffRegions, options)
    : findReflectedRegions(onRegion, pointing, options);
  const out = dataset.copy();
  const n = dataset.energyAxis.nbin;
  const isPoint = onRegion.kind === "point";
  const radMax = observation.radMax;
  if (isPoint) {
    if (!radMax)
      throw new GammatsError(
        "MISSING_IRF",
        "a point ON region needs RAD_MAX_2D",
        { file: `obs ${observation.obsId}` },
        "RAD_MAX_2D",
      );
    if (off.regions.length && regionsOverlapRadMax(onRegion, off.regions, radMax, pointing, dataset.energyAxis)) {
      options.warn?.({
        code: "OVERLAPPING_OFF_REGIONS",
        path: {},
        message: "found overlapping on/off regions, choose less off regions",
      });
      off = { regions: [], wcs: off.wcs };
    }
  }
  if (off.regions.length === 0) {
    out.countsOff = new Float64Array(n);
    out.acceptanceOff = new Float64Array(n);
    out.maskSafe.fill(0);
  } else {
    const ev = observation.events;
    if (isPoint) {
      // each OFF point selects the events within RAD_MAX of it (Gammapy's make_counts_off_rad_max)
      const counts = new Float64Array(n);
      for (const r of off.regions) {
        const c = regionCenter(r);
        const h = histogramEnergy(ev.energyTeV, ev.radMaxMask(radMax!, c.lon, c.lat), dataset.energyAxis);
        for (let i = 0; i < n; i++) counts[i] += h[i];
      }
      out.countsOff = counts;
    } else {
      const inside = regionsContain(off.regions, ev.raDeg, ev.decDeg, "icrs", off.wcs);
      out.countsOff = histogramEnergy(ev.energyTeV, inside, dataset.energyAxis);
    }
    out.acceptanceOff = new Float64Array(n).fill(off.regions.length);
  }
  out.acceptance = new Float64Array(n).fill(1);
  return { dataset: out, offRegions: off };
}

/**
 * Sky regions (circle, ellipse, rectangle/box, circle annulus, polygon) as the astropy `regions` package defines
 * them — containment is decided in the pixel plane of a WCS, after projecting the region with the local pixel scale
 * and north angle at its centre, exactly as Gammapy does through `regions` — and DS9 region strings in and out.
 */
import { type Frame, offsetByDeg, transformArrays } from "../coords/frames.js";
import { ArgumentError, GammatsError } from "../util/errors.js";
import type { Wcs } from "./wcs/wcs.js";

const D2R = Math.PI / 180;

/** A sky position (deg) in a frame. */
export interface SkyPoint {
  readonly lon: number;
  readonly lat: number;
  readonly frame: Frame;
}

/** The supported sky regions. Sizes in deg; `angle` (deg) is measured from the WCS longitude axis, as in `regions`. */
export type SkyRegion =
  | { readonly kind: "circle"; readonly center: SkyPoint; readonly radius: number }
  | {
      readonly kind: "ellipse";
      readonly center: SkyPoint;
      readonly width: number;
      readonly height: number;
      readonly angle: number;
    }
  | {
      readonly kind: "rectangle";
      readonly center: SkyPoint;
      readonly width: number;
      readonly height: number;
      readonly angle: number;
    }
  | { readonly kind: "annulus"; readonly center: SkyPoint; readonly inner: number; readonly outer: number }
  | { readonly kind: "polygon"; readonly vertices: readonly SkyPoint[] }
  /** A point (Gammapy's `PointSkyRegion`, used with point-like IRFs whose RAD_MAX sets the ON size): contains nothing. */
  | { readonly kind: "point"; readonly center: SkyPoint };

/** A region projected on a WCS pixel grid. */
interface PixelRegion {
  contains(x: number, y: number): boolean;
}

/** Pixel position, pixel scale (deg / pixel along north) and north angle (deg) at a sky point (regions' helper). */
export function pixelScaleAngleAt(p: SkyPoint, wcs: Wcs): { x: number; y: number; scale: number; angle: number } {
  const offsetDeg = 1 / 3600;
  const [nlon, nlat] = offsetByDeg(p.lon, p.lat, 0, offsetDeg);
  const pts = toWcsFrame([p.lon, nlon], [p.lat, nlat], p.frame, wcs);
  const pix = wcs.worldToPix(pts.lon, pts.lat);
  const dx = pix.x[1] - pix.x[0];
  const dy = pix.y[1] - pix.y[0];
  return { x: pix.x[0], y: pix.y[0], scale: offsetDeg / Math.hypot(dx, dy), angle: Math.atan2(dy, dx) / D2R };
}

function toWcsFrame(
  lon: ArrayLike<number>,
  lat: ArrayLike<number>,
  frame: Frame,
  wcs: Wcs,
): { lon: Float64Array; lat: Float64Array } {
  return transformArrays(lon, lat, frame, wcs.frame);
}

/** Projects a sky region onto a WCS (regions' `to_pixel`). */
function toPixel(r: SkyRegion, wcs: Wcs): PixelRegion {
  if (r.kind === "polygon") {
    const lon = new Float64Array(r.vertices.length);
    const lat = new Float64Array(r.vertices.length);
    r.vertices.forEach((v, k) => {
      const t = toWcsFrame([v.lon], [v.lat], v.frame, wcs);
      lon[k] = t.lon[0];
      lat[k] = t.lat[0];
    });
    const { x: vx, y: vy } = wcs.worldToPix(lon, lat);
    return { contains: (x, y) => pointInPolygon(x, y, vx, vy) };
  }
  if (r.kind === "point") return { contains: () => false };
  const c = pixelScaleAngleAt(r.center, wcs);
  if (r.kind === "circle") {
    const rad = r.radius / c.scale;
    return { contains: (x, y) => Math.hypot(x - c.x, y - c.y) < rad };
  }
  if (r.kind === "annulus") {
    const inner = r.inner / c.scale;
    const outer = r.outer / c.scale;
    return {
      contains: (x, y) => {
        const d = Math.hypot(x - c.x, y - c.y);
        return d < outer !== d < inner;
      },
    };
  }
  const w = r.width / c.scale;
  const h = r.height / c.scale;
  const angle = (r.angle + (c.angle - 90)) * D2R;
  const ca = Math.cos(angle);
  const sa = Math.sin(angle);
  if (r.kind === "ellipse") {
    return {
      contains: (x, y) => {
        const dx = x - c.x;
        const dy = y - c.y;
        return ((2 * (ca * dx + sa * dy)) / w) ** 2 + ((2 * (sa * dx - ca * dy)) / h) ** 2 <= 1;
      },
    };
  }
  return {
    contains: (x, y) => {
      const dx = x - c.x;
      const dy = y - c.y;
      return Math.abs(ca * dx + sa * dy) < w * 0.5 && Math.abs(sa * dx - ca * dy) < h * 0.5;
    },
  };
}

/** Even-odd ray casting (as regions' `points_in_polygon`). */
function pointInPolygon(x: number, y: number, vx: ArrayLike<number>, vy: ArrayLike<number>): boolean {
  let inside = false;
  for (let i = 0, j = vx.length - 1; i < vx.length; j = i++) {
    if (vy[i] > y !== vy[j] > y && x < ((vx[j] - vx[i]) * (y - vy[i])) / (vy[j] - vy[i]) + vx[i]) inside = !inside;
  }
  return inside;
}

/**
 * Which of the sky positions (deg, in `frame`) lie in any of the regions, decided on the pixel plane of `wcs`
 * (as Gammapy does with `regions`). Returns a 0/1 mask.
 */
export function regionsContain(
  regions: readonly SkyRegion[],
  lon: ArrayLike<number>,
  lat: ArrayLike<number>,
  frame: Frame,
  wcs: Wcs,
): Uint8Array {
  const pts = toWcsFrame(lon, lat, frame, wcs);
  const { x, y } = wcs.worldToPix(pts.lon, pts.lat);
  const pix = regions.map((r) => toPixel(r, wcs));
  const out = new Uint8Array(x.length);
  for (let i = 0; i < x.length; i++) {
    for (const p of pix) {
      if (p.contains(x[i], y[i])) {
        out[i] = 1;
        break;
      }
    }
  }
  return out;
}

/** Centre of a region (the vertex mean for polygons, in the first vertex's frame). */
export function regionCenter(r: SkyRegion): SkyPoint {
  if (r.kind !== "polygon") return r.center;
  const n = r.vertices.length;
  return {
    lon: r.vertices.reduce((s, v) => s + v.lon, 0) / n,
    lat: r.vertices.reduce((s, v) => s + v.lat, 0) / n,
    frame: r.vertices[0].frame,
  };
}

const DS9_FRAMES: Record<string, Frame> = { icrs: "icrs", fk5: "icrs", j2000: "icrs", galactic: "galactic" };

function ds9Number(text: string, path: string): number {
  const m = /^([+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?)\s*(d|r|'|"|)?$/.exec(text.trim());
  if (!m)
    throw new GammatsError(
      "BAD_REGION",
      `cannot parse '${text}'`,
      { key: path },
      "a number with optional unit d, r, ' or \"",
    );
  const v = Number(m[1]);
  switch (m[2]) {
    case "'":
      return v / 60;
    case '"':
      return v / 3600;
    case "r":
      return v / D2R;
    default:
      return v;
  }
}

/**
 * Parses DS9 region text (the subset Gammapy users write): a frame line or prefix (icrs, fk5, galactic) and shapes
 * circle, ellipse (semi-axes), box, annulus (one inner and one outer radius), polygon and point; sizes in degrees unless
 * marked ', " or r. Throws `BAD_REGION` naming the line.
 */
export function parseDs9(text: string): SkyRegion[] {
  let frame: Frame | undefined;
  const out: SkyRegion[] = [];
  const lines = text.split(/[\n;]/).map((l) => l.replace(/#.*$/, "").trim());
  lines.forEach((line, i) => {
    if (!line) return;
    const lower = line.toLowerCase();
    if (lower in DS9_FRAMES) {
      frame = DS9_FRAMES[lower];
      return;
    }
    if (lower.startsWith("global") || lower === "image" || lower === "physical") return;
    const m = /^([+-]?)(\w+)\s*\((.*)\)$/.exec(line);
    if (!m)
      throw new GammatsError("BAD_REGION", `cannot parse DS9 line '${line}'`, { key: `line ${i + 1}` }, "shape(args)");
    if (!frame)
      throw new GammatsError(
        "BAD_REGION",
        "DS9 shape before a coordinate frame",
        { key: `line ${i + 1}` },
        "icrs, fk5 or galactic first",
      );
    const args = m[3].split(",").map((a) => a.trim());
    const num = (k: number) => ds9Number(args[k], `line ${i + 1}`);
    const center = () => ({ lon: num(0), lat: num(1), frame: frame as Frame });
    const shape = m[2].toLowerCase();
    if (shape === "circle") out.push({ kind: "circle", center: center(), radius: num(2) });
    else if (shape === "point") out.push({ kind: "point", center: center() });
    else if (shape === "ellipse")
      out.push({
        kind: "ellipse",
        center: center(),
        width: 2 * num(2),
        height: 2 * num(3),
        angle: args[4] ? num(4) : 0,
      });
    else if (shape === "box")
      out.push({ kind: "rectangle", center: center(), width: num(2), height: num(3), angle: args[4] ? num(4) : 0 });
    else if (shape === "annulus") out.push({ kind: "annulus", center: center(), inner: num(2), outer: num(3) });
    else if (shape === "polygon") {
      const vertices: SkyPoint[] = [];
      for (let k = 0; k + 1 < args.length; k += 2)
        vertices.push({ lon: num(k), lat: num(k + 1), frame: frame as Frame });
      out.push({ kind: "polygon", vertices });
    } else
      throw new GammatsError(
        "BAD_REGION",
        `unsupported DS9 shape '${m[2]}'`,
        { key: `line ${i + 1}` },
        "circle, ellipse, box, annulus, polygon or point",
      );
  });
  return out;
}

const f6 = (v: number) => v.toFixed(6);

/** DS9 text of regions (as the `regions` package writes it). */
export function toDs9(regions: readonly SkyRegion[]): string {
  const lines = ["# Region file format: DS9 gammats"];
  let current: Frame | undefined;
  for (const r of regions) {
    const frame = r.kind === "polygon" ? r.vertices[0].frame : r.center.frame;
    if (frame !== current) {
      lines.push(frame);
      current = frame;
    }
    switch (r.kind) {
      case "circle":
        lines.push(`circle(${f6(r.center.lon)},${f6(r.center.lat)},${f6(r.radius)})`);
        break;
      case "ellipse":
        lines.push(
          `ellipse(${f6(r.center.lon)},${f6(r.center.lat)},${f6(r.width / 2)},${f6(r.height / 2)},${f6(r.angle)})`,
        );
        break;
      case "rectangle":
        lines.push(`box(${f6(r.center.lon)},${f6(r.center.lat)},${f6(r.width)},${f6(r.height)},${f6(r.angle)})`);
        break;
      case "annulus":
        lines.push(`annulus(${f6(r.center.lon)},${f6(r.center.lat)},${f6(r.inner)},${f6(r.outer)})`);
        break;
      case "point":
        lines.push(`point(${f6(r.center.lon)},${f6(r.center.lat)})`);
        break;
      default:
        lines.push(`polygon(${r.vertices.map((v) => `${f6(v.lon)},${f6(v.lat)}`).join(",")})`);
    }
  }
  return `${lines.join("\n")}\n`;
}

/** A circle region. */
export function circle(lonDeg: number, latDeg: number, radiusDeg: number, frame: Frame = "icrs"): SkyRegion {
  if (!(radiusDeg > 0)) throw new ArgumentError("circle radius must be positive", "radius");
  return { kind: "circle", center: { lon: lonDeg, lat: latDeg, frame }, radius: radiusDeg };
}

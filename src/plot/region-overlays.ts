/**
 * Sky regions as overlays of sky images: each region projected on the image's WCS as the `regions` package does for
 * plotting and containment (centre, local pixel scale and north angle at the centre), so that the outline drawn is
 * the area the analysis used. Points become markers.
 */

import { transformArrays } from "../coords/frames.js";
import { pixelScaleAngleAt, type SkyRegion } from "../maps/regions.js";
import type { Wcs } from "../maps/wcs/wcs.js";
import type { SkyOverlay } from "./sky.js";

const D2R = Math.PI / 180;
/** Vertices of a drawn circle or ellipse. */
const CURVE_POINTS = 120;

/** Style of region outlines. */
export interface RegionStyle {
  readonly color?: string;
  readonly lineWidth?: number;
  readonly dash?: string;
  /** Label drawn next to the first region's outline. */
  readonly label?: string;
}

/** An ellipse of semi-axes a, b (pixels) rotated by `angle` (rad) about (cx, cy), as a closed path. */
function ellipsePath(cx: number, cy: number, a: number, b: number, angle: number): { x: number[]; y: number[] } {
  const x: number[] = [];
  const y: number[] = [];
  const ca = Math.cos(angle);
  const sa = Math.sin(angle);
  for (let k = 0; k < CURVE_POINTS; k++) {
    const t = (2 * Math.PI * k) / CURVE_POINTS;
    const u = a * Math.cos(t);
    const v = b * Math.sin(t);
    x.push(cx + ca * u - sa * v);
    y.push(cy + sa * u + ca * v);
  }
  return { x, y };
}

/** Overlays (outlines in pixel coordinates of `wcs`) of sky regions. */
export function regionOverlays(regions: readonly SkyRegion[], wcs: Wcs, style: RegionStyle = {}): SkyOverlay[] {
  const out: SkyOverlay[] = [];
  const base = { color: style.color, lineWidth: style.lineWidth, dash: style.dash };
  regions.forEach((r, i) => {
    const label = i === 0 ? style.label : undefined;
    if (r.kind === "polygon") {
      const lon = r.vertices.map((v) => transformArrays([v.lon], [v.lat], v.frame, wcs.frame).lon[0]);
      const lat = r.vertices.map((v) => transformArrays([v.lon], [v.lat], v.frame, wcs.frame).lat[0]);
      const p = wcs.worldToPix(lon, lat);
      out.push({ kind: "path", x: p.x, y: p.y, ...base, label });
      return;
    }
    const c = pixelScaleAngleAt(r.center, wcs);
    if (r.kind === "point") {
      out.push({ kind: "marker", x: c.x, y: c.y, shape: "plus", color: style.color, label });
      return;
    }
    if (r.kind === "circle" || r.kind === "annulus") {
      const radii = r.kind === "circle" ? [r.radius] : [r.inner, r.outer];
      radii.forEach((rad, k) => {
        out.push({
          kind: "path",
          ...ellipsePath(c.x, c.y, rad / c.scale, rad / c.scale, 0),
          ...base,
          label: k === 0 ? label : undefined,
        });
      });
      return;
    }
    const w = r.width / c.scale / 2;
    const h = r.height / c.scale / 2;
    const angle = (r.angle + (c.angle - 90)) * D2R;
    if (r.kind === "ellipse") out.push({ kind: "path", ...ellipsePath(c.x, c.y, w, h, angle), ...base, label });
    else {
      const ca = Math.cos(angle);
      const sa = Math.sin(angle);
      const corners = [
        [-w, -h],
        [w, -h],
        [w, h],
        [-w, h],
      ];
      out.push({
        kind: "path",
        x: corners.map(([u, v]) => c.x + ca * u - sa * v),
        y: corners.map(([u, v]) => c.y + sa * u + ca * v),
        ...base,
        label,
      });
    }
  });
  return out;
}

/**
 * Sky images (counts, significance and residual maps) as SVG strings, in the style of Gammapy's `Map.plot` with
 * astropy's WCSAxes: the map drawn pixel for pixel as an embedded PNG (north up), a frame with world-coordinate
 * ticks found by inverting the pixel → world transform along the frame edges, axis labels, a colour bar with ticks
 * and label, and a title. Takes plain typed arrays and a pixel → world function; browser-safe.
 */
import { ArgumentError } from "../util/errors.js";
import { applyColormap, type ColormapName, colormapLut, isDivergingColormap } from "./colormap.js";
import { encodePngRgba, pngDataUri } from "./png-encode.js";

export type { ColormapName } from "./colormap.js";

import {
  escapeXml,
  formatLinear,
  formatPx,
  linearTicks,
  niceStep,
  polylinePath,
  type SvgAttrs,
  svgDocument,
  svgElement,
} from "./svg.js";

/** Data of a sky image. */
export interface SkyImageData {
  /** Title above the image. */
  title?: string;
  /**
   * Image values, C order `[ny][nx]`: `values[y * nx + x]`, row 0 at the bottom (lowest pixel y, as FITS / WCS).
   * NaN (and ±Infinity) pixels are blank: transparent over a grey background.
   */
  values: Float64Array;
  /** Number of pixels along x (columns). */
  nx: number;
  /** Number of pixels along y (rows). */
  ny: number;
  /**
   * Pixel → world transform for the axis ticks: 0-based pixel coordinates (pixel centres at integers, as Gammapy's
   * `wcs.pixel_to_world`) to longitude and latitude [deg]. May return NaN outside the projection.
   */
  pixToWorld: (x: number, y: number) => { lon: number; lat: number };
  /** Label of the longitude (bottom) axis, e.g. `Right Ascension (deg)` or `Galactic Longitude (deg)`. */
  lonLabel: string;
  /** Label of the latitude (left) axis, e.g. `Declination (deg)` or `Galactic Latitude (deg)`. */
  latLabel: string;
  /** Label of the colour bar, e.g. `Counts`, `Significance (sqrt TS)`. */
  colorbarLabel: string;
  /** Colour map; default `viridis`. The diverging `RdBu_r` defaults to a range symmetric about zero. */
  colormap?: ColormapName;
  /** Value drawn with the first colour (values below take it too); default: see `skyImageRange`. */
  vmin?: number;
  /** Value drawn with the last colour (values above take it too); default: see `skyImageRange`. */
  vmax?: number;
  /** Shapes drawn over the image (region outlines, source markers), clipped to the image. */
  overlays?: readonly SkyOverlay[];
}

/**
 * A shape over a sky image, in 0-based pixel coordinates (pixel centres at integers, y up): a polyline or polygon
 * (region outlines) or a marker (sources, peaks), with an optional label next to it. Colours are CSS colours.
 */
export type SkyOverlay =
  | {
      readonly kind: "path";
      readonly x: ArrayLike<number>;
      readonly y: ArrayLike<number>;
      /** Close the path (default true). */
      readonly closed?: boolean;
      readonly color?: string;
      /** Line width [px]; default 1.5. */
      readonly lineWidth?: number;
      /** SVG dash pattern, e.g. `4 3`. */
      readonly dash?: string;
      readonly label?: string;
    }
  | {
      readonly kind: "marker";
      readonly x: number;
      readonly y: number;
      /** `circle` (default), `cross` or `plus`. */
      readonly shape?: "circle" | "cross" | "plus";
      /** Marker size [px]; default 14. */
      readonly sizePx?: number;
      readonly color?: string;
      readonly label?: string;
    };

/** Size of a sky-image figure. */
export interface SkyImageOptions {
  /** Width of the SVG [px]; default 800, at least 200. */
  widthPx?: number;
  /**
   * Height of the SVG [px], at least 200; default: the height at which the image fills the width available to it,
   * within 300…1.25 × `widthPx`.
   */
  heightPx?: number;
}

const TICK_FONT_PX = 13;
const LABEL_FONT_PX = 15;
const BLANK_COLOR = "#d9d9d9";
/** Number of colour stops of the colour-bar gradient. */
const COLORBAR_STOPS = 64;

interface Rect {
  x: number;
  y: number;
  w: number;
  h: number;
}

/** Smallest colour-range span: smaller spans lose their ticks to floating-point underflow. */
const MIN_SPAN = 1e-200;

/** Whether `[lo, hi]` is wide enough for distinct colours and tick values. */
function resolvable(lo: number, hi: number): boolean {
  return hi - lo > Math.max(MIN_SPAN, 1e-9 * Math.max(Math.abs(lo), Math.abs(hi)));
}

/**
 * Colour range `[vmin, vmax]` of a sky image: the given bounds, otherwise the range of the finite values (for a
 * diverging colour map, ±max |value|, symmetric about zero). A constant image (span ≤ 1e-9 × |value|) gets a range
 * of ±10 % around its value (±1 around zero). Returns `undefined` when there is no finite value and a bound is
 * missing. Throws an `ArgumentError` when the result is not finite with a span above 1e-200 and 1e-9 × |value|.
 */
export function skyImageRange(
  values: ArrayLike<number>,
  colormap: ColormapName = "viridis",
  vmin?: number,
  vmax?: number,
): [number, number] | undefined {
  let lo = Number.POSITIVE_INFINITY;
  let hi = Number.NEGATIVE_INFINITY;
  if (vmin === undefined || vmax === undefined) {
    for (let i = 0; i < values.length; i++) {
      const v = values[i];
      if (!Number.isFinite(v)) continue;
      if (v < lo) lo = v;
      if (v > hi) hi = v;
    }
  }
  if (!(hi >= lo) && (vmin === undefined || vmax === undefined)) return undefined;
  if (isDivergingColormap(colormap)) {
    const m = Math.max(Math.abs(lo), Math.abs(hi));
    lo = -m;
    hi = m;
  }
  if (!resolvable(lo, hi)) {
    // (nearly) constant image: a range around its value
    const c = (lo + hi) / 2;
    const d = Math.abs(c) > MIN_SPAN ? Math.abs(c) * 0.1 : 1;
    lo = c - d;
    hi = c + d;
  }
  const range: [number, number] = [vmin ?? lo, vmax ?? hi];
  if (!(Number.isFinite(range[1] - range[0]) && resolvable(range[0], range[1]))) {
    throw new ArgumentError(
      `invalid colour range [${range[0]}, ${range[1]}]`,
      "vmin/vmax",
      "finite, vmin < vmax, span > 1e-9 × |value| and > 1e-200",
    );
  }
  return range;
}

/**
 * Renders a sky image as a standalone SVG document (UTF-8 text, `width`/`height` in px). The map is embedded as
 * one PNG `<image>` with one image pixel per map pixel, drawn with nearest-neighbour scaling
 * (`image-rendering="optimizeSpeed"`) and square pixels, north (increasing pixel y) up. Longitude ticks are placed
 * along the bottom and top edges, latitude ticks along the left and right edges, where the world coordinates
 * cross "nice" values (labelled bottom and left, e.g. `83.6°`; longitudes shown in 0…360°). A colour bar with
 * ticks and `colorbarLabel` stands on the right. With no finite value the frame, ticks and labels are drawn over a
 * grey background with the note "No data". The SVG never contains `NaN`. Throws an `ArgumentError` for image sizes
 * that are not positive integers, `values` of the wrong length, an invalid colour range or figure size.
 */
export function skyImageSvg(data: SkyImageData, options: SkyImageOptions = {}): string {
  const { nx, ny, values } = data;
  for (const [key, n] of [
    ["nx", nx],
    ["ny", ny],
  ] as const) {
    if (!(Number.isInteger(n) && n > 0))
      throw new ArgumentError(`invalid image size ${key}=${n}`, key, "an integer ≥ 1");
  }
  if (values.length !== nx * ny) {
    throw new ArgumentError(`values has length ${values.length}`, "values", `length nx × ny = ${nx * ny}`);
  }
  const width = options.widthPx ?? 800;
  if (!(Number.isFinite(width) && width >= 200)) throw new ArgumentError("plot width too small", "widthPx", "≥ 200");
  const colormap = data.colormap ?? "viridis";
  colormapLut(colormap); // validates the name
  const range = skyImageRange(values, colormap, data.vmin, data.vmax);
  const hasData = range !== undefined && values.some(Number.isFinite);

  // Colour-bar ticks first: their label width sets the right margin.
  const cbTicks = hasData && range ? linearTicks(range[0], range[1], 5).major : [];
  const cbLabelW = Math.max(0, ...cbTicks.map((t) => textWidth(t.label)));
  const cbGap = 18;
  const cbW = 18;
  const right = hasData ? cbGap + cbW + 8 + cbLabelW + 14 + LABEL_FONT_PX + 12 : 24;
  const left = 100;
  const top = data.title ? 44 : 20;
  const bottom = 64;
  const height =
    options.heightPx ??
    Math.round(Math.max(300, Math.min(1.25 * width, top + bottom + ((width - left - right) * ny) / nx)));
  if (!(Number.isFinite(height) && height >= 200)) {
    throw new ArgumentError("plot height too small", "heightPx", "≥ 200");
  }
  const aw = width - left - right;
  const ah = height - top - bottom;
  if (!(aw >= 20 && ah >= 20)) throw new ArgumentError("plot too small for its labels", "widthPx/heightPx");
  const scale = Math.min(aw / nx, ah / ny);
  const img: Rect = { x: left + (aw - nx * scale) / 2, y: top + (ah - ny * scale) / 2, w: nx * scale, h: ny * scale };

  const body: string[] = [];
  const defs: string[] = [];
  body.push(svgElement("rect", { class: "blank", x: img.x, y: img.y, width: img.w, height: img.h, fill: BLANK_COLOR }));
  if (hasData && range) {
    body.push(
      svgElement("image", {
        class: "sky-image",
        x: img.x,
        y: img.y,
        width: img.w,
        height: img.h,
        preserveAspectRatio: "none",
        "image-rendering": "optimizeSpeed",
        href: pngDataUri(encodePngRgba(flippedRgba(values, nx, ny, range, colormap), nx, ny)),
      }),
    );
  } else {
    body.push(
      svgElement(
        "text",
        {
          class: "no-data",
          x: img.x + img.w / 2,
          y: img.y + img.h / 2,
          "text-anchor": "middle",
          "dominant-baseline": "central",
          "font-size": LABEL_FONT_PX,
          fill: "#666",
        },
        "No data",
      ),
    );
  }
  if (data.overlays?.length) {
    const clipId = "gammats-sky-clip";
    defs.push(
      svgElement("clipPath", { id: clipId }, svgElement("rect", { x: img.x, y: img.y, width: img.w, height: img.h })),
    );
    body.push(
      svgElement("g", { class: "overlays", "clip-path": `url(#${clipId})` }, overlaysSvg(data.overlays, img, scale)),
    );
  }
  const frame = worldFrame(data, img);
  body.push(frame.svg);

  // left of the widest latitude label
  const labelX = img.x - 8 - frame.latLabelW - 10 - LABEL_FONT_PX / 2;
  const labelY = img.y + img.h / 2;
  body.push(
    svgElement(
      "text",
      {
        class: "axis-label-x",
        x: img.x + img.w / 2,
        y: img.y + img.h + 48,
        "text-anchor": "middle",
        "font-size": LABEL_FONT_PX,
      },
      escapeXml(data.lonLabel),
    ),
    svgElement(
      "text",
      {
        class: "axis-label-y",
        x: labelX,
        y: labelY,
        transform: `rotate(-90 ${formatPx(labelX)} ${formatPx(labelY)})`,
        "text-anchor": "middle",
        "font-size": LABEL_FONT_PX,
      },
      escapeXml(data.latLabel),
    ),
  );

  if (hasData && range) {
    const cb: Rect = { x: img.x + img.w + cbGap, y: img.y, w: cbW, h: img.h };
    const id = `gammats-cmap-${colormap}`;
    defs.push(colorbarGradient(id, colormap));
    body.push(colorbar(cb, id, range, cbTicks, cbLabelW, data.colorbarLabel));
  }

  if (data.title) {
    body.push(
      svgElement(
        "text",
        { class: "sky-title", x: img.x + img.w / 2, y: 28, "text-anchor": "middle", "font-size": 17 },
        escapeXml(data.title),
      ),
    );
  }

  return svgDocument(width, height, body, defs);
}

/** SVG of overlays: pixel (x, y) maps to (img.x + (x + 0.5) s, img.y + img.h - (y + 0.5) s). */
function overlaysSvg(overlays: readonly SkyOverlay[], img: Rect, scale: number): string {
  const sx = (x: number) => img.x + (x + 0.5) * scale;
  const sy = (y: number) => img.y + img.h - (y + 0.5) * scale;
  const parts: string[] = [];
  const label = (x: number, y: number, text: string | undefined, color: string) => {
    if (text)
      parts.push(
        svgElement(
          "text",
          { class: "overlay-label", x: x + 6, y: y - 6, "font-size": TICK_FONT_PX, fill: color, stroke: "none" },
          escapeXml(text),
        ),
      );
  };
  for (const o of overlays) {
    const color = o.color ?? "white";
    if (o.kind === "path") {
      const xs = Float64Array.from(o.x as ArrayLike<number>, sx);
      const ys = Float64Array.from(o.y as ArrayLike<number>, sy);
      let d = polylinePath(xs, ys);
      if (!d) continue;
      if (o.closed ?? true) d += " Z";
      parts.push(
        svgElement("path", {
          class: "overlay-path",
          d: d.trim(),
          fill: "none",
          stroke: color,
          "stroke-width": o.lineWidth ?? 1.5,
          "stroke-dasharray": o.dash,
        }),
      );
      let top = 0;
      for (let i = 1; i < o.y.length; i++) if (o.y[i] > o.y[top]) top = i;
      if (o.x.length) label(sx(o.x[top]), sy(o.y[top]), o.label, color);
    } else {
      const x = sx(o.x);
      const y = sy(o.y);
      if (!(Number.isFinite(x) && Number.isFinite(y))) continue;
      const r = (o.sizePx ?? 14) / 2;
      const shape = o.shape ?? "circle";
      if (shape === "circle")
        parts.push(
          svgElement("circle", {
            class: "overlay-marker",
            cx: x,
            cy: y,
            r,
            fill: "none",
            stroke: color,
            "stroke-width": 1.5,
          }),
        );
      else {
        const d =
          shape === "plus"
            ? `M${formatPx(x - r)} ${formatPx(y)} L${formatPx(x + r)} ${formatPx(y)} M${formatPx(x)} ${formatPx(y - r)} L${formatPx(x)} ${formatPx(y + r)}`
            : `M${formatPx(x - r)} ${formatPx(y - r)} L${formatPx(x + r)} ${formatPx(y + r)} M${formatPx(x - r)} ${formatPx(y + r)} L${formatPx(x + r)} ${formatPx(y - r)}`;
        parts.push(
          svgElement("path", { class: "overlay-marker", d, stroke: color, "stroke-width": 1.5, fill: "none" }),
        );
      }
      label(x + r - 6, y - r + 6, o.label, color);
    }
  }
  return parts.join("\n");
}

/** Approximate width of a tick label [px]. */
function textWidth(label: string): number {
  return label.length * TICK_FONT_PX * 0.62;
}

/** RGBA raster of the image with its rows reversed (PNG rows run top-down, map rows bottom-up). */
function flippedRgba(
  values: Float64Array,
  nx: number,
  ny: number,
  range: [number, number],
  colormap: ColormapName,
): Uint8Array {
  const rgba = applyColormap(values, range[0], range[1], colormap);
  const out = new Uint8Array(rgba.length);
  const row = nx * 4;
  for (let y = 0; y < ny; y++) out.set(rgba.subarray(y * row, (y + 1) * row), (ny - 1 - y) * row);
  return out;
}

/** Vertical linear gradient (bottom → top) through the colour map, for the colour bar. */
function colorbarGradient(id: string, colormap: ColormapName): string {
  const lut = colormapLut(colormap);
  let stops = "";
  for (let k = 0; k < COLORBAR_STOPS; k++) {
    const i = Math.round((k * 255) / (COLORBAR_STOPS - 1));
    const hex = [lut[3 * i], lut[3 * i + 1], lut[3 * i + 2]].map((c) => c.toString(16).padStart(2, "0")).join("");
    stops += svgElement("stop", { offset: `${formatPx((100 * k) / (COLORBAR_STOPS - 1))}%`, "stop-color": `#${hex}` });
  }
  return svgElement("linearGradient", { id, x1: "0", y1: "1", x2: "0", y2: "0" }, stops);
}

/** Colour bar: gradient box, ticks and labels on its right, and the rotated label beyond them. */
function colorbar(
  cb: Rect,
  gradientId: string,
  range: [number, number],
  ticks: { value: number; label: string }[],
  labelW: number,
  label: string,
): string {
  const parts = [
    svgElement("rect", {
      class: "colorbar",
      x: cb.x,
      y: cb.y,
      width: cb.w,
      height: cb.h,
      fill: `url(#${gradientId})`,
      stroke: "black",
    }),
  ];
  let d = "";
  const xr = cb.x + cb.w;
  for (const t of ticks) {
    const y = cb.y + cb.h - ((t.value - range[0]) / (range[1] - range[0])) * cb.h;
    d += `M${formatPx(xr)} ${formatPx(y)} L${formatPx(xr + 5)} ${formatPx(y)} `;
    parts.push(
      svgElement(
        "text",
        {
          class: "colorbar-tick-label",
          x: xr + 8,
          y,
          "dominant-baseline": "central",
          "font-size": TICK_FONT_PX,
        },
        escapeXml(t.label),
      ),
    );
  }
  if (d) parts.push(svgElement("path", { class: "colorbar-ticks", d: d.trim(), stroke: "black", fill: "none" }));
  const lx = xr + 8 + labelW + 14 + LABEL_FONT_PX / 2;
  const ly = cb.y + cb.h / 2;
  parts.push(
    svgElement(
      "text",
      {
        class: "colorbar-label",
        x: lx,
        y: ly,
        transform: `rotate(-90 ${formatPx(lx)} ${formatPx(ly)})`,
        "text-anchor": "middle",
        "dominant-baseline": "central",
        "font-size": LABEL_FONT_PX,
      },
      escapeXml(label),
    ),
  );
  return parts.join("\n");
}

/** One edge of the frame in pixel coordinates, from `(x0, y0)` to `(x1, y1)`. */
interface Edge {
  x0: number;
  y0: number;
  x1: number;
  y1: number;
}

/** A tick where a world coordinate crosses a nice value: fraction `t` (0…1) along the edge, value [deg]. */
interface EdgeTick {
  t: number;
  value: number;
}

/** Most ticks drawn along one edge; an edge whose coordinate span needs more gets none. */
const MAX_EDGE_TICKS = 100;

/** Number of samples along an edge for locating coordinate crossings. */
const EDGE_SAMPLES = 256;

/**
 * World coordinate (`lon` or `lat`, deg) at the fraction `t` along `edge`; longitudes are unwrapped to lie within
 * 180° of `near` (when finite). NaN outside the projection.
 */
function worldAt(
  pixToWorld: SkyImageData["pixToWorld"],
  edge: Edge,
  coord: "lon" | "lat",
  t: number,
  near: number,
): number {
  const w = pixToWorld(edge.x0 + t * (edge.x1 - edge.x0), edge.y0 + t * (edge.y1 - edge.y0));
  let v = coord === "lon" ? w.lon : w.lat;
  if (coord === "lon" && Number.isFinite(v) && Number.isFinite(near)) v -= 360 * Math.round((v - near) / 360);
  return v;
}

/** Samples of a world coordinate along an edge, longitudes unwrapped into a continuous sequence. */
function sampleEdge(pixToWorld: SkyImageData["pixToWorld"], edge: Edge, coord: "lon" | "lat"): Float64Array {
  const out = new Float64Array(EDGE_SAMPLES + 1);
  let prev = Number.NaN;
  for (let k = 0; k <= EDGE_SAMPLES; k++) {
    const v = worldAt(pixToWorld, edge, coord, k / EDGE_SAMPLES, prev);
    out[k] = v;
    if (Number.isFinite(v)) prev = v;
  }
  return out;
}

/**
 * Positions along an edge where the sampled coordinate crosses multiples of `step`, refined by bisection on the
 * pixel → world transform. None when the coordinate's span along the edge would need more than 100 ticks.
 */
function crossings(
  pixToWorld: SkyImageData["pixToWorld"],
  edge: Edge,
  coord: "lon" | "lat",
  samples: Float64Array,
  step: number,
): EdgeTick[] {
  const out: EdgeTick[] = [];
  let lo = Number.POSITIVE_INFINITY;
  let hi = Number.NEGATIVE_INFINITY;
  for (const v of samples) {
    if (v < lo) lo = v;
    if (v > hi) hi = v;
  }
  if (!((hi - lo) / step <= MAX_EDGE_TICKS)) return out; // too dense to draw (or nothing finite)
  for (let k = 0; k < EDGE_SAMPLES; k++) {
    const a = samples[k];
    const b = samples[k + 1];
    if (!(Number.isFinite(a) && Number.isFinite(b))) continue;
    const lo = Math.min(a, b);
    const hi = Math.max(a, b);
    for (let m = Math.ceil(lo / step - 1e-9); m * step <= hi + step * 1e-9; m++) {
      const v = m * step;
      let ta = k / EDGE_SAMPLES;
      let tb = (k + 1) / EDGE_SAMPLES;
      let fa = a - v;
      if (Math.abs(fa) > 1e-12 * Math.max(1, Math.abs(v))) {
        for (let it = 0; it < 50; it++) {
          const tm = 0.5 * (ta + tb);
          const fm = worldAt(pixToWorld, edge, coord, tm, a) - v;
          if (!Number.isFinite(fm)) break;
          if (fa * fm <= 0) tb = tm;
          else {
            ta = tm;
            fa = fm;
          }
        }
      }
      const t = 0.5 * (ta + tb);
      // A value met exactly at a sample is found by both neighbouring segments: keep it once.
      if (!out.some((o) => Math.abs(o.value - v) < step * 1e-6 && Math.abs(o.t - t) < 1.5 / EDGE_SAMPLES)) {
        out.push({ t, value: v });
      }
    }
  }
  return out.sort((p, q) => p.t - q.t);
}

/** Nice tick step [deg] for a coordinate spanning `span` degrees along an edge, aiming at `target` intervals. */
function angleStep(span: number, target: number): number {
  const raw = span / Math.max(1, target);
  if (raw >= 10) {
    for (const s of [10, 15, 30, 45, 60, 90]) if (raw <= s * 1.2) return s;
    return 90;
  }
  return niceStep(raw > 0 ? raw : 1e-6);
}

/**
 * Frame of the image with world-coordinate ticks: longitude on bottom (labelled) and top, latitude on left
 * (labelled) and right. Labels closer than their size to the previous one are dropped. Returns the SVG and the
 * width of the widest latitude label [px].
 */
function worldFrame(data: SkyImageData, img: Rect): { svg: string; latLabelW: number } {
  const { nx, ny, pixToWorld } = data;
  const x0 = -0.5;
  const x1 = nx - 0.5;
  const y0 = -0.5;
  const y1 = ny - 0.5;
  const toSvgX = (px: number) => img.x + ((px + 0.5) / nx) * img.w;
  const toSvgY = (py: number) => img.y + img.h - ((py + 0.5) / ny) * img.h;
  const len = 6;
  let d = "";
  const labels: string[] = [];
  let latLabelW = 0;
  const sides: {
    coord: "lon" | "lat";
    edges: [Edge, Edge];
    lengthPx: number;
    minGapPx: (label: string) => number;
  }[] = [
    {
      coord: "lon",
      edges: [
        { x0, y0, x1, y1: y0 },
        { x0, y0: y1, x1, y1 },
      ],
      lengthPx: img.w,
      minGapPx: (label) => textWidth(label) + 8,
    },
    {
      coord: "lat",
      edges: [
        { x0, y0, x1: x0, y1 },
        { x0: x1, y0, x1, y1 },
      ],
      lengthPx: img.h,
      minGapPx: () => TICK_FONT_PX + 6,
    },
  ];
  for (const side of sides) {
    const samples = side.edges.map((e) => sampleEdge(pixToWorld, e, side.coord));
    let lo = Number.POSITIVE_INFINITY;
    let hi = Number.NEGATIVE_INFINITY;
    for (const v of samples[0]) {
      if (v < lo) lo = v;
      if (v > hi) hi = v;
    }
    if (!(hi > lo)) continue;
    const target = Math.max(2, Math.min(8, Math.round(side.lengthPx / 90)));
    let step = angleStep(hi - lo, target);
    let ticks = crossings(pixToWorld, side.edges[0], side.coord, samples[0], step);
    // Too few ticks on a short span: refine the step once or twice.
    for (let k = 0; k < 2 && ticks.length < 2; k++) {
      step = niceStep(step / 2.2);
      ticks = crossings(pixToWorld, side.edges[0], side.coord, samples[0], step);
    }
    for (let e = 0; e < 2; e++) {
      const edge = side.edges[e];
      const edgeTicks = e === 0 ? ticks : crossings(pixToWorld, edge, side.coord, samples[1], step);
      let lastPos = Number.NEGATIVE_INFINITY;
      let lastGap = 0;
      for (const tick of edgeTicks) {
        const sx = toSvgX(edge.x0 + tick.t * (edge.x1 - edge.x0));
        const sy = toSvgY(edge.y0 + tick.t * (edge.y1 - edge.y0));
        if (side.coord === "lon") {
          const dir = e === 0 ? -1 : 1; // ticks point into the image
          d += `M${formatPx(sx)} ${formatPx(sy)} L${formatPx(sx)} ${formatPx(sy + dir * len)} `;
        } else {
          const dir = e === 0 ? 1 : -1;
          d += `M${formatPx(sx)} ${formatPx(sy)} L${formatPx(sx + dir * len)} ${formatPx(sy)} `;
        }
        if (e !== 0) continue;
        const label = formatAngle(tick.value, step, side.coord);
        const pos = side.coord === "lon" ? sx : sy;
        const gap = side.minGapPx(label);
        if (Math.abs(pos - lastPos) < (gap + lastGap) / 2) continue;
        lastPos = pos;
        lastGap = gap;
        if (side.coord === "lat") latLabelW = Math.max(latLabelW, textWidth(label));
        const attrs: SvgAttrs =
          side.coord === "lon"
            ? { class: "tick-label-lon", x: sx, y: sy + 20, "text-anchor": "middle", "font-size": TICK_FONT_PX }
            : {
                class: "tick-label-lat",
                x: sx - 8,
                y: sy,
                "text-anchor": "end",
                "dominant-baseline": "central",
                "font-size": TICK_FONT_PX,
              };
        labels.push(svgElement("text", attrs, escapeXml(label)));
      }
    }
  }
  const svg = [
    d ? svgElement("path", { class: "ticks", d: d.trim(), stroke: "black", "stroke-width": "1", fill: "none" }) : "",
    svgElement("rect", {
      class: "frame",
      x: img.x,
      y: img.y,
      width: img.w,
      height: img.h,
      fill: "none",
      stroke: "black",
    }),
    ...labels,
  ]
    .filter((s) => s)
    .join("\n");
  return { svg, latLabelW };
}

/** Tick label of an angle [deg] with the decimals `step` needs, e.g. `83.6°`; longitudes wrapped into 0…360°. */
function formatAngle(value: number, step: number, coord: "lon" | "lat"): string {
  let v = value;
  if (coord === "lon") {
    v = ((v % 360) + 360) % 360;
    if (Math.abs(v - 360) < step * 1e-6) v = 0;
  }
  return `${formatLinear(v, step)}°`;
}

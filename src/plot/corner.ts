/**
 * Corner plot of posterior samples as an SVG string, in the style of the `corner` package that UltraNest's
 * `cornerplot` wraps: for d parameters a d x d lower-triangular grid, 1D histograms on the diagonal (with the median
 * and the 16 % / 84 % quantiles dashed, and `name = median +up −down` above), 2D histograms below it shaded by the
 * highest-density regions holding 39.3 % and 86.5 % of the samples (the 1 and 2 sigma contours of a 2D Gaussian),
 * and optional reference values (e.g. best-fit values) as orange lines. Each parameter's axis is scaled by a power of
 * ten shown in its label. Takes equal-weight samples (n x d, row-major); browser-safe.
 */
import { ArgumentError } from "../util/errors.js";
import {
  escapeXml,
  formatPx,
  linearTicks,
  makeScale,
  type Scale,
  superscript,
  svgDocument,
  svgElement,
} from "./svg.js";

/** Data of a corner plot. */
export interface CornerPlotData {
  /** Equal-weight samples, n x d row-major (d = `names.length`). Non-finite samples are skipped. */
  samples: Float64Array;
  /** Parameter names (axis labels), length d. */
  names: readonly string[];
  /** Units appended to the labels (length d, "" for none). */
  units?: readonly string[];
  /** Reference values drawn as lines (length d; NaN: none), e.g. the best-fit values. */
  truths?: ArrayLike<number>;
  /** Title above the grid. */
  title?: string;
}

/** Size and binning of a corner plot. */
export interface CornerPlotOptions {
  /** Size of one panel [px]; default 220, at least 80. */
  panelPx?: number;
  /** Histogram bins per axis; default 20. */
  bins?: number;
}

const TICK_FONT_PX = 11;
const LABEL_FONT_PX = 13;
const HIST_COLOR = "#1f4e79";
const TRUTH_COLOR = "#ff7f0e";
/** Shades of the 2D histograms: inside the 39.3 % region, inside 86.5 %, and the rest (by density). */
const LEVEL_FILLS = ["#1f4e79", "#6f9fd0"];
const LEVELS = [0.393, 0.865];

interface Rect {
  x: number;
  y: number;
  w: number;
  h: number;
}

/** Quantiles of sorted values (linear interpolation). */
function quantile(sorted: Float64Array, q: number): number {
  const pos = q * (sorted.length - 1);
  const i = Math.floor(pos);
  const f = pos - i;
  return i + 1 < sorted.length ? sorted[i] * (1 - f) + sorted[i + 1] * f : sorted[i];
}

/** Power of ten that brings the magnitude of `[lo, hi]` to about 1 (0 when already between 0.01 and 1000). */
export function axisExponent(lo: number, hi: number): number {
  const m = Math.max(Math.abs(lo), Math.abs(hi));
  if (!(m > 0) || (m >= 0.01 && m < 1000)) return 0;
  return Math.floor(Math.log10(m));
}

/** Significant digits for a value with uncertainty `err`: two significant digits of the error. */
function formatWithError(value: number, err: number): string {
  const decimals = err > 0 ? Math.max(0, Math.min(10, 1 - Math.floor(Math.log10(err)))) : 3;
  return value.toFixed(decimals);
}

interface Column {
  /** Sorted finite values (scaled by 10^-exponent). */
  sorted: Float64Array;
  exponent: number;
  lo: number;
  hi: number;
  median: number;
  q16: number;
  q84: number;
  truth: number;
}

function columnOf(samples: Float64Array, n: number, d: number, k: number, truth: number): Column {
  const raw: number[] = [];
  for (let i = 0; i < n; i++) {
    const v = samples[i * d + k];
    if (Number.isFinite(v)) raw.push(v);
  }
  const values = Float64Array.from(raw).sort();
  const lo0 = values.length ? values[0] : 0;
  const hi0 = values.length ? values[values.length - 1] : 1;
  const exponent = axisExponent(lo0, hi0);
  const f = 10 ** -exponent;
  const sorted = values.map((v) => v * f);
  let lo = sorted.length ? sorted[0] : 0;
  let hi = sorted.length ? sorted[sorted.length - 1] : 1;
  const t = truth * f;
  if (Number.isFinite(t)) {
    lo = Math.min(lo, t);
    hi = Math.max(hi, t);
  }
  if (!(hi > lo)) {
    const pad = Math.abs(lo) > 0 ? Math.abs(lo) * 1e-3 : 1;
    lo -= pad;
    hi += pad;
  }
  return {
    sorted,
    exponent,
    lo,
    hi,
    median: sorted.length ? quantile(sorted, 0.5) : Number.NaN,
    q16: sorted.length ? quantile(sorted, 0.158655) : Number.NaN,
    q84: sorted.length ? quantile(sorted, 0.841345) : Number.NaN,
    truth: t,
  };
}

function binIndex(v: number, lo: number, hi: number, bins: number): number {
  if (!(v >= lo && v <= hi)) return -1;
  return Math.min(bins - 1, Math.floor(((v - lo) / (hi - lo)) * bins));
}

/** A panel frame with 3-ish linear ticks on the bottom (and left, with `ys`) axis, labelled where asked. */
export function linearFrame(
  r: { x: number; y: number; w: number; h: number },
  xs: Scale,
  ys: Scale | null,
  xLabels: boolean,
  yLabels: boolean,
): string {
  const parts: string[] = [];
  let ticks = "";
  const len = 5;
  const xt = linearTicks(xs.domain[0], xs.domain[1], 3);
  for (const t of xt.major) {
    const x = xs.map(t.value);
    ticks += `M${formatPx(x)} ${formatPx(r.y + r.h)} L${formatPx(x)} ${formatPx(r.y + r.h - len)} `;
    if (xLabels)
      parts.push(
        svgElement(
          "text",
          { x, y: r.y + r.h + 16, "text-anchor": "middle", "font-size": TICK_FONT_PX },
          escapeXml(t.label),
        ),
      );
  }
  if (ys) {
    const yt = linearTicks(ys.domain[0], ys.domain[1], 3);
    for (const t of yt.major) {
      const y = ys.map(t.value);
      ticks += `M${formatPx(r.x)} ${formatPx(y)} L${formatPx(r.x + len)} ${formatPx(y)} `;
      if (yLabels)
        parts.push(
          svgElement(
            "text",
            { x: r.x - 6, y, "text-anchor": "end", "dominant-baseline": "central", "font-size": TICK_FONT_PX },
            escapeXml(t.label),
          ),
        );
    }
  }
  if (ticks) parts.unshift(svgElement("path", { d: ticks.trim(), stroke: "black", fill: "none" }));
  parts.unshift(svgElement("rect", { x: r.x, y: r.y, width: r.w, height: r.h, fill: "none", stroke: "black" }));
  return parts.join("\n");
}

/** Axis label `name [10^exponent unit]`. */
export function axisLabel(name: string, unit: string, exponent: number): string {
  const scale = exponent !== 0 ? `10${superscript(exponent)}` : "";
  const inside = [scale, unit].filter((s) => s).join(" ");
  return inside ? `${name} [${inside}]` : name;
}

function histogram1d(c: Column, r: Rect, bins: number): string {
  const counts = new Float64Array(bins);
  for (const v of c.sorted) {
    const b = binIndex(v, c.lo, c.hi, bins);
    if (b >= 0) counts[b]++;
  }
  let max = 0;
  for (const v of counts) max = Math.max(max, v);
  const xs = makeScale(false, [c.lo, c.hi], [r.x, r.x + r.w]);
  const ys = makeScale(false, [0, max > 0 ? max * 1.1 : 1], [r.y + r.h, r.y]);
  let d = `M${formatPx(xs.map(c.lo))} ${formatPx(ys.map(0))}`;
  for (let b = 0; b < bins; b++) {
    const x0 = c.lo + ((c.hi - c.lo) * b) / bins;
    const x1 = c.lo + ((c.hi - c.lo) * (b + 1)) / bins;
    d += ` L${formatPx(xs.map(x0))} ${formatPx(ys.map(counts[b]))} L${formatPx(xs.map(x1))} ${formatPx(ys.map(counts[b]))}`;
  }
  d += ` L${formatPx(xs.map(c.hi))} ${formatPx(ys.map(0))}`;
  const parts = [
    svgElement("path", { class: "corner-hist", d, fill: "none", stroke: HIST_COLOR, "stroke-width": 1.5 }),
  ];
  for (const q of [c.q16, c.median, c.q84]) {
    if (!Number.isFinite(q)) continue;
    const x = xs.map(q);
    parts.push(
      svgElement("line", {
        x1: x,
        x2: x,
        y1: r.y,
        y2: r.y + r.h,
        stroke: HIST_COLOR,
        "stroke-dasharray": "4 3",
        "stroke-width": 1,
      }),
    );
  }
  if (Number.isFinite(c.truth)) {
    const x = xs.map(c.truth);
    parts.push(
      svgElement("line", {
        class: "corner-truth",
        x1: x,
        x2: x,
        y1: r.y,
        y2: r.y + r.h,
        stroke: TRUTH_COLOR,
        "stroke-width": 1.5,
      }),
    );
  }
  return parts.join("\n");
}

function histogram2d(
  samples: Float64Array,
  n: number,
  d: number,
  cx: Column,
  kx: number,
  cy: Column,
  ky: number,
  r: Rect,
  bins: number,
): string {
  const counts = new Float64Array(bins * bins);
  const fx = 10 ** -cx.exponent;
  const fy = 10 ** -cy.exponent;
  let total = 0;
  for (let i = 0; i < n; i++) {
    const bx = binIndex(samples[i * d + kx] * fx, cx.lo, cx.hi, bins);
    const by = binIndex(samples[i * d + ky] * fy, cy.lo, cy.hi, bins);
    if (bx < 0 || by < 0) continue;
    counts[by * bins + bx]++;
    total++;
  }
  // highest-density levels: cells in order of decreasing count until the cumulative fraction passes each level
  const order = Array.from({ length: bins * bins }, (_, i) => i).sort((a, b) => counts[b] - counts[a]);
  const level = new Int8Array(bins * bins).fill(LEVELS.length);
  let cum = 0;
  for (const i of order) {
    if (counts[i] === 0) break;
    const before = cum / total;
    cum += counts[i];
    level[i] = LEVELS.findIndex((l) => before < l);
    if (level[i] < 0) level[i] = LEVELS.length;
  }
  let maxCount = 0;
  for (const v of counts) maxCount = Math.max(maxCount, v);
  const xs = makeScale(false, [cx.lo, cx.hi], [r.x, r.x + r.w]);
  const ys = makeScale(false, [cy.lo, cy.hi], [r.y + r.h, r.y]);
  const cw = r.w / bins;
  const ch = r.h / bins;
  const cells: string[] = [];
  for (let by = 0; by < bins; by++)
    for (let bx = 0; bx < bins; bx++) {
      const i = by * bins + bx;
      if (counts[i] === 0) continue;
      const l = level[i];
      const fill = l < LEVELS.length ? LEVEL_FILLS[l] : HIST_COLOR;
      const opacity = l < LEVELS.length ? 1 : Math.max(0.08, (0.35 * counts[i]) / maxCount);
      cells.push(
        svgElement("rect", {
          x: r.x + bx * cw,
          y: r.y + r.h - (by + 1) * ch,
          width: cw + 0.3,
          height: ch + 0.3,
          fill,
          "fill-opacity": opacity === 1 ? undefined : opacity.toFixed(3),
        }),
      );
    }
  const parts = [svgElement("g", { class: "corner-hist2d" }, cells.join(""))];
  if (Number.isFinite(cx.truth))
    parts.push(
      svgElement("line", {
        class: "corner-truth",
        x1: xs.map(cx.truth),
        x2: xs.map(cx.truth),
        y1: r.y,
        y2: r.y + r.h,
        stroke: TRUTH_COLOR,
        "stroke-width": 1.5,
      }),
    );
  if (Number.isFinite(cy.truth))
    parts.push(
      svgElement("line", {
        class: "corner-truth",
        x1: r.x,
        x2: r.x + r.w,
        y1: ys.map(cy.truth),
        y2: ys.map(cy.truth),
        stroke: TRUTH_COLOR,
        "stroke-width": 1.5,
      }),
    );
  return parts.join("\n");
}

/**
 * Renders a corner plot as a standalone SVG document. Throws an `ArgumentError` when `samples` is not a multiple of
 * d = `names.length` long, d is 0, or `units`/`truths` have another length.
 */
export function cornerPlotSvg(data: CornerPlotData, options: CornerPlotOptions = {}): string {
  const d = data.names.length;
  if (d === 0) throw new ArgumentError("no parameters to plot", "names", "at least one name");
  if (data.samples.length % d !== 0)
    throw new ArgumentError(
      `${data.samples.length} sample values for ${d} parameters`,
      "samples",
      `a multiple of ${d} (n x d)`,
    );
  if (data.units && data.units.length !== d)
    throw new ArgumentError(`${data.units.length} units for ${d} parameters`, "units", `${d}`);
  if (data.truths && data.truths.length !== d)
    throw new ArgumentError(`${data.truths.length} truths for ${d} parameters`, "truths", `${d}`);
  const panel = options.panelPx ?? 220;
  if (!(panel >= 80)) throw new ArgumentError(`panel size ${panel}`, "panelPx", ">= 80");
  const bins = options.bins ?? 20;
  if (!(Number.isInteger(bins) && bins >= 2)) throw new ArgumentError(`bins ${bins}`, "bins", "an integer >= 2");
  const n = data.samples.length / d;
  const columns = data.names.map((_, k) => columnOf(data.samples, n, d, k, data.truths?.[k] ?? Number.NaN));
  const gap = 8;
  const left = 78;
  const top = (data.title ? 36 : 8) + 24;
  const bottom = 62;
  // room for the title (about 0.55 em per character at 16 px)
  const width = Math.max(left + d * panel + (d - 1) * gap + 16, data.title ? data.title.length * 9 + 40 : 0);
  const height = top + d * panel + (d - 1) * gap + bottom;
  const body: string[] = [];
  for (let row = 0; row < d; row++)
    for (let col = 0; col <= row; col++) {
      const r: Rect = { x: left + col * (panel + gap), y: top + row * (panel + gap), w: panel, h: panel };
      const cx = columns[col];
      const xs = makeScale(false, [cx.lo, cx.hi], [r.x, r.x + r.w]);
      const xLabels = row === d - 1;
      if (row === col) {
        body.push(histogram1d(cx, r, bins));
        body.push(linearFrame(r, xs, null, xLabels, false));
        const err = Math.max(cx.median - cx.q16, cx.q84 - cx.median);
        const title = Number.isFinite(cx.median)
          ? `${data.names[col]} = ${formatWithError(cx.median, err)} +${formatWithError(cx.q84 - cx.median, err)} −${formatWithError(cx.median - cx.q16, err)}`
          : data.names[col];
        body.push(
          svgElement(
            "text",
            { class: "corner-title", x: r.x + r.w / 2, y: r.y - 8, "text-anchor": "middle", "font-size": 12 },
            escapeXml(title),
          ),
        );
      } else {
        const cy = columns[row];
        const ys = makeScale(false, [cy.lo, cy.hi], [r.y + r.h, r.y]);
        body.push(histogram2d(data.samples, n, d, cx, col, cy, row, r, bins));
        body.push(linearFrame(r, xs, ys, xLabels, col === 0));
        if (col === 0) {
          const x = 18;
          const y = r.y + r.h / 2;
          body.push(
            svgElement(
              "text",
              {
                class: "corner-label-y",
                x,
                y,
                transform: `rotate(-90 ${formatPx(x)} ${formatPx(y)})`,
                "text-anchor": "middle",
                "font-size": LABEL_FONT_PX,
              },
              escapeXml(axisLabel(data.names[row], data.units?.[row] ?? "", cy.exponent)),
            ),
          );
        }
      }
      if (xLabels)
        body.push(
          svgElement(
            "text",
            {
              class: "corner-label-x",
              x: r.x + r.w / 2,
              y: r.y + r.h + 42,
              "text-anchor": "middle",
              "font-size": LABEL_FONT_PX,
            },
            escapeXml(axisLabel(data.names[col], data.units?.[col] ?? "", cx.exponent)),
          ),
        );
    }
  if (data.title)
    body.push(
      svgElement(
        "text",
        { class: "corner-title-main", x: width / 2, y: 26, "text-anchor": "middle", "font-size": 16 },
        escapeXml(data.title),
      ),
    );
  return svgDocument(width, height, body);
}

/**
 * Spectral energy distribution (SED) plot as an SVG string, in the style of Gammapy's `FluxPoints.plot` with a
 * spectral model and residuals: log-log axes with decade and minor ticks, flux points with energy-bin x error bars
 * and asymmetric y errors, upper limits as downward arrows, the model line over its shaded error band, a legend,
 * and an optional residuals panel underneath that shares the energy axis. Takes plain typed arrays; browser-safe.
 */
import { ArgumentError } from "../util/errors.js";
import {
  bandPath,
  escapeXml,
  formatPx,
  linearTicks,
  logTicks,
  makeScale,
  polylinePath,
  type Scale,
  svgDocument,
  svgElement,
} from "./svg.js";

/** Quantity on the y axis of an SED plot (Gammapy's `sed_type`). */
export type SedType = "dnde" | "e2dnde" | "flux" | "eflux";

/** One set of flux points, one entry per energy bin (values in the unit of the plot's `sedType`). */
export interface SedPoints {
  /** Reference energy of each bin [TeV]: x position of the marker. */
  eRefTeV: Float64Array;
  /** Lower edge of each bin [TeV]: left end of the x error bar. */
  eMinTeV: Float64Array;
  /** Upper edge of each bin [TeV]: right end of the x error bar. */
  eMaxTeV: Float64Array;
  /** Measured value. */
  value: Float64Array;
  /** Negative (downward) 1σ error, ≥ 0. */
  errn: Float64Array;
  /** Positive (upward) 1σ error, ≥ 0. */
  errp: Float64Array;
  /** Upper limit, drawn instead of the point where `isUl` is 1. */
  ul: Float64Array;
  /** 1: draw a downward upper-limit arrow at `ul` instead of a point; 0: draw the point. */
  isUl: Uint8Array;
  /** Legend label; default `Flux points`. */
  label?: string;
  /** Marker colour (CSS); default the next colour of the palette. */
  color?: string;
}

/**
 * Data of an SED plot. All arrays of one group (each set of points, `model`, `residuals`) have the same length.
 * Non-finite entries, and entries that cannot be drawn on a log axis (≤ 0), are skipped.
 */
export interface SedPlotData {
  /** Title above the plot. */
  title?: string;
  /** Quantity on the y axis; sets the y label and its unit (energies in TeV, areas in cm², times in s). */
  sedType: SedType;
  /** Flux points, or several sets of them (e.g. one per dataset, each with its label and colour). */
  points: SedPoints | readonly SedPoints[];
  /** Spectral model evaluated on a grid of energies, with an optional error band. */
  model?: {
    /** Energies of the grid [TeV], increasing. */
    energyTeV: Float64Array;
    /** Model value at each energy (unit of `sedType`). */
    value: Float64Array;
    /** Lower edge of the error band (unit of `sedType`). */
    bandLo?: Float64Array;
    /** Upper edge of the error band (unit of `sedType`). */
    bandHi?: Float64Array;
    /** Legend label; default `Model`. */
    label?: string;
  };
  /** Residuals drawn in a panel underneath with a linear y axis and a zero line, e.g. (data − model) / model. */
  residuals?: {
    /** Reference energy of each residual [TeV]. */
    eRefTeV: Float64Array;
    /** Residual value (dimensionless or in the unit named by `label`). */
    value: Float64Array;
    /** Symmetric 1σ error of each residual. */
    err: Float64Array;
    /** y label of the residual panel; default `Residuals`. */
    label?: string;
  };
}

/** The point sets of a plot as a list. */
function pointSets(data: SedPlotData): readonly SedPoints[] {
  return Array.isArray(data.points) ? data.points : [data.points as SedPoints];
}

/** Colours of successive point sets (matplotlib's tab10 without the model's orange). */
const POINT_PALETTE = [
  "#1f77b4",
  "#2ca02c",
  "#d62728",
  "#9467bd",
  "#8c564b",
  "#e377c2",
  "#7f7f7f",
  "#bcbd22",
  "#17becf",
];

/** Size of an SED plot. */
export interface SedPlotOptions {
  /** Width of the SVG [px]; default 800. */
  widthPx?: number;
  /** Height of the SVG [px]; default 600 (both panels together when there are residuals). */
  heightPx?: number;
}

/** y-axis label of each SED type, with units. */
export const SED_Y_LABELS: Readonly<Record<SedType, string>> = {
  dnde: "dN/dE [TeV⁻¹ cm⁻² s⁻¹]",
  e2dnde: "E² dN/dE [TeV cm⁻² s⁻¹]",
  flux: "Flux [cm⁻² s⁻¹]",
  eflux: "Energy flux [TeV cm⁻² s⁻¹]",
};

const MODEL_COLOR = "#ff7f0e";
const RESIDUAL_COLOR = "#1f77b4";
const TICK_FONT_PX = 13;
const LABEL_FONT_PX = 15;

interface Rect {
  x: number;
  y: number;
  w: number;
  h: number;
}

/**
 * Renders an SED plot as a standalone SVG document (UTF-8 text, `width`/`height` in px). Points whose values are
 * not finite (or not positive, on the log axes) are skipped; with nothing to draw, the axes are drawn over a
 * default range with the note "No data". The SVG never contains `NaN`. Throws an `ArgumentError` when arrays of
 * one group differ in length or the size is not a positive finite number.
 */
export function sedPlotSvg(data: SedPlotData, options: SedPlotOptions = {}): string {
  checkLengths(data);
  const width = options.widthPx ?? 800;
  const height = options.heightPx ?? 600;
  if (!(Number.isFinite(width) && width >= 200)) throw new ArgumentError("plot width too small", "widthPx", "≥ 200");
  if (!(Number.isFinite(height) && height >= 200)) {
    throw new ArgumentError("plot height too small", "heightPx", "≥ 200");
  }
  const { model, residuals } = data;
  const sets = pointSets(data);
  const hasResiduals = residuals !== undefined && residuals.eRefTeV.length > 0;

  const left = 100;
  const right = 24;
  const top = data.title ? 44 : 20;
  const bottom = 62;
  const gap = 10;
  const plotH = height - top - bottom;
  const mainH = hasResiduals ? Math.round((plotH - gap) * 0.72) : plotH;
  const main: Rect = { x: left, y: top, w: width - left - right, h: mainH };
  const resid: Rect = { x: left, y: top + mainH + gap, w: main.w, h: plotH - mainH - gap };

  const xDomain = logDomain(collectX(data), [0.1, 100], 0.05);
  const yValues = collectY(data);
  const yDomain = logDomain(yValues, [0.1, 10], 0.08);
  const xs = makeScale(true, xDomain, [main.x, main.x + main.w]);
  const ys = makeScale(true, yDomain, [main.y + main.h, main.y]);

  const body: string[] = [];
  const clipMain = clipId(main);
  const defs = [clipRect(clipMain, main)];

  // Main panel: model band and line, then points and upper limits on top.
  const drawn: [number, number][] = [];
  let modelDrawn = false;
  let bandDrawn = false;
  if (model) {
    const px = mapAll(xs, model.energyTeV);
    if (model.bandLo && model.bandHi) {
      const d = bandPath(px, mapAll(ys, model.bandLo), mapAll(ys, model.bandHi));
      if (d) {
        body.push(
          svgElement("path", {
            class: "sed-model-band",
            d,
            fill: MODEL_COLOR,
            "fill-opacity": "0.3",
            stroke: "none",
            "clip-path": `url(#${clipMain})`,
          }),
        );
        bandDrawn = true;
      }
    }
    const py = mapAll(ys, model.value);
    const d = polylinePath(px, py);
    if (d) {
      body.push(
        svgElement("path", {
          class: "sed-model",
          d,
          fill: "none",
          stroke: MODEL_COLOR,
          "stroke-width": "2",
          "clip-path": `url(#${clipMain})`,
        }),
      );
      modelDrawn = true;
      for (let i = 0; i < px.length; i++) if (Number.isFinite(px[i] + py[i])) drawn.push([px[i], py[i]]);
    }
  }
  const legend: LegendEntry[] = [];
  let nPoints = 0;
  let nUl = 0;
  sets.forEach((p, k) => {
    const color = p.color ?? POINT_PALETTE[k % POINT_PALETTE.length];
    const r = drawPoints(p, xs, ys, main, drawn, color);
    if (r.svg) body.push(svgElement("g", { "clip-path": `url(#${clipMain})` }, `\n${r.svg}\n`));
    if (r.nPoints + r.nUl > 0)
      legend.push({ kind: r.nPoints > 0 ? "point" : "ul", label: p.label ?? "Flux points", color });
    nPoints += r.nPoints;
    nUl += r.nUl;
  });

  body.push(frameAndTicks(main, xs, ys, !hasResiduals));
  if (!hasResiduals) body.push(axisLabel("x", "Energy [TeV]", main));
  body.push(axisLabel("y", SED_Y_LABELS[data.sedType], main));

  if (nPoints + nUl === 0 && !modelDrawn) {
    body.push(
      svgElement(
        "text",
        {
          x: main.x + main.w / 2,
          y: main.y + main.h / 2,
          "text-anchor": "middle",
          "font-size": LABEL_FONT_PX,
          fill: "#666",
        },
        "No data",
      ),
    );
  }

  if (modelDrawn) legend.push({ kind: bandDrawn ? "model-band" : "model", label: model?.label ?? "Model" });
  if (legend.length > 0) body.push(drawLegend(legend, main, drawn));

  if (hasResiduals && residuals) {
    const clipResid = clipId(resid);
    defs.push(clipRect(clipResid, resid));
    body.push(drawResiduals(residuals, xs, resid, clipResid));
  }

  if (data.title) {
    body.push(
      svgElement(
        "text",
        { class: "sed-title", x: width / 2, y: 28, "text-anchor": "middle", "font-size": 17 },
        escapeXml(data.title),
      ),
    );
  }

  return svgDocument(width, height, body, defs);
}

function checkLengths(data: SedPlotData): void {
  const groups: [string, Record<string, ArrayLike<number> | undefined>][] = [
    ...pointSets(data).map((p, k): [string, Record<string, ArrayLike<number> | undefined>] => [
      k === 0 ? "points" : `points[${k}]`,
      { ...p, label: undefined, color: undefined },
    ]),
    [
      "model",
      {
        energyTeV: data.model?.energyTeV,
        value: data.model?.value,
        bandLo: data.model?.bandLo,
        bandHi: data.model?.bandHi,
      },
    ],
    ["residuals", { eRefTeV: data.residuals?.eRefTeV, value: data.residuals?.value, err: data.residuals?.err }],
  ];
  for (const [group, arrays] of groups) {
    let n = -1;
    for (const [name, a] of Object.entries(arrays)) {
      if (a === undefined) continue;
      if (n < 0) n = a.length;
      else if (a.length !== n) {
        throw new ArgumentError(`${group}.${name} has length ${a.length}`, `${group}.${name}`, `length ${n}`);
      }
    }
  }
}

/** Finite positive energies of everything drawn against the energy axis [TeV]. */
function collectX(data: SedPlotData): number[] {
  const out: number[] = [];
  for (const p of pointSets(data))
    for (let i = 0; i < p.eRefTeV.length; i++) {
      const drawable = p.isUl[i] === 1 ? positive(p.ul[i]) : positive(p.value[i]);
      if (!drawable) continue;
      for (const e of [p.eRefTeV[i], p.eMinTeV[i], p.eMaxTeV[i]]) if (positive(e)) out.push(e);
    }
  if (data.model) {
    const m = data.model;
    for (let i = 0; i < m.energyTeV.length; i++)
      if (positive(m.energyTeV[i]) && positive(m.value[i])) out.push(m.energyTeV[i]);
  }
  if (data.residuals) {
    const r = data.residuals;
    for (let i = 0; i < r.eRefTeV.length; i++)
      if (positive(r.eRefTeV[i]) && Number.isFinite(r.value[i])) out.push(r.eRefTeV[i]);
  }
  return out;
}

/** Finite positive y values of points, error bar ends, upper limits and the model [unit of `sedType`]. */
function collectY(data: SedPlotData): number[] {
  const out: number[] = [];
  for (const p of pointSets(data))
    for (let i = 0; i < p.value.length; i++) {
      if (!pointX(p, i)) continue;
      if (p.isUl[i] === 1) {
        if (positive(p.ul[i])) out.push(p.ul[i], p.ul[i] / 3);
        continue;
      }
      const v = p.value[i];
      if (!positive(v)) continue;
      out.push(v);
      if (positive(v - p.errn[i])) out.push(v - p.errn[i]);
      if (positive(v + p.errp[i])) out.push(v + p.errp[i]);
    }
  const m = data.model;
  if (m) {
    for (let i = 0; i < m.energyTeV.length; i++) {
      if (!positive(m.energyTeV[i])) continue;
      if (positive(m.value[i])) out.push(m.value[i]);
      if (m.bandLo && positive(m.bandLo[i])) out.push(m.bandLo[i]);
      if (m.bandHi && positive(m.bandHi[i])) out.push(m.bandHi[i]);
    }
  }
  return out;
}

function positive(v: number): boolean {
  return Number.isFinite(v) && v > 0;
}

/** x position of point `i` [TeV]: its reference energy, or the geometric bin centre when that is missing. */
function pointX(p: SedPoints, i: number): number {
  if (positive(p.eRefTeV[i])) return p.eRefTeV[i];
  if (positive(p.eMinTeV[i]) && positive(p.eMaxTeV[i])) return Math.sqrt(p.eMinTeV[i] * p.eMaxTeV[i]);
  return 0;
}

/** Largest |log10| of a log-axis end. */
const LOG_LIMIT = 300;

/** Log-axis range covering `values` with a margin of `pad` × the span (in decades) on both sides. */
function logDomain(values: number[], fallback: [number, number], pad: number): [number, number] {
  let lo = Number.POSITIVE_INFINITY;
  let hi = Number.NEGATIVE_INFINITY;
  for (const v of values) {
    const l = Math.log10(v);
    if (l < lo) lo = l;
    if (l > hi) hi = l;
  }
  if (!(hi >= lo)) return fallback;
  const span = hi - lo;
  const margin = span > 1e-6 ? span * pad : 0.5;
  // Keep the axis within ±300 decades so that its ends and ticks stay normal floating-point numbers.
  const a = Math.max(-LOG_LIMIT, Math.min(LOG_LIMIT - 1, lo - margin));
  const b = Math.max(a + 1, Math.min(LOG_LIMIT, hi + margin));
  return [10 ** a, 10 ** b];
}

function mapAll(scale: Scale, values: ArrayLike<number>): Float64Array {
  const out = new Float64Array(values.length);
  for (let i = 0; i < values.length; i++) out[i] = scale.map(values[i]);
  return out;
}

function clipId(r: Rect): string {
  // Same geometry → same id and same definition, so several plots inlined in one page do not conflict.
  return `gammats-clip-${[r.x, r.y, r.w, r.h].map((v) => formatPx(v).replace(".", "_")).join("-")}`;
}

function clipRect(id: string, r: Rect): string {
  return svgElement("clipPath", { id }, svgElement("rect", { x: r.x, y: r.y, width: r.w, height: r.h }));
}

/** Flux points and upper limits; appends the pixel positions of the markers to `drawn` (for the legend). */
function drawPoints(
  p: SedPoints,
  xs: Scale,
  ys: Scale,
  panel: Rect,
  drawn: [number, number][],
  color: string,
): { svg: string; nPoints: number; nUl: number } {
  const parts: string[] = [];
  let nPoints = 0;
  let nUl = 0;
  const yBottom = panel.y + panel.h;
  const arrowPx = Math.max(16, Math.min(30, panel.h * 0.06));
  for (let i = 0; i < p.value.length; i++) {
    const x = xs.map(pointX(p, i));
    if (!Number.isFinite(x)) continue;
    const isUl = p.isUl[i] === 1;
    const y = ys.map(isUl ? p.ul[i] : p.value[i]);
    if (!Number.isFinite(y)) continue;
    const x0 = xs.map(p.eMinTeV[i]);
    const x1 = xs.map(p.eMaxTeV[i]);
    let d = `M${formatPx(Number.isFinite(x0) ? x0 : x)} ${formatPx(y)} L${formatPx(Number.isFinite(x1) ? x1 : x)} ${formatPx(y)}`;
    if (isUl) {
      const tip = y + arrowPx;
      d += ` M${formatPx(x)} ${formatPx(y)} L${formatPx(x)} ${formatPx(tip)}`;
      const head = `M${formatPx(x - 4)} ${formatPx(tip - 7)} L${formatPx(x)} ${formatPx(tip)} L${formatPx(x + 4)} ${formatPx(tip - 7)} Z`;
      parts.push(
        svgElement(
          "g",
          { class: "sed-ul", stroke: color, fill: color, "stroke-width": "1.5" },
          svgElement("path", { d, fill: "none" }) + svgElement("path", { d: head }),
        ),
      );
      nUl++;
    } else {
      const v = p.value[i];
      const lo = v - p.errn[i];
      const hi = v + p.errp[i];
      if (Number.isFinite(lo) || Number.isFinite(hi)) {
        // A lower error reaching zero or below runs to the bottom of the log axis, as in matplotlib.
        const yLo = Number.isFinite(lo) ? (lo > 0 ? ys.map(lo) : yBottom) : y;
        const yHi = Number.isFinite(hi) && hi > 0 ? ys.map(hi) : y;
        d += ` M${formatPx(x)} ${formatPx(yLo)} L${formatPx(x)} ${formatPx(yHi)}`;
      }
      parts.push(
        svgElement(
          "g",
          { class: "sed-point", stroke: color, fill: color, "stroke-width": "1.5" },
          svgElement("path", { d, fill: "none" }) + svgElement("circle", { cx: x, cy: y, r: 4 }),
        ),
      );
      nPoints++;
    }
    drawn.push([x, y]);
  }
  return { svg: parts.join("\n"), nPoints, nUl };
}

/** Panel frame, ticks on all four sides (labels left and, if `xLabels`, bottom). */
function frameAndTicks(r: Rect, xs: Scale, ys: Scale, xLabels: boolean): string {
  const xt = xs.log ? logTicks(xs.domain[0], xs.domain[1]) : linearTicks(xs.domain[0], xs.domain[1]);
  const yt = ys.log ? logTicks(ys.domain[0], ys.domain[1]) : linearTicks(ys.domain[0], ys.domain[1], 4);
  let ticks = "";
  const labels: string[] = [];
  const majorLen = 6;
  const minorLen = 3.5;
  const xb = r.y + r.h;
  const addX = (v: number, len: number) => {
    const x = xs.map(v);
    ticks += `M${formatPx(x)} ${formatPx(xb)} L${formatPx(x)} ${formatPx(xb - len)} M${formatPx(x)} ${formatPx(r.y)} L${formatPx(x)} ${formatPx(r.y + len)} `;
  };
  const addY = (v: number, len: number) => {
    const y = ys.map(v);
    ticks += `M${formatPx(r.x)} ${formatPx(y)} L${formatPx(r.x + len)} ${formatPx(y)} M${formatPx(r.x + r.w)} ${formatPx(y)} L${formatPx(r.x + r.w - len)} ${formatPx(y)} `;
  };
  for (const t of xt.major) {
    addX(t.value, majorLen);
    if (xLabels && t.label) {
      labels.push(
        svgElement(
          "text",
          { class: "tick-label-x", x: xs.map(t.value), y: xb + 20, "text-anchor": "middle", "font-size": TICK_FONT_PX },
          escapeXml(t.label),
        ),
      );
    }
  }
  for (const v of xt.minor) addX(v, minorLen);
  for (const t of yt.major) {
    addY(t.value, majorLen);
    if (t.label) {
      labels.push(
        svgElement(
          "text",
          {
            class: "tick-label-y",
            x: r.x - 8,
            y: ys.map(t.value),
            "text-anchor": "end",
            "dominant-baseline": "central",
            "font-size": TICK_FONT_PX,
          },
          escapeXml(t.label),
        ),
      );
    }
  }
  for (const v of yt.minor) addY(v, minorLen);
  return [
    svgElement("path", { class: "ticks", d: ticks.trim(), stroke: "black", "stroke-width": "1", fill: "none" }),
    svgElement("rect", { class: "frame", x: r.x, y: r.y, width: r.w, height: r.h, fill: "none", stroke: "black" }),
    ...labels,
  ].join("\n");
}

function axisLabel(axis: "x" | "y", text: string, r: Rect, fontPx = LABEL_FONT_PX): string {
  if (axis === "x") {
    return svgElement(
      "text",
      { class: "axis-label-x", x: r.x + r.w / 2, y: r.y + r.h + 46, "text-anchor": "middle", "font-size": fontPx },
      escapeXml(text),
    );
  }
  const x = 24;
  const y = r.y + r.h / 2;
  return svgElement(
    "text",
    {
      class: "axis-label-y",
      x,
      y,
      transform: `rotate(-90 ${formatPx(x)} ${formatPx(y)})`,
      "text-anchor": "middle",
      "font-size": fontPx,
    },
    escapeXml(text),
  );
}

type LegendEntry = { kind: "point" | "ul" | "model" | "model-band"; label: string; color?: string };

/** Legend box in the corner of the panel that covers the fewest drawn positions (upper right on ties). */
function drawLegend(entries: LegendEntry[], r: Rect, drawn: [number, number][]): string {
  const rowH = 22;
  const pad = 8;
  const swatchW = 30;
  const textW = Math.max(...entries.map((e) => e.label.length)) * TICK_FONT_PX * 0.6;
  const w = pad * 3 + swatchW + textW;
  const h = pad * 2 + rowH * entries.length - 6;
  const inset = 10;
  const corners: [number, number][] = [
    [r.x + r.w - inset - w, r.y + inset],
    [r.x + inset, r.y + inset],
    [r.x + r.w - inset - w, r.y + r.h - inset - h],
    [r.x + inset, r.y + r.h - inset - h],
  ];
  let best = corners[0];
  let bestCount = Number.POSITIVE_INFINITY;
  for (const c of corners) {
    let count = 0;
    for (const [px, py] of drawn)
      if (px >= c[0] - 5 && px <= c[0] + w + 5 && py >= c[1] - 5 && py <= c[1] + h + 5) count++;
    if (count < bestCount) {
      bestCount = count;
      best = c;
    }
  }
  const [lx, ly] = best;
  const parts = [
    svgElement("rect", {
      x: lx,
      y: ly,
      width: w,
      height: h,
      rx: 3,
      fill: "white",
      "fill-opacity": "0.85",
      stroke: "#ccc",
    }),
  ];
  entries.forEach((e, k) => {
    const cy = ly + pad + rowH * k + (rowH - 6) / 2;
    const sx = lx + pad;
    const mid = sx + swatchW / 2;
    if (e.kind === "model-band") {
      parts.push(
        svgElement("rect", { x: sx, y: cy - 6, width: swatchW, height: 12, fill: MODEL_COLOR, "fill-opacity": "0.3" }),
      );
    }
    if (e.kind === "model" || e.kind === "model-band") {
      parts.push(
        svgElement("path", {
          d: `M${formatPx(sx)} ${formatPx(cy)} L${formatPx(sx + swatchW)} ${formatPx(cy)}`,
          stroke: MODEL_COLOR,
          "stroke-width": "2",
        }),
      );
    } else if (e.kind === "point") {
      parts.push(
        svgElement("path", {
          d: `M${formatPx(sx + 4)} ${formatPx(cy)} L${formatPx(sx + swatchW - 4)} ${formatPx(cy)} M${formatPx(mid)} ${formatPx(cy - 7)} L${formatPx(mid)} ${formatPx(cy + 7)}`,
          stroke: e.color,
          "stroke-width": "1.5",
        }),
        svgElement("circle", { cx: mid, cy, r: 4, fill: e.color }),
      );
    } else {
      parts.push(
        svgElement("path", {
          d: `M${formatPx(mid)} ${formatPx(cy - 8)} L${formatPx(mid)} ${formatPx(cy + 6)} M${formatPx(mid - 4)} ${formatPx(cy + 1)} L${formatPx(mid)} ${formatPx(cy + 8)} L${formatPx(mid + 4)} ${formatPx(cy + 1)}`,
          stroke: e.color,
          "stroke-width": "1.5",
          fill: "none",
        }),
      );
    }
    parts.push(
      svgElement(
        "text",
        { x: sx + swatchW + pad, y: cy, "dominant-baseline": "central", "font-size": TICK_FONT_PX },
        escapeXml(e.label),
      ),
    );
  });
  return svgElement("g", { class: "legend" }, parts.join(""));
}

/** Residual panel: linear y axis symmetric about zero, dashed zero line, points with y error bars. */
function drawResiduals(res: NonNullable<SedPlotData["residuals"]>, xs: Scale, r: Rect, clip: string): string {
  let maxAbs = 0;
  for (let i = 0; i < res.value.length; i++) {
    const v = res.value[i];
    if (!Number.isFinite(v) || !Number.isFinite(xs.map(res.eRefTeV[i]))) continue;
    const e = Number.isFinite(res.err[i]) ? Math.abs(res.err[i]) : 0;
    maxAbs = Math.max(maxAbs, Math.abs(v) + e);
  }
  const half = maxAbs > 0 ? Math.max(1e-300, Math.min(1e300, maxAbs * 1.15)) : 1;
  const ys = makeScale(false, [-half, half], [r.y + r.h, r.y]);
  const parts: string[] = [];
  const y0 = ys.map(0);
  parts.push(
    svgElement("path", {
      class: "zero-line",
      d: `M${formatPx(r.x)} ${formatPx(y0)} L${formatPx(r.x + r.w)} ${formatPx(y0)}`,
      stroke: "black",
      "stroke-dasharray": "5 4",
      "stroke-width": "1",
    }),
  );
  const marks: string[] = [];
  for (let i = 0; i < res.value.length; i++) {
    const x = xs.map(res.eRefTeV[i]);
    const y = ys.map(res.value[i]);
    if (!Number.isFinite(x) || !Number.isFinite(y)) continue;
    const e = Math.abs(res.err[i]);
    // An error bar running off to ±infinity ends at the panel edge.
    const yLo = Number.isFinite(res.value[i] - e) ? ys.map(res.value[i] - e) : r.y + r.h;
    const yHi = Number.isFinite(res.value[i] + e) ? ys.map(res.value[i] + e) : r.y;
    const bar = Number.isFinite(e)
      ? svgElement("path", { d: `M${formatPx(x)} ${formatPx(yLo)} L${formatPx(x)} ${formatPx(yHi)}`, fill: "none" })
      : "";
    marks.push(
      svgElement(
        "g",
        { class: "sed-residual", stroke: RESIDUAL_COLOR, fill: RESIDUAL_COLOR, "stroke-width": "1.5" },
        bar + svgElement("circle", { cx: x, cy: y, r: 3.5 }),
      ),
    );
  }
  parts.push(svgElement("g", { "clip-path": `url(#${clip})` }, marks.join("")));
  parts.push(frameAndTicks(r, xs, ys, true));
  parts.push(axisLabel("x", "Energy [TeV]", r));
  parts.push(axisLabel("y", res.label ?? "Residuals", r, 13));
  return parts.join("\n");
}

/**
 * Confidence-contour plot (Gammapy's `stat_contour` result as its tutorials draw it) as an SVG string: the closed
 * contour through the points, the points themselves, and the best fit as a cross, on linear axes scaled by a power of
 * ten shown in the labels. Browser-safe.
 */
import { ArgumentError } from "../util/errors.js";
import { axisExponent, axisLabel, linearFrame } from "./corner.js";
import { escapeXml, formatPx, makeScale, svgDocument, svgElement } from "./svg.js";

/** Data of a contour plot: points (parameter units, shape (n,)), best fit, axis names and units. */
export interface ContourPlotData {
  readonly x: Float64Array;
  readonly y: Float64Array;
  readonly xBest: number;
  readonly yBest: number;
  readonly xName: string;
  readonly yName: string;
  readonly xUnit?: string;
  readonly yUnit?: string;
  readonly title?: string;
}

const LINE_COLOR = "#1f77b4";
const BEST_COLOR = "#ff7f0e";

/** The contour plot as a standalone SVG document (`widthPx` x `heightPx`, default 600 x 520). */
export function contourPlotSvg(data: ContourPlotData, widthPx = 600, heightPx = 520): string {
  if (data.x.length !== data.y.length)
    throw new ArgumentError(`x has ${data.x.length} points, y ${data.y.length}`, "y", "as many as x");
  const pts: [number, number][] = [];
  for (let i = 0; i < data.x.length; i++)
    if (Number.isFinite(data.x[i]) && Number.isFinite(data.y[i])) pts.push([data.x[i], data.y[i]]);
  const xsAll = [...pts.map((p) => p[0]), data.xBest].filter(Number.isFinite);
  const ysAll = [...pts.map((p) => p[1]), data.yBest].filter(Number.isFinite);
  const range = (v: number[]): [number, number] => {
    let lo = Math.min(...v);
    let hi = Math.max(...v);
    if (!(hi > lo)) [lo, hi] = [lo - 1, hi + 1];
    const pad = 0.12 * (hi - lo);
    return [lo - pad, hi + pad];
  };
  const [x0, x1] = range(xsAll.length ? xsAll : [0, 1]);
  const [y0, y1] = range(ysAll.length ? ysAll : [0, 1]);
  const ex = axisExponent(x0, x1);
  const ey = axisExponent(y0, y1);
  const fx = 10 ** -ex;
  const fy = 10 ** -ey;
  const top = data.title ? 44 : 20;
  const r = { x: 90, y: top, w: widthPx - 90 - 24, h: heightPx - top - 60 };
  const xs = makeScale(false, [x0 * fx, x1 * fx], [r.x, r.x + r.w]);
  const ys = makeScale(false, [y0 * fy, y1 * fy], [r.y + r.h, r.y]);
  const body: string[] = [linearFrame(r, xs, ys, true, true)];
  if (pts.length > 1) {
    const d = `${pts.map(([x, y], i) => `${i ? "L" : "M"}${formatPx(xs.map(x * fx))} ${formatPx(ys.map(y * fy))}`).join(" ")} Z`;
    body.push(
      svgElement("path", { class: "contour", d, fill: LINE_COLOR, "fill-opacity": "0.15", stroke: LINE_COLOR }),
    );
  }
  for (const [x, y] of pts)
    body.push(
      svgElement("circle", {
        class: "contour-point",
        cx: xs.map(x * fx),
        cy: ys.map(y * fy),
        r: 3.5,
        fill: LINE_COLOR,
      }),
    );
  if (Number.isFinite(data.xBest) && Number.isFinite(data.yBest)) {
    const bx = xs.map(data.xBest * fx);
    const by = ys.map(data.yBest * fy);
    body.push(
      svgElement("path", {
        class: "best-fit",
        d: `M${formatPx(bx - 6)} ${formatPx(by)} L${formatPx(bx + 6)} ${formatPx(by)} M${formatPx(bx)} ${formatPx(by - 6)} L${formatPx(bx)} ${formatPx(by + 6)}`,
        stroke: BEST_COLOR,
        "stroke-width": "2.5",
      }),
    );
  }
  const text = (attrs: Record<string, string | number>, s: string) => svgElement("text", attrs, escapeXml(s));
  body.push(
    text(
      { class: "axis-label-x", x: r.x + r.w / 2, y: r.y + r.h + 44, "text-anchor": "middle", "font-size": 14 },
      axisLabel(data.xName, data.xUnit ?? "", ex),
    ),
    text(
      {
        class: "axis-label-y",
        x: 22,
        y: r.y + r.h / 2,
        "text-anchor": "middle",
        "font-size": 14,
        transform: `rotate(-90 22 ${formatPx(r.y + r.h / 2)})`,
      },
      axisLabel(data.yName, data.yUnit ?? "", ey),
    ),
  );
  if (data.title)
    body.push(text({ class: "title", x: widthPx / 2, y: 28, "text-anchor": "middle", "font-size": 16 }, data.title));
  return svgDocument(widthPx, heightPx, body, []);
}

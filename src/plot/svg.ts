/**
 * Small, dependency-free helpers for writing SVG as strings: XML escaping, coordinate formatting, path building,
 * axis scales, "nice" tick positions on log and linear axes, and tick labels such as `10⁻¹²` with Unicode
 * superscripts. Browser-safe.
 */
import { ArgumentError, GammatsError } from "../util/errors.js";

/** Escapes `&`, `<`, `>`, `"` and `'` for use in SVG text content and attribute values. */
export function escapeXml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => XML_ENTITIES[c]!);
}

const XML_ENTITIES: Record<string, string> = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&apos;" };

/**
 * Formats an SVG coordinate or length (pixels) with at most two decimals and no trailing zeros. Throws a
 * `GammatsError` (`NON_FINITE`) for NaN or ±Infinity, so that a plot never contains `NaN`: callers skip
 * non-finite data before they reach this point.
 */
export function formatPx(px: number): string {
  if (!Number.isFinite(px)) throw new GammatsError("NON_FINITE", `non-finite SVG coordinate ${px}`);
  const r = Math.round(px * 100) / 100;
  return Object.is(r, -0) ? "0" : String(r);
}

/** Attribute values of an SVG element; `undefined` entries are left out. Numbers are formatted with `formatPx`. */
export type SvgAttrs = Record<string, string | number | undefined>;

/**
 * One SVG element as a string: `<tag a="1"/>` without content, `<tag a="1">content</tag>` with it. Attribute
 * values are escaped; `content` is inserted as is (escape text with `escapeXml`).
 */
export function svgElement(tag: string, attrs: SvgAttrs, content?: string): string {
  let s = `<${tag}`;
  for (const [key, value] of Object.entries(attrs)) {
    if (value === undefined) continue;
    s += ` ${key}="${typeof value === "number" ? formatPx(value) : escapeXml(value)}"`;
  }
  return content === undefined ? `${s}/>` : `${s}>${content}</${tag}>`;
}

/**
 * Path data (`d`) of a polyline through the pixel points `(xs[i], ys[i])`. A non-finite coordinate breaks the
 * line: the next finite point starts a new sub-path. Returns `""` when no point is finite.
 */
export function polylinePath(xs: ArrayLike<number>, ys: ArrayLike<number>): string {
  const n = Math.min(xs.length, ys.length);
  let d = "";
  let pen = false;
  for (let i = 0; i < n; i++) {
    const x = xs[i];
    const y = ys[i];
    if (!Number.isFinite(x) || !Number.isFinite(y)) {
      pen = false;
      continue;
    }
    d += `${d ? " " : ""}${pen ? "L" : "M"}${formatPx(x)} ${formatPx(y)}`;
    pen = true;
  }
  return d;
}

/**
 * Path data (`d`) of closed polygons filling the band between the pixel curves `yLo` and `yHi` over `xs` (e.g. a
 * model's error band). Indices where any of the three values is non-finite split the band into separate
 * polygons; runs shorter than two points are dropped. Returns `""` when nothing is left.
 */
export function bandPath(xs: ArrayLike<number>, yLo: ArrayLike<number>, yHi: ArrayLike<number>): string {
  const n = Math.min(xs.length, yLo.length, yHi.length);
  const parts: string[] = [];
  let start = -1;
  for (let i = 0; i <= n; i++) {
    const ok = i < n && Number.isFinite(xs[i]) && Number.isFinite(yLo[i]) && Number.isFinite(yHi[i]);
    if (ok && start < 0) start = i;
    if (!ok && start >= 0) {
      if (i - start >= 2) {
        let d = "";
        for (let j = start; j < i; j++) d += `${j === start ? "M" : " L"}${formatPx(xs[j])} ${formatPx(yHi[j])}`;
        for (let j = i - 1; j >= start; j--) d += ` L${formatPx(xs[j])} ${formatPx(yLo[j])}`;
        parts.push(`${d} Z`);
      }
      start = -1;
    }
  }
  return parts.join(" ");
}

/** Font family of all figures (matplotlib's default DejaVu Sans first). */
export const FIGURE_FONT = "DejaVu Sans, Liberation Sans, Arial, Helvetica, sans-serif";

/**
 * A standalone SVG document of `width` x `height` px on a white background: optional `defs` (clip paths,
 * gradients), then the non-empty `body` elements in order.
 */
export function svgDocument(
  width: number,
  height: number,
  body: readonly string[],
  defs: readonly string[] = [],
): string {
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" width="${formatPx(width)}" height="${formatPx(height)}" ` +
    `viewBox="0 0 ${formatPx(width)} ${formatPx(height)}" font-family="${escapeXml(FIGURE_FONT)}">\n` +
    (defs.length ? `<defs>${defs.join("")}</defs>\n` : "") +
    `${svgElement("rect", { x: 0, y: 0, width, height, fill: "white" })}\n` +
    `${body.filter((s) => s).join("\n")}\n</svg>\n`
  );
}

/** Largest pixel coordinate magnitude a scale returns; keeps far-off values finite and renderable. */
const PX_LIMIT = 1e6;

/**
 * A map from data values to pixel coordinates along one axis. `log` scales map `log10(value)`; they return NaN
 * for values that are not finite and positive (callers skip those). Results are clamped to ±1e6 px.
 */
export interface Scale {
  /** Whether the axis is logarithmic. */
  readonly log: boolean;
  /** Data range `[lo, hi]` shown on the axis (data units; both positive for log scales). */
  readonly domain: readonly [number, number];
  /** Pixel coordinates of `domain[0]` and `domain[1]` (the second is smaller than the first on a y axis). */
  readonly range: readonly [number, number];
  /** Pixel coordinate of a data value; NaN when it cannot be shown (non-finite, or ≤ 0 on a log axis). */
  map(value: number): number;
}

/**
 * A linear or logarithmic scale from the data interval `domain` (both > 0 and finite for log) to the pixel
 * interval `range`. Throws an `ArgumentError` for an empty or invalid domain.
 */
export function makeScale(log: boolean, domain: readonly [number, number], range: readonly [number, number]): Scale {
  const [d0, d1] = domain;
  const valid = Number.isFinite(d0) && Number.isFinite(d1) && d1 > d0 && (!log || d0 > 0);
  if (!valid) throw new ArgumentError(`invalid ${log ? "log" : "linear"} axis range [${d0}, ${d1}]`, "domain");
  const t0 = log ? Math.log10(d0) : d0;
  const slope = (range[1] - range[0]) / ((log ? Math.log10(d1) : d1) - t0);
  return {
    log,
    domain: [d0, d1],
    range: [range[0], range[1]],
    map(value: number): number {
      if (!Number.isFinite(value) || (log && value <= 0)) return Number.NaN;
      const px = range[0] + ((log ? Math.log10(value) : value) - t0) * slope;
      return Math.max(-PX_LIMIT, Math.min(PX_LIMIT, px));
    },
  };
}

/** A tick on an axis: data value and label (`""` for an unlabelled tick). */
export interface Tick {
  /** Position, in data units. */
  readonly value: number;
  /** Label text (Unicode, not escaped), or `""`. */
  readonly label: string;
}

/** Major and minor ticks of an axis. */
export interface Ticks {
  /** Long, usually labelled ticks. */
  readonly major: Tick[];
  /** Short, unlabelled ticks. */
  readonly minor: number[];
}

const SUPERSCRIPT: Record<string, string> = {
  "0": "⁰",
  "1": "¹",
  "2": "²",
  "3": "³",
  "4": "⁴",
  "5": "⁵",
  "6": "⁶",
  "7": "⁷",
  "8": "⁸",
  "9": "⁹",
  "-": "⁻",
  "+": "⁺",
};

/** An integer written in Unicode superscript digits, e.g. `-12` → `⁻¹²`. */
export function superscript(n: number): string {
  return String(Math.trunc(n))
    .split("")
    .map((c) => SUPERSCRIPT[c] ?? c)
    .join("");
}

/** Label of the power of ten `10^exponent`, e.g. `10⁻¹²`, `10⁰`, `10³` (matplotlib's log-axis style). */
export function formatDecade(exponent: number): string {
  return `10${superscript(exponent)}`;
}

/**
 * Label of `mantissa × 10^exponent` in scientific notation, e.g. `2×10⁻¹`; the mantissa 1 gives `10⁻¹`.
 * `mantissa` is written with at most three significant digits.
 */
export function formatScientific(mantissa: number, exponent: number): string {
  if (mantissa === 1) return formatDecade(exponent);
  return `${Number(mantissa.toPrecision(3))}×${formatDecade(exponent)}`;
}

/** Minus sign used in labels (U+2212, as matplotlib). */
const MINUS = "\u2212";

/**
 * Label of a number on a linear axis with tick spacing `step`: as many decimals as the step needs, a typographic
 * minus, and `0` for values that are zero up to rounding. Falls back to scientific notation (`2.5×10⁻⁴`) for
 * magnitudes ≥ 1e5 or steps < 1e-3.
 */
export function formatLinear(value: number, step: number): string {
  if (Math.abs(value) < Math.abs(step) * 1e-9) return "0";
  const sign = value < 0 ? MINUS : "";
  const a = Math.abs(value);
  if (a >= 1e5 || Math.abs(step) < 1e-3) {
    const e = Math.floor(Math.log10(a));
    return sign + formatScientific(Number((a / 10 ** e).toPrecision(3)), e);
  }
  const decimals = Math.max(0, Math.min(10, -Math.floor(Math.log10(Math.abs(step)) + 1e-9)));
  return sign + a.toFixed(decimals);
}

/**
 * Ticks of a logarithmic axis over `[lo, hi]` (both > 0). Major ticks sit at the powers of ten inside the range,
 * labelled `10ⁿ`; when more than `maxLabels` decades fit, only every k-th decade is labelled. Minor ticks sit at
 * 2…9 × 10ⁿ when the range spans at most 12 decades. When fewer than two decades fall inside the range, the
 * minor positions are labelled too (`2×10⁻¹`, `5×10⁻¹` …, thinned to at most `maxLabels`) so that the axis can be
 * read. Throws an `ArgumentError` for an invalid range.
 */
export function logTicks(lo: number, hi: number, maxLabels = 8): Ticks {
  if (!(Number.isFinite(lo) && Number.isFinite(hi) && lo > 0 && hi > lo)) {
    throw new ArgumentError(`invalid log axis range [${lo}, ${hi}]`, "range");
  }
  const tol = 1e-9;
  const e0 = Math.ceil(Math.log10(lo) - tol);
  const e1 = Math.floor(Math.log10(hi) + tol);
  const decades = [];
  for (let e = e0; e <= e1; e++) decades.push(e);
  const inRange = (v: number) => v >= lo * (1 - tol) && v <= hi * (1 + tol);
  const minorAll: { value: number; mantissa: number; exponent: number }[] = [];
  if (Math.log10(hi / lo) <= 12) {
    for (let e = Math.floor(Math.log10(lo)); e <= Math.ceil(Math.log10(hi)); e++) {
      for (let m = 2; m <= 9; m++) {
        const v = m * 10 ** e;
        if (inRange(v)) minorAll.push({ value: v, mantissa: m, exponent: e });
      }
    }
  }
  if (decades.length >= 2) {
    const every = Math.max(1, Math.ceil(decades.length / maxLabels));
    return {
      major: decades.map((e) => ({ value: 10 ** e, label: (e - e0) % every === 0 ? formatDecade(e) : "" })),
      minor: minorAll.map((t) => t.value),
    };
  }
  // Less than two decades: label the decade (if any) and a thinned selection of the 2…9 positions.
  const candidates = [...decades.map((e) => ({ value: 10 ** e, mantissa: 1, exponent: e })), ...minorAll].sort(
    (a, b) => a.value - b.value,
  );
  const preferred = candidates.filter((t) => t.mantissa === 1 || t.mantissa === 2 || t.mantissa === 5);
  const chosen = preferred.length >= 2 && candidates.length > maxLabels ? preferred : candidates;
  const every = Math.max(1, Math.ceil(chosen.length / maxLabels));
  const labelled = new Set(chosen.filter((_, i) => i % every === 0).map((t) => t.value));
  return {
    major: candidates
      .filter((t) => labelled.has(t.value))
      .map((t) => ({ value: t.value, label: formatScientific(t.mantissa, t.exponent) })),
    minor: candidates.filter((t) => !labelled.has(t.value)).map((t) => t.value),
  };
}

/**
 * "Nice" ticks of a linear axis over `[lo, hi]`: a step of 1, 2 or 5 × 10ⁿ giving about `target` intervals;
 * every tick is labelled with `formatLinear`. Throws an `ArgumentError` for an invalid range.
 */
export function linearTicks(lo: number, hi: number, target = 5): Ticks {
  if (!(Number.isFinite(lo) && Number.isFinite(hi) && hi > lo)) {
    throw new ArgumentError(`invalid linear axis range [${lo}, ${hi}]`, "range");
  }
  const step = niceStep((hi - lo) / Math.max(1, target));
  const major: Tick[] = [];
  const first = Math.ceil(lo / step - 1e-9);
  const last = Math.floor(hi / step + 1e-9);
  for (let k = first; k <= last; k++) {
    const v = k * step;
    major.push({ value: v, label: formatLinear(v, step) });
  }
  return { major, minor: [] };
}

/** The value of 1, 2, 5 × 10ⁿ nearest to `raw` (> 0) in log space, e.g. 0.13 → 0.1, 0.16 → 0.2, 4 → 5. */
export function niceStep(raw: number): number {
  const e = Math.floor(Math.log10(raw));
  const base = 10 ** e;
  const f = raw / base;
  return (f < Math.SQRT2 ? 1 : f < Math.sqrt(10) ? 2 : f < Math.sqrt(50) ? 5 : 10) * base;
}

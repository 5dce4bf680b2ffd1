/**
 * Node entry point of the plot layer: SVG → PNG rasterisation with `@resvg/resvg-js` (system fonts) and atomic
 * writes of figures to files.
 */
import { createRequire } from "node:module";
import { writeFileAtomic } from "../fits/node.js";
import { ArgumentError } from "../util/errors.js";

/** Default width of rasterised figures [px]. */
export const DEFAULT_PNG_WIDTH_PX = 1200;

/**
 * Rasterises an SVG document to PNG bytes, scaled to `widthPx` pixels wide (height keeps the aspect ratio). Text
 * uses the system fonts. Throws an `ArgumentError` for a width that is not a positive integer, and resvg's error
 * for an SVG it cannot parse.
 */
export function svgToPng(svg: string, widthPx: number = DEFAULT_PNG_WIDTH_PX): Uint8Array {
  if (!(Number.isInteger(widthPx) && widthPx > 0)) {
    throw new ArgumentError(`invalid PNG width ${widthPx}`, "widthPx", "a positive integer");
  }
  // loaded on first use: the native renderer costs ~13 MB of memory that analyses without figures need not pay
  const { Resvg } = createRequire(import.meta.url)("@resvg/resvg-js") as typeof import("@resvg/resvg-js");
  const resvg = new Resvg(svg, { font: { loadSystemFonts: true }, fitTo: { mode: "width", value: widthPx } });
  return new Uint8Array(resvg.render().asPng());
}

/** Writes an SVG document to `path` as PNG (see `svgToPng`), atomically (temporary file + rename). */
export function writePng(path: string, svg: string, widthPx: number = DEFAULT_PNG_WIDTH_PX): void {
  writeFileAtomic(path, svgToPng(svg, widthPx));
}

/** Writes an SVG document to `path` as UTF-8 text, atomically (temporary file + rename). */
export function writeSvg(path: string, svg: string): void {
  writeFileAtomic(path, svg);
}

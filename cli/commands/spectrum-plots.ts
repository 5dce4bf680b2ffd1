/** Writes spectrum.svg and spectrum.png of a fitted 1D analysis. */
import { join } from "node:path";
import type { Analysis } from "../../src/analysis/analysis.js";
import { writeFileAtomic } from "../../src/fits/node.js";
import { sedPlotSvg } from "../../src/plot/index.js";
import { writePng } from "../../src/plot/node.js";
import { spectrumPlotData } from "../../src/plot/spectrum-data.js";

/** Writes the SED figure of `source` (flux points, model, band, residuals); returns the file names written. */
export function writeSpectrumPlots(outDir: string, analysis: Analysis, source: string): string[] {
  const fp = analysis.fluxPoints;
  const fit = analysis.fitResult;
  if (!fp || !fit || !analysis.models) return [];
  const model = analysis.models.get(source).spectralModel;
  const data = spectrumPlotData(fp, model, fit.parameters, fit.covariance, `${source}: ${model.tag}`);
  const svg = sedPlotSvg(data);
  writeFileAtomic(join(outDir, "spectrum.svg"), svg);
  writePng(join(outDir, "spectrum.png"), svg);
  return ["spectrum.svg", "spectrum.png"];
}

/**
 * Builds the data of an SED plot from fit results: flux points (as E² dN/dE), the fitted spectral model with its
 * error band sampled from the fit covariance, and residuals (data - model) / model at the points.
 */
import { type FluxPoints, sedQuantities } from "../estimators/flux-points.js";
import { isUpperLimit } from "../estimators/flux-points-io.js";
import { sampleSpectralErrorBand } from "../modeling/error-band.js";
import type { Parameters } from "../modeling/parameter.js";
import type { SpectralModel } from "../modeling/spectral.js";
import type { SedPlotData } from "./sed.js";

/**
 * SED plot data (E² dN/dE in TeV cm-2 s-1) of flux points and a fitted model. `covariance` is over `parameters`
 * (n x n, row-major, e.g. a `FitResult`'s); the model's block is taken from it for the band (1000 samples).
 */
export function spectrumPlotData(
  fluxPoints: FluxPoints,
  model: SpectralModel,
  parameters: Parameters,
  covariance: Float64Array,
  title?: string,
): SedPlotData {
  const q = sedQuantities(fluxPoints, "e2dnde");
  const n = fluxPoints.norm.length;
  const eLo = Math.min(...fluxPoints.eMinTeV);
  const eHi = Math.max(...fluxPoints.eMaxTeV);
  const nE = 100;
  const energy = Float64Array.from({ length: nE }, (_, i) => eLo * (eHi / eLo) ** (i / (nE - 1)));
  const e2 = (v: Float64Array) => v.map((x, i) => x * energy[i] * energy[i]);
  const value = e2(model.evaluate(energy));
  const idx = [...model.parameters].map((p) => parameters.indexOf(p));
  const m = idx.length;
  const n0 = parameters.length;
  const sub = new Float64Array(m * m);
  for (let i = 0; i < m; i++)
    for (let j = 0; j < m; j++) sub[i * m + j] = idx[i] < 0 || idx[j] < 0 ? 0 : covariance[idx[i] * n0 + idx[j]];
  let bandLo: Float64Array | undefined;
  let bandHi: Float64Array | undefined;
  if (sub.some((v) => v !== 0)) {
    const band = sampleSpectralErrorBand(model, sub, energy, { nSamples: 1000, seed: 42 });
    bandLo = e2(band.lo);
    bandHi = e2(band.hi);
  }
  const modelAtRef = model.evaluate(fluxPoints.eRefTeV);
  const dnde = sedQuantities(fluxPoints, "dnde");
  const residual = new Float64Array(n);
  const residualErr = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    residual[i] = (dnde.value[i] - modelAtRef[i]) / modelAtRef[i];
    residualErr[i] = dnde.err[i] / modelAtRef[i];
  }
  return {
    title,
    sedType: "e2dnde",
    points: {
      eRefTeV: fluxPoints.eRefTeV,
      eMinTeV: fluxPoints.eMinTeV,
      eMaxTeV: fluxPoints.eMaxTeV,
      value: q.value,
      errn: q.errn.map((v, i) => (Number.isFinite(v) ? v : q.err[i])),
      errp: q.errp.map((v, i) => (Number.isFinite(v) ? v : q.err[i])),
      ul: q.ul,
      isUl: isUpperLimit(fluxPoints),
    },
    model: { energyTeV: energy, value, bandLo, bandHi, label: model.tag.replace("SpectralModel", "") },
    residuals: { eRefTeV: fluxPoints.eRefTeV, value: residual, err: residualErr, label: "(data - model) / model" },
  };
}

/**
 * Builds the data of an SED plot from fit results: flux points (as E² dN/dE), the fitted spectral model with its
 * error band sampled from the fit covariance, and residuals (data - model) / model at the points.
 */
import type { Dataset } from "../datasets/dataset.js";
import { fitEnergyRange, type MaskedEnergyDataset } from "../datasets/fit-range.js";
import { FluxPointsDataset } from "../datasets/flux-points-dataset.js";
import { type FluxPoints, sedQuantities } from "../estimators/flux-points.js";
import { isUpperLimit } from "../estimators/flux-points-io.js";
import { sampleSpectralErrorBand } from "../modeling/error-band.js";
import type { SkyModel } from "../modeling/models.js";
import type { Parameters } from "../modeling/parameter.js";
import type { SpectralModel } from "../modeling/spectral.js";
import type { SedPlotData, SedPoints } from "./sed.js";

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
  const n = fluxPoints.norm.length;
  const curve = modelCurve(
    model,
    parameters,
    covariance,
    Math.min(...fluxPoints.eMinTeV),
    Math.max(...fluxPoints.eMaxTeV),
  );
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
    points: estimatedPoints(fluxPoints),
    model: curve,
    residuals: { eRefTeV: fluxPoints.eRefTeV, value: residual, err: residualErr, label: "(data - model) / model" },
  };
}

/** E² dN/dE points of estimated flux points (asymmetric errors, falling back to the symmetric one). */
function estimatedPoints(fp: FluxPoints, label?: string): SedPoints {
  const q = sedQuantities(fp, "e2dnde");
  return {
    eRefTeV: fp.eRefTeV,
    eMinTeV: fp.eMinTeV,
    eMaxTeV: fp.eMaxTeV,
    value: q.value,
    errn: q.errn.map((v, i) => (Number.isFinite(v) ? v : q.err[i])),
    errp: q.errp.map((v, i) => (Number.isFinite(v) ? v : q.err[i])),
    ul: q.ul,
    isUl: fp.isUl ?? isUpperLimit(fp),
    label,
  };
}

/** E² dN/dE points of a flux-points dataset (TeV cm-2 s-1; errn/errp falling back to err). */
function datasetPoints(d: FluxPointsDataset): SedPoints {
  const p = d.data;
  const e2 = (a: Float64Array | undefined) => Float64Array.from(p.eRefTeV, (e, i) => (a ? a[i] * e * e : Number.NaN));
  const err = e2(d.dndeErr);
  const errn = e2(d.dndeErrn).map((v, i) => (Number.isFinite(v) ? v : err[i]));
  const errp = e2(d.dndeErrp).map((v, i) => (Number.isFinite(v) ? v : err[i]));
  return {
    eRefTeV: p.eRefTeV,
    eMinTeV: p.eMinTeV,
    eMaxTeV: p.eMaxTeV,
    value: e2(d.dnde),
    errn,
    errp,
    ul: e2(d.dndeUl),
    isUl: p.isUl,
    label: d.name,
  };
}

/**
 * The model line of an SED (E² dN/dE on 100 log-spaced energies between eLo and eHi, TeV) with its 1-sigma band
 * sampled from the model's block of `covariance` (over `parameters`, n x n; 1000 samples, seed 42).
 */
function modelCurve(
  model: SpectralModel,
  parameters: Parameters,
  covariance: Float64Array,
  eLo: number,
  eHi: number,
): NonNullable<SedPlotData["model"]> {
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
  return { energyTeV: energy, value, bandLo, bandHi, label: model.tag.replace("SpectralModel", "") };
}

/**
 * SED plot data of a joint fit: the points of every flux-points dataset and the flux points estimated for other
 * datasets (by dataset name), each set with its own colour, and the fitted model of `source` with its error band
 * (from the fit's covariance) over the energy range of all points.
 */
export function jointSedPlotData(
  datasets: Iterable<Dataset>,
  estimated: ReadonlyMap<string, FluxPoints>,
  source: SkyModel,
  fit: { readonly parameters: Parameters; readonly covariance: Float64Array },
  title?: string,
): SedPlotData {
  const sets: SedPoints[] = [];
  let eLo = Number.POSITIVE_INFINITY;
  let eHi = 0;
  const extend = (lo: ArrayLike<number>, hi: ArrayLike<number>) => {
    for (let i = 0; i < lo.length; i++) {
      if (lo[i] > 0) eLo = Math.min(eLo, lo[i]);
      if (hi[i] > 0) eHi = Math.max(eHi, hi[i]);
    }
  };
  for (const d of datasets) {
    const fp = estimated.get(d.name);
    if (d instanceof FluxPointsDataset) {
      sets.push(datasetPoints(d));
      extend(d.data.eMinTeV, d.data.eMaxTeV);
    } else if (fp) {
      sets.push(estimatedPoints(fp, d.name));
      extend(fp.eMinTeV, fp.eMaxTeV);
    } else if ("energyAxis" in d && "mask" in d) {
      const range = fitEnergyRange(d as Dataset & MaskedEnergyDataset);
      if (range) extend([range[0]], [range[1]]);
    }
  }
  if (!(eHi > eLo)) [eLo, eHi] = [0.1, 100];
  return {
    title,
    sedType: "e2dnde",
    points: sets,
    model: modelCurve(source.spectralModel, fit.parameters, fit.covariance, eLo, eHi),
  };
}

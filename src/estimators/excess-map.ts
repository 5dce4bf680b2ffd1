/**
 * Excess and significance maps of a map dataset (Gammapy's `ExcessMapEstimator`, Cash case): counts and predicted
 * background are summed over energy groups and correlated with a top-hat of `correlationRadius` (astropy's
 * `Tophat2DKernel` sampled at pixel centres, peak-normalised); per pixel the Cash counts statistic gives ts, sqrt_ts,
 * excess and its errors; norms are relative to a reference power law (index 2) folded through exposure and dispersion.
 */
import { transformArrays } from "../coords/frames.js";
import type { MapDataset } from "../datasets/map-dataset.js";
import { MapAxis } from "../maps/axis.js";
import { convolveSame } from "../maps/convolve.js";
import type { WcsGeom } from "../maps/wcs-geom.js";
import type { SpectralModel } from "../modeling/spectral.js";
import { createSpectralModel, PowerLaw } from "../modeling/spectral.js";
import { CashCountsStatistic } from "../stats/index.js";
import { energyGroupRange } from "./flux-points.js";

/** Options of `estimateExcessMap` (Gammapy's defaults). */
export interface ExcessMapOptions {
  /** Correlation radius (deg), default 0.1. */
  readonly correlationRadiusDeg?: number;
  /** Reco-energy edges of the output (TeV); default one bin over the dataset's axis. */
  readonly energyEdgesTeV?: ArrayLike<number>;
  readonly nSigma?: number;
  readonly nSigmaUl?: number;
  readonly selectionOptional?: ReadonlyArray<"errn-errp" | "ul">;
  /** Reference spectrum for norms (default PowerLaw index 2, amplitude 1e-12 cm-2 s-1 TeV-1). */
  readonly spectralModel?: SpectralModel;
}

/** Flux maps in Gammapy's "likelihood" representation: named quantities on `geom` (energy, lat, lon), NaN outside the mask. */
export interface ExcessMaps {
  readonly geom: WcsGeom;
  readonly maps: Readonly<Record<string, Float64Array>>;
  readonly nSigma: number;
  readonly nSigmaUl: number;
}

/** astropy's `Tophat2DKernel(radius)` (mode "center"), peak-normalised: ones within `radius` pixels. Odd size. */
export function tophatKernel(radiusPix: number): { data: Float64Array; size: number } {
  const size = Math.floor(Math.ceil(2 * radiusPix) / 2) * 2 + 1;
  const c = (size - 1) / 2;
  const data = new Float64Array(size * size);
  for (let y = 0; y < size; y++)
    for (let x = 0; x < size; x++) data[y * size + x] = (x - c) ** 2 + (y - c) ** 2 <= radiusPix * radiusPix ? 1 : 0;
  return { data, size };
}

/** The output grid shared by the excess-map estimators: energy groups of the dataset's reco axis, output geometry and a top-hat correlation. */
export interface ExcessMapGrid {
  /** Per output bin, the [start, stop) range of input energy bins. */
  readonly groups: ReadonlyArray<readonly [number, number]>;
  /** The input geometry with the grouped energy axis. */
  readonly outGeom: WcsGeom;
  /** Pixels per spatial image (nx x ny). */
  readonly npix: number;
  /** Number of output energy bins. */
  readonly nOut: number;
  /** Correlates one (ny, nx) image with the top-hat of `correlationRadiusDeg` (same shape, new array). */
  readonly conv: (image: Float64Array) => Float64Array;
}

/** Builds the output grid of an excess map from the dataset geometry, `energyEdgesTeV` and `correlationRadiusDeg` (default 0.1). */
export function excessMapGrid(
  geom: WcsGeom,
  options: { readonly energyEdgesTeV?: ArrayLike<number>; readonly correlationRadiusDeg?: number },
): ExcessMapGrid {
  const eAxis = geom.axes.axes[0];
  const edges = options.energyEdgesTeV ?? [eAxis.edges[0], eAxis.edges[eAxis.nbin]];
  const [nx, ny] = geom.npix;
  const npix = nx * ny;
  const nOut = edges.length - 1;
  const groups = Array.from({ length: nOut }, (_, b) => energyGroupRange(eAxis, edges[b], edges[b + 1]));
  const outAxis = MapAxis.fromEnergyEdges(
    groups.flatMap(([s], b) => (b === 0 ? [eAxis.edges[s], eAxis.edges[groups[b][1]]] : [eAxis.edges[groups[b][1]]])),
  );
  const radiusPix =
    (options.correlationRadiusDeg ?? 0.1) / ((Math.abs(geom.pixelScales[0]) + Math.abs(geom.pixelScales[1])) / 2);
  const kernel = tophatKernel(radiusPix);
  const conv = (image: Float64Array) =>
    convolveSame(image, ny, nx, kernel.data, kernel.size, kernel.size, new Float64Array(npix));
  return { groups, outGeom: geom.withAxes([outAxis]), npix, nOut, conv };
}

/** Estimates excess, TS and significance maps of a (Cash) map dataset, as Gammapy's `ExcessMapEstimator.run`. */
export function estimateExcessMap(dataset: MapDataset, options: ExcessMapOptions = {}): ExcessMaps {
  const { groups, outGeom, npix, nOut, conv } = excessMapGrid(dataset.counts.geom, options);
  const counts = dataset.counts.data;
  const npred = dataset.npred();
  const safe = dataset.maskSafe;
  const fit = dataset.maskFit;
  const nSigma = options.nSigma ?? 1;
  const nSigmaUl = options.nSigmaUl ?? 2;
  const optional = new Set(options.selectionOptional ?? []);
  const names = ["npred", "npred_excess", "counts", "ts", "sqrt_ts", "norm", "norm_err"];
  if (optional.has("errn-errp")) names.push("norm_errn", "norm_errp");
  if (optional.has("ul")) names.push("norm_ul");
  const maps: Record<string, Float64Array> = Object.fromEntries(names.map((n) => [n, new Float64Array(nOut * npix)]));
  const recoExposure = referenceRecoExposure(dataset, options.spectralModel, groups);
  const nOn = new Float64Array(npix);
  const bkg = new Float64Array(npix);
  const mask = new Float64Array(npix);
  const expo = new Float64Array(npix);
  const tmp = new Float64Array(npix);
  for (let b = 0; b < nOut; b++) {
    const [start, stop] = groups[b];
    nOn.fill(0);
    bkg.fill(0);
    mask.fill(0);
    for (let e = start; e < stop; e++)
      for (let i = 0; i < npix; i++) {
        const k = e * npix + i;
        if (safe[k]) nOn[i] += Number(counts[k]);
        bkg[i] += npred[k];
        if (fit ? safe[k] && fit[k] : safe[k]) mask[i] = 1;
      }
    for (let i = 0; i < npix; i++) {
      nOn[i] *= mask[i];
      bkg[i] *= mask[i];
    }
    const nOnConv = conv(nOn).map(Math.round);
    const bkgConv = conv(bkg);
    for (let i = 0; i < npix; i++) tmp[i] = recoExposure[b * npix + i];
    const expoConv = conv(tmp);
    const maskConv = conv(mask);
    for (let i = 0; i < npix; i++) expo[i] = expoConv[i] / maskConv[i];
    const stat = new CashCountsStatistic(nOnConv, bkgConv);
    const put = (name: string, values: ArrayLike<number>, scale?: Float64Array) => {
      const out = maps[name];
      for (let i = 0; i < npix; i++) out[b * npix + i] = mask[i] ? values[i] / (scale ? scale[i] : 1) : Number.NaN;
    };
    put("npred", stat.nOn);
    put("counts", stat.nOn);
    put("npred_excess", stat.nSig);
    put("ts", stat.ts);
    put("sqrt_ts", stat.sqrtTs);
    put("norm", stat.nSig, expo);
    put(
      "norm_err",
      stat.error.map((v) => v * nSigma),
      expo,
    );
    if (optional.has("errn-errp")) {
      put("norm_errn", stat.errn(nSigma), expo);
      put("norm_errp", stat.errp(nSigma), expo);
    }
    if (optional.has("ul")) put("norm_ul", stat.computeUpperLimit(nSigmaUl), expo);
  }
  return { geom: outGeom, maps, nSigma, nSigmaUl };
}

/**
 * Predicted counts per output energy group and pixel of a reference spectrum with one unit of "constant flux" per
 * pixel: flux integral per true bin x exposure, folded with the dispersion matrix at the map centre (Gammapy's
 * `estimate_exposure_reco_energy(normalize=False)`). Shape (nGroups, ny, nx).
 */
function referenceRecoExposure(
  dataset: MapDataset,
  spectralModel: SpectralModel | undefined,
  groups: ReadonlyArray<readonly [number, number]>,
): Float64Array {
  const model = spectralModel ?? createSpectralModel(PowerLaw, { index: 2, amplitude: 1e-12 });
  const expGeom = dataset.exposure.geom;
  const tAxis = expGeom.axes.axes[0];
  const [nx, ny] = expGeom.npix;
  const npix = nx * ny;
  const flux = model.integral(tAxis.edgesMin, tAxis.edgesMax);
  const nE = dataset.counts.geom.axes.axes[0].nbin;
  const c = dataset.counts.geom.centerSkydir;
  const icrs = transformArrays([c.lon], [c.lat], c.frame, "icrs");
  const kernel = dataset.edisp?.edispKernelAt(icrs.lon[0], icrs.lat[0]);
  const unit = dataset.exposure.unit.trim() === "m2 s" ? 1e4 : 1;
  const out = new Float64Array(groups.length * npix);
  groups.forEach(([start, stop], b) => {
    for (let t = 0; t < tAxis.nbin; t++) {
      let w = 0;
      for (let e = start; e < stop; e++) w += kernel ? kernel.data[t * nE + e] : t === e ? 1 : 0;
      if (w === 0) continue;
      const f = flux[t] * w * unit;
      for (let i = 0; i < npix; i++) out[b * npix + i] += f * Number(dataset.exposure.data[t * npix + i]);
    }
  });
  return out;
}

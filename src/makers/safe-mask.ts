/**
 * `SafeMaskMaker` for spectrum datasets: the reco-energy bins to use. Thresholds found on true-energy quantities are
 * applied to reco-energy bins as hard edges (a bin is kept when it lies entirely inside), as Gammapy does.
 */

import { separationDeg } from "../coords/frames.js";
import type { Observation } from "../data/observation.js";
import { energyMask } from "../datasets/fit-range.js";
import type { SpectrumDataset } from "../datasets/spectrum-dataset.js";
import type { MapAxis } from "../maps/axis.js";
import { regionCenter } from "../maps/regions.js";
import { ArgumentError } from "../util/errors.js";
import type { WarningSink } from "../util/warnings.js";

/** Methods of Gammapy's `SafeMaskMaker`. */
export type SafeMaskMethod = "aeff-default" | "aeff-max" | "edisp-bias" | "offset-max" | "bkg-peak";

/** Options of `applySafeMask` (Gammapy's defaults). */
export interface SafeMaskOptions {
  readonly methods?: readonly SafeMaskMethod[];
  /** aeff-max: percentage of the maximum effective area (default 10). */
  readonly aeffPercent?: number;
  /** edisp-bias: maximum |bias| (default 0.1). */
  readonly biasPercent?: number;
  /** offset-max: maximum offset (deg, default 3). */
  readonly offsetMaxDeg?: number;
  readonly warn?: WarningSink;
}

export { energyMask };

/** Log-log linear interpolation of (x, y) nodes at `x` (extrapolating from the end segments). */
function interpLogLog(xs: Float64Array, ys: Float64Array, x: number): number {
  let k = 0;
  while (k < xs.length - 2 && x > xs[k + 1]) k++;
  const lx0 = Math.log(xs[k]);
  const lx1 = Math.log(xs[k + 1]);
  const ly0 = Math.log(ys[k]);
  const ly1 = Math.log(ys[k + 1]);
  return Math.exp(ly0 + ((Math.log(x) - lx0) * (ly1 - ly0)) / (lx1 - lx0));
}

/**
 * Lowest energy (TeV) where a template (`values` on `energy` nodes, log-log interpolated, as Gammapy's
 * `TemplateSpectralModel`) crosses `threshold`, searched on 100 log-spaced points between `eMin` and `eMax` then
 * refined by bisection (Gammapy's `inverse` via `find_roots`); NaN when there is no crossing.
 */
export function templateInverse(
  energy: Float64Array,
  values: Float64Array,
  threshold: number,
  eMin: number,
  eMax: number,
): number {
  const f = (e: number) => interpLogLog(energy, values, e) - threshold;
  const n = 100;
  let prevE = eMin;
  let prevF = f(eMin);
  for (let i = 1; i < n; i++) {
    const e = eMin * (eMax / eMin) ** (i / (n - 1));
    const fe = f(e);
    if (Number.isFinite(prevF) && Number.isFinite(fe) && prevF * fe <= 0) {
      let lo = prevE;
      let hi = e;
      let flo = prevF;
      for (let it = 0; it < 200 && hi - lo > 1e-12 * hi; it++) {
        const mid = 0.5 * (lo + hi);
        const fm = f(mid);
        if (flo * fm <= 0) hi = mid;
        else {
          lo = mid;
          flo = fm;
        }
      }
      return 0.5 * (lo + hi);
    }
    prevE = e;
    prevF = fe;
  }
  return Number.NaN;
}

/**
 * Reco energy (TeV) above which the energy bias of a dispersion matrix stays below `bias`, as Gammapy's
 * `EDispKernel.get_bias_energy`: bias = mean reco / true - 1 per true bin, inverted from its peak upwards.
 * `edisp` is C order [energyTrue][energy] (probabilities).
 */
export function edispKernelBiasEnergy(
  energyAxisTrue: MapAxis,
  energyAxis: MapAxis,
  edisp: ArrayLike<number>,
  bias: number,
): number {
  const eTrue = energyAxisTrue.center;
  const eReco = energyAxis.center;
  const nE = eReco.length;
  const values = new Float64Array(eTrue.length);
  let peak = -1;
  for (let k = 0; k < eTrue.length; k++) {
    let norm = 0;
    let sum = 0;
    for (let j = 0; j < nE; j++) {
      norm += edisp[k * nE + j];
      sum += edisp[k * nE + j] * eReco[j];
    }
    const mean = norm > 0 ? sum / norm : 0;
    values[k] = (mean - eTrue[k]) / eTrue[k];
    if (!Number.isNaN(values[k]) && (peak < 0 || values[k] > values[peak])) peak = k;
  }
  const eMin = eTrue[peak];
  let e = templateInverse(eTrue, values, bias, eMin, eTrue[eTrue.length - 1]);
  if (Number.isNaN(e)) e = eMin;
  return e * (1 + bias);
}

/** {@link edispKernelBiasEnergy} of a spectrum dataset's dispersion matrix. */
export function edispBiasEnergy(dataset: SpectrumDataset, bias: number): number {
  return edispKernelBiasEnergy(dataset.energyAxisTrue, dataset.energyAxis, dataset.edisp, bias);
}

/**
 * The default safe energy range (TeV) of an observation: LO_THRES and HI_THRES of its effective area (undefined when
 * absent, with a warning), as Gammapy's `make_mask_energy_aeff_default`.
 */
export function aeffDefaultThresholds(observation: Observation, warn?: WarningSink): { lo?: number; hi?: number } {
  const meta = observation.aeff?.meta ?? {};
  const lo = meta.LO_THRES === undefined || meta.LO_THRES === null ? undefined : Number(meta.LO_THRES);
  const hi = meta.HI_THRES === undefined || meta.HI_THRES === null ? undefined : Number(meta.HI_THRES);
  if (lo === undefined || hi === undefined)
    warn?.({
      code: "NO_DEFAULT_THRESHOLD",
      path: { key: lo === undefined ? "LO_THRES" : "HI_THRES" },
      message: `no default ${lo === undefined ? "lower" : "upper"} safe energy threshold for obs ${observation.obsId}`,
    });
  return { lo, hi };
}

/**
 * Lowest true energy (TeV) where an effective-area spectrum (`aeff` at the true-energy bin centres `energyTrueTeV`,
 * any unit) reaches `percent` % of its maximum, as Gammapy's `make_mask_energy_aeff_max` (the first bin with a
 * positive value when there is no crossing); undefined when the effective area is zero everywhere.
 */
export function aeffMaxEnergy(energyTrueTeV: Float64Array, aeff: Float64Array, percent: number): number | undefined {
  let first = -1;
  let max = 0;
  for (let k = 0; k < aeff.length; k++) {
    if (aeff[k] > 0 && first < 0) first = k;
    max = Math.max(max, aeff[k]);
  }
  if (first < 0) return undefined;
  const n = energyTrueTeV.length;
  const thr = templateInverse(energyTrueTeV, aeff, (percent / 100) * max, energyTrueTeV[first], energyTrueTeV[n - 1]);
  return Number.isNaN(thr) ? energyTrueTeV[first] : thr;
}

/** The safe mask (1 = safe) of a spectrum dataset from an observation, AND of all methods. */
export function makeSafeMask(dataset: SpectrumDataset, observation: Observation, options: SafeMaskOptions = {}) {
  const methods = options.methods ?? ["aeff-default"];
  const edges = dataset.energyAxis.edges;
  const mask = new Uint8Array(edges.length - 1).fill(1);
  const and = (m: Uint8Array) => {
    for (let i = 0; i < mask.length; i++) mask[i] &= m[i];
  };
  for (const method of methods) {
    if (method === "aeff-default") {
      const { lo, hi } = aeffDefaultThresholds(observation, options.warn);
      and(energyMask(edges, lo, hi));
    } else if (method === "aeff-max") {
      const aeff = dataset.exposure.map((v) => v / dataset.livetimeS);
      const eMin = aeffMaxEnergy(dataset.energyAxisTrue.center, aeff, options.aeffPercent ?? 10);
      if (eMin === undefined) {
        options.warn?.({
          code: "ZERO_AEFF",
          path: {},
          message: `effective area is all zero for dataset '${dataset.name}'`,
        });
        mask.fill(0);
        continue;
      }
      and(energyMask(edges, eMin));
    } else if (method === "offset-max") {
      const c = regionCenter(dataset.requireGeom().region);
      const p = observation.pointing;
      const off = separationDeg(c.lon, c.lat, p.raDeg ?? Number.NaN, p.decDeg ?? Number.NaN);
      if (!(off < (options.offsetMaxDeg ?? 3))) mask.fill(0);
    } else if (method === "edisp-bias") {
      and(energyMask(edges, edispBiasEnergy(dataset, (options.biasPercent ?? 10) / 100)));
    } else if (method === "bkg-peak") {
      const bkg = dataset.npredBackground();
      let idx = 0;
      for (let i = 1; i < bkg.length; i++) if (bkg[i] > bkg[idx]) idx = i;
      and(energyMask(edges, edges[idx]));
    } else {
      throw new ArgumentError(
        `unknown safe mask method '${method}'`,
        "methods",
        "aeff-default, aeff-max, edisp-bias, offset-max, bkg-peak",
      );
    }
  }
  return mask;
}

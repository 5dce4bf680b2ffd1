/**
 * Spectrum datasets (Gammapy's `SpectrumDataset` and `SpectrumDatasetOnOff`): counts in reconstructed energy in one
 * ON region, exposure in true energy, the energy-dispersion matrix, and either a background model (Cash) or OFF
 * counts with acceptances (WStat, background profiled). Arrays are typed: reco-energy arrays have `energyAxis.nbin`
 * elements, true-energy arrays `energyAxisTrue.nbin`, the dispersion matrix is (nTrue x nReco) row-major.
 */
import { GTI } from "../data/gti.js";
import type { MapAxis } from "../maps/axis.js";
import {
  axisFromPlain,
  axisToPlain,
  type PlainAxis,
  type PlainRegionGeom,
  regionGeomFromPlain,
  regionGeomToPlain,
} from "../maps/plain.js";
import type { RegionGeom } from "../maps/region-geom.js";
import { FoVBackgroundModel, type Models } from "../modeling/models.js";
import type { SpectralModel } from "../modeling/spectral.js";
import { cashSum, wstatProfileBackground, wstatSum } from "../stats/index.js";
import { ArgumentError } from "../util/errors.js";
import type { Dataset } from "./dataset.js";
import { temporalNorm } from "./temporal-norm.js";

/** Contents of a spectrum dataset. */
export interface SpectrumDatasetInit {
  readonly name: string;
  /** ON region with the reco `energy` axis (undefined when unknown, e.g. OGIP files without a REGION HDU). */
  readonly geom?: RegionGeom;
  readonly energyAxis: MapAxis;
  readonly energyAxisTrue: MapAxis;
  /** Counts per reco-energy bin. */
  readonly counts: Float64Array;
  /** Exposure per true-energy bin (cm2 s), containment-corrected where asked. */
  readonly exposure: Float64Array;
  /** Exposure the dispersion matrix was weighted with when stacking (cm2 s, per true-energy bin). */
  readonly edispExposure?: Float64Array;
  /** Dispersion matrix (nTrue x nReco): probability of a true-energy bin to land in each reco bin. */
  readonly edisp: Float64Array;
  /** Livetime (s). */
  readonly livetimeS: number;
  /** Sum of the GTIs (s). */
  readonly ontimeS?: number;
  /** Background model counts per reco bin (Cash datasets). */
  readonly background?: Float64Array;
  /** OFF counts per reco bin (on-off datasets). */
  readonly countsOff?: Float64Array;
  /** ON acceptance per reco bin (default 1). */
  readonly acceptance?: Float64Array;
  /** OFF acceptance per reco bin. */
  readonly acceptanceOff?: Float64Array;
  /** Safe mask per reco bin (1 = used). Default all 1. */
  readonly maskSafe?: Uint8Array;
  /** Fit mask per reco bin. Default none. */
  readonly maskFit?: Uint8Array;
  /** Metadata, e.g. obs_id. */
  readonly meta?: Readonly<Record<string, string | number>>;
  /** Good time intervals (written to and read from the files' GTI HDU). */
  readonly gti?: GTI;
}

/** Integrals of a model's current spectrum over true-energy bins, kept for the datasets that share those bins. */
const sharedIntegrals = new WeakMap<
  SpectralModel,
  { key: string; entries: { edges: Float64Array; flux: Float64Array }[] }
>();

/**
 * Integral flux of a spectral model over the bins of `edges` (TeV) at the parameter state `key`: computed once per
 * state for all datasets with equal true-energy edges (the datasets of a joint fit usually have them), which matters
 * for models integrated numerically (log-parabola, cutoff power law).
 */
function binIntegrals(model: SpectralModel, key: string, edges: Float64Array): Float64Array {
  let cache = sharedIntegrals.get(model);
  if (!cache || cache.key !== key) {
    cache = { key, entries: [] };
    sharedIntegrals.set(model, cache);
  }
  for (const e of cache.entries) {
    if (e.edges.length !== edges.length) continue;
    let same = true;
    for (let i = 0; i < edges.length && same; i++) same = e.edges[i] === edges[i];
    if (same) return e.flux;
  }
  const flux = model.integral(edges.subarray(0, edges.length - 1), edges.subarray(1));
  cache.entries.push({ edges, flux });
  return flux;
}

/** A spectrum dataset; on-off when `countsOff` is set (WStat), else Cash with `background`. */
export class SpectrumDataset implements Dataset {
  name: string;
  readonly geom: RegionGeom | undefined;
  readonly energyAxis: MapAxis;
  readonly energyAxisTrue: MapAxis;
  counts: Float64Array;
  exposure: Float64Array;
  edispExposure: Float64Array;
  edisp: Float64Array;
  livetimeS: number;
  ontimeS: number;
  background: Float64Array | undefined;
  countsOff: Float64Array | undefined;
  acceptance: Float64Array;
  acceptanceOff: Float64Array | undefined;
  maskSafe: Uint8Array;
  maskFit: Uint8Array | undefined;
  meta: Record<string, string | number>;
  gti: GTI | undefined;
  /** Models evaluated for npred (those applying to this dataset's name). */
  models: Models | undefined;
  private npredCache = new WeakMap<object, { key: string; values: Float64Array }>();

  constructor(init: SpectrumDatasetInit) {
    const nE = init.energyAxis.nbin;
    const nT = init.energyAxisTrue.nbin;
    const check = (a: ArrayLike<number> | undefined, n: number, key: string) => {
      if (a && a.length !== n) throw new ArgumentError(`${key} has ${a.length} elements`, key, `${n}`);
    };
    check(init.counts, nE, "counts");
    check(init.exposure, nT, "exposure");
    check(init.edisp, nT * nE, "edisp");
    check(init.background, nE, "background");
    check(init.countsOff, nE, "countsOff");
    check(init.acceptanceOff, nE, "acceptanceOff");
    this.name = init.name;
    this.geom = init.geom;
    this.energyAxis = init.energyAxis;
    this.energyAxisTrue = init.energyAxisTrue;
    this.counts = init.counts;
    this.exposure = init.exposure;
    this.edispExposure = init.edispExposure ?? init.exposure.slice();
    this.edisp = init.edisp;
    this.livetimeS = init.livetimeS;
    this.ontimeS = init.ontimeS ?? Number.NaN;
    this.background = init.background;
    this.countsOff = init.countsOff;
    this.acceptance = init.acceptance ?? new Float64Array(nE).fill(1);
    this.acceptanceOff = init.acceptanceOff;
    this.maskSafe = init.maskSafe ?? new Uint8Array(nE).fill(1);
    this.maskFit = init.maskFit;
    this.meta = { ...(init.meta ?? {}) };
    this.gti = init.gti;
  }

  /** Gammapy's type name (`SpectrumDatasetOnOff` with OFF counts, else `SpectrumDataset`). */
  get tag(): string {
    return this.isOnOff ? "SpectrumDatasetOnOff" : "SpectrumDataset";
  }

  /** The ON-region geometry; throws `ArgumentError` when the region is unknown (an OGIP file without REGION). */
  requireGeom(): RegionGeom {
    if (!this.geom)
      throw new ArgumentError(
        `dataset '${this.name}' has no ON region`,
        "geom",
        "a dataset with an ON region (REGION HDU)",
      );
    return this.geom;
  }

  /** Whether the dataset has OFF counts (WStat). */
  get isOnOff(): boolean {
    return this.countsOff !== undefined;
  }

  /** Gammapy's `stat_type`. */
  get statType(): "wstat" | "cash" {
    return this.isOnOff ? "wstat" : "cash";
  }

  /** Combined mask: safe and fit (1 = bin enters the statistic). */
  get mask(): Uint8Array {
    const m = this.maskSafe.slice();
    if (this.maskFit) for (let i = 0; i < m.length; i++) m[i] &= this.maskFit[i];
    return m;
  }

  /** alpha = acceptance / acceptanceOff per reco bin (0 where undefined, as Gammapy's nan_to_num). */
  get alpha(): Float64Array {
    const a = new Float64Array(this.energyAxis.nbin);
    if (!this.acceptanceOff) return a;
    for (let i = 0; i < a.length; i++) {
      const v = this.acceptance[i] / this.acceptanceOff[i];
      a[i] = Number.isFinite(v) ? v : 0;
    }
    return a;
  }

  /** Background counts per reco bin: alpha * countsOff for on-off datasets, else the background model (or 0). */
  get backgroundCounts(): Float64Array {
    if (this.countsOff) {
      const a = this.alpha;
      return a.map((v, i) => v * this.countsOff![i]);
    }
    return this.background ? this.background.slice() : new Float64Array(this.energyAxis.nbin);
  }

  /** Predicted signal counts per reco bin of one model (exposure x integral flux, folded with the dispersion). */
  private npredOf(model: Models extends Iterable<infer M> ? M : never): Float64Array {
    const spectral = model.spectralModel;
    const key = [...spectral.parameters].map((p) => `${p.version}:${p.value}`).join(",");
    const cached = this.npredCache.get(spectral);
    if (cached && cached.key === key) return cached.values;
    const flux = binIntegrals(spectral, key, this.energyAxisTrue.edges);
    const t = this.energyAxisTrue;
    const nE = this.energyAxis.nbin;
    const out = new Float64Array(nE);
    for (let k = 0; k < t.nbin; k++) {
      const f = flux[k] * this.exposure[k];
      if (f === 0) continue;
      const row = k * nE;
      for (let j = 0; j < nE; j++) out[j] += f * this.edisp[row + j];
    }
    this.npredCache.set(spectral, { key, values: out });
    return out;
  }

  /** Predicted signal counts per reco bin of all models (or one model by name). */
  npredSignal(modelName?: string): Float64Array {
    const out = new Float64Array(this.energyAxis.nbin);
    if (!this.models) return out;
    for (const m of this.models) {
      if (modelName !== undefined && m.name !== modelName) continue;
      if (!m.appliesTo(this.name) || m instanceof FoVBackgroundModel) continue;
      const n = this.npredOf(m);
      const tn = temporalNorm(m, this.gti, this.name);
      for (let j = 0; j < out.length; j++) out[j] += n[j] * tn;
    }
    return out;
  }

  /** Predicted background per reco bin: profiled (WStat) for on-off datasets, else the background model. */
  npredBackground(): Float64Array {
    if (!this.countsOff) return this.backgroundCounts;
    const sig = this.npredSignal();
    const alpha = this.alpha;
    const out = new Float64Array(sig.length);
    for (let i = 0; i < out.length; i++) {
      const v = alpha[i] * wstatProfileBackground(this.counts[i], this.countsOff[i], alpha[i], sig[i]);
      out[i] = Number.isFinite(v) ? v : 0;
    }
    return out;
  }

  /** Predicted counts per reco bin: signal + background. */
  npred(): Float64Array {
    const s = this.npredSignal();
    const b = this.npredBackground();
    for (let i = 0; i < s.length; i++) s[i] += b[i];
    return s;
  }

  /** Fit statistic summed over the mask (WStat or Cash). */
  statSum(): number {
    const mask = this.mask;
    const sig = this.npredSignal();
    if (this.countsOff) return wstatSum(this.counts, this.countsOff, this.alpha, sig, mask);
    if (this.background) for (let i = 0; i < sig.length; i++) sig[i] += this.background[i];
    return cashSum(this.counts, sig, mask);
  }

  /**
   * The reco-energy bins [start, stop) as a new dataset (true-energy quantities unchanged), as Gammapy's
   * `slice_by_idx`.
   */
  sliceByIdx(start: number, stop: number, name = this.name): SpectrumDataset {
    const nE = this.energyAxis.nbin;
    const nT = this.energyAxisTrue.nbin;
    const n = stop - start;
    const edisp = new Float64Array(nT * n);
    for (let k = 0; k < nT; k++) edisp.set(this.edisp.subarray(k * nE + start, k * nE + stop), k * n);
    const energyAxis = this.energyAxis.slice(start, stop);
    const d = new SpectrumDataset({
      ...this,
      name,
      geom: this.geom?.withAxes([energyAxis]),
      energyAxis,
      counts: this.counts.slice(start, stop),
      exposure: this.exposure.slice(),
      edispExposure: this.edispExposure.slice(),
      edisp,
      background: this.background?.slice(start, stop),
      countsOff: this.countsOff?.slice(start, stop),
      acceptance: this.acceptance.slice(start, stop),
      acceptanceOff: this.acceptanceOff?.slice(start, stop),
      maskSafe: this.maskSafe.slice(start, stop),
      maskFit: this.maskFit?.slice(start, stop),
    });
    d.models = this.models;
    return d;
  }

  /** A copy (arrays copied, models shared). */
  copy(name = this.name): SpectrumDataset {
    const d = new SpectrumDataset({
      ...this,
      name,
      counts: this.counts.slice(),
      exposure: this.exposure.slice(),
      edispExposure: this.edispExposure.slice(),
      edisp: this.edisp.slice(),
      background: this.background?.slice(),
      countsOff: this.countsOff?.slice(),
      acceptance: this.acceptance.slice(),
      acceptanceOff: this.acceptanceOff?.slice(),
      maskSafe: this.maskSafe.slice(),
      maskFit: this.maskFit?.slice(),
    });
    d.models = this.models;
    return d;
  }
}

/** A spectrum dataset as plain data (structured-cloneable; arrays shared), for workers and queues. */
export interface PlainSpectrumDataset
  extends Omit<SpectrumDatasetInit, "geom" | "energyAxis" | "energyAxisTrue" | "gti"> {
  readonly geom?: PlainRegionGeom;
  readonly energyAxis: PlainAxis;
  readonly energyAxisTrue: PlainAxis;
  readonly gti?: { readonly startS: Float64Array; readonly stopS: Float64Array; readonly meta: GTI["meta"] };
}

/** The plain form of a spectrum dataset (models are not part of it); rebuilt equal by `spectrumDatasetFromPlain`. */
export function spectrumDatasetToPlain(d: SpectrumDataset): PlainSpectrumDataset {
  return {
    name: d.name,
    geom: d.geom && regionGeomToPlain(d.geom),
    energyAxis: axisToPlain(d.energyAxis),
    energyAxisTrue: axisToPlain(d.energyAxisTrue),
    counts: d.counts,
    exposure: d.exposure,
    edispExposure: d.edispExposure,
    edisp: d.edisp,
    livetimeS: d.livetimeS,
    ontimeS: d.ontimeS,
    background: d.background,
    countsOff: d.countsOff,
    acceptance: d.acceptance,
    acceptanceOff: d.acceptanceOff,
    maskSafe: d.maskSafe,
    maskFit: d.maskFit,
    meta: d.meta,
    gti: d.gti && { startS: d.gti.startS, stopS: d.gti.stopS, meta: d.gti.meta },
  };
}

/** The spectrum dataset of a plain form. */
export function spectrumDatasetFromPlain(p: PlainSpectrumDataset): SpectrumDataset {
  return new SpectrumDataset({
    ...p,
    geom: p.geom && regionGeomFromPlain(p.geom),
    energyAxis: axisFromPlain(p.energyAxis),
    energyAxisTrue: axisFromPlain(p.energyAxisTrue),
    gti: p.gti && new GTI(p.gti.startS, p.gti.stopS, { ...p.gti.meta }),
  });
}

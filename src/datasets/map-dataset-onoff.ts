/**
 * On-off map datasets (Gammapy 1.0's `MapDatasetOnOff`): a map dataset whose background is not a model but is
 * measured per pixel from OFF counts (e.g. ring-convolved counts) with ON and OFF acceptances; the fit statistic is
 * WStat with the background profiled per bin. The signal prediction (models, exposure, PSF, dispersion) is that of a
 * held `MapDataset` (composition); `countsOff`, `acceptance` and `acceptanceOff` are flat typed arrays in the data
 * order of `counts` (energy, lat, lon).
 */
import type { GTI } from "../data/gti.js";
import type { MapAxis } from "../maps/axis.js";
import type { WcsGeom } from "../maps/wcs-geom.js";
import { WcsNDMap } from "../maps/wcs-map.js";
import type { Models } from "../modeling/models.js";
import { wstat, wstatProfileBackground } from "../stats/index.js";
import { ArgumentError } from "../util/errors.js";
import type { Dataset } from "./dataset.js";
import { exposureRangeM2s, infoRecord, onOffTotals, type SpectrumInfo } from "./info.js";
import { MapDataset } from "./map-dataset.js";

/** Contents of an on-off map dataset. */
export interface MapDatasetOnOffInit {
  /** Counts, exposure, PSF, dispersion, masks and livetime; its background (if any) is not used. */
  readonly dataset: MapDataset;
  /** OFF counts, flat like `dataset.counts.data`. */
  readonly countsOff: ArrayLike<number>;
  /** ON acceptance (relative background efficiency), flat like counts. */
  readonly acceptance: ArrayLike<number>;
  /** OFF acceptance, flat like counts. */
  readonly acceptanceOff: ArrayLike<number>;
  /** Name; default the dataset's. */
  readonly name?: string;
}

/** numpy's `nan_to_num`: NaN to 0, +/-inf to the largest finite double of that sign. */
function nanToNum(v: number): number {
  if (Number.isNaN(v)) return 0;
  if (v === Number.POSITIVE_INFINITY) return Number.MAX_VALUE;
  if (v === Number.NEGATIVE_INFINITY) return -Number.MAX_VALUE;
  return v;
}

/** A map dataset with OFF counts and acceptances, fitted with WStat (Gammapy's `MapDatasetOnOff`). */
export class MapDatasetOnOff implements Dataset {
  /** The dataset that predicts signal counts (and holds counts, exposure, IRFs and masks); no background model. */
  readonly signal: MapDataset;
  /** OFF counts, flat like counts. */
  countsOff: Float64Array;
  /** ON acceptance, flat like counts. */
  acceptance: Float64Array;
  /** OFF acceptance, flat like counts. */
  acceptanceOff: Float64Array;

  constructor(init: MapDatasetOnOffInit) {
    const d = init.dataset;
    const n = d.counts.data.length;
    for (const [key, a] of [
      ["countsOff", init.countsOff],
      ["acceptance", init.acceptance],
      ["acceptanceOff", init.acceptanceOff],
    ] as const)
      if (a.length !== n) throw new ArgumentError(`${key} has ${a.length} elements`, key, `${n} (as counts)`);
    this.signal = new MapDataset({
      name: init.name ?? d.name,
      counts: d.counts,
      exposure: d.exposure,
      psf: d.psf,
      edisp: d.edisp,
      maskSafe: d.maskSafe,
      maskFit: d.maskFit,
      livetimeS: d.livetimeS,
      ontimeS: d.ontimeS,
      gti: d.gti,
    });
    this.signal.models = d.models;
    this.countsOff = Float64Array.from(init.countsOff);
    this.acceptance = Float64Array.from(init.acceptance);
    this.acceptanceOff = Float64Array.from(init.acceptanceOff);
  }

  /** Dataset name (that of the signal dataset). */
  get name(): string {
    return this.signal.name;
  }
  set name(v: string) {
    this.signal.name = v;
  }

  /** Source models (the signal dataset's). */
  get models(): Models | undefined {
    return this.signal.models;
  }
  set models(m: Models | undefined) {
    this.signal.models = m;
  }

  /** Gammapy's type name. */
  get tag(): string {
    return "MapDatasetOnOff";
  }

  /** Gammapy's `stat_type`. */
  get statType(): "wstat" {
    return "wstat";
  }

  /** Counts cube (energy, lat, lon). */
  get counts(): WcsNDMap {
    return this.signal.counts;
  }

  /** Exposure cube (energy_true, lat, lon). */
  get exposure(): WcsNDMap {
    return this.signal.exposure;
  }

  /** Counts geometry. */
  get geom(): WcsGeom {
    return this.signal.geom;
  }

  /** Reco-energy axis. */
  get energyAxis(): MapAxis {
    return this.signal.energyAxis;
  }

  /** Safe mask, flat like counts (1 = used). */
  get maskSafe(): Uint8Array {
    return this.signal.maskSafe;
  }
  set maskSafe(m: Uint8Array) {
    if (m.length !== this.countsOff.length)
      throw new ArgumentError("mask_safe has the wrong size", "maskSafe", `${this.countsOff.length}`);
    this.signal.maskSafe = m;
  }

  /** Fit mask, flat like counts, or undefined. */
  get maskFit(): Uint8Array | undefined {
    return this.signal.maskFit;
  }
  set maskFit(m: Uint8Array | undefined) {
    if (m && m.length !== this.countsOff.length)
      throw new ArgumentError("mask_fit has the wrong size", "maskFit", `${this.countsOff.length}`);
    this.signal.maskFit = m;
  }

  /** Safe and fit masks combined, flat like counts. */
  get mask(): Uint8Array {
    return this.signal.mask;
  }

  /** Livetime (s). */
  get livetimeS(): number {
    return this.signal.livetimeS;
  }

  /** Ontime (s). */
  get ontimeS(): number {
    return this.signal.ontimeS;
  }

  /** Good time intervals (the signal dataset's). */
  get gti(): GTI | undefined {
    return this.signal.gti;
  }

  /** alpha = acceptance / acceptanceOff per bin, with numpy's `nan_to_num` (NaN to 0, inf to the largest double). */
  get alpha(): Float64Array {
    const a = new Float64Array(this.acceptance.length);
    for (let i = 0; i < a.length; i++) a[i] = nanToNum(this.acceptance[i] / this.acceptanceOff[i]);
    return a;
  }

  /** Background estimate alpha * countsOff per bin (Gammapy's `background`). */
  get background(): Float64Array {
    const a = this.alpha;
    for (let i = 0; i < a.length; i++) a[i] *= this.countsOff[i];
    return a;
  }

  /** Predicted signal counts of all source models (or one by name), flat like counts. */
  npredSignal(modelName?: string): Float64Array {
    return this.signal.npredSignal(modelName);
  }

  /** Background counts profiled with WStat given the signal prediction: alpha x mu_bkg (non-finite to 0). */
  npredBackground(): Float64Array {
    const sig = this.npredSignal();
    const alpha = this.alpha;
    const counts = this.counts.data;
    const out = new Float64Array(sig.length);
    for (let i = 0; i < out.length; i++)
      out[i] = nanToNum(alpha[i] * wstatProfileBackground(Number(counts[i]), this.countsOff[i], alpha[i], sig[i]));
    return out;
  }

  /** Predicted OFF counts npredBackground / alpha (Gammapy's `npred_off`). */
  npredOff(): Float64Array {
    const b = this.npredBackground();
    const alpha = this.alpha;
    for (let i = 0; i < b.length; i++) b[i] /= alpha[i];
    return b;
  }

  /** Total predicted counts (signal + profiled background), flat like counts. */
  npred(): Float64Array {
    const s = this.npredSignal();
    const b = this.npredBackground();
    for (let i = 0; i < s.length; i++) s[i] += b[i];
    return s;
  }

  /**
   * WStat (with goodness-of-fit terms) summed over the mask, each bin's value with `nan_to_num` as Gammapy's
   * `stat_array`; Neumaier-compensated sum.
   */
  statSum(): number {
    const sig = this.npredSignal();
    const alpha = this.alpha;
    const counts = this.counts.data;
    const mask = this.mask;
    let sum = 0;
    let comp = 0;
    for (let i = 0; i < sig.length; i++) {
      if (!mask[i]) continue;
      const x = nanToNum(wstat(Number(counts[i]), this.countsOff[i], alpha[i], sig[i]));
      const t = sum + x;
      comp += Math.abs(sum) >= Math.abs(x) ? sum - t + x : x - t + sum;
      sum = t;
    }
    return sum + comp;
  }

  /** The reco-energy bins [start, stop) as a new on-off dataset (Gammapy's `slice_by_idx`); models shared. */
  sliceByIdx(start: number, stop: number, name = this.name): MapDatasetOnOff {
    const npix = this.geom.imageSize;
    const cut = (a: Float64Array) => a.slice(start * npix, stop * npix);
    return new MapDatasetOnOff({
      dataset: this.signal.sliceByIdx(start, stop, name),
      countsOff: cut(this.countsOff),
      acceptance: cut(this.acceptance),
      acceptanceOff: cut(this.acceptanceOff),
    });
  }

  /** A Cash map dataset with background alpha x countsOff (Gammapy's `to_map_dataset`); models shared. */
  toMapDataset(name = this.name): MapDataset {
    const s = this.signal;
    const d = new MapDataset({
      name,
      counts: s.counts,
      exposure: s.exposure,
      background: new WcsNDMap(this.geom, this.background, ""),
      psf: s.psf,
      edisp: s.edisp,
      maskSafe: s.maskSafe,
      maskFit: s.maskFit,
      livetimeS: s.livetimeS,
      ontimeS: s.ontimeS,
    });
    d.models = s.models;
    return d;
  }
}

function anyOverEnergy(mask: Uint8Array, npix: number): Uint8Array {
  const out = new Uint8Array(npix);
  for (let i = 0; i < mask.length; i++) if (mask[i]) out[i % npix] = 1;
  return out;
}

/**
 * Stacks on-off map datasets on the same geometry into a new one (Gammapy's `stack_reduce`: a copy of the first,
 * then `MapDatasetOnOff.stack` of each other in turn). Per bin: OFF counts and alpha x OFF counts summed with each
 * dataset's safe mask; the stacked acceptance is 1 and the OFF acceptance OFF / sum(alpha OFF) (1 / mean alpha
 * where there are no OFF counts, the mean weighted by OFF counts); counts of the others added within their safe
 * masks (those of the first as they are, as Gammapy); exposure added where another's safe mask has any energy bin;
 * livetime added for others with any safe bin; safe and fit masks OR'ed. The PSF and dispersion of the first dataset
 * are kept (they are not stacked). Models are those of the first.
 */
export function stackMapDatasetsOnOff(datasets: readonly MapDatasetOnOff[], name = "stacked"): MapDatasetOnOff {
  if (datasets.length === 0) throw new ArgumentError("no datasets to stack", "datasets", "at least one dataset");
  const first = datasets[0];
  const n = first.countsOff.length;
  const npix = first.geom.imageSize;
  const nExp = first.exposure.data.length;
  const counts = Float64Array.from(first.counts.data as ArrayLike<number>);
  const exposure = Float64Array.from(first.exposure.data as ArrayLike<number>);
  let countsOff = first.countsOff.slice();
  let acceptance = first.acceptance.slice();
  let acceptanceOff = first.acceptanceOff.slice();
  const maskSafe = first.maskSafe.slice();
  let maskFit = first.maskFit?.slice();
  let livetimeS = first.livetimeS;
  let ontimeS = first.ontimeS;
  for (const other of datasets.slice(1)) {
    if (other.countsOff.length !== n || other.exposure.data.length !== nExp)
      throw new ArgumentError(
        `dataset '${other.name}' cannot be stacked with '${first.name}'`,
        other.name,
        "same geom",
      );
    const totalOff = new Float64Array(n);
    const totalAlpha = new Float64Array(n);
    const addOff = (alpha: Float64Array, off: Float64Array, safe: Uint8Array) => {
      for (let i = 0; i < n; i++) {
        if (!safe[i]) continue;
        totalOff[i] += nanToNum(off[i]);
        totalAlpha[i] += nanToNum(alpha[i] * off[i]);
      }
    };
    const selfAlpha = new Float64Array(n);
    for (let i = 0; i < n; i++) selfAlpha[i] = nanToNum(acceptance[i] / acceptanceOff[i]);
    addOff(selfAlpha, countsOff, maskSafe);
    addOff(other.alpha, other.countsOff, other.maskSafe);
    let sumAlpha = 0;
    let sumOff = 0;
    for (let i = 0; i < n; i++) {
      sumAlpha += totalAlpha[i];
      sumOff += totalOff[i];
    }
    const averageAlpha = sumAlpha / sumOff;
    acceptanceOff = new Float64Array(n);
    for (let i = 0; i < n; i++) acceptanceOff[i] = totalOff[i] === 0 ? 1 / averageAlpha : totalOff[i] / totalAlpha[i];
    acceptance = new Float64Array(n).fill(1);
    countsOff = totalOff;
    const oc = other.counts.data;
    const os = other.maskSafe;
    for (let i = 0; i < n; i++) if (os[i]) counts[i] += nanToNum(Number(oc[i]));
    const image = anyOverEnergy(os, npix);
    const oe = other.exposure.data;
    for (let i = 0; i < nExp; i++) if (image[i % npix]) exposure[i] += nanToNum(Number(oe[i]));
    if (image.some((v) => v)) livetimeS += other.livetimeS;
    ontimeS += other.ontimeS;
    for (let i = 0; i < n; i++) maskSafe[i] |= os[i];
    if (other.maskFit) {
      if (!maskFit) maskFit = other.maskFit.slice();
      else for (let i = 0; i < n; i++) maskFit[i] |= other.maskFit[i];
    }
  }
  const s = first.signal;
  const dataset = new MapDataset({
    name,
    counts: new WcsNDMap(s.geom, counts, s.counts.unit),
    exposure: new WcsNDMap(s.exposure.geom, exposure, s.exposure.unit),
    psf: s.psf,
    edisp: s.edisp,
    maskSafe,
    maskFit,
    livetimeS,
    ontimeS,
  });
  dataset.models = first.models;
  return new MapDatasetOnOff({ dataset, countsOff, acceptance, acceptanceOff });
}

/**
 * Summary of an on-off map dataset in its safe range (Gammapy's `MapDatasetOnOff.info_dict`): counts, OFF counts,
 * excess, significance and background from the WStat counts statistic summed over safe bins (alpha the OFF-weighted
 * mean), acceptance summed, acceptance_off = acceptance / alpha; npred, exposure range and times as for map datasets.
 */
export function mapOnOffInfoDict(d: MapDatasetOnOff): SpectrumInfo {
  const safe = d.maskSafe;
  const stats = onOffTotals(safe, d.counts.data as ArrayLike<number>, d.countsOff, d.alpha, d.acceptance);
  const hasModels = d.models !== undefined && d.models.length > 0;
  let npred = 0;
  let npredBackground = 0;
  const np = d.npred();
  const nb = d.npredBackground();
  for (let i = 0; i < safe.length; i++)
    if (safe[i]) {
      npred += np[i];
      npredBackground += nb[i];
    }
  const mask = d.mask;
  let nFitBins = 0;
  for (const m of mask) nFitBins += m;
  return infoRecord(
    {
      name: d.name,
      ...stats,
      npred,
      npredBackground,
      npredSignal: hasModels ? npred - npredBackground : Number.NaN,
      exposureRange: exposureRangeM2s(
        d.exposure.data,
        d.exposure.unit.trim() === "m2 s" ? 1 : 1e-4,
        safe,
        d.exposure.geom.imageSize,
      ),
      livetimeS: d.livetimeS,
      ontimeS: d.ontimeS,
      nBins: d.counts.data.length,
      nFitBins,
      statType: "wstat",
      statSum: d.statSum(),
    },
    stats.extra,
  );
}

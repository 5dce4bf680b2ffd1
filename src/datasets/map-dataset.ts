/**
 * Map datasets (Gammapy's `MapDataset`): counts and background cubes in reco energy, exposure in true energy, PSF and
 * energy-dispersion maps, safe and fit masks; npred from sky models as Gammapy's `MapEvaluator` computes it: on an
 * exposure cutout around each source (width PSF-kernel width + 2 (evaluation radius + 0.1 deg), odd), the spatial model
 * integrated over pixels, convolved with the PSF kernel at the source position (per true energy), times the spectral
 * integral over true-energy bins and the exposure, folded with the dispersion matrix at the source position. Kernels and
 * cutouts are kept until the source moves by more than its evaluation radius + 0.1 deg, as Gammapy does.
 */
import { type SkyCoord, separationDeg, transformArrays, transformTo } from "../coords/frames.js";
import type { GTI } from "../data/gti.js";
import type { EDispKernel } from "../irf/edisp.js";
import type { MapAxis } from "../maps/axis.js";
import { StackConvolver } from "../maps/convolve.js";
import type { WcsGeom } from "../maps/wcs-geom.js";
import { WcsNDMap } from "../maps/wcs-map.js";
import {
  FoVBackgroundModel,
  type Models,
  type SkyModel,
  type SpatialModelLike,
  TemplateNPredModel,
} from "../modeling/models.js";
import { cashSum } from "../stats/index.js";
import { ArgumentError } from "../util/errors.js";
import type { Dataset } from "./dataset.js";
import { temporalNorm } from "./temporal-norm.js";

/** A PSF kernel per true-energy bin on a pixel grid: data shape (nEnergyTrue, ny, nx), each slice summing to ~1. */
export interface PsfKernelCube {
  readonly data: Float64Array;
  readonly shape: readonly [number, number, number];
}

/** Where PSF kernels come from (e.g. a `PSFMap`). */
export interface PsfKernelSource {
  /** Kernel at an ICRS position (deg) for the pixel grid and true-energy axis of `geom`, with `containment` radius. */
  psfKernelAt(raDeg: number, decDeg: number, geom: WcsGeom, containment: number): PsfKernelCube;
  /** ICRS position (deg) used for models without a position (Gammapy: the PSF map's centre); default the map centre. */
  readonly centerIcrs?: readonly [number, number];
}

/** Where dispersion matrices come from (e.g. an `EDispKernelMap`). */
export interface EdispKernelSource {
  /** Dispersion matrix at an ICRS position (deg). */
  edispKernelAt(raDeg: number, decDeg: number): EDispKernel;
  /** ICRS position (deg) used for models without a position (Gammapy: the EDisp map's centre). */
  readonly centerIcrs?: readonly [number, number];
}

/** Contents of a map dataset. */
export interface MapDatasetInit {
  readonly name: string;
  /** Counts cube (energy, lat, lon). */
  readonly counts: WcsNDMap;
  /** Exposure cube (energy_true, lat, lon), unit m2 s or cm2 s (see `exposure.unit`). */
  readonly exposure: WcsNDMap;
  /** Background cube (energy, lat, lon), counts. */
  readonly background?: WcsNDMap;
  readonly psf?: PsfKernelSource;
  readonly edisp?: EdispKernelSource;
  /** Safe mask, flat like `counts.data` (1 = used). */
  readonly maskSafe?: Uint8Array;
  readonly maskFit?: Uint8Array;
  readonly livetimeS?: number;
  readonly ontimeS?: number;
  /** Good time intervals (time selection, temporal models). */
  readonly gti?: GTI;
}

/** PSF kernels are computed up to this containment, as Gammapy's evaluator. */
export const PSF_CONTAINMENT = 0.999;
/** Margin added around a source's evaluation radius for cutouts (deg). */
export const CUTOUT_MARGIN_DEG = 0.1;

interface Evaluator {
  raDeg: number;
  decDeg: number;
  /** Position of the last rebuild after a spatial change (undefined until the first one). */
  cachedRaDeg?: number;
  cachedDecDeg?: number;
  cutout: WcsGeom;
  /** The cutout's image geometry, held so that its cached pixel coordinates and solid angles stay alive. */
  cutoutImage: WcsGeom;
  /** Offsets of the cutout in the parent image (x0, y0). */
  x0: number;
  y0: number;
  exposure: Float64Array;
  psf: PsfKernelCube | undefined;
  /** Convolves cutout images with the PSF kernel of each true-energy bin (direct or FFT, kernel spectra kept). */
  convolver: StackConvolver | undefined;
  edisp: EDispKernel | undefined;
  /** PSF-convolved spatial model x exposure (cm2 s), shape (nEnergyTrue, nyc, nxc). */
  spatial: Float64Array | undefined;
  /** Spatial parameter values of `spatial` (Gammapy's cached spatial values; empty until computed). */
  spatialValues: Float64Array;
  /** Spectral parameter values `npred` was computed at (the base of a norm-only rescaling). */
  spectralValues: Float64Array;
  /** Predicted counts at `spectralValues`, shape (nE, nyc, nxc) (empty until computed). */
  npred: Float64Array;
  /** Factor on `npred` for the current parameters: value / base value when only the norm moved (Gammapy's renorm). */
  npredScale: number;
}

/** Pixels per block of the dispersion fold (the block's true- and reco-energy slices stay in cache). */
const FOLD_BLOCK = 512;

/** Whether the parameters' current values equal `values` (exactly, as Gammapy's cache check). */
function sameValues(params: Iterable<{ readonly value: number }>, values: Float64Array): boolean {
  let k = 0;
  for (const p of params) if (k >= values.length || p.value !== values[k++]) return false;
  return k === values.length;
}

/** The lon_0/lat_0 position of a spatial model that does not say where it is. */
function positionOf(spatial: SpatialModelLike): SkyCoord | null {
  const p = spatial.parameters.toArray();
  const lon = p.find((q) => q.name === "lon_0");
  const lat = p.find((q) => q.name === "lat_0");
  return lon && lat ? { lon: lon.value, lat: lat.value, frame: spatial.frame } : null;
}

/** Adds a TemplateNPredModel's counts (on the dataset's counts geometry, flat like `out`) into `out`. */
function addTemplateNPred(model: TemplateNPredModel, out: Float64Array): void {
  if (model.map.data.length !== out.length)
    throw new ArgumentError(
      `TemplateNPredModel '${model.name}' has ${model.map.data.length} values`,
      model.name,
      `${out.length} (the dataset's counts geometry)`,
    );
  const v = model.evaluate();
  for (let i = 0; i < out.length; i++) out[i] += v[i];
}

/** A map dataset evaluated with Cash statistics. */
export class MapDataset implements Dataset {
  name: string;
  counts: WcsNDMap;
  exposure: WcsNDMap;
  background: WcsNDMap | undefined;
  psf: PsfKernelSource | undefined;
  edisp: EdispKernelSource | undefined;
  maskSafe: Uint8Array;
  maskFit: Uint8Array | undefined;
  livetimeS: number;
  ontimeS: number;
  gti: GTI | undefined;
  models: Models | undefined;
  private evaluators = new Map<SkyModel, Evaluator>();
  private maskCache: { safe: Uint8Array; fit: Uint8Array | undefined; mask: Uint8Array } | undefined;
  private backgroundCache: { source: WcsNDMap; values: Float64Array } | undefined;
  private scratch: Float64Array | undefined;
  private readonly exposureFactor: number;

  constructor(init: MapDatasetInit) {
    this.name = init.name;
    this.counts = init.counts;
    this.exposure = init.exposure;
    this.background = init.background;
    this.psf = init.psf;
    this.edisp = init.edisp;
    const n = init.counts.data.length;
    this.maskSafe = init.maskSafe ?? new Uint8Array(n).fill(1);
    if (this.maskSafe.length !== n) throw new ArgumentError("mask_safe has the wrong size", "maskSafe", `${n}`);
    if (init.maskFit && init.maskFit.length !== n)
      throw new ArgumentError("mask_fit has the wrong size", "maskFit", `${n}`);
    this.maskFit = init.maskFit;
    this.livetimeS = init.livetimeS ?? Number.NaN;
    this.ontimeS = init.ontimeS ?? Number.NaN;
    this.gti = init.gti;
    const unit = init.exposure.unit.replace(/\s+/g, " ").trim();
    this.exposureFactor = unit === "m2 s" ? 1e4 : unit === "cm2 s" || unit === "" ? 1 : Number.NaN;
    if (Number.isNaN(this.exposureFactor))
      throw new ArgumentError(`exposure unit '${init.exposure.unit}'`, "exposure", "m2 s or cm2 s");
  }

  /** Gammapy's type name. */
  get tag(): string {
    return "MapDataset";
  }

  /** Gammapy's `stat_type`. */
  get statType(): "cash" {
    return "cash";
  }

  /** The counts geometry (energy axis). */
  get geom(): WcsGeom {
    return this.counts.geom;
  }

  /** Combined mask (safe and fit), flat like counts (recomputed when either mask array is replaced). */
  get mask(): Uint8Array {
    const c = this.maskCache;
    if (c && c.safe === this.maskSafe && c.fit === this.maskFit) return c.mask;
    const m = this.maskSafe.slice();
    if (this.maskFit) for (let i = 0; i < m.length; i++) m[i] &= this.maskFit[i];
    this.maskCache = { safe: this.maskSafe, fit: this.maskFit, mask: m };
    return m;
  }

  private evaluatorFor(model: SkyModel): Evaluator | undefined {
    const spatial = model.spatialModel;
    if (!spatial) return undefined;
    const p = spatial.parameters;
    // models without a position or an evaluation radius (isotropic) are evaluated on the whole map, with the IRFs at
    // the IRF maps' centres (Gammapy's "global" evaluation mode)
    const position = spatial.position === undefined ? positionOf(spatial) : spatial.position;
    const radius = spatial.evaluationRadiusDeg ?? null;
    const expGeom = this.exposure.geom;
    const center = transformTo(expGeom.centerSkydir, "icrs");
    const icrs = position ? transformTo(position, "icrs") : center;
    const ra = icrs.lon;
    const dec = icrs.lat;
    const global = position === null || radius === null;
    let ev = this.evaluators.get(model);
    // Gammapy's MapEvaluator: built at the first evaluation; rebuilt at the first evaluation whose spatial parameters
    // differ from the last ones used (its cached position starts "unset"), then only when the source moves by more
    // than its (current) evaluation radius + 0.1 deg from that position — not when only its size changes.
    let moved = !ev;
    if (ev && !moved && !global) {
      if (!sameValues(p, ev.spatialValues)) {
        moved =
          ev.cachedRaDeg === undefined ||
          separationDeg(ra, dec, ev.cachedRaDeg, ev.cachedDecDeg!) > (radius ?? 0) + CUTOUT_MARGIN_DEG;
        if (moved) {
          ev.cachedRaDeg = ra;
          ev.cachedDecDeg = dec;
        }
      }
    }
    if (moved) {
      const cachedRaDeg = ev?.cachedRaDeg;
      const cachedDecDeg = ev?.cachedDecDeg;
      const [psfRa, psfDec] = position ? [ra, dec] : (this.psf?.centerIcrs ?? [center.lon, center.lat]);
      const [edispRa, edispDec] = position ? [ra, dec] : (this.edisp?.centerIcrs ?? [center.lon, center.lat]);
      // the PSF kernel is computed on the full exposure grid first: its width sets the cutout size
      const psf = model.applyIrf.psf ? this.psf?.psfKernelAt(psfRa, psfDec, expGeom, PSF_CONTAINMENT) : undefined;
      const kernelWidth = psf
        ? Math.max(psf.shape[1] * Math.abs(expGeom.pixelScales[1]), psf.shape[2] * Math.abs(expGeom.pixelScales[0]))
        : 0;
      const width = kernelWidth + 2 * ((radius ?? 0) + CUTOUT_MARGIN_DEG);
      const frame = expGeom.frame;
      const pos = frame === "icrs" ? { lon: [ra], lat: [dec] } : transformArrays([ra], [dec], "icrs", frame);
      let cutout: WcsGeom;
      try {
        cutout = global ? expGeom : expGeom.cutout(pos.lon[0], pos.lat[0], width, true);
      } catch (e) {
        // the source (with its PSF) is off the map: it contributes nothing, and is looked at afresh next time
        if (e instanceof ArgumentError) {
          this.evaluators.delete(model);
          return undefined;
        }
        throw e;
      }
      const x0 = Math.round(expGeom.wcs.params.crpix[0] - cutout.wcs.params.crpix[0]);
      const y0 = Math.round(expGeom.wcs.params.crpix[1] - cutout.wcs.params.crpix[1]);
      const [nxc, nyc] = cutout.npix;
      const [nx] = expGeom.npix;
      const nT = expGeom.axes.axes[0].nbin;
      const ny = expGeom.npix[1];
      const exposure = new Float64Array(nT * nyc * nxc);
      for (let t = 0; t < nT; t++)
        for (let y = 0; y < nyc; y++)
          for (let x = 0; x < nxc; x++)
            exposure[(t * nyc + y) * nxc + x] =
              Number(this.exposure.data[(t * ny + y + y0) * nx + x + x0]) * this.exposureFactor;
      ev = {
        raDeg: ra,
        decDeg: dec,
        cachedRaDeg,
        cachedDecDeg,
        cutout,
        cutoutImage: cutout.toImage(),
        x0,
        y0,
        exposure,
        psf,
        convolver: psf && new StackConvolver(psf.data, psf.shape[0], psf.shape[1], psf.shape[2], nyc, nxc),
        edisp: model.applyIrf.edisp ? this.edisp?.edispKernelAt(edispRa, edispDec) : undefined,
        spatial: undefined,
        spatialValues: new Float64Array(0),
        spectralValues: new Float64Array(0),
        npred: new Float64Array(0),
        npredScale: 1,
      };
      this.evaluators.set(model, ev);
    }
    return ev;
  }

  /**
   * Brings the evaluator's prediction up to date for the model's current parameters (see the module docs): the
   * spatial part when a spatial parameter moved, the dispersion fold when a spectral one did, or only `npredScale`
   * when the norm alone moved since the last fold (Gammapy's `parameter_norm_only_changed`).
   */
  private updateNpred(model: SkyModel, ev: Evaluator): void {
    const spatial = model.spatialModel!;
    const spectralParams = model.spectralModel.parameters;
    const spatialSame = ev.spatial !== undefined && sameValues(spatial.parameters, ev.spatialValues);
    if (spatialSame && ev.npred.length) {
      let changed = -1;
      let count = 0;
      let k = 0;
      for (const p of spectralParams) {
        if (p.value !== ev.spectralValues[k]) {
          changed = k;
          count++;
        }
        k++;
      }
      if (count === 0) {
        ev.npredScale = 1;
        return;
      }
      if (count === 1 && spectralParams.at(changed).isNorm && ev.spectralValues[changed] !== 0) {
        ev.npredScale = spectralParams.at(changed).value / ev.spectralValues[changed];
        return;
      }
    }
    const [nxc, nyc] = ev.cutout.npix;
    const npix = nxc * nyc;
    const tAxis = this.exposure.geom.axes.axes[0];
    const nT = tAxis.nbin;
    if (!spatialSame) {
      // the PSF-convolved spatial model times the exposure, per true-energy bin (energy cubes: plane by plane)
      const cube = ev.spatial?.length === nT * npix ? ev.spatial : new Float64Array(nT * npix);
      if (spatial.isEnergyDependent === true) {
        const values = spatial.integrateGeom(ev.cutout);
        if (ev.convolver) ev.convolver.convolveEach(values, cube);
        else cube.set(values);
      } else {
        const image = spatial.integrateGeom(ev.cutoutImage);
        if (ev.convolver) ev.convolver.convolve(image, cube);
        else for (let t = 0; t < nT; t++) cube.set(image, t * npix);
      }
      if (model.applyIrf.exposure) for (let i = 0; i < cube.length; i++) cube[i] *= ev.exposure[i];
      ev.spatial = cube;
      ev.spatialValues = Float64Array.from(spatial.parameters, (p) => p.value);
    }
    const flux = model.spectralModel.integral(tAxis.edgesMin, tAxis.edgesMax);
    const nE = this.counts.geom.axes.axes[0].nbin;
    const edisp = ev.edisp;
    if (!edisp && nT !== nE) throw new ArgumentError("no energy dispersion and different true/reco axes", "edisp");
    // weights[t, e] = flux in true-energy bin t x probability of reco bin e
    const weights = new Float64Array(nT * nE);
    for (let t = 0; t < nT; t++)
      for (let e = 0; e < nE; e++)
        weights[t * nE + e] = edisp ? flux[t] * edisp.data[t * nE + e] : t === e ? flux[t] : 0;
    const out = ev.npred.length === nE * npix ? ev.npred.fill(0) : new Float64Array(nE * npix);
    const sp = ev.spatial!;
    for (let i0 = 0; i0 < npix; i0 += FOLD_BLOCK) {
      const i1 = Math.min(npix, i0 + FOLD_BLOCK);
      for (let t = 0; t < nT; t++) {
        const base = t * npix;
        for (let e = 0; e < nE; e++) {
          const w = weights[t * nE + e];
          if (w === 0) continue;
          const o = e * npix;
          for (let i = i0; i < i1; i++) out[o + i] += w * sp[base + i];
        }
      }
    }
    ev.npred = out;
    ev.npredScale = 1;
    ev.spectralValues = Float64Array.from(spectralParams, (p) => p.value);
  }

  /** Forgets the models' evaluators (cutouts, kernels, cached predictions): the next evaluation starts afresh. */
  clearEvaluators(): void {
    this.evaluators.clear();
  }

  /** Predicted signal counts of all source models (or one by name), flat like counts. */
  npredSignal(modelName?: string): Float64Array {
    return this.addSignal(new Float64Array(this.counts.data.length), modelName);
  }

  /** Adds the source models' predicted counts (or one model's) into `out` (flat like counts); returns `out`. */
  private addSignal(out: Float64Array, modelName?: string): Float64Array {
    const [nx, ny] = this.counts.geom.npix;
    const nE = this.counts.geom.axes.axes[0].nbin;
    if (!this.models) return out;
    for (const m of this.models) {
      if (m instanceof FoVBackgroundModel || !m.appliesTo(this.name)) continue;
      if (modelName !== undefined && m.name !== modelName) continue;
      if (m instanceof TemplateNPredModel) {
        addTemplateNPred(m, out);
        continue;
      }
      if (!m.spatialModel)
        throw new ArgumentError(`model '${m.name}' has no spatial model`, m.name, "a spatial model for map datasets");
      const ev = this.evaluatorFor(m);
      if (!ev) continue;
      this.updateNpred(m, ev);
      const n = ev.npred;
      const scale = ev.npredScale * temporalNorm(m, this.gti, this.name);
      const [nxc, nyc] = ev.cutout.npix;
      for (let e = 0; e < nE; e++)
        for (let y = 0; y < nyc; y++) {
          const o = (e * ny + y + ev.y0) * nx + ev.x0;
          const r = (e * nyc + y) * nxc;
          if (scale === 1) for (let x = 0; x < nxc; x++) out[o + x] += n[r + x];
          else for (let x = 0; x < nxc; x++) out[o + x] += scale * n[r + x];
        }
    }
    return out;
  }

  /** Background counts with the dataset's FoVBackgroundModel (norm, tilt) applied; flat like counts. */
  npredBackground(out: Float64Array = new Float64Array(this.counts.data.length)): Float64Array {
    const n = this.counts.data.length;
    out.fill(0);
    if (!this.background) return out;
    if (this.backgroundCache?.source !== this.background)
      this.backgroundCache = {
        source: this.background,
        values: Float64Array.from(this.background.data as ArrayLike<number>),
      };
    const bkg = this.backgroundCache.values;
    const model = this.models
      ? [...this.models].find((m) => m instanceof FoVBackgroundModel && m.appliesTo(this.name))
      : undefined;
    if (!model) {
      out.set(bkg);
      return out;
    }
    const eAxis = this.counts.geom.axes.axes[0];
    const factors = model.spectralModel.evaluate(eAxis.center);
    const npix = n / eAxis.nbin;
    for (let e = 0; e < eAxis.nbin; e++) {
      const f = factors[e];
      for (let i = e * npix; i < (e + 1) * npix; i++) out[i] = bkg[i] * f;
    }
    return out;
  }

  /** Total predicted counts, flat like counts. */
  npred(): Float64Array {
    return this.addSignal(this.npredBackground());
  }

  /** The reco-energy axis of the counts. */
  get energyAxis(): MapAxis {
    return this.counts.geom.axes.axes[0];
  }

  /**
   * The reco-energy bins [start, stop) as a new dataset (Gammapy's `slice_by_idx`): counts, background and masks
   * sliced, dispersion matrices restricted to those columns; exposure and PSF shared. Models are shared.
   */
  sliceByIdx(start: number, stop: number, name = this.name): MapDataset {
    const axis = this.energyAxis.slice(start, stop);
    const geom = this.counts.geom.withAxes([axis]);
    const npix = this.counts.geom.imageSize;
    const cut = <T extends { subarray(a: number, b: number): T; slice(a: number, b: number): T }>(a: T) =>
      a.slice(start * npix, stop * npix);
    const map = (m: WcsNDMap) => new WcsNDMap(geom, cut(m.data as Float64Array), m.unit);
    const edisp = this.edisp;
    const nE = this.energyAxis.nbin;
    const d = new MapDataset({
      name,
      counts: map(this.counts),
      exposure: this.exposure,
      background: this.background && map(this.background),
      psf: this.psf,
      edisp: edisp && {
        edispKernelAt: (ra, dec) => {
          const k = edisp.edispKernelAt(ra, dec);
          const nT = k.data.length / nE;
          const data = new Float64Array(nT * (stop - start));
          for (let t = 0; t < nT; t++) data.set(k.data.subarray(t * nE + start, t * nE + stop), t * (stop - start));
          return { energyAxisTrue: k.energyAxisTrue, energyAxis: axis, data };
        },
      },
      maskSafe: cut(this.maskSafe),
      maskFit: this.maskFit && cut(this.maskFit),
      livetimeS: this.livetimeS,
      ontimeS: this.ontimeS,
    });
    d.models = this.models;
    return d;
  }

  /** Cash statistic summed over the mask (into a reused buffer: no allocation per evaluation). */
  statSum(): number {
    const n = this.counts.data.length;
    if (this.scratch?.length !== n) this.scratch = new Float64Array(n);
    const npred = this.addSignal(this.npredBackground(this.scratch));
    return cashSum(this.counts.data as ArrayLike<number>, npred, this.mask);
  }
}

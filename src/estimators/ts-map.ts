/**
 * TS maps of a map dataset (Gammapy 1.0's `TSMapEstimator`): at every pixel a single-norm fit of a source kernel on top
 * of the predicted counts, by Brent root finding of the derivative of the Cash statistic (Stewart 2009, appendix A).
 *
 * The kernel is Gammapy's: the source model (default a point source with a power law of index 2) placed at the centre
 * of the exposure geometry (padded by the kernel half-width, or a square of `kernelWidthDeg` with odd npix), with the
 * exposure of the nearest pixel with exposure, evaluated as Gammapy's `MapEvaluator` does (exposure cutout of width
 * PSF-kernel width + 0.2 deg, PSF kernel at the centre, dispersion at the centre), summed over the reco-energy group and
 * normalised to unit sum. Maps are treated as padded by the kernel half-width with zero counts, background and
 * exposure (Gammapy pads the dataset before fitting): the per-pixel fit runs over the kernel footprint, clipped at the
 * map edges. Per pixel the fit computes Gammapy's norm bounds, `brentq` (rtol, 20 iterations) on the derivative, the
 * norm error from the second derivative, TS = stat(0) - stat(norm) with Gammapy's Cython Cash sum, and optionally asymmetric errors and upper limits by root finding of the profile.
 */
import { transformArrays } from "../coords/frames.js";
import { CUTOUT_MARGIN_DEG, MapDataset, PSF_CONTAINMENT } from "../datasets/map-dataset.js";
import { MapAxis } from "../maps/axis.js";
import { convolveSame } from "../maps/convolve.js";
import { WcsGeom } from "../maps/wcs-geom.js";
import { WcsNDMap } from "../maps/wcs-map.js";
import { Models, SkyModel, type SpatialModelLike } from "../modeling/models.js";
import { PointSpatialModel } from "../modeling/spatial.js";
import { createSpectralModel, PowerLaw, type SpectralModel } from "../modeling/spectral.js";
import { brentRoot } from "../stats/roots.js";
import { ArgumentError, GammatsError } from "../util/errors.js";
import { energyGroupRange } from "./flux-points.js";

/** Options of {@link estimateTSMap}; defaults are Gammapy's `TSMapEstimator()` ones. */
export interface TSMapOptions {
  /** Spectral shape of the source kernel (default PowerLaw index 2, amplitude 1e-12 cm-2 s-1 TeV-1 at 1 TeV). */
  readonly spectralModel?: SpectralModel;
  /** Spatial shape of the source kernel (default a point source); its position is moved to the map centre. */
  readonly spatialModel?: SpatialModelLike;
  /** Kernel width (deg): the kernel geometry is a square of this width with odd npix. Default: the padded map. */
  readonly kernelWidthDeg?: number;
  /** Only 1 (no downsampling) is supported. */
  readonly downsamplingFactor?: number;
  /** Number of sigma of `norm_err`, `norm_errn`, `norm_errp` (default 1). */
  readonly nSigma?: number;
  /** Number of sigma of `norm_ul` (default 2). */
  readonly nSigmaUl?: number;
  /** Fit only where the TS of the initial flux estimate exceeds this (default: fit everywhere). */
  readonly threshold?: number;
  /** Relative tolerance of the norm fit (default 0.01). */
  readonly rtol?: number;
  /** Optional outputs: asymmetric errors and upper limits. */
  readonly selectionOptional?: ReadonlyArray<"errn-errp" | "ul">;
  /** Reco-energy edges (TeV) of the output groups; default one group over the dataset's axis. */
  readonly energyEdgesTeV?: ArrayLike<number>;
  /** Sum counts, background and kernel over the energies of a group (default true) or fit the cube. */
  readonly sumOverEnergyGroups?: boolean;
}

/** A TS-map kernel: data shape (nPlanes, ny, nx), C order, summing to 1. */
export interface TSMapKernel {
  readonly data: Float64Array;
  readonly shape: readonly [number, number, number];
}

/**
 * Result of {@link estimateTSMap}: named maps on `geom` (one energy bin per group, then lat, lon), NaN where no fit was
 * made (outside the mask). Quantities: ts, sqrt_ts, norm, norm_err, flux (cm-2 s-1), niter, success (0/1), npred,
 * npred_excess, stat, stat_null, and with the options norm_errn, norm_errp, norm_ul.
 */
export interface TSMaps {
  readonly geom: WcsGeom;
  readonly maps: Readonly<Record<string, Float64Array>>;
  /** Integral flux (cm-2 s-1) of the reference spectrum over each group: `flux = norm * referenceFlux`. */
  readonly referenceFluxCm2S: Float64Array;
  /** Kernel of the first group (as Gammapy's `estimate_kernel` on the padded, sliced dataset). */
  readonly kernel: TSMapKernel;
  readonly nSigma: number;
  readonly nSigmaUl: number;
}

const MAX_NITER = 20;
const TRUNCATION = 1e-25;
const LOG_TRUNCATION = Math.log(TRUNCATION);

/** The geometry Gammapy's `to_odd_npix(max_radius)` makes: same centre and pixel size, odd npix covering 2 radius. */
function toOddNpix(geom: WcsGeom, maxRadiusDeg: number): WcsGeom {
  const binsz = Math.max(Math.abs(geom.pixelScales[0]), Math.abs(geom.pixelScales[1]));
  const npix = Math.floor(Math.ceil((2 * maxRadiusDeg) / binsz) / 2) * 2 + 1;
  const c = geom.centerSkydir;
  return WcsGeom.create({
    lonDeg: c.lon,
    latDeg: c.lat,
    frame: c.frame,
    binszDeg: binsz,
    npix: [npix, npix],
    proj: geom.projection,
    axes: geom.axes.axes,
  });
}

/** Exposure per true-energy bin at the pixel with exposure nearest to a position (Gammapy's nearest valid position). */
function exposureNearest(dataset: MapDataset, lonDeg: number, latDeg: number): Float64Array {
  const g = dataset.exposure.geom;
  const npix = g.imageSize;
  const nT = g.axes.axes[0].nbin;
  const data = dataset.exposure.data;
  const sep = g.separation(lonDeg, latDeg);
  let best = -1;
  for (let i = 0; i < npix; i++) {
    let valid = false;
    for (let t = 0; t < nT && !valid; t++) valid = Number(data[t * npix + i]) > 0;
    if (valid && (best < 0 || sep[i] < sep[best])) best = i;
  }
  if (best < 0)
    throw new GammatsError("NO_EXPOSURE", "no valid exposure: impossible to compute the TS map kernel", {
      key: "exposure",
    });
  const out = new Float64Array(nT);
  for (let t = 0; t < nT; t++) out[t] = Number(data[t * npix + best]);
  return out;
}

/**
 * Predicted counts of the kernel source model per reco-energy bin on Gammapy's evaluator cutout, shape
 * (nE, ny, nx), unnormalised: the model at the centre of `geom` (exposure geometry, true-energy axis), constant exposure.
 */
function kernelCube(dataset: MapDataset, geom: WcsGeom, options: TSMapOptions): TSMapKernel {
  const center = geom.centerSkydir;
  const expo = exposureNearest(dataset, center.lon, center.lat);
  const npix = geom.imageSize;
  const exposure = new Float64Array(expo.length * npix);
  for (let t = 0; t < expo.length; t++) exposure.fill(expo[t], t * npix, (t + 1) * npix);
  const recoAxis = dataset.counts.geom.axes.axes[0];
  const spatial = options.spatialModel ?? new PointSpatialModel({}, "icrs");
  const icrs = transformArrays([center.lon], [center.lat], center.frame, "icrs");
  const own = transformArrays([center.lon], [center.lat], center.frame, spatial.frame);
  const lon = spatial.parameters.get("lon_0");
  const lat = spatial.parameters.get("lat_0");
  const saved = [lon.value, lat.value];
  lon.value = own.lon[0];
  lat.value = own.lat[0];
  try {
    const tmp = new MapDataset({
      name: "ts-kernel",
      counts: WcsNDMap.fromGeom(geom.withAxes([recoAxis]), { dtype: "float64" }),
      exposure: new WcsNDMap(geom, exposure, dataset.exposure.unit, {}, false),
      psf: dataset.psf,
      edisp: dataset.edisp,
    });
    const spectral = options.spectralModel ?? createSpectralModel(PowerLaw, { index: 2, amplitude: 1e-12 });
    tmp.models = new Models([new SkyModel({ name: "ts-kernel", spectralModel: spectral, spatialModel: spatial })]);
    const full = tmp.npredSignal();
    // the evaluator's cutout (see MapDataset): PSF kernel width + 2 (evaluation radius + margin), odd npix
    const psf = dataset.psf?.psfKernelAt(icrs.lon[0], icrs.lat[0], geom, PSF_CONTAINMENT);
    const psfWidth = psf
      ? Math.max(psf.shape[1] * Math.abs(geom.pixelScales[1]), psf.shape[2] * Math.abs(geom.pixelScales[0]))
      : 0;
    const width = psfWidth + 2 * ((spatial.evaluationRadiusDeg ?? 0) + CUTOUT_MARGIN_DEG);
    const cut = geom.cutout(center.lon, center.lat, width, true);
    const x0 = Math.round(geom.wcs.params.crpix[0] - cut.wcs.params.crpix[0]);
    const y0 = Math.round(geom.wcs.params.crpix[1] - cut.wcs.params.crpix[1]);
    const [nx, ny] = geom.npix;
    const [kx, ky] = cut.npix;
    const nE = recoAxis.nbin;
    const data = new Float64Array(nE * ky * kx);
    for (let e = 0; e < nE; e++)
      for (let y = 0; y < ky; y++)
        for (let x = 0; x < kx; x++) data[(e * ky + y) * kx + x] = full[(e * ny + y + y0) * nx + x + x0];
    return { data, shape: [nE, ky, kx] };
  } finally {
    lon.value = saved[0];
    lat.value = saved[1];
  }
}

/** Reco bins [start, stop) of the cube kernel, summed to one plane when `sum`, normalised to unit sum. */
function groupKernel(cube: TSMapKernel, start: number, stop: number, sum: boolean): TSMapKernel {
  const [, ky, kx] = cube.shape;
  const n = ky * kx;
  const planes = sum ? 1 : stop - start;
  const data = new Float64Array(planes * n);
  for (let e = start; e < stop; e++) {
    const o = sum ? 0 : (e - start) * n;
    for (let i = 0; i < n; i++) data[o + i] += cube.data[e * n + i];
  }
  let total = 0;
  for (let i = 0; i < data.length; i++) total += data[i];
  for (let i = 0; i < data.length; i++) data[i] /= total;
  return { data, shape: [planes, ky, kx] };
}

/**
 * The TS-map kernel of a dataset for reco-energy bins [start, stop) (default all), as Gammapy's `estimate_kernel` on the
 * padded (and, with `sumOverEnergyGroups`, energy-summed) dataset: shape (planes, ny, nx), unit sum.
 */
export function tsMapKernel(
  dataset: MapDataset,
  options: TSMapOptions = {},
  energyRange?: readonly [number, number],
): TSMapKernel {
  const nE = dataset.counts.geom.axes.axes[0].nbin;
  const [start, stop] = energyRange ?? [0, nE];
  return groupKernel(
    kernelCube(dataset, kernelGeom(dataset, options), options),
    start,
    stop,
    options.sumOverEnergyGroups ?? true,
  );
}

/** Kernel geometry: odd square of the kernel width, or the exposure geometry padded by the kernel half-width. */
function kernelGeom(dataset: MapDataset, options: TSMapOptions): WcsGeom {
  const expGeom = dataset.exposure.geom;
  if (options.kernelWidthDeg !== undefined) {
    if (!(options.kernelWidthDeg > 0)) throw new ArgumentError("kernel width must be > 0", "kernelWidthDeg");
    return toOddNpix(expGeom, options.kernelWidthDeg / 2);
  }
  const first = kernelCube(dataset, expGeom, options);
  return expGeom.pad(Math.max(first.shape[1], first.shape[2]) >> 1);
}

/** Per-pixel fit state over the kernel footprint: preallocated once, reused for every pixel. */
class FootprintFit {
  /** Entries with model > 0, footprint order: model, background, counts. */
  readonly m: Float64Array;
  readonly b: Float64Array;
  readonly c: Float64Array;
  n = 0;
  /** Entries with model > 0 and counts > 0 (for the derivative). */
  readonly mc: Float64Array;
  readonly bc: Float64Array;
  readonly cc: Float64Array;
  nc = 0;
  /** Sum of the model over the footprint. */
  sumModel = 0;
  /** Cash sum terms (without the factor 2) of the entries with model 0, and their background sum. */
  statZero = 0;
  sumBackground = 0;
  countsSum = 0;
  normMin = 0;
  normMax = 0;
  normMinTotal = 0;
  /** Objective of the Brent search of the profile (stat target). */
  target = 0;
  readonly derivative = (x: number): number => {
    let s = 0;
    const { mc, bc, cc } = this;
    for (let i = 0; i < this.nc; i++) s += (mc[i] * cc[i]) / (x * mc[i] + bc[i]);
    return 2 * (this.sumModel - s);
  };
  readonly profile = (x: number): number => this.target - this.stat(x);

  constructor(size: number) {
    this.m = new Float64Array(size);
    this.b = new Float64Array(size);
    this.c = new Float64Array(size);
    this.mc = new Float64Array(size);
    this.bc = new Float64Array(size);
    this.cc = new Float64Array(size);
  }

  /** Gathers the footprint around pixel (iy, ix); planes of `counts`, `background`, `exposure` are (ny, nx) images. */
  gather(
    counts: Float64Array,
    background: Float64Array,
    exposure: Float64Array,
    kernel: TSMapKernel,
    ny: number,
    nx: number,
    iy: number,
    ix: number,
  ): void {
    const [planes, ky, kx] = kernel.shape;
    const k = kernel.data;
    const npix = ny * nx;
    const cy = ky >> 1;
    const cx = kx >> 1;
    const y0 = Math.max(0, cy - iy);
    const y1 = Math.min(ky, ny + cy - iy);
    const x0 = Math.max(0, cx - ix);
    const x1 = Math.min(kx, nx + cx - ix);
    let n = 0;
    let nc = 0;
    let sModel = 0;
    let sCounts = 0;
    let snMin = 1e14;
    let cMin = 1;
    let snMinTotal = 1e14;
    let statZero = 0;
    let sumB = 0;
    for (let p = 0; p < planes; p++) {
      for (let y = y0; y < y1; y++) {
        const row = p * npix + (iy + y - cy) * nx + (ix - cx);
        const krow = (p * ky + y) * kx;
        for (let x = x0; x < x1; x++) {
          const j = row + x;
          const c = counts[j];
          const b = background[j];
          const m = k[krow + x] * exposure[j];
          sumB += b;
          if (c > 0) sCounts += c;
          if (m > 0) {
            const sn = b / m;
            if (c > 0 && sn < snMin) {
              snMin = sn;
              cMin = c;
            }
            sModel += m;
            if (sn < snMinTotal) snMinTotal = sn;
            this.m[n] = m;
            this.b[n] = b;
            this.c[n] = c;
            n++;
            if (c > 0) {
              this.mc[nc] = m;
              this.bc[nc] = b;
              this.cc[nc] = c;
              nc++;
            }
          } else statZero += cashTerm(c, b);
        }
      }
    }
    this.n = n;
    this.nc = nc;
    this.sumModel = sModel;
    this.countsSum = sCounts;
    this.statZero = statZero;
    this.sumBackground = sumB;
    this.normMin = cMin / sModel - snMin;
    this.normMax = sCounts / sModel - snMin;
    this.normMinTotal = -snMinTotal;
  }

  /** Gammapy's `cash_sum_cython` of the footprint at a norm. */
  stat(norm: number): number {
    let s = this.statZero;
    const { m, b, c } = this;
    for (let i = 0; i < this.n; i++) s += cashTerm(c[i], b[i] + norm * m[i]);
    return 2 * s;
  }

  /** Second derivative of the Cash statistic / 2 (Gammapy's `stat_2nd_derivative`). */
  secondDerivative(norm: number): number {
    let s = 0;
    const { mc, bc, cc } = this;
    for (let i = 0; i < this.nc; i++) {
      const d = bc[i] + norm * mc[i];
      if (d !== 0) s += (mc[i] * mc[i] * cc[i]) / (d * d);
    }
    return s;
  }
}

/** One term of Gammapy's Cython Cash sum (without the factor 2), npred truncated at 1e-25. */
function cashTerm(counts: number, npred: number): number {
  if (npred > TRUNCATION) return counts > 0 ? npred - counts * Math.log(npred) : npred;
  return counts > 0 ? TRUNCATION - counts * LOG_TRUNCATION : TRUNCATION;
}

/** Fit inputs of one energy group: planes of counts, background and model exposure, pixel mask, reference flux. */
interface GroupInputs {
  readonly planes: number;
  readonly counts: Float64Array;
  readonly background: Float64Array;
  /** Exposure x reference flux x mask: predicted counts of the reference source per pixel (unitless). */
  readonly exposure: Float64Array;
  /** Reco exposure per plane normalised by the plane's reference flux (cm2 s), unmasked. */
  readonly exposureReco: Float64Array;
  readonly mask: Uint8Array;
  readonly fluxRef: number;
}

function groupInputs(
  dataset: MapDataset,
  spectral: SpectralModel,
  start: number,
  stop: number,
  sum: boolean,
  npred: Float64Array,
): GroupInputs {
  const geom = dataset.counts.geom;
  const npix = geom.imageSize;
  const eAxis = geom.axes.axes[0];
  const planes = sum ? 1 : stop - start;
  const counts = new Float64Array(planes * npix);
  const background = new Float64Array(planes * npix);
  const mask = new Uint8Array(npix);
  const safe = dataset.maskSafe;
  const fit = dataset.maskFit;
  const cData = dataset.counts.data;
  for (let e = start; e < stop; e++) {
    const o = sum ? 0 : (e - start) * npix;
    for (let i = 0; i < npix; i++) {
      const k = e * npix + i;
      const w = sum ? safe[k] : 1;
      if (w) {
        counts[o + i] += Number(cData[k]);
        background[o + i] += npred[k];
      }
      if (safe[k] && (!fit || fit[k])) mask[i] = 1;
    }
  }
  // pixels without background are not fitted (Gammapy's estimate_mask_default)
  for (let i = 0; i < npix; i++) {
    let s = 0;
    for (let p = 0; p < planes; p++) s += background[p * npix + i];
    if (s === 0) mask[i] = 0;
  }
  // reco exposure of the reference spectrum, dispersion at the map centre (estimate_exposure_reco_energy)
  const expGeom = dataset.exposure.geom;
  const tAxis = expGeom.axes.axes[0];
  const flux = spectral.integral(tAxis.edgesMin, tAxis.edgesMax);
  const c = geom.centerSkydir;
  const icrs = transformArrays([c.lon], [c.lat], c.frame, "icrs");
  const edisp = dataset.edisp?.edispKernelAt(icrs.lon[0], icrs.lat[0]);
  const nE = eAxis.nbin;
  const unit = dataset.exposure.unit.replace(/\s+/g, " ").trim() === "m2 s" ? 1e4 : 1;
  const fluxRef = spectral.integral([eAxis.edges[start]], [eAxis.edges[stop]])[0];
  const exposureReco = new Float64Array(planes * npix);
  const expData = dataset.exposure.data;
  for (let p = 0; p < planes; p++) {
    const e0 = sum ? start : start + p;
    const e1 = sum ? stop : e0 + 1;
    const fluxPlane = spectral.integral([eAxis.edges[e0]], [eAxis.edges[e1]])[0];
    const out = exposureReco.subarray(p * npix, (p + 1) * npix);
    for (let t = 0; t < tAxis.nbin; t++) {
      let w = 0;
      for (let e = e0; e < e1; e++) w += edisp ? edisp.data[t * nE + e] : t === e ? 1 : 0;
      if (w === 0) continue;
      const f = flux[t] * w;
      for (let i = 0; i < npix; i++) out[i] += f * Number(expData[t * npix + i]) * unit;
    }
    for (let i = 0; i < npix; i++) out[i] /= fluxPlane;
  }
  const exposure = new Float64Array(planes * npix);
  for (let p = 0; p < planes; p++)
    for (let i = 0; i < npix; i++) exposure[p * npix + i] = exposureReco[p * npix + i] * fluxRef * mask[i];
  return { planes, counts, background, exposure, exposureReco, mask, fluxRef };
}

/** Initial norm per pixel (Gammapy's `estimate_flux_default` / reference flux): excess / exposure matched-filtered. */
function normGuess(inputs: GroupInputs, kernel: TSMapKernel, ny: number, nx: number): Float64Array {
  const npix = ny * nx;
  const [planes, ky, kx] = kernel.shape;
  let k2 = 0;
  for (let i = 0; i < kernel.data.length; i++) k2 += kernel.data[i] * kernel.data[i];
  const scaled = kernel.data.map((v) => v / k2);
  const out = new Float64Array(npix);
  const flux = new Float64Array(npix);
  const conv = new Float64Array(npix);
  for (let p = 0; p < planes; p++) {
    for (let i = 0; i < npix; i++) {
      const j = p * npix + i;
      const excess = inputs.counts[j] - inputs.background[j];
      const v = excess / inputs.exposureReco[j];
      flux[i] = Number.isNaN(v)
        ? 0
        : v === Number.POSITIVE_INFINITY
          ? Number.MAX_VALUE
          : v === -Infinity
            ? -Number.MAX_VALUE
            : v;
    }
    convolveSame(flux, ny, nx, scaled.subarray(p * ky * kx, (p + 1) * ky * kx), ky, kx, conv);
    for (let i = 0; i < npix; i++) out[i] += conv[i];
  }
  for (let i = 0; i < npix; i++) out[i] /= inputs.fluxRef;
  return out;
}

/**
 * Estimates TS, significance, norm and error maps of a map dataset (Cash statistics), as Gammapy 1.0's
 * `TSMapEstimator(options).run(dataset)`; see the module docs. Output maps are on the counts image geometry with one
 * energy bin per group.
 */
export function estimateTSMap(dataset: MapDataset, options: TSMapOptions = {}): TSMaps {
  if (options.downsamplingFactor !== undefined && options.downsamplingFactor !== 1)
    throw new ArgumentError("downsampling is not supported", "downsamplingFactor", "1");
  const geom = dataset.counts.geom;
  const eAxis = geom.axes.axes[0];
  const [nx, ny] = geom.npix;
  const npix = nx * ny;
  const edges = options.energyEdgesTeV ?? [eAxis.edges[0], eAxis.edges[eAxis.nbin]];
  const groups = Array.from({ length: edges.length - 1 }, (_, g) => energyGroupRange(eAxis, edges[g], edges[g + 1]));
  const nOut = groups.length;
  const outAxis = MapAxis.fromEnergyEdges(
    groups.flatMap(([s, e], g) => (g === 0 ? [eAxis.edges[s], eAxis.edges[e]] : [eAxis.edges[e]])),
  );
  const sum = options.sumOverEnergyGroups ?? true;
  const rtol = options.rtol ?? 0.01;
  const nSigma = options.nSigma ?? 1;
  const nSigmaUl = options.nSigmaUl ?? 2;
  const threshold = options.threshold;
  const optional = new Set(options.selectionOptional ?? []);
  const spectral = options.spectralModel ?? createSpectralModel(PowerLaw, { index: 2, amplitude: 1e-12 });
  const names = [
    "ts",
    "sqrt_ts",
    "norm",
    "norm_err",
    "flux",
    "niter",
    "success",
    "npred",
    "npred_excess",
    "stat",
    "stat_null",
  ];
  if (optional.has("errn-errp")) names.push("norm_errn", "norm_errp");
  if (optional.has("ul")) names.push("norm_ul");
  const maps: Record<string, Float64Array> = Object.fromEntries(
    names.map((n) => [n, new Float64Array(nOut * npix).fill(Number.NaN)]),
  );
  const cube = kernelCube(dataset, kernelGeom(dataset, options), options);
  const npred = dataset.npred();
  const referenceFluxCm2S = new Float64Array(nOut);
  let firstKernel: TSMapKernel | undefined;
  const brent = { rtol, maxIter: MAX_NITER };
  for (let g = 0; g < nOut; g++) {
    const [start, stop] = groups[g];
    const kernel = groupKernel(cube, start, stop, sum);
    firstKernel ??= kernel;
    const inputs = groupInputs(dataset, spectral, start, stop, sum, npred);
    referenceFluxCm2S[g] = inputs.fluxRef;
    const guess = threshold !== undefined ? normGuess(inputs, kernel, ny, nx) : undefined;
    const fit = new FootprintFit(kernel.data.length);
    const o = g * npix;
    for (let iy = 0; iy < ny; iy++)
      for (let ix = 0; ix < nx; ix++) {
        const i = iy * nx + ix;
        if (!inputs.mask[i]) continue;
        fit.gather(inputs.counts, inputs.background, inputs.exposure, kernel, ny, nx, iy, ix);
        const statNull = fit.stat(0);
        let norm: number;
        let niter = 0;
        let success = 1;
        let stat = Number.NaN;
        let fitted = true;
        if (guess) {
          norm = guess[i];
          stat = fit.stat(norm);
          fitted = statNull - stat > threshold!;
        }
        if (fitted) {
          if (!(fit.countsSum > 0)) {
            norm = fit.normMinTotal;
          } else {
            const r = brentRoot(fit.derivative, fit.normMin, fit.normMax, brent);
            if (r.converged && !Number.isNaN(r.root)) {
              norm = Math.max(r.root, fit.normMinTotal);
              niter = r.iterations;
            } else {
              norm = fit.normMinTotal;
              niter = MAX_NITER;
              success = 0;
            }
          }
          stat = fit.stat(norm);
        }
        norm = norm!;
        const normErr = Math.sqrt(1 / fit.secondDerivative(norm)) * nSigma;
        const ts = statNull - stat;
        maps.ts[o + i] = ts;
        const root = Math.sqrt(Math.max(ts, 0));
        maps.sqrt_ts[o + i] = norm > 0 ? root : -root;
        maps.norm[o + i] = norm;
        maps.flux[o + i] = norm * inputs.fluxRef;
        maps.norm_err[o + i] = normErr;
        maps.niter[o + i] = niter;
        maps.success[o + i] = success;
        const npredSum = fit.sumBackground + norm * fit.sumModel;
        maps.npred[o + i] = npredSum;
        maps.npred_excess[o + i] = npredSum - fit.sumBackground;
        maps.stat[o + i] = stat;
        maps.stat_null[o + i] = statNull;
        if (optional.size > 0) {
          const confidence = (n: number, positive: boolean): number => {
            fit.target = stat + n * n;
            const lo = positive ? norm : norm - 1e2 * normErr;
            const hi = positive ? norm + 1e2 * normErr : norm;
            const r = brentRoot(fit.profile, lo, hi, brent);
            const x = r.converged ? r.root : Number.NaN;
            return (x - norm) * (positive ? 1 : -1);
          };
          if (optional.has("ul")) maps.norm_ul[o + i] = norm + confidence(nSigmaUl, true);
          if (optional.has("errn-errp")) {
            maps.norm_errn[o + i] = confidence(nSigma, false);
            maps.norm_errp[o + i] = confidence(nSigma, true);
          }
        }
      }
  }
  return {
    geom: geom.withAxes([outAxis]),
    maps,
    referenceFluxCm2S,
    kernel: firstKernel!,
    nSigma,
    nSigmaUl,
  };
}

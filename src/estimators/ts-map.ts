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
 * norm error from the second derivative, TS = stat(0) - stat(norm) with Gammapy's Cython Cash sum, and optionally
 * asymmetric errors and upper limits by root finding of the profile. With `downsamplingFactor` the dataset is padded
 * and downsampled first and the maps upsampled back, as Gammapy does.
 */
import { transformArrays } from "../coords/frames.js";
import { CUTOUT_MARGIN_DEG, MapDataset, PSF_CONTAINMENT, type PsfKernelCube } from "../datasets/map-dataset.js";
import { MapAxis } from "../maps/axis.js";
import { convolveSame, fftConvolveSame } from "../maps/convolve.js";
import { WcsGeom } from "../maps/wcs-geom.js";
import { WcsNDMap } from "../maps/wcs-map.js";
import type { SpatialModelLike } from "../modeling/models.js";
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
  /** Estimate on pixels coarser by this even factor, then upsample back (Gammapy's `downsampling_factor`). */
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
  /**
   * Estimate only the pixel rows [start, stop) of the map (the others stay NaN), e.g. one tile of a map split across
   * workers; each pixel's fit is independent of the others, so tiles put together equal the whole map. Not with
   * downsampling. Default: all rows.
   */
  readonly rows?: readonly [number, number];
}

/** A TS-map kernel: data shape (nPlanes, ny, nx), C order, summing to 1. */
export interface TSMapKernel {
  /** Kernel values, C order. */
  readonly data: Float64Array;
  /** (planes, ny, nx): one plane when summed over the energy group, else one per reco-energy bin of the group. */
  readonly shape: readonly [number, number, number];
}

/**
 * Result of {@link estimateTSMap}: named maps on `geom` (one energy bin per group, then lat, lon), NaN where no fit was
 * made (outside the mask). Quantities: ts, sqrt_ts, norm, norm_err, flux (cm-2 s-1), niter, success (0/1), npred,
 * npred_excess, stat, stat_null, and with the options norm_errn, norm_errp, norm_ul.
 */
export interface TSMaps {
  /** The counts image geometry with one reco-energy bin per group. */
  readonly geom: WcsGeom;
  /** Quantity name -> data (groups, ny, nx), C order. */
  readonly maps: Readonly<Record<string, Float64Array>>;
  /** Integral flux (cm-2 s-1) of the reference spectrum over each group: `flux = norm * referenceFlux`. */
  readonly referenceFluxCm2S: Float64Array;
  /** Kernel of the first group (as Gammapy's `estimate_kernel` on the padded, sliced dataset). */
  readonly kernel: TSMapKernel;
  /** Number of sigma of the errors and of the upper limits. */
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
 * The PSF kernel at the centre of the exposure geometry (it depends on the pixel size and position only, so one serves
 * all kernel geometries) and the width (deg) of Gammapy's evaluator cutout: PSF-kernel width + 2 (evaluation radius +
 * 0.1 deg).
 */
function evaluatorCutout(
  dataset: MapDataset,
  spatial: SpatialModelLike,
): { psf: PsfKernelCube | undefined; widthDeg: number } {
  const expGeom = dataset.exposure.geom;
  const c = expGeom.centerSkydir;
  const icrs = transformArrays([c.lon], [c.lat], c.frame, "icrs");
  const psf = dataset.psf?.psfKernelAt(icrs.lon[0], icrs.lat[0], expGeom, PSF_CONTAINMENT);
  const psfWidth = psf
    ? Math.max(psf.shape[1] * Math.abs(expGeom.pixelScales[1]), psf.shape[2] * Math.abs(expGeom.pixelScales[0]))
    : 0;
  return { psf, widthDeg: psfWidth + 2 * ((spatial.evaluationRadiusDeg ?? 0) + CUTOUT_MARGIN_DEG) };
}

/**
 * Predicted counts of the kernel source model per reco-energy bin on Gammapy's evaluator cutout, shape (nE, ny, nx),
 * unnormalised: the model at the centre of the kernel geometry with the exposure of the nearest pixel with exposure
 * (constant over the cutout), spatially integrated over pixels, convolved with the PSF kernel at the centre per true
 * energy, times the spectral integral per true-energy bin, folded with the dispersion at the centre. The kernel
 * geometry is the exposure geometry padded by the half-width of the kernel on the exposure geometry itself (Gammapy's
 * `estimate_pad_width`), or the odd square of `kernelWidthDeg`. The cutout is PSF-kernel width + 2 (evaluation radius
 * + 0.1 deg) wide with odd npix, trimmed to the kernel geometry.
 */
function kernelCube(dataset: MapDataset, options: TSMapOptions, padded = false): TSMapKernel {
  const expGeom = dataset.exposure.geom;
  const spatial = options.spatialModel ?? new PointSpatialModel({}, "icrs");
  const { psf, widthDeg: width } = evaluatorCutout(dataset, spatial);
  let geom: WcsGeom;
  if (options.kernelWidthDeg !== undefined) {
    if (!(options.kernelWidthDeg > 0)) throw new ArgumentError("kernel width must be > 0", "kernelWidthDeg");
    geom = toOddNpix(expGeom, options.kernelWidthDeg / 2);
  } else if (padded) {
    geom = expGeom;
  } else {
    geom = expGeom.pad(kernelPadWidth(expGeom, width));
  }
  const center = geom.centerSkydir;
  const icrs = transformArrays([center.lon], [center.lat], center.frame, "icrs");
  const expo = exposureNearest(dataset, center.lon, center.lat);
  const cut = geom.cutout(center.lon, center.lat, width, true);
  const [kx, ky] = cut.npix;
  const n = kx * ky;
  const own = transformArrays([center.lon], [center.lat], center.frame, spatial.frame);
  const lon = spatial.parameters.get("lon_0");
  const lat = spatial.parameters.get("lat_0");
  const saved = [lon.value, lat.value];
  lon.value = own.lon[0];
  lat.value = own.lat[0];
  let image: Float64Array;
  try {
    image = spatial.integrateGeom(cut.toImage());
  } finally {
    lon.value = saved[0];
    lat.value = saved[1];
  }
  const tAxis = expGeom.axes.axes[0];
  const nT = tAxis.nbin;
  const nE = dataset.counts.geom.axes.axes[0].nbin;
  const spectral = options.spectralModel ?? tsMapDefaultSpectralModel();
  const flux = spectral.integral(tAxis.edgesMin, tAxis.edgesMax);
  const edisp = dataset.edisp?.edispKernelAt(icrs.lon[0], icrs.lat[0]);
  if (!edisp && nT !== nE) throw new ArgumentError("no energy dispersion and different true/reco axes", "edisp");
  const data = new Float64Array(nE * n);
  const conv = new Float64Array(n);
  for (let t = 0; t < nT; t++) {
    if (psf) {
      const [, pky, pkx] = psf.shape;
      convolveSame(image, ky, kx, psf.data.subarray(t * pky * pkx, (t + 1) * pky * pkx), pky, pkx, conv);
    } else conv.set(image);
    const f = flux[t] * expo[t];
    for (let e = 0; e < nE; e++) {
      const w = edisp ? edisp.data[t * nE + e] : t === e ? 1 : 0;
      if (w === 0) continue;
      const o = e * n;
      for (let i = 0; i < n; i++) data[o + i] += f * conv[i] * w;
    }
  }
  return { data, shape: [nE, ky, kx] };
}

/** Half-width (pixels) of the kernel cutout of `width` deg at the centre of `geom` (Gammapy's `estimate_pad_width`). */
function kernelPadWidth(geom: WcsGeom, widthDeg: number): number {
  const c = geom.centerSkydir;
  const first = geom.cutout(c.lon, c.lat, widthDeg, true);
  return Math.max(first.npix[0], first.npix[1]) >> 1;
}

/** Gammapy's default kernel spectrum: PowerLaw index 2, amplitude 1e-12 cm-2 s-1 TeV-1 at 1 TeV. */
/** The default TS-map source spectrum (Gammapy's): a power law of index 2, 1e-12 cm-2 s-1 TeV-1 at 1 TeV. */
export function tsMapDefaultSpectralModel(): SpectralModel {
  return createSpectralModel(PowerLaw, { index: 2, amplitude: 1e-12 });
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
  return groupKernel(kernelCube(dataset, options), start, stop, options.sumOverEnergyGroups ?? true);
}

/**
 * Per-pixel fit state over the kernel footprint, preallocated once and reused for every pixel. Only the footprint
 * entries with model > 0 and counts > 0 are kept (the derivative and the TS need no others); sums over the whole
 * footprint (counts, background, null Cash statistic) come from prefix sums.
 */
class FootprintFit {
  /** Entries with model > 0 and counts > 0, footprint order: background / model, counts. */
  readonly r: Float64Array;
  readonly c: Float64Array;
  n = 0;
  /** Whether the background of all those entries is above the Cash truncation (1e-25). */
  backgroundPositive = true;
  /** All entries with model > 0 (filled on demand, for norms where npred is truncated). */
  private readonly zeroM: Float64Array;
  private readonly zeroB: Float64Array;
  private readonly posM: Float64Array;
  private readonly posB: Float64Array;
  private readonly posC: Float64Array;
  private nZero = 0;
  private nPos = 0;
  private allGathered = false;
  /** Sum of the model over the footprint. */
  sumModel = 0;
  /** Sums over the footprint: counts, background, Cash statistic at norm 0. */
  countsSum = 0;
  sumBackground = 0;
  statNull = 0;
  /** Gammapy's `norm_bounds_cython`: bracket of the root and the norm where npred first reaches 0. */
  normMin = 0;
  normMax = 0;
  normMinTotal = 0;
  /** Target of the profile root search (best stat + n_sigma^2). */
  target = 0;
  /** Current pixel and its clipped footprint in kernel indices. */
  private iy = 0;
  private ix = 0;
  private y0 = 0;
  private y1 = 0;
  private x0 = 0;
  private x1 = 0;
  /** Derivative of the Cash statistic in the norm (Gammapy's `f_cash_root_cython`). */
  readonly derivative = (x: number): number => {
    // m c / (x m + b) = c / (x + b / m); two accumulators to overlap the divisions
    let s0 = 0;
    let s1 = 0;
    const { r, c } = this;
    const n = this.n;
    let i = 0;
    for (; i + 1 < n; i += 2) {
      s0 += c[i] / (x + r[i]);
      s1 += c[i + 1] / (x + r[i + 1]);
    }
    if (i < n) s0 += c[i] / (x + r[i]);
    return 2 * (this.sumModel - (s0 + s1));
  };
  /** Profile function of the confidence search: target - stat(x). */
  readonly profile = (x: number): number => this.target - (this.statNull + this.statDiff(x));

  constructor(
    private readonly inputs: GroupInputs,
    private readonly kernel: TSMapKernel,
    private readonly ny: number,
    private readonly nx: number,
  ) {
    const size = kernel.data.length;
    this.r = new Float64Array(size);
    this.c = new Float64Array(size);
    this.zeroM = new Float64Array(size);
    this.zeroB = new Float64Array(size);
    this.posM = new Float64Array(size);
    this.posB = new Float64Array(size);
    this.posC = new Float64Array(size);
  }

  /** Sets the footprint of pixel (iy, ix) in kernel indices, clipped to the map: [y0, y1) x [x0, x1). */
  private setBounds(iy: number, ix: number): void {
    const ky = this.kernel.shape[1];
    const kx = this.kernel.shape[2];
    const cy = ky >> 1;
    const cx = kx >> 1;
    this.iy = iy;
    this.ix = ix;
    this.y0 = Math.max(0, cy - iy);
    this.y1 = Math.min(ky, this.ny + cy - iy);
    this.x0 = Math.max(0, cx - ix);
    this.x1 = Math.min(kx, this.nx + cx - ix);
  }

  /** Gathers the footprint around pixel (iy, ix) and computes the norm bounds. */
  gather(iy: number, ix: number): void {
    this.setBounds(iy, ix);
    this.allGathered = false;
    const inp = this.inputs;
    const { counts, background, exposure, rowPtr, colIdx } = inp;
    const planes = this.kernel.shape[0];
    const ky = this.kernel.shape[1];
    const kx = this.kernel.shape[2];
    const k = this.kernel.data;
    const { nx, ny, y0, y1, x0, x1 } = this;
    const npix = ny * nx;
    const cy = ky >> 1;
    const cx = kx >> 1;
    const ps = inp.prefixStride;
    const Y0 = iy - cy + y0;
    const Y1 = iy - cy + y1;
    const X0 = ix - cx + x0;
    const X1 = ix - cx + x1;
    let sCounts = 0;
    let sBackground = 0;
    let sCash = 0;
    for (let p = 0; p < planes; p++) {
      const o = p * ps * (ny + 1);
      const a = o + Y1 * ps + X1;
      const b = o + Y0 * ps + X1;
      const c = o + Y1 * ps + X0;
      const d = o + Y0 * ps + X0;
      sCounts += inp.prefixCounts[a] - inp.prefixCounts[b] - inp.prefixCounts[c] + inp.prefixCounts[d];
      sBackground +=
        inp.prefixBackground[a] - inp.prefixBackground[b] - inp.prefixBackground[c] + inp.prefixBackground[d];
      sCash += inp.prefixCash[a] - inp.prefixCash[b] - inp.prefixCash[c] + inp.prefixCash[d];
    }
    // lowest background / model over the footprint: kernel entries by decreasing value, stopped once no remaining
    // entry can go lower (background >= bLow, exposure <= eHigh)
    let snMinTotal = 1e14;
    const { order, orderP, orderY, orderX, bLow, eHigh } = inp;
    for (let q = 0; q < order.length; q++) {
      const kv = order[q];
      if (bLow > snMinTotal * kv * eHigh * (1 + 1e-12)) break;
      const y = iy + orderY[q];
      const x = ix + orderX[q];
      if (y < 0 || y >= ny || x < 0 || x >= nx) continue;
      const j = orderP[q] * npix + y * nx + x;
      const m = kv * exposure[j];
      if (m > 0) {
        const sn = background[j] / m;
        if (sn < snMinTotal) snMinTotal = sn;
      }
    }
    // entries with counts, in footprint order
    let n = 0;
    let snMin = 1e14;
    let cMin = 1;
    let positive = true;
    const ratio = this.r;
    const cnt = this.c;
    for (let p = 0; p < planes; p++) {
      for (let y = y0; y < y1; y++) {
        const r = p * ny + iy + y - cy;
        const krow = (p * ky + y) * kx + cx - ix;
        const row = p * npix + (iy + y - cy) * nx;
        for (let q = rowPtr[r]; q < rowPtr[r + 1]; q++) {
          const X = colIdx[q];
          if (X < X0) continue;
          if (X >= X1) break;
          const j = row + X;
          const m = k[krow + X] * exposure[j];
          if (!(m > 0)) continue;
          const bj = background[j];
          const cj = counts[j];
          const sn = bj / m;
          if (sn < snMin) {
            snMin = sn;
            cMin = cj;
          }
          if (!(bj > TRUNCATION)) positive = false;
          ratio[n] = sn;
          cnt[n] = cj;
          n++;
        }
      }
    }
    const sModel = inp.sumModel[iy * nx + ix];
    this.n = n;
    this.backgroundPositive = positive;
    this.sumModel = sModel;
    this.countsSum = sCounts;
    this.sumBackground = sBackground;
    this.statNull = 2 * sCash;
    this.normMin = cMin / sModel - snMin;
    this.normMax = sCounts / sModel - snMin;
    this.normMinTotal = -snMinTotal;
  }

  /**
   * stat(norm) - stat(0) of Gammapy's `cash_sum_cython` over the footprint. Above the lowest norm where npred stays
   * >= 0 only entries with counts need a log; below it, npred is truncated at 1e-25 entry by entry (full footprint).
   */
  statDiff(norm: number): number {
    if (norm === 0) return 0;
    let s = 0;
    if (norm > this.normMinTotal && this.backgroundPositive) {
      // sum over model > 0 of (x m - c log((b + x m) / b)): logs of running products, renormalised
      const { r, c } = this;
      let logs = 0;
      let prod = 1;
      for (let i = 0; i < this.n; i++) {
        const q = 1 + norm / r[i];
        if (c[i] > 3 || q < 1e-30 || q > 1e30) {
          logs += c[i] * Math.log(q);
          continue;
        }
        const f = power(q, c[i]);
        prod *= f;
        if (prod < 1e-100 || prod > 1e100) {
          logs += Math.log(prod);
          prod = 1;
        }
      }
      logs += Math.log(prod);
      return 2 * (norm * this.sumModel - logs);
    }
    if (!this.allGathered) this.gatherAll();
    // npred truncated at 1e-25 entry by entry; entries with counts through running products of npred ratios
    const { zeroB, zeroM, posB, posM, posC } = this;
    for (let i = 0; i < this.nZero; i++) {
      const npr = zeroB[i] + norm * zeroM[i];
      s += truncated(npr) - truncated(zeroB[i]);
    }
    let logs = 0;
    let prod = 1;
    for (let i = 0; i < this.nPos; i++) {
      const npr = posB[i] + norm * posM[i];
      const nt = truncated(npr);
      const bt = truncated(posB[i]);
      s += nt - bt;
      const q = nt / bt;
      if (posC[i] > 3 || q < 1e-30 || q > 1e30) {
        logs += posC[i] * Math.log(q);
        continue;
      }
      const f = power(q, posC[i]);
      prod *= f;
      if (prod < 1e-100 || prod > 1e100) {
        logs += Math.log(prod);
        prod = 1;
      }
    }
    logs += Math.log(prod);
    return 2 * (s - logs);
  }

  /** The footprint entries with model > 0, split by counts (model, background; counts), for truncated npred. */
  private gatherAll(): void {
    const { counts, background, exposure } = this.inputs;
    const planes = this.kernel.shape[0];
    const ky = this.kernel.shape[1];
    const kx = this.kernel.shape[2];
    const k = this.kernel.data;
    const npix = this.ny * this.nx;
    const { y0, y1, x0, x1 } = this;
    let nz = 0;
    let np = 0;
    for (let p = 0; p < planes; p++)
      for (let y = y0; y < y1; y++) {
        const row = p * npix + (this.iy + y - (ky >> 1)) * this.nx + (this.ix - (kx >> 1));
        for (let x = x0; x < x1; x++) {
          const j = row + x;
          const mj = k[(p * ky + y) * kx + x] * exposure[j];
          if (!(mj > 0)) continue;
          if (counts[j] > 0) {
            this.posM[np] = mj;
            this.posB[np] = background[j];
            this.posC[np] = counts[j];
            np++;
          } else {
            this.zeroM[nz] = mj;
            this.zeroB[nz] = background[j];
            nz++;
          }
        }
      }
    this.nZero = nz;
    this.nPos = np;
    this.allGathered = true;
  }

  /** Second derivative of the Cash statistic / 2 (Gammapy's `stat_2nd_derivative`). */
  secondDerivative(norm: number): number {
    // m^2 c / (b + x m)^2 = c / (x + b / m)^2, zero denominators left out
    let s = 0;
    const { r, c } = this;
    for (let i = 0; i < this.n; i++) {
      const d = norm + r[i];
      if (d !== 0) s += c[i] / (d * d);
    }
    return s;
  }
}

/** npred as Gammapy's Cash sum uses it: values not above 1e-25 (and NaN) become 1e-25. */
function truncated(npred: number): number {
  if (npred > TRUNCATION) return npred;
  return TRUNCATION;
}

/** `q ** c` for counts `c` <= 3: repeated multiplication for 1, 2, 3. */
function power(q: number, c: number): number {
  if (c === 1) return q;
  if (c === 2) return q * q;
  if (c === 3) return q * q * q;
  return q ** c;
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
  /** Cash term at norm 0 per entry (planes, ny, nx). */
  readonly cash: Float64Array;
  /** Prefix sums per plane, shape (planes, ny + 1, nx + 1): counts, background, Cash term at norm 0. */
  readonly prefixCounts: Float64Array;
  readonly prefixBackground: Float64Array;
  readonly prefixCash: Float64Array;
  readonly prefixStride: number;
  /** Entries with counts > 0 per image row (planes x ny, CSR): columns in increasing order. */
  readonly rowPtr: Int32Array;
  readonly colIdx: Int32Array;
  /** Sum of kernel x exposure over the footprint of each pixel (ny, nx). */
  readonly sumModel: Float64Array;
  /** Non-zero kernel values by decreasing value, with their plane and offsets from the kernel centre. */
  readonly order: Float64Array;
  readonly orderP: Int32Array;
  readonly orderY: Int32Array;
  readonly orderX: Int32Array;
  /** Lowest background and highest exposure over the entries with exposure. */
  readonly bLow: number;
  readonly eHigh: number;
}

/** Prefix sums of the planes of `a` (planes, ny, nx) into (planes, ny + 1, nx + 1). */
function prefixSums(a: Float64Array, planes: number, ny: number, nx: number): Float64Array {
  const s = nx + 1;
  const out = new Float64Array(planes * (ny + 1) * s);
  for (let p = 0; p < planes; p++) {
    const o = p * (ny + 1) * s;
    for (let y = 0; y < ny; y++) {
      let row = 0;
      for (let x = 0; x < nx; x++) {
        row += a[(p * ny + y) * nx + x];
        out[o + (y + 1) * s + x + 1] = out[o + y * s + x + 1] + row;
      }
    }
  }
  return out;
}

function groupInputs(
  dataset: MapDataset,
  spectral: SpectralModel,
  kernel: TSMapKernel,
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
  const [ny, nx] = [geom.npix[1], geom.npix[0]];
  const cash = new Float64Array(planes * npix);
  for (let i = 0; i < cash.length; i++) cash[i] = cashTerm(counts[i], background[i]);
  const [kp, ky, kx] = kernel.shape;
  if (ky % 2 === 0 || kx % 2 === 0) throw new ArgumentError("the TS-map kernel must have odd npix", "kernel");
  // CSR of the entries with counts
  const rowPtr = new Int32Array(planes * ny + 1);
  let nnz = 0;
  for (let i = 0; i < counts.length; i++) if (counts[i] > 0) nnz++;
  const colIdx = new Int32Array(nnz);
  nnz = 0;
  for (let r = 0; r < planes * ny; r++) {
    rowPtr[r] = nnz;
    for (let x = 0; x < nx; x++) if (counts[r * nx + x] > 0) colIdx[nnz++] = x;
  }
  rowPtr[planes * ny] = nnz;
  // footprint sums of the model: correlation of the exposure with the kernel (convolution with the flipped kernel)
  const sumModel = new Float64Array(npix);
  const plane = new Float64Array(npix);
  const flipped = new Float64Array(ky * kx);
  for (let p = 0; p < kp; p++) {
    for (let i = 0; i < ky * kx; i++) flipped[i] = kernel.data[p * ky * kx + ky * kx - 1 - i];
    fftConvolveSame(exposure.subarray(p * npix, (p + 1) * npix), ny, nx, flipped, ky, kx, plane);
    for (let i = 0; i < npix; i++) sumModel[i] += plane[i];
  }
  const entries: number[] = [];
  for (let i = 0; i < kernel.data.length; i++) if (kernel.data[i] > 0) entries.push(i);
  entries.sort((u, v) => kernel.data[v] - kernel.data[u]);
  const order = Float64Array.from(entries, (i) => kernel.data[i]);
  const orderP = Int32Array.from(entries, (i) => Math.floor(i / (ky * kx)));
  const orderY = Int32Array.from(entries, (i) => Math.floor((i % (ky * kx)) / kx) - (ky >> 1));
  const orderX = Int32Array.from(entries, (i) => (i % kx) - (kx >> 1));
  let bLow = Number.POSITIVE_INFINITY;
  let eHigh = 0;
  for (let i = 0; i < exposure.length; i++)
    if (exposure[i] > 0) {
      bLow = Math.min(bLow, background[i]);
      eHigh = Math.max(eHigh, exposure[i]);
    }
  return {
    planes,
    counts,
    background,
    exposure,
    exposureReco,
    mask,
    fluxRef,
    cash,
    prefixCounts: prefixSums(counts, planes, ny, nx),
    prefixBackground: prefixSums(background, planes, ny, nx),
    prefixCash: prefixSums(cash, planes, ny, nx),
    prefixStride: nx + 1,
    rowPtr,
    colIdx,
    sumModel,
    order,
    orderP,
    orderY,
    orderX,
    bLow,
    eHigh,
  };
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
    fftConvolveSame(flux, ny, nx, scaled.subarray(p * ky * kx, (p + 1) * ky * kx), ky, kx, conv);
    for (let i = 0; i < npix; i++) out[i] += conv[i];
  }
  for (let i = 0; i < npix; i++) out[i] /= inputs.fluxRef;
  return out;
}

/**
 * Distance from the best norm to where the statistic has risen by n^2 (Gammapy's `_confidence`: Brent search in
 * [norm, norm + 100 err] or [norm - 100 err, norm]); NaN when the search fails.
 */
function confidence(
  fit: FootprintFit,
  stat: number,
  norm: number,
  normErr: number,
  n: number,
  positive: boolean,
  brent: { rtol: number; maxIter: number },
): number {
  fit.target = stat + n * n;
  const lo = positive ? norm : norm - 1e2 * normErr;
  const hi = positive ? norm + 1e2 * normErr : norm;
  const r = brentRoot(fit.profile, lo, hi, brent);
  const x = r.converged ? r.root : Number.NaN;
  return (x - norm) * (positive ? 1 : -1);
}

/**
 * Estimates TS, significance, norm and error maps of a map dataset (Cash statistics), as Gammapy 1.0's
 * `TSMapEstimator(options).run(dataset)`; see the module docs. Output maps are on the counts image geometry with one
 * energy bin per group.
 */
export function estimateTSMap(dataset: MapDataset, options: TSMapOptions = {}): TSMaps {
  const factor = options.downsamplingFactor ?? 1;
  if (factor === 1) return estimateCore(dataset, options, false);
  if (options.rows) throw new ArgumentError("row tiles of a downsampled TS map", "rows", "no downsampling");
  if (!(Number.isInteger(factor) && factor > 1 && factor % 2 === 0))
    throw new ArgumentError(`downsampling factor ${factor}`, "downsamplingFactor", "1 or an even integer");
  return estimateDownsampled(dataset, options, factor);
}

/** The TS-map estimation on a dataset, already padded and downsampled when `padded`. */
function estimateCore(dataset: MapDataset, options: TSMapOptions, padded: boolean): TSMaps {
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
  const spectral = options.spectralModel ?? tsMapDefaultSpectralModel();
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
  const wantUl = optional.has("ul");
  const wantErrs = optional.has("errn-errp");
  const cube = kernelCube(dataset, options, padded);
  const npred = dataset.npred();
  const referenceFluxCm2S = new Float64Array(nOut);
  let firstKernel: TSMapKernel | undefined;
  const brent = { rtol, maxIter: MAX_NITER };
  for (let g = 0; g < nOut; g++) {
    const [start, stop] = groups[g];
    const kernel = groupKernel(cube, start, stop, sum);
    firstKernel ??= kernel;
    const inputs = groupInputs(dataset, spectral, kernel, start, stop, sum, npred);
    referenceFluxCm2S[g] = inputs.fluxRef;
    const guess = threshold !== undefined ? normGuess(inputs, kernel, ny, nx) : undefined;
    const fit = new FootprintFit(inputs, kernel, ny, nx);
    const o = g * npix;
    const [y0, y1] = options.rows ?? [0, ny];
    for (let iy = Math.max(0, y0); iy < Math.min(ny, y1); iy++)
      for (let ix = 0; ix < nx; ix++) {
        const i = iy * nx + ix;
        if (!inputs.mask[i]) continue;
        fit.gather(iy, ix);
        let norm = 0;
        let niter = 0;
        let success = 1;
        let diff = 0;
        let fitted = true;
        if (guess) {
          norm = guess[i];
          diff = fit.statDiff(norm);
          fitted = -diff > threshold!;
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
          diff = fit.statDiff(norm);
        }
        const normErr = Math.sqrt(1 / fit.secondDerivative(norm)) * nSigma;
        const ts = -diff;
        const stat = fit.statNull + diff;
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
        maps.stat_null[o + i] = fit.statNull;
        if (wantUl) maps.norm_ul[o + i] = norm + confidence(fit, stat, norm, normErr, nSigmaUl, true, brent);
        if (wantErrs) {
          maps.norm_errn[o + i] = confidence(fit, stat, norm, normErr, nSigma, false, brent);
          maps.norm_errp[o + i] = confidence(fit, stat, norm, normErr, nSigma, true, brent);
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

/**
 * Gammapy's downsampled run: the dataset padded by the kernel half-width rounded up to a shape divisible by 8 (zeros
 * outside: counts, background, exposure and masks), downsampled by `factor` (counts and background summed with the
 * safe mask as weights, exposure averaged, safe mask "any"), estimated on the coarse pixels with a kernel on them, then
 * upsampled back (linear interpolation, edge values outside, as `map_coordinates(order=1, mode="nearest")`; block
 * copies for niter and success) and cropped.
 */
function estimateDownsampled(dataset: MapDataset, options: TSMapOptions, factor: number): TSMaps {
  const geom = dataset.counts.geom;
  const [nx, ny] = geom.npix;
  const expGeom = dataset.exposure.geom;
  const { widthDeg: width } = evaluatorCutout(dataset, options.spatialModel ?? new PointSpatialModel({}, "icrs"));
  // half-width of the kernel on the original pixels: the cutout, trimmed to the odd square of the kernel width
  const cutoutHalf = kernelPadWidth(expGeom, width);
  const binsz = Math.max(Math.abs(expGeom.pixelScales[0]), Math.abs(expGeom.pixelScales[1]));
  const half =
    options.kernelWidthDeg !== undefined
      ? Math.min(cutoutHalf, Math.floor(Math.ceil(options.kernelWidthDeg / binsz) / 2))
      : cutoutHalf;
  const pads = [nx, ny].map((n) => {
    const shape = n + 2 * half;
    const diff = shape + (8 - (shape % 8)) - n;
    if (diff % 2) throw new ArgumentError("padding to a shape divisible by 8 is not symmetric", "downsamplingFactor");
    return diff / 2;
  });
  if (pads[0] !== pads[1]) throw new ArgumentError("downsampling needs equal padding in x and y", "downsamplingFactor");
  const pad = pads[0];
  const coarse = padDownsample(dataset, pad, factor);
  const result = estimateCore(coarse, options, true);
  const [cnx, cny] = coarse.counts.geom.npix;
  const nOut = result.referenceFluxCm2S.length;
  const maps: Record<string, Float64Array> = {};
  for (const [name, data] of Object.entries(result.maps)) {
    const out = new Float64Array(nOut * ny * nx);
    for (let g = 0; g < nOut; g++)
      upsampleCrop(
        data.subarray(g * cny * cnx, (g + 1) * cny * cnx),
        cny,
        cnx,
        factor,
        pad,
        name === "niter" || name === "success",
        out.subarray(g * ny * nx, (g + 1) * ny * nx),
        ny,
        nx,
      );
    maps[name] = out;
  }
  // sqrt(TS) of the upsampled TS and norm (Gammapy's FluxMaps.sqrt_ts), not an interpolated sqrt(TS)
  const { ts, norm, sqrt_ts: sqrtTs } = maps;
  for (let i = 0; i < ts.length; i++) {
    const root = Math.sqrt(Math.max(ts[i], 0));
    sqrtTs[i] = Number.isNaN(ts[i]) ? Number.NaN : norm[i] > 0 ? root : -root;
  }
  return { ...result, geom: geom.withAxes([result.geom.axes.axes[0]]), maps };
}

/** A copy of the dataset padded by `pad` pixels (zeros) and downsampled by `factor`, as Gammapy's `pad` + `downsample`. */
function padDownsample(dataset: MapDataset, pad: number, factor: number): MapDataset {
  const geom = dataset.counts.geom;
  const [nx, ny] = geom.npix;
  const pnx = nx + 2 * pad;
  const pny = ny + 2 * pad;
  const dnx = pnx / factor;
  const dny = pny / factor;
  const npix = nx * ny;
  const dnpix = dnx * dny;
  const safe = dataset.maskSafe;
  /** Block reduction of (planes, ny, nx) data placed at offset `pad` in the padded image; weights per entry. */
  const reduce = (planes: number, value: (k: number) => number, mean: boolean): Float64Array => {
    const out = new Float64Array(planes * dnpix);
    for (let p = 0; p < planes; p++)
      for (let y = 0; y < ny; y++) {
        const dy = Math.floor((y + pad) / factor);
        for (let x = 0; x < nx; x++) {
          const k = p * npix + y * nx + x;
          out[p * dnpix + dy * dnx + Math.floor((x + pad) / factor)] += value(k);
        }
      }
    if (mean) for (let i = 0; i < out.length; i++) out[i] /= factor * factor;
    return out;
  };
  const nE = geom.axes.axes[0].nbin;
  const nT = dataset.exposure.geom.axes.axes[0].nbin;
  const cData = dataset.counts.data;
  const npred = dataset.npred();
  const eData = dataset.exposure.data;
  const counts = reduce(nE, (k) => (safe[k] ? Number(cData[k]) : 0), false);
  const background = reduce(nE, (k) => (safe[k] ? npred[k] : 0), false);
  const exposure = reduce(nT, (k) => Number(eData[k]), true);
  const maskSum = reduce(nE, (k) => safe[k], false);
  const fit = dataset.maskFit;
  const fitSum = fit ? reduce(nE, (k) => fit[k], false) : undefined;
  const dGeom = geom.pad(pad).downsample(factor);
  const dExpGeom = dataset.exposure.geom.pad(pad).downsample(factor);
  return new MapDataset({
    name: dataset.name,
    counts: new WcsNDMap(dGeom, counts, "", {}, false),
    exposure: new WcsNDMap(dExpGeom, exposure, dataset.exposure.unit, {}, false),
    background: new WcsNDMap(dGeom, background, "", {}, false),
    psf: dataset.psf,
    edisp: dataset.edisp,
    maskSafe: Uint8Array.from(maskSum, (v) => (v > 0 ? 1 : 0)),
    maskFit: fitSum && Uint8Array.from(fitSum, (v) => (v > 0 ? 1 : 0)),
  });
}

/**
 * Upsamples a coarse image (cny, cnx) by `factor` and crops `pad` fine pixels per side into `out` (ny, nx): linear
 * interpolation at coarse coordinates (x - (factor - 1) / 2) / factor with edge values outside (NaN propagates), or the
 * coarse pixel containing the fine one when `nearest`.
 */
function upsampleCrop(
  coarse: Float64Array,
  cny: number,
  cnx: number,
  factor: number,
  pad: number,
  nearest: boolean,
  out: Float64Array,
  ny: number,
  nx: number,
): void {
  const clampY = (i: number) => Math.min(Math.max(i, 0), cny - 1);
  const clampX = (i: number) => Math.min(Math.max(i, 0), cnx - 1);
  for (let y = 0; y < ny; y++) {
    const fy = y + pad;
    const uy = (fy - 0.5 * (factor - 1)) / factor;
    for (let x = 0; x < nx; x++) {
      const fx = x + pad;
      if (nearest) {
        out[y * nx + x] =
          coarse[clampY(Math.floor(uy + 0.5)) * cnx + clampX(Math.floor((fx - 0.5 * (factor - 1)) / factor + 0.5))];
        continue;
      }
      const ux = (fx - 0.5 * (factor - 1)) / factor;
      const y0 = Math.floor(uy);
      const x0 = Math.floor(ux);
      const ty = uy - y0;
      const tx = ux - x0;
      const a = coarse[clampY(y0) * cnx + clampX(x0)];
      const b = coarse[clampY(y0) * cnx + clampX(x0 + 1)];
      const c = coarse[clampY(y0 + 1) * cnx + clampX(x0)];
      const d = coarse[clampY(y0 + 1) * cnx + clampX(x0 + 1)];
      out[y * nx + x] = (1 - ty) * ((1 - tx) * a + tx * b) + ty * ((1 - tx) * c + tx * d);
    }
  }
}

/**
 * TS maps of row tiles (each from `estimateTSMap` with its `rows`, in order, covering the map) as one: each tile's rows
 * are taken from it.
 */
export function mergeTSMapRows(tiles: readonly TSMaps[], rows: ReadonlyArray<readonly [number, number]>): TSMaps {
  if (tiles.length === 0 || tiles.length !== rows.length)
    throw new ArgumentError("one row range per TS-map tile", "rows", `${tiles.length} ranges`);
  const first = tiles[0];
  const [nx, ny] = first.geom.npix;
  const groups = first.geom.axes.axes[0].nbin;
  const maps: Record<string, Float64Array> = {};
  for (const name of Object.keys(first.maps)) {
    const out = first.maps[name].slice();
    tiles.forEach((t, k) => {
      const [y0, y1] = rows[k];
      for (let g = 0; g < groups; g++)
        out.set(t.maps[name].subarray((g * ny + y0) * nx, (g * ny + y1) * nx), (g * ny + y0) * nx);
    });
    maps[name] = out;
  }
  return { ...first, maps };
}

/**
 * IRF maps (Gammapy's `IRFMap`): an IRF tabulated on a coarse WCS geometry (one IRF per sky pixel) together with the
 * exposure map that weights it when maps of several observations are stacked; and the PSF map (`PSFMap`): PSF values
 * dP/dOmega (sr-1) versus rad and true energy per pixel, with Gammapy's `make_psf_map`, containment radius and PSF
 * kernel on a dataset's pixel grid (`get_psf_kernel`).
 */
import { type Frame, transformArrays } from "../coords/frames.js";
import { MapAxis } from "../maps/axis.js";
import type { MapData } from "../maps/nd-map.js";
import { rint, WcsGeom } from "../maps/wcs-geom.js";
import { WcsNDMap } from "../maps/wcs-map.js";
import { ArgumentError } from "../util/errors.js";
import { scaleValue } from "../util/interpolate.js";
import { unitConversionFactor } from "../util/units.js";
import type { EffectiveAreaTable2D } from "./effective-area.js";
import { Irf } from "./irf.js";
import type { Psf } from "./psf.js";

const DEG2_PER_SR = (180 / Math.PI) ** 2;

/** A pointing direction in ICRS (deg). */
export interface IcrsPointing {
  readonly raDeg: number;
  readonly decDeg: number;
}

/** Angular distance (deg) of each image pixel centre of `geom` from an ICRS position; C order [ny][nx]. */
export function separationFromIcrs(geom: WcsGeom, raDeg: number, decDeg: number): Float64Array {
  if (geom.frame === "icrs") return geom.separation(raDeg, decDeg);
  const t = transformArrays([raDeg], [decDeg], "icrs", geom.frame);
  return geom.separation(t.lon[0], t.lat[0]);
}

/** A position (deg) in `frame` expressed in the frame of `geom`. */
function toGeomFrame(geom: WcsGeom, lonDeg: number, latDeg: number, frame: Frame): [number, number] {
  if (frame === geom.frame) return [lonDeg, latDeg];
  const t = transformArrays([lonDeg], [latDeg], frame, geom.frame);
  return [t.lon[0], t.lat[0]];
}

/**
 * Exposure (m2 s) of an observation on a geometry with an `energy_true` axis, as Gammapy's
 * `make_map_exposure_true_energy`: effective area at each pixel's offset from the pointing and each true-energy bin
 * centre, times the live time (s). Float64 map with unit `m2 s` and `meta.livetime` (s).
 */
export function makeExposureMap(
  aeff: EffectiveAreaTable2D,
  pointing: IcrsPointing,
  livetimeS: number,
  geom: WcsGeom,
): WcsNDMap {
  const offset = separationFromIcrs(geom, pointing.raDeg, pointing.decDeg);
  const eAxis = geom.axes.get("energy_true");
  const n = geom.imageSize;
  const planes = geom.axes.size;
  const eIdx = geom.axes.index("energy_true");
  const stride = geom.axes.axes.slice(0, eIdx).reduce((p, a) => p * a.nbin, 1);
  const factor = unitConversionFactor(aeff.unit || "m2", "m2");
  const data = new Float64Array(geom.size);
  const center = eAxis.center;
  const values = new Float64Array(n);
  const cells = offsetCells(aeff.offsetAxis, offset);
  for (let e = 0; e < eAxis.nbin; e++) {
    aeffAtOffsets(aeff, center[e], cells, values);
    for (let p = 0; p < planes; p++) {
      if (Math.floor(p / stride) % eAxis.nbin !== e) continue;
      for (let i = 0; i < n; i++) data[p * n + i] = values[i] * factor * livetimeS;
    }
  }
  return WcsNDMap.fromGeom(geom, { dtype: "float64", data, unit: "m2 s", meta: { livetime: livetimeS } });
}

/** Interpolation cells of offsets on the effective area's offset nodes (-1: outside the axis, value 0). */
interface OffsetCells {
  readonly index: Int32Array;
  readonly frac: Float64Array;
}

function offsetCells(axis: MapAxis, offset: Float64Array): OffsetCells {
  const nodes = axis.center;
  const scaled = nodes.map((v) => scaleValue(axis.interp, v));
  const valid = axis.coordToIdx(offset);
  const index = new Int32Array(offset.length);
  const frac = new Float64Array(offset.length);
  for (let k = 0; k < offset.length; k++) {
    if (valid[k] < 0 || Number.isNaN(offset[k])) {
      index[k] = -1;
      continue;
    }
    if (scaled.length === 1) continue;
    const x = scaleValue(axis.interp, offset[k]);
    let i = 0;
    while (i < scaled.length - 2 && scaled[i + 1] < x) i++;
    index[k] = i;
    frac[k] = (x - scaled[i]) / (scaled[i + 1] - scaled[i]);
  }
  return { index, frac };
}

/**
 * Effective area (table unit) at one true energy (TeV) and many offsets, with the semantics of `Irf.evaluate`
 * (bilinear in the axis scales, extrapolating inside the outer bins, 0 outside the axes, clipped at 0) computed
 * separably: the energy interpolation at each offset node once, then the offset interpolation per point.
 */
function aeffAtOffsets(aeff: EffectiveAreaTable2D, energyTeV: number, cells: OffsetCells, out: Float64Array): void {
  const eAxis = aeff.energyAxisTrue;
  const nO = aeff.offsetAxis.nbin;
  if (eAxis.coordToIdx([energyTeV])[0] < 0 || Number.isNaN(energyTeV)) {
    out.fill(0);
    return;
  }
  const profile = new Float64Array(nO);
  const eNodes = eAxis.center;
  if (eNodes.length === 1) profile.set(aeff.data.subarray(0, nO));
  else {
    const g = eNodes.map((v) => scaleValue(eAxis.interp, v));
    const x = scaleValue(eAxis.interp, energyTeV);
    let i = 0;
    while (i < g.length - 2 && g[i + 1] < x) i++;
    const f = (x - g[i]) / (g[i + 1] - g[i]);
    for (let j = 0; j < nO; j++) profile[j] = aeff.data[i * nO + j] * (1 - f) + aeff.data[(i + 1) * nO + j] * f;
  }
  for (let k = 0; k < out.length; k++) {
    const i = cells.index[k];
    if (i < 0) {
      out[k] = 0;
      continue;
    }
    const f = cells.frac[k];
    const v = nO === 1 ? profile[0] : profile[i] * (1 - f) + profile[i + 1] * f;
    out[k] = Number.isNaN(v) ? 0 : Math.max(v, 0);
  }
}

/**
 * For each plane of a map of data shape `shape` ([..., ny, nx]), the plane index of a map of shape `from` broadcast
 * to it as numpy does (dimensions right-aligned; size-1 or missing dimensions repeat).
 */
export function broadcastPlanes(from: readonly number[], shape: readonly number[]): Int32Array {
  const nd = shape.length - 2;
  const fd = from.length - 2;
  if (fd > nd) throw new ArgumentError(`cannot broadcast shape [${from.join(", ")}] to [${shape.join(", ")}]`);
  const planes = shape.slice(0, nd).reduce((a, b) => a * b, 1);
  const out = new Int32Array(planes);
  // strides of `from` aligned to the trailing non-spatial dimensions of `shape`
  const fStride = new Array<number>(nd).fill(0);
  let s = 1;
  for (let k = fd - 1; k >= 0; k--) {
    const d = nd - fd + k;
    const n = from[k];
    if (n !== 1 && n !== shape[d])
      throw new ArgumentError(`cannot broadcast shape [${from.join(", ")}] to [${shape.join(", ")}]`);
    fStride[d] = n === 1 ? 0 : s;
    s *= n;
  }
  for (let p = 0; p < planes; p++) {
    let rem = p;
    let idx = 0;
    for (let d = nd - 1; d >= 0; d--) {
      const i = rem % shape[d];
      rem = (rem - i) / shape[d];
      idx += i * fStride[d];
    }
    out[p] = idx;
  }
  return out;
}

/** Offset (x0, y0) in pixels of the image of `part` inside the image of `parent` (a cutout of it, same WCS). */
export function cutoutOffset(parent: WcsGeom, part: WcsGeom): [number, number] {
  const pp = parent.wcs.params;
  const cp = part.wcs.params;
  const dx = pp.crpix[0] - cp.crpix[0];
  const dy = pp.crpix[1] - cp.crpix[1];
  const x0 = Math.round(dx);
  const y0 = Math.round(dy);
  const [sx, sy] = parent.pixelScales;
  const [tx, ty] = part.pixelScales;
  const aligned =
    Math.abs(dx - x0) < 1e-6 &&
    Math.abs(dy - y0) < 1e-6 &&
    Math.abs(sx - tx) <= 1e-6 * sx &&
    Math.abs(sy - ty) <= 1e-6 * sy &&
    parent.projection === part.projection &&
    parent.frame === part.frame &&
    Math.abs(pp.crval[0] - cp.crval[0]) <= 1e-6 * sx &&
    Math.abs(pp.crval[1] - cp.crval[1]) <= 1e-6 * sy;
  if (!aligned || x0 < 0 || y0 < 0 || x0 + part.npix[0] > parent.npix[0] || y0 + part.npix[1] > parent.npix[1]) {
    throw new ArgumentError("can only stack equal maps or cutouts of the same map", "geom");
  }
  return [x0, y0];
}

/**
 * Gammapy's `WcsNDMap.stack`: adds `other` (an equal map or a cutout of the same geometry; converted to the unit of
 * `target`) into `target` in place, non-finite values taken as 0 and multiplied by `weights` (a map on the image of
 * `other` whose non-spatial shape broadcasts to it, e.g. a safe mask). Writes round to the target's data type.
 */
export function stackMapInPlace(target: WcsNDMap, other: WcsNDMap, weights?: WcsNDMap, nanToNum = true): void {
  const [x0, y0] = cutoutOffset(target.geom, other.geom);
  const [onx, ony] = other.geom.npix;
  const [tnx, tny] = target.geom.npix;
  const on = onx * ony;
  const planes = other.data.length / on;
  if (target.data.length / (tnx * tny) !== planes)
    throw new ArgumentError("stacked maps have different non-spatial axes", "axes");
  const factor = target.unit && other.unit ? unitConversionFactor(other.unit, target.unit) : 1;
  let wPlanes: Int32Array | undefined;
  if (weights) {
    if (weights.geom.npix[0] !== onx || weights.geom.npix[1] !== ony)
      throw new ArgumentError("weights and map have different images", "weights");
    wPlanes = broadcastPlanes(weights.shape, other.shape);
  }
  const t = target.data as Float64Array;
  const o = asNumbers(other.data);
  const w = weights ? asNumbers(weights.data) : undefined;
  for (let p = 0; p < planes; p++) {
    const wBase = wPlanes ? wPlanes[p] * on : 0;
    for (let j = 0; j < ony; j++) {
      const oRow = p * on + j * onx;
      const tRow = (p * tny + j + y0) * tnx + x0;
      for (let i = 0; i < onx; i++) {
        let v = o[oRow + i] * factor;
        if (nanToNum && !Number.isFinite(v)) v = 0;
        if (w) v *= w[wBase + j * onx + i];
        t[tRow + i] += v;
      }
    }
  }
}

/** Map data as a numeric typed array (64-bit integer data converted to float64). */
function asNumbers(data: MapData): Float64Array {
  if (data instanceof BigInt64Array || data instanceof BigUint64Array) return Float64Array.from(data, Number);
  return data as Float64Array;
}

/** numpy's `nan_to_num`: NaN -> 0, +-Infinity -> +-largest double (in place). */
function nanToNumInPlace(data: MapData): void {
  const d = data as Float64Array;
  for (let i = 0; i < d.length; i++) {
    const v = d[i];
    if (Number.isNaN(v)) d[i] = 0;
    else if (v === Number.POSITIVE_INFINITY) d[i] = Number.MAX_VALUE;
    else if (v === Number.NEGATIVE_INFINITY) d[i] = -Number.MAX_VALUE;
  }
}

/**
 * A boolean map reduced over one axis with logical OR, keeping the axis with one bin (Gammapy's
 * `reduce(axis_name, func=np.logical_or, keepdims=True)`). Returns a uint8 mask map.
 */
export function reduceMaskOverAxis(mask: WcsNDMap, axisName: string): WcsNDMap {
  const axes = mask.geom.axes;
  const k = axes.index(axisName);
  const n = mask.geom.imageSize;
  const inner = n * axes.axes.slice(0, k).reduce((p, a) => p * a.nbin, 1);
  const nb = axes.axes[k].nbin;
  const outer = mask.data.length / (inner * nb);
  const geom = mask.geom.withAxes(axes.replace(axes.axes[k].squash()));
  const out = new Uint8Array(geom.size);
  for (let o = 0; o < outer; o++)
    for (let b = 0; b < nb; b++)
      for (let i = 0; i < inner; i++) if (Number(mask.data[(o * nb + b) * inner + i])) out[o * inner + i] = 1;
  return WcsNDMap.fromGeom(geom, { dtype: "bool", data: out });
}

/**
 * Base of the IRF maps (Gammapy's `IRFMap`): `irfMap` holds the IRF per pixel of a coarse WCS geometry, `exposureMap`
 * (m2 s) the exposure on the same image with one of the IRF axes squashed; stacking weights the IRF by exposure.
 */
export abstract class IrfMap {
  /** The IRF values per pixel. Data are modified in place by `stack`. */
  readonly irfMap: WcsNDMap;
  /** Exposure (m2 s) per pixel and true energy, or undefined. */
  readonly exposureMap?: WcsNDMap;

  constructor(irfMap: WcsNDMap, exposureMap?: WcsNDMap) {
    this.irfMap = irfMap;
    this.exposureMap = exposureMap;
  }

  /** A map of the same class from parts. */
  protected abstract rebuild(irfMap: WcsNDMap, exposureMap?: WcsNDMap): this;

  /** `maskSafeImage()` as of the last change by `stack` (positions are looked up often, e.g. in fits). */
  private _validImage?: Uint8Array;

  /** Whether each image pixel has any positive IRF value (C order [ny][nx], 0/1). */
  maskSafeImage(): Uint8Array {
    const n = this.irfMap.geom.imageSize;
    const out = new Uint8Array(n);
    const d = this.irfMap.data;
    for (let i = 0; i < d.length; i++) if (Number(d[i]) > 0) out[i % n] = 1;
    return out;
  }

  /**
   * The position itself (deg, in the map's frame) if its nearest pixel has a valid IRF, else the centre of the
   * nearest valid pixel (Gammapy's `_get_nearest_valid_position`).
   */
  nearestValidPosition(lonDeg: number, latDeg: number): [number, number] {
    const geom = this.irfMap.geom;
    this._validImage ??= this.maskSafeImage();
    const mask = this._validImage;
    const { x, y } = geom.skyToPix([lonDeg], [latDeg]);
    const [nx, ny] = geom.npix;
    const ix = rint(x[0]);
    const iy = rint(y[0]);
    if (ix >= 0 && ix < nx && iy >= 0 && iy < ny && mask[iy * nx + ix]) return [lonDeg, latDeg];
    if (!mask.some((m) => m === 1)) return [lonDeg, latDeg];
    const sep = geom.separation(lonDeg, latDeg);
    let best = -1;
    for (let i = 0; i < mask.length; i++) if (mask[i] && (best < 0 || sep[i] < sep[best])) best = i;
    const { lon, lat } = geom.imageCoords();
    return [lon[best], lat[best]];
  }

  /** The IRF map cut out around a position (deg, map frame) with a width (deg), as `WcsGeom.cutout`. */
  cutout(lonDeg: number, latDeg: number, widthDeg: number | readonly [number, number]): this {
    return this.rebuild(
      this.irfMap.cutout(lonDeg, latDeg, widthDeg),
      this.exposureMap?.cutout(lonDeg, latDeg, widthDeg),
    );
  }

  /**
   * Stacks another IRF map (equal geometry or a cutout of this one) in place, as Gammapy's `IRFMap.stack`: the IRFs
   * are averaged weighted by exposure x `weights` (a mask map on the other's image broadcasting to its IRF map);
   * the exposures add up, weighted by `weights` reduced over `energy` with logical OR when it has that axis.
   */
  stack(other: IrfMap, weights?: WcsNDMap): void {
    const exp = this.exposureMap;
    const otherExp = other.exposureMap;
    if (!exp || !otherExp) throw new ArgumentError("missing exposure map for IRF map stacking", "exposureMap");
    const irf = this.irfMap;
    const [cx, cy] = other.irfMap.geom.npix;
    const n = irf.geom.imageSize;
    const expPlanes = broadcastPlanes(exp.shape, irf.shape);
    const d = irf.data as Float64Array;
    const e = exp.data as Float64Array;
    // Gammapy 1.0 never sets the `cutout_info` its IRFMap.stack looks for, so the whole map (not only the cutout's
    // parent slices) is multiplied by the exposure and divided again: pixels without exposure become 0.
    for (let p = 0; p < expPlanes.length; p++) {
      const base = p * n;
      const eBase = expPlanes[p] * n;
      for (let i = 0; i < n; i++) d[base + i] *= e[eBase + i];
    }
    // other IRF x other exposure (float64), stacked with the weights
    const on = cx * cy;
    const oPlanes = broadcastPlanes(otherExp.shape, other.irfMap.shape);
    const product = new Float64Array(other.irfMap.data.length);
    const od = other.irfMap.data as Float64Array;
    const oe = otherExp.data as Float64Array;
    for (let p = 0; p < oPlanes.length; p++) {
      const base = p * on;
      const eBase = oPlanes[p] * on;
      for (let i = 0; i < on; i++) product[base + i] = od[base + i] * oe[eBase + i];
    }
    stackMapInPlace(
      irf,
      WcsNDMap.fromGeom(other.irfMap.geom, { dtype: "float64", data: product, unit: other.irfMap.unit }),
      weights,
    );
    const expWeights = weights?.geom.axes.has("energy") ? reduceMaskOverAxis(weights, "energy") : weights;
    stackMapInPlace(exp, otherExp, expWeights);
    for (let p = 0; p < expPlanes.length; p++) {
      const base = p * n;
      const eBase = expPlanes[p] * n;
      for (let i = 0; i < n; i++) d[base + i] /= e[eBase + i];
    }
    nanToNumInPlace(d);
    this._validImage = undefined;
  }
}

/** Options of {@link PSFMap.getPsfKernel}. */
export interface PsfKernelOptions {
  /** Kernel radius (deg); default the largest `containment` radius over the true energies. */
  readonly maxRadiusDeg?: number;
  /** Containment fraction defining the default radius. Default 0.999. */
  readonly containment?: number;
  /** Spatial oversampling factor of the PSF evaluation. Default 4. */
  readonly factor?: number;
  /** Frame of the position. Default `icrs`. */
  readonly frame?: Frame;
}

/** A PSF kernel: per true-energy bin a 2D kernel normalised to a sum of 1, on an odd-sized WCS image. */
export interface PSFKernel {
  /** Kernel geometry: odd npix, the dataset's pixel size, centred on the dataset geometry; axis `energy_true`. */
  readonly geom: WcsGeom;
  /** Kernel values, C order [energy_true][ny][nx]. */
  readonly data: Float64Array;
}

/** The PSF-map IRF seen as a function of (energy_true, rad, lat pixel, lon pixel), for containment integrals. */
class PsfMapCumsumIrf extends Irf {
  readonly tag = "psf_map_cumsum";
}

/**
 * A PSF map (Gammapy's `PSFMap`): PSF density (sr-1) on a WCS geometry with axes `rad` (deg) and `energy_true`
 * (TeV), in that order (data C order [energy_true][rad][ny][nx]), and the exposure map with the rad axis squashed.
 */
export class PSFMap extends IrfMap {
  /** An empty PSF map (float32 zeros, exposure zeros in m2 s), as Gammapy's `PSFMap.from_geom`. */
  static fromGeom(geom: WcsGeom): PSFMap {
    const axes = geom.axes;
    const expGeom = geom.withAxes(axes.replace(axes.get("rad").squash()));
    return new PSFMap(
      WcsNDMap.fromGeom(geom, { dtype: "float32", unit: "sr-1" }),
      WcsNDMap.fromGeom(expGeom, { dtype: "float32", unit: "m2 s" }),
    );
  }

  protected rebuild(irfMap: WcsNDMap, exposureMap?: WcsNDMap): this {
    return new PSFMap(irfMap, exposureMap) as this;
  }

  /** The PSF values (sr-1). */
  get psfMap(): WcsNDMap {
    return this.irfMap;
  }

  /**
   * Containment radius (deg) for a fraction at true energies (TeV) at a position (deg, in the map's frame), as
   * Gammapy's `PSFMap.containment_radius`: the cumulative integral 2 pi r PSF dr interpolated (4D linear over true
   * energy, rad, pixel y, pixel x) on the rad axis upsampled by `factor`; the grid radius closest to the fraction.
   */
  containmentRadius(
    fraction: number,
    energyTrueTeV: ArrayLike<number>,
    lonDeg: number,
    latDeg: number,
    factor = 20,
  ): Float64Array {
    const irf = this.cumsumIrf();
    const { x, y } = this.irfMap.geom.skyToPix([lonDeg], [latDeg]);
    const rad = this.irfMap.geom.axes.get("rad").upsample(factor).center;
    const nr = rad.length;
    // [energy][rad]
    const c = irf.evaluateGrid(
      { energy_true: energyTrueTeV, rad, lat_idx: y[0], lon_idx: x[0] },
      { energy_true: 0, rad: 1 },
    );
    const out = new Float64Array(energyTrueTeV.length);
    const toUnitless = 1 / DEG2_PER_SR;
    for (let k = 0; k < energyTrueTeV.length; k++) {
      const row = k * nr;
      let best = 0;
      let bestDiff = Math.abs(c[row] * toUnitless - fraction);
      for (let r = 1; r < nr; r++) {
        const diff = Math.abs(c[row + r] * toUnitless - fraction);
        if (diff < bestDiff) {
          best = r;
          bestDiff = diff;
        }
      }
      out[k] = rad[best];
    }
    return out;
  }

  private _cumsum?: PsfMapCumsumIrf;

  /** Stacks as {@link IrfMap.stack}, and forgets the cached containment integral. */
  override stack(other: IrfMap, weights?: WcsNDMap): void {
    super.stack(other, weights);
    this._cumsum = undefined;
  }

  /** Cumulative integral over rad of 2 pi r PSF dr (sr-1 deg2) on nodes at the upper rad edges. */
  private cumsumIrf(): PsfMapCumsumIrf {
    if (this._cumsum) return this._cumsum;
    const geom = this.irfMap.geom;
    const radAxis = geom.axes.get("rad");
    const eAxis = geom.axes.get("energy_true");
    const [nx, ny] = geom.npix;
    const n = nx * ny;
    const nr = radAxis.nbin;
    const width = radAxis.binWidth;
    const center = radAxis.center;
    // data order [energy_true][rad][y][x] -> IRF axes (energy_true, rad, lat_idx, lon_idx), same layout
    const data = Float64Array.from(this.irfMap.data as ArrayLike<number>);
    for (let e = 0; e < eAxis.nbin; e++) {
      for (let i = 0; i < n; i++) {
        let acc = 0;
        for (let r = 0; r < nr; r++) {
          const k = (e * nr + r) * n + i;
          acc += 2 * Math.PI * center[r] * (data[k] * width[r]);
          data[k] = acc;
        }
      }
    }
    const radNodes = MapAxis.fromNodes(radAxis.edges.subarray(1), { name: "rad", unit: "deg", interp: radAxis.interp });
    const idxAxis = (nPix: number, name: string) => {
      const edges = new Float64Array(nPix + 1);
      for (let i = 0; i <= nPix; i++) edges[i] = i - 0.5;
      return MapAxis.fromEdges(edges, { name });
    };
    this._cumsum = new PsfMapCumsumIrf(
      { axes: [eAxis, radNodes, idxAxis(ny, "lat_idx"), idxAxis(nx, "lon_idx")], data },
      ["energy_true", "rad", "lat_idx", "lon_idx"],
    );
    return this._cumsum;
  }

  /**
   * The PSF kernel at a position for a dataset geometry (Gammapy's `PSFMap.get_psf_kernel`): on an odd-sized image
   * of the geometry's pixel size and radius `maxRadiusDeg` (default: the largest `containment` radius), upsampled by
   * `factor`, the PSF at each sub-pixel's distance from the image centre (linear interpolation in pixel coordinates,
   * extrapolated beyond the rad axis, clipped at 0), summed back to the pixel size and normalised per true energy.
   * The true-energy axis is that of `geom`.
   */
  getPsfKernel(lonDeg: number, latDeg: number, geom: WcsGeom, options: PsfKernelOptions = {}): PSFKernel {
    const psfGeom = this.irfMap.geom;
    const [lon, lat] = this.nearestValidPosition(...toGeomFrame(psfGeom, lonDeg, latDeg, options.frame ?? "icrs"));
    const factor = options.factor ?? 4;
    let maxRadius = options.maxRadiusDeg;
    if (maxRadius === undefined) {
      const radii = this.containmentRadius(
        options.containment ?? 0.999,
        psfGeom.axes.get("energy_true").center,
        lon,
        lat,
      );
      maxRadius = Math.max(...radii);
    }
    const eAxis = geom.axes.get("energy_true");
    const binsz = Math.max(...geom.pixelScales);
    const npixOdd = Math.floor(Math.ceil((2 * maxRadius) / binsz) / 2) * 2 + 1;
    const center = geom.centerSkydir;
    const kernelGeom = WcsGeom.create({
      lonDeg: center.lon,
      latDeg: center.lat,
      frame: geom.frame,
      binszDeg: binsz,
      npix: [npixOdd, npixOdd],
      proj: geom.projection,
      axes: [eAxis],
    });
    const layout = this.kernelLayout(kernelGeom, factor);
    // pixel coordinates in the PSF map
    const { x, y } = psfGeom.skyToPix([lon], [lat]);
    const ePix = psfGeom.axes.get("energy_true").coordToPix(eAxis.center);
    const [pnx, pny] = psfGeom.npix;
    const nr = psfGeom.axes.get("rad").nbin;
    const ne = psfGeom.axes.get("energy_true").nbin;
    // Multilinear interpolation in pixel coordinates (scipy's, extrapolating from the edge cells) is separable: the
    // (energy, y, x) weights are fixed, so each energy gets a rad profile, interpolated at each sub-pixel's rad.
    const psf = this.irfMap.data;
    const [ix, fx] = gridCell(x[0], pnx);
    const [iy, fy] = gridCell(y[0], pny);
    const kn = npixOdd * npixOdd;
    const data = new Float64Array(eAxis.nbin * kn);
    // rad profiles [energy][rad]
    const nEnergy = eAxis.nbin;
    const profiles = new Float64Array(nEnergy * nr);
    for (let e = 0; e < nEnergy; e++) {
      const [ie, fe] = gridCell(ePix[e], ne);
      for (let r = 0; r < nr; r++) {
        let v = 0;
        for (let c = 0; c < 8; c++) {
          const de = c & 1;
          const dy = (c >> 1) & 1;
          const dx = (c >> 2) & 1;
          const w = (de ? fe : 1 - fe) * (dy ? fy : 1 - fy) * (dx ? fx : 1 - fx);
          if (w === 0) continue;
          const value = Number(
            psf[
              ((Math.min(ie + de, ne - 1) * nr + r) * pny + Math.min(iy + dy, pny - 1)) * pnx +
                Math.min(ix + dx, pnx - 1)
            ],
          );
          v += w * (Number.isFinite(value) ? value : 0);
        }
        profiles[e * nr + r] = v;
      }
    }
    sumSubpixels(profiles, nr, layout, factor * factor, data);
    for (let e = 0; e < nEnergy; e++) {
      const plane = data.subarray(e * kn, (e + 1) * kn);
      let sum = 0;
      for (let k = 0; k < kn; k++) sum += plane[k];
      for (let k = 0; k < kn; k++) {
        const v = plane[k] / sum;
        plane[k] = Number.isFinite(v) ? v : 0;
      }
    }
    return { geom: kernelGeom, data };
  }

  private _kernelLayout?: { readonly key: string; readonly layout: KernelLayout };

  /**
   * The sub-pixels of a kernel image upsampled by `factor`, grouped by kernel pixel (pixels in C order, each one's
   * `factor`² sub-pixels row by row): the grid cell and fraction of each one's distance from the kernel centre on the
   * rad axis (pixel coordinates). Kept for the last kernel geometry (fits ask for kernels of one geometry at many
   * positions).
   */
  private kernelLayout(kernelGeom: WcsGeom, factor: number): KernelLayout {
    const c = kernelGeom.centerSkydir;
    const key = [
      kernelGeom.frame,
      kernelGeom.projection,
      c.lon,
      c.lat,
      ...kernelGeom.pixelScales,
      ...kernelGeom.npix,
      factor,
    ].join("|");
    if (this._kernelLayout?.key === key) return this._kernelLayout.layout;
    const fine = kernelGeom.toImage().upsample(factor);
    const radAxis = this.irfMap.geom.axes.get("rad");
    const radPix = radAxis.coordToPix(fine.separation(c.lon, c.lat));
    const [fnx] = fine.npix;
    const [knx, kny] = kernelGeom.npix;
    const rIdx = new Int32Array(radPix.length);
    const rW0 = new Float64Array(radPix.length);
    const rW1 = new Float64Array(radPix.length);
    let k = 0;
    for (let ky = 0; ky < kny; ky++)
      for (let kx = 0; kx < knx; kx++)
        for (let sy = 0; sy < factor; sy++)
          for (let sx = 0; sx < factor; sx++) {
            const [i, f] = gridCell(radPix[(ky * factor + sy) * fnx + kx * factor + sx], radAxis.nbin);
            rIdx[k] = i;
            rW0[k] = 1 - f;
            rW1[k] = f;
            k++;
          }
    const layout = { rIdx, rW0, rW1 };
    this._kernelLayout = { key, layout };
    return layout;
  }
}

/** Sub-pixels of an upsampled kernel image, grouped by kernel pixel: rad-axis cell (index, 1 - fraction, fraction). */
interface KernelLayout {
  readonly rIdx: Int32Array;
  readonly rW0: Float64Array;
  readonly rW1: Float64Array;
}

/**
 * Kernel planes ([energy][pixel]) from rad profiles ([energy][rad], values at the rad-axis nodes): each pixel sums,
 * row by row, its sub-pixels' linear interpolations of the profile (extrapolated beyond the nodes), keeping positive
 * ones.
 */
function sumSubpixels(
  profiles: Float64Array,
  nr: number,
  layout: KernelLayout,
  perPixel: number,
  out: Float64Array,
): void {
  const { rIdx, rW0, rW1 } = layout;
  const ne = profiles.length / nr;
  const kn = out.length / ne;
  const acc = new Float64Array(ne);
  if (nr === 1) {
    // a constant profile: every sub-pixel adds the same value
    for (let t = 0; t < kn; t++) {
      acc.fill(0);
      for (let k = 0; k < perPixel; k++) for (let e = 0; e < ne; e++) if (profiles[e] > 0) acc[e] += profiles[e];
      for (let e = 0; e < ne; e++) out[e * kn + t] = acc[e];
    }
    return;
  }
  for (let t = 0, k = 0; t < kn; t++) {
    acc.fill(0);
    for (const end = k + perPixel; k < end; k++) {
      const i = rIdx[k];
      const w0 = rW0[k];
      const w1 = rW1[k];
      for (let e = 0, o = i; e < ne; e++, o += nr) {
        const v = profiles[o] * w0 + profiles[o + 1] * w1;
        if (v > 0) acc[e] += v;
      }
    }
    for (let e = 0; e < ne; e++) out[e * kn + t] = acc[e];
  }
}

/** scipy's grid cell for a pixel coordinate on nodes 0..n-1: index clamped to [0, n-2] and the (unclamped) fraction. */
function gridCell(p: number, n: number): [number, number] {
  if (n === 1) return [0, 0];
  let i = Math.floor(p);
  if (i < 0) i = 0;
  if (i > n - 2) i = n - 2;
  return [i, p - i];
}

/**
 * PSF map of an observation on a geometry with axes `rad` and `energy_true` (Gammapy's `make_psf_map`): the PSF at
 * each pixel's offset from the pointing, true-energy bin centre and rad bin centre, normalised so that the integral
 * of 2 pi r PSF dr over the rad bins is 1; in sr-1.
 */
export function makePsfMap(psf: Psf, pointing: IcrsPointing, geom: WcsGeom, exposureMap?: WcsNDMap): PSFMap {
  const radAxis: MapAxis = geom.axes.get("rad");
  const eAxis: MapAxis = geom.axes.get("energy_true");
  if (geom.axes.index("rad") !== 0 || geom.axes.index("energy_true") !== 1)
    throw new ArgumentError("PSF map axes must be [rad, energy_true]", "geom");
  const offset = separationFromIcrs(geom, pointing.raDeg, pointing.decDeg);
  const n = geom.imageSize;
  const nr = radAxis.nbin;
  const ne = eAxis.nbin;
  const m = nr * n;
  const eArg = new Float64Array(m);
  const rArg = new Float64Array(m);
  const oArg = new Float64Array(m);
  const rc = radAxis.center;
  for (let r = 0; r < nr; r++) {
    rArg.fill(rc[r], r * n, (r + 1) * n);
    oArg.set(offset, r * n);
  }
  const data = new Float64Array(geom.size);
  const width = radAxis.binWidth;
  const ec = eAxis.center;
  for (let e = 0; e < ne; e++) {
    eArg.fill(ec[e]);
    const v = psf.evaluatePsf({ energy_true: eArg, offset: oArg, rad: rArg });
    data.set(v, e * m);
  }
  // Map.normalize("rad"): divide by the maximum over rad of the cumulative sum of 2 pi r PSF dr (sr-1 deg2), which
  // leaves deg-2; stored in sr-1.
  for (let e = 0; e < ne; e++) {
    for (let i = 0; i < n; i++) {
      let acc = 0;
      let max = Number.NEGATIVE_INFINITY;
      for (let r = 0; r < nr; r++) {
        acc += 2 * Math.PI * rc[r] * (data[(e * nr + r) * n + i] * width[r]);
        if (acc > max) max = acc;
      }
      for (let r = 0; r < nr; r++) {
        const k = (e * nr + r) * n + i;
        const v = data[k] / max;
        data[k] = (Number.isFinite(v) ? v : Number.isNaN(v) ? 0 : Math.sign(v) * Number.MAX_VALUE) * DEG2_PER_SR;
      }
    }
  }
  return new PSFMap(WcsNDMap.fromGeom(geom, { dtype: "float64", data, unit: "sr-1" }), exposureMap);
}

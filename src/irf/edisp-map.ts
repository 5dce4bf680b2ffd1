/**
 * Energy-dispersion kernel maps (Gammapy's `EDispKernelMap`): per pixel of a coarse WCS geometry, the probability of
 * reconstructing a photon of each true-energy bin in each reconstructed-energy bin, with the exposure map that
 * weights it when stacking; built from an `EnergyDispersion2D` as Gammapy's `make_edisp_kernel_map`.
 */
import { type Frame, transformArrays } from "../coords/frames.js";
import type { MapAxis } from "../maps/axis.js";
import type { WcsGeom } from "../maps/wcs-geom.js";
import { WcsNDMap } from "../maps/wcs-map.js";
import { ArgumentError } from "../util/errors.js";
import type { EDispKernel, EnergyDispersion2D } from "./edisp.js";
import { type IcrsPointing, IrfMap, separationFromIcrs } from "./psf-map.js";

/**
 * Fraction of each true-energy bin inside each reconstructed-energy bin (Gammapy's `get_overlap_fraction`), C order
 * [energyTrue.nbin][energy.nbin]: the diagonal response of an empty kernel map.
 */
export function overlapFraction(energyAxis: MapAxis, energyAxisTrue: MapAxis): Float64Array {
  const a = energyAxis.edges;
  const b = energyAxisTrue.edges;
  const nr = energyAxis.nbin;
  const nt = energyAxisTrue.nbin;
  const out = new Float64Array(nt * nr);
  for (let t = 0; t < nt; t++) {
    for (let r = 0; r < nr; r++) {
      const d = Math.min(a[r + 1], b[t + 1]) - Math.max(a[r], b[t]);
      out[t * nr + r] = Math.max(d, 0) / (b[t + 1] - b[t]);
    }
  }
  return out;
}

/**
 * Energy-dispersion kernels on a WCS geometry with axes `energy` (reconstructed) and `energy_true`, in that order
 * (data C order [energy_true][energy][ny][nx]); exposure (m2 s) on the same image with the energy axis squashed.
 */
export class EDispKernelMap extends IrfMap {
  /**
   * An empty kernel map: float32, the diagonal response (`overlapFraction`) in every pixel, zero exposure; as
   * Gammapy's `EDispKernelMap.from_geom`.
   */
  static fromGeom(geom: WcsGeom): EDispKernelMap {
    const axes = geom.axes;
    checkAxes(geom);
    const map = WcsNDMap.fromGeom(geom, { dtype: "float32" });
    const frac = overlapFraction(axes.get("energy"), axes.get("energy_true"));
    const n = geom.imageSize;
    for (let k = 0; k < frac.length; k++) (map.data as Float32Array).fill(frac[k], k * n, (k + 1) * n);
    const expGeom = geom.withAxes(axes.replace(axes.get("energy").squash()));
    return new EDispKernelMap(map, WcsNDMap.fromGeom(expGeom, { dtype: "float32", unit: "m2 s" }));
  }

  protected rebuild(irfMap: WcsNDMap, exposureMap?: WcsNDMap): this {
    return new EDispKernelMap(irfMap, exposureMap) as this;
  }

  /** The kernel values (probabilities, unitless). */
  get edispMap(): WcsNDMap {
    return this.irfMap;
  }

  /**
   * The kernel at a position (deg, in `frame`): that of the pixel nearest to it (ties to the lower index, as scipy's
   * nearest-neighbour interpolation), or of the nearest valid pixel (Gammapy's `get_edisp_kernel`).
   */
  getEdispKernel(lonDeg: number, latDeg: number, frame: Frame = "icrs"): EDispKernel {
    const geom = this.irfMap.geom;
    let lon = lonDeg;
    let lat = latDeg;
    if (frame !== geom.frame) {
      const t = transformArrays([lonDeg], [latDeg], frame, geom.frame);
      lon = t.lon[0];
      lat = t.lat[0];
    }
    [lon, lat] = this.nearestValidPosition(lon, lat);
    const { x, y } = geom.skyToPix([lon], [lat]);
    const [nx, ny] = geom.npix;
    const nearest = (p: number, n: number) => {
      const i = Math.min(Math.max(Math.floor(p), 0), Math.max(n - 2, 0));
      const v = n === 1 ? 0 : p - i <= 0.5 ? i : i + 1;
      if (!(p >= -0.5 && p <= n - 0.5)) throw new ArgumentError("position outside the EDisp map", "position");
      return v;
    };
    const pix = nearest(y[0], ny) * nx + nearest(x[0], nx);
    const eAxis = geom.axes.get("energy");
    const tAxis = geom.axes.get("energy_true");
    const n = nx * ny;
    const data = new Float64Array(tAxis.nbin * eAxis.nbin);
    for (let k = 0; k < data.length; k++) data[k] = Number(this.irfMap.data[k * n + pix]);
    return { energyAxisTrue: tAxis, energyAxis: eAxis, data };
  }
}

function checkAxes(geom: WcsGeom): void {
  if (geom.axes.length !== 2 || geom.axes.index("energy") !== 0 || geom.axes.index("energy_true") !== 1)
    throw new ArgumentError("EDisp kernel map axes must be [energy, energy_true]", "geom");
}

/**
 * The energy-dispersion kernel map of an observation (Gammapy's `make_edisp_kernel_map`): in each pixel, the kernel
 * of `edisp` at the pixel's offset from the pointing for the geometry's true and reconstructed energy axes (see
 * `EnergyDispersion2D.toEdispKernel`). Float64 data.
 */
export function makeEdispKernelMap(
  edisp: EnergyDispersion2D,
  pointing: IcrsPointing,
  geom: WcsGeom,
  exposureMap?: WcsNDMap,
): EDispKernelMap {
  checkAxes(geom);
  const eAxis = geom.axes.get("energy");
  const tAxis = geom.axes.get("energy_true");
  const offset = separationFromIcrs(geom, pointing.raDeg, pointing.decDeg);
  const n = geom.imageSize;
  const data = new Float64Array(geom.size);
  for (let i = 0; i < n; i++) {
    const kernel = edisp.toEdispKernel(offset[i], tAxis, eAxis);
    for (let k = 0; k < kernel.data.length; k++) data[k * n + i] = kernel.data[k];
  }
  return new EDispKernelMap(WcsNDMap.fromGeom(geom, { dtype: "float64", data }), exposureMap);
}

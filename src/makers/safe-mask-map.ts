/**
 * Gammapy's `SafeMaskMaker` for map datasets: the voxels of a cube to use, from an observation and the reduced maps.
 * Energy thresholds (found on true-energy quantities, as Gammapy does) cut whole reco-energy planes with hard bin
 * edges; `offset-max` and the background-validity mask (always applied when there is a background, as Gammapy does)
 * are per pixel. Methods combine with logical AND, and with the mask the parts already carry.
 */
import { directionalOffsetBy, type SkyCoord, transformTo } from "../coords/frames.js";
import type { Observation } from "../data/observation.js";
import { separationFromIcrs } from "../irf/psf-map.js";
import type { WcsGeom } from "../maps/wcs-geom.js";
import { WcsNDMap } from "../maps/wcs-map.js";
import { ArgumentError, GammatsError } from "../util/errors.js";
import type { WarningSink } from "../util/warnings.js";
import type { MapDatasetParts } from "./map-parts.js";
import {
  aeffDefaultThresholds,
  aeffMaxEnergy,
  edispKernelBiasEnergy,
  energyMask,
  type SafeMaskMethod,
} from "./safe-mask.js";

/** All safe mask methods. */
export const SAFE_MASK_METHODS: readonly SafeMaskMethod[] = [
  "aeff-default",
  "aeff-max",
  "edisp-bias",
  "offset-max",
  "bkg-peak",
];

/** Options of {@link makeMapSafeMask} (Gammapy's `SafeMaskMaker` arguments and defaults). */
export interface MapSafeMaskOptions {
  /** Methods (default `["aeff-default"]`). */
  readonly methods?: readonly SafeMaskMethod[];
  /** aeff-max: percentage of the maximum effective area (default 10). */
  readonly aeffPercent?: number;
  /** edisp-bias: percentage of energy bias (default 10). */
  readonly biasPercent?: number;
  /** aeff-max and edisp-bias: the position where the effective area / dispersion is taken. */
  readonly position?: SkyCoord;
  /** aeff-max and edisp-bias: offset (deg) north of the pointing where they are taken instead (needs the observation). */
  readonly fixedOffsetDeg?: number;
  /** offset-max: maximum offset (deg) from the pointing (default 3). */
  readonly offsetMaxDeg?: number;
  readonly warn?: WarningSink;
}

/** The pointing of an observation (ICRS, deg), or a typed error naming the method that needs it. */
function pointingOf(observation: Observation | undefined, method: string): SkyCoord {
  const p = observation?.pointing;
  if (!observation || p?.raDeg === undefined || p.decDeg === undefined)
    throw new GammatsError(
      "MISSING_OBSERVATION",
      `safe mask '${method}' needs an observation with a pointing (RA_PNT/DEC_PNT)`,
      { key: method },
      "an observation",
    );
  return { lon: p.raDeg, lat: p.decDeg, frame: "icrs" };
}

/** Index of the pixel nearest to a pixel coordinate on n pixels (ties to the lower one, clamped, as scipy). */
function nearestIndex(p: number, n: number): number {
  const i = Math.floor(p);
  const k = p - i <= 0.5 ? i : i + 1;
  return Math.min(Math.max(k, 0), n - 1);
}

/** Values of a map along its first non-spatial axis at the pixel nearest to a position (Gammapy's `get_spectrum`). */
function spectrumAt(map: WcsNDMap, position: SkyCoord): Float64Array {
  const geom = map.geom;
  const pos = transformTo(position, geom.frame);
  const { x, y } = geom.skyToPix([pos.lon], [pos.lat]);
  const [nx, ny] = geom.npix;
  const pix = nearestIndex(y[0], ny) * nx + nearestIndex(x[0], nx);
  const planes = map.data.length / (nx * ny);
  return Float64Array.from({ length: planes }, (_, k) => Number(map.data[k * nx * ny + pix]));
}

/** Where aeff-max and edisp-bias look: the fixed offset from the pointing, the given position, or `fallback`. */
function lookupPosition(
  options: MapSafeMaskOptions,
  observation: Observation | undefined,
  method: string,
): SkyCoord | undefined {
  if (options.fixedOffsetDeg !== undefined)
    return directionalOffsetBy(pointingOf(observation, method), 0, options.fixedOffsetDeg);
  return options.position;
}

/** Sets the planes of reco-energy bins outside a 1D energy mask to 0. */
function andEnergyMask(mask: Uint8Array, planeMask: Uint8Array, imageSize: number): void {
  for (let e = 0; e < planeMask.length; e++) if (!planeMask[e]) mask.fill(0, e * imageSize, (e + 1) * imageSize);
}

/**
 * The safe mask of map-dataset parts (uint8 map on the counts geometry, 1 = safe) as Gammapy's `SafeMaskMaker.run`:
 * the parts' own safe mask AND finite positive background AND each method:
 * - `aeff-default`: the reco bins inside [LO_THRES, HI_THRES] of the observation's effective area;
 * - `aeff-max`: the bins above the true energy where the effective area (exposure / live time at the pixel nearest to
 *   the position, default the map centre) reaches `aeffPercent` % of its maximum; none when it is all zero;
 * - `edisp-bias`: the bins above the energy where the bias of the dispersion kernel at the position (default the
 *   centre of the EDisp map) falls below `biasPercent` %;
 * - `offset-max`: the pixels closer than `offsetMaxDeg` to the pointing;
 * - `bkg-peak`: the bins from the one where the summed background peaks upwards.
 */
export function makeMapSafeMask(
  parts: MapDatasetParts,
  observation?: Observation,
  options: MapSafeMaskOptions = {},
): WcsNDMap {
  const methods = options.methods ?? ["aeff-default"];
  for (const m of methods)
    if (!SAFE_MASK_METHODS.includes(m))
      throw new ArgumentError(`unknown safe mask method '${m}'`, "methods", SAFE_MASK_METHODS.join(", "));
  if (options.position && options.fixedOffsetDeg !== undefined)
    throw new ArgumentError("position and fixedOffsetDeg are mutually exclusive", "fixedOffsetDeg", "one of them");
  const geom: WcsGeom = parts.counts.geom;
  const n = geom.imageSize;
  const edges = geom.axes.get("energy").edges;
  const mask = Uint8Array.from(parts.maskSafe.data as ArrayLike<number>, (v) => (v ? 1 : 0));
  if (parts.background) {
    const b = parts.background.data;
    for (let i = 0; i < mask.length; i++) {
      const v = Number(b[i]);
      if (!(Number.isFinite(v) && v > 0)) mask[i] = 0;
    }
  }
  if (methods.includes("offset-max")) {
    const p = pointingOf(observation, "offset-max");
    const sep = separationFromIcrs(geom, p.lon, p.lat);
    const max = options.offsetMaxDeg ?? 3;
    for (let i = 0; i < mask.length; i++) if (!(sep[i % n] < max)) mask[i] = 0;
  }
  if (methods.includes("aeff-default")) {
    if (!observation)
      throw new GammatsError("MISSING_OBSERVATION", "safe mask 'aeff-default' needs an observation", {
        key: "aeff-default",
      });
    const { lo, hi } = aeffDefaultThresholds(observation, options.warn);
    andEnergyMask(mask, energyMask(edges, lo, hi), n);
  }
  if (methods.includes("aeff-max")) {
    const exposure = parts.exposure;
    if (!exposure)
      throw new GammatsError("MISSING_MAP", `safe mask 'aeff-max' needs an exposure map`, { key: "exposure" });
    const position = lookupPosition(options, observation, "aeff-max") ?? geom.centerSkydir;
    const aeff = spectrumAt(exposure, position).map((v) => v / parts.livetimeS);
    const eMin = aeffMaxEnergy(exposure.geom.axes.get("energy_true").center, aeff, options.aeffPercent ?? 10);
    if (eMin === undefined) {
      options.warn?.({
        code: "ZERO_AEFF",
        path: { key: "exposure" },
        message: `effective area is all zero at (${position.lon.toFixed(3)}, ${position.lat.toFixed(3)}) for dataset '${parts.name}': no safe energy range`,
      });
      mask.fill(0);
    } else andEnergyMask(mask, energyMask(edges, eMin), n);
  }
  if (methods.includes("edisp-bias")) {
    const edisp = parts.edisp;
    if (!edisp)
      throw new GammatsError("MISSING_MAP", `safe mask 'edisp-bias' needs an EDisp kernel map`, { key: "edisp" });
    const position = lookupPosition(options, observation, "edisp-bias") ?? edisp.edispMap.geom.centerSkydir;
    const kernel = edisp.getEdispKernel(position.lon, position.lat, position.frame);
    const eMin = edispKernelBiasEnergy(
      kernel.energyAxisTrue,
      kernel.energyAxis,
      kernel.data,
      (options.biasPercent ?? 10) / 100,
    );
    andEnergyMask(mask, energyMask(edges, eMin), n);
  }
  if (methods.includes("bkg-peak")) {
    const bkg = parts.background;
    if (!bkg)
      throw new GammatsError("MISSING_MAP", `safe mask 'bkg-peak' needs a background map`, { key: "background" });
    const nE = edges.length - 1;
    let peak = 0;
    let best = Number.NEGATIVE_INFINITY;
    for (let e = 0; e < nE; e++) {
      let s = 0;
      for (let i = e * n; i < (e + 1) * n; i++) {
        const v = Number(bkg.data[i]);
        if (!Number.isNaN(v)) s += v;
      }
      if (s > best) {
        best = s;
        peak = e;
      }
    }
    andEnergyMask(mask, energyMask(edges, edges[peak]), n);
  }
  return WcsNDMap.fromGeom(geom, { dtype: "bool", data: mask });
}

/** The parts with their safe mask replaced by {@link makeMapSafeMask}'s. */
export function applyMapSafeMask(
  parts: MapDatasetParts,
  observation?: Observation,
  options: MapSafeMaskOptions = {},
): MapDatasetParts {
  return { ...parts, maskSafe: makeMapSafeMask(parts, observation, options) };
}

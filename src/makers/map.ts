/**
 * 3D data reduction (Gammapy's `MapDatasetMaker` + `SafeMaskMaker` offset-max + `MapDataset.stack`, as driven by
 * `DatasetsMaker` in a 3D `Analysis`): per observation, the reference geometries are cut out around the pointing
 * (width 2 x offset_max, Cutout2D "trim"), and the counts, exposure, background, PSF map, EDisp kernel map and safe
 * mask are made on them; the per-observation parts are then stacked into the full geometry with Gammapy's rules.
 *
 * Gammapy 1.0 behaviours reproduced because they change numbers: zero background-model bins are filled by log
 * interpolation along energy before use; RADEC-aligned FoV longitudes are not sign-flipped (ALTAZ ones are); masks
 * are read at other pixel centres with numpy's `rint` (nearest, ties to even); IRF maps are multiplied by their
 * exposure and divided again over the whole map when stacking (so IRF pixels without exposure become 0); per-run
 * maps are float64 and the stacked ones float32. Where an IRF pixel centre lies exactly on a fine-pixel edge (or a
 * position exactly on an IRF pixel corner), Gammapy's choice depends on the last bits of astropy's WCS and may differ.
 */
import { icrsToAltAz } from "../coords/altaz.js";
import { skyToFov, transformArrays } from "../coords/frames.js";
import { metToTime, recordKeywords, timeRefFromHeader } from "../coords/index.js";
import type { Observation } from "../data/observation.js";
import { Background2D, Background3D } from "../irf/background.js";
import { EDispKernelMap, makeEdispKernelMap } from "../irf/edisp-map.js";
import { RAD_AXIS_DEFAULT } from "../irf/psf.js";
import {
  type IcrsPointing,
  makeExposureMap,
  makePsfMap,
  PSFMap,
  reduceMaskOverAxis,
  separationFromIcrs,
  stackMapInPlace,
} from "../irf/psf-map.js";
import { MapAxis } from "../maps/axis.js";
import { rint, WcsGeom } from "../maps/wcs-geom.js";
import { WcsNDMap } from "../maps/wcs-map.js";
import { ArgumentError, GammatsError } from "../util/errors.js";
import { FLOAT32_TINY } from "../util/interpolate.js";
import { makeCounts } from "./counts.js";
import { type FovBackgroundOptions, fovBackground } from "./fov-background.js";
import type { MapDatasetParts } from "./map-parts.js";

export type { MapDatasetMeta, MapDatasetParts } from "./map-parts.js";

/** Gammapy's default IRF-map pixel size (deg). */
export const BINSZ_IRF_DEFAULT_DEG = 0.2;

/** Maps a map dataset can be made of (Gammapy's `MapDatasetMaker` selection). */
export type MapSelection = "counts" | "exposure" | "background" | "psf" | "edisp";

/** All the maps. */
export const MAP_SELECTION_ALL: readonly MapSelection[] = ["counts", "exposure", "background", "psf", "edisp"];

/** The geometries of a map dataset (Gammapy's `create_map_dataset_geoms`). */
export interface MapDatasetGeoms {
  /** Counts, background and safe mask: the image with the reconstructed `energy` axis. */
  readonly geom: WcsGeom;
  /** Exposure: the image with the `energy_true` axis. */
  readonly geomExposure: WcsGeom;
  /** PSF map: the coarse IRF image with axes [rad, energy_true]. */
  readonly geomPsf: WcsGeom;
  /** EDisp kernel map: the coarse IRF image with axes [energy, energy_true]. */
  readonly geomEdisp: WcsGeom;
}

/** Options of the dataset geometries. */
export interface MapDatasetGeomOptions {
  /** True-energy axis of the IRF maps; default the reconstructed energy axis renamed `energy_true`. */
  readonly energyAxisTrue?: MapAxis;
  /** Pixel size of the IRF maps (deg). Default 0.2. */
  readonly binszIrfDeg?: number;
  /** Rad axis of the PSF map. Default 0 to 0.66 deg in 66 bins. */
  readonly radAxis?: MapAxis;
}

/** The geometries of a map dataset on `geom` (which must have an `energy` axis), as Gammapy. */
export function createMapDatasetGeoms(geom: WcsGeom, options: MapDatasetGeomOptions = {}): MapDatasetGeoms {
  const energy = geom.axes.get("energy");
  const energyTrue = options.energyAxisTrue ?? energy.copy({ name: "energy_true" });
  if (energyTrue.name !== "energy_true")
    throw new ArgumentError(`true-energy axis is named '${energyTrue.name}'`, "energyAxisTrue", "energy_true");
  const image = geom.toImage();
  const binsz = options.binszIrfDeg ?? BINSZ_IRF_DEFAULT_DEG;
  const c = image.centerSkydir;
  const irf = WcsGeom.create({
    lonDeg: c.lon,
    latDeg: c.lat,
    frame: image.frame,
    binszDeg: binsz,
    widthDeg: image.widthDeg,
    proj: image.projection,
  });
  return {
    geom,
    geomExposure: image.toCube([energyTrue]),
    geomPsf: irf.toCube([options.radAxis ?? RAD_AXIS_DEFAULT, energyTrue]),
    geomEdisp: irf.toCube([energy, energyTrue]),
  };
}

/** An empty map dataset (zeros; PSF and EDisp maps from `fromGeom`; safe mask false), as `MapDataset.create`. */
export function createEmptyMapDataset(
  geom: WcsGeom,
  options: MapDatasetGeomOptions & { readonly name?: string } = {},
): MapDatasetParts {
  const g = createMapDatasetGeoms(geom, options);
  return {
    name: options.name ?? "stacked",
    counts: WcsNDMap.fromGeom(g.geom, { dtype: "float32" }),
    background: WcsNDMap.fromGeom(g.geom, { dtype: "float32" }),
    exposure: WcsNDMap.fromGeom(g.geomExposure, { dtype: "float32", unit: "m2 s" }),
    psf: PSFMap.fromGeom(g.geomPsf),
    edisp: EDispKernelMap.fromGeom(g.geomEdisp),
    maskSafe: WcsNDMap.fromGeom(g.geom, { dtype: "bool" }),
    livetimeS: 0,
    ontimeS: 0,
    meta: { obsIds: [] },
  };
}

/** Options of {@link makeMapDataset}. */
export interface MakeMapDatasetOptions extends MapDatasetGeomOptions {
  /** Maps to make (default all); counts not selected are zeros. */
  readonly selection?: readonly MapSelection[];
  /** Safe-mask offset-max (deg): pixels at this offset from the pointing or more are unsafe. Default: no cut. */
  readonly offsetMaxDeg?: number;
  /**
   * Width (deg) of the cutout around the pointing; default 2 x `offsetMaxDeg` (as Gammapy's `Analysis`), no cutout
   * when neither is given. `null` disables the cutout.
   */
  readonly cutoutWidthDeg?: number | null;
  /** Fill zero background-model bins by log interpolation along energy (Gammapy's default). Default true. */
  readonly backgroundInterpMissingData?: boolean;
  /** Pad a 2D background model by one offset bin (edge values). Default true. */
  readonly backgroundPadOffset?: boolean;
  /** Dataset name. Default `obs-<id>`. */
  readonly name?: string;
}

/** The ICRS pointing of an observation (RA_PNT/DEC_PNT). */
function icrsPointing(observation: Observation): IcrsPointing {
  const p = observation.pointing;
  if (p.raDeg === undefined || p.decDeg === undefined)
    throw new GammatsError("MISSING_KEYWORD", `observation ${observation.obsId} has no RA_PNT/DEC_PNT`, {
      key: "RA_PNT",
    });
  return { raDeg: p.raDeg, decDeg: p.decDeg };
}

/** Cutout of a geometry around an ICRS position, as Gammapy's `cutout(mode="trim")`. */
function cutoutGeom(geom: WcsGeom, pointing: IcrsPointing, widthDeg: number): WcsGeom {
  let lon = pointing.raDeg;
  let lat = pointing.decDeg;
  if (geom.frame !== "icrs") {
    const t = transformArrays([lon], [lat], "icrs", geom.frame);
    lon = t.lon[0];
    lat = t.lat[0];
  }
  return geom.cutout(lon, lat, widthDeg);
}

const missingDataCache = new WeakMap<object, Background3D | Background2D>();

/**
 * The background model with zero or non-finite bins filled by linear interpolation of the log values along the
 * energy axis between valid bins (none beyond the first/last valid bin), as Gammapy's `interp_missing_data`
 * (log values in float32 for float32 data, results stored in float32).
 */
export function interpMissingBackground(bkg: Background3D | Background2D): Background3D | Background2D {
  const cached = missingDataCache.get(bkg);
  if (cached) return cached;
  const shape = bkg.axes.shape;
  const nE = shape[0];
  const inner = bkg.data.length / nE;
  const f32 = bkg.interpOptions.float32Values ?? false;
  const data = Float64Array.from(bkg.data);
  const logv = (v: number) => {
    const l = Math.log(Math.max(f32 ? Math.fround(v) : v, FLOAT32_TINY));
    return f32 ? Math.fround(l) : l;
  };
  const xs: number[] = [];
  const ys: number[] = [];
  for (let i = 0; i < inner; i++) {
    xs.length = 0;
    ys.length = 0;
    let missing = false;
    for (let e = 0; e < nE; e++) {
      const v = bkg.data[e * inner + i];
      if (Number.isFinite(v) && v !== 0) {
        xs.push(e);
        ys.push(logv(v));
      } else missing = true;
    }
    if (!missing || xs.length === 0) continue;
    for (let e = 0; e < nE; e++) {
      const v = bkg.data[e * inner + i];
      if (Number.isFinite(v) && v !== 0) continue;
      if (e < xs[0] || e > xs[xs.length - 1]) continue;
      let k = 0;
      while (xs[k + 1] < e) k++;
      const t = (e - xs[k]) / (xs[k + 1] - xs[k]);
      const l = ys[k] + t * (ys[k + 1] - ys[k]);
      const out = Math.exp(l);
      const r = Math.abs(out) - FLOAT32_TINY <= FLOAT32_TINY ? 0 : out;
      data[e * inner + i] = f32 ? Math.fround(r) : r;
    }
  }
  const init = {
    axes: bkg.axes,
    data,
    unit: bkg.unit,
    meta: bkg.meta,
    isPointlike: bkg.isPointlike,
    fovAlignment: bkg.fovAlignment,
    interp: bkg.interpOptions,
  };
  const out = bkg instanceof Background3D ? new Background3D(init) : new Background2D(init);
  missingDataCache.set(bkg, out);
  return out;
}

/** A 2D background padded by one offset bin on each side with the edge values (Gammapy's `pad(1, mode="edge")`). */
function padOffset(bkg: Background2D): Background2D {
  const axis = bkg.axes.get("offset");
  const pix = Float64Array.from({ length: axis.nbin + 3 }, (_, i) => i - 1.5);
  const padded = MapAxis.fromEdges(axis.pixToCoord(pix), { name: "offset", unit: axis.unit, interp: axis.interp });
  const [nE, nO] = bkg.axes.shape;
  const data = new Float64Array(nE * (nO + 2));
  for (let e = 0; e < nE; e++)
    for (let o = 0; o < nO + 2; o++) data[e * (nO + 2) + o] = bkg.data[e * nO + Math.min(Math.max(o - 1, 0), nO - 1)];
  return new Background2D({
    axes: bkg.axes.replace(padded),
    data,
    unit: bkg.unit,
    meta: bkg.meta,
    fovAlignment: bkg.fovAlignment,
    interp: bkg.interpOptions,
  });
}

/**
 * Background counts of an observation on a geometry with an `energy` axis (Gammapy's `make_map_background_irf`):
 * the model rate integrated over each energy bin (log-log trapezoid) at each pixel's field-of-view coordinates, times
 * the pixel solid angle and the observation (on) time. FoV coordinates: offset for 2D models; for 3D models the
 * offset frame of the RA/Dec pointing (RADEC alignment, longitude not flipped, as Gammapy 1.0) or Gammapy's
 * `sky_to_fov` in Alt/Az at the middle of the observation (ALTAZ).
 */
export function makeBackgroundMap(
  observation: Observation,
  geom: WcsGeom,
  options: Pick<MakeMapDatasetOptions, "backgroundInterpMissingData" | "backgroundPadOffset"> = {},
): WcsNDMap {
  let bkg = observation.bkg;
  if (!bkg) throw new GammatsError("MISSING_HDU", `observation ${observation.obsId} has no background`, { key: "bkg" });
  if (options.backgroundInterpMissingData ?? true) bkg = interpMissingBackground(bkg);
  const pointing = icrsPointing(observation);
  const image = geom.toImage();
  let { lon, lat } = image.imageCoords();
  if (image.frame !== "icrs") {
    const t = transformArrays(lon, lat, image.frame, "icrs");
    lon = t.lon;
    lat = t.lat;
  }
  const edges = geom.axes.get("energy").edges;
  let rate: Float64Array;
  if (bkg instanceof Background2D) {
    if (options.backgroundPadOffset ?? true) bkg = padOffset(bkg);
    rate = bkg.integrateEnergy(edges, { offset: separationFromIcrs(image, pointing.raDeg, pointing.decDeg) });
  } else if (bkg.fovAlignment === "ALTAZ") {
    const meta = observation.meta;
    const location = observation.pointing.location;
    if (!location) throw new GammatsError("MISSING_KEYWORD", "ALTAZ background needs GEOLON/GEOLAT", { key: "GEOLON" });
    const time = metToTime(timeRefFromHeader(recordKeywords(meta)), (Number(meta.TSTART) + Number(meta.TSTOP)) / 2);
    const sky = icrsToAltAz(lon, lat, time, location);
    const pnt = icrsToAltAz([pointing.raDeg], [pointing.decDeg], time, location);
    const fov = skyToFov(sky.azDeg, sky.altDeg, pnt.azDeg[0], pnt.altDeg[0]);
    rate = bkg.integrateEnergy(edges, { fov_lon: fov.fovLon, fov_lat: fov.fovLat });
  } else {
    const fov = skyToFov(lon, lat, pointing.raDeg, pointing.decDeg);
    for (let i = 0; i < fov.fovLon.length; i++) fov.fovLon[i] = -fov.fovLon[i];
    rate = bkg.integrateEnergy(edges, { fov_lon: fov.fovLon, fov_lat: fov.fovLat });
  }
  const omega = image.solidAngle();
  const ontime = observation.observationTimeS;
  const n = image.imageSize;
  const nb = edges.length - 1;
  const data = new Float64Array(n * nb);
  for (let i = 0; i < n; i++) for (let e = 0; e < nb; e++) data[e * n + i] = rate[i * nb + e] * omega[i] * ontime;
  return WcsNDMap.fromGeom(geom, { dtype: "float64", data });
}

/**
 * Reduces one observation to map dataset parts on (a cutout of) the reference geometry `geom` (with an `energy`
 * axis), as Gammapy's `DatasetsMaker` with `MapDatasetMaker` and the offset-max `SafeMaskMaker`: exposure (float64,
 * m2 s, live time), background (float64, on time), PSF map and EDisp kernel map on the coarse IRF geometry with
 * their exposures, safe mask (offset from the pointing < offset-max).
 */
export function makeMapDataset(
  geom: WcsGeom,
  observation: Observation,
  options: MakeMapDatasetOptions = {},
): MapDatasetParts {
  const selection = new Set(options.selection ?? MAP_SELECTION_ALL);
  for (const s of selection)
    if (!MAP_SELECTION_ALL.includes(s))
      throw new ArgumentError(`unknown map selection '${s}'`, "selection", MAP_SELECTION_ALL.join(", "));
  const pointing = icrsPointing(observation);
  let g = createMapDatasetGeoms(geom, options);
  const width =
    options.cutoutWidthDeg === null
      ? undefined
      : (options.cutoutWidthDeg ?? (options.offsetMaxDeg !== undefined ? 2 * options.offsetMaxDeg : undefined));
  if (width !== undefined) {
    g = {
      geom: cutoutGeom(g.geom, pointing, width),
      geomExposure: cutoutGeom(g.geomExposure, pointing, width),
      geomPsf: cutoutGeom(g.geomPsf, pointing, width),
      geomEdisp: cutoutGeom(g.geomEdisp, pointing, width),
    };
  }
  const livetimeS = observation.livetimeS;
  const counts = selection.has("counts")
    ? makeCounts(g.geom, observation)
    : WcsNDMap.fromGeom(g.geom, { dtype: "float32" });
  const aeff = () => {
    const a = observation.aeff;
    if (!a)
      throw new GammatsError("MISSING_HDU", `observation ${observation.obsId} has no effective area`, { key: "aeff" });
    return a;
  };
  const squashed = (gg: WcsGeom, name: string) => gg.withAxes(gg.axes.replace(gg.axes.get(name).squash()));
  const exposure = selection.has("exposure") ? makeExposureMap(aeff(), pointing, livetimeS, g.geomExposure) : undefined;
  const background = selection.has("background") ? makeBackgroundMap(observation, g.geom, options) : undefined;
  let psf: PSFMap | undefined;
  if (selection.has("psf")) {
    const p = observation.psf;
    if (!p) throw new GammatsError("MISSING_HDU", `observation ${observation.obsId} has no PSF`, { key: "psf" });
    psf = makePsfMap(p, pointing, g.geomPsf, makeExposureMap(aeff(), pointing, livetimeS, squashed(g.geomPsf, "rad")));
  }
  let edisp: EDispKernelMap | undefined;
  if (selection.has("edisp")) {
    const e = observation.edisp;
    if (!e) throw new GammatsError("MISSING_HDU", `observation ${observation.obsId} has no EDisp`, { key: "edisp" });
    const exp = makeExposureMap(aeff(), pointing, livetimeS, squashed(g.geomEdisp, "energy"));
    edisp = makeEdispKernelMap(e, pointing, g.geomEdisp, exp);
  }
  const maskSafe = WcsNDMap.fromGeom(g.geom, { dtype: "bool" });
  const m = maskSafe.data as Uint8Array;
  m.fill(1);
  if (options.offsetMaxDeg !== undefined) {
    const sep = separationFromIcrs(g.geom, pointing.raDeg, pointing.decDeg);
    const n = sep.length;
    for (let i = 0; i < m.length; i++) if (!(sep[i % n] < options.offsetMaxDeg)) m[i] = 0;
  }
  return {
    name: options.name ?? `obs-${observation.obsId}`,
    counts,
    exposure,
    background,
    psf,
    edisp,
    maskSafe,
    livetimeS,
    ontimeS: observation.observationTimeS,
    meta: { obsIds: [observation.obsId], pointing },
  };
}

/** The safe mask reduced over energy (logical OR) on the image, as Gammapy's `mask_safe_image`. */
function maskSafeImage(parts: MapDatasetParts): WcsNDMap {
  const image = reduceMaskOverAxis(parts.maskSafe, "energy");
  return WcsNDMap.fromGeom(parts.maskSafe.geom.toImage(), { dtype: "bool", data: image.data });
}

/** Nearest-pixel lookup of a mask at the pixel centres of another image, 0 outside (Gammapy's mask `interp_to_geom`). */
function maskAtGeom(mask: WcsNDMap, target: WcsGeom): WcsNDMap {
  const image = target.toImage();
  const { lon, lat } = image.imageCoords();
  const src = mask.geom;
  const { x, y } = src.skyToPix(lon, lat, image.frame);
  const [nx, ny] = src.npix;
  const sn = nx * ny;
  const tn = image.imageSize;
  const planes = mask.data.length / sn;
  const out = new Uint8Array(planes * tn);
  for (let i = 0; i < tn; i++) {
    const ix = rint(x[i]);
    const iy = rint(y[i]);
    if (!(ix >= 0 && ix < nx && iy >= 0 && iy < ny)) continue;
    for (let p = 0; p < planes; p++) out[p * tn + i] = Number(mask.data[p * sn + iy * nx + ix]) ? 1 : 0;
  }
  return WcsNDMap.fromGeom(image.withAxes(mask.geom.axes), { dtype: "bool", data: out });
}

/**
 * Stacks map dataset parts into `stacked` in place, as Gammapy's `MapDataset.stack` (cash statistic): counts and
 * background weighted by the other's safe mask, exposure by its safe-mask image; PSF and EDisp maps averaged with
 * exposure x safe-mask weights (the safe mask taken at the IRF pixel centres); safe masks OR-ed; live time added if
 * the other's safe mask is not empty; on time added. Returns the updated parts (maps are shared and modified).
 */
export function stackInto(stacked: MapDatasetParts, other: MapDatasetParts): MapDatasetParts {
  const image = maskSafeImage(other);
  stackMapInPlace(stacked.counts, other.counts, other.maskSafe);
  if (stacked.exposure && other.exposure) stackMapInPlace(stacked.exposure, other.exposure, image);
  if (stacked.background && other.background) {
    // background = npred_background * mask_safe, then the other's background weighted by its mask
    const b = stacked.background.data as Float32Array;
    const ms = stacked.maskSafe.data;
    for (let i = 0; i < b.length; i++) if (!ms[i]) b[i] = 0;
    stackMapInPlace(stacked.background, other.background, other.maskSafe);
  }
  if (stacked.psf && other.psf) stacked.psf.stack(other.psf, maskAtGeom(image, other.psf.psfMap.geom));
  if (stacked.edisp && other.edisp)
    stacked.edisp.stack(other.edisp, maskAtGeom(other.maskSafe, other.edisp.edispMap.geom));
  orInto(stacked.maskSafe, other.maskSafe);
  const anySafe = (image.data as Uint8Array).some((v) => v !== 0);
  return {
    ...stacked,
    livetimeS: stacked.livetimeS + (anySafe ? other.livetimeS : 0),
    ontimeS: stacked.ontimeS + other.ontimeS,
    meta: { obsIds: [...stacked.meta.obsIds, ...other.meta.obsIds] },
  };
}

/** Logical OR of a mask (equal geometry or a cutout) into a parent mask, in place. */
function orInto(target: WcsNDMap, other: WcsNDMap): void {
  const sum = WcsNDMap.fromGeom(target.geom, { dtype: "float64" });
  stackMapInPlace(sum, other);
  const t = target.data as Uint8Array;
  const s = sum.data as Float64Array;
  for (let i = 0; i < t.length; i++) if (s[i]) t[i] = 1;
}

/**
 * Stacks the parts of several observations into an empty dataset on `geom` (Gammapy's stacked reference dataset:
 * float32 maps) in order; see {@link stackInto}. The true-energy axis, IRF pixel size and rad axis default to those
 * of the first part's exposure and PSF maps.
 */
export function stackMapDatasetParts(
  geom: WcsGeom,
  parts: readonly MapDatasetParts[],
  options: MapDatasetGeomOptions & { readonly name?: string } = {},
): MapDatasetParts {
  const first = parts[0];
  const psfGeom = first?.psf?.psfMap.geom;
  const irfGeom = psfGeom ?? first?.edisp?.edispMap.geom;
  const defaults: MapDatasetGeomOptions = {
    energyAxisTrue: first?.exposure?.geom.axes.get("energy_true") ?? irfGeom?.axes.get("energy_true"),
    binszIrfDeg: irfGeom?.pixelScales[0],
    radAxis: psfGeom?.axes.get("rad"),
  };
  let stacked = createEmptyMapDataset(geom, {
    ...options,
    energyAxisTrue: options.energyAxisTrue ?? defaults.energyAxisTrue,
    binszIrfDeg: options.binszIrfDeg ?? defaults.binszIrfDeg,
    radAxis: options.radAxis ?? defaults.radAxis,
  });
  for (const p of parts) stacked = stackInto(stacked, p);
  return stacked;
}

/** Options of {@link reduceMapDatasets}. */
export interface ReduceMapDatasetsOptions extends MakeMapDatasetOptions {
  /** FoV background normalisation per observation (after the safe mask, before stacking); none if undefined. */
  readonly fovBackground?: FovBackgroundOptions;
  /** Stack the observations (default true). */
  readonly stack?: boolean;
}

/** Result of {@link reduceMapDatasets}. */
export interface ReducedMapDatasets {
  /** Per-observation parts (after the FoV normalisation). */
  readonly datasets: readonly MapDatasetParts[];
  /** The stacked dataset (when stacking). */
  readonly stacked?: MapDatasetParts;
}

/**
 * The 3D data reduction loop of Gammapy's `Analysis` (`DatasetsMaker` with `MapDatasetMaker`, `SafeMaskMaker` and
 * `FoVBackgroundMaker`): for each observation, its parts on a cutout of `geom`, then the FoV background
 * normalisation, then (by default) stacking into a dataset named `stacked` on `geom`.
 */
export function reduceMapDatasets(
  geom: WcsGeom,
  observations: readonly Observation[],
  options: ReduceMapDatasetsOptions = {},
): ReducedMapDatasets {
  const datasets = observations.map((obs) => {
    const parts = makeMapDataset(geom, obs, options);
    return options.fovBackground ? fovBackground(parts, options.fovBackground).parts : parts;
  });
  if (options.stack === false) return { datasets };
  return { datasets, stacked: stackMapDatasetParts(geom, datasets, options) };
}

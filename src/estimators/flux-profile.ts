/**
 * Flux profiles (Gammapy's `FluxProfileEstimator`): for each of a list of sky regions (e.g. rectangles along a line or
 * concentric annuli) the map datasets are reduced to spectrum datasets in that region (Gammapy's
 * `MapDataset.to_spectrum_dataset`) and flux points of a reference spectrum (default PowerLaw, index 2) are estimated
 * in the given energy bins. The regions are placed on a "projected distance" axis: the distance of each region centre
 * from the first region's centre, or the mean radius for annuli.
 */
import { positionAngleDeg, separationDeg, transformArrays } from "../coords/frames.js";
import { MapDataset } from "../datasets/map-dataset.js";
import { SpectrumDataset } from "../datasets/spectrum-dataset.js";
import { MapAxis } from "../maps/axis.js";
import { RegionGeom } from "../maps/region-geom.js";
import { regionCenter, regionsContain, type SkyPoint, type SkyRegion } from "../maps/regions.js";
import type { Wcs } from "../maps/wcs/wcs.js";
import { Models, SkyModel } from "../modeling/models.js";
import { createSpectralModel, PowerLaw, type SpectralModel } from "../modeling/spectral.js";
import { ArgumentError } from "../util/errors.js";
import {
  estimateFluxPoints,
  type FluxPoints,
  type FluxPointsOptions,
  type SedType,
  sedQuantities,
} from "./flux-points.js";

/** Name of the reference model in the region datasets (as Gammapy). */
export const PROFILE_SOURCE_NAME = "test-source";

function toFrame(p: SkyPoint, frame: SkyPoint["frame"]): SkyPoint {
  if (p.frame === frame) return p;
  const t = transformArrays([p.lon], [p.lat], p.frame, frame);
  return { lon: t.lon[0], lat: t.lat[0], frame };
}

/**
 * `nbin` rectangles along the line from `start` to `end` (Gammapy's `make_orthogonal_rectangle_sky_regions`): centres
 * evenly spaced on the straight pixel line of `wcs` between the two points, width (along the line) the angular
 * separation of the points / `nbin` (deg), height `heightDeg` across it, rotated by the position angle of `start` seen
 * from `end` minus 90 deg. Centres are in the WCS frame.
 */
export function makeOrthogonalRectangleSkyRegions(
  start: SkyPoint,
  end: SkyPoint,
  wcs: Wcs,
  heightDeg: number,
  nbin = 1,
): SkyRegion[] {
  if (!(nbin >= 1) || !Number.isInteger(nbin)) throw new ArgumentError(`nbin ${nbin}`, "nbin", "a positive integer");
  const a = toFrame(start, wcs.frame);
  const b = toFrame(end, wcs.frame);
  const pix = wcs.worldToPix([a.lon, b.lon], [a.lat, b.lat]);
  const cx = new Float64Array(nbin);
  const cy = new Float64Array(nbin);
  const step = (v0: number, v1: number, k: number) => v0 + ((v1 - v0) / nbin) * k;
  for (let k = 0; k < nbin; k++) {
    cx[k] = 0.5 * (step(pix.x[0], pix.x[1], k) + step(pix.x[0], pix.x[1], k + 1));
    cy[k] = 0.5 * (step(pix.y[0], pix.y[1], k) + step(pix.y[0], pix.y[1], k + 1));
  }
  const centers = wcs.pixToWorld(cx, cy);
  // the separation and position angle as astropy: `end` is transformed to the frame of `start` and vice versa
  const endInStart = toFrame(end, start.frame);
  const width = separationDeg(start.lon, start.lat, endInStart.lon, endInStart.lat) / nbin;
  const startInEnd = toFrame(start, end.frame);
  const angle = positionAngleDeg(end.lon, end.lat, startInEnd.lon, startInEnd.lat) - 90;
  const out: SkyRegion[] = [];
  for (let k = 0; k < nbin; k++)
    out.push({
      kind: "rectangle",
      center: { lon: centers.lon[k], lat: centers.lat[k], frame: wcs.frame },
      width,
      height: heightDeg,
      angle,
    });
  return out;
}

/**
 * `nbin - 1` concentric annuli around `center` (Gammapy's `make_concentric_annulus_sky_regions`): radii edges evenly
 * spaced from `radiusMinDeg` (default 1e-5 deg) to `radiusMaxDeg`.
 */
export function makeConcentricAnnulusSkyRegions(
  center: SkyPoint,
  radiusMaxDeg: number,
  radiusMinDeg = 1e-5,
  nbin = 11,
): SkyRegion[] {
  if (!(nbin >= 2) || !Number.isInteger(nbin)) throw new ArgumentError(`nbin ${nbin}`, "nbin", "an integer >= 2");
  const out: SkyRegion[] = [];
  const edge = (k: number) =>
    k === nbin - 1 ? radiusMaxDeg : radiusMinDeg + ((radiusMaxDeg - radiusMinDeg) / (nbin - 1)) * k;
  for (let k = 0; k < nbin - 1; k++) out.push({ kind: "annulus", center, inner: edge(k), outer: edge(k + 1) });
  return out;
}

/**
 * The spectrum dataset of a map dataset in a region, as Gammapy's `MapDataset.to_spectrum_dataset(region)` (no
 * containment correction): counts and background summed over the pixels whose centres are in the region, both
 * weighted by the safe mask; exposure averaged over those pixels (unweighted); safe and fit masks true where any
 * pixel is; the dispersion matrix of the nearest EDisp-map pixel to the region centre. The background map is used as
 * it is (models are not applied or carried over).
 */
export function mapDatasetToSpectrumDataset(
  dataset: MapDataset,
  region: SkyRegion,
  name = dataset.name,
): SpectrumDataset {
  const geom = dataset.counts.geom;
  const image = geom.toImage();
  const { lon, lat } = image.imageCoords();
  const inside = regionsContain([region], lon, lat, image.frame, image.wcs);
  const idx: number[] = [];
  for (let i = 0; i < inside.length; i++) if (inside[i]) idx.push(i);
  const npix = image.imageSize;
  const energyAxis = dataset.energyAxis;
  const nE = energyAxis.nbin;
  const counts = new Float64Array(nE);
  const background = dataset.background ? new Float64Array(nE) : undefined;
  const maskSafe = new Uint8Array(nE);
  const maskFit = dataset.maskFit ? new Uint8Array(nE) : undefined;
  const cData = dataset.counts.data as ArrayLike<number>;
  const bData = dataset.background?.data as ArrayLike<number> | undefined;
  for (let e = 0; e < nE; e++) {
    const o = e * npix;
    let c = 0;
    let b = 0;
    let any = 0;
    let anyFit = 0;
    for (const i of idx) {
      const m = dataset.maskSafe[o + i];
      if (m) {
        c += Number(cData[o + i]);
        if (bData) b += Number(bData[o + i]);
        any = 1;
      }
      if (dataset.maskFit?.[o + i]) anyFit = 1;
    }
    counts[e] = c;
    if (background) background[e] = b;
    maskSafe[e] = any;
    if (maskFit) maskFit[e] = anyFit;
  }
  const tAxis = dataset.exposure.geom.axes.axes[0];
  const nT = tAxis.nbin;
  const expUnit = dataset.exposure.unit.replace(/\s+/g, " ").trim();
  const expFactor = expUnit === "m2 s" ? 1e4 : 1;
  const eData = dataset.exposure.data as ArrayLike<number>;
  const exposure = new Float64Array(nT);
  for (let t = 0; t < nT; t++) {
    let s = 0;
    for (const i of idx) s += Number(eData[t * npix + i]);
    exposure[t] = (s / idx.length) * expFactor;
  }
  const c = regionCenter(region);
  const icrs = toFrame(c, "icrs");
  let edisp: Float64Array;
  if (dataset.edisp) edisp = Float64Array.from(dataset.edisp.edispKernelAt(icrs.lon, icrs.lat).data);
  else if (nT === nE) {
    edisp = new Float64Array(nT * nE);
    for (let t = 0; t < nT; t++) edisp[t * nE + t] = 1;
  } else throw new ArgumentError("no energy dispersion and different true/reco axes", "edisp");
  return new SpectrumDataset({
    name,
    geom: new RegionGeom(region, [energyAxis], image.wcs),
    energyAxis,
    energyAxisTrue: tAxis,
    counts,
    exposure,
    edisp,
    livetimeS: dataset.livetimeS,
    ontimeS: dataset.ontimeS,
    background,
    maskSafe,
    maskFit,
  });
}

/**
 * Options of the flux profile estimator: those of `estimateFluxPoints` except the source, plus the spectrum. As in
 * Gammapy, `selectionOptional` defaults to none (norm, norm_err, ts, npred, counts only).
 */
export interface FluxProfileOptions extends Omit<FluxPointsOptions, "source" | "onProgress"> {
  /** Reference spectrum (default PowerLaw index 2, amplitude 1e-12 cm-2 s-1 TeV-1, reference 1 TeV). */
  readonly spectrum?: SpectralModel;
  /** Called after each region. */
  readonly onProgress?: (done: number, total: number) => void;
}

/** A flux profile: per region (along the projected-distance axis) the flux points in each energy bin. */
export interface FluxProfile {
  /** Projected distance of each region (deg) and bin edges around it, Gammapy's `MapAxis.from_nodes` (nRegions,). */
  readonly xRefDeg: Float64Array;
  readonly xMinDeg: Float64Array;
  readonly xMaxDeg: Float64Array;
  /** Flux points of each region (nRegions entries, each with one value per energy bin). */
  readonly points: FluxPoints[];
}

/** Columns of a flux profile as Gammapy's `to_table(format="profile")`: per-region arrays flattened (region, energy). */
export interface FluxProfileTable {
  readonly nRegions: number;
  readonly nEnergy: number;
  readonly xMinDeg: Float64Array;
  readonly xMaxDeg: Float64Array;
  readonly xRefDeg: Float64Array;
  readonly eMinTeV: Float64Array;
  readonly eMaxTeV: Float64Array;
  readonly eRefTeV: Float64Array;
  /** (nRegions x nEnergy), region-major. */
  readonly norm: Float64Array;
  readonly normErr: Float64Array;
  readonly ts: Float64Array;
  readonly sqrtTs: Float64Array;
  readonly npred: Float64Array;
  readonly npredExcess: Float64Array;
  readonly counts: Float64Array;
  readonly stat: Float64Array;
  /** The SED quantity (e.g. flux in cm-2 s-1) and its error, (nRegions x nEnergy). */
  readonly value: Float64Array;
  readonly valueErr: Float64Array;
  readonly sedType: SedType;
}

/** Gammapy's `FluxProfileEstimator`: flux points of a reference spectrum in each of a list of regions. */
export class FluxProfileEstimator {
  /** The regions, in profile order (the first one is the origin of the projected distance). */
  readonly regions: readonly SkyRegion[];
  /** Reference spectrum whose norm is fitted in each region and energy bin (shared, not modified). */
  readonly spectrum: SpectralModel;
  /** Energy edges and flux-point options. */
  readonly options: FluxProfileOptions;

  /**
   * @param regions at least two sky regions
   * @param options energy edges (TeV) and flux-point options; the spectrum defaults to a PowerLaw of index 2
   * @throws ArgumentError with fewer than two regions
   */
  constructor(regions: readonly SkyRegion[], options: FluxProfileOptions) {
    if (regions.length <= 1)
      throw new ArgumentError("need at least two regions for a flux profile", "regions", "two or more regions");
    this.regions = regions;
    this.spectrum = options.spectrum ?? createSpectralModel(PowerLaw, { index: 2, amplitude: 1e-12, reference: 1 });
    this.options = options;
  }

  /**
   * Projected distance of each region (deg): the separation of its centre from the first region's centre, or the
   * mean of inner and outer radius for annuli; with bin edges as Gammapy's `MapAxis.from_nodes`.
   */
  projectedDistanceAxis(): MapAxis {
    const first = regionCenter(this.regions[0]);
    const nodes = this.regions.map((r) => {
      if (r.kind === "annulus") return (r.inner + r.outer) / 2;
      const c = toFrame(regionCenter(r), first.frame);
      return separationDeg(first.lon, first.lat, c.lon, c.lat);
    });
    return MapAxis.fromNodes(nodes, { name: "projected-distance", unit: "deg" });
  }

  /** Estimates the profile from map datasets (each reduced to a spectrum dataset per region). */
  run(datasets: MapDataset | readonly MapDataset[]): FluxProfile {
    const list = datasets instanceof MapDataset ? [datasets] : datasets;
    const axis = this.projectedDistanceAxis();
    const edges = axis.edges;
    const points: FluxPoints[] = [];
    const models = new Models([new SkyModel({ name: PROFILE_SOURCE_NAME, spectralModel: this.spectrum })]);
    this.regions.forEach((region, k) => {
      const spectra = list.map((d) => {
        const s = mapDatasetToSpectrumDataset(d, region);
        s.models = models;
        return s;
      });
      const { onProgress: _, spectrum: __, ...fpOptions } = this.options;
      points.push(
        estimateFluxPoints(spectra, {
          ...fpOptions,
          selectionOptional: fpOptions.selectionOptional ?? [],
          source: PROFILE_SOURCE_NAME,
        }),
      );
      this.options.onProgress?.(k + 1, this.regions.length);
    });
    return {
      xRefDeg: Float64Array.from(axis.center),
      xMinDeg: Float64Array.from(edges.subarray(0, edges.length - 1)),
      xMaxDeg: Float64Array.from(edges.subarray(1)),
      points,
    };
  }
}

/** Flattens a flux profile into Gammapy's profile-table columns, with SED quantity `sedType` (default flux). */
export function fluxProfileTable(profile: FluxProfile, sedType: SedType = "flux"): FluxProfileTable {
  const nR = profile.points.length;
  const nE = profile.points[0]?.norm.length ?? 0;
  const sed = profile.points.map((fp) => sedQuantities(fp, sedType));
  const cat = (get: (fp: FluxPoints, r: number) => Float64Array) => {
    const out = new Float64Array(nR * nE);
    profile.points.forEach((fp, r) => {
      out.set(get(fp, r), r * nE);
    });
    return out;
  };
  const first = profile.points[0];
  return {
    nRegions: nR,
    nEnergy: nE,
    xMinDeg: profile.xMinDeg,
    xMaxDeg: profile.xMaxDeg,
    xRefDeg: profile.xRefDeg,
    eMinTeV: first ? first.eMinTeV.slice() : new Float64Array(0),
    eMaxTeV: first ? first.eMaxTeV.slice() : new Float64Array(0),
    eRefTeV: first ? first.eRefTeV.slice() : new Float64Array(0),
    norm: cat((fp) => fp.norm),
    normErr: cat((fp) => fp.normErr),
    ts: cat((fp) => fp.ts),
    sqrtTs: cat((fp) => fp.sqrtTs),
    npred: cat((fp) => fp.npred),
    npredExcess: cat((fp) => fp.npredExcess),
    counts: cat((fp) => fp.counts),
    stat: cat((fp) => fp.stat),
    value: cat((_, r) => sed[r].value),
    valueErr: cat((_, r) => sed[r].err),
    sedType,
  };
}

/**
 * Map-dataset utilities as Gammapy 1.0's `MapDataset` methods, as pure functions that return new objects: fake counts
 * (`fake`), spatial cutouts (`cutout`), reco-energy resampling and images (`resample_energy_axis`, `to_image`) and
 * residual maps (`residuals`). Maps of the new datasets are new arrays; IRF sources (PSF and EDisp kernels by
 * position) and models are shared with the parent.
 */
import type { Frame } from "../coords/frames.js";
import { transformArrays } from "../coords/frames.js";
import type { EDispKernel } from "../irf/edisp.js";
import type { MapAxis } from "../maps/axis.js";
import { WcsNDMap } from "../maps/wcs-map.js";
import { ArgumentError } from "../util/errors.js";
import { type EdispKernelSource, MapDataset } from "./map-dataset.js";

/** A copy of a dataset with other maps (same models, IRF sources, live and on time). */
function withParts(
  d: MapDataset,
  parts: {
    name: string;
    counts: WcsNDMap;
    exposure?: WcsNDMap;
    background?: WcsNDMap;
    edisp?: EdispKernelSource;
    maskSafe: Uint8Array;
    maskFit?: Uint8Array;
  },
): MapDataset {
  const out = new MapDataset({
    name: parts.name,
    counts: parts.counts,
    exposure: parts.exposure ?? d.exposure,
    background: parts.background,
    psf: d.psf,
    edisp: parts.edisp ?? d.edisp,
    maskSafe: parts.maskSafe,
    maskFit: parts.maskFit,
    livetimeS: d.livetimeS,
    ontimeS: d.ontimeS,
  });
  out.models = d.models;
  return out;
}

/** A source of Poisson deviates, e.g. the seeded `Rng` of `gammats/simulate` (`new Rng(seed)`). */
export interface PoissonSource {
  /** A Poisson deviate with mean `mean` (>= 0). */
  poisson(mean: number): number;
}

/**
 * Simulated counts of a dataset (Gammapy's `MapDataset.fake`): each bin a Poisson number with mean the dataset's
 * `npred()` (non-finite values taken as 0), drawn from `rng` in data order. Returns a new dataset with these counts
 * (float64 map, unit ""); everything else is shared with `dataset`. The same seeded stream gives the same counts.
 */
export function fakeMapDataset(dataset: MapDataset, rng: PoissonSource, name = dataset.name): MapDataset {
  const npred = dataset.npred();
  const data = new Float64Array(npred.length);
  for (let i = 0; i < npred.length; i++) {
    const m = npred[i];
    data[i] = Number.isFinite(m) && m > 0 ? rng.poisson(m) : 0;
  }
  return withParts(dataset, {
    name,
    counts: new WcsNDMap(dataset.counts.geom, data, ""),
    background: dataset.background,
    maskSafe: dataset.maskSafe,
    maskFit: dataset.maskFit,
  });
}

/** Options of {@link cutoutMapDataset}. */
export interface MapDatasetCutoutOptions {
  /** Frame of the position (default: the counts geometry's frame). */
  readonly frame?: Frame;
  /** Name of the new dataset (default: the parent's, so that models attached by dataset name keep applying). */
  readonly name?: string;
}

/**
 * A spatial cutout of a dataset (Gammapy's `MapDataset.cutout` in "trim" mode): counts, exposure, background and
 * masks cut out around a position (deg) with a width (deg; one value or [lon, lat]) as `WcsGeom.cutout` (size rounded
 * to whole pixels, trimmed at the map edges). Counts are copied exactly; the PSF and EDisp kernel sources (functions
 * of sky position) and the models are shared, so the cutout's npred equals the parent's there wherever the sources'
 * evaluation cutouts fit inside it.
 */
export function cutoutMapDataset(
  dataset: MapDataset,
  lonDeg: number,
  latDeg: number,
  widthDeg: number | readonly [number, number],
  options: MapDatasetCutoutOptions = {},
): MapDataset {
  const geom = dataset.counts.geom;
  let lon = lonDeg;
  let lat = latDeg;
  if (options.frame && options.frame !== geom.frame) {
    const t = transformArrays([lonDeg], [latDeg], options.frame, geom.frame);
    lon = t.lon[0];
    lat = t.lat[0];
  }
  const cut = (m: WcsNDMap) => m.cutout(lon, lat, widthDeg);
  const mask = (flat: Uint8Array) => cut(new WcsNDMap(geom, flat, "", {}, true)).data as Uint8Array;
  return withParts(dataset, {
    name: options.name ?? dataset.name,
    counts: cut(dataset.counts),
    exposure: cut(dataset.exposure),
    background: dataset.background && cut(dataset.background),
    maskSafe: mask(dataset.maskSafe),
    maskFit: dataset.maskFit && mask(dataset.maskFit),
  });
}

/** For each bin of `old`, its bin on `axis` (edges of `axis` must be edges of `old`), -1 outside. */
function groupIndex(old: MapAxis, axis: MapAxis): Int32Array {
  const oldEdges = old.edges;
  for (const e of axis.edges)
    if (!oldEdges.some((o) => Math.abs(o - e) <= 1e-6 * Math.max(1, Math.abs(e))))
      throw new ArgumentError(`edge ${e} of the new energy axis is not an edge of the dataset's`, "energyAxis");
  return axis.coordToIdx(old.center);
}

/** Sums of `values * weights` over groups of reco-energy planes (flat, planes of `npix`). */
function resamplePlanes(
  values: ArrayLike<number | bigint>,
  weights: Uint8Array | undefined,
  group: Int32Array,
  nOut: number,
  npix: number,
): Float64Array {
  const out = new Float64Array(nOut * npix);
  for (let e = 0; e < group.length; e++) {
    const g = group[e];
    if (g < 0) continue;
    const src = e * npix;
    const dst = g * npix;
    for (let i = 0; i < npix; i++) {
      if (weights && !weights[src + i]) continue;
      out[dst + i] += Number(values[src + i]);
    }
  }
  return out;
}

/** Logical OR of mask planes over groups of reco-energy planes. */
function orPlanes(mask: Uint8Array, group: Int32Array, nOut: number, npix: number): Uint8Array {
  const out = new Uint8Array(nOut * npix);
  for (let e = 0; e < group.length; e++) {
    const g = group[e];
    if (g < 0) continue;
    for (let i = 0; i < npix; i++) if (mask[e * npix + i]) out[g * npix + i] = 1;
  }
  return out;
}

/**
 * The dataset on a coarser reco-energy axis whose edges are edges of the current one (Gammapy's
 * `MapDataset.resample_energy_axis`): counts and background summed over the merged bins weighted by the safe mask,
 * safe and fit masks merged with logical OR, dispersion-matrix columns summed weighted by the safe mask at the
 * position (the mask of the counts pixel containing it: Gammapy reads it on the coarser EDisp-map pixel, which
 * differs only where a safe-mask boundary crosses that pixel). Exposure and PSF are shared. `axis` must be named
 * `energy`.
 */
export function resampleMapDatasetEnergy(dataset: MapDataset, axis: MapAxis, name = dataset.name): MapDataset {
  if (axis.name !== "energy") throw new ArgumentError(`axis '${axis.name}'`, "energyAxis", "an axis named 'energy'");
  const geom = dataset.counts.geom;
  const old = dataset.energyAxis;
  const group = groupIndex(old, axis);
  const npix = geom.imageSize;
  const nOut = axis.nbin;
  const newGeom = geom.withAxes([axis]);
  const safe = dataset.maskSafe;
  const counts = new WcsNDMap(newGeom, resamplePlanes(dataset.counts.data, safe, group, nOut, npix), "");
  const background =
    dataset.background &&
    new WcsNDMap(newGeom, resamplePlanes(dataset.background.data, safe, group, nOut, npix), dataset.background.unit);
  const parentEdisp = dataset.edisp;
  const edisp: EdispKernelSource | undefined = parentEdisp && {
    edispKernelAt: (raDeg, decDeg) => {
      const k = parentEdisp.edispKernelAt(raDeg, decDeg);
      const idx = geom.coordToIndex([raDeg], [decDeg], [old.center.subarray(0, 1)], "icrs")[0];
      const pixel = idx >= 0 ? idx % npix : -1;
      const nT = k.energyAxisTrue.nbin;
      const nE = old.nbin;
      const data = new Float64Array(nT * nOut);
      for (let e = 0; e < nE; e++) {
        const g = group[e];
        if (g < 0 || (pixel >= 0 && !safe[e * npix + pixel])) continue;
        for (let t = 0; t < nT; t++) data[t * nOut + g] += k.data[t * nE + e];
      }
      return { energyAxisTrue: k.energyAxisTrue, energyAxis: axis, data } satisfies EDispKernel;
    },
  };
  return withParts(dataset, {
    name,
    counts,
    background,
    edisp,
    maskSafe: orPlanes(safe, group, nOut, npix),
    maskFit: dataset.maskFit && orPlanes(dataset.maskFit, group, nOut, npix),
  });
}

/**
 * The dataset summed over reco energy into one bin (Gammapy's `MapDataset.to_image`): `resampleMapDatasetEnergy` on
 * the squashed energy axis, so counts and background are summed over the safe bins only.
 */
export function mapDatasetToImage(dataset: MapDataset, name = dataset.name): MapDataset {
  return resampleMapDatasetEnergy(dataset, dataset.energyAxis.squash(), name);
}

/** Residual definitions of Gammapy's `MapDataset.residuals`. */
export type ResidualMethod = "diff" | "diff/model" | "diff/sqrt(model)";

/**
 * Residual map of a dataset (Gammapy's `MapDataset.residuals` without smoothing): with `counts` and `npred()` (both
 * set to 0 outside the combined safe and fit mask), `diff` = counts - npred, `diff/model` = (counts - npred) / npred,
 * `diff/sqrt(model)` = (counts - npred) / sqrt(npred); NaN outside the mask (and where the division is 0/0). Float64
 * map on the counts geometry, flat like counts.
 */
export function mapDatasetResiduals(dataset: MapDataset, method: ResidualMethod = "diff"): WcsNDMap {
  if (method !== "diff" && method !== "diff/model" && method !== "diff/sqrt(model)")
    throw new ArgumentError(`residual method '${method}'`, "method", "diff, diff/model or diff/sqrt(model)");
  const npred = dataset.npred();
  const counts = dataset.counts.data;
  const mask = dataset.mask;
  const out = new Float64Array(npred.length);
  for (let i = 0; i < out.length; i++) {
    if (!mask[i]) {
      out[i] = Number.NaN;
      continue;
    }
    const m = npred[i];
    const diff = Number(counts[i]) - m;
    out[i] = method === "diff" ? diff : method === "diff/model" ? diff / m : diff / Math.sqrt(m);
  }
  return new WcsNDMap(dataset.counts.geom, out, "");
}

/** Energy masks and fit ranges of datasets (Gammapy's `geom.energy_mask`, used as `mask_fit`). */
import { ArgumentError } from "../util/errors.js";
import type { Dataset } from "./dataset.js";
import { FluxPointsDataset } from "./flux-points-dataset.js";
import { MapDataset } from "./map-dataset.js";
import { MapDatasetOnOff } from "./map-dataset-onoff.js";
import { SpectrumDataset } from "./spectrum-dataset.js";

/** Reco-energy bins fully inside [eMin, eMax] (TeV), as Gammapy's `Geom.energy_mask`. Shape (edges.length - 1,). */
export function energyMask(edges: Float64Array, eMinTeV = -Infinity, eMaxTeV = Infinity): Uint8Array {
  const out = new Uint8Array(edges.length - 1);
  for (let i = 0; i < out.length; i++) out[i] = edges[i] >= eMinTeV && edges[i + 1] <= eMaxTeV ? 1 : 0;
  return out;
}

/**
 * Sets a dataset's fit mask to the bins fully inside [eMin, eMax] (TeV): the reco-energy bins of spectrum and map
 * datasets (every pixel of a bin), the points of flux-point datasets whose [e_min, e_max] lie inside.
 */
export function setFitEnergyRange(dataset: Dataset, eMinTeV: number, eMaxTeV: number): void {
  if (dataset instanceof SpectrumDataset) dataset.maskFit = energyMask(dataset.energyAxis.edges, eMinTeV, eMaxTeV);
  else if (dataset instanceof FluxPointsDataset) {
    const { eMinTeV: lo, eMaxTeV: hi } = dataset.data;
    dataset.maskFit = Uint8Array.from(lo, (v, i) => (v >= eMinTeV && hi[i] <= eMaxTeV ? 1 : 0));
  } else if (dataset instanceof MapDataset || dataset instanceof MapDatasetOnOff) {
    const axis = dataset.energyAxis;
    const bins = energyMask(axis.edges, eMinTeV, eMaxTeV);
    const npix = dataset.counts.data.length / axis.nbin;
    const m = new Uint8Array(dataset.counts.data.length);
    for (let e = 0; e < axis.nbin; e++) if (bins[e]) m.fill(1, e * npix, (e + 1) * npix);
    dataset.maskFit = m;
  } else
    throw new ArgumentError(
      `cannot set an energy fit range on datasets of type ${dataset.tag}`,
      dataset.name,
      "a spectrum, map or flux-points dataset",
    );
}

/** What `fitEnergyRange` needs: a reco-energy axis and the combined mask (flat, energy slowest). */
export interface MaskedEnergyDataset {
  readonly energyAxis: { readonly nbin: number; readonly edges: Float64Array };
  readonly mask: Uint8Array;
}

/** Energy range (TeV) of the reco-energy bins with any pixel in a dataset's mask; undefined when none is. */
export function fitEnergyRange(d: MaskedEnergyDataset): [number, number] | undefined {
  const { nbin, edges } = d.energyAxis;
  const mask = d.mask;
  const npix = mask.length / nbin;
  let lo = Number.POSITIVE_INFINITY;
  let hi = 0;
  for (let e = 0; e < nbin; e++) {
    let any = false;
    for (let i = e * npix; i < (e + 1) * npix && !any; i++) any = mask[i] === 1;
    if (any) {
      lo = Math.min(lo, edges[e]);
      hi = Math.max(hi, edges[e + 1]);
    }
  }
  return hi > lo ? [lo, hi] : undefined;
}

/**
 * Stacking of spectrum datasets with Gammapy 1.0's rules: counts, background and exposure summed with each dataset's
 * safe mask (exposure and livetime with "any safe bin"), the dispersion matrix averaged with exposure weights, safe
 * masks OR'ed; for on-off datasets OFF counts summed and the OFF acceptance set so that the stacked alpha is the
 * OFF-count-weighted mean alpha (1 / mean alpha where no OFF counts).
 */
import { ArgumentError } from "../util/errors.js";
import { SpectrumDataset } from "./spectrum-dataset.js";

function anySafe(mask: Uint8Array): number {
  for (let i = 0; i < mask.length; i++) if (mask[i]) return 1;
  return 0;
}

/** Stacks datasets into a new one named `name` (Gammapy's `Datasets.stack_reduce`). */
export function stackSpectrumDatasets(datasets: readonly SpectrumDataset[], name = "stacked"): SpectrumDataset {
  if (datasets.length === 0) throw new ArgumentError("no datasets to stack", "datasets", "at least one dataset");
  const first = datasets[0];
  const nE = first.energyAxis.nbin;
  const nT = first.energyAxisTrue.nbin;
  const onOff = first.isOnOff;
  const counts = new Float64Array(nE);
  const exposure = new Float64Array(nT);
  const edispExposure = new Float64Array(nT);
  const edisp = new Float64Array(nT * nE);
  const totalOff = new Float64Array(nE);
  const totalAlpha = new Float64Array(nE);
  const background = new Float64Array(nE);
  const maskSafe = new Uint8Array(nE);
  let maskFit: Uint8Array | undefined;
  let livetimeS = 0;
  let ontimeS = 0;
  for (const d of datasets) {
    if (d.isOnOff !== onOff || d.energyAxis.nbin !== nE || d.energyAxisTrue.nbin !== nT)
      throw new ArgumentError(
        `dataset '${d.name}' cannot be stacked with '${first.name}'`,
        d.name,
        "the same axes and type",
      );
    const m = d.maskSafe;
    const any = anySafe(m);
    const alpha = d.alpha;
    const bkg = onOff ? undefined : d.npredBackground();
    for (let i = 0; i < nE; i++) {
      if (!m[i]) continue;
      counts[i] += d.counts[i];
      if (d.countsOff) {
        totalOff[i] += d.countsOff[i];
        totalAlpha[i] += alpha[i] * d.countsOff[i];
      }
      if (bkg) background[i] += bkg[i];
      maskSafe[i] = 1;
    }
    for (let k = 0; k < nT; k++) {
      exposure[k] += any * d.exposure[k];
      const w = d.edispExposure[k];
      const row = k * nE;
      for (let j = 0; j < nE; j++) if (m[j]) edisp[row + j] += d.edisp[row + j] * w;
      edispExposure[k] += any * w;
    }
    if (any) livetimeS += d.livetimeS;
    ontimeS += d.ontimeS;
    if (d.maskFit) {
      if (!maskFit) maskFit = d.maskFit.slice();
      else for (let i = 0; i < nE; i++) maskFit[i] |= d.maskFit[i];
    }
  }
  for (let k = 0; k < nT; k++) {
    const row = k * nE;
    for (let j = 0; j < nE; j++) {
      const v = edisp[row + j] / edispExposure[k];
      edisp[row + j] = Number.isFinite(v) ? v : 0;
    }
  }
  let acceptanceOff: Float64Array | undefined;
  if (onOff) {
    let sumAlpha = 0;
    let sumOff = 0;
    for (let i = 0; i < nE; i++) {
      sumAlpha += totalAlpha[i];
      sumOff += totalOff[i];
    }
    const averageAlpha = sumAlpha / sumOff;
    acceptanceOff = new Float64Array(nE);
    for (let i = 0; i < nE; i++) acceptanceOff[i] = totalOff[i] === 0 ? 1 / averageAlpha : totalOff[i] / totalAlpha[i];
  }
  const stacked = new SpectrumDataset({
    name,
    geom: first.geom,
    energyAxis: first.energyAxis,
    energyAxisTrue: first.energyAxisTrue,
    counts,
    exposure,
    edispExposure,
    edisp,
    livetimeS,
    ontimeS,
    background: onOff ? undefined : background,
    countsOff: onOff ? totalOff : undefined,
    acceptance: new Float64Array(nE).fill(1),
    acceptanceOff,
    maskSafe,
    maskFit,
  });
  stacked.models = first.models;
  return stacked;
}

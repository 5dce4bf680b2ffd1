/**
 * Energy dispersion: the migration probability density versus true energy, migra = E_reco / E_true and offset
 * (GADF EDISP_2D), and the energy-dispersion matrix (kernel) it gives for chosen true and reconstructed energy bins
 * at an offset.
 */
import { MapAxis } from "../maps/axis.js";
import { Irf, type IrfInit } from "./irf.js";

/** Axes of `EnergyDispersion2D`, in data order. */
export const EDISP_AXES = ["energy_true", "migra", "offset"] as const;

/** An energy-dispersion matrix: probability of reconstructing in each reco bin, per true-energy bin. */
export interface EDispKernel {
  /** True energy axis (rows). */
  readonly energyAxisTrue: MapAxis;
  /** Reconstructed energy axis (columns). */
  readonly energyAxis: MapAxis;
  /** Probabilities, C order [energyTrue.nbin][energy.nbin]. */
  readonly data: Float64Array;
}

/** Energy dispersion dP/dmigra (E_true, migra, offset); energies in TeV, offset in deg. */
export class EnergyDispersion2D extends Irf {
  readonly tag = "edisp_2d";

  constructor(init: IrfInit) {
    super(init, EDISP_AXES);
  }

  private readonly nodeGrids = new Map<string, Float64Array>();

  /**
   * dP/dmigra at (true-energy centers x migra centers) and one offset, C order [energy_true][migra]. The interpolation
   * is linear in offset, so inside the offset axis the grid is the linear combination of the grids at the two
   * neighbouring offset nodes (computed once per true-energy axis): the same values as evaluating every point, for
   * a fraction of the cost when many offsets are needed (IRF maps).
   */
  private pdfGrid(offsetDeg: number, eTrueAxis: MapAxis): Float64Array {
    const eTrue = eTrueAxis.center;
    const migra = this.axes.get("migra").center;
    const nTrue = eTrue.length;
    const nMigra = migra.length;
    const offsetAxis = this.axes.get("offset");
    const nodes = offsetAxis.center;
    const grid = (offset: number) => {
      const eArg = new Float64Array(nTrue * nMigra);
      const mArg = new Float64Array(nTrue * nMigra);
      for (let i = 0; i < nTrue; i++)
        for (let j = 0; j < nMigra; j++) {
          eArg[i * nMigra + j] = eTrue[i];
          mArg[i * nMigra + j] = migra[j];
        }
      return this.evaluate({ energy_true: eArg, migra: mArg, offset });
    };
    // outside the nodes the interpolator extrapolates and clips at 0, which is not linear: evaluate directly
    if (
      nodes.length < 2 ||
      offsetAxis.interp !== "lin" ||
      !(offsetDeg >= nodes[0] && offsetDeg <= nodes[nodes.length - 1])
    )
      return grid(offsetDeg);
    let k = 0;
    while (k < nodes.length - 2 && offsetDeg > nodes[k + 1]) k++;
    const node = (m: number) => {
      const key = `${eTrueAxis.edges.join(",")}|${m}`;
      let g = this.nodeGrids.get(key);
      if (!g) {
        g = grid(nodes[m]);
        this.nodeGrids.set(key, g);
      }
      return g;
    };
    const g0 = node(k);
    const g1 = node(k + 1);
    const w = (offsetDeg - nodes[k]) / (nodes[k + 1] - nodes[k]);
    const out = new Float64Array(g0.length);
    for (let i = 0; i < out.length; i++) out[i] = g0[i] * (1 - w) + g1[i] * w;
    return out;
  }

  /** Out of range only when both true energy and migra are, or the offset is (Gammapy's rule). */
  protected override outOfBounds(flags: number): boolean {
    return (flags & 3) === 3 || (flags & 4) !== 0;
  }

  /**
   * The energy-dispersion matrix at an offset for given true and reconstructed energy axes (Gammapy's
   * `to_edisp_kernel`): dP/dmigra is evaluated at the true-energy centers and the migra centers of this IRF,
   * normalised over migra, integrated between the migra values of the reco-energy edges (by interpolating the
   * cumulative sum), and clipped at 0. Axes default to this IRF's true-energy axis for both.
   */
  toEdispKernel(offsetDeg: number, energyAxisTrue?: MapAxis, energyAxis?: MapAxis): EDispKernel {
    const eTrueAxis = energyAxisTrue ?? this.axes.get("energy_true");
    const eRecoAxis = energyAxis ?? this.axes.get("energy_true").copy({ name: "energy" });
    const migraAxis = this.axes.get("migra");
    const nTrue = eTrueAxis.nbin;
    const nMigra = migraAxis.nbin;
    const eTrue = eTrueAxis.center;
    const widths = migraAxis.binWidth;

    // dP/dmigra on (true energy, migra), then the normalised cumulative integral along migra with 0 prepended.
    const pdf = this.pdfGrid(offsetDeg, eTrueAxis);
    const nCum = nMigra + 1;
    const cum = new Float64Array(nTrue * nCum);
    for (let i = 0; i < nTrue; i++) {
      let total = 0;
      for (let j = 0; j < nMigra; j++) total += pdf[i * nMigra + j] * widths[j];
      let acc = 0;
      for (let j = 0; j < nMigra; j++) {
        const normed = total > 0 ? pdf[i * nMigra + j] / total : 0;
        acc += normed * widths[j];
        cum[i * nCum + j + 1] = acc;
      }
    }

    // The cumulative sum sits on nodes at the migra edges; pad one node each side with edge values, then
    // interpolate linearly in pixel coordinates (extrapolating) at the migra of each reco-energy edge.
    const padded = MapAxis.fromNodes(migraAxis.edges, { name: "migra", interp: migraAxis.interp });
    const eReco = eRecoAxis.edges;
    const nReco = eRecoAxis.nbin;
    const data = new Float64Array(nTrue * nReco);
    const mig = new Float64Array(eReco.length);
    const pix = new Float64Array(eReco.length);
    const values = new Float64Array(eReco.length);
    for (let i = 0; i < nTrue; i++) {
      for (let r = 0; r < eReco.length; r++) mig[r] = eReco[r] / eTrue[i];
      padded.coordToPix(mig, pix);
      for (let r = 0; r < eReco.length; r++) values[r] = interpPadded(cum, i * nCum, nCum, pix[r]);
      for (let r = 0; r < nReco; r++) {
        const d = values[r + 1] - values[r];
        data[i * nReco + r] = d > 0 ? d : 0;
      }
    }
    return { energyAxisTrue: eTrueAxis, energyAxis: eRecoAxis, data };
  }
}

/**
 * Linear interpolation at pixel `p` of `n` values starting at `offset`, padded by one edge value on each side
 * (pixel -1 and n), extrapolating linearly beyond (as scipy with fill_value=None on the padded grid).
 */
function interpPadded(values: Float64Array, offset: number, n: number, p: number): number {
  // padded grid: index q in [0, n+1] holds values[clamp(q - 1, 0, n - 1)], pixel coordinate q - 1
  const q = p + 1;
  let lo = Math.floor(q);
  if (lo < 0) lo = 0;
  if (lo > n) lo = n;
  const at = (k: number) => values[offset + Math.min(Math.max(k - 1, 0), n - 1)];
  const v0 = at(lo);
  const v1 = at(lo + 1);
  return v0 * (1 - (q - lo)) + v1 * (q - lo);
}

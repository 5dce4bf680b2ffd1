/**
 * Built-in analytic IRFs of a generic imaging atmospheric Cherenkov telescope array (roughly H.E.S.S.-like, for
 * simulations without input files), tabulated on GADF grids as gammats IRF objects.
 *
 * Formulas (E true energy in TeV for aeff, edisp and PSF, reconstructed energy for the background; θ the field-of-view
 * offset in deg):
 * - effective area: A(E, θ) = aeffMaxM2 · (1 − exp(−(E / aeffE0TeV)^aeffIndex)) · exp(−θ² / (2 aeffOffsetSigmaDeg²)) m²
 * - energy dispersion: dP/dmigra = N(migra; 1 + b(E), s(E, θ)), a Gaussian in migra = E_reco / E_true with bias
 *   b(E) = edispBias0 · exp(−E / edispBiasE0TeV) and resolution
 *   s(E, θ) = (edispSigmaInf + edispSigma1 · E^−1/2) · (1 + edispSigmaOffset · θ²)
 * - PSF: a single 2D Gaussian (stored as PSF_3GAUSS with AMPL_2 = AMPL_3 = 0) of width
 *   σ(E, θ) = (psfSigmaInfDeg + psfSigma1Deg · E^−1/2) · (1 + psfSigmaOffset · θ²) deg
 * - background: R(E, θ) = bkgRate1TeV · E^−bkgIndex · (1 − exp(−(E / aeffE0TeV)^aeffIndex)) ·
 *   exp(−θ² / (2 bkgOffsetSigmaDeg²)) s-1 MeV-1 sr-1
 */

import { Background2D } from "../irf/background.js";
import { EnergyDispersion2D } from "../irf/edisp.js";
import { EffectiveAreaTable2D } from "../irf/effective-area.js";
import { EnergyDependentMultiGaussPSF } from "../irf/psf.js";
import { MapAxis } from "../maps/axis.js";
import type { MetaValue } from "../util/table.js";

/** Parameters of the generic IACT response (see the module docstring for the formulas). */
export interface GenericIactParameters {
  /** Plateau effective area (m2). */
  readonly aeffMaxM2: number;
  /** Threshold energy scale of the effective area (TeV). */
  readonly aeffE0TeV: number;
  /** Steepness of the threshold rise. */
  readonly aeffIndex: number;
  /** Gaussian width of the effective-area offset fall-off (deg). */
  readonly aeffOffsetSigmaDeg: number;
  /** Energy bias at E -> 0 (fraction). */
  readonly edispBias0: number;
  /** Energy scale of the bias decay (TeV). */
  readonly edispBiasE0TeV: number;
  /** Energy resolution at high energy (fraction). */
  readonly edispSigmaInf: number;
  /** Energy resolution term scaling as E^-1/2 (fraction at 1 TeV). */
  readonly edispSigma1: number;
  /** Relative growth of the resolution per deg² of offset. */
  readonly edispSigmaOffset: number;
  /** PSF Gaussian width at high energy (deg). */
  readonly psfSigmaInfDeg: number;
  /** PSF width term scaling as E^-1/2 (deg at 1 TeV). */
  readonly psfSigma1Deg: number;
  /** Relative growth of the PSF width per deg² of offset. */
  readonly psfSigmaOffset: number;
  /** Background rate at 1 TeV on axis before the threshold factor (s-1 MeV-1 sr-1). */
  readonly bkgRate1TeV: number;
  /** Background spectral index. */
  readonly bkgIndex: number;
  /** Gaussian width of the background offset profile (deg). */
  readonly bkgOffsetSigmaDeg: number;
}

/** Default generic-IACT parameters: a H.E.S.S.-like array at moderate zenith angle. */
export const GENERIC_IACT: GenericIactParameters = {
  aeffMaxM2: 1.2e5,
  aeffE0TeV: 0.6,
  aeffIndex: 2.5,
  aeffOffsetSigmaDeg: 1.5,
  edispBias0: 0.3,
  edispBiasE0TeV: 0.3,
  edispSigmaInf: 0.1,
  edispSigma1: 0.05,
  edispSigmaOffset: 0.05,
  psfSigmaInfDeg: 0.04,
  psfSigma1Deg: 0.03,
  psfSigmaOffset: 0.1,
  bkgRate1TeV: 2e-4,
  bkgIndex: 2.7,
  bkgOffsetSigmaDeg: 1.5,
};

/** Grids on which the analytic IRFs are tabulated (bin edges; values are taken at the bin centers). */
export interface IrfGrids {
  /** True-energy (and background reco-energy) edges (TeV), log-spaced. */
  readonly energyEdgesTeV: Float64Array;
  /** Offset edges (deg). */
  readonly offsetEdgesDeg: Float64Array;
  /** Migra edges. */
  readonly migraEdges: Float64Array;
}

/** Default grids: 0.03-200 TeV with 16 bins per decade, offsets 0-2.5 deg in 0.25 deg, migra 0.2-3 in 0.02. */
export function defaultIrfGrids(): IrfGrids {
  return {
    energyEdgesTeV: MapAxis.fromEnergyBounds(0.03, 200, 16, { perDecade: true }).edges,
    offsetEdgesDeg: MapAxis.fromBounds(0, 2.5, 10).edges,
    migraEdges: MapAxis.fromBounds(0.2, 3, 140).edges,
  };
}

/** Threshold factor 1 - exp(-(E / E0)^k) shared by effective area and background. */
function thresholdFactor(p: GenericIactParameters, energyTeV: number): number {
  return -Math.expm1(-((energyTeV / p.aeffE0TeV) ** p.aeffIndex));
}

/** Analytic effective area (m2) at true energy (TeV) and offset (deg). */
export function genericAeffM2(p: GenericIactParameters, energyTeV: number, offsetDeg: number): number {
  return (
    p.aeffMaxM2 * thresholdFactor(p, energyTeV) * Math.exp((-0.5 * offsetDeg * offsetDeg) / p.aeffOffsetSigmaDeg ** 2)
  );
}

/** Analytic energy bias b(E) (fraction; the migra mean is 1 + b) at true energy (TeV). */
export function genericEdispBias(p: GenericIactParameters, energyTeV: number): number {
  return p.edispBias0 * Math.exp(-energyTeV / p.edispBiasE0TeV);
}

/** Analytic energy resolution s(E, θ) (Gaussian sigma in migra) at true energy (TeV) and offset (deg). */
export function genericEdispSigma(p: GenericIactParameters, energyTeV: number, offsetDeg: number): number {
  return (p.edispSigmaInf + p.edispSigma1 / Math.sqrt(energyTeV)) * (1 + p.edispSigmaOffset * offsetDeg * offsetDeg);
}

/** Analytic migration density dP/dmigra at true energy (TeV), migra and offset (deg). */
export function genericEdispPdf(p: GenericIactParameters, energyTeV: number, migra: number, offsetDeg: number): number {
  const s = genericEdispSigma(p, energyTeV, offsetDeg);
  const z = (migra - 1 - genericEdispBias(p, energyTeV)) / s;
  return Math.exp(-0.5 * z * z) / (s * Math.sqrt(2 * Math.PI));
}

/** Analytic PSF Gaussian sigma (deg) at true energy (TeV) and offset (deg). */
export function genericPsfSigmaDeg(p: GenericIactParameters, energyTeV: number, offsetDeg: number): number {
  return (p.psfSigmaInfDeg + p.psfSigma1Deg / Math.sqrt(energyTeV)) * (1 + p.psfSigmaOffset * offsetDeg * offsetDeg);
}

/** Analytic background rate (s-1 MeV-1 sr-1) at reconstructed energy (TeV) and offset (deg). */
export function genericBkgRate(p: GenericIactParameters, energyTeV: number, offsetDeg: number): number {
  return (
    p.bkgRate1TeV *
    energyTeV ** -p.bkgIndex *
    thresholdFactor(p, energyTeV) *
    Math.exp((-0.5 * offsetDeg * offsetDeg) / p.bkgOffsetSigmaDeg ** 2)
  );
}

/** The four full-enclosure IRFs of an observation. */
export interface SimulationIrfs {
  readonly aeff: EffectiveAreaTable2D;
  readonly edisp: EnergyDispersion2D;
  readonly psf: EnergyDependentMultiGaussPSF;
  readonly bkg: Background2D;
}

/**
 * Energy (TeV) at which the analytic effective area reaches `fraction` of its plateau: E0 (−ln(1 − fraction))^(1/k).
 */
export function genericAeffEnergyAtFraction(p: GenericIactParameters, fraction: number): number {
  return p.aeffE0TeV * (-Math.log1p(-fraction)) ** (1 / p.aeffIndex);
}

/**
 * The generic IRFs tabulated at the bin centers of `grids`. The effective area's LO_THRES (energy of 10% of the
 * plateau) and HI_THRES (100 TeV) go into its meta for the `aeff-default` safe mask.
 */
export function makeGenericIrfs(
  params: GenericIactParameters = GENERIC_IACT,
  grids: IrfGrids = defaultIrfGrids(),
): SimulationIrfs {
  const eTrue = MapAxis.fromEnergyEdges(grids.energyEdgesTeV, { name: "energy_true" });
  const eReco = MapAxis.fromEnergyEdges(grids.energyEdgesTeV, { name: "energy" });
  const offset = MapAxis.fromEdges(grids.offsetEdgesDeg, { name: "offset", unit: "deg" });
  const migra = MapAxis.fromEdges(grids.migraEdges, { name: "migra" });
  const ec = eTrue.center;
  const oc = offset.center;
  const mc = migra.center;
  const nE = ec.length;
  const nO = oc.length;
  const nM = mc.length;
  const meta: Record<string, MetaValue> = { TELESCOP: "GENERIC-IACT", INSTRUME: "gammats simulation" };

  const aeffData = new Float64Array(nE * nO);
  const bkgData = new Float64Array(nE * nO);
  const names = ["sigma_1", "sigma_2", "sigma_3", "scale", "ampl_2", "ampl_3"] as const;
  const psfParams: Record<string, Float64Array> = {};
  for (const n of names) psfParams[n] = new Float64Array(nE * nO);
  for (let i = 0; i < nE; i++) {
    for (let j = 0; j < nO; j++) {
      const k = i * nO + j;
      aeffData[k] = genericAeffM2(params, ec[i], oc[j]);
      bkgData[k] = genericBkgRate(params, ec[i], oc[j]);
      const s = genericPsfSigmaDeg(params, ec[i], oc[j]);
      psfParams.sigma_1[k] = s;
      psfParams.sigma_2[k] = s;
      psfParams.sigma_3[k] = s;
      psfParams.scale[k] = 1 / (2 * Math.PI * s * s);
    }
  }
  const edispData = new Float64Array(nE * nM * nO);
  for (let i = 0; i < nE; i++) {
    for (let m = 0; m < nM; m++) {
      for (let j = 0; j < nO; j++) edispData[(i * nM + m) * nO + j] = genericEdispPdf(params, ec[i], mc[m], oc[j]);
    }
  }
  const aeffMeta = {
    ...meta,
    LO_THRES: genericAeffEnergyAtFraction(params, 0.1),
    HI_THRES: 100,
  };
  return {
    aeff: new EffectiveAreaTable2D({ axes: [eTrue, offset], data: aeffData, unit: "m2", meta: aeffMeta }),
    edisp: new EnergyDispersion2D({ axes: [eTrue, migra, offset], data: edispData, unit: "", meta }),
    psf: new EnergyDependentMultiGaussPSF(
      eTrue,
      offset,
      psfParams,
      { sigma_1: "deg", sigma_2: "deg", sigma_3: "deg", scale: "deg-2", ampl_2: "", ampl_3: "" },
      meta,
    ),
    bkg: new Background2D({ axes: [eReco, offset], data: bkgData, unit: "s-1 MeV-1 sr-1", meta }),
  };
}

/**
 * Dark-matter spectral models, as Gammapy's `DarkMatterAnnihilationSpectralModel` (1.0) and
 * `DarkMatterDecaySpectralModel` (1.1+, with the decay spectrum of a particle of mass m taken as the annihilation
 * spectrum at m / 2, as Gammapy 2.1):
 *   annihilation  dN/dE = scale J <sigma v> / (4 pi k m^2) dN/dE_ann(E (1 + z)),  <sigma v> = 3e-26 cm^3 s^-1
 *   decay         dN/dE = scale D / (4 pi tau m) dN/dE_ann,m/2(E (1 + z)),        tau = 4.3e17 s
 * with J in GeV^2 cm^-5, D in GeV cm^-2, m in GeV; dN/dE in cm^-2 s^-1 TeV^-1. `scale` (a norm) is the free
 * parameter: the cross-section, or the inverse lifetime, in units of the reference value.
 */
import { Parameter, Parameters } from "../parameter.js";
import { SpectralModel } from "../spectral.js";
import type { TemplateSpectralModel } from "../spectral-models.js";
import { PrimaryFlux, type PrimaryFluxTable } from "./primary-flux.js";

/** Thermal relic cross-section <sigma v> [cm^3 s^-1]. */
export const THERMAL_RELIC_CROSS_SECTION = 3e-26;
/** Age of the universe used as reference lifetime [s]. */
export const LIFETIME_AGE_OF_UNIVERSE_S = 4.3e17;

/** Options of the dark-matter spectral models. */
export interface DarkMatterModelOptions {
  /** Dark-matter particle mass [TeV]. */
  readonly massTeV: number;
  /** Channel, one of `DM_CHANNELS` (e.g. `b`, `tau`, `W`). */
  readonly channel: string;
  /** Initial value of `scale`; default 1. */
  readonly scale?: number;
  /** J-factor [GeV^2 cm^-5] (decay: D-factor [GeV cm^-2]); default 1. */
  readonly jfactor?: number;
  /** Redshift; default 0. */
  readonly z?: number;
}

abstract class DarkMatterSpectralModel extends SpectralModel {
  readonly parameters: Parameters;
  readonly massTeV: number;
  readonly channel: string;
  readonly jfactor: number;
  readonly z: number;
  /** The primary spectrum used (its mass is the tabulated one nearest the model's). */
  readonly primaryFlux: PrimaryFlux;
  private readonly template: TemplateSpectralModel;
  private scratch = new Float64Array(0);

  constructor(table: PrimaryFluxTable, options: DarkMatterModelOptions, spectrumMassTeV: number, isNorm: boolean) {
    super();
    this.massTeV = options.massTeV;
    this.channel = options.channel;
    this.jfactor = options.jfactor ?? 1;
    this.z = options.z ?? 0;
    this.primaryFlux = new PrimaryFlux(table, spectrumMassTeV, options.channel);
    this.template = this.primaryFlux.tableModel();
    this.parameters = new Parameters([
      new Parameter({ name: "scale", value: options.scale ?? 1, interp: "log", isNorm }),
    ]);
  }

  /** The constant factor in front of dN/dE_ann (scale excluded) [cm^-2 s^-1 per annihilation spectrum unit]. */
  protected abstract get prefactor(): number;

  evaluate(energyTeV: ArrayLike<number>, out = new Float64Array(energyTeV.length)): Float64Array {
    const n = energyTeV.length;
    if (this.scratch.length < n) this.scratch = new Float64Array(n);
    const shifted = this.scratch.subarray(0, n);
    for (let i = 0; i < n; i++) shifted[i] = energyTeV[i] * (1 + this.z);
    this.template.evaluate(shifted, out);
    const f = this.parameters.at(0).value * this.prefactor;
    for (let i = 0; i < n; i++) out[i] *= f;
    return out;
  }
}

/** Gammapy's `DarkMatterAnnihilationSpectralModel` (tags `DarkMatterAnnihilationSpectralModel`, `dm-annihilation`). */
export class DarkMatterAnnihilationSpectralModel extends DarkMatterSpectralModel {
  readonly tag = "DarkMatterAnnihilationSpectralModel";
  /** Other names Gammapy accepts for this model type in YAML. */
  static readonly aliases: readonly string[] = ["dm-annihilation"];
  /** Particle type: 2 Majorana, 4 Dirac. */
  readonly k: number;

  constructor(table: PrimaryFluxTable, options: DarkMatterModelOptions & { readonly k?: number }) {
    super(table, options, options.massTeV, true);
    this.k = options.k ?? 2;
  }

  protected get prefactor(): number {
    const massGeV = this.massTeV * 1000;
    return (this.jfactor * THERMAL_RELIC_CROSS_SECTION) / this.k / massGeV / massGeV / (4 * Math.PI);
  }
}

/** Gammapy's `DarkMatterDecaySpectralModel` (tags `DarkMatterDecaySpectralModel`, `dm-decay`). */
export class DarkMatterDecaySpectralModel extends DarkMatterSpectralModel {
  readonly tag = "DarkMatterDecaySpectralModel";
  /** Other names Gammapy accepts for this model type in YAML. */
  static readonly aliases: readonly string[] = ["dm-decay"];

  constructor(table: PrimaryFluxTable, options: DarkMatterModelOptions) {
    super(table, options, options.massTeV / 2, false); // Gammapy: scale is a norm for annihilation only
  }

  protected get prefactor(): number {
    return this.jfactor / LIFETIME_AGE_OF_UNIVERSE_S / (this.massTeV * 1000) / (4 * Math.PI);
  }
}

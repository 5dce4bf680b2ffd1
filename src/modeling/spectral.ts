/**
 * Spectral models: differential flux dN/dE as a function of true energy. Energies are in TeV and fluxes in
 * cm-2 s-1 TeV-1 (per sr for spatial templates); parameters hold their canonical units (TeV, TeV-1, cm-2 s-1 TeV-1)
 * after reading, so evaluation needs no unit conversion.
 */
import { powerLawIntegral, trapzLogLog } from "../util/integrate.js";
import { Parameter, type ParameterSpec, Parameters } from "./parameter.js";

/** Number of log-spaced integration nodes per decade of Gammapy's `integrate_spectrum`. */
export const INTEGRATION_NODES_PER_DECADE = 100;

/** Base of all spectral models. */
export abstract class SpectralModel {
  /** Gammapy's type name, e.g. `PowerLawSpectralModel`. */
  abstract readonly tag: string;
  /** The model's parameters, in Gammapy's order. */
  abstract readonly parameters: Parameters;

  /** dN/dE (cm-2 s-1 TeV-1) at energies (TeV); shapes (n,). */
  abstract evaluate(energyTeV: ArrayLike<number>, out?: Float64Array): Float64Array;

  /** dN/dE at one energy (TeV). */
  at(energyTeV: number): number {
    return this.evaluate([energyTeV])[0];
  }

  /**
   * Integral flux (cm-2 s-1) over bins [eMin[i], eMax[i]] (TeV): analytic where the model has one, otherwise
   * Gammapy's log-log trapezoidal rule on a log grid of 100 nodes per decade (of the widest bin, at least 2 nodes).
   */
  integral(
    eMinTeV: ArrayLike<number>,
    eMaxTeV: ArrayLike<number>,
    out = new Float64Array(eMinTeV.length),
  ): Float64Array {
    return integrateNumerically((e, o) => this.evaluate(e, o), eMinTeV, eMaxTeV, out, false);
  }

  /** Energy flux (TeV cm-2 s-1) over bins (TeV), analytic or numeric as `integral`. */
  energyFlux(
    eMinTeV: ArrayLike<number>,
    eMaxTeV: ArrayLike<number>,
    out = new Float64Array(eMinTeV.length),
  ): Float64Array {
    return integrateNumerically((e, o) => this.evaluate(e, o), eMinTeV, eMaxTeV, out, true);
  }
}

/**
 * Gammapy's `integrate_spectrum`: for each bin, log-spaced nodes (count from the widest bin, 100 per decade, at least
 * 2) and the log-log trapezoidal rule; `energyWeighted` integrates E dN/dE.
 */
export function integrateNumerically(
  evaluate: (energyTeV: Float64Array, out: Float64Array) => Float64Array,
  eMinTeV: ArrayLike<number>,
  eMaxTeV: ArrayLike<number>,
  out: Float64Array,
  energyWeighted: boolean,
): Float64Array {
  let widest = 0;
  for (let i = 0; i < eMinTeV.length; i++) widest = Math.max(widest, Math.log10(eMaxTeV[i] / eMinTeV[i]));
  const num = Math.trunc(Math.max(INTEGRATION_NODES_PER_DECADE * widest, 2));
  const energy = new Float64Array(num);
  const values = new Float64Array(num);
  const parts = new Float64Array(num - 1);
  for (let i = 0; i < eMinTeV.length; i++) {
    const lo = Math.log10(eMinTeV[i]);
    const step = (Math.log10(eMaxTeV[i]) - lo) / (num - 1);
    for (let k = 0; k < num; k++) energy[k] = 10 ** (lo + k * step);
    energy[0] = eMinTeV[i];
    energy[num - 1] = eMaxTeV[i];
    evaluate(energy, values);
    if (energyWeighted) for (let k = 0; k < num; k++) values[k] *= energy[k];
    trapzLogLog(values, energy, parts);
    let s = 0;
    for (let k = 0; k < num - 1; k++) s += parts[k];
    out[i] = s;
  }
  return out;
}

/** A closed-form spectral model: parameter specs and scalar formulas over the parameter values (in spec order). */
export interface AnalyticSpectralDefinition {
  readonly tag: string;
  /** Other names Gammapy accepts in YAML (e.g. `PowerLaw`, `pl`). */
  readonly aliases: readonly string[];
  readonly parameters: readonly ParameterSpec[];
  /** dN/dE at `e` (TeV) for parameter values `p`. */
  readonly dnde: (e: number, p: Float64Array) => number;
  /** Analytic integral over [e1, e2] (TeV), when it exists. */
  readonly integral?: (e1: number, e2: number, p: Float64Array) => number;
  /** Analytic energy flux over [e1, e2] (TeV), when it exists. */
  readonly energyFlux?: (e1: number, e2: number, p: Float64Array) => number;
}

/** A spectral model defined by an `AnalyticSpectralDefinition`. */
export class AnalyticSpectralModel extends SpectralModel {
  readonly tag: string;
  readonly parameters: Parameters;
  readonly definition: AnalyticSpectralDefinition;
  private readonly values: Float64Array;

  /** Builds the model with the definition's default parameters overridden by `values` (canonical units). */
  constructor(definition: AnalyticSpectralDefinition, parameters?: readonly Parameter[]) {
    super();
    this.definition = definition;
    this.tag = definition.tag;
    this.parameters = new Parameters(parameters ?? definition.parameters.map((s) => new Parameter(s)));
    this.values = new Float64Array(this.parameters.length);
  }

  private current(): Float64Array {
    for (let i = 0; i < this.values.length; i++) this.values[i] = this.parameters.at(i).value;
    return this.values;
  }

  evaluate(energyTeV: ArrayLike<number>, out = new Float64Array(energyTeV.length)): Float64Array {
    return this.evaluateWith(this.current(), energyTeV, out);
  }

  /** dN/dE for explicit parameter values `p` (spec order, canonical units), e.g. samples of a covariance. */
  evaluateWith(p: Float64Array, energyTeV: ArrayLike<number>, out = new Float64Array(energyTeV.length)): Float64Array {
    const f = this.definition.dnde;
    for (let i = 0; i < energyTeV.length; i++) out[i] = f(energyTeV[i], p);
    return out;
  }

  override integral(
    eMinTeV: ArrayLike<number>,
    eMaxTeV: ArrayLike<number>,
    out = new Float64Array(eMinTeV.length),
  ): Float64Array {
    const f = this.definition.integral;
    if (!f) return super.integral(eMinTeV, eMaxTeV, out);
    const p = this.current();
    for (let i = 0; i < eMinTeV.length; i++) out[i] = f(eMinTeV[i], eMaxTeV[i], p);
    return out;
  }

  override energyFlux(
    eMinTeV: ArrayLike<number>,
    eMaxTeV: ArrayLike<number>,
    out = new Float64Array(eMinTeV.length),
  ): Float64Array {
    const f = this.definition.energyFlux;
    if (!f) return super.energyFlux(eMinTeV, eMaxTeV, out);
    const p = this.current();
    for (let i = 0; i < eMinTeV.length; i++) out[i] = f(eMinTeV[i], eMaxTeV[i], p);
    return out;
  }
}

const AMPLITUDE: ParameterSpec = {
  name: "amplitude",
  value: 1e-12,
  unit: "cm-2 s-1 TeV-1",
  interp: "log",
  isNorm: true,
};

/** Power law: amplitude (E / reference)^-index. */
export const PowerLaw: AnalyticSpectralDefinition = {
  tag: "PowerLawSpectralModel",
  aliases: ["PowerLaw", "pl"],
  parameters: [{ name: "index", value: 2 }, AMPLITUDE, { name: "reference", value: 1, unit: "TeV", frozen: true }],
  dnde: (e, [index, amplitude, reference]) => amplitude * (e / reference) ** -index,
  integral: (e1, e2, [index, amplitude, reference]) => powerLawIntegral(e1, e2, index, amplitude, reference),
  energyFlux: (e1, e2, [index, amplitude, reference]) => {
    const val = -index + 2;
    if (Math.abs(val) < 1e-8) return amplitude * reference * reference * Math.log(e2 / e1);
    return ((amplitude * reference * reference) / val) * ((e2 / reference) ** val - (e1 / reference) ** val);
  },
};

/** Log parabola: amplitude (E / reference)^(-alpha - beta ln(E / reference)). */
export const LogParabola: AnalyticSpectralDefinition = {
  tag: "LogParabolaSpectralModel",
  aliases: ["LogParabola", "lp"],
  parameters: [
    AMPLITUDE,
    { name: "reference", value: 10, unit: "TeV", frozen: true },
    { name: "alpha", value: 2 },
    { name: "beta", value: 1 },
  ],
  dnde: (e, [amplitude, reference, alpha, beta]) => {
    const xx = e / reference;
    return amplitude * xx ** (-alpha - beta * Math.log(xx));
  },
};

/** Power law with exponential cutoff: amplitude (E / reference)^-index exp(-(lambda E)^alpha). */
export const ExpCutoffPowerLaw: AnalyticSpectralDefinition = {
  tag: "ExpCutoffPowerLawSpectralModel",
  aliases: ["ExpCutoffPowerLaw", "ecpl"],
  parameters: [
    { name: "index", value: 1.5 },
    AMPLITUDE,
    { name: "reference", value: 1, unit: "TeV", frozen: true },
    { name: "lambda_", value: 0.1, unit: "TeV-1" },
    { name: "alpha", value: 1, frozen: true },
  ],
  dnde: (e, [index, amplitude, reference, lambda, alpha]) =>
    amplitude * (e / reference) ** -index * Math.exp(-((e * lambda) ** alpha)),
};

/** The closed-form spectral models by Gammapy tag and alias. */
export const SPECTRAL_DEFINITIONS: readonly AnalyticSpectralDefinition[] = [PowerLaw, LogParabola, ExpCutoffPowerLaw];

/** Creates an analytic spectral model with default parameters overridden by `values` (canonical units). */
export function createSpectralModel(definition: AnalyticSpectralDefinition, values: Record<string, number> = {}) {
  const model = new AnalyticSpectralModel(definition);
  for (const [name, v] of Object.entries(values)) model.parameters.get(name).value = v;
  return model;
}

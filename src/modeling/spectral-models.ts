/**
 * More spectral models of Gammapy 1.0: closed-form ones as `AnalyticSpectralDefinition`s, and the models that wrap
 * data or other models (template, compound, scale, EBL absorption) as `SpectralModel` subclasses. Energies in TeV,
 * dN/dE in cm-2 s-1 TeV-1 (norm models: dimensionless), parameters in canonical units.
 */
import { FitsFile } from "../fits/file.js";
import { ArgumentError } from "../util/errors.js";
import { powerLawIntegral } from "../util/integrate.js";
import { type InterpScale, ScaledRegularGridInterpolator, unscaleValue } from "../util/interpolate.js";
import { Parameter, type ParameterSpec, Parameters } from "./parameter.js";
import { type AnalyticSpectralDefinition, LogParabola, PowerLaw, SpectralModel } from "./spectral.js";

const TWO_OVER_SQRT_PI = 2 / Math.sqrt(Math.PI);

/**
 * The error function erf(x), to a few ulp: the positive-term series 2/sqrt(pi) exp(-x^2) sum (2x^2)^n x / (2n+1)!!
 * for |x| < 6 (no cancellation), and +-1 beyond (erfc(6) is below half an ulp of 1).
 */
export function erf(x: number): number {
  if (Number.isNaN(x)) return Number.NaN;
  const ax = Math.abs(x);
  if (ax >= 6) return Math.sign(x);
  const x2 = 2 * ax * ax;
  let term = ax;
  let sum = ax;
  for (let n = 0; n < 500; n++) {
    term *= x2 / (2 * n + 3);
    sum += term;
    if (term < sum * 1e-17) break;
  }
  const r = TWO_OVER_SQRT_PI * Math.exp(-ax * ax) * sum;
  return x < 0 ? -r : r;
}

const AMPLITUDE_DIFF: ParameterSpec = {
  name: "amplitude",
  value: 1e-12,
  unit: "cm-2 s-1 TeV-1",
  interp: "log",
  isNorm: true,
};
const AMPLITUDE_INT: ParameterSpec = { ...AMPLITUDE_DIFF, unit: "cm-2 s-1" };
const NORM: ParameterSpec = { name: "norm", value: 1, interp: "log", isNorm: true };
const REFERENCE_1TEV: ParameterSpec = { name: "reference", value: 1, unit: "TeV", frozen: true };

/** Power law normalised by its integral `amplitude` (cm-2 s-1) between `emin` and `emax` (TeV). */
export const PowerLaw2: AnalyticSpectralDefinition = {
  tag: "PowerLaw2SpectralModel",
  aliases: ["PowerLaw2", "pl-2"],
  parameters: [
    AMPLITUDE_INT,
    { name: "index", value: 2 },
    { name: "emin", value: 0.1, unit: "TeV", frozen: true },
    { name: "emax", value: 100, unit: "TeV", frozen: true },
  ],
  dnde: (e, [amplitude, index, emin, emax]) => {
    const top = -index + 1;
    const bottom = emax - emin * (emin / emax) ** -index;
    return amplitude * (top / bottom) * (e / emax) ** -index;
  },
  integral: (e1, e2, [amplitude, index, emin, emax]) => {
    const top = e2 ** (-index + 1) - e1 ** (-index + 1);
    const bottom = emax ** (-index + 1) - emin ** (-index + 1);
    return (amplitude * top) / bottom;
  },
};

/** 3FGL exponential cutoff power law: amplitude (E/reference)^-index exp((reference - E) / ecut). */
export const ExpCutoffPowerLaw3FGL: AnalyticSpectralDefinition = {
  tag: "ExpCutoffPowerLaw3FGLSpectralModel",
  aliases: ["ExpCutoffPowerLaw3FGL", "ecpl-3fgl"],
  parameters: [{ name: "index", value: 1.5 }, AMPLITUDE_DIFF, REFERENCE_1TEV, { name: "ecut", value: 10, unit: "TeV" }],
  dnde: (e, [index, amplitude, reference, ecut]) =>
    amplitude * (e / reference) ** -index * Math.exp((reference - e) / ecut),
};

/** Parameters of both 4FGL super-exponential cutoff power laws (expfactor in TeV^-index_2 for DR1/DR2). */
const SECPL_4FGL_PARAMETERS: readonly ParameterSpec[] = [
  AMPLITUDE_DIFF,
  REFERENCE_1TEV,
  { name: "expfactor", value: 1e-2 },
  { name: "index_1", value: 1.5 },
  { name: "index_2", value: 2 },
];

/**
 * 4FGL (DR1/DR2) super-exponential cutoff power law: amplitude (E/reference)^-index_1
 * exp(expfactor (reference^index_2 - E^index_2)), energies in TeV (expfactor in TeV^-index_2).
 */
export const SuperExpCutoffPowerLaw4FGL: AnalyticSpectralDefinition = {
  tag: "SuperExpCutoffPowerLaw4FGLSpectralModel",
  aliases: ["SuperExpCutoffPowerLaw4FGL", "secpl-4fgl"],
  parameters: SECPL_4FGL_PARAMETERS,
  dnde: (e, [amplitude, reference, expfactor, index1, index2]) =>
    amplitude * (e / reference) ** -index1 * Math.exp(expfactor * (reference ** index2 - e ** index2)),
};

/**
 * 3FGL super-exponential cutoff power law: amplitude (E/reference)^-index_1 exp((reference/ecut)^index_2 -
 * (E/ecut)^index_2), energies in TeV.
 */
export const SuperExpCutoffPowerLaw3FGL: AnalyticSpectralDefinition = {
  tag: "SuperExpCutoffPowerLaw3FGLSpectralModel",
  aliases: ["SuperExpCutoffPowerLaw3FGL", "secpl-3fgl"],
  parameters: [
    AMPLITUDE_DIFF,
    REFERENCE_1TEV,
    { name: "ecut", value: 10, unit: "TeV" },
    { name: "index_1", value: 1.5 },
    { name: "index_2", value: 2 },
  ],
  dnde: (e, [amplitude, reference, ecut, index1, index2]) =>
    amplitude * (e / reference) ** -index1 * Math.exp((reference / ecut) ** index2 - (e / ecut) ** index2),
};

/**
 * 4FGL-DR3 super-exponential cutoff power law (Fermi's PLSuperExpCutoff4): with x = E/reference and a = expfactor,
 * b = index_2: amplitude x^-index_1 x^(a/b) exp(a/b^2 (1 - x^b)); where |b ln x| < 0.01 the series
 * amplitude x^-index_1 exp(-a (L^2/2 + b L^3/6 + b^2 L^4/24)), L = ln x, as Fermi's tools (Gammapy 1.0 flips the sign
 * of that series, a bug fixed in later versions: relative differences below a b^-2 1e-4 / 2).
 */
export const SuperExpCutoffPowerLaw4FGLDR3: AnalyticSpectralDefinition = {
  tag: "SuperExpCutoffPowerLaw4FGLDR3SpectralModel",
  aliases: ["SuperExpCutoffPowerLaw4FGLDR3", "secpl-4fgl-dr3"],
  parameters: SECPL_4FGL_PARAMETERS,
  dnde: (e, [amplitude, reference, expfactor, index1, index2]) => {
    const x = e / reference;
    const l = Math.log(x);
    const cutoff =
      Math.abs(index2 * l) < 1e-2
        ? Math.exp(-expfactor * l * l * (0.5 + (index2 / 6) * l + ((index2 * index2) / 24) * l * l))
        : x ** (expfactor / index2) * Math.exp((expfactor / (index2 * index2)) * (1 - x ** index2));
    return amplitude * x ** -index1 * cutoff;
  },
};

/** Broken power law: amplitude (E/ebreak)^-index1 below ebreak (TeV), ^-index2 at and above. */
export const BrokenPowerLaw: AnalyticSpectralDefinition = {
  tag: "BrokenPowerLawSpectralModel",
  aliases: ["BrokenPowerLaw", "bpl"],
  parameters: [
    { name: "index1", value: 2 },
    { name: "index2", value: 2 },
    AMPLITUDE_DIFF,
    { name: "ebreak", value: 1, unit: "TeV" },
  ],
  dnde: (e, [index1, index2, amplitude, ebreak]) => amplitude * (e / ebreak) ** (e < ebreak ? -index1 : -index2),
};

/**
 * Smoothly broken power law: amplitude (E/reference)^-index1 (1 + (E/ebreak)^((index2-index1)/b))^-b with
 * b = beta sign(index2 - index1) (Gammapy's convention; equal indices give a plain power law).
 */
export const SmoothBrokenPowerLaw: AnalyticSpectralDefinition = {
  tag: "SmoothBrokenPowerLawSpectralModel",
  aliases: ["SmoothBrokenPowerLaw", "sbpl"],
  parameters: [
    { name: "index1", value: 2 },
    { name: "index2", value: 2 },
    AMPLITUDE_DIFF,
    { name: "ebreak", value: 1, unit: "TeV" },
    REFERENCE_1TEV,
    { name: "beta", value: 1, frozen: true },
  ],
  dnde: (e, [index1, index2, amplitude, ebreak, reference, beta]) => {
    const b = beta * Math.sign(index2 - index1);
    const pwl = amplitude * (e / reference) ** -index1;
    // 0/0 exponent for equal indices: NaN ** -0 is 1, as numpy
    return pwl * (1 + (e / ebreak) ** ((index2 - index1) / b)) ** -b;
  },
};

/** Constant dN/dE `const` (cm-2 s-1 TeV-1). */
export const ConstantSpectral: AnalyticSpectralDefinition = {
  tag: "ConstantSpectralModel",
  aliases: ["Constant", "const"],
  parameters: [{ name: "const", value: 1e-12, unit: "cm-2 s-1 TeV-1", isNorm: true }],
  dnde: (_e, [c]) => c,
};

const plScratch = new Float64Array(3);

/** Dimensionless power-law norm: norm (E/reference)^-tilt; analytic integral (TeV) and energy flux (TeV2). */
export const PowerLawNorm: AnalyticSpectralDefinition = {
  tag: "PowerLawNormSpectralModel",
  aliases: ["PowerLawNorm", "pl-norm"],
  parameters: [NORM, { name: "tilt", value: 0, frozen: true }, REFERENCE_1TEV],
  dnde: (e, [norm, tilt, reference]) => norm * (e / reference) ** -tilt,
  integral: (e1, e2, [norm, tilt, reference]) => powerLawIntegral(e1, e2, tilt, norm, reference),
  energyFlux: (e1, e2, [norm, tilt, reference]) => {
    plScratch[0] = tilt;
    plScratch[1] = norm;
    plScratch[2] = reference;
    return (PowerLaw.energyFlux as NonNullable<AnalyticSpectralDefinition["energyFlux"]>)(e1, e2, plScratch);
  },
};

/** Dimensionless log-parabola norm: norm (E/reference)^(-alpha - beta ln(E/reference)). */
export const LogParabolaNorm: AnalyticSpectralDefinition = {
  tag: "LogParabolaNormSpectralModel",
  aliases: ["LogParabolaNorm", "lp-norm"],
  parameters: [
    NORM,
    { name: "reference", value: 10, unit: "TeV", frozen: true },
    { name: "alpha", value: 2 },
    { name: "beta", value: 1 },
  ],
  // same formula and parameter order as the log parabola, with the dimensionless norm first
  dnde: LogParabola.dnde,
};

const SQRT2 = Math.sqrt(2);
const SQRT_2PI = Math.sqrt(2 * Math.PI);

/** Gaussian line: amplitude (cm-2 s-1) / (sigma sqrt(2 pi)) exp(-(E - mean)^2 / (2 sigma^2)), analytic integrals. */
export const GaussianSpectral: AnalyticSpectralDefinition = {
  tag: "GaussianSpectralModel",
  aliases: ["Gaussian", "gauss"],
  parameters: [AMPLITUDE_INT, { name: "mean", value: 1, unit: "TeV" }, { name: "sigma", value: 2, unit: "TeV" }],
  dnde: (e, [amplitude, mean, sigma]) =>
    (amplitude / (sigma * SQRT_2PI)) * Math.exp(-((e - mean) ** 2) / (2 * sigma ** 2)),
  integral: (e1, e2, [amplitude, mean, sigma]) => {
    const uMin = (e1 - mean) / (SQRT2 * sigma);
    const uMax = (e2 - mean) / (SQRT2 * sigma);
    return (amplitude / 2) * (erf(uMax) - erf(uMin));
  },
  energyFlux: (e1, e2, [amplitude, mean, sigma]) => {
    const uMin = (e1 - mean) / (SQRT2 * sigma);
    const uMax = (e2 - mean) / (SQRT2 * sigma);
    const a = (amplitude * sigma) / SQRT_2PI;
    const b = (amplitude * mean) / 2;
    return a * (Math.exp(-(uMin ** 2)) - Math.exp(-(uMax ** 2))) + b * (erf(uMax) - erf(uMin));
  },
};

/** The closed-form models of this module (in addition to `SPECTRAL_DEFINITIONS` of `spectral.ts`). */
export const MORE_SPECTRAL_DEFINITIONS: readonly AnalyticSpectralDefinition[] = [
  PowerLaw2,
  ExpCutoffPowerLaw3FGL,
  SuperExpCutoffPowerLaw3FGL,
  SuperExpCutoffPowerLaw4FGL,
  SuperExpCutoffPowerLaw4FGLDR3,
  BrokenPowerLaw,
  SmoothBrokenPowerLaw,
  ConstantSpectral,
  PowerLawNorm,
  LogParabolaNorm,
  GaussianSpectral,
];

/** Options of `TemplateSpectralModel`. */
export interface TemplateOptions {
  /** Value of the (frozen) `norm` parameter; default 1. */
  readonly norm?: number;
  /** Scale of the values for interpolation; default `log` (log-log interpolation, as Gammapy). */
  readonly valuesScale?: InterpScale;
  /**
   * Value outside the energy range, in the *scaled* value space as Gammapy's `fill_value` (so 0 with the log scale
   * gives 1); default: extrapolate linearly in the scaled spaces.
   */
  readonly fillValue?: number;
}

/**
 * Gammapy's `TemplateSpectralModel`: dN/dE tabulated at energy nodes (TeV), interpolated linearly in log(E) and
 * log(dN/dE) (or the chosen value scale), extrapolated from the edge cells, clipped at 0, times a `norm` parameter
 * that is frozen by default. A single node gives a constant (nearest-neighbour).
 */
export class TemplateSpectralModel extends SpectralModel {
  readonly tag = "TemplateSpectralModel";
  /** Other names Gammapy accepts for this model type in YAML. */
  static readonly aliases: readonly string[] = ["template"];
  readonly parameters: Parameters;
  /** Energy nodes (TeV), shape (n,). */
  readonly energyTeV: Float64Array;
  /** dN/dE at the nodes, shape (n,). */
  readonly values: Float64Array;
  private readonly interp: ScaledRegularGridInterpolator;
  private readonly coords: ArrayLike<number>[] = [[]];

  /** Builds the template from nodes (TeV, strictly increasing) and values (cm-2 s-1 TeV-1). */
  constructor(energyTeV: ArrayLike<number>, values: ArrayLike<number>, options: TemplateOptions = {}) {
    super();
    if (energyTeV.length !== values.length || energyTeV.length === 0)
      throw new ArgumentError(
        `template has ${energyTeV.length} energies and ${values.length} values`,
        "values",
        "as many values as energies, at least one",
      );
    this.energyTeV = Float64Array.from(energyTeV);
    this.values = Float64Array.from(values);
    const valuesScale = options.valuesScale ?? "log";
    this.interp = new ScaledRegularGridInterpolator([this.energyTeV], this.values, {
      pointsScale: ["log"],
      valuesScale,
      method: energyTeV.length === 1 ? "nearest" : "linear",
      fillValue: options.fillValue === undefined ? undefined : unscaleValue(valuesScale, options.fillValue),
    });
    this.parameters = new Parameters([new Parameter({ ...NORM, value: options.norm ?? 1, frozen: true })]);
  }

  evaluate(energyTeV: ArrayLike<number>, out = new Float64Array(energyTeV.length)): Float64Array {
    this.coords[0] = energyTeV;
    this.interp.evaluate(this.coords, out);
    const norm = this.parameters.at(0).value;
    for (let i = 0; i < out.length; i++) out[i] *= norm; // values already clipped at 0
    return out;
  }
}

/** Operators of `CompoundSpectralModel` (Gammapy's `operator.add`, `operator.sub`, `operator.mul`). */
export type CompoundOperator = "+" | "-" | "*";

/**
 * Gammapy's `CompoundSpectralModel`: `model1 op model2` evaluated pointwise; the parameters are those of model1
 * followed by those of model2 (a shared parameter object appears once). Integrals are numeric.
 */
export class CompoundSpectralModel extends SpectralModel {
  readonly tag = "CompoundSpectralModel";
  /** Other names Gammapy accepts for this model type in YAML. */
  static readonly aliases: readonly string[] = ["compound"];
  readonly parameters: Parameters;
  private scratch = new Float64Array(0);

  /** Combines two models with `operator`. */
  constructor(
    readonly model1: SpectralModel,
    readonly model2: SpectralModel,
    readonly operator: CompoundOperator,
  ) {
    super();
    if (operator !== "+" && operator !== "-" && operator !== "*")
      throw new ArgumentError(`unknown operator '${operator}'`, "operator", "'+', '-' or '*'");
    this.parameters = new Parameters([...model1.parameters, ...model2.parameters]);
  }

  evaluate(energyTeV: ArrayLike<number>, out = new Float64Array(energyTeV.length)): Float64Array {
    if (this.scratch.length < energyTeV.length) this.scratch = new Float64Array(energyTeV.length);
    const b = this.model2.evaluate(energyTeV, this.scratch.subarray(0, energyTeV.length));
    const a = this.model1.evaluate(energyTeV, out);
    const n = energyTeV.length;
    if (this.operator === "+") for (let i = 0; i < n; i++) a[i] += b[i];
    else if (this.operator === "-") for (let i = 0; i < n; i++) a[i] -= b[i];
    else for (let i = 0; i < n; i++) a[i] *= b[i];
    return a;
  }
}

/**
 * Gammapy's `ScaleSpectralModel`: `norm * model`. Its only parameter is `norm` (the wrapped model's parameters are
 * not part of it, as in Gammapy); the integral is `norm` times the model's integral, the energy flux is numeric.
 */
export class ScaleSpectralModel extends SpectralModel {
  readonly tag = "ScaleSpectralModel";
  /** Other names Gammapy accepts for this model type in YAML. */
  static readonly aliases: readonly string[] = ["scale"];
  readonly parameters: Parameters;

  /** Wraps `model` with a free `norm` parameter (default 1). */
  constructor(
    readonly model: SpectralModel,
    norm = 1,
  ) {
    super();
    this.parameters = new Parameters([new Parameter({ ...NORM, value: norm })]);
  }

  evaluate(energyTeV: ArrayLike<number>, out = new Float64Array(energyTeV.length)): Float64Array {
    this.model.evaluate(energyTeV, out);
    const norm = this.parameters.at(0).value;
    for (let i = 0; i < energyTeV.length; i++) out[i] *= norm;
    return out;
  }

  override integral(
    eMinTeV: ArrayLike<number>,
    eMaxTeV: ArrayLike<number>,
    out = new Float64Array(eMinTeV.length),
  ): Float64Array {
    this.model.integral(eMinTeV, eMaxTeV, out);
    const norm = this.parameters.at(0).value;
    for (let i = 0; i < out.length; i++) out[i] *= norm;
    return out;
  }
}

/**
 * An EBL absorption table (XSPEC table model layout): transmission exp(-tau) on a grid of redshift x energy.
 * Arrays may be float32 (as read from the files); the model then scales them in float32 as Gammapy/numpy does.
 */
export interface EblTable {
  /** Redshift nodes, sorted and distinct, shape (nz,). */
  readonly redshift: Float32Array | Float64Array;
  /** Energy nodes in keV (geometric bin centres), shape (ne,). */
  readonly energyKeV: Float32Array | Float64Array;
  /** Transmission, shape (nz, ne), C order. */
  readonly values: Float32Array | Float64Array;
}

/** File names of Gammapy's built-in EBL models in `$GAMMAPY_DATA/ebl`. */
export const EBL_BUILTIN_FILES = {
  franceschini: "ebl_franceschini.fits.gz",
  dominguez: "ebl_dominguez11.fits.gz",
  finke: "frd_abs.fits.gz",
} as const;

/**
 * Reads an EBL table as Gammapy's `EBLAbsorptionNormSpectralModel.read`: redshifts are the distinct sorted values of
 * the PARAMETERS HDU's first `VALUE` array (the first occurrence of each gives the SPECTRA row), energies are
 * sqrt(ENERG_LO * ENERG_HI) in keV (float32 arithmetic, as numpy on the float32 columns), values are `INTPSPEC`.
 * Accepts the file's bytes (plain or gzip) or an opened `FitsFile`.
 */
export function readEblTable(input: Uint8Array | FitsFile): EblTable {
  const file = input instanceof FitsFile ? input : FitsFile.open(input);
  const params = file.table("PARAMETERS").column("VALUE");
  let zAll: ArrayLike<number>;
  if (params.kind === "vla") zAll = params.rows[0] as ArrayLike<number>;
  else if (params.kind === "numeric")
    zAll = params.data.subarray(
      0,
      params.shape.slice(1).reduce((a, b) => a * b, 1),
    );
  else throw new ArgumentError("PARAMETERS.VALUE is not numeric", "VALUE", "a numeric column");
  const order = Array.from({ length: zAll.length }, (_, i) => i).sort((a, b) => zAll[a] - zAll[b] || a - b);
  const rows: number[] = [];
  for (const i of order) if (rows.length === 0 || zAll[rows[rows.length - 1]] !== zAll[i]) rows.push(i);
  const f32 = zAll instanceof Float32Array;
  const redshift = f32 ? Float32Array.from(rows, (i) => zAll[i]) : Float64Array.from(rows, (i) => zAll[i]);

  const energies = file.table("ENERGIES");
  const lo = energies.column("ENERG_LO");
  const hi = energies.column("ENERG_HI");
  if (lo.kind !== "numeric" || hi.kind !== "numeric")
    throw new ArgumentError("ENERGIES columns are not numeric", "ENERG_LO", "numeric columns");
  const e32 = lo.data instanceof Float32Array && hi.data instanceof Float32Array;
  const ne = lo.data.length;
  const energyKeV = e32 ? new Float32Array(ne) : new Float64Array(ne);
  for (let i = 0; i < ne; i++) {
    const prod = Number(lo.data[i]) * Number(hi.data[i]);
    energyKeV[i] = e32 ? Math.sqrt(Math.fround(prod)) : Math.sqrt(prod);
  }

  const spectra = file.table("SPECTRA").column("INTPSPEC");
  if (spectra.kind !== "numeric") throw new ArgumentError("SPECTRA.INTPSPEC is not numeric", "INTPSPEC", "numeric");
  const width = spectra.shape[1] ?? 1;
  if (width !== ne)
    throw new ArgumentError(`INTPSPEC has ${width} energies, ENERGIES ${ne}`, "INTPSPEC", "one value per energy");
  const values =
    spectra.data instanceof Float32Array ? new Float32Array(rows.length * ne) : new Float64Array(rows.length * ne);
  for (let r = 0; r < rows.length; r++) {
    if (rows[r] >= spectra.shape[0])
      throw new ArgumentError(`no SPECTRA row ${rows[r]}`, "INTPSPEC", "one row per redshift");
    for (let k = 0; k < ne; k++) values[r * ne + k] = Number(spectra.data[rows[r] * ne + k]);
  }
  return { redshift, energyKeV, values };
}

const KEV_PER_TEV = 1e9;

/** Options of `EBLAbsorptionNormSpectralModel`. */
export interface EblOptions {
  /** Source redshift (frozen parameter `redshift`); default 0.1. */
  readonly redshift?: number;
  /** Exponent on the transmission (frozen parameter `alpha_norm`); default 1. */
  readonly alphaNorm?: number;
}

/**
 * Gammapy's `EBLAbsorptionNormSpectralModel`: the transmission exp(-tau(E, z)) interpolated in the table (linear in
 * redshift, log in energy and log in value, extrapolated beyond the grid), clipped to [0, 1] and raised to
 * `alpha_norm`. Parameters (Gammapy's order): alpha_norm, redshift, both frozen. Takes an already-read table
 * (`readEblTable`) so it stays browser-safe.
 */
export class EBLAbsorptionNormSpectralModel extends SpectralModel {
  readonly tag = "EBLAbsorptionNormSpectralModel";
  /** Other names Gammapy accepts for this model type in YAML. */
  static readonly aliases: readonly string[] = ["ebl-norm"];
  readonly parameters: Parameters;
  readonly table: EblTable;
  private readonly interp: ScaledRegularGridInterpolator;
  private logE = new Float64Array(0);
  private readonly z = new Float64Array(1);

  /** Builds the model on `table` with the given redshift and alpha_norm. */
  constructor(table: EblTable, options: EblOptions = {}) {
    super();
    const nz = table.redshift.length;
    const ne = table.energyKeV.length;
    if (table.values.length !== nz * ne)
      throw new ArgumentError(`EBL table has ${table.values.length} values for ${nz}x${ne} nodes`, "values");
    this.table = table;
    // log of the energy nodes in the nodes' precision (numpy's float32 log of the float32 centres)
    const f32 = table.energyKeV instanceof Float32Array;
    const logNodes = Float64Array.from(table.energyKeV, (e) => (f32 ? Math.fround(Math.log(e)) : Math.log(e)));
    this.interp = new ScaledRegularGridInterpolator([table.redshift, logNodes], table.values, {
      pointsScale: ["lin", "lin"],
      valuesScale: "log",
      float32Values: table.values instanceof Float32Array,
    });
    this.parameters = new Parameters([
      new Parameter({ name: "alpha_norm", value: options.alphaNorm ?? 1, frozen: true }),
      new Parameter({ name: "redshift", value: options.redshift ?? 0.1, frozen: true }),
    ]);
  }

  /** Transmission raised to alpha_norm (dimensionless) at energies (TeV). */
  evaluate(energyTeV: ArrayLike<number>, out = new Float64Array(energyTeV.length)): Float64Array {
    const n = energyTeV.length;
    if (this.logE.length < n) this.logE = new Float64Array(n);
    const logE = this.logE.subarray(0, n);
    for (let i = 0; i < n; i++) logE[i] = Math.log(energyTeV[i] * KEV_PER_TEV);
    const alpha = this.parameters.at(0).value;
    this.z[0] = this.parameters.at(1).value;
    this.interp.evaluate([this.z, logE], out);
    for (let i = 0; i < n; i++) {
      out[i] = Math.min(Math.max(out[i], 0), 1) ** alpha;
    }
    return out;
  }
}

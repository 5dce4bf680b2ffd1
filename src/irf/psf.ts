/**
 * Point spread functions: tabulated dP/dOmega versus true energy, offset and rad (GADF PSF_TABLE, `PSF3D`), and the
 * parametric triple-Gaussian (PSF_3GAUSS) and King (PSF_KING) forms. Containment fractions and radii as Gammapy.
 */
import { MapAxis } from "../maps/axis.js";
import { ArgumentError } from "../util/errors.js";
import { type InterpMethod, ScaledRegularGridInterpolator } from "../util/interpolate.js";
import type { MetaValue } from "../util/table.js";
import { Irf, type IrfCoords, type IrfInit } from "./irf.js";

/** Axes of `PSF3D`, in data order. */
export const PSF3D_AXES = ["energy_true", "offset", "rad"] as const;
/** Axes of the parametric PSFs, in data order. */
export const PSF_PARAMETRIC_AXES = ["energy_true", "offset"] as const;

const DEG2_PER_SR = (180 / Math.PI) ** 2;

/** Gammapy's default rad axis for PSF containment of parametric PSFs: 0 to 0.66 deg in 66 bins. */
export const RAD_AXIS_DEFAULT = MapAxis.fromBounds(0, 0.66, 66, { name: "rad", unit: "deg" });

/** What every PSF offers: density, containment and containment radius at (E_true, offset) points. */
export interface Psf {
  /** PSF density at `rad` (deg) for each point, in sr-1. Coordinates: `energy_true` (TeV), `offset` (deg), `rad`. */
  evaluatePsf(coords: IrfCoords): Float64Array;
  /** Fraction of the PSF within `rad` (deg) for each point. */
  containment(coords: IrfCoords): Float64Array;
  /**
   * Radius in deg containing `fraction` of the PSF at each (energy_true, offset) point, on a rad grid upsampled by
   * `factor` (Gammapy's method: the grid value whose containment is closest to the fraction).
   */
  containmentRadius(fraction: number, coords: IrfCoords, factor?: number): Float64Array;
}

/** Tabulated PSF dP/dOmega(E_true, offset, rad), in sr-1 (rad and offset in deg). */
export class PSF3D extends Irf implements Psf {
  readonly tag = "psf_table";
  private _cumsum?: Irf;

  constructor(init: IrfInit) {
    super(init, PSF3D_AXES);
  }

  /** The rad axis. */
  get radAxis(): MapAxis {
    return this.axes.get("rad");
  }

  evaluatePsf(coords: IrfCoords): Float64Array {
    return this.evaluate(coords);
  }

  /**
   * Containment within `rad`, by interpolating the cumulative integral 2 pi r PSF(r) dr over the rad bins (nodes at
   * the upper bin edges), as Gammapy's `PSF3D.containment`.
   */
  containment(coords: IrfCoords): Float64Array {
    this._cumsum ??= this.makeCumsum();
    return this._cumsum.evaluate(coords);
  }

  containmentRadius(fraction: number, coords: IrfCoords, factor = 20): Float64Array {
    return containmentRadiusOnGrid(this, this.radAxis, fraction, coords, factor);
  }

  private makeCumsum(): Irf {
    const rad = this.radAxis;
    const [nE, nO, nR] = this.shape;
    const width = rad.binWidth;
    const center = rad.center;
    const data = new Float64Array(this.data.length);
    // Same operation order as Gammapy: (2 pi r) * (psf * dr), summed in the table unit; converted at the end.
    for (let i = 0; i < nE * nO; i++) {
      let acc = 0;
      for (let r = 0; r < nR; r++) {
        acc += 2 * Math.PI * center[r] * (this.data[i * nR + r] * width[r]);
        data[i * nR + r] = acc;
      }
    }
    const shifted = MapAxis.fromNodes(rad.edges.subarray(1), { name: "rad", unit: rad.unit, interp: rad.interp });
    return new CumulativeIrf({ axes: this.axes.replace(shifted), data, unit: "" }, sr1ToDeg2Factor(this.unit));
  }
}

/** An internal IRF on the PSF axes holding a cumulative integral. */
class CumulativeIrf extends Irf {
  readonly tag = "psf_cumsum";
  constructor(
    init: IrfInit,
    private readonly factor: number,
  ) {
    super(init, PSF3D_AXES);
  }

  protected override evaluateOn(
    arrays: readonly ArrayLike<number>[],
    dims: readonly number[],
    shape: readonly number[],
    method?: InterpMethod,
  ): Float64Array {
    const out = super.evaluateOn(arrays, dims, shape, method);
    for (let i = 0; i < out.length; i++) out[i] *= this.factor;
    return out;
  }
}

/** Factor from the PSF table unit (sr-1 or deg-2) to deg-2, so that 2 pi r dr in deg^2 gives a fraction. */
function sr1ToDeg2Factor(unit: string): number {
  const u = unit.replace(/\s+/g, "").toLowerCase();
  if (u === "sr-1" || u === "sr^-1" || u === "1/sr" || u === "") return 1 / DEG2_PER_SR;
  if (u === "deg-2" || u === "deg^-2" || u === "1/deg2") return 1;
  throw new ArgumentError(`unsupported PSF unit '${unit}'`, "unit", "sr-1 or deg-2");
}

function containmentRadiusOnGrid(
  psf: Psf,
  radAxis: MapAxis,
  fraction: number,
  coords: IrfCoords,
  factor: number,
): Float64Array {
  const rad = radAxis.upsample(factor).center;
  const e = asArray(coords.energy_true);
  const o = asArray(coords.offset);
  const n = Math.max(e.length, o.length);
  const out = new Float64Array(n);
  const eArg = new Float64Array(rad.length);
  const oArg = new Float64Array(rad.length);
  for (let k = 0; k < n; k++) {
    eArg.fill(e.length === 1 ? e[0] : e[k]);
    oArg.fill(o.length === 1 ? o[0] : o[k]);
    const c = psf.containment({ energy_true: eArg, offset: oArg, rad });
    let best = 0;
    for (let r = 1; r < rad.length; r++) if (Math.abs(c[r] - fraction) < Math.abs(c[best] - fraction)) best = r;
    out[k] = rad[best];
  }
  return out;
}

function asArray(c: ArrayLike<number> | number | undefined): ArrayLike<number> {
  if (c === undefined) throw new ArgumentError("missing coordinate energy_true or offset");
  return typeof c === "number" ? [c] : c;
}

/** Parameters of a parametric PSF, each on the (energy_true, offset) grid (C order). */
export type PsfParameters = Readonly<Record<string, Float64Array>>;

/** Base of the parametric PSFs: parameters interpolated (linearly, extrapolated, clipped at 0) over the grid. */
abstract class ParametricPSF implements Psf {
  abstract readonly tag: string;
  abstract readonly parameterNames: readonly string[];
  /** Parameter units (e.g. sigma in deg). */
  readonly units: Readonly<Record<string, string>>;
  readonly energyAxisTrue: MapAxis;
  readonly offsetAxis: MapAxis;
  readonly parameters: PsfParameters;
  readonly meta: Readonly<Record<string, MetaValue>>;
  private interps = new Map<string, ScaledRegularGridInterpolator>();

  constructor(
    energyAxisTrue: MapAxis,
    offsetAxis: MapAxis,
    parameters: PsfParameters,
    units: Record<string, string> = {},
    meta = {},
  ) {
    this.energyAxisTrue = energyAxisTrue;
    this.offsetAxis = offsetAxis;
    this.parameters = parameters;
    this.units = units;
    this.meta = meta;
    for (const [name, values] of Object.entries(parameters)) {
      if (values.length !== energyAxisTrue.nbin * offsetAxis.nbin) {
        throw new ArgumentError(
          `PSF parameter ${name} has ${values.length} values`,
          name,
          `${energyAxisTrue.nbin * offsetAxis.nbin}`,
        );
      }
    }
  }

  /** Parameter values at (energy_true, offset) points. */
  evaluateParameters(energyTrue: ArrayLike<number>, offset: ArrayLike<number>): Record<string, Float64Array> {
    const out: Record<string, Float64Array> = {};
    for (const name of this.parameterNames) {
      let interp = this.interps.get(name);
      if (!interp) {
        interp = new ScaledRegularGridInterpolator(
          [this.energyAxisTrue.center, this.offsetAxis.center],
          this.parameters[name],
          {
            pointsScale: [this.energyAxisTrue.interp, this.offsetAxis.interp],
          },
        );
        this.interps.set(name, interp);
      }
      out[name] = interp.evaluate([energyTrue, offset]);
    }
    return out;
  }

  /** PSF density at rad for parameter values at index k, in deg-2. */
  protected abstract densityDeg2(rad: number, p: Record<string, Float64Array>, k: number): number;
  /** Containment within rad for parameter values at index k. */
  protected abstract containmentAt(rad: number, p: Record<string, Float64Array>, k: number): number;

  evaluatePsf(coords: IrfCoords): Float64Array {
    return this.pointwise(coords, (r, p, k) => this.densityDeg2(r, p, k) * DEG2_PER_SR);
  }

  containment(coords: IrfCoords): Float64Array {
    return this.pointwise(coords, (r, p, k) => this.containmentAt(r, p, k));
  }

  containmentRadius(fraction: number, coords: IrfCoords, factor = 20): Float64Array {
    return containmentRadiusOnGrid(this, RAD_AXIS_DEFAULT, fraction, coords, factor);
  }

  private pointwise(
    coords: IrfCoords,
    fn: (rad: number, p: Record<string, Float64Array>, k: number) => number,
  ): Float64Array {
    const e = asArray(coords.energy_true);
    const o = asArray(coords.offset);
    const rad = asArray(coords.rad);
    const n = Math.max(e.length, o.length, rad.length);
    const eArr = e.length === n ? e : new Float64Array(n).fill(e[0]);
    const oArr = o.length === n ? o : new Float64Array(n).fill(o[0]);
    const p = this.evaluateParameters(eArr, oArr);
    const out = new Float64Array(n);
    for (let k = 0; k < n; k++) out[k] = fn(rad.length === 1 ? rad[0] : rad[k], p, k);
    return out;
  }
}

/**
 * Triple-Gaussian PSF (GADF PSF_3GAUSS): parameters SCALE, SIGMA_1..3 (deg), AMPL_2, AMPL_3; the Gaussians' 2D
 * integrals are 2 SCALE AMPL_i SIGMA_i^2 (AMPL_1 = 1), normalised to a total of 1.
 */
export class EnergyDependentMultiGaussPSF extends ParametricPSF {
  readonly tag = "psf_3gauss";
  readonly parameterNames = ["sigma_1", "sigma_2", "sigma_3", "scale", "ampl_2", "ampl_3"] as const;

  private norms(p: Record<string, Float64Array>, k: number): [number[], number[]] {
    const sig = [p.sigma_1[k], p.sigma_2[k], p.sigma_3[k]];
    const ampl = [1, p.ampl_2[k], p.ampl_3[k]];
    const norms = sig.map((s, i) => 2 * p.scale[k] * ampl[i] * s * s);
    const total = norms[0] + norms[1] + norms[2];
    // as Gammapy's MultiGauss2D.normalize: undefined ratios become 0
    return [sig, norms.map((x) => (Number.isFinite(x / total) ? x / total : 0))];
  }

  protected densityDeg2(rad: number, p: Record<string, Float64Array>, k: number): number {
    const [sig, norms] = this.norms(p, k);
    let v = 0;
    for (let i = 0; i < 3; i++)
      v += (norms[i] / (2 * Math.PI * sig[i] * sig[i])) * Math.exp((-0.5 * rad * rad) / (sig[i] * sig[i]));
    return v;
  }

  protected containmentAt(rad: number, p: Record<string, Float64Array>, k: number): number {
    const [sig, norms] = this.norms(p, k);
    let v = 0;
    for (let i = 0; i < 3; i++) v += norms[i] * (1 - Math.exp((-0.5 * rad * rad) / (sig[i] * sig[i])));
    return v;
  }
}

/** King-function PSF (GADF PSF_KING): parameters GAMMA and SIGMA (deg). */
export class PSFKing extends ParametricPSF {
  readonly tag = "psf_king";
  readonly parameterNames = ["gamma", "sigma"] as const;

  protected densityDeg2(rad: number, p: Record<string, Float64Array>, k: number): number {
    const g = p.gamma[k];
    const s = p.sigma[k];
    return (1 / (2 * Math.PI * s * s)) * (1 - 1 / g) * (1 + (rad * rad) / (2 * g * s * s)) ** -g;
  }

  protected containmentAt(rad: number, p: Record<string, Float64Array>, k: number): number {
    const g = p.gamma[k];
    const s = p.sigma[k];
    return 1 - (1 + (rad * rad) / (2 * g * s * s)) ** (1 - g);
  }
}

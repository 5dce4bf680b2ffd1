/**
 * Background rate models (GADF BKG_3D versus reconstructed energy and field-of-view lon/lat, BKG_2D versus energy and
 * offset), interpolated with a log value scale as Gammapy does, and integrated over energy bins (log-log trapezoid).
 */
import { ArgumentError } from "../util/errors.js";
import { trapzLogLogInterval } from "../util/integrate.js";
import { energyFactorToTeV } from "../util/units.js";
import { Irf, type IrfCoords, type IrfInit } from "./irf.js";

/** Axes of `Background3D`, in data order. */
export const BKG3D_AXES = ["energy", "fov_lon", "fov_lat"] as const;
/** Axes of `Background2D`, in data order. */
export const BKG2D_AXES = ["energy", "offset"] as const;

/** Shared behaviour of the background models. */
abstract class BackgroundIrf extends Irf {
  /**
   * Rate integrated over reconstructed-energy bins: for each point (all non-energy coordinates, arrays of length n)
   * and each bin of `energyEdgesTeV`, the log-log trapezoid of the rate evaluated at the bin edges. Result in
   * s-1 sr-1 (the energy unit of the data, e.g. MeV-1, is converted), C order [n][nbin].
   */
  integrateEnergy(energyEdgesTeV: ArrayLike<number>, coords: IrfCoords): Float64Array {
    const nEdges = energyEdgesTeV.length;
    const otherNames = this.axes.names.filter((a) => a !== "energy");
    const first = coords[otherNames[0]];
    if (first === undefined) throw new ArgumentError(`missing coordinate ${otherNames[0]}`);
    const n = typeof first === "number" ? 1 : first.length;
    const args: Record<string, Float64Array> = { energy: new Float64Array(n * nEdges) };
    for (const name of otherNames) {
      const c = coords[name];
      if (c === undefined) throw new ArgumentError(`missing coordinate ${name}`);
      const arr = new Float64Array(n * nEdges);
      for (let k = 0; k < n; k++) arr.fill(typeof c === "number" ? c : c[k], k * nEdges, (k + 1) * nEdges);
      args[name] = arr;
    }
    for (let k = 0; k < n; k++) for (let j = 0; j < nEdges; j++) args.energy[k * nEdges + j] = energyEdgesTeV[j];
    const rate = this.evaluate(args, "linear");
    // data unit has an inverse energy (e.g. MeV-1): integrating over TeV needs TeV per that energy unit
    const factor = 1 / energyFactorToTeV(inverseEnergyUnit(this.unit));
    const nBin = nEdges - 1;
    const out = new Float64Array(n * nBin);
    for (let k = 0; k < n; k++) {
      for (let j = 0; j < nBin; j++) {
        const i = k * nEdges + j;
        out[k * nBin + j] =
          factor * trapzLogLogInterval(energyEdgesTeV[j], energyEdgesTeV[j + 1], rate[i], rate[i + 1]);
      }
    }
    return out;
  }
}

/** The energy unit that appears with exponent -1 in a background unit such as `MeV-1 s-1 sr-1` or `1 / (MeV s sr)`. */
export function inverseEnergyUnit(unit: string): string {
  const m = /\b(TeV|GeV|MeV|keV|eV)(?:-1|\^-1)/.exec(unit) ?? /\/\s*\(?[^)]*\b(TeV|GeV|MeV|keV|eV)\b/.exec(unit);
  if (!m) throw new ArgumentError(`no inverse energy in background unit '${unit}'`, "unit", "e.g. MeV-1 s-1 sr-1");
  return m[1];
}

/**
 * Background rate per energy and solid angle versus reconstructed energy (TeV) and FoV coordinates (deg)
 * (`fov_lon`, `fov_lat`), aligned with RA/Dec or Alt/Az (`fovAlignment`). Like Gammapy 1.0, files storing the data
 * in (DETX, DETY, ENERG) column order are read with the data's second axis taken as fov_lon.
 */
export class Background3D extends BackgroundIrf {
  readonly tag = "bkg_3d";

  constructor(init: IrfInit) {
    super({ ...init, interp: { valuesScale: "log", ...init.interp } }, BKG3D_AXES);
  }
}

/** Background rate per energy and solid angle versus reconstructed energy (TeV) and offset (deg). */
export class Background2D extends BackgroundIrf {
  readonly tag = "bkg_2d";

  constructor(init: IrfInit) {
    super({ ...init, interp: { valuesScale: "log", ...init.interp } }, BKG2D_AXES);
  }
}

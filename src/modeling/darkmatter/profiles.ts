/**
 * Dark-matter density profiles of Gammapy 1.0's `gammapy.astro.darkmatter.profiles`: NFW, Einasto, isothermal,
 * Burkert and Moore, with a scale radius r_s (kpc) and a characteristic density rho_s (GeV cm^-3), scaling to a local
 * density at a distance from the Galactic centre, and the radial integral of rho^2 (or rho) with Gammapy's log-log
 * trapezoidal rule (100 nodes per decade).
 */
import { ArgumentError } from "../../util/errors.js";
import { unitConversionFactor } from "../../util/units.js";
import { integrateNumerically } from "../spectral.js";

/** Local dark-matter density [GeV cm^-3] and distance of the Sun from the Galactic centre [kpc] (Gammapy's defaults). */
export const DM_LOCAL_DENSITY = 0.3;
export const DM_DISTANCE_GC_KPC = 8.33;

const KPC_TO_CM = unitConversionFactor("kpc", "cm");

/** Profile names as Gammapy's classes. */
export type DMProfileName = "NFWProfile" | "EinastoProfile" | "IsothermalProfile" | "BurkertProfile" | "MooreProfile";

/** Density rho(r) [GeV cm^-3] at radius r [kpc] given r_s [kpc], rho_s [GeV cm^-3] and (Einasto) alpha. */
type Density = (rKpc: number, rsKpc: number, rhoS: number, alpha: number) => number;

const DENSITIES: Readonly<Record<DMProfileName, Density>> = {
  NFWProfile: (r, rs, rhoS) => {
    const x = r / rs;
    return rhoS / (x * (1 + x) ** 2);
  },
  EinastoProfile: (r, rs, rhoS, alpha) => rhoS * Math.exp(-1 * ((2 / alpha) * ((r / rs) ** alpha - 1))),
  IsothermalProfile: (r, rs, rhoS) => rhoS / (1 + (r / rs) ** 2),
  BurkertProfile: (r, rs, rhoS) => {
    const x = r / rs;
    return rhoS / ((1 + x) * (1 + x ** 2));
  },
  MooreProfile: (r, rs, rhoS) => rhoS * (rs / r) ** 1.16 * (1 + r / rs) ** -1.84,
};

/** Default scale radii [kpc] (Cirelli et al. 2011, as Gammapy). */
export const DM_DEFAULT_SCALE_RADIUS_KPC: Readonly<Record<DMProfileName, number>> = {
  NFWProfile: 24.42,
  EinastoProfile: 28.44,
  IsothermalProfile: 4.38,
  BurkertProfile: 12.67,
  MooreProfile: 30.28,
};

/** Default Einasto alpha. */
export const DM_EINASTO_ALPHA = 0.17;

/** A spherical dark-matter density profile. */
export class DMProfile {
  readonly name: DMProfileName;
  /** Scale radius [kpc]. */
  rsKpc: number;
  /** Characteristic density [GeV cm^-3]. */
  rhoS: number;
  /** Einasto shape parameter (unused by the other profiles). */
  alpha: number;
  private readonly density: Density;

  /** A profile with Gammapy's default r_s (and alpha), rho_s = 1 GeV cm^-3 unless given. */
  constructor(name: DMProfileName, options: { rsKpc?: number; rhoS?: number; alpha?: number } = {}) {
    if (!(name in DENSITIES))
      throw new ArgumentError(`unknown dark-matter profile '${name}'`, "name", Object.keys(DENSITIES).join(", "));
    this.name = name;
    this.density = DENSITIES[name];
    this.rsKpc = options.rsKpc ?? DM_DEFAULT_SCALE_RADIUS_KPC[name];
    this.rhoS = options.rhoS ?? 1;
    this.alpha = options.alpha ?? DM_EINASTO_ALPHA;
    for (const [key, v] of [
      ["rsKpc", this.rsKpc],
      ["rhoS", this.rhoS],
      ["alpha", this.alpha],
    ] as const)
      if (!(v > 0 && Number.isFinite(v))) throw new ArgumentError(`${key} = ${v}`, key, "a positive number");
  }

  /** Density [GeV cm^-3] at radius r [kpc]. */
  evaluate(rKpc: number): number {
    return this.density(rKpc, this.rsKpc, this.rhoS, this.alpha);
  }

  /** Scales rho_s so that the density at `distanceKpc` is `localDensity` (Gammapy's `scale_to_local_density`). */
  scaleToLocalDensity(localDensity = DM_LOCAL_DENSITY, distanceKpc = DM_DISTANCE_GC_KPC): void {
    this.rhoS *= localDensity / this.evaluate(distanceKpc);
  }

  /**
   * Integral of rho^2 (GeV^2 cm^-5; `squared` false: of rho, GeV cm^-2) over r from `rminKpc` to `rmaxKpc` (kpc,
   * 0 < rmin < rmax), as Gammapy's `DMProfile.integral` (log-log trapezoidal rule, 100 nodes per decade).
   */
  integral(rminKpc: number, rmaxKpc: number, squared = true): number {
    if (!(rminKpc > 0 && rmaxKpc > rminKpc))
      throw new ArgumentError(`radial range [${rminKpc}, ${rmaxKpc}] kpc`, "rmin", "0 < rmin < rmax");
    const out = new Float64Array(1);
    integrateNumerically(
      (r, values) => {
        for (let i = 0; i < r.length; i++) {
          const rho = this.evaluate(r[i]);
          values[i] = squared ? rho * rho : rho;
        }
        return values;
      },
      [rminKpc],
      [rmaxKpc],
      out,
      false,
    );
    return out[0] * KPC_TO_CM;
  }
}

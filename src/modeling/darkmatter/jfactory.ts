/**
 * J-factor (annihilation) and D-factor (decay) maps of a dark-matter halo centred on a map, as Gammapy 1.0's
 * `JFactory`: for each pixel, the radial integral of rho^2 (D: rho) from the pixel's projected distance
 * (separation [rad] x distance) to the halo distance; times the pixel solid angle for the J-factor per pixel.
 */
import type { WcsGeom } from "../../maps/wcs-geom.js";
import { ArgumentError } from "../../util/errors.js";
import type { DMProfile } from "./profiles.js";

/** J-factor maps of a profile at a distance over a WCS geometry (image, C order [ny][nx]). */
export class JFactory {
  readonly geom: WcsGeom;
  readonly profile: DMProfile;
  readonly distanceKpc: number;
  /** true: J-factor (rho^2, GeV^2 cm^-5); false: D-factor (rho, GeV cm^-2). */
  readonly annihilation: boolean;

  constructor(geom: WcsGeom, profile: DMProfile, distanceKpc: number, options: { annihilation?: boolean } = {}) {
    if (!(distanceKpc > 0 && Number.isFinite(distanceKpc)))
      throw new ArgumentError(`distance ${distanceKpc} kpc`, "distanceKpc", "a positive number of kpc");
    this.geom = geom;
    this.profile = profile;
    this.distanceKpc = distanceKpc;
    this.annihilation = options.annihilation ?? true;
  }

  /**
   * dJ/dOmega per pixel [GeV^2 cm^-5 sr^-1] (D-factor: GeV cm^-2 sr^-1). Throws an `ArgumentError` when a pixel
   * centre sits on the map centre (zero separation: the integral starts at r = 0, as in Gammapy, where it fails).
   */
  computeDifferentialJfactor(): Float64Array {
    const { lon, lat } = this.geom.centerSkydir;
    const sep = this.geom.separation(lon, lat);
    const out = new Float64Array(sep.length);
    for (let i = 0; i < sep.length; i++) {
      const rmin = ((sep[i] * Math.PI) / 180) * this.distanceKpc;
      if (!(rmin > 0))
        throw new ArgumentError(
          "a pixel centre lies on the map centre: the J-factor integral would start at r = 0",
          "geom",
          "a map whose centre falls between pixel centres (an even number of pixels per axis)",
        );
      out[i] = this.profile.integral(rmin, this.distanceKpc, this.annihilation);
    }
    return out;
  }

  /** J-factor per pixel [GeV^2 cm^-5] (D-factor: GeV cm^-2): dJ/dOmega times the pixel solid angle. */
  computeJfactor(): Float64Array {
    const diff = this.computeDifferentialJfactor();
    const omega = this.geom.solidAngle();
    for (let i = 0; i < diff.length; i++) diff[i] *= omega[i];
    return diff;
  }
}

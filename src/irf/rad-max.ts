/**
 * The directional cut of point-like IRFs (GADF RAD_MAX_2D): the ON-region radius versus reconstructed energy and
 * offset. For IRFs with a fixed cut (a RAD_MAX header keyword), a single-bin table built from the IRF's ranges.
 */
import { GammatsError } from "../util/errors.js";
import { Irf, type IrfInit } from "./irf.js";

/** Axes of `RadMax2D`, in data order. */
export const RAD_MAX_AXES = ["energy", "offset"] as const;

/** RAD_MAX(E_reco, offset) in deg; 0 outside the table ranges, as Gammapy's default for tables read from files. */
export class RadMax2D extends Irf {
  readonly tag = "rad_max_2d";

  constructor(init: IrfInit) {
    super(init, RAD_MAX_AXES);
  }

  /**
   * A single-bin RAD_MAX from the RAD_MAX keyword of a point-like IRF with `energy_true` and `offset` axes (as
   * Gammapy's `RadMax2D.from_irf`): the true-energy range is used as reconstructed-energy range; nearest-neighbour
   * evaluation, no fill value.
   */
  static fromIrf(irf: Irf): RadMax2D {
    const value = irf.meta.RAD_MAX;
    if (!irf.isPointlike)
      throw new GammatsError(
        "BAD_IRF",
        "RAD_MAX from an IRF needs a point-like IRF",
        { key: "HDUCLAS3" },
        "POINT-LIKE",
      );
    if (typeof value !== "number") {
      throw new GammatsError(
        "BAD_IRF",
        "point-like IRF has no numeric RAD_MAX keyword",
        { key: "RAD_MAX" },
        "a number in deg",
      );
    }
    const energy = irf.axes.get("energy_true").copy({ name: "energy" }).squash();
    const offset = irf.axes.get("offset").squash();
    return new RadMax2D({
      axes: [energy, offset],
      data: Float64Array.of(value),
      unit: "deg",
      interp: { method: "nearest", fillValue: undefined },
    });
  }

  /** Whether the cut is a single value (one bin in energy and offset). */
  get isFixedRadMax(): boolean {
    return this.data.length === 1;
  }
}

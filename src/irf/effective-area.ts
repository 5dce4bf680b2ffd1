/**
 * Effective area versus true energy and field-of-view offset (GADF AEFF_2D).
 */
import type { MapAxis } from "../maps/axis.js";
import { Irf, type IrfInit } from "./irf.js";

/** Axes of `EffectiveAreaTable2D`, in data order. */
export const AEFF_AXES = ["energy_true", "offset"] as const;

/** Effective area A(E_true, offset), usually in m2. Energies in TeV, offsets in deg. */
export class EffectiveAreaTable2D extends Irf {
  readonly tag = "aeff_2d";

  constructor(init: IrfInit) {
    super(init, AEFF_AXES);
  }

  /** The true-energy axis. */
  get energyAxisTrue(): MapAxis {
    return this.axes.get("energy_true");
  }

  /** The offset axis. */
  get offsetAxis(): MapAxis {
    return this.axes.get("offset");
  }
}

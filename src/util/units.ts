/**
 * Conversion factors for the units that axis columns of IRFs and event lists use (energy and angle).
 */
import { ArgumentError } from "./errors.js";

const TO_TEV: Readonly<Record<string, number>> = {
  tev: 1,
  gev: 1e-3,
  mev: 1e-6,
  kev: 1e-9,
  ev: 1e-12,
  erg: 0.624150907446076,
};
const TO_DEG: Readonly<Record<string, number>> = {
  deg: 1,
  degree: 1,
  rad: 180 / Math.PI,
  arcmin: 1 / 60,
  arcsec: 1 / 3600,
};

/** Factor converting an energy unit (TeV, GeV, MeV, keV, eV, erg; empty means TeV) to TeV. */
export function energyFactorToTeV(unit: string | undefined): number {
  if (!unit || !unit.trim()) return 1;
  const f = TO_TEV[unit.trim().toLowerCase()];
  if (f === undefined)
    throw new ArgumentError(`unknown energy unit '${unit}'`, undefined, "TeV, GeV, MeV, keV, eV or erg");
  return f;
}

/** Factor converting an angle unit (deg, rad, arcmin, arcsec; empty means deg) to degrees. */
export function angleFactorToDeg(unit: string | undefined): number {
  if (!unit || !unit.trim()) return 1;
  const f = TO_DEG[unit.trim().toLowerCase()];
  if (f === undefined) throw new ArgumentError(`unknown angle unit '${unit}'`, undefined, "deg, rad, arcmin or arcsec");
  return f;
}

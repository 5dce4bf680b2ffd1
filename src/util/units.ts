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

/**
 * Canonical form of a unit string for comparison: base symbols with integer powers, sorted, e.g.
 * "1 / (cm2 MeV s sr)", "cm-2 MeV-1 s-1 sr-1" and "cm^-2 s^-1 MeV^-1 sr^-1" all give "MeV-1 cm-2 s-1 sr-1".
 * Handles products (space, `*`, `.`), `/` with optional parentheses, powers written `x2`, `x-2`, `x^-2`, `x**2`.
 * Scale factors and prefixes are not interpreted (cm stays cm).
 */
export function canonicalUnit(unit: string): string {
  const powers = new Map<string, number>();
  const add = (sym: string, p: number) => powers.set(sym, (powers.get(sym) ?? 0) + p);
  const parseProduct = (text: string, sign: number) => {
    for (const tok of text.replace(/[()]/g, " ").split(/[\s*.]+/)) {
      if (!tok || tok === "1") continue;
      const m = /^([A-Za-z]+)(?:\^|\*\*)?\(?([+-]?\d+)?\)?$/.exec(tok);
      if (!m) throw new ArgumentError(`cannot parse unit '${unit}'`, "unit");
      add(m[1], sign * (m[2] === undefined ? 1 : Number(m[2])));
    }
  };
  const parts = unit.trim().split("/");
  parseProduct(parts[0], 1);
  for (const p of parts.slice(1)) parseProduct(p, -1);
  return [...powers]
    .filter(([, p]) => p !== 0)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([s, p]) => (p === 1 ? s : `${s}${p}`))
    .join(" ");
}

/** Whether two unit strings have the same canonical form. */
export function sameUnit(a: string, b: string): boolean {
  return canonicalUnit(a) === canonicalUnit(b);
}

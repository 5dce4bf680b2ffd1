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

/** Known unit symbols: factor to a base unit (m, s, TeV, deg, sr, K). */
const BASE_UNITS: Readonly<Record<string, readonly [number, string]>> = {
  m: [1, "m"],
  cm: [1e-2, "m"],
  mm: [1e-3, "m"],
  km: [1e3, "m"],
  pc: [3.085677581491367e16, "m"],
  kpc: [3.085677581491367e19, "m"],
  s: [1, "s"],
  ms: [1e-3, "s"],
  min: [60, "s"],
  h: [3600, "s"],
  d: [86400, "s"],
  yr: [31557600, "s"],
  TeV: [1, "TeV"],
  GeV: [1e-3, "TeV"],
  MeV: [1e-6, "TeV"],
  keV: [1e-9, "TeV"],
  eV: [1e-12, "TeV"],
  erg: [0.624150907446076, "TeV"],
  J: [6.24150907446076e6, "TeV"],
  deg: [1, "deg"],
  rad: [180 / Math.PI, "deg"],
  arcmin: [1 / 60, "deg"],
  arcsec: [1 / 3600, "deg"],
  sr: [1, "sr"],
  K: [1, "K"],
};

/**
 * Factor that converts a quantity in unit `from` to unit `to` (`value_to = value_from * factor`), for products of
 * powers of known units (lengths, times, energies, angles, sr). Throws `ArgumentError` for unknown symbols or
 * incompatible dimensions. An empty string is dimensionless.
 */
export function unitConversionFactor(from: string, to: string): number {
  if (from.trim() === to.trim()) return 1;
  const a = reduceUnit(from);
  const b = reduceUnit(to);
  if (a.dims !== b.dims)
    throw new ArgumentError(`cannot convert unit '${from}' to '${to}'`, "unit", `a unit of dimension '${b.dims}'`);
  return a.factor / b.factor;
}

function reduceUnit(unit: string): { factor: number; dims: string } {
  const canon = canonicalUnit(unit);
  let factor = 1;
  const dims = new Map<string, number>();
  for (const term of canon ? canon.split(" ") : []) {
    const m = /^([A-Za-z]+)(-?\d+)?$/.exec(term)!;
    const power = m[2] === undefined ? 1 : Number(m[2]);
    const base = BASE_UNITS[m[1]] ?? BASE_UNITS[m[1].toLowerCase()];
    if (!base) throw new ArgumentError(`unknown unit '${m[1]}' in '${unit}'`, "unit");
    factor *= base[0] ** power;
    dims.set(base[1], (dims.get(base[1]) ?? 0) + power);
  }
  const key = [...dims]
    .filter(([, p]) => p !== 0)
    .sort(([x], [y]) => (x < y ? -1 : 1))
    .map(([s, p]) => `${s}${p}`)
    .join(" ");
  return { factor, dims: key };
}

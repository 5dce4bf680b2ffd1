/**
 * Exclusion masks from bright stars (as in Gammapy's VERITAS tutorial): stars of a catalogue (e.g. the Hipparcos
 * extract in gammapy-data's veritas folder) brighter than a magnitude limit near the target become circular
 * exclusion regions. Combine with source regions and pass to `exclusionMask` (gammats/maps).
 */
import { separationDeg } from "../coords/frames.js";
import type { SkyRegion } from "../maps/regions.js";
import { GammatsError } from "../util/errors.js";

/** A star catalogue: ICRS positions (deg), V magnitude and B-V colour; arrays of one length. */
export interface StarCatalog {
  readonly raDeg: Float64Array;
  readonly decDeg: Float64Array;
  readonly vmag: Float64Array;
  readonly bMinusV: Float64Array;
  readonly id: Float64Array;
}

/**
 * Parses a whitespace-separated star table with a `#` header line naming `_RAJ2000 _DEJ2000 HIP Vmag B-V` (VizieR
 * TSV as in `Hipparcos_MAG8_1997.dat`). Throws `BAD_CATALOG` naming the line for malformed rows.
 */
export function parseStarCatalog(text: string, file?: string): StarCatalog {
  const lines = text.split("\n");
  const header =
    lines
      .find((l) => l.startsWith("#"))
      ?.replace(/^#/, "")
      .trim()
      .split(/\s+/) ?? [];
  const col = (names: string[]) => {
    const k = header.findIndex((h) => names.includes(h));
    if (k < 0)
      throw new GammatsError("BAD_CATALOG", `no column ${names[0]}`, { file, key: names[0] }, header.join(", "));
    return k;
  };
  const iRa = col(["_RAJ2000", "RAJ2000", "ra"]);
  const iDec = col(["_DEJ2000", "DEJ2000", "dec"]);
  const iId = col(["HIP", "id"]);
  const iMag = col(["Vmag", "mag"]);
  const iBv = col(["B-V", "colour"]);
  const rows = lines.filter((l) => l.trim() && !l.startsWith("#"));
  const n = rows.length;
  const out = {
    raDeg: new Float64Array(n),
    decDeg: new Float64Array(n),
    vmag: new Float64Array(n),
    bMinusV: new Float64Array(n),
    id: new Float64Array(n),
  };
  rows.forEach((row, r) => {
    const f = row.trim().split(/\s+/).map(Number);
    const need = Math.max(iRa, iDec, iId, iMag, iBv);
    if (f.length <= need || [iRa, iDec, iMag].some((k) => !Number.isFinite(f[k])))
      throw new GammatsError(
        "BAD_CATALOG",
        `malformed row '${row.trim()}'`,
        { file, key: `row ${r + 1}` },
        `${header.length} numbers`,
      );
    out.raDeg[r] = f[iRa];
    out.decDeg[r] = f[iDec];
    out.id[r] = f[iId];
    out.vmag[r] = f[iMag];
    out.bMinusV[r] = Number.isFinite(f[iBv]) ? f[iBv] : 0;
  });
  return out;
}

/** Options of `brightStarRegions` (the VERITAS tutorial's choices by default). */
export interface BrightStarOptions {
  /** Stars within this angular distance (deg) of the centre. Default 2. */
  readonly maxDistanceDeg?: number;
  /** Keep stars with V + (B-V) below this (the tutorial's brightness cut; B-V ignored with `useColour: false`). Default 8. */
  readonly magLimit?: number;
  readonly useColour?: boolean;
  /** Radius of each exclusion circle (deg). Default 0.3. */
  readonly radiusDeg?: number;
}

/** Circular exclusion regions (ICRS) around the bright stars near a position (deg). */
export function brightStarRegions(
  catalog: StarCatalog,
  raDeg: number,
  decDeg: number,
  options: BrightStarOptions = {},
): SkyRegion[] {
  const maxDist = options.maxDistanceDeg ?? 2;
  const limit = options.magLimit ?? 8;
  const radius = options.radiusDeg ?? 0.3;
  const useColour = options.useColour ?? true;
  const out: SkyRegion[] = [];
  for (let i = 0; i < catalog.raDeg.length; i++) {
    const mag = catalog.vmag[i] + (useColour ? catalog.bMinusV[i] : 0);
    if (!(mag < limit)) continue;
    if (separationDeg(raDeg, decDeg, catalog.raDeg[i], catalog.decDeg[i]) >= maxDist) continue;
    out.push({ kind: "circle", center: { lon: catalog.raDeg[i], lat: catalog.decDeg[i], frame: "icrs" }, radius });
  }
  return out;
}

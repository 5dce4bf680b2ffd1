/**
 * The fixed pointing of an observation (GADF EVENTS header): RA_PNT/DEC_PNT for pointed observations, ALT_PNT/AZ_PNT
 * for drift scans (OBS_MODE = DRIFT), plus the observatory location.
 */
import type { MetaValue } from "../util/table.js";

/** Pointing mode: fixed in RA/Dec, or fixed in Alt/Az (drift scan). */
export type PointingMode = "POINTING" | "DRIFT";

/** Geodetic observatory location. */
export interface EarthLocation {
  readonly lonDeg: number;
  readonly latDeg: number;
  readonly heightM: number;
}

/** Fixed pointing information of an observation. */
export interface FixedPointingInfo {
  readonly mode: PointingMode;
  /** ICRS pointing (deg), for pointed observations. */
  readonly raDeg?: number;
  readonly decDeg?: number;
  /** Horizontal pointing (deg), when given in the header. */
  readonly altDeg?: number;
  readonly azDeg?: number;
  readonly location?: EarthLocation;
  /** Reference system of RA/Dec: RADESYS, or the older RADECSYS (both accepted; gammats writes RADESYS). */
  readonly radesys?: string;
}

function num(meta: Readonly<Record<string, MetaValue>>, key: string): number | undefined {
  const v = meta[key];
  if (v === undefined || v === null || typeof v === "boolean") return undefined;
  const n = Number(v);
  return Number.isFinite(n) ? n : undefined;
}

/** Observatory location from GEOLON/GEOLAT and GEOALT or ALTITUDE (m), as Gammapy reads it; undefined if absent. */
export function earthLocationFromMeta(meta: Readonly<Record<string, MetaValue>>): EarthLocation | undefined {
  const lon = num(meta, "GEOLON");
  const lat = num(meta, "GEOLAT");
  const h = num(meta, "GEOALT") ?? num(meta, "ALTITUDE");
  if (lon === undefined || lat === undefined || h === undefined) return undefined;
  return { lonDeg: lon, latDeg: lat, heightM: h };
}

/** The RA/Dec reference system of a header: RADESYS, falling back to the deprecated RADECSYS (e.g. `FK5`, `ICRS`). */
export function radesysFromMeta(meta: Readonly<Record<string, MetaValue>>): string | undefined {
  const v = meta.RADESYS ?? meta.RADECSYS;
  return typeof v === "string" ? v.trim().toUpperCase() : undefined;
}

/** Pointing info from event-list metadata (OBS_MODE other than DRIFT counts as a fixed RA/Dec pointing, as Gammapy). */
export function pointingFromMeta(meta: Readonly<Record<string, MetaValue>>): FixedPointingInfo {
  const mode: PointingMode =
    String(meta.OBS_MODE ?? "POINTING")
      .trim()
      .toUpperCase() === "DRIFT"
      ? "DRIFT"
      : "POINTING";
  return {
    mode,
    raDeg: num(meta, "RA_PNT"),
    decDeg: num(meta, "DEC_PNT"),
    altDeg: num(meta, "ALT_PNT"),
    azDeg: num(meta, "AZ_PNT"),
    location: earthLocationFromMeta(meta),
    radesys: radesysFromMeta(meta),
  };
}

/** Observatory locations Gammapy knows (`gammapy.data.observatory_locations`), lon/lat in deg, height in m. */
export const OBSERVATORY_LOCATIONS: Readonly<Record<string, EarthLocation>> = {
  hess: { lonDeg: 16.500222222222224, latDeg: -23.271777777777775, heightM: 1835 },
  magic: { lonDeg: -17.89, latDeg: 28.761944444444445, heightM: 2200 },
  veritas: { lonDeg: -110.95215833333333, latDeg: 31.675058333333336, heightM: 1268 },
  hawc: { lonDeg: -97.30944444444447, latDeg: 18.996666666666666, heightM: 4100 },
  cta_south: { lonDeg: -70.31634444444444, latDeg: -24.68342777777777, heightM: 2150 },
  cta_north: { lonDeg: -17.892005, latDeg: 28.762164, heightM: 2147 },
};

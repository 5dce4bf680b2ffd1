/**
 * Observatory locations: WGS84 geodetic positions, Gammapy's table of gamma-ray observatories
 * (`gammapy.data.observatory_locations`), and reading a location from DL3 header keywords.
 */
import { GammatsError } from "../util/errors.js";
import { DEG_PER_RAD, parseAngleDeg, RAD_PER_DEG } from "./angles.js";
import { geocentricToGeodetic, geodeticToGeocentric } from "./earth.js";
import { type KeywordSource, numberKeyword } from "./time.js";

/** A place on Earth: WGS84 east longitude and geodetic latitude (degrees), height above the ellipsoid (metres). */
export interface EarthLocation {
  readonly lonDeg: number;
  readonly latDeg: number;
  readonly heightM: number;
}

/** WGS84 geocentric (ITRS) coordinates of a location, metres: [x, y, z]. */
export function locationToGeocentric(location: EarthLocation): [number, number, number] {
  return geodeticToGeocentric(location.lonDeg * RAD_PER_DEG, location.latDeg * RAD_PER_DEG, location.heightM);
}

/** The location with WGS84 geocentric (ITRS) coordinates x, y, z in metres. */
export function locationFromGeocentric(xM: number, yM: number, zM: number): EarthLocation {
  const [lon, lat, h] = geocentricToGeodetic(xM, yM, zM);
  return { lonDeg: lon * DEG_PER_RAD, latDeg: lat * DEG_PER_RAD, heightM: h };
}

function site(lon: string, lat: string, heightM: number): EarthLocation {
  return { lonDeg: parseAngleDeg(lon), latDeg: parseAngleDeg(lat), heightM };
}

/**
 * Gamma-ray observatory locations as in Gammapy 1.0 (`gammapy.data.observatory_locations`), same values:
 * astri, cta_north, cta_south, fact, hawc, hegra, hess, magic, milagro, veritas, whipple.
 */
export const observatoryLocations: Readonly<Record<string, EarthLocation>> = Object.freeze({
  astri: site("-16d30m20.99s", "28d18m00.0s", 2370),
  cta_north: site("-17d53m31.218s", "28d45m43.7904s", 2147),
  cta_south: site("-70d18m58.84s", "-24d41m0.34s", 2150),
  fact: { lonDeg: -17.891116, latDeg: 28.761647, heightM: 2200 },
  hawc: site("-97d18m34s", "18d59m48s", 4100),
  hegra: site("28d45m42s", "17d53m27s", 2200),
  hess: site("16d30m00.8s", "-23d16m18.4s", 1835),
  magic: site("-17d53m24s", "28d45m43s", 2200),
  milagro: { lonDeg: -106.67625, latDeg: 35.87835, heightM: 2530 },
  veritas: site("-110d57m07.77s", "31d40m30.21s", 1268),
  whipple: site("-110d52m42s", "31d40m52s", 2606),
});

/**
 * The observatory location of a DL3 header, as Gammapy's `earth_location_from_dict`: GEOLON, GEOLAT (deg) and GEOALT
 * or else ALTITUDE (m). As FITS-standard fallbacks (which Gammapy 1.0 does not read) it accepts OBSGEO-L, OBSGEO-B,
 * OBSGEO-H (deg, deg, m) or OBSGEO-X, OBSGEO-Y, OBSGEO-Z (geocentric metres). Returns undefined when none of these
 * sets is present; throws `BAD_KEYWORD` when a set is incomplete (e.g. GEOLON without a height) or not numeric.
 */
export function earthLocationFromHeader(h: KeywordSource, file?: string): EarthLocation | undefined {
  const lon = numberKeyword(h, "GEOLON", file);
  const lat = numberKeyword(h, "GEOLAT", file);
  if (lon !== undefined || lat !== undefined) {
    const height = numberKeyword(h, "GEOALT", file) ?? numberKeyword(h, "ALTITUDE", file);
    if (lon === undefined || lat === undefined || height === undefined) {
      throw new GammatsError(
        "BAD_KEYWORD",
        "incomplete observatory location",
        { file, key: lon === undefined ? "GEOLON" : lat === undefined ? "GEOLAT" : "GEOALT" },
        "GEOLON, GEOLAT and GEOALT or ALTITUDE",
      );
    }
    return { lonDeg: lon, latDeg: lat, heightM: height };
  }
  const l = numberKeyword(h, "OBSGEO-L", file);
  const b = numberKeyword(h, "OBSGEO-B", file);
  const hm = numberKeyword(h, "OBSGEO-H", file);
  if (l !== undefined && b !== undefined && hm !== undefined) return { lonDeg: l, latDeg: b, heightM: hm };
  const x = numberKeyword(h, "OBSGEO-X", file);
  const y = numberKeyword(h, "OBSGEO-Y", file);
  const z = numberKeyword(h, "OBSGEO-Z", file);
  if (x !== undefined && y !== undefined && z !== undefined) return locationFromGeocentric(x, y, z);
  if (l !== undefined || b !== undefined || hm !== undefined || x !== undefined || y !== undefined || z !== undefined) {
    throw new GammatsError(
      "BAD_KEYWORD",
      "incomplete OBSGEO location",
      { file, key: "OBSGEO" },
      "OBSGEO-L/B/H or OBSGEO-X/Y/Z",
    );
  }
  return undefined;
}

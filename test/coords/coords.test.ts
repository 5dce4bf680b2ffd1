/**
 * Frames, spherical geometry and time against astropy 5.2 / Gammapy 1.0 (fixture from
 * scripts/oracle/coords_reference.py), plus round-trip properties.
 */
import { readFileSync } from "node:fs";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  fovToSky,
  icrsToAltAz,
  metToTime,
  offsetByDeg,
  parseAngleDeg,
  positionAngleDeg,
  recordKeywords,
  separationDeg,
  skyToFov,
  Time,
  timeRefFromHeader,
  transformArrays,
  wrapDeg,
} from "../../src/coords/index.js";
import { REPO_ROOT } from "../support/data.js";

const ref = JSON.parse(readFileSync(`${REPO_ROOT}/test/fixtures/coords/astropy.json`, "utf8"));

/** Angular difference in degrees, robust to wrap at 360. */
function dLon(a: number, b: number): number {
  return Math.abs(wrapDeg(a - b, 180));
}

describe("ICRS <-> Galactic agrees with astropy to 1e-9 deg", () => {
  it("icrs -> galactic", () => {
    const { lon, lat } = transformArrays(ref.lon, ref.lat, "icrs", "galactic");
    let worst = 0;
    for (let i = 0; i < lon.length; i++) {
      const cosb = Math.cos((ref.gal_b[i] * Math.PI) / 180);
      worst = Math.max(worst, dLon(lon[i], ref.gal_l[i]) * cosb, Math.abs(lat[i] - ref.gal_b[i]));
    }
    expect(worst).toBeLessThan(1e-9);
  });
  it("galactic -> icrs", () => {
    const { lon, lat } = transformArrays(ref.lon, ref.lat, "galactic", "icrs");
    let worst = 0;
    for (let i = 0; i < lon.length; i++) {
      const cosd = Math.cos((ref.icrs_dec_from_gal[i] * Math.PI) / 180);
      worst = Math.max(
        worst,
        dLon(lon[i], ref.icrs_ra_from_gal[i]) * cosd,
        Math.abs(lat[i] - ref.icrs_dec_from_gal[i]),
      );
    }
    expect(worst).toBeLessThan(1e-9);
  });
  it("Crab galactic coordinates", () => {
    const { lon, lat } = transformArrays([83.6331], [22.0145], "icrs", "galactic");
    expect(lon[0]).toBeCloseTo(184.557466, 5);
    expect(lat[0]).toBeCloseTo(-5.784344, 5);
  });
});

describe("spherical geometry agrees with astropy", () => {
  it("separation, position angle, directional offset", () => {
    for (let i = 0; i < ref.lon.length; i++) {
      expect(separationDeg(ref.lon[i], ref.lat[i], ref.lon2[i], ref.lat2[i])).toBeCloseTo(ref.separation[i], 10);
      if (Math.abs(ref.lat[i]) < 89) {
        expect(
          dLon(positionAngleDeg(ref.lon[i], ref.lat[i], ref.lon2[i], ref.lat2[i]), ref.position_angle[i]),
        ).toBeLessThan(1e-9);
        const [ra, dec] = offsetByDeg(ref.lon[i], ref.lat[i], ref.pa[i], ref.sep[i]);
        expect(dLon(ra, ref.offset_ra[i]) * Math.cos((dec * Math.PI) / 180)).toBeLessThan(1e-9);
        expect(dec).toBeCloseTo(ref.offset_dec[i], 9);
      }
    }
  });
  it("sky <-> field-of-view frame as Gammapy's sky_to_fov / fov_to_sky", () => {
    const f = ref.fov;
    for (let i = 0; i < f.ra.length; i++) {
      const { fovLon, fovLat } = skyToFov([f.ra[i]], [f.dec[i]], f.pnt_lon[i], f.pnt_lat[i]);
      expect(fovLon[0]).toBeCloseTo(f.fov_lon[i], 9);
      expect(fovLat[0]).toBeCloseTo(f.fov_lat[i], 9);
      const back = fovToSky(fovLon, fovLat, f.pnt_lon[i], f.pnt_lat[i]);
      expect(dLon(back.lon[0], f.ra[i])).toBeLessThan(1e-9);
      expect(back.lat[0]).toBeCloseTo(f.dec[i], 9);
    }
  });
  it("angle strings", () => {
    expect(parseAngleDeg("0.11 deg")).toBe(0.11);
    expect(parseAngleDeg("30 arcmin")).toBeCloseTo(0.5, 12);
    expect(parseAngleDeg("1 rad")).toBeCloseTo(57.29577951308232, 12);
    expect(() => parseAngleDeg("ten deg")).toThrow(/cannot parse angle/);
  });
  it("property: icrs -> galactic -> icrs round trip", () => {
    fc.assert(
      fc.property(
        fc.double({ min: 0, max: 360, noNaN: true }),
        fc.double({ min: -89.9, max: 89.9, noNaN: true }),
        (l, b) => {
          const g = transformArrays([l], [b], "icrs", "galactic");
          const back = transformArrays(g.lon, g.lat, "galactic", "icrs");
          return dLon(back.lon[0], l) < 1e-9 && Math.abs(back.lat[0] - b) < 1e-9;
        },
      ),
    );
  });
});

describe("time agrees with astropy / Gammapy time references", () => {
  it("MET -> MJD and ISO in TT and UTC, µs level", () => {
    for (const t of ref.times) {
      const time = metToTime(timeRefFromHeader(recordKeywords(t.ref)), t.met);
      expect(Math.abs(time.mjd("tt") - t.mjd_tt) * 86400).toBeLessThan(1e-6);
      expect(Math.abs(time.mjd("utc") - t.mjd_utc) * 86400).toBeLessThan(1e-6);
      expect(time.iso("tt")).toBe(t.iso_tt);
      expect(time.iso("utc")).toBe(t.iso_utc);
    }
  });
  it("UTC ISO strings across leap seconds", () => {
    for (const t of ref.iso_utc) {
      const time = Time.fromIso(t.iso, "utc");
      expect(Math.abs(time.mjd("tt") - t.mjd_tt) * 86400).toBeLessThan(1e-6);
      expect(Math.abs(time.mjd("utc") - t.mjd_utc) * 86400).toBeLessThan(1e-6);
      expect(time.iso("tt")).toBe(t.iso_tt);
      expect(time.iso("utc")).toBe(t.iso);
    }
  });
  it("property: UTC MJD -> time -> UTC MJD round trip", () => {
    fc.assert(
      fc.property(fc.double({ min: 45000, max: 62000, noNaN: true }), (mjd) => {
        const t = Time.fromMjd(mjd, "utc");
        return (
          Math.abs(t.mjd("utc") - mjd) * 86400 < 1e-6 &&
          Math.abs(Time.fromIso(t.iso("utc", 6), "utc").ttSeconds - t.ttSeconds) < 2e-6
        );
      }),
    );
  });
  it("missing time reference is a typed error", () => {
    expect(() => timeRefFromHeader(recordKeywords({ TIMESYS: "TT" }))).toThrow(/MJDREFI/);
    expect(() => timeRefFromHeader(recordKeywords({ MJDREFI: 1, TIMESYS: "GPS" }))).toThrow(/TIMESYS/);
  });
});

describe("AltAz agrees with astropy (pressure 0)", () => {
  const cases = JSON.parse(readFileSync(`${REPO_ROOT}/test/fixtures/coords/altaz.json`, "utf8"));
  it("within 1.5 arcsec given astropy's UT1-UTC, within 10 arcsec with UT1 = UTC", () => {
    let worst = 0;
    let worstNoDut1 = 0;
    for (const c of cases) {
      const t = Time.fromIso(c.iso, "utc");
      const loc = { lonDeg: c.lon, latDeg: c.lat };
      const r = icrsToAltAz(c.ra, c.dec, t, loc, c.dut1);
      const r0 = icrsToAltAz(c.ra, c.dec, t, loc);
      for (let i = 0; i < c.ra.length; i++) {
        worst = Math.max(worst, separationDeg(r.azDeg[i], r.altDeg[i], c.az[i], c.alt[i]) * 3600);
        worstNoDut1 = Math.max(worstNoDut1, separationDeg(r0.azDeg[i], r0.altDeg[i], c.az[i], c.alt[i]) * 3600);
      }
    }
    expect(worst).toBeLessThan(1.5);
    expect(worstNoDut1).toBeLessThan(10);
  });
});

/**
 * Frames, spherical geometry and the FoV frame against astropy 5.2 / Gammapy 1.0 (fixture:
 * scripts/oracle/coords_frames.py), plus round-trip properties.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  directionalOffsetBy,
  fk5ToIcrs,
  fovToSky,
  galacticToIcrs,
  icrsToFk5,
  icrsToGalactic,
  offsetByDeg,
  positionAngle,
  positionAngleDeg,
  positionAnglesDeg,
  separation,
  separationDeg,
  separationsDeg,
  skyCoord,
  skyToFov,
  transformArrays,
  transformTo,
} from "../../src/coords/index.js";
import { dLon, dPos, fixture } from "./helpers.js";

const ref = fixture("frames.json");
const n = ref.lon.length;

/** Worst positional difference in degrees between computed arrays and fixture arrays. */
function worst(lon: ArrayLike<number>, lat: ArrayLike<number>, refLon: number[], refLat: number[]): number {
  let w = 0;
  for (let i = 0; i < refLon.length; i++) w = Math.max(w, dPos(lon[i], lat[i], refLon[i], refLat[i]));
  return w;
}

const lonArb = fc.double({ min: 0, max: 360, maxExcluded: true, noNaN: true });
const latArb = fc.double({ min: -90, max: 90, noNaN: true });

describe("ICRS <-> Galactic agrees with astropy to 1e-10 deg", () => {
  it("icrs -> galactic, galactic -> icrs (incl. poles)", () => {
    const g = icrsToGalactic(ref.lon, ref.lat);
    expect(worst(g.lon, g.lat, ref.gal_l, ref.gal_b)).toBeLessThan(1e-10);
    const b = galacticToIcrs(ref.lon, ref.lat);
    expect(worst(b.lon, b.lat, ref.icrs_ra_from_gal, ref.icrs_dec_from_gal)).toBeLessThan(1e-10);
    for (let i = 0; i < n; i++) {
      expect(g.lon[i]).toBeGreaterThanOrEqual(0);
      expect(g.lon[i]).toBeLessThan(360);
    }
  });
  it("Crab and the galactic centre; transformTo on SkyCoord values", () => {
    const crab = transformTo(skyCoord(83.6331, 22.0145), "galactic");
    expect(crab.lon).toBeCloseTo(184.557466, 5);
    expect(crab.lat).toBeCloseTo(-5.784344, 5);
    const gc = transformTo(skyCoord(0, 0, "galactic"), "icrs");
    expect(gc.lon).toBeCloseTo(266.40498829, 6);
    expect(gc.lat).toBeCloseTo(-28.93617776, 6);
    expect(transformTo(crab, "galactic")).toBe(crab);
  });
  it("in-place transforms (outputs aliasing inputs)", () => {
    const lon = Float64Array.from(ref.lon);
    const lat = Float64Array.from(ref.lat);
    transformArrays(lon, lat, "icrs", "galactic", lon, lat);
    expect(worst(lon, lat, ref.gal_l, ref.gal_b)).toBeLessThan(1e-10);
  });
  it("property: icrs -> galactic -> icrs round trip to 1e-11 deg", () => {
    fc.assert(
      fc.property(lonArb, latArb, (l, b) => {
        const g = icrsToGalactic([l], [b]);
        const back = galacticToIcrs(g.lon, g.lat);
        return dPos(back.lon[0], back.lat[0], l, b) < 1e-11;
      }),
    );
  });
});

describe("ICRS <-> FK5 agrees with astropy", () => {
  it("J2000 (frame bias) to 1e-10 deg", () => {
    const f = icrsToFk5(ref.lon, ref.lat);
    expect(worst(f.ra, f.dec, ref.fk5_ra, ref.fk5_dec)).toBeLessThan(1e-10);
    const b = fk5ToIcrs(ref.lon, ref.lat);
    expect(worst(b.ra, b.dec, ref.icrs_ra_from_fk5, ref.icrs_dec_from_fk5)).toBeLessThan(1e-10);
  });
  it("other equinoxes (IAU 2006 precession) to 1e-10 deg", () => {
    const f = icrsToFk5(ref.lon, ref.lat, 2025);
    expect(worst(f.ra, f.dec, ref.fk5_2025_ra, ref.fk5_2025_dec)).toBeLessThan(1e-10);
    const b = fk5ToIcrs(ref.lon, ref.lat, 1975);
    expect(worst(b.ra, b.dec, ref.icrs_ra_from_fk5_1975, ref.icrs_dec_from_fk5_1975)).toBeLessThan(1e-10);
  });
});

describe("spherical geometry agrees with astropy", () => {
  it("separation (Vincenty) incl. identical, antipodal and tiny separations, to 1e-12 deg", () => {
    const s = new Float64Array(n);
    for (let i = 0; i < n; i++) s[i] = separationDeg(ref.lon[i], ref.lat[i], ref.lon2[i], ref.lat2[i]);
    for (let i = 0; i < n; i++) expect(Math.abs(s[i] - ref.separation[i]), `point ${i}`).toBeLessThan(1e-12);
    const many = separationsDeg(ref.lon2, ref.lat2, ref.lon[30], ref.lat[30]);
    expect(many[30]).toBeCloseTo(ref.separation[30], 12);
    const a = skyCoord(ref.lon[40], ref.lat[40]);
    expect(separation(a, transformTo(skyCoord(ref.lon2[40], ref.lat2[40]), "galactic"))).toBeCloseTo(
      ref.separation[40],
      10,
    );
  });
  it("position angle to 1e-9 deg (poles excluded: there it depends on rounding of the pole longitude)", () => {
    const many = positionAnglesDeg(ref.lon2, ref.lat2, ref.lon[50], ref.lat[50]);
    expect(dLon(many[50], ref.position_angle[50])).toBeLessThan(1e-9);
    for (let i = 0; i < n; i++) {
      if (Math.abs(ref.lat[i]) > 89.9 || ref.separation[i] < 1e-6 || ref.separation[i] > 179.999) continue;
      const pa = positionAngleDeg(ref.lon[i], ref.lat[i], ref.lon2[i], ref.lat2[i]);
      expect(dLon(pa, ref.position_angle[i]), `point ${i}`).toBeLessThan(1e-9);
    }
    expect(positionAngle(skyCoord(10, 0), skyCoord(10, 1))).toBe(0);
    expect(positionAngle(skyCoord(10, 0), skyCoord(11, 0))).toBeCloseTo(90, 12);
  });
  it("directional offset (incl. poles, zero and 180 deg) to 1e-9 deg", () => {
    let w = 0;
    for (let i = 0; i < n; i++) {
      const [lon, lat] = offsetByDeg(ref.lon[i], ref.lat[i], ref.pa[i], ref.sep[i]);
      // at the poles of the result the longitude is meaningless: compare positions
      w = Math.max(w, dPos(lon, lat, ref.offset_ra[i], ref.offset_dec[i]));
    }
    expect(w).toBeLessThan(1e-9);
    const c = directionalOffsetBy(skyCoord(83.63, 22.01, "galactic"), 90, 1);
    expect(c.frame).toBe("galactic");
    expect(separationDeg(83.63, 22.01, c.lon, c.lat)).toBeCloseTo(1, 12);
  });
  it("property: offsetBy then separation / position angle recover the inputs", () => {
    fc.assert(
      fc.property(
        lonArb,
        fc.double({ min: -89, max: 89, noNaN: true }),
        fc.double({ min: 0, max: 360, maxExcluded: true, noNaN: true }),
        fc.double({ min: 1e-4, max: 170, noNaN: true }),
        (lon, lat, pa, sep) => {
          const [l2, b2] = offsetByDeg(lon, lat, pa, sep);
          return (
            Math.abs(separationDeg(lon, lat, l2, b2) - sep) < 1e-9 &&
            dLon(positionAngleDeg(lon, lat, l2, b2), pa) < 1e-6
          );
        },
      ),
    );
  });
});

describe("field-of-view frame agrees with Gammapy's sky_to_fov / fov_to_sky to 1e-10 deg", () => {
  const f = ref.fov;
  it("sky -> fov (sign convention: fovLon = -SkyOffsetFrame lon)", () => {
    const { fovLon } = skyToFov(f.ra, f.dec, 0, 0);
    expect(fovLon.length).toBe(n);
    let w = 0;
    for (let i = 0; i < n; i++) {
      const r = skyToFov([f.ra[i]], [f.dec[i]], f.pnt_lon[i], f.pnt_lat[i]);
      w = Math.max(w, Math.abs(r.fovLon[0] - f.fov_lon[i]), Math.abs(r.fovLat[0] - f.fov_lat[i]));
      expect(r.fovLon[0]).toBeGreaterThan(-180);
      expect(r.fovLon[0]).toBeLessThanOrEqual(180);
    }
    expect(w).toBeLessThan(1e-10);
    // east of the pointing (larger RA) has negative fov_lon
    expect(skyToFov([11], [0], 10, 0).fovLon[0]).toBeCloseTo(-1, 12);
    expect(skyToFov([10], [1], 10, 0).fovLat[0]).toBeCloseTo(1, 12);
  });
  it("fov -> sky", () => {
    let w = 0;
    for (let i = 0; i < n; i++) {
      const r = fovToSky([f.fov_lon_in[i]], [f.fov_lat_in[i]], f.pnt_lon[i], f.pnt_lat[i]);
      w = Math.max(w, dPos(r.lon[0], r.lat[0], f.sky_lon[i], f.sky_lat[i]));
    }
    expect(w).toBeLessThan(1e-10);
  });
  it("property: fov -> sky -> fov round trip to 1e-10 deg", () => {
    fc.assert(
      fc.property(
        lonArb,
        fc.double({ min: -89.9, max: 89.9, noNaN: true }),
        fc.double({ min: -20, max: 20, noNaN: true }),
        fc.double({ min: -20, max: 20, noNaN: true }),
        (pl, pb, x, y) => {
          const s = fovToSky([x], [y], pl, pb);
          const back = skyToFov(s.lon, s.lat, pl, pb);
          return Math.abs(back.fovLon[0] - x) < 1e-10 && Math.abs(back.fovLat[0] - y) < 1e-10;
        },
      ),
    );
  });
});

/**
 * WCS pixel <-> world against astropy 5.2 (wcslib) to 1e-9 deg, on the real map headers of the data set and on
 * synthetic headers of every projection (fixture: scripts/oracle/wcs_reference.py).
 */
import { readFileSync } from "node:fs";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { separationDeg } from "../../src/coords/frames.js";
import { PROJECTION_CODES, Wcs } from "../../src/maps/wcs/index.js";
import { REPO_ROOT } from "../support/data.js";

interface WcsCase {
  name: string;
  header: Record<string, string | number>;
  x: number[];
  y: number[];
  lon: (number | null)[];
  lat: (number | null)[];
  lonpole: number;
  back_x: (number | null)[];
  back_y: (number | null)[];
}
const cases: WcsCase[] = JSON.parse(readFileSync(`${REPO_ROOT}/test/fixtures/maps/wcs.json`, "utf8"));

describe("WCS agrees with astropy to 1e-9 deg", () => {
  it("covers every projection and the real headers", () => {
    const codes = new Set(cases.map((c) => String(c.header.CTYPE1).slice(5, 8)));
    for (const p of ["CAR", "TAN", "AIT", "SIN", "MOL", "ZEA", "ARC", "STG"]) expect(codes).toContain(p);
    expect(cases.filter((c) => !c.name.startsWith("synthetic")).length).toBeGreaterThan(10);
  });
  for (const c of cases) {
    it(c.name, () => {
      const wcs = Wcs.fromHeader(c.header);
      const { lon, lat } = wcs.pixToWorld(c.x, c.y);
      let worst = 0;
      for (let i = 0; i < c.x.length; i++) {
        if (c.lon[i] === null) {
          expect(Number.isNaN(lon[i]), `pixel ${i} should be outside the projection`).toBe(true);
          continue;
        }
        worst = Math.max(worst, separationDeg(lon[i], lat[i], c.lon[i] as number, c.lat[i] as number));
      }
      expect(worst).toBeLessThan(1e-9);
      // world -> pixel of the points astropy mapped
      const wlon = c.lon.map((v) => v ?? 0);
      const wlat = c.lat.map((v) => v ?? 0);
      const back = wcs.worldToPix(wlon, wlat);
      let worstPix = 0;
      for (let i = 0; i < c.x.length; i++) {
        if (c.lon[i] === null || c.back_x[i] === null) continue;
        worstPix = Math.max(
          worstPix,
          Math.abs(back.x[i] - (c.back_x[i] as number)),
          Math.abs(back.y[i] - (c.back_y[i] as number)),
        );
      }
      // 1e-9 deg expressed in pixels of this header
      const cdelt = Math.abs(Number(c.header.CDELT2 ?? c.header.CD2_2 ?? 1));
      expect(worstPix * cdelt).toBeLessThan(1e-9);
    });
  }
});

describe("WCS round trips (property)", () => {
  for (const proj of PROJECTION_CODES) {
    it(`${proj}: pixel -> world -> pixel inside the image`, () => {
      const wcs = Wcs.create({ lonDeg: 83.63, latDeg: 22.01, binszDeg: 0.05, npix: [200, 200], proj });
      fc.assert(
        fc.property(
          fc.double({ min: -0.5, max: 199.5, noNaN: true }),
          fc.double({ min: -0.5, max: 199.5, noNaN: true }),
          (x, y) => {
            const w = wcs.pixToWorld([x], [y]);
            const p = wcs.worldToPix(w.lon, w.lat);
            return Math.abs(p.x[0] - x) < 1e-7 && Math.abs(p.y[0] - y) < 1e-7;
          },
        ),
        { numRuns: 200 },
      );
    });
  }
});

/**
 * HEALPix pixel functions against healpy 1.16 for nside 1 to 2^13 (fixture: scripts/oracle/hpx_reference.py), and
 * scheme round trips (fast-check).
 */
import { readFileSync } from "node:fs";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  ang2pix,
  getAllNeighbours,
  maxPixrad,
  nest2ring,
  nside2npix,
  nside2pixarea,
  nside2resol,
  pix2ang,
  queryDisc,
  ring2nest,
} from "../../src/maps/hpx/index.js";
import { REPO_ROOT } from "../support/data.js";

const cases = JSON.parse(readFileSync(`${REPO_ROOT}/test/fixtures/maps/healpix.json`, "utf8"));

describe("HEALPix agrees with healpy", () => {
  for (const c of cases) {
    it(`nside ${c.nside}`, () => {
      const n = c.nside;
      c.theta.forEach((t: number, i: number) => {
        expect(ang2pix(n, t, c.phi[i]), `ring ${i}`).toBe(c.ring[i]);
        expect(ang2pix(n, t, c.phi[i], true), `nest ${i}`).toBe(c.nest[i]);
      });
      c.pix.forEach((p: number, i: number) => {
        const [tr, pr] = pix2ang(n, p);
        expect(tr).toBeCloseTo(c.ang_ring[i][0], 12);
        expect(pr).toBeCloseTo(c.ang_ring[i][1], 12);
        const [tn, pn] = pix2ang(n, p, true);
        expect(tn).toBeCloseTo(c.ang_nest[i][0], 12);
        expect(pn).toBeCloseTo(c.ang_nest[i][1], 12);
        expect(nest2ring(n, p)).toBe(c.nest2ring[i]);
        expect(ring2nest(n, p)).toBe(c.ring2nest[i]);
        expect(getAllNeighbours(n, p)).toEqual(c.neighbours_ring[i]);
        expect(getAllNeighbours(n, p, true)).toEqual(c.neighbours_nest[i]);
      });
      expect(nside2pixarea(n)).toBeCloseTo(c.pixarea, 15);
      expect(nside2resol(n)).toBeCloseTo(c.resol, 15);
      expect(maxPixrad(n)).toBeCloseTo(c.max_pixrad, 12);
      for (const d of c.discs) {
        expect(queryDisc(n, d.theta, d.phi, d.radius)).toEqual(d.ring);
        expect(queryDisc(n, d.theta, d.phi, d.radius, true)).toEqual(d.nest);
      }
    });
  }
  it("nest <-> ring round trip for nside up to 2^13 (property)", () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 13 }), fc.double({ min: 0, max: 1, noNaN: true }), (order, f) => {
        const nside = 2 ** order;
        const p = Math.min(nside2npix(nside) - 1, Math.floor(f * nside2npix(nside)));
        return ring2nest(nside, nest2ring(nside, p)) === p && nest2ring(nside, ring2nest(nside, p)) === p;
      }),
    );
  });
  it("pixel centres map back to their pixel (property)", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 13 }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        fc.boolean(),
        (order, f, nest) => {
          const nside = 2 ** order;
          const p = Math.min(nside2npix(nside) - 1, Math.floor(f * nside2npix(nside)));
          const [t, ph] = pix2ang(nside, p, nest);
          return ang2pix(nside, t, ph, nest) === p;
        },
      ),
    );
  });
});

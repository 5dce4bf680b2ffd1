/**
 * HEALPix bilinear interpolation against healpy 1.16 (`get_interp_weights`, nside 1 to 1024, both orderings, random
 * directions, poles, cap boundaries, pixel centres and pixel-edge longitudes) and Gammapy 1.0's
 * `HpxNDMap.interp_by_coord` on all-sky and partial-sky maps with and without an energy axis
 * (fixture: scripts/oracle/maps_extra_reference.py).
 */
import { readFileSync } from "node:fs";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { MapAxis } from "../../src/maps/axis.js";
import { ang2pix, getInterpWeights, ring2nest } from "../../src/maps/hpx/index.js";
import { HpxGeom } from "../../src/maps/hpx-geom.js";
import { HpxNDMap } from "../../src/maps/hpx-map.js";
import { REPO_ROOT } from "../support/data.js";

const fixture = JSON.parse(readFileSync(`${REPO_ROOT}/test/fixtures/maps/extra-interp.json`, "utf8"));

describe("getInterpWeights agrees with healpy", () => {
  for (const c of fixture.weights) {
    for (const nest of [false, true]) {
      it(`nside ${c.nside} ${nest ? "nest" : "ring"}`, () => {
        const key = nest ? "nest" : "ring";
        const { pix, weights } = getInterpWeights(c.nside, c.theta, c.phi, nest);
        const n = c.theta.length;
        for (let k = 0; k < 4; k++) {
          for (let i = 0; i < n; i++) {
            const where = `direction ${i} (theta ${c.theta[i]}, phi ${c.phi[i]}) corner ${k}`;
            expect(pix[k * n + i], where).toBe(c[`pix_${key}`][k][i]);
            expect(Math.abs(weights[k * n + i] - c[`wts_${key}`][k][i]), where).toBeLessThanOrEqual(1e-12);
          }
        }
      });
    }
  }

  it("any direction, nside up to 2^15: non-negative weights summing to 1, NESTED = ring2nest(RING), containing pixel among the 4 unless at a pole", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 15 }),
        fc.double({ min: 0, max: Math.PI, noNaN: true }),
        fc.double({ min: -10, max: 10, noNaN: true }),
        (order, theta, phi) => {
          const nside = 2 ** order;
          const r = getInterpWeights(nside, [theta], [phi]);
          const q = getInterpWeights(nside, [theta], [phi], true);
          let sum = 0;
          for (let k = 0; k < 4; k++) {
            expect(r.weights[k]).toBeGreaterThanOrEqual(-1e-12);
            expect(q.pix[k]).toBe(ring2nest(nside, r.pix[k]));
            expect(q.weights[k]).toBe(r.weights[k]);
            sum += r.weights[k];
          }
          expect(sum).toBeCloseTo(1, 12);
          const own = ang2pix(nside, theta, ((phi % (2 * Math.PI)) + 2 * Math.PI) % (2 * Math.PI));
          const polar = Math.cos(theta) > 1 - 4 / (3 * nside * nside) || Math.cos(theta) < -1 + 4 / (3 * nside * nside);
          if (!polar) expect(Array.from(r.pix)).toContain(own);
        },
      ),
      { numRuns: 2000, seed: 20261125 },
    );
  });

  it("weights sum to one; invalid directions give -1 and NaN", () => {
    const { pix, weights } = getInterpWeights(4, [0.3, Number.NaN], [1, 0]);
    expect(weights[0] + weights[2] + weights[4] + weights[6]).toBeCloseTo(1, 14);
    expect(pix[1]).toBe(-1);
    expect(weights[1]).toBeNaN();
  });
});

/** Map data as in the oracle: 5 + 3 sin(0.7 k + 1.1 j + 0.37 m), k spatial position, j energy bin, m x bin. */
function mapOf(c: {
  nside: number;
  nest: boolean;
  pixels: number[] | null;
  naxes: number;
  energy_edges: number[];
  x_edges: number[];
}): HpxNDMap {
  const axes = [MapAxis.fromEnergyEdges(c.energy_edges), MapAxis.fromEdges(c.x_edges, { name: "x" })].slice(0, c.naxes);
  const geom = new HpxGeom({ nside: c.nside, nest: c.nest, pixels: c.pixels ?? undefined, axes });
  const map = HpxNDMap.fromGeom(geom, { dtype: "float64" });
  const ne = c.naxes >= 1 ? axes[0].nbin : 1;
  const nx = c.naxes >= 2 ? axes[1].nbin : 1;
  for (let m = 0; m < nx; m++)
    for (let j = 0; j < ne; j++)
      for (let k = 0; k < geom.npix; k++)
        map.data[(m * ne + j) * geom.npix + k] = 5 + 3 * Math.sin(0.7 * k + 1.1 * j + 0.37 * m);
  return map;
}

describe("HpxNDMap.interpByCoord agrees with Gammapy", () => {
  const p = fixture.maps.points;
  for (const c of fixture.maps.cases) {
    const what = ["", " + energy", " + energy + x"][c.naxes];
    it(`nside ${c.nside} ${c.nest ? "nest" : "ring"} ${c.pixels ? "partial" : "all-sky"}${what}`, () => {
      const map = mapOf(c);
      const values = map.interpByCoord(p.lon, p.lat, [p.energy, p.x].slice(0, c.naxes));
      expect(values.length).toBe(c.values.length);
      c.values.forEach((v: number, i: number) => {
        const where = `point ${i} (${p.lon[i]}, ${p.lat[i]}, ${p.energy[i]}, ${p.x[i]})`;
        expect(Math.abs(values[i] - v), where).toBeLessThanOrEqual(1e-9);
      });
    });
  }
});

/**
 * HEALPix bilinear interpolation against healpy 1.16 (`get_interp_weights`, nside 1 to 1024, both orderings, random
 * directions, poles, cap boundaries, pixel centres and pixel-edge longitudes) and Gammapy 1.0's
 * `HpxNDMap.interp_by_coord` on all-sky and partial-sky maps with and without an energy axis
 * (fixture: scripts/oracle/maps_extra_reference.py).
 */
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { MapAxis } from "../../src/maps/axis.js";
import { getInterpWeights } from "../../src/maps/hpx/index.js";
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

  it("weights sum to one; invalid directions give -1 and NaN", () => {
    const { pix, weights } = getInterpWeights(4, [0.3, Number.NaN], [1, 0]);
    expect(weights[0] + weights[2] + weights[4] + weights[6]).toBeCloseTo(1, 14);
    expect(pix[1]).toBe(-1);
    expect(weights[1]).toBeNaN();
  });
});

/** Map data as in the oracle: 5 + 3 sin(0.7 k + 1.1 j), k the spatial position, j the energy bin. */
function mapOf(c: {
  nside: number;
  nest: boolean;
  pixels: number[] | null;
  axis: boolean;
  energy_edges: number[];
}): HpxNDMap {
  const axes = c.axis ? [MapAxis.fromEnergyEdges(c.energy_edges)] : [];
  const geom = new HpxGeom({ nside: c.nside, nest: c.nest, pixels: c.pixels ?? undefined, axes });
  const map = HpxNDMap.fromGeom(geom, { dtype: "float64" });
  const nbin = c.axis ? c.energy_edges.length - 1 : 1;
  for (let j = 0; j < nbin; j++)
    for (let k = 0; k < geom.npix; k++) map.data[j * geom.npix + k] = 5 + 3 * Math.sin(0.7 * k + 1.1 * j);
  return map;
}

describe("HpxNDMap.interpByCoord agrees with Gammapy", () => {
  for (const c of fixture.maps) {
    const label = `nside ${c.nside} ${c.nest ? "nest" : "ring"} ${c.pixels ? "partial" : "all-sky"}${c.axis ? " + energy" : ""}`;
    it(label, () => {
      const map = mapOf(c);
      const values = map.interpByCoord(c.lon, c.lat, c.axis ? [c.energy] : []);
      c.values.forEach((v: number, i: number) => {
        expect(Math.abs(values[i] - v), `point ${i} (${c.lon[i]}, ${c.lat[i]}, ${c.energy[i]})`).toBeLessThanOrEqual(
          1e-9,
        );
      });
    });
  }
});

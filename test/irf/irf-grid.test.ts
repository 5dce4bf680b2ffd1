/**
 * IRF evaluation on grids (`Irf.evaluateGrid`) against point-by-point `Irf.evaluate`: the same doubles, bit for bit,
 * with Gammapy's out-of-range rules (fill value outside the axis edges; energy dispersion out of range only when both
 * true energy and migra are, or the offset is).
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { Background3D, EnergyDispersion2D, type Irf } from "../../src/irf/index.js";
import { MapAxis } from "../../src/maps/axis.js";

/** Whether two arrays hold the same doubles bit for bit (NaN equals NaN). */
function sameBits(a: ArrayLike<number>, b: ArrayLike<number>): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (!Object.is(a[i], b[i])) return false;
  return true;
}

/** A deterministic pseudo-random table of `n` positive values (some zeros). */
function table(n: number, seed: number): Float64Array {
  let x = seed;
  return Float64Array.from({ length: n }, () => {
    x = (x * 1103515245 + 12345) % 2 ** 31;
    return x % 7 === 0 ? 0 : x / 2 ** 31;
  });
}

const edisp = (seed: number) => {
  const axes = [
    MapAxis.fromEnergyBounds(0.1, 100, 6, { name: "energy_true" }),
    MapAxis.fromBounds(0.2, 3, 7, { name: "migra" }),
    MapAxis.fromBounds(0, 2.5, 3, { name: "offset", unit: "deg" }),
  ];
  return new EnergyDispersion2D({ axes, data: table(6 * 7 * 3, seed) });
};

const bkg = (seed: number) => {
  const axes = [
    MapAxis.fromEnergyBounds(0.1, 100, 5, { name: "energy" }),
    MapAxis.fromBounds(-3, 3, 4, { name: "fov_lon", unit: "deg" }),
    MapAxis.fromBounds(-3, 3, 4, { name: "fov_lat", unit: "deg" }),
  ];
  return new Background3D({ axes, data: table(5 * 4 * 4, seed), unit: "s-1 MeV-1 sr-1" });
};

/** `evaluate` at every point of the grid `evaluateGrid` would make (dims per axis name, -1: first value only). */
function pointwise(irf: Irf, coords: Record<string, number[]>, dims: Record<string, number>): Float64Array {
  const names = irf.axes.names;
  const nDims = Math.max(...names.map((n) => dims[n] ?? -1)) + 1;
  const shape = Array.from({ length: nDims }, (_, d) => coords[names.find((n) => dims[n] === d)!].length);
  const size = shape.reduce((p, s) => p * s, 1);
  const points: Record<string, Float64Array> = {};
  for (const n of names) points[n] = new Float64Array(size);
  for (let p = 0; p < size; p++) {
    let rem = p;
    const idx = new Array<number>(nDims);
    for (let d = nDims - 1; d >= 0; d--) {
      idx[d] = rem % shape[d];
      rem = Math.floor(rem / shape[d]);
    }
    for (const n of names) points[n][p] = (dims[n] ?? -1) < 0 ? coords[n][0] : coords[n][idx[dims[n]]];
  }
  return irf.evaluate(points);
}

const coordinate = (min: number, max: number) =>
  fc.array(fc.oneof(fc.double({ min, max, noNaN: true }), fc.constant(Number.NaN)), { minLength: 1, maxLength: 5 });

describe("Irf.evaluateGrid", () => {
  it("energy dispersion: every layout equals evaluate point by point, incl. out-of-range rules (property)", () => {
    fc.assert(
      fc.property(
        coordinate(0.05, 150),
        coordinate(0.1, 3.5),
        coordinate(-0.5, 3),
        fc.constantFrom(
          { energy_true: 0, migra: 1, offset: 2 },
          { offset: 0, energy_true: 1, migra: 2 },
          { migra: 0, energy_true: 1 },
          { energy_true: 0, migra: 0, offset: 1 },
        ),
        fc.integer({ min: 1, max: 1000 }),
        (e, m, o, dims, seed) => {
          const irf = edisp(seed);
          const d = dims as Record<string, number>;
          // axes sharing a dimension need equal lengths
          const coords: Record<string, number[]> = { energy_true: e, migra: m, offset: o };
          for (const a of ["migra", "offset"]) {
            if (d[a] === undefined) coords[a] = coords[a].slice(0, 1);
            else if (d[a] === d.energy_true) coords[a] = e.map((_, k) => coords[a][k % coords[a].length]);
          }
          return sameBits(irf.evaluateGrid(coords, d), pointwise(irf, coords, d));
        },
      ),
      { numRuns: 200 },
    );
  });

  it("background: FoV lon and lat paired per pixel, energies along another dimension (property)", () => {
    fc.assert(
      fc.property(
        coordinate(0.05, 150),
        fc.array(fc.tuple(fc.double({ min: -4, max: 4, noNaN: true }), fc.double({ min: -4, max: 4, noNaN: true })), {
          minLength: 1,
          maxLength: 6,
        }),
        fc.integer({ min: 1, max: 1000 }),
        (energy, pixels, seed) => {
          const irf = bkg(seed);
          const coords = { energy, fov_lon: pixels.map((p) => p[0]), fov_lat: pixels.map((p) => p[1]) };
          const dims = { fov_lon: 0, fov_lat: 0, energy: 1 };
          return sameBits(irf.evaluateGrid(coords, dims), pointwise(irf, coords, dims));
        },
      ),
      { numRuns: 200 },
    );
  });

  it("gives [dim 0][dim 1] values with the fill value outside the axis edges", () => {
    const irf = bkg(3);
    const out = irf.evaluateGrid(
      { energy: [1, 1000], fov_lon: [0, 3.5], fov_lat: [0.5, 0.5] },
      { fov_lon: 0, fov_lat: 0, energy: 1 },
    );
    expect(out.length).toBe(4);
    expect(out[0]).toBeGreaterThan(0);
    expect([out[1], out[2], out[3]]).toEqual([0, 0, 0]);
    expect(() =>
      irf.evaluateGrid({ energy: [1, 2], fov_lon: [0, 1, 2], fov_lat: [0, 1] }, { fov_lon: 0, fov_lat: 0, energy: 1 }),
    ).toThrow(/differ in length/);
  });
});

/**
 * ScaledRegularGridInterpolator and MapAxis against Gammapy 1.0 (fixture: scripts/oracle/axis_interp_reference.py).
 */
import { readFileSync } from "node:fs";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { MapAxis } from "../../src/maps/axis.js";
import {
  type InterpMethod,
  type InterpScale,
  ScaledRegularGridInterpolator,
  scaleValue,
  unscaleValue,
} from "../../src/util/interpolate.js";
import { REPO_ROOT } from "../support/data.js";

const ref = JSON.parse(readFileSync(`${REPO_ROOT}/test/fixtures/util/axis-interp.json`, "utf8"));

function expectClose(got: ArrayLike<number>, want: ArrayLike<number>, rtol: number, atol = 0): void {
  expect(got.length).toBe(want.length);
  for (let i = 0; i < want.length; i++) {
    const tol = atol + rtol * Math.abs(want[i]);
    if (!(Math.abs(got[i] - want[i]) <= tol)) {
      throw new Error(`element ${i}: got ${got[i]}, want ${want[i]} (tol ${tol})`);
    }
  }
}

describe("ScaledRegularGridInterpolator agrees with Gammapy to 1e-12", () => {
  ref.interp.forEach((c: Record<string, unknown>, k: number) => {
    it(`case ${k}: scales ${(c.points_scale as string[]).join("/")}, values ${c.values_scale}, ${c.method}`, () => {
      const interp = new ScaledRegularGridInterpolator(c.points as number[][], c.values as number[], {
        pointsScale: c.points_scale as InterpScale[],
        valuesScale: c.values_scale as InterpScale,
        method: c.method as InterpMethod,
      });
      expectClose(interp.evaluate(c.coords as number[][]), c.result as number[], 1e-12, 1e-12);
    });
  });

  it("reproduces grid values at the nodes (property)", () => {
    fc.assert(
      fc.property(fc.array(fc.double({ min: 0.01, max: 100, noNaN: true }), { minLength: 6, maxLength: 6 }), (vals) => {
        const interp = new ScaledRegularGridInterpolator(
          [
            [1, 2, 3],
            [10, 20],
          ],
          vals,
          { pointsScale: ["log", "lin"], valuesScale: "log" },
        );
        const out = interp.evaluate([
          [1, 2, 3, 1, 2, 3],
          [10, 10, 10, 20, 20, 20],
        ]);
        const want = [vals[0], vals[2], vals[4], vals[1], vals[3], vals[5]];
        return want.every((w, i) => Math.abs(out[i] - w) <= 1e-9 * w);
      }),
    );
  });

  it("fill value outside the grid, NaN stays NaN", () => {
    const interp = new ScaledRegularGridInterpolator([[1, 2]], [1, 3], { fillValue: 0 });
    expect([...interp.evaluate([[0.5, 1.5, 2.5, Number.NaN]])]).toEqual([0, 2, 0, Number.NaN]);
  });
});

describe("MapAxis agrees with Gammapy 1.0", () => {
  for (const a of ref.axes) {
    it(`${a.name} (${a.interp}, ${a.node_type})`, () => {
      const axis = new MapAxis(a.nodes, { name: a.name, unit: a.unit, interp: a.interp, nodeType: a.node_type });
      expectClose(axis.edges, a.edges, 1e-13, 1e-15);
      expectClose(axis.center, a.center, 1e-13, 1e-15);
      expectClose(axis.coordToPix(a.coord), a.coord_to_pix, 1e-12, 1e-12);
      expectClose(axis.pixToCoord(a.pix), a.pix_to_coord, 1e-12, 1e-12);
      // Coordinates exactly on Gammapy's edges are skipped: exp/log differ by an ulp between libm and V8, so an
      // edge value may fall on either side. Gammapy leaves a coordinate equal to the last edge at index nbin;
      // gammats puts it in the last bin.
      const random = (a.coord as number[]).slice(0, 30);
      const idx = [...axis.coordToIdx(random)];
      const want = (a.coord_to_idx as number[]).slice(0, 30).map((v) => (v === axis.nbin ? axis.nbin - 1 : v));
      expect(idx).toEqual(want);
      expect([...axis.coordToIdx(random, true)]).toEqual((a.coord_to_idx_clip as number[]).slice(0, 30));
      expectClose(axis.upsample(2).edges, a.upsample2_edges, 1e-12, 1e-15);
      expectClose(axis.squash().edges, a.squash_edges, 1e-13, 1e-15);
      if (a.downsample2_edges) expectClose(axis.downsample(2).edges, a.downsample2_edges, 1e-13, 1e-15);
    });
  }
  it("energy axis from bounds per decade", () => {
    const axis = MapAxis.fromEnergyBounds(0.1, 100, 5, { perDecade: true, name: "energy_true" });
    expect(axis.nbin).toBe(15);
    expect(axis.unit).toBe("TeV");
    expect(axis.center[0]).toBeCloseTo(Math.sqrt(0.1 * 0.1 * 10 ** 0.2), 12);
  });
});

/** Whether two arrays hold the same doubles bit for bit (NaN equals NaN). */
function sameBits(a: ArrayLike<number>, b: ArrayLike<number>): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (!Object.is(a[i], b[i])) return false;
  return true;
}

/**
 * Plain point-by-point multilinear interpolation (scipy's RegularGridInterpolator with Gammapy's scaling): for each
 * point and each cell corner, the weight is the product of the axes' (1 - frac) or frac in axis order, and the corners
 * are summed in order. The reference the grid evaluation must reproduce bit for bit.
 */
function referenceEvaluate(
  nodes: readonly number[][],
  values: Float64Array,
  o: { pointsScale: InterpScale[]; valuesScale: InterpScale; method: InterpMethod; fillValue?: number },
  coords: readonly ArrayLike<number>[],
): Float64Array {
  const active = nodes.map((g, i) => (g.length > 1 ? i : -1)).filter((i) => i >= 0);
  const strides = nodes.map((_, i) => nodes.slice(i + 1).reduce((p, g) => p * g.length, 1));
  const grids = nodes.map((g, i) => g.map((v) => scaleValue(o.pointsScale[i], v)));
  const scaled = values.map((v) => scaleValue(o.valuesScale, v));
  const n = coords[0].length;
  const out = new Float64Array(n);
  for (let p = 0; p < n; p++) {
    const idx: number[] = [];
    const frac: number[] = [];
    let nan = false;
    let outside = false;
    for (const a of active) {
      const g = grids[a];
      const x = scaleValue(o.pointsScale[a], coords[a][p]);
      if (Number.isNaN(x)) nan = true;
      if (x < g[0] || x > g[g.length - 1]) outside = true;
      let i = g.filter((v) => v < x).length - 1;
      i = Math.min(Math.max(i, 0), g.length - 2);
      idx.push(i);
      frac.push((x - g[i]) / (g[i + 1] - g[i]));
    }
    if (nan) {
      out[p] = Number.NaN;
      continue;
    }
    if (outside && o.fillValue !== undefined) {
      out[p] = o.fillValue;
      continue;
    }
    let v = 0;
    if (o.method === "nearest") {
      let off = 0;
      active.forEach((a, d) => {
        off += (frac[d] <= 0.5 ? idx[d] : idx[d] + 1) * strides[a];
      });
      v = scaled[off];
    } else {
      for (let c = 0; c < 1 << active.length; c++) {
        let w = 1;
        let off = 0;
        active.forEach((a, d) => {
          const up = (c >> d) & 1;
          w *= up ? frac[d] : 1 - frac[d];
          off += (idx[d] + up) * strides[a];
        });
        v += scaled[off] * w;
      }
    }
    v = unscaleValue(o.valuesScale, v);
    if (v < 0) v = 0;
    out[p] = v;
  }
  return out;
}

describe("ScaledRegularGridInterpolator.evaluateGrid equals evaluation point by point", () => {
  const scale = fc.constantFrom<InterpScale>("lin", "log", "sqrt");
  // an axis: 1 to 5 increasing positive nodes, its scale, and 1 to 6 coordinates (some outside the nodes, some NaN)
  const axis = fc
    .tuple(
      fc.oneof(
        {
          weight: 4,
          arbitrary: fc.array(fc.double({ min: 0.01, max: 10, noNaN: true }), { minLength: 2, maxLength: 5 }),
        },
        {
          weight: 1,
          arbitrary: fc.array(fc.double({ min: 0.01, max: 10, noNaN: true }), { minLength: 1, maxLength: 1 }),
        },
      ),
      scale,
      fc.array(fc.oneof(fc.double({ min: 0, max: 12, noNaN: true }), fc.constant(Number.NaN)), {
        minLength: 1,
        maxLength: 6,
      }),
    )
    .map(([steps, s, coords]) => {
      const nodes: number[] = [];
      for (const d of steps) nodes.push((nodes.at(-1) ?? 0) + d);
      return { nodes, scale: s, coords };
    });

  it("on any layout of axes to output dimensions, any scales, fill value and method (property)", () => {
    fc.assert(
      fc.property(
        fc.array(axis, { minLength: 1, maxLength: 5 }),
        scale,
        fc.constantFrom<InterpMethod>("linear", "nearest"),
        fc.option(fc.double({ min: -1, max: 1, noNaN: true }), { nil: undefined }),
        fc.array(fc.nat(3), { minLength: 5, maxLength: 5 }),
        fc.integer({ min: 0, max: 2 ** 31 }),
        (axes, valuesScale, method, fillValue, dimChoice, seed) => {
          if (method === "linear" && axes.every((a) => a.nodes.length === 1)) return true;
          const size = axes.reduce((p, a) => p * a.nodes.length, 1);
          let x = seed;
          const values = Float64Array.from({ length: size }, () => {
            x = (x * 1103515245 + 12345) % 2 ** 31;
            return (x / 2 ** 31) * 4 - 0.5;
          });
          const interp = new ScaledRegularGridInterpolator(
            axes.map((a) => a.nodes),
            values,
            { pointsScale: axes.map((a) => a.scale), valuesScale, method, fillValue },
          );
          // each axis runs along output dimension dimChoice (capped so that dimensions are 0..D-1), or is a scalar
          const dims: number[] = [];
          const shape: number[] = [];
          const coords = axes.map((a, i) => {
            const want = dimChoice[i] === 3 ? -1 : Math.min(dimChoice[i], shape.length);
            if (want < 0) {
              dims.push(-1);
              return a.coords.slice(0, 1);
            }
            if (want === shape.length) shape.push(a.coords.length);
            dims.push(want);
            return shape[want] <= a.coords.length
              ? a.coords.slice(0, shape[want])
              : Array.from({ length: shape[want] }, (_, k) => a.coords[k % a.coords.length]);
          });
          const grid = interp.evaluateGrid(coords, dims, shape);
          // the same points, expanded
          const n = shape.reduce((p, s) => p * s, 1);
          const points = coords.map(() => new Float64Array(n));
          for (let p = 0; p < n; p++) {
            let rem = p;
            const idx = new Array<number>(shape.length);
            for (let d = shape.length - 1; d >= 0; d--) {
              idx[d] = rem % shape[d];
              rem = Math.floor(rem / shape[d]);
            }
            coords.forEach((c, i) => {
              points[i][p] = dims[i] < 0 ? c[0] : c[idx[dims[i]]];
            });
          }
          const reference = referenceEvaluate(
            axes.map((a) => a.nodes),
            values,
            { pointsScale: axes.map((a) => a.scale), valuesScale, method, fillValue },
            points,
          );
          return sameBits(grid, reference) && sameBits(interp.evaluate(points), reference);
        },
      ),
      { numRuns: 300 },
    );
  });

  it("pairs axes that share an output dimension (e.g. FoV lon and lat per pixel)", () => {
    const interp = new ScaledRegularGridInterpolator(
      [
        [1, 10, 100],
        [-1, 0, 1],
        [-1, 0, 1],
      ],
      Float64Array.from({ length: 27 }, (_, i) => 1 + i),
      { pointsScale: ["log", "lin", "lin"], valuesScale: "log" },
    );
    const energy = [2, 20, 50];
    const lon = [-0.5, 0.25];
    const lat = [0.75, -0.1];
    const grid = interp.evaluateGrid([energy, lon, lat], [1, 0, 0], [2, 3]);
    const points = interp.evaluate([
      [2, 20, 50, 2, 20, 50],
      [-0.5, -0.5, -0.5, 0.25, 0.25, 0.25],
      [0.75, 0.75, 0.75, -0.1, -0.1, -0.1],
    ]);
    expect(sameBits(grid, points)).toBe(true);
  });
});

/**
 * TS maps (estimateTSMap) against Gammapy 1.0's TSMapEstimator on the stacked Crab 3D dataset (no source model), fixture
 * from scripts/oracle/ts_map_reference.py; plus synthetic checks of the per-pixel fit and of the edge handling.
 */
import { readFileSync } from "node:fs";
import { beforeAll, describe, expect, it } from "vitest";
import { MapDataset } from "../../src/datasets/index.js";
import { estimateTSMap, type TSMapOptions, type TSMaps, tsMapKernel } from "../../src/estimators/index.js";
import { MapAxis } from "../../src/maps/axis.js";
import { WcsGeom } from "../../src/maps/wcs-geom.js";
import { WcsNDMap } from "../../src/maps/wcs-map.js";
import { GaussianSpatialModel } from "../../src/modeling/spatial.js";
import { reduceCrab3d } from "../support/crab3d.js";
import { DATA_DIR, NO_DATA_MESSAGE, REPO_ROOT } from "../support/data.js";

interface Summary {
  shape: number[];
  sample_index: number[];
  peak: { sqrt_ts: number; index: number[]; ts: number; norm: number; norm_err: number };
  [name: string]: unknown;
}
interface Quantity {
  row_sums: Array<number | null>;
  sample: Array<number | null>;
  nan_count: number;
}

const ref = JSON.parse(readFileSync(`${REPO_ROOT}/test/fixtures/ts-map/crab-3d.json`, "utf8"));
const rel = (a: number, b: number) => Math.abs(a - b) / Math.max(Math.abs(b), 1e-300);

function peak(m: TSMaps): { value: number; index: number } {
  let value = Number.NEGATIVE_INFINITY;
  let index = -1;
  m.maps.sqrt_ts.forEach((v, i) => {
    if (v > value) {
      value = v;
      index = i;
    }
  });
  return { value, index };
}

/** Fraction of sampled values of `name` within `tol` (relative, or absolute below `floor`) of Gammapy's. */
function compareSample(
  m: TSMaps,
  s: Summary,
  name: string,
  tol: number,
  floor = 1e-12,
): { bad: number; worst: number } {
  const q = s[name] as Quantity;
  let bad = 0;
  let worst = 0;
  s.sample_index.forEach((idx, k) => {
    const want = q.sample[k];
    const got = m.maps[name][idx];
    if (want === null) {
      if (!Number.isNaN(got)) bad++;
      return;
    }
    const d = Math.abs(got - want) / Math.max(Math.abs(want), floor);
    worst = Math.max(worst, d);
    if (!(d <= tol)) bad++;
  });
  return { bad, worst };
}

function nanCount(a: Float64Array): number {
  let n = 0;
  for (const v of a) if (Number.isNaN(v)) n++;
  return n;
}

describe("per-pixel fit on synthetic data", () => {
  const energy = MapAxis.fromEnergyBounds(1, 10, 2, { name: "energy" });
  const energyTrue = MapAxis.fromEnergyBounds(1, 10, 2, { name: "energy_true" });
  const geom = WcsGeom.create({ lonDeg: 0, latDeg: 0, binszDeg: 0.1, npix: [21, 15], frame: "icrs", axes: [energy] });
  const tGeom = geom.withAxes([energyTrue]);
  function dataset(counts: (e: number, y: number, x: number) => number): MapDataset {
    const c = WcsNDMap.fromGeom(geom, { dtype: "float64" });
    const b = WcsNDMap.fromGeom(geom, { dtype: "float64" });
    for (let e = 0; e < 2; e++)
      for (let y = 0; y < 15; y++)
        for (let x = 0; x < 21; x++) {
          c.data[(e * 15 + y) * 21 + x] = counts(e, y, x);
          b.data[(e * 15 + y) * 21 + x] = 0.5;
        }
    const exposure = WcsNDMap.fromGeom(tGeom, { dtype: "float64", unit: "m2 s" });
    (exposure.data as Float64Array).fill(1e9);
    return new MapDataset({ name: "syn", counts: c, background: b, exposure });
  }

  it("no PSF: kernel is the point source on its pixel; TS matches the single-pixel Cash fit", () => {
    // source pixel (7, 10) with 12 counts per energy over background 0.5: one-pixel kernel (no PSF, no dispersion)
    const ds = dataset((_e, y, x) => (y === 7 && x === 10 ? 12 : 0));
    const k = tsMapKernel(ds, { kernelWidthDeg: 0.5 });
    // no PSF: Gammapy's evaluator cutout is 2 x 0.1 deg margin -> 3 x 3 pixels
    expect(k.shape).toEqual([1, 3, 3]);
    expect(k.data[4]).toBeCloseTo(1, 12);
    const m = estimateTSMap(ds, { kernelWidthDeg: 0.5 });
    const i = 7 * 21 + 10;
    // with one pixel: n = 24, b = 1 -> norm * model = n - b, ts = 2 (n ln(n/b) - (n - b))
    const n = 24;
    const b = 1;
    expect(m.maps.ts[i]).toBeCloseTo(2 * (n * Math.log(n / b) - (n - b)), 6);
    expect(m.maps.npred_excess[i]).toBeCloseTo(n - b, 2);
    expect(m.maps.sqrt_ts[i]).toBeCloseTo(Math.sqrt(m.maps.ts[i]), 12);
    expect(m.maps.success[i]).toBe(1);
    // other pixels: no counts under the kernel -> norm at the lower bound, negative sqrt_ts
    expect(m.maps.sqrt_ts[0]).toBeLessThanOrEqual(0);
    // flux = norm x reference flux over 1-10 TeV (PL index 2, 1e-12 at 1 TeV)
    expect(m.referenceFluxCm2S[0]).toBeCloseTo(1e-12 * (1 - 0.1), 20);
    expect(m.maps.flux[i] / m.maps.norm[i]).toBeCloseTo(m.referenceFluxCm2S[0], 20);
  });

  it("edges: the footprint is clipped as by padding with zero counts, background and exposure", () => {
    const ds = dataset((e, y, x) => ((x * 7 + y * 3 + e) % 5 === 0 ? 2 : 0));
    const m = estimateTSMap(ds, { kernelWidthDeg: 0.5, selectionOptional: ["ul", "errn-errp"] });
    expect(nanCount(m.maps.ts)).toBe(0);
    for (const name of ["norm_ul", "norm_errn", "norm_errp"]) expect(m.maps[name].length).toBe(21 * 15);
    // corner pixel: brute-force fit over the in-map part of the footprint (no padding arrays needed)
    const counts: number[] = [];
    for (let y = 0; y <= 2; y++)
      for (let x = 0; x <= 2; x++) counts.push([0, 1].reduce((s, e) => s + ((x * 7 + y * 3 + e) % 5 === 0 ? 2 : 0), 0));
    const norm = m.maps.norm[0];
    const model = m.maps.npred_excess[0] / norm; // total model counts of the corner footprint (single pixel kernel)
    const stat = (x: number) => 2 * (1 + x * model - counts[0] * Math.log(1 + x * model));
    expect(m.maps.ts[0]).toBeCloseTo(stat(0) - stat(norm), 8);
    expect(m.maps.norm_ul[0]).toBeGreaterThan(norm);
  });

  it("edges equal explicit zero padding (counts, background, exposure, safe mask), extended source kernel", () => {
    const pad = 6;
    const make = (nx: number, ny: number, inside: (y: number, x: number) => boolean, off: number) => {
      const g = WcsGeom.create({ lonDeg: 0, latDeg: 0, binszDeg: 0.1, npix: [nx, ny], frame: "icrs", axes: [energy] });
      const c = WcsNDMap.fromGeom(g, { dtype: "float64" });
      const b = WcsNDMap.fromGeom(g, { dtype: "float64" });
      const exposure = WcsNDMap.fromGeom(g.withAxes([energyTrue]), { dtype: "float64", unit: "m2 s" });
      const safe = new Uint8Array(2 * nx * ny);
      for (let e = 0; e < 2; e++)
        for (let y = 0; y < ny; y++)
          for (let x = 0; x < nx; x++) {
            if (!inside(y, x)) continue;
            const k = (e * ny + y) * nx + x;
            const [ys, xs] = [y - off, x - off];
            c.data[k] = (xs * 7 + ys * 3 + e) % 4 === 0 ? 2 : (xs + ys) % 5 === 0 ? 1 : 0;
            b.data[k] = 0.3 + 0.01 * xs;
            exposure.data[k] = 1e9 * (1 + 0.02 * ys);
            safe[k] = 1;
          }
      return new MapDataset({ name: "syn", counts: c, background: b, exposure, maskSafe: safe });
    };
    const small = make(21, 15, () => true, 0);
    const big = make(21 + 2 * pad, 15 + 2 * pad, (y, x) => y >= pad && y < 15 + pad && x >= pad && x < 21 + pad, pad);
    const options: TSMapOptions = { spatialModel: new GaussianSpatialModel({ sigma: 0.06 }, "icrs") };
    const a = estimateTSMap(small, options);
    const b = estimateTSMap(big, options);
    expect(a.kernel.shape).toEqual([1, 9, 9]);
    expect([...b.kernel.data]).toEqual([...a.kernel.data]);
    for (let y = 0; y < 15; y++)
      for (let x = 0; x < 21; x++) {
        const i = y * 21 + x;
        const j = (y + pad) * (21 + 2 * pad) + x + pad;
        expect(Math.abs(a.maps.ts[i] - b.maps.ts[j])).toBeLessThan(1e-9 * Math.max(1, Math.abs(b.maps.ts[j])));
        expect(a.maps.niter[i]).toBe(b.maps.niter[j]);
        expect(a.maps.norm[i]).toBeCloseTo(b.maps.norm[j], 9);
      }
    // outside the safe mask nothing is fitted
    expect(b.maps.ts[0]).toBeNaN();
  });

  it("downsampling: odd factors are rejected; factor 2 gives maps on the original pixels", () => {
    const ds = dataset((e, y, x) => ((x + y + e) % 3 === 0 ? 1 : 0));
    expect(() => estimateTSMap(ds, { downsamplingFactor: 3 })).toThrow(/downsampling/);
    // 21 x 15 pixels: the padded shape must be symmetric in both axes (here it is not: 21 + 2 vs 15 + 2)
    expect(() => estimateTSMap(ds, { downsamplingFactor: 2 })).toThrow(/downsampling|padding/);
  });
});

describe.skipIf(!DATA_DIR)(
  `TS map of the stacked Crab 3D dataset as Gammapy ${DATA_DIR ? "" : NO_DATA_MESSAGE}`,
  () => {
    let ds: MapDataset;
    const runs: Record<string, TSMaps> = {};
    const seconds: Record<string, number> = {};
    const run = (key: string, options: TSMapOptions): TSMaps => {
      if (!runs[key]) {
        const t0 = performance.now();
        runs[key] = estimateTSMap(ds, options);
        seconds[key] = (performance.now() - t0) / 1000;
        console.log(
          `[ts-map.test] ${key}: ${seconds[key].toFixed(3)} s (Gammapy default ${ref.time_default_s.toFixed(2)} s)`,
        );
      }
      return runs[key];
    };
    beforeAll(() => {
      ds = reduceCrab3d();
    }, 120_000);

    it("kernel: Gammapy's cutout size, pad width and values", () => {
      const k = tsMapKernel(ds);
      expect([...k.shape]).toEqual(ref.kernel.shape);
      let worst = 0;
      let sum = 0;
      const peakValue = Math.max(...ref.kernel.data);
      k.data.forEach((v, i) => {
        worst = Math.max(worst, Math.abs(v - ref.kernel.data[i]) / peakValue);
        sum += v;
      });
      console.log(`[ts-map.test] kernel max |diff| / peak ${worst.toExponential(2)}`);
      expect(sum).toBeCloseTo(1, 12);
      expect(worst).toBeLessThan(1e-4);
    });

    it("default estimator: peak sqrt_ts and pixel, ts per pixel, niter", () => {
      const m = run("default", {});
      const d = ref.default as Summary;
      const p = peak(m);
      console.log(`[ts-map.test] peak sqrt_ts ${p.value} (Gammapy ${d.peak.sqrt_ts}) at ${p.index}`);
      expect(rel(p.value, d.peak.sqrt_ts)).toBeLessThan(1e-3);
      expect(p.index).toBe(d.peak.index[1] * 100 + d.peak.index[2]);
      const ts: Array<number | null> = d.ts_full as Array<number | null>;
      let worst = 0;
      let nBig = 0;
      let sameNiter = 0;
      let nFit = 0;
      const niter = d.niter_full as number[];
      ts.forEach((want, i) => {
        const got = m.maps.ts[i];
        if (want === null) {
          expect(got).toBeNaN();
          return;
        }
        nFit++;
        if (niter[i] === m.maps.niter[i]) sameNiter++;
        if (want > 1) {
          nBig++;
          worst = Math.max(worst, rel(got, want));
        } else expect(Math.abs(got - want)).toBeLessThan(1e-3);
      });
      console.log(
        `[ts-map.test] ts > 1: ${nBig} pixels, worst relative ${worst.toExponential(2)}; same niter ${sameNiter}/${nFit}`,
      );
      expect(worst).toBeLessThan(1e-3);
      expect(sameNiter / nFit).toBeGreaterThan(0.99);
      for (const name of ["norm", "norm_err", "npred", "npred_excess", "stat", "stat_null", "sqrt_ts"]) {
        const r = compareSample(m, d, name, 2e-2, 1);
        expect(r.bad, name).toBeLessThanOrEqual(3);
      }
    });

    const variants: Array<[string, TSMapOptions]> = [
      ["threshold", { threshold: 10 }],
      ["energy_groups", { energyEdgesTeV: [1, 10 ** 0.5, 10], sumOverEnergyGroups: false }],
      ["groups_summed", { energyEdgesTeV: [1, 10 ** 0.5, 10] }],
      ["kernel_width", { kernelWidthDeg: 0.5 }],
      ["errors", { selectionOptional: ["errn-errp", "ul"] }],
      ["downsampling", { downsamplingFactor: 2 }],
    ];
    for (const [key, options] of variants) {
      it(`variant ${key}: peak and sampled pixels`, () => {
        const m = run(key, options);
        const d = ref[key] as Summary;
        const p = peak(m);
        const [, py, px] = d.peak.index;
        const g = d.peak.index[0];
        expect(p.index).toBe(g * 10000 + py * 100 + px);
        expect(rel(p.value, d.peak.sqrt_ts)).toBeLessThan(1e-3);
        if (d.ts_full) {
          let worst = 0;
          (d.ts_full as Array<number | null>).forEach((want, i) => {
            if (want === null) expect(m.maps.ts[i]).toBeNaN();
            else if (want > 1) worst = Math.max(worst, rel(m.maps.ts[i], want));
          });
          console.log(`[ts-map.test] ${key} ts > 1 worst relative ${worst.toExponential(2)}`);
          expect(worst).toBeLessThan(1e-3);
        }
        const names = ["ts", "sqrt_ts", "norm", "norm_err"];
        if (key === "errors") names.push("norm_errn", "norm_errp", "norm_ul");
        for (const name of names) {
          const r = compareSample(m, d, name, name === "ts" ? 1e-3 : 2e-2, name === "ts" ? 1 : 0.05);
          console.log(`[ts-map.test] ${key} ${name}: ${r.bad} off, worst ${r.worst.toExponential(2)}`);
          expect(r.bad, name).toBeLessThanOrEqual(3);
          expect(nanCount(m.maps[name])).toBe((d[name] as Quantity).nan_count);
        }
      });
    }
  },
);

/**
 * On-off map datasets (MapDatasetOnOff): alpha, profiled background and WStat on small hand-made maps, slicing and
 * Gammapy's per-pixel stacking rules; on the ring dataset of the stacked 3D Crab analysis, info numbers, stacking of
 * two rings and a WStat point-source fit against Gammapy 1.0 (test/fixtures/ring/crab-ring.json).
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { Analysis } from "../../src/analysis/analysis.js";
import { readAnalysisConfig } from "../../src/analysis/node.js";
import { openDataStore } from "../../src/data/node.js";
import { MapDataset } from "../../src/datasets/map-dataset.js";
import { MapDatasetOnOff, mapOnOffInfoDict, stackMapDatasetsOnOff } from "../../src/datasets/map-dataset-onoff.js";
import { RingBackgroundMaker } from "../../src/makers/ring.js";
import { MapAxis } from "../../src/maps/axis.js";
import { readMapFile } from "../../src/maps/node.js";
import { WcsGeom } from "../../src/maps/wcs-geom.js";
import { WcsNDMap } from "../../src/maps/wcs-map.js";
import { Fit } from "../../src/modeling/fit.js";
import { readModelsYaml } from "../../src/modeling/index.js";
import { wstatProfileBackground, wstatSum } from "../../src/stats/index.js";
import { DATA_DIR, NO_DATA_MESSAGE, REPO_ROOT } from "../support/data.js";

const ref = JSON.parse(readFileSync(join(REPO_ROOT, "test/fixtures/ring/crab-ring.json"), "utf8"));
const rel = (a: number, b: number) => Math.abs(a / b - 1);
const sum = (a: ArrayLike<number>) => {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i];
  return s;
};

function tiny(counts: number[], maskSafe?: number[]): MapDataset {
  const axis = MapAxis.fromEnergyEdges([1, 3, 10]);
  const geom = WcsGeom.create({ lonDeg: 0, latDeg: 0, frame: "icrs", binszDeg: 0.1, widthDeg: [0.2, 0.1] }).toCube([
    axis,
  ]);
  const geomT = geom.withAxes([axis.copy({ name: "energy_true" })]);
  return new MapDataset({
    name: "tiny",
    counts: new WcsNDMap(geom, Float64Array.from(counts), ""),
    exposure: new WcsNDMap(geomT, new Float64Array(4).fill(1e9), "cm2 s"),
    maskSafe: maskSafe && Uint8Array.from(maskSafe),
    livetimeS: 100,
  });
}

describe("MapDatasetOnOff on hand-made maps", () => {
  const d = new MapDatasetOnOff({
    dataset: tiny([5, 0, 3, 7]),
    countsOff: [20, 10, 0, 30],
    acceptance: [1, 1, 1, 2],
    acceptanceOff: [10, 0, 0, 5],
  });

  it("alpha with nan_to_num, background alpha x OFF, profiled npred_background, WStat sum", () => {
    expect(Array.from(d.alpha)).toEqual([0.1, Number.MAX_VALUE, Number.MAX_VALUE, 0.4]);
    expect(d.background[0]).toBeCloseTo(2, 12);
    expect(d.background[3]).toBeCloseTo(12, 12);
    const nb = d.npredBackground();
    expect(nb[0]).toBeCloseTo(0.1 * wstatProfileBackground(5, 20, 0.1, 0), 12);
    expect(nb[3]).toBeCloseTo(0.4 * wstatProfileBackground(7, 30, 0.4, 0), 12);
    const mask = [1, 0, 0, 1];
    d.maskFit = Uint8Array.from(mask);
    expect(d.statSum()).toBeCloseTo(wstatSum([5, 0, 3, 7], [20, 10, 0, 30], d.alpha, [0, 0, 0, 0], mask), 10);
    d.maskFit = undefined;
    expect(d.statType).toBe("wstat");
    expect(
      () => new MapDatasetOnOff({ dataset: tiny([1, 2, 3, 4]), countsOff: [1], acceptance: [1], acceptanceOff: [1] }),
    ).toThrow();
  });

  it("sliceByIdx keeps the energy bins asked for", () => {
    const s = d.sliceByIdx(1, 2);
    expect(Array.from(s.countsOff)).toEqual([0, 30]);
    expect(Array.from(s.counts.data as Float64Array)).toEqual([3, 7]);
    expect(s.energyAxis.nbin).toBe(1);
  });

  it("stacking: OFF and alpha x OFF summed within safe masks, acceptance 1, OFF acceptance OFF / sum(alpha OFF)", () => {
    const a = new MapDatasetOnOff({
      dataset: tiny([5, 1, 3, 7], [1, 1, 0, 1]),
      countsOff: [20, 10, 4, 0],
      acceptance: [1, 1, 1, 1],
      acceptanceOff: [10, 5, 2, 4],
    });
    const b = new MapDatasetOnOff({
      dataset: tiny([2, 2, 2, 2], [1, 0, 1, 1]),
      countsOff: [10, 10, 8, 0],
      acceptance: [1, 1, 1, 1],
      acceptanceOff: [20, 20, 4, 4],
    });
    const s = stackMapDatasetsOnOff([a, b]);
    expect(Array.from(s.countsOff)).toEqual([30, 10, 8, 0]);
    expect(Array.from(s.acceptance)).toEqual([1, 1, 1, 1]);
    const totalAlpha = [20 * 0.1 + 10 * 0.05, 10 * 0.2, 8 * 0.25, 0];
    const average = (totalAlpha[0] + totalAlpha[1] + totalAlpha[2]) / 48;
    expect(s.acceptanceOff[0]).toBeCloseTo(30 / totalAlpha[0], 12);
    expect(s.acceptanceOff[2]).toBeCloseTo(8 / totalAlpha[2], 12);
    expect(s.acceptanceOff[3]).toBeCloseTo(1 / average, 12);
    // counts of the first as they are (Gammapy), of the others within their safe masks
    expect(Array.from(s.counts.data as Float64Array)).toEqual([7, 1, 5, 9]);
    expect(Array.from(s.maskSafe)).toEqual([1, 1, 1, 1]);
    expect(s.livetimeS).toBe(200);
    expect(sum(s.exposure.data as Float64Array)).toBe(8e9);
    expect(() => stackMapDatasetsOnOff([])).toThrow();
  });
});

describe.skipIf(!DATA_DIR)(
  `ring on-off dataset of the stacked Crab: info, stack, WStat fit ${DATA_DIR ? "" : NO_DATA_MESSAGE}`,
  () => {
    let stacked: MapDataset;
    let exclusionMask: WcsNDMap;
    let onOff: MapDatasetOnOff;
    beforeAll(async () => {
      const c = readAnalysisConfig(join(REPO_ROOT, "examples", "crab-3d.yaml"));
      exclusionMask = readMapFile(c.string("datasets.background.exclusion")!) as WcsNDMap;
      const a = new Analysis(c, { dataStore: openDataStore(c.string("observations.datastore")!), exclusionMask });
      a.getObservations();
      await a.getDatasets();
      stacked = a.datasets[0] as MapDataset;
      onOff = new RingBackgroundMaker(0.5, 0.3, exclusionMask).run(stacked);
    }, 180_000);

    it("info numbers as Gammapy's info_dict", () => {
      const info = mapOnOffInfoDict(onOff);
      for (const k of [
        "counts",
        "excess",
        "sqrt_ts",
        "background",
        "npred",
        "npred_background",
        "counts_off",
        "acceptance",
        "acceptance_off",
        "alpha",
        "livetime",
        "ontime",
        "exposure_min",
        "exposure_max",
        "stat_sum",
        "n_bins",
        "n_fit_bins",
      ] as const)
        expect(rel(info[k] as number, ref.info[k]), k).toBeLessThan(1e-5);
      expect(info.stat_type).toBe("wstat");
    });

    it("stack of two rings (0.5/0.3 and 0.4/0.4 deg) with Gammapy's per-pixel rules", () => {
      const d2 = new RingBackgroundMaker(0.4, 0.4, exclusionMask).run(stacked);
      const s = stackMapDatasetsOnOff([onOff, d2]);
      expect(sum(s.counts.data as ArrayLike<number>)).toBe(ref.stack.counts);
      expect(rel(sum(s.countsOff), ref.stack.counts_off)).toBeLessThan(1e-6);
      expect(rel(sum(s.acceptance), ref.stack.acceptance)).toBeLessThan(1e-12);
      expect(rel(sum(s.acceptanceOff), ref.stack.acceptance_off)).toBeLessThan(1e-5);
      expect(sum(s.maskSafe)).toBe(ref.stack.mask_safe);
      const alpha = s.alpha;
      ref.samples.index.forEach((k: number, j: number) => {
        expect(rel(s.countsOff[k], ref.stack.counts_off_samples[j])).toBeLessThan(1e-6);
        expect(rel(s.acceptanceOff[k], ref.stack.acceptance_off_samples[j])).toBeLessThan(1e-5);
        expect(rel(alpha[k], ref.stack.alpha_samples[j])).toBeLessThan(1e-5);
      });
    });

    it("WStat point-source fit: initial stat, index/amplitude within 1%, errors within 5%, position", () => {
      const models = readModelsYaml(readFileSync(join(REPO_ROOT, "examples", "crab-3d-models.yaml"), "utf8"));
      onOff.models = models;
      expect(Math.abs(onOff.statSum() - ref.stat_sum_initial)).toBeLessThan(0.05);
      const r = new Fit().run([onOff]);
      expect(r.success).toBe(true);
      expect(Math.abs(r.totalStat - ref.fit.total_stat)).toBeLessThan(0.05);
      for (const want of ref.fit.parameters as Array<{ name: string; value: number; error: number }>) {
        const kind = want.name === "lon_0" || want.name === "lat_0" ? "spatial" : "spectral";
        const p = models.parameter(`crab.${kind}.${want.name}`);
        if (kind === "spatial") expect(Math.abs(p.value - want.value) / want.error, want.name).toBeLessThan(0.1);
        else expect(rel(p.value, want.value), want.name).toBeLessThan(0.01);
        expect(rel(p.error, want.error), `${want.name} error`).toBeLessThan(0.05);
      }
    }, 180_000);
  },
);

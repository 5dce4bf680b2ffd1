/**
 * The 3D Crab analysis of examples/crab-3d.yaml (= ../shared/reference/crab-3d.yaml + a light curve) against
 * Gammapy 1.0 (../shared/reference/gammapy-crab-3d.json; light curve from scripts/oracle/light_curve_reference.py):
 * stacked maps, excess map, fit, flux points and the per-observation light curve, with the tolerances.
 */
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { Analysis } from "../../src/analysis/analysis.js";
import { readAnalysisConfig } from "../../src/analysis/node.js";
import { openDataStore } from "../../src/data/node.js";
import { mapInfoDict } from "../../src/datasets/info.js";
import type { MapDataset } from "../../src/datasets/map-dataset.js";
import { sedQuantities } from "../../src/estimators/index.js";
import { readMapFile } from "../../src/maps/node.js";
import type { WcsNDMap } from "../../src/maps/wcs-map.js";
import { readModelsYaml } from "../../src/modeling/index.js";
import { DATA_DIR, NO_DATA_MESSAGE, REPO_ROOT } from "../support/data.js";

const REF = join(REPO_ROOT, "..", "shared", "reference", "gammapy-crab-3d.json");
const rel = (a: number, b: number) => Math.abs(a / b - 1);

describe.skipIf(!DATA_DIR || !existsSync(REF))(`3D Crab analysis as Gammapy ${DATA_DIR ? "" : NO_DATA_MESSAGE}`, () => {
  const ref = existsSync(REF) ? JSON.parse(readFileSync(REF, "utf8")) : {};
  const lcRef = JSON.parse(readFileSync(join(REPO_ROOT, "test/fixtures/light-curve/crab-3d.json"), "utf8"));
  let a: Analysis;
  let stacked: MapDataset;
  beforeAll(async () => {
    const c = readAnalysisConfig(join(REPO_ROOT, "examples", "crab-3d.yaml"));
    a = new Analysis(c, {
      dataStore: openDataStore(c.string("observations.datastore")!),
      exclusionMask: readMapFile(c.string("datasets.background.exclusion")!) as WcsNDMap,
    });
    a.getObservations();
    await a.getDatasets();
    stacked = a.datasets[0] as MapDataset;
  }, 120_000);

  it("stacked maps: counts exactly, background and exposure sums within 1e-4, safe mask", () => {
    expect(stacked.counts.sum()).toBe(ref.maps.counts_sum);
    expect(rel(stacked.background!.sum(), ref.maps.background_sum)).toBeLessThan(1e-4);
    expect(rel(stacked.exposure.sum(), ref.maps.exposure_sum)).toBeLessThan(1e-4);
    expect(stacked.maskSafe.reduce((s, v) => s + v, 0)).toBe(ref.maps.mask_safe_sum);
    expect(rel(stacked.livetimeS, ref.info.livetime)).toBeLessThan(1e-9);
  });

  it("excess map (before models): peak sqrt_ts within 1% at the same pixel", () => {
    const ex = a.getExcessMap();
    const s = ex.maps.sqrt_ts;
    let best = 0;
    for (let i = 1; i < s.length; i++) if (s[i] > s[best]) best = i;
    const [nx, ny] = ex.geom.npix;
    const idx = [Math.floor(best / (nx * ny)), Math.floor((best % (nx * ny)) / nx), best % nx];
    expect(idx).toEqual(ref.excess_map.max_index);
    expect(rel(s[best], ref.excess_map.max_sqrt_ts)).toBeLessThan(0.01);
  });

  it("fit: position within 0.1 sigma, index/amplitude/norm within 1%, errors within 5%; flux points; info", async () => {
    a.setModels(readModelsYaml(readFileSync(join(REPO_ROOT, "examples", "crab-3d-models.yaml"), "utf8")));
    const r = await a.runFit();
    expect(r.success).toBe(true);
    expect(Math.abs(r.totalStat - ref.fit.total_stat)).toBeLessThan(0.01);
    const names = a.models!.parameterNames();
    for (const want of ref.parameters as Array<{ model: string; name: string; value: number; error: number }>) {
      const p = a.models!.parameter(
        `${want.model}.${want.model.endsWith("-bkg") ? "spectral" : ["lon_0", "lat_0"].includes(want.name) ? "spatial" : "spectral"}.${want.name}`,
      );
      expect(names.has(p)).toBe(true);
      if (want.error === 0) continue;
      if (want.name === "lon_0" || want.name === "lat_0")
        expect(Math.abs(p.value - want.value) / want.error, want.name).toBeLessThan(0.1);
      else expect(rel(p.value, want.value), want.name).toBeLessThan(0.01);
      expect(rel(p.error, want.error), `${want.name} error`).toBeLessThan(0.05);
    }
    const info = mapInfoDict(stacked);
    for (const k of [
      "counts",
      "background",
      "excess",
      "sqrt_ts",
      "npred",
      "npred_background",
      "livetime",
      "ontime",
    ] as const)
      expect(rel(info[k] as number, ref.info[k]), k).toBeLessThan(1e-3);
    const fp = await a.getFluxPoints();
    const q = sedQuantities(fp, "dnde");
    for (let i = 0; i < ref.flux_points.e_ref.length; i++) {
      expect(rel(fp.eRefTeV[i], ref.flux_points.e_ref[i])).toBeLessThan(1e-9);
      expect(rel(q.value[i], ref.flux_points.dnde[i])).toBeLessThan(0.02);
      expect(rel(fp.ts[i], ref.flux_points.ts[i])).toBeLessThan(0.03);
      expect(rel(q.ul[i], ref.flux_points.dnde_ul[i])).toBeLessThan(0.03);
    }
  }, 120_000);

  it("light curve per observation within 2% of Gammapy's (reference model values)", async () => {
    for (const p of ref.parameters)
      if (p.model === "crab") a.models!.get("crab").parameters.get(p.name).value = p.value;
    const lc = await a.getLightCurve();
    expect(lc.points.length).toBe(4);
    lc.points.forEach((fp, i) => {
      expect(Math.abs(lc.timeMinMjd[i] - lcRef.time_min[i]) * 86400).toBeLessThan(1e-3);
      expect(rel(fp.norm[0], lcRef.norm[i])).toBeLessThan(0.02);
      expect(rel(fp.normErr[0], lcRef.norm_err[i])).toBeLessThan(0.02);
      expect(rel(fp.ts[0], lcRef.ts[i])).toBeLessThan(0.02);
      expect(rel(sedQuantities(fp, "flux").value[0], lcRef.flux[i])).toBeLessThan(0.02);
    });
  }, 120_000);

  it("light curve on two time intervals (two runs each, fitted jointly) within 2% of Gammapy's", async () => {
    const { estimateLightCurve } = await import("../../src/estimators/light-curve.js");
    const times = [0, 1, 2, 3].map((i) => ({ startMjd: lcRef.time_min[i], stopMjd: lcRef.time_max[i] }));
    const lc = estimateLightCurve(a.runDatasets, times, {
      source: "crab",
      energyEdgesTeV: [1, 10],
      intervals: [
        { startMjd: 53343.9, stopMjd: 53344.0 },
        { startMjd: 53345.0, stopMjd: 53348.0 },
      ],
    });
    expect(lc.points.length).toBe(2);
    lc.points.forEach((fp, i) => {
      expect(rel(fp.norm[0], lcRef.intervals.norm[i])).toBeLessThan(0.02);
      expect(rel(fp.normErr[0], lcRef.intervals.norm_err[i])).toBeLessThan(0.02);
      expect(rel(fp.ts[0], lcRef.intervals.ts[i])).toBeLessThan(0.02);
    });
  }, 120_000);
});

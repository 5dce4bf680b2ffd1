/**
 * The joint 3D Crab analysis (examples/crab-3d.yaml with `datasets.stack: false`) against Gammapy 1.0
 * (test/fixtures/map-dataset/crab-3d-joint.json from scripts/oracle/crab_3d_joint_reference.py): one map dataset per
 * run whose FoV normalisation starts its own background model, a joint Cash fit and flux points.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { Analysis } from "../../src/analysis/analysis.js";
import { AnalysisConfig } from "../../src/analysis/config.js";
import { analysisEnv } from "../../src/analysis/node.js";
import { openDataStore } from "../../src/data/node.js";
import type { MapDataset } from "../../src/datasets/map-dataset.js";
import { sedQuantities } from "../../src/estimators/index.js";
import { readMapFile } from "../../src/maps/node.js";
import type { WcsNDMap } from "../../src/maps/wcs-map.js";
import { readModelsYaml } from "../../src/modeling/index.js";
import { DATA_DIR, NO_DATA_MESSAGE, REPO_ROOT } from "../support/data.js";

const rel = (a: number, b: number) => Math.abs(a / b - 1);

describe.skipIf(!DATA_DIR)(`joint 3D Crab analysis as Gammapy ${DATA_DIR ? "" : NO_DATA_MESSAGE}`, () => {
  const ref = JSON.parse(readFileSync(join(REPO_ROOT, "test/fixtures/map-dataset/crab-3d-joint.json"), "utf8"));
  let a: Analysis;
  beforeAll(async () => {
    const file = join(REPO_ROOT, "examples", "crab-3d.yaml");
    const text = readFileSync(file, "utf8").replace("stack: true", "stack: false");
    const c = AnalysisConfig.fromYaml(text, { file, env: analysisEnv() });
    a = new Analysis(c, {
      dataStore: openDataStore(c.string("observations.datastore")!),
      exclusionMask: readMapFile(c.string("datasets.background.exclusion")!) as WcsNDMap,
    });
    a.getObservations();
    await a.getDatasets();
  }, 120_000);

  it("one dataset per run with Gammapy's counts; fit, background norms and flux points agree", async () => {
    expect(a.datasets.map((d) => (d as MapDataset).name)).toEqual(["23523", "23526", "23559", "23592"]);
    a.datasets.forEach((d, i) => {
      const m = d as MapDataset;
      let counts = 0;
      for (let j = 0; j < m.maskSafe.length; j++) if (m.maskSafe[j]) counts += Number(m.counts.data[j]);
      expect(counts).toBe(ref.datasets[i].counts);
    });
    a.setModels(readModelsYaml(readFileSync(join(REPO_ROOT, "examples", "crab-3d-models.yaml"), "utf8")));
    const r = await a.runFit();
    expect(r.success).toBe(true);
    expect(Math.abs(r.totalStat - ref.fit.total_stat)).toBeLessThan(1e-3);
    // Gammapy names its per-run datasets at random: its parameters come in dataset order
    const free = [...a.models!.parameters].filter((p) => !p.frozen);
    expect(free.map((p) => p.name)).toEqual(ref.parameters.map((p: { name: string }) => p.name));
    free.forEach((p, i) => {
      const want = ref.parameters[i];
      if (p.name === "lon_0" || p.name === "lat_0")
        expect(Math.abs(p.value - want.value) / want.error, p.name).toBeLessThan(0.01);
      else expect(rel(p.value, want.value), p.name).toBeLessThan(1e-4);
      expect(rel(p.error, want.error), `${p.name} error`).toBeLessThan(0.02);
    });
    const fp = await a.getFluxPoints();
    const q = sedQuantities(fp, "dnde");
    for (let i = 0; i < ref.flux_points.e_ref.length; i++) {
      // every run keeps its own fitted background model in the bin fits, as in Gammapy
      expect(rel(q.value[i], ref.flux_points.dnde[i])).toBeLessThan(1e-4);
      expect(rel(q.err[i], ref.flux_points.dnde_err[i])).toBeLessThan(1e-4);
      expect(rel(q.ul[i], ref.flux_points.dnde_ul[i])).toBeLessThan(1e-4);
      expect(rel(fp.ts[i], ref.flux_points.ts[i])).toBeLessThan(1e-4);
    }
  }, 240_000);
});

/**
 * Tasks in worker threads give the same numbers as in this thread, bit for bit, for any number of workers (a
 * simulated 3D store, and the H.E.S.S. Crab runs when the data are present); task errors arrive typed; an abort
 * cancels.
 */
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { simulatedCrab3dConfigYaml, simulatedCrabConfigYaml } from "../../cli/commands/simulate.js";
import { Analysis } from "../../src/analysis/analysis.js";
import { AnalysisConfig } from "../../src/analysis/config.js";
import { estimateTSMapTiles } from "../../src/analysis/estimation.js";
import { reduceMapRunTask } from "../../src/analysis/map-reduction.js";
import { analysisEnv, readAnalysisConfig, WorkerPool } from "../../src/analysis/node.js";
import type { Executor } from "../../src/analysis/tasks.js";
import { openDataStore } from "../../src/data/node.js";
import type { MapDataset } from "../../src/datasets/map-dataset.js";
import type { SpectrumDataset } from "../../src/datasets/spectrum-dataset.js";
import { estimateTSMap } from "../../src/estimators/ts-map.js";
import type { MapDatasetParts } from "../../src/makers/index.js";
import { readMapFile } from "../../src/maps/node.js";
import type { WcsNDMap } from "../../src/maps/wcs-map.js";
import { readModelsYaml } from "../../src/modeling/index.js";
import { simulateDataStore } from "../../src/simulate/node.js";
import { DATA_DIR, NO_DATA_MESSAGE, REPO_ROOT } from "../support/data.js";

/** Reduces a 3d config with an executor (none: in this thread); returns the parts of every dataset. */
async function reduce(config: AnalysisConfig, executor?: Executor): Promise<MapDatasetParts[]> {
  const exclusion = config.string("datasets.background.exclusion");
  const a = new Analysis(config, {
    dataStore: openDataStore(config.string("observations.datastore")!),
    exclusionMask: exclusion ? (readMapFile(exclusion) as WcsNDMap) : undefined,
    executor,
  });
  a.getObservations();
  await a.getDatasets();
  return a.mapParts;
}

/** Every value of every map of the parts, in order. */
function values(parts: MapDatasetParts[]): number[] {
  const out: number[] = [];
  for (const p of parts)
    for (const m of [p.counts, p.exposure, p.background, p.maskSafe, p.psf?.irfMap, p.edisp?.irfMap])
      if (m) for (let i = 0; i < m.data.length; i++) out.push(Number(m.data[i]));
  return out;
}

function expectSame(a: MapDatasetParts[], b: MapDatasetParts[]): void {
  expect(b.map((p) => [p.name, p.livetimeS, p.meta.backgroundNorm])).toEqual(
    a.map((p) => [p.name, p.livetimeS, p.meta.backgroundNorm]),
  );
  const x = values(a);
  const y = values(b);
  expect(y.length).toBe(x.length);
  let differ = 0;
  for (let i = 0; i < x.length; i++) if (!Object.is(x[i], y[i])) differ++;
  expect(differ).toBe(0);
}

describe("worker pool: simulated 3D store", () => {
  const dir = mkdtempSync(join(tmpdir(), "gammats-pool-"));
  let config: AnalysisConfig;
  let inline: MapDatasetParts[];
  const pools: WorkerPool[] = [];
  beforeAll(async () => {
    simulateDataStore(dir, { nObs: 3, livetimeS: 600, seed: 3 });
    config = AnalysisConfig.fromYaml(simulatedCrab3dConfigYaml(dir, [1, 2, 3]));
    inline = await reduce(config);
  }, 120_000);
  afterAll(async () => {
    await Promise.all(pools.map((p) => p.close()));
    rmSync(dir, { recursive: true, force: true });
  });

  it("1 and 2 workers give the inline numbers bit for bit (stacked and joint)", async () => {
    for (const size of [1, 2]) {
      const pool = new WorkerPool({ size });
      pools.push(pool);
      expectSame(inline, await reduce(config, pool));
    }
    const joint = AnalysisConfig.fromYaml(
      simulatedCrab3dConfigYaml(dir, [1, 2, 3]).replace("stack: true", "stack: false"),
    );
    const perRun = await reduce(joint);
    expect(perRun.map((p) => p.name)).toEqual(["1", "2", "3"]);
    expectSame(perRun, await reduce(joint, pools[1]));
  }, 120_000);

  it("flux points and light curves: 2 workers give the inline numbers bit for bit", async () => {
    const pool = new WorkerPool({ size: 2 });
    pools.push(pool);
    const estimates = async (executor?: Executor) => {
      const a = new Analysis(config, { dataStore: openDataStore(dir), executor });
      a.getObservations();
      await a.getDatasets();
      a.setModels(readModelsYaml(readFileSync(join(REPO_ROOT, "examples", "crab-3d-models.yaml"), "utf8")));
      await a.runFit();
      const fp = await a.getFluxPoints();
      const lc = await a.getLightCurve();
      return [fp, ...lc.points].flatMap((p) => [...p.norm, ...p.normErr, ...p.normUl, ...p.ts, ...p.statScan]);
    };
    const inlineValues = await estimates();
    expect(inlineValues.filter((v) => Number.isFinite(v)).length).toBeGreaterThan(20);
    expect(await estimates(pool)).toEqual(inlineValues);
  }, 240_000);

  it("a joint fit with the datasets on 2 workers gives the inline fit bit for bit", async () => {
    const pool = new WorkerPool({ size: 2 });
    pools.push(pool);
    const joint = AnalysisConfig.fromYaml(
      simulatedCrab3dConfigYaml(dir, [1, 2, 3]).replace("stack: true", "stack: false"),
    );
    const fitJoint = async (executor?: Executor) => {
      const a = new Analysis(joint, { dataStore: openDataStore(dir), executor });
      a.getObservations();
      await a.getDatasets();
      a.setModels(readModelsYaml(readFileSync(join(REPO_ROOT, "examples", "crab-3d-models.yaml"), "utf8")));
      const r = await a.runFit();
      const info = (a.datasets as MapDataset[]).map((d) => d.npred().reduce((x, v) => x + v, 0));
      return { r, values: [...a.models!.parameters].flatMap((p) => [p.value, p.error]), info };
    };
    const here = await fitJoint();
    const there = await fitJoint(pool);
    expect(here.r.success).toBe(true);
    expect(there.r.totalStat).toBe(here.r.totalStat);
    expect(there.r.nfev).toBe(here.r.nfev);
    expect(there.values).toEqual(here.values);
    expect(there.info).toEqual(here.info);
  }, 240_000);

  it("TS maps in row tiles on 2 workers equal the direct estimation bit for bit", async () => {
    const pool = new WorkerPool({ size: 2 });
    pools.push(pool);
    const a = new Analysis(config, { dataStore: openDataStore(dir) });
    a.getObservations();
    const [dataset] = (await a.getDatasets()) as MapDataset[];
    const options = { kernelWidthDeg: 0.5, selectionOptional: ["ul"] as const };
    const direct = estimateTSMap(dataset, options);
    const tiled = await estimateTSMapTiles(dataset, options, pool);
    expect(Object.keys(tiled.maps)).toEqual(Object.keys(direct.maps));
    for (const name of Object.keys(direct.maps)) expect([...tiled.maps[name]], name).toEqual([...direct.maps[name]]);
    expect(Math.max(...direct.maps.ts.filter((v) => !Number.isNaN(v)))).toBeGreaterThan(25);
  }, 240_000);

  it("1D: 2 workers give the inline spectrum datasets bit for bit", async () => {
    const pool = new WorkerPool({ size: 2 });
    pools.push(pool);
    const c1d = AnalysisConfig.fromYaml(simulatedCrabConfigYaml(dir, [1, 2, 3]).replace("stack: true", "stack: false"));
    const spectra = async (executor?: Executor) => {
      const a = new Analysis(c1d, { dataStore: openDataStore(dir), executor });
      a.getObservations();
      return (await a.getDatasets()) as SpectrumDataset[];
    };
    const here = await spectra();
    const there = await spectra(pool);
    expect(there.map((d) => d.name)).toEqual(here.map((d) => d.name));
    here.forEach((d, i) => {
      const e = there[i];
      for (const k of ["counts", "countsOff", "acceptanceOff", "exposure", "edisp", "maskSafe"] as const)
        expect([...e[k]!], k).toEqual([...d[k]!]);
      expect(e.livetimeS).toBe(d.livetimeS);
    });
    expect(here.reduce((n, d) => n + d.counts.reduce((s, v) => s + v, 0), 0)).toBeGreaterThan(50);
  }, 240_000);

  it("a task's error arrives typed, and an abort cancels", async () => {
    const pool = new WorkerPool({ size: 2 });
    pools.push(pool);
    const input = { config: config.tree, obsId: 999 };
    await expect(pool.forEach(reduceMapRunTask, [input], () => {})).rejects.toMatchObject({ code: "NOT_FOUND" });
    const controller = new AbortController();
    const inputs = [1, 2, 3].map((obsId) => ({ config: config.tree, obsId }));
    const run = pool.forEach(reduceMapRunTask, inputs, () => {}, { signal: controller.signal });
    controller.abort();
    await expect(run).rejects.toMatchObject({ code: "CANCELLED" });
    // the pool starts new threads after a cancellation
    let n = 0;
    await pool.forEach(reduceMapRunTask, inputs.slice(0, 2), () => n++);
    expect(n).toBe(2);
  }, 120_000);
});

describe.skipIf(!DATA_DIR)(`worker pool: H.E.S.S. Crab 3D ${DATA_DIR ? "" : NO_DATA_MESSAGE}`, () => {
  it("2 workers give the inline stacked dataset bit for bit", async () => {
    const config = readAnalysisConfig(join(REPO_ROOT, "examples", "crab-3d.yaml"), analysisEnv());
    const pool = new WorkerPool({ size: 2 });
    try {
      expectSame(await reduce(config), await reduce(config, pool));
    } finally {
      await pool.close();
    }
  }, 240_000);
});

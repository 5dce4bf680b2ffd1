/**
 * Point-like IRFs (RAD_MAX_2D): the MAGIC Crab runs with a point ON region, wobble OFF regions (3) whose counts use
 * RAD_MAX around each OFF point, aeff-max safe mask and a stacked power-law fit, against Gammapy 1.0
 * (scripts/oracle/magic_pointlike_reference.py).
 */
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { openDataStore } from "../../src/data/node.js";
import { stackSpectrumDatasets } from "../../src/datasets/index.js";
import { makeReflectedBackground, makeSafeMask, makeSpectrumDataset } from "../../src/makers/index.js";
import { MapAxis } from "../../src/maps/axis.js";
import { RegionGeom } from "../../src/maps/region-geom.js";
import { createSpectralModel, Fit, Models, PowerLaw, SkyModel } from "../../src/modeling/index.js";
import { DATA_DIR, dataPath, NO_DATA_MESSAGE, REPO_ROOT } from "../support/data.js";

const ref = JSON.parse(readFileSync(`${REPO_ROOT}/test/fixtures/spectrum/magic-pointlike.json`, "utf8"));
const rel = (a: number, b: number) => Math.abs(a / b - 1);

describe.skipIf(!DATA_DIR)(`point-like MAGIC analysis as Gammapy ${DATA_DIR ? "" : NO_DATA_MESSAGE}`, () => {
  it("counts, OFF counts (RAD_MAX around wobble points), masks, exposure, and the stacked fit", () => {
    const store = openDataStore(dataPath("magic", "rad_max", "data"));
    const energyAxis = MapAxis.fromEnergyBounds(0.05, 50, 5, { perDecade: true, name: "energy" });
    const energyAxisTrue = MapAxis.fromEnergyBounds(0.01, 100, 10, { perDecade: true, name: "energy_true" });
    const geom = new RegionGeom({ kind: "point", center: { lon: 83.633, lat: 22.014, frame: "icrs" } }, [energyAxis]);
    const datasets = ref.runs.map((r: any) => {
      const obs = store.obs(r.obs_id, "point-like");
      const ds = makeSpectrumDataset(geom, energyAxisTrue, obs);
      const { dataset } = makeReflectedBackground(ds, obs, { wobbleOffRegions: 3 });
      dataset.maskSafe = makeSafeMask(dataset, obs, { methods: ["aeff-max"], aeffPercent: 10 });
      expect([...dataset.counts]).toEqual(r.counts);
      expect([...dataset.countsOff!]).toEqual(r.counts_off);
      expect([...dataset.acceptanceOff!]).toEqual(r.acceptance_off);
      expect([...dataset.maskSafe]).toEqual(r.mask_safe);
      dataset.exposure.forEach((v, k) => {
        expect(Math.abs(v - r.exposure_cm2s[k])).toBeLessThanOrEqual(1e-6 * r.exposure_cm2s[k]);
      });
      return dataset;
    });
    const stacked = stackSpectrumDatasets(datasets);
    const model = createSpectralModel(PowerLaw, { index: 2.6, amplitude: 5e-11 });
    stacked.models = new Models([new SkyModel({ name: "crab", spectralModel: model })]);
    const r = new Fit().run([stacked]);
    expect(Math.abs(r.totalStat - ref.fit.total_stat)).toBeLessThan(1e-3);
    for (const name of ["index", "amplitude"]) {
      const [value, error] = ref.fit.parameters[name];
      expect(rel(model.parameters.get(name).value, value), name).toBeLessThan(1e-3);
      expect(rel(model.parameters.get(name).error, error), `${name} error`).toBeLessThan(0.01);
    }
  }, 60_000);
});

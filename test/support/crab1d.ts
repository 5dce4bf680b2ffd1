/** The 1D reduction of crab-1d.yaml's four H.E.S.S. Crab runs, shared by the 1D tests (needs the real data). */
import { readFileSync } from "node:fs";
import { openDataStore } from "../../src/data/node.js";
import type { SpectrumDataset } from "../../src/datasets/index.js";
import { makeReflectedBackground, makeSafeMask, makeSpectrumDataset, type OffRegions } from "../../src/makers/index.js";
import { MapAxis } from "../../src/maps/axis.js";
import { RegionGeom } from "../../src/maps/region-geom.js";
import { circle } from "../../src/maps/regions.js";
import { dataPath, REPO_ROOT } from "./data.js";

/** Gammapy 1.0 reference of the 1D Crab analysis (scripts/oracle/spectrum_reference.py). */
export const CRAB_1D_REF = JSON.parse(readFileSync(`${REPO_ROOT}/test/fixtures/spectrum/crab-1d.json`, "utf8"));

/** Per-run on-off datasets with safe masks, and their OFF regions. */
export async function reduceCrab1d(): Promise<Array<{ dataset: SpectrumDataset; off: OffRegions }>> {
  const store = await openDataStore(dataPath("hess-dl3-dr1"));
  const energyAxis = MapAxis.fromEnergyBounds(0.5, 30, 20, { name: "energy" });
  const energyAxisTrue = MapAxis.fromEnergyBounds(0.1, 50, 40, { name: "energy_true" });
  const geom = new RegionGeom(circle(83.633, 22.014, 0.11), [energyAxis]);
  const runs: Array<{ dataset: SpectrumDataset; off: OffRegions }> = [];
  for (const r of CRAB_1D_REF.runs) {
    const obs = await store.obs(r.obs_id);
    const ds = makeSpectrumDataset(geom, energyAxisTrue, obs, { containmentCorrection: true });
    const { dataset, offRegions } = makeReflectedBackground(ds, obs);
    dataset.maskSafe = makeSafeMask(dataset, obs, { methods: ["aeff-default", "aeff-max"], aeffPercent: 10 });
    runs.push({ dataset, off: offRegions });
  }
  return runs;
}

/**
 * "Is my source emitting in these data?": the flux upper limit at a position without a source (84.2, 22.6 deg) in the
 * four H.E.S.S. Crab runs, reflected regions avoiding the Crab, against Gammapy 1.0
 * (scripts/oracle/upper_limit_reference.py).
 */
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { openDataStore } from "../../src/data/node.js";
import { infoDict, stackSpectrumDatasets } from "../../src/datasets/index.js";
import { estimateFluxPoints, sedQuantities } from "../../src/estimators/index.js";
import { makeReflectedBackground, makeSafeMask, makeSpectrumDataset } from "../../src/makers/index.js";
import { MapAxis } from "../../src/maps/axis.js";
import { exclusionMask } from "../../src/maps/masks.js";
import { RegionGeom } from "../../src/maps/region-geom.js";
import { circle } from "../../src/maps/regions.js";
import { WcsGeom } from "../../src/maps/wcs-geom.js";
import { createSpectralModel, Models, PowerLaw, SkyModel } from "../../src/modeling/index.js";
import { DATA_DIR, dataPath, NO_DATA_MESSAGE, REPO_ROOT } from "../support/data.js";

const ref = JSON.parse(readFileSync(`${REPO_ROOT}/test/fixtures/spectrum/upper-limit.json`, "utf8"));
const rel = (a: number, b: number) => Math.abs(a / b - 1);

describe.skipIf(!DATA_DIR)(`upper limit at an empty position as Gammapy ${DATA_DIR ? "" : NO_DATA_MESSAGE}`, () => {
  it("counts, OFF counts, excess, TS ~ 0 and the 2-sigma flux upper limit (1-10 TeV)", () => {
    const store = openDataStore(dataPath("hess-dl3-dr1"));
    const geom = new RegionGeom(circle(84.2, 22.6, 0.11), [MapAxis.fromEnergyBounds(0.5, 30, 20)]);
    const energyAxisTrue = MapAxis.fromEnergyBounds(0.1, 50, 40, { name: "energy_true" });
    const exclusion = exclusionMask(
      WcsGeom.create({ lonDeg: 83.633, latDeg: 22.014, frame: "icrs", binszDeg: 0.02, widthDeg: 6 }),
      [circle(83.633, 22.014, 0.3)],
    );
    const runs = [23523, 23526, 23559, 23592].map((id) => {
      const obs = store.obs(id);
      const ds = makeSpectrumDataset(geom, energyAxisTrue, obs, { containmentCorrection: true });
      const { dataset } = makeReflectedBackground(ds, obs, { exclusionMask: exclusion });
      dataset.maskSafe = makeSafeMask(dataset, obs, { methods: ["aeff-default"] });
      return dataset;
    });
    const stacked = stackSpectrumDatasets(runs);
    const info = infoDict(stacked);
    expect(info.counts).toBe(ref.counts);
    expect(info.counts_off).toBe(ref.counts_off);
    expect(Math.abs(info.excess - ref.excess)).toBeLessThan(1e-3);
    stacked.models = new Models([
      new SkyModel({ name: "src", spectralModel: createSpectralModel(PowerLaw, { index: 2, amplitude: 1e-12 }) }),
    ]);
    const fp = estimateFluxPoints([stacked], { energyEdgesTeV: [1, 10], source: "src", selectionOptional: ["ul"] });
    expect(fp.ts[0]).toBeLessThan(0.01);
    expect(rel(fp.normUl[0], ref.norm_ul)).toBeLessThan(0.01);
    expect(rel(sedQuantities(fp, "flux").ul[0], ref.flux_ul)).toBeLessThan(0.01);
  }, 60_000);
});

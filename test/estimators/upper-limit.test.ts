/**
 * "Is my source emitting in these data?": the flux upper limit at a position without a source (84.2, 22.6 deg) in the
 * four H.E.S.S. Crab runs, reflected regions avoiding the Crab, against Gammapy 1.0
 * (scripts/oracle/upper_limit_reference.py).
 */
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { infoDict } from "../../src/datasets/index.js";
import { estimateFluxPoints, sedQuantities } from "../../src/estimators/index.js";
import { createSpectralModel, Models, PowerLaw, SkyModel } from "../../src/modeling/index.js";
import { DATA_DIR, NO_DATA_MESSAGE, REPO_ROOT } from "../support/data.js";
import { reduceEmptyCrabField } from "../support/empty-field.js";

const ref = JSON.parse(readFileSync(`${REPO_ROOT}/test/fixtures/spectrum/upper-limit.json`, "utf8"));
const rel = (a: number, b: number) => Math.abs(a / b - 1);

describe.skipIf(!DATA_DIR)(`upper limit at an empty position as Gammapy ${DATA_DIR ? "" : NO_DATA_MESSAGE}`, () => {
  it("counts, OFF counts, excess, TS ~ 0 and the 2-sigma flux upper limit (1-10 TeV)", () => {
    const stacked = reduceEmptyCrabField();
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

/**
 * Temporal models in dataset predictions against Gammapy 1.0 (scripts/oracle/temporal_npred_reference.py): a power
 * law times a Gaussian, exponential-decay or linear temporal model on the H.E.S.S. run 23523 spectrum (one GTI).
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { readOgipFiles } from "../../src/datasets/node.js";
import { temporalNorm } from "../../src/datasets/temporal-norm.js";
import { Models, SkyModel } from "../../src/modeling/models.js";
import { createSpectralModel, PowerLaw } from "../../src/modeling/spectral.js";
import { temporalModelFromDict } from "../../src/modeling/temporal.js";
import { maxRelDiff } from "../support/compare.js";
import { REPO_ROOT } from "../support/data.js";

const ref = JSON.parse(readFileSync(join(REPO_ROOT, "test", "fixtures", "joint", "temporal.json"), "utf8"));
const pha = join(REPO_ROOT, "test", "fixtures", "datasets", "gammapy-ogip", "pha_obs23523.fits.gz");

describe("temporal models in spectrum dataset predictions", () => {
  it.each(["gaussian", "expdecay", "linear"])("%s: mean norm over the GTI, npred and WStat equal Gammapy's", (name) => {
    const want = ref[name];
    const d = readOgipFiles(pha);
    const model = new SkyModel({
      name: "src",
      spectralModel: createSpectralModel(PowerLaw, { index: 2.6, amplitude: 4e-11, reference: 1 }),
      temporalModel: temporalModelFromDict(want.temporal.temporal),
    });
    d.models = new Models([model]);
    // GTI times reach MJD through a different chain of doubles than astropy's two-part times: ~1e-10 relative
    expect(Math.abs(temporalNorm(model, d.gti, d.name) / want.norm - 1)).toBeLessThan(1e-9);
    expect(maxRelDiff(d.npredSignal(), want.npred_signal, 1e-30)).toBeLessThan(1e-9);
    expect(d.statSum()).toBeCloseTo(want.stat_sum, 6);
  });

  it("a temporal model needs the dataset's GTI", () => {
    const d = readOgipFiles(pha);
    d.gti = undefined;
    d.models = new Models([
      new SkyModel({
        name: "src",
        spectralModel: createSpectralModel(PowerLaw),
        temporalModel: temporalModelFromDict(ref.gaussian.temporal.temporal),
      }),
    ]);
    expect(() => d.npredSignal()).toThrow(/dataset '23523' has no GTI for the temporal model of 'src'/);
  });
});

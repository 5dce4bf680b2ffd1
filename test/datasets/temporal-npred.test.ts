/**
 * Temporal models in dataset predictions against Gammapy 1.0 (scripts/oracle/temporal_npred_reference.py): a power
 * law times a Gaussian, exponential-decay or linear temporal model on the H.E.S.S. run 23523 spectrum (one GTI).
 */
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { readOgipFiles } from "../../src/datasets/node.js";
import { temporalNorm } from "../../src/datasets/temporal-norm.js";
import { writeFitsFile } from "../../src/fits/node.js";
import { Models, SkyModel } from "../../src/modeling/models.js";
import { readLightCurveTable } from "../../src/modeling/node.js";
import { createSpectralModel, PowerLaw } from "../../src/modeling/spectral.js";
import { LightCurveTemplateTemporalModel, temporalModelFromDict } from "../../src/modeling/temporal.js";
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

  it("a light curve template read from its FITS table (TIME in TIMEUNIT from MJDREF, NORM) scales the prediction", () => {
    const gti = readOgipFiles(pha).gti!;
    const [a, b] = ref.gti_mjd as number[];
    // a light curve rising linearly from 0 at the GTI start to 2 at its end (days from the reference MJD 53343)
    const file = join(mkdtempSync(join(tmpdir(), "gammats-lc-")), "lc.fits");
    writeFitsFile(file, [
      { kind: "image" },
      {
        kind: "bintable",
        name: "LIGHTCURVE",
        columns: [
          { name: "TIME", data: Float64Array.of(a - 53343, b - 53343) },
          { name: "NORM", data: Float64Array.of(0, 2) },
        ],
        cards: [
          { key: "MJDREFI", value: 53343 },
          { key: "MJDREFF", value: 0 },
          { key: "TIMESYS", value: "UTC" },
          { key: "TIMEUNIT", value: "d" },
        ],
      },
    ]);
    const model = new SkyModel({
      name: "src",
      spectralModel: createSpectralModel(PowerLaw),
      temporalModel: new LightCurveTemplateTemporalModel(readLightCurveTable(file), file),
    });
    // the GTI is TT and the template UTC (64.184 s earlier), the ramp clipped at 0 before its start; Gammapy's
    // numerical integral: 100 equally spaced samples over the interval, their sum times the spacing
    const d = 64.184 / 86400;
    let sum = 0;
    for (let k = 0; k < 100; k++) sum += Math.max(0, (2 * (a - d + (k * (b - a)) / 99 - a)) / (b - a));
    expect(temporalNorm(model, gti, "23523")).toBeCloseTo(sum / 99, 6);
    expect(() => readLightCurveTable(file, "map")).toThrow(/light curve format 'map'/);
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

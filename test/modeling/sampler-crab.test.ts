/**
 * Nested sampling of the H.E.S.S. Crab spectra against the likelihood fit: the stacked 1D dataset of crab-1d.yaml
 * (power law, 1-20 TeV; the fit equals Gammapy 1.0's), and the joint fit of three H.E.S.S. runs of Gammapy's
 * nested-sampling tutorial (joint-crab OGIP spectra, its priors and sampler options; the tutorial prints
 * logZ = -65.104 +- 0.292 from UltraNest).
 */
import { beforeAll, describe, expect, it } from "vitest";
import { type SpectrumDataset, stackSpectrumDatasets } from "../../src/datasets/index.js";
import { readOgipFiles } from "../../src/datasets/node.js";
import { energyMask } from "../../src/makers/index.js";
import { circle } from "../../src/maps/regions.js";
import {
  createSpectralModel,
  Fit,
  logUniformPrior,
  Models,
  PowerLaw,
  Sampler,
  SkyModel,
  uniformPrior,
} from "../../src/modeling/index.js";
import { reduceCrab1d, CRAB_1D_REF as ref } from "../support/crab1d.js";
import { DATA_DIR, dataPath, hasData, NO_DATA_MESSAGE } from "../support/data.js";

describe.skipIf(!DATA_DIR)(`nested sampling of the stacked Crab spectrum ${DATA_DIR ? "" : NO_DATA_MESSAGE}`, () => {
  let stacked: SpectrumDataset;
  beforeAll(async () => {
    stacked = stackSpectrumDatasets((await reduceCrab1d()).map((r) => r.dataset));
    stacked.maskFit = energyMask(stacked.energyAxis.edges, 1, 20);
  }, 60_000);

  it("posterior means within 0.1 sigma of the fit values, widths within 5 % of the fit errors, evidence as Laplace's", () => {
    const model = createSpectralModel(PowerLaw, { index: 2.6, amplitude: 5e-11 });
    stacked.models = new Models([new SkyModel({ name: "crab", spectralModel: model })]);
    const fit = new Fit().run([stacked]);
    const names = ["index", "amplitude"];
    const value = names.map((n) => model.parameters.get(n).value);
    const error = names.map((n) => model.parameters.get(n).error);
    expect(value[0]).toBeCloseTo(ref.fits.pl.parameters[0].value, 4);
    // Gammapy's tutorial priors: uniform index, log-uniform amplitude
    model.parameters.get("index").prior = uniformPrior(1, 5);
    model.parameters.get("amplitude").prior = logUniformPrior(1e-12, 1e-10);
    const r = new Sampler({ seed: 0 }).run([stacked]);
    expect(r.success).toBe(true);
    expect(r.names).toEqual(["crab.spectral.index", "crab.spectral.amplitude"]);
    for (let k = 0; k < 2; k++) {
      expect(Math.abs(r.posterior.mean[k] - value[k]) / error[k], names[k]).toBeLessThan(0.1);
      expect(Math.abs(r.posterior.stdev[k] / error[k] - 1), `${names[k]} width`).toBeLessThan(0.05);
    }
    // Laplace approximation: ln Z = ln L_max + ln(2 pi) + ln |C| / 2 + ln prior density at the best fit
    const c = fit.covariance;
    const n = fit.parameters.length;
    const i = fit.parameters.indexOf(model.parameters.get("index"));
    const a = fit.parameters.indexOf(model.parameters.get("amplitude"));
    const det = c[i * n + i] * c[a * n + a] - c[i * n + a] ** 2;
    const logPrior = Math.log(1 / 4) - Math.log(value[1] * Math.log(100));
    const laplace = -fit.totalStat / 2 + Math.log(2 * Math.PI) + 0.5 * Math.log(det) + logPrior;
    expect(Math.abs(r.logZ - laplace)).toBeLessThan(2 * r.logZErr);
    expect(r.nfev).toBeLessThan(6000);
  });
});

const JOINT = "joint-crab/spectra/hess";
describe.skipIf(!hasData(JOINT))(
  `Gammapy's nested-sampling tutorial (joint Crab) ${DATA_DIR ? "" : NO_DATA_MESSAGE}`,
  () => {
    it("ln Z agrees with the tutorial's -65.104 +- 0.292 and the posterior with the joint fit", () => {
      const datasets = ["23526", "23559", "23592"].map((id) =>
        readOgipFiles(dataPath(JOINT, `pha_obs${id}.fits`), { region: circle(83.633, 22.014, 0.11) }),
      );
      const model = createSpectralModel(PowerLaw, {});
      const models = new Models([new SkyModel({ name: "crab", spectralModel: model })]);
      for (const d of datasets) d.models = models;
      new Fit().run(datasets);
      const value = ["index", "amplitude"].map((n) => model.parameters.get(n).value);
      const error = ["index", "amplitude"].map((n) => model.parameters.get(n).error);
      model.parameters.get("amplitude").prior = logUniformPrior(1e-12, 1e-10);
      model.parameters.get("index").prior = uniformPrior(1, 5);
      const r = new Sampler({ livePoints: 300, fracRemain: 0.3, seed: 0 }).run(datasets);
      expect(Math.abs(r.logZ - -65.104)).toBeLessThan(Math.hypot(0.292, r.logZErr));
      for (let k = 0; k < 2; k++) expect(Math.abs(r.posterior.mean[k] - value[k]) / error[k]).toBeLessThan(0.15);
    });
  },
);

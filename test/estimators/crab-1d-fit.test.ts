/**
 * Fit and flux points of the stacked 1D Crab dataset against Gammapy 1.0 (PowerLaw, LogParabola,
 * ExpCutoffPowerLaw; flux points of the power law), fixture from scripts/oracle/spectrum_reference.py.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { type SpectrumDataset, stackSpectrumDatasets } from "../../src/datasets/index.js";
import { estimateFluxPoints, sedQuantities } from "../../src/estimators/index.js";
import { energyMask } from "../../src/makers/index.js";
import { MapAxis } from "../../src/maps/axis.js";
import {
  createSpectralModel,
  ExpCutoffPowerLaw,
  Fit,
  gaussianPrior,
  LogParabola,
  Models,
  PowerLaw,
  SkyModel,
} from "../../src/modeling/index.js";
import { reduceCrab1d, CRAB_1D_REF as ref } from "../support/crab1d.js";
import { DATA_DIR, NO_DATA_MESSAGE } from "../support/data.js";

const rel = (a: number, b: number) => Math.abs(a / b - 1);

const STARTS = {
  pl: () => createSpectralModel(PowerLaw, { index: 2.6, amplitude: 5e-11 }),
  lp: () => createSpectralModel(LogParabola, { alpha: 2.5, beta: 0.1, amplitude: 5e-11, reference: 1 }),
  ecpl: () => createSpectralModel(ExpCutoffPowerLaw, { index: 2.3, amplitude: 5e-11, lambda_: 0.1 }),
};

describe.skipIf(!DATA_DIR)(`fit of the stacked Crab spectrum as Gammapy ${DATA_DIR ? "" : NO_DATA_MESSAGE}`, () => {
  let stacked: SpectrumDataset;
  beforeAll(async () => {
    stacked = stackSpectrumDatasets((await reduceCrab1d()).map((r) => r.dataset));
    stacked.maskFit = energyMask(stacked.energyAxis.edges, 1, 20);
  }, 60_000);

  for (const tag of ["pl", "lp", "ecpl"] as const) {
    it(`${tag}: best-fit values within 1% (PL: 1e-4), errors within 5%, statistic within 1e-4`, () => {
      const model = STARTS[tag]();
      stacked.models = new Models([new SkyModel({ name: "crab", spectralModel: model })]);
      const r = new Fit().run([stacked]);
      const want = ref.fits[tag];
      expect(r.success).toBe(true);
      expect(Math.abs(r.totalStat - want.total_stat)).toBeLessThan(1e-4);
      const tol = tag === "pl" ? 1e-4 : 1e-2;
      for (const w of want.parameters) {
        const p = model.parameters.get(w.name);
        if (w.frozen) continue;
        expect(rel(p.value, w.value), `${tag}.${w.name}`).toBeLessThan(tol);
        expect(rel(p.error, w.error), `${tag}.${w.name} error`).toBeLessThan(tag === "pl" ? 1e-3 : 0.05);
      }
    });
  }

  it("a Gaussian prior adds ((v - mu) / sigma)^2: combining it with the likelihood gives the analytic weighted mean", () => {
    const model = STARTS.pl();
    stacked.models = new Models([new SkyModel({ name: "crab", spectralModel: model })]);
    new Fit().run([stacked]);
    const index = model.parameters.get("index");
    const [v0, s0] = [index.value, index.error];
    // prior N(2.5, 0.1): for a near-Gaussian likelihood the posterior mode is the inverse-variance weighted mean
    index.prior = gaussianPrior(2.5, 0.1);
    const r = new Fit().run([stacked]);
    const expected = (v0 / s0 ** 2 + 2.5 / 0.1 ** 2) / (1 / s0 ** 2 + 1 / 0.1 ** 2);
    const expectedError = 1 / Math.sqrt(1 / s0 ** 2 + 1 / 0.1 ** 2);
    expect(r.success).toBe(true);
    expect(Math.abs(index.value - expected)).toBeLessThan(0.1 * expectedError);
    expect(rel(index.error, expectedError)).toBeLessThan(0.1);
    index.prior = undefined;
  });

  it("flux points: dnde, errors and ul within 1e-4, ts within 1e-4, errn/errp within 1%, likelihood scan", () => {
    const model = STARTS.pl();
    stacked.models = new Models([new SkyModel({ name: "crab", spectralModel: model })]);
    new Fit().run([stacked]);
    const fp = estimateFluxPoints([stacked], {
      energyEdgesTeV: MapAxis.fromEnergyBounds(1, 20, 6).edges,
      source: "crab",
    });
    const want = ref.fits.pl.flux_points;
    const q = sedQuantities(fp, "dnde");
    for (let i = 0; i < 6; i++) {
      expect(rel(fp.eRefTeV[i], want.e_ref[i])).toBeLessThan(1e-12);
      expect(rel(fp.eMinTeV[i], want.e_min[i])).toBeLessThan(1e-12);
      expect(rel(q.value[i], want.dnde[i])).toBeLessThan(1e-4);
      expect(rel(q.err[i], want.dnde_err[i])).toBeLessThan(1e-4);
      expect(rel(q.ul[i], want.dnde_ul[i])).toBeLessThan(1e-4);
      expect(rel(q.errn[i], want.dnde_errn[i])).toBeLessThan(1e-2);
      expect(rel(q.errp[i], want.dnde_errp[i])).toBeLessThan(1e-2);
      expect(rel(fp.ts[i], want.ts[i])).toBeLessThan(1e-4);
      expect(fp.counts[i]).toBe(want.counts[i]);
      for (let k = 0; k < fp.nScan; k++) {
        expect(fp.normScan[i * fp.nScan + k]).toBeCloseTo(want.norm_scan[i][k], 12);
        expect(Math.abs(fp.statScan[i * fp.nScan + k] - want.stat_scan[i][k])).toBeLessThan(1e-3);
      }
    }
    // parameters are restored: the source model keeps its best fit
    expect(model.parameters.get("index").frozen).toBe(false);
    expect(rel(model.parameters.get("index").value, ref.fits.pl.parameters[0].value)).toBeLessThan(1e-4);
  });
});

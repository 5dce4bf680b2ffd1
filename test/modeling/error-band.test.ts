import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { choleskyLower, linearErrorBand, sampleSpectralErrorBand } from "../../src/modeling/error-band.js";
import { createSpectralModel, LogParabola, PowerLaw } from "../../src/modeling/spectral.js";
import { CompoundSpectralModel, ConstantSpectral, TemplateSpectralModel } from "../../src/modeling/spectral-models.js";
import { ArgumentError } from "../../src/util/errors.js";
import { REPO_ROOT } from "../support/data.js";

interface BandCase {
  tag: string;
  parameters: Record<string, number>;
  covariance: number[];
  value: number[];
  error: number[];
}
const fixture: { energy: number[]; cases: BandCase[] } = JSON.parse(
  readFileSync(join(REPO_ROOT, "test/fixtures/modeling/spectral_error_band.json"), "utf8"),
);
const energy = Float64Array.from(fixture.energy);
const DEFS = { PowerLawSpectralModel: PowerLaw, LogParabolaSpectralModel: LogParabola } as const;

function modelOf(c: BandCase) {
  return createSpectralModel(DEFS[c.tag as keyof typeof DEFS], c.parameters);
}

// PowerLaw: index 2.5 +- 0.1, amplitude 3e-12 +- 3e-13 at 1 TeV, decorrelation energy 2 TeV (energy index 3)
const plCase = fixture.cases[0];
const E_DECORRELATION_INDEX = 3;
const FAR_INDEX = 6; // 100 TeV

describe("choleskyLower", () => {
  it("factors a positive-definite matrix and rejects others", () => {
    const a = [4, 2, 0.4, 2, 5, 1, 0.4, 1, 3];
    const l = choleskyLower(a, 3);
    for (let i = 0; i < 3; i++)
      for (let j = 0; j < 3; j++) {
        let s = 0;
        for (let k = 0; k < 3; k++) s += l[i * 3 + k] * l[j * 3 + k];
        expect(s).toBeCloseTo(a[i * 3 + j], 12);
      }
    expect(() => choleskyLower([1, 2, 2, 1], 2)).toThrow(ArgumentError);
  });
});

describe("linearErrorBand vs Gammapy 1.0 evaluate_error", () => {
  for (const c of fixture.cases) {
    it(c.tag, () => {
      const model = modelOf(c);
      const band = linearErrorBand(model, c.covariance, energy);
      for (let k = 0; k < energy.length; k++) {
        expect(Math.abs(band.value[k] / c.value[k] - 1)).toBeLessThan(1e-12);
        // forward differences with the same step: agree far better than the step's truncation error
        expect(Math.abs(band.error[k] / c.error[k] - 1), `error at ${energy[k]} TeV`).toBeLessThan(1e-6);
        expect(band.lo[k]).toBeCloseTo(band.value[k] - band.error[k], 30);
      }
    });
  }

  it("rejects a covariance of the wrong size", () => {
    expect(() => linearErrorBand(modelOf(plCase), [1, 0, 0, 1], energy)).toThrow(ArgumentError);
  });
});

describe("sampleSpectralErrorBand", () => {
  const model = modelOf(plCase);
  const sampled = sampleSpectralErrorBand(model, plCase.covariance, energy, { nSamples: 20000, seed: 11 });
  const linear = linearErrorBand(model, plCase.covariance, energy);

  it("agrees with linear propagation within 3% near the decorrelation energy", () => {
    const k = E_DECORRELATION_INDEX;
    const halfWidth = (sampled.hi[k] - sampled.lo[k]) / 2;
    expect(Math.abs(halfWidth / linear.error[k] - 1)).toBeLessThan(0.03);
    expect(Math.abs(sampled.median[k] / linear.value[k] - 1)).toBeLessThan(0.01);
    expect(Math.abs(sampled.hi[k] / linear.hi[k] - 1)).toBeLessThan(0.03);
    expect(Math.abs(sampled.lo[k] / linear.lo[k] - 1)).toBeLessThan(0.03);
  });

  it("is wider and asymmetric far from it", () => {
    const k = FAR_INDEX;
    const up = sampled.hi[k] - sampled.median[k];
    const down = sampled.median[k] - sampled.lo[k];
    expect(up / down).toBeGreaterThan(1.3); // log-normal-like: longer upper tail
    expect(sampled.hi[k]).toBeGreaterThan(linear.hi[k] * 1.03);
    // the upper side is wider than the linear error, the lower side narrower (both by far more than 3%)
    expect(up / linear.error[k]).toBeGreaterThan(1.1);
    expect(down / linear.error[k]).toBeLessThan(0.9);
  });

  it("is reproducible per seed and leaves the parameters unchanged", () => {
    const before = model.parameters.values;
    const a = sampleSpectralErrorBand(model, plCase.covariance, energy, { nSamples: 200, seed: 5 });
    const b = sampleSpectralErrorBand(model, plCase.covariance, energy, { nSamples: 200, seed: 5 });
    const c = sampleSpectralErrorBand(model, plCase.covariance, energy, { nSamples: 200, seed: 6 });
    expect(Array.from(a.hi)).toEqual(Array.from(b.hi));
    expect(Array.from(a.hi)).not.toEqual(Array.from(c.hi));
    expect(Array.from(model.parameters.values)).toEqual(Array.from(before));
  });

  it("fallback for non-analytic models equals the analytic path and restores the parameters", () => {
    // PL + const(0, frozen): same free parameters, same draws
    const constant = createSpectralModel(ConstantSpectral, { const: 0 });
    constant.parameters.get("const").frozen = true;
    const compound = new CompoundSpectralModel(modelOf(plCase), constant, "+");
    const cov = new Float64Array(16);
    for (let i = 0; i < 3; i++) for (let j = 0; j < 3; j++) cov[i * 4 + j] = plCase.covariance[i * 3 + j];
    const factors = compound.parameters.factors;
    const opts = { nSamples: 300, seed: 3 };
    const viaCompound = sampleSpectralErrorBand(compound, cov, energy, opts);
    const direct = sampleSpectralErrorBand(model, plCase.covariance, energy, opts);
    for (const key of ["median", "lo", "hi"] as const)
      for (let k = 0; k < energy.length; k++)
        expect(Math.abs(viaCompound[key][k] / direct[key][k] - 1)).toBeLessThan(1e-14);
    expect(Array.from(compound.parameters.factors)).toEqual(Array.from(factors));
    const lin = linearErrorBand(compound, cov, energy);
    for (let k = 0; k < energy.length; k++) expect(Math.abs(lin.error[k] / linear.error[k] - 1)).toBeLessThan(1e-9);
    expect(Array.from(compound.parameters.factors)).toEqual(Array.from(factors));
  });

  it("a template with a frozen norm has a zero-width band", () => {
    const t = new TemplateSpectralModel([0.1, 1, 10], [1e-10, 1e-12, 1e-14]);
    const band = sampleSpectralErrorBand(t, [0], energy, { nSamples: 10 });
    expect(Array.from(band.lo)).toEqual(Array.from(band.hi));
  });

  it("rejects bad options and non-positive-definite covariances", () => {
    expect(() => sampleSpectralErrorBand(model, plCase.covariance, energy, { nSamples: 0 })).toThrow(ArgumentError);
    expect(() => sampleSpectralErrorBand(model, plCase.covariance, energy, { quantiles: [0.1, 2] })).toThrow(
      ArgumentError,
    );
    const bad = [0.01, 1e-12, 0, 1e-12, 1e-26, 0, 0, 0, 0];
    expect(() => sampleSpectralErrorBand(model, bad, energy)).toThrow(ArgumentError);
  });
});

import { describe, expect, it } from "vitest";
import { hesse, migrad } from "../../../src/modeling/optimize/index.js";
import { GammatsError } from "../../../src/util/errors.js";
import { gaussianChi2 } from "./helpers.js";

const mean = [3e-12, 2e-3, -1, 500, 7];
const sigma = [1e-12, 1e-3, 0.3, 1e3, 2];
const corr = [
  1, 0.4, 0.1, -0.2, 0.3, 0.4, 1, 0.3, 0, -0.1, 0.1, 0.3, 1, 0.25, 0.2, -0.2, 0, 0.25, 1, 0.5, 0.3, -0.1, 0.2, 0.5, 1,
];

function expectCovariance(cov: Float64Array, rel: number): void {
  const n = mean.length;
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      const truth = sigma[i] * sigma[j] * corr[i * n + j];
      // relative to the scale sigma_i sigma_j (zero correlations are compared absolutely on that scale)
      expect(Math.abs(cov[i * n + j] - truth) / (sigma[i] * sigma[j])).toBeLessThan(rel);
    }
  }
}

describe("hesse", () => {
  it("recovers a correlated covariance with scales 1e-12..1e3 to 1e-6", () => {
    const f = gaussianChi2(mean, sigma, corr);
    const h = hesse(f, mean);
    expect(h.valid).toBe(true);
    expectCovariance(h.covariance, 1e-6);
    for (let i = 0; i < mean.length; i++) expect(h.errors[i] / sigma[i]).toBeCloseTo(1, 6);
    // Hessian = 2 inv(covariance) for errordef 1
    const n = mean.length;
    for (let i = 0; i < n; i++) {
      let s = 0;
      for (let k = 0; k < n; k++) s += h.hessian[i * n + k] * h.covariance[k * n + i];
      expect(s).toBeCloseTo(2, 5);
    }
    expect(h.nfev).toBeLessThan(200);
  });

  it("scales with errordef (0.5 for -log L gives the same errors)", () => {
    const chi2 = gaussianChi2(mean, sigma, corr);
    const h = hesse((x) => 0.5 * chi2(x), mean, { errordef: 0.5 });
    expectCovariance(h.covariance, 1e-6);
  });

  it("gives the covariance after migrad for bounded parameters (transformed back to external)", () => {
    const f = gaussianChi2([1, 2, 3], [0.1, 0.2, 0.3], [1, 0.2, 0, 0.2, 1, -0.4, 0, -0.4, 1]);
    const opts = { lower: [0, 0, Number.NaN], upper: [10, Number.NaN, 5] };
    const r = migrad(f, [2, 1, 2], opts);
    expect(r.success).toBe(true);
    const h = hesse(f, [1, 2, 3], opts);
    expect(h.valid).toBe(true);
    // the bound transformations are not linear: the finite-difference truncation error is ~1e-5 relative
    // (as in Minuit, whose steps make the objective change by ~2.4e-4)
    expect(h.errors[0] / 0.1).toBeCloseTo(1, 4);
    expect(h.errors[1] / 0.2).toBeCloseTo(1, 4);
    expect(h.errors[2] / 0.3).toBeCloseTo(1, 4);
    expect(h.covariance[1 * 3 + 2] / (-0.4 * 0.2 * 0.3)).toBeCloseTo(1, 4);
    for (let i = 0; i < 9; i++) expect(r.covariance[i]).toBeCloseTo(h.covariance[i], 3);
  });

  it("flags a Hessian that is not positive-definite", () => {
    const saddle = hesse((x) => x[0] ** 2 + x[1] ** 2 + 3 * x[0] * x[1], [0, 0]);
    expect(saddle.valid).toBe(false);
    expect(Array.from(saddle.covariance).every(Number.isFinite)).toBe(true);
    const negative = hesse((x) => x[0] ** 2 - x[1] ** 2, [0, 0]);
    expect(negative.valid).toBe(false);
    expect(Array.from(negative.errors).every(Number.isFinite)).toBe(true);
    expect(negative.errors[0]).toBeCloseTo(1, 6);
  });

  it("throws CANCELLED on an aborted signal", () => {
    const ac = new AbortController();
    ac.abort();
    expect(() => hesse((x) => x[0] ** 2, [0], { signal: ac.signal })).toThrow(GammatsError);
  });
});

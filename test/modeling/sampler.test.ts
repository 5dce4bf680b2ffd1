/**
 * Nested sampling against closed forms: the evidence and posterior of a correlated Gaussian likelihood with Gaussian
 * priors (Z = (2π)^{d/2} |Σ|^{1/2} N(μ; m, Σ + S), posterior N((Σ⁻¹ + S⁻¹)⁻¹ (Σ⁻¹μ + S⁻¹m), (Σ⁻¹ + S⁻¹)⁻¹)), and of a
 * separable likelihood under uniform and log-uniform priors (Z as a product of 1D integrals, by quadrature). The
 * problems go through `Sampler` with a `FitDataset` whose statistic is the chi-square, as a fit would see them.
 */
import normalCdf from "@stdlib/stats-base-dists-normal-cdf";
import { describe, expect, it } from "vitest";
import {
  createSpectralModel,
  type FitDataset,
  gaussianPrior,
  LogParabola,
  logUniformPrior,
  Models,
  nestedSampling,
  type Parameter,
  Sampler,
  SkyModel,
  uniformPrior,
} from "../../src/modeling/index.js";

/** A dataset over a log-parabola's amplitude, alpha and beta whose statistic is `stat(values)`. */
function problem(stat: (v: number[]) => number): { dataset: FitDataset; params: Parameter[] } {
  const model = createSpectralModel(LogParabola, { amplitude: 1, alpha: 0, beta: 0 });
  const models = new Models([new SkyModel({ name: "src", spectralModel: model })]);
  model.parameters.get("reference").frozen = true;
  const params = ["amplitude", "alpha", "beta"].map((n) => model.parameters.get(n));
  return { dataset: { name: "d", models, statSum: () => stat(params.map((p) => p.value)) }, params };
}

// Correlated 2D Gaussian likelihood in (alpha, beta); amplitude frozen.
const MU = [0.3, -0.2];
const SIG = [0.05, 0.08];
const RHO = 0.7;
const PRIOR_M = [0, 0];
const PRIOR_S = [1, 0.5];

function inv2(a: number[]): number[] {
  const det = a[0] * a[3] - a[1] * a[2];
  return [a[3] / det, -a[1] / det, -a[2] / det, a[0] / det];
}
const COV = [SIG[0] ** 2, RHO * SIG[0] * SIG[1], RHO * SIG[0] * SIG[1], SIG[1] ** 2];
const ICOV = inv2(COV);
const chi2 = (x: number, y: number) => {
  const a = x - MU[0];
  const b = y - MU[1];
  return ICOV[0] * a * a + 2 * ICOV[1] * a * b + ICOV[3] * b * b;
};

function gaussianCase() {
  const { dataset, params } = problem((v) => chi2(v[1], v[2]));
  params[0].frozen = true;
  params[1].prior = gaussianPrior(PRIOR_M[0], PRIOR_S[0]);
  params[2].prior = gaussianPrior(PRIOR_M[1], PRIOR_S[1]);
  return { dataset, params };
}

/** Analytic evidence and posterior of the Gaussian case. */
function gaussianTruth() {
  const t = [COV[0] + PRIOR_S[0] ** 2, COV[1], COV[2], COV[3] + PRIOR_S[1] ** 2];
  const detT = t[0] * t[3] - t[1] * t[2];
  const it = inv2(t);
  const dm = [MU[0] - PRIOR_M[0], MU[1] - PRIOR_M[1]];
  const q = it[0] * dm[0] ** 2 + 2 * it[1] * dm[0] * dm[1] + it[3] * dm[1] ** 2;
  const detC = COV[0] * COV[3] - COV[1] * COV[2];
  const logZ = 0.5 * Math.log(detC) - 0.5 * Math.log(detT) - 0.5 * q;
  const precision = [ICOV[0] + 1 / PRIOR_S[0] ** 2, ICOV[1], ICOV[2], ICOV[3] + 1 / PRIOR_S[1] ** 2];
  const post = inv2(precision);
  const rhs = [
    ICOV[0] * MU[0] + ICOV[1] * MU[1] + PRIOR_M[0] / PRIOR_S[0] ** 2,
    ICOV[2] * MU[0] + ICOV[3] * MU[1] + PRIOR_M[1] / PRIOR_S[1] ** 2,
  ];
  const mean = [post[0] * rhs[0] + post[1] * rhs[1], post[2] * rhs[0] + post[3] * rhs[1]];
  return { logZ, mean, sd: [Math.sqrt(post[0]), Math.sqrt(post[3])], rho: post[1] / Math.sqrt(post[0] * post[3]) };
}

describe("nested sampling: Gaussian likelihood with Gaussian priors (closed form)", () => {
  const truth = gaussianTruth();

  it("evidence within its error; posterior means, widths and correlation as the analytic posterior", () => {
    const { dataset, params } = gaussianCase();
    const r = new Sampler({ seed: 1 }).run([dataset]);
    expect(r.success).toBe(true);
    expect(r.names).toEqual(["src.spectral.alpha", "src.spectral.beta"]);
    expect(Math.abs(r.logZ - truth.logZ)).toBeLessThan(r.logZErr);
    expect(r.logZErr).toBeGreaterThan(0.05);
    expect(r.logZErr).toBeLessThan(0.2);
    expect(r.ess).toBeGreaterThan(400);
    for (let k = 0; k < 2; k++) {
      // Monte Carlo error of a weighted mean: sd / sqrt(ESS); allow 3 of them
      expect(Math.abs(r.posterior.mean[k] - truth.mean[k])).toBeLessThan((3 * truth.sd[k]) / Math.sqrt(r.ess));
      expect(Math.abs(r.posterior.stdev[k] / truth.sd[k] - 1)).toBeLessThan(0.06);
      expect(Math.abs(r.posterior.median[k] - truth.mean[k])).toBeLessThan(0.1 * truth.sd[k]);
      // quantiles scatter more than moments (about 0.04 sigma each at ESS 1000)
      expect(Math.abs((r.posterior.errup[k] - r.posterior.errlo[k]) / 2 / truth.sd[k] - 1)).toBeLessThan(0.12);
      // the parameters hold the posterior mean and standard deviation afterwards
      expect(params[k + 1].value).toBe(r.posterior.mean[k]);
      expect(params[k + 1].error).toBe(r.posterior.stdev[k]);
    }
    // correlation of the equal-weight samples
    const n = r.nSamples;
    const m = [0, 0];
    for (let i = 0; i < n; i++) for (let k = 0; k < 2; k++) m[k] += r.samples[i * 2 + k] / n;
    let sxy = 0;
    let sxx = 0;
    let syy = 0;
    for (let i = 0; i < n; i++) {
      const a = r.samples[i * 2] - m[0];
      const b = r.samples[i * 2 + 1] - m[1];
      sxy += a * b;
      sxx += a * a;
      syy += b * b;
    }
    expect(Math.abs(sxy / Math.sqrt(sxx * syy) - truth.rho)).toBeLessThan(0.05);
    // the maximum-likelihood point is near the likelihood's peak
    expect(-2 * r.maximumLikelihood.logL).toBeLessThan(0.05);
  });

  it("the evidence errors are honest: over 12 seeds the pulls have mean ~0 and spread ~1", () => {
    const pulls: number[] = [];
    for (let seed = 0; seed < 12; seed++) {
      const { dataset } = gaussianCase();
      const r = new Sampler({ seed, livePoints: 200, minEss: 200 }).run([dataset]);
      pulls.push((r.logZ - truth.logZ) / r.logZErr);
    }
    const mean = pulls.reduce((a, b) => a + b, 0) / pulls.length;
    const rms = Math.sqrt(pulls.reduce((a, b) => a + b * b, 0) / pulls.length);
    expect(Math.max(...pulls.map(Math.abs))).toBeLessThan(3);
    expect(Math.abs(mean)).toBeLessThan(0.9); // 3 sigma of the mean of 12 unit pulls
    expect(rms).toBeGreaterThan(0.4);
    expect(rms).toBeLessThan(1.6);
  });

  it("is deterministic for a seed and differs between seeds", () => {
    const a = new Sampler({ seed: 7, livePoints: 100, minEss: 50 }).run([gaussianCase().dataset]);
    const b = new Sampler({ seed: 7, livePoints: 100, minEss: 50 }).run([gaussianCase().dataset]);
    const c = new Sampler({ seed: 8, livePoints: 100, minEss: 50 }).run([gaussianCase().dataset]);
    expect(b.logZ).toBe(a.logZ);
    expect(b.nfev).toBe(a.nfev);
    expect(b.samples).toEqual(a.samples);
    expect(c.logZ).not.toBe(a.logZ);
  });
});

/** ∫ f over [a, b] by composite Simpson's rule with n (even) intervals. */
function simpson(f: (x: number) => number, a: number, b: number, n = 4000): number {
  const h = (b - a) / n;
  let s = f(a) + f(b);
  for (let i = 1; i < n; i++) s += (i % 2 ? 4 : 2) * f(a + i * h);
  return (s * h) / 3;
}

describe("nested sampling: uniform and log-uniform priors (quadrature)", () => {
  it("3 parameters: evidence within its error, posterior means and widths as the quadrature", () => {
    // separable likelihood: amplitude ~ N(3e-12, 4e-13) under log-uniform [1e-13, 1e-10]; alpha ~ N(2.2, 0.1)
    // under uniform [1, 4]; beta ~ N(0.05, 0.3), truncated by its uniform prior [0, 1]
    const like = [
      { mu: 3e-12, sd: 4e-13 },
      { mu: 2.2, sd: 0.1 },
      { mu: 0.05, sd: 0.3 },
    ];
    const { dataset, params } = problem((v) => v.reduce((s, x, k) => s + ((x - like[k].mu) / like[k].sd) ** 2, 0));
    params[0].prior = logUniformPrior(1e-13, 1e-10);
    params[1].prior = uniformPrior(1, 4);
    params[2].prior = uniformPrior(0, 1);
    const r = new Sampler({ seed: 3 }).run([dataset]);
    // amplitude: ∫ L(x) / (x ln 1000) dx, integrated in ln x
    const lnA = (t: number) => Math.exp(-0.5 * ((Math.exp(t) - like[0].mu) / like[0].sd) ** 2) / Math.log(1000);
    const z0 = simpson(lnA, Math.log(1e-13), Math.log(1e-10), 20000);
    const z1 = (Math.sqrt(2 * Math.PI) * like[1].sd) / 3; // fully inside [1, 4]
    const z2 =
      Math.sqrt(2 * Math.PI) *
      like[2].sd *
      (normalCdf(1, like[2].mu, like[2].sd) - normalCdf(0, like[2].mu, like[2].sd));
    const logZ = Math.log(z0) + Math.log(z1) + Math.log(z2);
    // one run: within 2 errors (95 %); over 30 seeds the pulls of this problem have mean 0.00 and rms 0.97
    expect(Math.abs(r.logZ - logZ)).toBeLessThan(2 * r.logZErr);
    // posterior moments by quadrature
    const moments = (f: (x: number) => number, a: number, b: number) => {
      const z = simpson(f, a, b);
      const m = simpson((x) => x * f(x), a, b) / z;
      return { m, sd: Math.sqrt(simpson((x) => (x - m) ** 2 * f(x), a, b) / z) };
    };
    const gauss = (k: number) => (x: number) => Math.exp(-0.5 * ((x - like[k].mu) / like[k].sd) ** 2);
    const want = [moments((x) => gauss(0)(x) / x, 1e-13, 1e-11), moments(gauss(1), 1, 4), moments(gauss(2), 0, 1)];
    for (let k = 0; k < 3; k++) {
      expect(Math.abs(r.posterior.mean[k] - want[k].m)).toBeLessThan((3 * want[k].sd) / Math.sqrt(r.ess));
      expect(Math.abs(r.posterior.stdev[k] / want[k].sd - 1)).toBeLessThan(0.07);
    }
  });

  it("every free parameter needs a prior; none free is an error; bad options are typed errors", () => {
    const { dataset, params } = problem((v) => v[1] ** 2);
    params[0].frozen = true;
    params[1].prior = uniformPrior(-1, 1);
    expect(() => new Sampler().run([dataset])).toThrow(/src\.spectral\.beta.*no prior.*NO_PRIOR/);
    params[2].frozen = true;
    params[1].frozen = true;
    expect(() => new Sampler().run([dataset])).toThrow(/NO_FREE_PARAMETERS/);
    const p = { ndim: 1, transform: (u: Float64Array, t: Float64Array) => t.set(u), logLikelihood: () => 0 };
    expect(() => nestedSampling(p, { livePoints: 2 })).toThrow(/livePoints/);
    expect(() => nestedSampling(p, { fracRemain: 1 })).toThrow(/fracRemain/);
  });

  it("stops at maxNcalls with success false and keeps the weights normalised", () => {
    const r = nestedSampling(
      {
        ndim: 2,
        transform: (u, t) => t.set(u),
        logLikelihood: (t) => -0.5 * (((t[0] - 0.5) / 1e-4) ** 2 + ((t[1] - 0.5) / 1e-4) ** 2),
      },
      { livePoints: 50, maxNcalls: 500 },
    );
    expect(r.success).toBe(false);
    expect(r.message).toMatch(/maxNcalls/);
    expect(r.weights.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 12);
  });
});

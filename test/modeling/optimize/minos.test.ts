import { describe, expect, it } from "vitest";
import { migrad, minos, profile } from "../../../src/modeling/optimize/index.js";
import { GammatsError } from "../../../src/util/errors.js";
import { gaussianChi2 } from "./helpers.js";

/** Root of a monotonic function on [a, b] by bisection. */
function bisect(f: (x: number) => number, a: number, b: number): number {
  let fa = f(a);
  for (let i = 0; i < 200; i++) {
    const m = 0.5 * (a + b);
    const fm = f(m);
    if (fm === 0) return m;
    if (fm * fa < 0) b = m;
    else {
      a = m;
      fa = fm;
    }
  }
  return 0.5 * (a + b);
}

describe("minos", () => {
  const mean = [1, -2, 0.5];
  const sigma = [2, 0.5, 3];
  const corr = [1, 0.6, -0.3, 0.6, 1, 0.2, -0.3, 0.2, 1];
  const f = gaussianChi2(mean, sigma, corr);

  it("gives exactly +-sigma on a correlated quadratic", () => {
    for (let i = 0; i < 3; i++) {
      const m = minos(f, mean, i, { fmin: 0 });
      expect(m.lowerValid && m.upperValid).toBe(true);
      expect(m.upper / sigma[i]).toBeCloseTo(1, 6);
      expect(m.lower / sigma[i]).toBeCloseTo(-1, 6);
      const m2 = minos(f, mean, i, { sigma: 2 });
      expect(m2.upper / sigma[i]).toBeCloseTo(2, 6);
      expect(m2.lower / sigma[i]).toBeCloseTo(-2, 6);
    }
  });

  it("works from a migrad result", () => {
    const r = migrad(f, [0, 0, 0]);
    const m = minos(f, r.x, 0, { fmin: r.fval });
    expect((m.upper - m.lower) / 2 / sigma[0]).toBeCloseTo(1, 3);
    expect(m.nfev).toBeGreaterThan(0);
  });

  it("gives the asymmetric likelihood interval of a Poisson mean (n = 3)", () => {
    const n = 3;
    const stat = (x: Float64Array): number => 2 * (x[0] - n * Math.log(x[0]));
    const s0 = stat(Float64Array.of(n));
    const rise = (mu: number): number => stat(Float64Array.of(mu)) - s0 - 1;
    const lo = bisect(rise, 1e-6, n);
    const hi = bisect(rise, n, 20);
    expect(lo).toBeCloseTo(1.58, 2); // textbook values of the Delta(-2 log L) = 1 interval
    expect(hi).toBeCloseTo(5.08, 2);
    const m = minos(stat, [n], 0, { lower: [0] });
    expect(m.lowerValid && m.upperValid).toBe(true);
    expect(n + m.lower).toBeCloseTo(lo, 7);
    expect(n + m.upper).toBeCloseTo(hi, 7);
  });

  it("profiles out a nuisance parameter (Poisson on/off with known ratio)", () => {
    // signal s, background b; on counts ~ s + b, off counts ~ b / alpha
    const non = 12;
    const noff = 20;
    const alpha = 0.2;
    const stat = (x: Float64Array): number => {
      const mon = x[0] + x[1];
      const moff = x[1] / alpha;
      return 2 * (mon - non * Math.log(mon) + moff - noff * Math.log(moff));
    };
    const sHat = non - alpha * noff;
    const bHat = alpha * noff;
    const s0 = stat(Float64Array.of(sHat, bHat));
    // profile by hand: for fixed s, d/db = 0 is a quadratic in b
    const profiled = (s: number): number => {
      const a = 1 + 1 / alpha;
      const bq = a * s - non - noff;
      const c = -noff * s;
      const b = (-bq + Math.sqrt(bq * bq - 4 * a * c)) / (2 * a);
      return stat(Float64Array.of(s, b)) - s0 - 1;
    };
    const lo = bisect(profiled, 0.5, sHat);
    const hi = bisect(profiled, sHat, 40);
    const m = minos(stat, [sHat, bHat], 0, { lower: [Number.NaN, 0] });
    expect(m.lowerValid && m.upperValid).toBe(true);
    expect(sHat + m.lower).toBeCloseTo(lo, 4);
    expect(sHat + m.upper).toBeCloseTo(hi, 4);
  });

  it("reports an invalid side at a bound", () => {
    const m = minos((x) => (x[0] - 0.5) ** 2, [0.5], 0, { lower: [0] });
    expect(m.upperValid).toBe(true);
    expect(m.upper).toBeCloseTo(1, 6);
    expect(m.lowerValid).toBe(false);
    expect(m.lower).toBeCloseTo(-0.5, 6);
  });

  it("flags a new minimum found while profiling", () => {
    const m = minos((x) => (x[0] - 1) ** 2, [0], 0, { fmin: 1 });
    expect(m.upperValid).toBe(false);
  });

  it("throws CANCELLED and BAD_ARGUMENT", () => {
    const ac = new AbortController();
    ac.abort();
    expect(() => minos(f, mean, 0, { signal: ac.signal })).toThrow(GammatsError);
    expect(() => minos(f, mean, 3)).toThrow(/index/);
  });
});

describe("profile", () => {
  const mean = [1, -2, 0.5];
  const sigma = [2, 0.5, 3];
  const corr = [1, 0.6, -0.3, 0.6, 1, 0.2, -0.3, 0.2, 1];
  const f = gaussianChi2(mean, sigma, corr);
  const values = [4, -3, 1, 0, 2.5, -1];

  it("without re-optimisation follows the conditional curvature", () => {
    const p = profile(f, mean, 0, values);
    // f = z^T corr^-1 z: along x0 alone the curvature is (corr^-1)_00 / sigma_0²
    const det = 1 * (1 - 0.04) - 0.6 * (0.6 - 0.2 * -0.3) + -0.3 * (0.6 * 0.2 - -0.3);
    const inv00 = (1 - 0.04) / det;
    for (let k = 0; k < values.length; k++) {
      expect(p[k]).toBeCloseTo(((values[k] - mean[0]) / sigma[0]) ** 2 * inv00, 9);
    }
  });

  it("with re-optimisation follows the marginal variance", () => {
    const p = profile(f, mean, 0, values, { reoptimize: true });
    for (let k = 0; k < values.length; k++) expect(p[k]).toBeCloseTo(((values[k] - mean[0]) / sigma[0]) ** 2, 6);
  });
});

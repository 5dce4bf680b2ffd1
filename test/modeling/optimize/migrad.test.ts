import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { migrad } from "../../../src/modeling/optimize/index.js";
import { GammatsError } from "../../../src/util/errors.js";
import { gaussianChi2, poisson, rng } from "./helpers.js";

function rosenbrock(x: Float64Array): number {
  let s = 0;
  for (let i = 0; i < x.length - 1; i++) s += 100 * (x[i + 1] - x[i] ** 2) ** 2 + (1 - x[i]) ** 2;
  return s;
}

describe("migrad", () => {
  it("finds the Rosenbrock minimum in 2D", () => {
    const r = migrad(rosenbrock, [-1.2, 1]);
    expect(r.success).toBe(true);
    expect(r.edm).toBeLessThan(0.002 * 0.1);
    expect(r.x[0]).toBeCloseTo(1, 1);
    expect(r.x[1]).toBeCloseTo(1, 1);
    // along the curved valley the accuracy of x follows sqrt(EDM): a tighter tolerance gives a closer minimum
    const tight = migrad(rosenbrock, [-1.2, 1], { tol: 1e-5 });
    expect(tight.success).toBe(true);
    expect(tight.edm).toBeLessThan(0.002 * 1e-5);
    for (const v of tight.x) expect(Math.abs(v - 1)).toBeLessThan(1e-4);
    expect(tight.fval).toBeLessThan(1e-8);
  });

  it("finds the Rosenbrock minimum in 5D", () => {
    const r = migrad(rosenbrock, [-1.2, 1, -1.2, 1, -1.2], { tol: 1e-5 });
    expect(r.success).toBe(true);
    for (const v of r.x) expect(Math.abs(v - 1)).toBeLessThan(1e-4);
    expect(r.fval).toBeLessThan(1e-8);
    expect(r.nfev).toBeLessThan(200 + 100 * 5 + 5 * 25);
  });

  it("converges on a 3-parameter quadratic in under 100 calls with the exact covariance", () => {
    const mean = [1, -2, 0.5];
    const sigma = [2, 0.5, 3];
    const corr = [1, 0.5, -0.3, 0.5, 1, 0.2, -0.3, 0.2, 1];
    const f = gaussianChi2(mean, sigma, corr);
    const r = migrad(f, [0, 0, 0]);
    expect(r.success).toBe(true);
    expect(r.nfev).toBeLessThan(100);
    // distance to the minimum in units of the errors is bounded by the EDM
    expect(r.fval).toBeLessThan(2 * 0.002 * 0.1);
    for (let i = 0; i < 3; i++) {
      expect(Math.abs(r.x[i] - mean[i])).toBeLessThan(0.05 * sigma[i]);
      for (let j = 0; j < 3; j++) {
        const cov = sigma[i] * sigma[j] * corr[i * 3 + j];
        expect(r.covariance[i * 3 + j]).toBeCloseTo(cov, 3);
      }
    }
  });

  it("handles parameters of scales 1e-12 to 1e3", () => {
    const mean = [3e-12, 2e-3, -1, 500];
    const sigma = [1e-12, 1e-3, 0.3, 20];
    const corr = [1, 0.4, 0.1, -0.2, 0.4, 1, 0.3, 0, 0.1, 0.3, 1, 0.25, -0.2, 0, 0.25, 1];
    const f = gaussianChi2(mean, sigma, corr);
    const r = migrad(f, [2e-12, 1e-3, -0.5, 400], { tol: 1e-3 });
    expect(r.success).toBe(true);
    for (let i = 0; i < 4; i++) expect(Math.abs(r.x[i] - mean[i]) / sigma[i]).toBeLessThan(1e-2);
    for (let i = 0; i < 4; i++) expect(Math.sqrt(r.covariance[i * 4 + i]) / sigma[i]).toBeCloseTo(1, 2);
  });

  it("fits a power law to Poisson counts like a brute-force grid", () => {
    const u = rng(42);
    const nbins = 20;
    const e = Array.from({ length: nbins }, (_, i) => 10 ** (-0.5 + (2 * i) / (nbins - 1))); // TeV
    const counts = e.map((en) => poisson(100 * en ** -2.3, u));
    // -2 log L (Cash): 2 sum(mu - n ln mu); parameters amplitude (counts at 1 TeV), index
    const cash = (x: Float64Array): number => {
      let s = 0;
      for (let i = 0; i < nbins; i++) {
        const mu = x[0] * e[i] ** -x[1];
        s += 2 * (mu - (counts[i] > 0 ? counts[i] * Math.log(mu) : 0));
      }
      return s;
    };
    const r = migrad(cash, [50, 2], { lower: [0, Number.NaN] });
    expect(r.success).toBe(true);
    // brute force: coarse grid, then a fine grid around the coarse minimum (the statistic is convex)
    const grid = (a0: number, a1: number, da: number, g0: number, g1: number, dg: number) => {
      let best = { a: 0, g: 0, f: Number.POSITIVE_INFINITY };
      for (let a = a0; a <= a1; a += da) {
        for (let g = g0; g <= g1; g += dg) {
          const f = cash(Float64Array.of(a, g));
          if (f < best.f) best = { a, g, f };
        }
      }
      return best;
    };
    const coarse = grid(60, 140, 0.5, 1.9, 2.7, 0.005);
    const best = grid(coarse.a - 0.5, coarse.a + 0.5, 0.005, coarse.g - 0.005, coarse.g + 0.005, 0.00005);
    // within a small fraction of the errors (the EDM criterion) and of the grid spacing
    const errA = Math.sqrt(r.covariance[0]);
    const errG = Math.sqrt(r.covariance[3]);
    expect(errA).toBeGreaterThan(1);
    expect(Math.abs(r.x[0] - best.a)).toBeLessThan(0.05 * errA);
    expect(Math.abs(r.x[1] - best.g)).toBeLessThan(0.05 * errG);
    // a large |fval| (2.6e4) must not stop the iterations early (Minuit's machine-accuracy limit applies only at the end)
    expect(r.edm).toBeLessThan(0.002 * 0.1);
    expect(r.fval).toBeLessThanOrEqual(best.f + 1e-4);
  });

  it("stops at a bound when the minimum lies beyond it", () => {
    const f = (x: Float64Array): number => (x[0] - 3) ** 2 + (x[1] - 1) ** 2;
    const r = migrad(f, [0.5, 0], { lower: [0, -1], upper: [1, 5] });
    expect(r.success).toBe(true);
    expect(r.x[0]).toBeLessThanOrEqual(1);
    expect(r.x[0]).toBeGreaterThan(1 - 1e-4);
    expect(r.x[1]).toBeCloseTo(1, 2);
    // the error of the free parameter is unaffected
    expect(Math.sqrt(r.covariance[3])).toBeCloseTo(1, 2);
    // starting exactly on a bound still moves inside
    for (const x0 of [0, 1]) {
      const inside = migrad((x) => (x[0] - 0.3) ** 2 / 0.01, [x0], { lower: [0], upper: [1] });
      expect(inside.x[0]).toBeCloseTo(0.3, 3);
    }
    const fromLower = migrad((x) => (x[0] - 2) ** 2, [0], { lower: [0] });
    expect(fromLower.x[0]).toBeCloseTo(2, 2);
    const lower = migrad((x) => (x[0] + 2) ** 2, [1], { lower: [0] });
    expect(lower.x[0]).toBeGreaterThanOrEqual(0);
    expect(lower.x[0]).toBeLessThan(1e-3);
  });

  it("treats NaN as a forbidden region and reports failure without NaN", () => {
    const f = (x: Float64Array): number => (x[0] < 0 ? Number.NaN : (x[0] - 0.1) ** 2 + (x[1] - 2) ** 2);
    const r = migrad(f, [3, 0], { step: [5, 1] });
    expect(r.success).toBe(true);
    expect(r.x[0]).toBeCloseTo(0.1, 2);
    const bad = migrad(() => Number.NaN, [1, 2]);
    expect(bad.success).toBe(false);
    expect(bad.fval).toBe(Number.POSITIVE_INFINITY);
    expect(Array.from(bad.x).every(Number.isFinite)).toBe(true);
    expect(Number.isNaN(bad.edm)).toBe(false);
  });

  it("moves off a saddle point (negative second derivative) as Minuit does", () => {
    const r = migrad((x) => x[0] ** 4 - x[0] ** 2 + x[1] ** 2, [0, 0.5]);
    expect(r.success).toBe(true);
    expect(Math.abs(r.x[0])).toBeCloseTo(Math.SQRT1_2, 2);
    expect(r.fval).toBeCloseTo(-0.25, 3);
  });

  it("rejects a non-finite starting point", () => {
    expect(() => migrad(rosenbrock, [Number.NaN, 1])).toThrow(/x0\[0\]/);
  });

  it("reports the call limit", () => {
    const r = migrad(rosenbrock, [-1.2, 1], { maxfev: 30 });
    expect(r.success).toBe(false);
    expect(r.message).toMatch(/call limit/);
  });

  it("throws CANCELLED when the signal aborts", () => {
    const ac = new AbortController();
    let iterations = 0;
    const run = () =>
      migrad(rosenbrock, [-1.2, 1], {
        signal: ac.signal,
        onIteration: () => {
          if (++iterations === 3) ac.abort();
        },
      });
    expect(run).toThrow(GammatsError);
    expect(iterations).toBe(3);
    try {
      migrad(rosenbrock, [-1.2, 1], { signal: ac.signal });
    } catch (e) {
      expect((e as GammatsError).code).toBe("CANCELLED");
    }
    expect.assertions(3);
  });

  it("strategy 0 and 2 converge too", () => {
    const f = gaussianChi2([1, 2], [0.5, 4], [1, 0.7, 0.7, 1]);
    const nfev: number[] = [];
    for (const strategy of [0, 2] as const) {
      const r = migrad(f, [0, 0], { strategy });
      expect(r.success).toBe(true);
      expect(r.x[0]).toBeCloseTo(1, 1);
      expect(r.x[1]).toBeCloseTo(2, 0);
      nfev.push(r.nfev);
      if (strategy === 2) {
        // the covariance comes from the final numerical Hessian
        expect(r.covariance[0] / 0.25).toBeCloseTo(1, 6);
        expect(r.covariance[1] / (0.7 * 0.5 * 4)).toBeCloseTo(1, 6);
        expect(r.covariance[3] / 16).toBeCloseTo(1, 6);
      }
    }
    expect(nfev[0]).toBeLessThan(nfev[1]);
  });

  it("converges on random positive-definite quadratics (property)", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 6 }),
        fc.array(fc.double({ min: -2, max: 2, noNaN: true }), { minLength: 36, maxLength: 36 }),
        fc.array(fc.double({ min: -10, max: 10, noNaN: true }), { minLength: 6, maxLength: 6 }),
        (n, l, m) => {
          // A = L L^T + 0.1 I
          const a = new Float64Array(n * n);
          for (let i = 0; i < n; i++) {
            for (let j = 0; j < n; j++) {
              let s = i === j ? 0.1 : 0;
              for (let k = 0; k < n; k++) s += l[i * 6 + k] * l[j * 6 + k];
              a[i * n + j] = s;
            }
          }
          const f = (x: Float64Array): number => {
            let s = 0;
            for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) s += (x[i] - m[i]) * a[i * n + j] * (x[j] - m[j]);
            return s;
          };
          const r = migrad(f, new Float64Array(n));
          expect(r.success).toBe(true);
          expect(r.fval).toBeLessThan(2e-3);
        },
      ),
      { numRuns: 60, seed: 7 },
    );
  });

  it("converges on random box-bounded quadratics like coordinate descent (property)", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 4 }),
        fc.array(fc.double({ min: -2, max: 2, noNaN: true }), { minLength: 16, maxLength: 16 }),
        fc.array(fc.double({ min: -5, max: 5, noNaN: true }), { minLength: 4, maxLength: 4 }),
        fc.array(fc.double({ min: 0.2, max: 4, noNaN: true }), { minLength: 4, maxLength: 4 }),
        (n, l, m, width) => {
          const a = new Float64Array(n * n);
          for (let i = 0; i < n; i++) {
            for (let j = 0; j < n; j++) {
              let s = i === j ? 0.5 : 0;
              for (let k = 0; k < n; k++) s += l[i * 4 + k] * l[j * 4 + k];
              a[i * n + j] = s;
            }
          }
          const f = (x: ArrayLike<number>): number => {
            let s = 0;
            for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) s += (x[i] - m[i]) * a[i * n + j] * (x[j] - m[j]);
            return s;
          };
          // box [-w, w] around the origin: the unconstrained minimum m may be outside
          const lower = width.slice(0, n).map((w) => -w);
          const upper = width.slice(0, n);
          // reference: exact coordinate descent on the box QP
          const ref = new Float64Array(n);
          for (let sweep = 0; sweep < 2000; sweep++) {
            for (let i = 0; i < n; i++) {
              let r = 0;
              for (let j = 0; j < n; j++) if (j !== i) r += a[i * n + j] * (ref[j] - m[j]);
              ref[i] = Math.min(upper[i], Math.max(lower[i], m[i] - r / a[i * n + i]));
            }
          }
          const r = migrad(f, new Float64Array(n), { lower, upper });
          expect(r.success).toBe(true);
          for (let i = 0; i < n; i++) {
            expect(r.x[i]).toBeGreaterThanOrEqual(lower[i]);
            expect(r.x[i]).toBeLessThanOrEqual(upper[i]);
          }
          expect(r.fval).toBeLessThan(f(ref) + 2e-3);
        },
      ),
      { numRuns: 60, seed: 11 },
    );
  });
});

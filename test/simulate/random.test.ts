/** The seeded random stream: determinism, and moments of uniform, normal, exponential and Poisson deviates. */
import { describe, expect, it } from "vitest";
import { Rng } from "../../src/util/random.js";

function moments(draw: () => number, n: number): { mean: number; variance: number } {
  let s = 0;
  let s2 = 0;
  for (let i = 0; i < n; i++) {
    const x = draw();
    s += x;
    s2 += x * x;
  }
  const mean = s / n;
  return { mean, variance: s2 / n - mean * mean };
}

describe("Rng", () => {
  it("is deterministic per (seed, stream) and differs between seeds and streams", () => {
    const a = new Rng(42);
    const b = new Rng(42);
    const seqA = Array.from({ length: 20 }, () => a.nextUint32());
    const seqB = Array.from({ length: 20 }, () => b.nextUint32());
    expect(seqA).toEqual(seqB);
    const c = Array.from(
      { length: 20 },
      (
        (r) => () =>
          r.nextUint32()
      )(new Rng(43)),
    );
    const d = Array.from(
      { length: 20 },
      (
        (r) => () =>
          r.nextUint32()
      )(new Rng(42, 1)),
    );
    expect(c).not.toEqual(seqA);
    expect(d).not.toEqual(seqA);
    expect(() => new Rng(1.5)).toThrow();
  });

  it("uniform deviates are in [0, 1) with mean 1/2 and variance 1/12", () => {
    const r = new Rng(1);
    const n = 200_000;
    const m = moments(() => r.uniform(), n);
    expect(Math.abs(m.mean - 0.5)).toBeLessThan(5 * Math.sqrt(1 / 12 / n));
    expect(Math.abs(m.variance - 1 / 12)).toBeLessThan(2e-3);
  });

  it("normal deviates have mean 0 and variance 1; exponentials mean 1", () => {
    const r = new Rng(2);
    const n = 200_000;
    const m = moments(() => r.normal(), n);
    expect(Math.abs(m.mean)).toBeLessThan(5 / Math.sqrt(n));
    expect(Math.abs(m.variance - 1)).toBeLessThan(0.02);
    const e = moments(() => r.exponential(), n);
    expect(Math.abs(e.mean - 1)).toBeLessThan(5 / Math.sqrt(n));
  });

  for (const mean of [0.3, 3.5, 9.9, 10, 57, 4321.5, 2e6]) {
    it(`Poisson(${mean}) has mean and variance ${mean} (within 5 sigma) and integer values`, () => {
      const r = new Rng(7);
      const n = 40_000;
      let allInt = true;
      const m = moments(() => {
        const k = r.poisson(mean);
        if (!Number.isInteger(k) || k < 0) allInt = false;
        return k;
      }, n);
      expect(allInt).toBe(true);
      expect(Math.abs(m.mean - mean)).toBeLessThan(5 * Math.sqrt(mean / n));
      // variance of the sample variance of a Poisson: (mu + 2 mu^2) / n
      expect(Math.abs(m.variance - mean)).toBeLessThan(5 * Math.sqrt((mean + 2 * mean * mean) / n));
    });
  }

  it("Poisson(0) is 0; bad means throw", () => {
    const r = new Rng(3);
    expect(r.poisson(0)).toBe(0);
    expect(() => r.poisson(-1)).toThrow();
    expect(() => r.poisson(Number.NaN)).toThrow();
    expect(() => r.poisson(Number.POSITIVE_INFINITY)).toThrow();
  });

  it("permutation is a permutation", () => {
    const p = new Rng(5).permutation(1000);
    expect([...p].sort((a, b) => a - b)).toEqual(Array.from({ length: 1000 }, (_, i) => i));
  });
});

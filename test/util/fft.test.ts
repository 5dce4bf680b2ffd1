/** Mixed-radix FFT against a naive DFT, round trips, Parseval, batches, and the padded lengths of scipy. */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { cheapestFftLength, fftCost, fftPlan, nextFastLength } from "../../src/util/fft.js";

/** Naive DFT with exact index reduction (j k mod n) so that its own error stays ~1e-16 sqrt(n). */
function dft(x: Float64Array, n: number, sign: -1 | 1): Float64Array {
  const cos = Float64Array.from({ length: n }, (_, t) => Math.cos((2 * Math.PI * t) / n));
  const sin = Float64Array.from({ length: n }, (_, t) => sign * Math.sin((2 * Math.PI * t) / n));
  const y = new Float64Array(2 * n);
  for (let k = 0; k < n; k++) {
    let re = 0;
    let im = 0;
    for (let j = 0; j < n; j++) {
      const t = (j * k) % n;
      re += x[2 * j] * cos[t] - x[2 * j + 1] * sin[t];
      im += x[2 * j] * sin[t] + x[2 * j + 1] * cos[t];
    }
    y[2 * k] = re;
    y[2 * k + 1] = im;
  }
  return y;
}

function maxAbs(a: Float64Array): number {
  let m = 0;
  for (const v of a) m = Math.max(m, Math.abs(v));
  return m;
}

function maxDiff(a: Float64Array, b: Float64Array): number {
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i] - b[i]));
  return m;
}

function isFast(n: number): boolean {
  for (const f of [2, 3, 5]) while (n % f === 0) n /= f;
  return n === 1;
}

/** Lengths 2^a 3^b 5^c <= 1000. */
const fastLength = fc
  .tuple(fc.integer({ min: 0, max: 9 }), fc.integer({ min: 0, max: 6 }), fc.integer({ min: 0, max: 4 }))
  .map(([a, b, c]) => 2 ** a * 3 ** b * 5 ** c)
  .filter((n) => n <= 1000);

const signal = (n: number, seed: number) =>
  Float64Array.from({ length: 2 * n }, (_, i) => Math.sin(seed + 0.9 * i * i));

describe("nextFastLength", () => {
  it("gives scipy's next_fast_len(n, real=True) (5-smooth numbers)", () => {
    // scipy.fft.next_fast_len(n, True) for these n
    expect([1, 7, 97, 158, 159, 161, 1025].map(nextFastLength)).toEqual([1, 8, 100, 160, 160, 162, 1080]);
  });

  it("is the smallest 2^a 3^b 5^c >= n", () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 5000 }), (n) => {
        const m = nextFastLength(n);
        expect(m).toBeGreaterThanOrEqual(n);
        expect(isFast(m)).toBe(true);
        for (let k = n; k < m; k++) expect(isFast(k)).toBe(false);
      }),
      { numRuns: 200 },
    );
  });
});

describe("cheapestFftLength", () => {
  it("is a 2^a 3^b 5^c length from nextFastLength(n) up to the next power of two, no dearer by fftCost", () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 5000 }), (n) => {
        const m = cheapestFftLength(n);
        expect(isFast(m)).toBe(true);
        expect(m).toBeGreaterThanOrEqual(nextFastLength(n));
        expect(m).toBeLessThanOrEqual(2 ** Math.ceil(Math.log2(n)));
        expect(fftCost(m)).toBeLessThanOrEqual(fftCost(nextFastLength(n)));
      }),
      { numRuns: 200 },
    );
  });

  it("takes a power of two over a nearby length with slow radix-5 or radix-2 stages, else the next fast length", () => {
    expect([250, 1000, 243, 158, 225, 60, 100].map(cheapestFftLength)).toEqual([256, 1024, 256, 160, 225, 60, 100]);
  });
});

describe("fftPlan", () => {
  it("equals the naive DFT for random lengths 2^a 3^b 5^c up to 1000 (forward and inverse)", () => {
    fc.assert(
      fc.property(fastLength, fc.integer({ min: 0, max: 1000 }), (n, seed) => {
        const x = signal(n, seed);
        const plan = fftPlan(n);
        const want = dft(x, n, -1);
        const got = plan.forward(x, new Float64Array(2 * n));
        expect(maxDiff(got, want)).toBeLessThan(1e-13 * maxAbs(want));
        // inverse: (1/n) sum X_k exp(+2 pi i j k / n)
        const back = dft(x, n, 1).map((v) => v / n);
        expect(maxDiff(plan.inverse(x, new Float64Array(2 * n)), back)).toBeLessThan(1e-13 * maxAbs(back));
      }),
      { numRuns: 60 },
    );
  });

  it("round-trips forward then inverse, in place, and keeps Parseval's sum", () => {
    fc.assert(
      fc.property(fastLength, fc.integer({ min: 0, max: 1000 }), (n, seed) => {
        const x = signal(n, seed);
        const y = x.slice();
        const plan = fftPlan(n);
        plan.forward(y);
        let energyX = 0;
        let energyY = 0;
        for (let i = 0; i < 2 * n; i++) {
          energyX += x[i] * x[i];
          energyY += y[i] * y[i];
        }
        expect(Math.abs(energyY - n * energyX)).toBeLessThan(1e-13 * n * energyX);
        plan.inverse(y);
        expect(maxDiff(y, x)).toBeLessThan(1e-14 * maxAbs(x) * Math.log2(2 * n));
      }),
      { numRuns: 100 },
    );
  });

  it("transforms a pure tone to a single bin and an impulse to a constant", () => {
    const n = 360;
    const tone = new Float64Array(2 * n);
    for (let j = 0; j < n; j++) {
      tone[2 * j] = Math.cos((2 * Math.PI * 7 * j) / n);
      tone[2 * j + 1] = Math.sin((2 * Math.PI * 7 * j) / n);
    }
    const spectrum = fftPlan(n).forward(tone, new Float64Array(2 * n));
    for (let k = 0; k < n; k++) {
      expect(spectrum[2 * k]).toBeCloseTo(k === 7 ? n : 0, 10);
      expect(spectrum[2 * k + 1]).toBeCloseTo(0, 10);
    }
    const impulse = new Float64Array(2 * n);
    impulse[0] = 2;
    fftPlan(n).forward(impulse);
    for (let k = 0; k < n; k++) expect([impulse[2 * k], impulse[2 * k + 1]]).toEqual([2, 0]);
  });

  it("transforms a batch of interleaved columns like each column alone (unscaled inverse, src kept)", () => {
    fc.assert(
      fc.property(
        fastLength.filter((n) => n <= 200),
        fc.integer({ min: 1, max: 7 }),
        fc.boolean(),
        (n, batch, inv) => {
          const src = signal(n * batch, n + batch);
          const copy = src.slice();
          const dst = new Float64Array(src.length);
          const scratch = new Float64Array(src.length);
          const plan = fftPlan(n);
          plan.transformMany(src, dst, batch, inv, scratch);
          expect(src).toEqual(copy);
          for (let b = 0; b < batch; b++) {
            const column = new Float64Array(2 * n);
            for (let j = 0; j < n; j++) {
              column[2 * j] = src[2 * (j * batch + b)];
              column[2 * j + 1] = src[2 * (j * batch + b) + 1];
            }
            const want = dft(column, n, inv ? 1 : -1);
            let err = 0;
            for (let k = 0; k < 2 * n; k++)
              err = Math.max(err, Math.abs(dst[2 * (k >> 1) * batch + 2 * b + (k & 1)] - want[k]));
            expect(err).toBeLessThan(1e-13 * maxAbs(want));
          }
          // in place gives the same numbers
          plan.transformMany(src, src, batch, inv, scratch);
          expect(src).toEqual(dst);
        },
      ),
      { numRuns: 60 },
    );
  });

  it("rejects lengths with other prime factors, and short arrays", () => {
    expect(() => fftPlan(7)).toThrow(RangeError);
    expect(() => fftPlan(0)).toThrow(RangeError);
    expect(() => fftPlan(2.5)).toThrow(RangeError);
    expect(() => fftPlan(8).forward(new Float64Array(8))).toThrow(/2 x 8/);
  });
});

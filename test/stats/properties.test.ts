/**
 * Properties of the fit and counts statistics (fast-check): WStat is non-negative at the profiled background, Cash is
 * smallest at mu = n, compensated sums equal exact sums, Brent finds bracketed roots, errors and upper limits sit
 * where the statistic rises by nSigma^2, and the excess matching a significance inverts sqrtTs.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  brentRoot,
  CashCountsStatistic,
  cash,
  cashSum,
  secantRoot,
  WStatCountsStatistic,
  wstat,
  wstatProfileBackground,
  wstatSum,
} from "../../src/stats/index.js";

const counts = fc.integer({ min: 0, max: 100_000 });
const alphaArb = fc.double({ min: 1e-4, max: 100, noNaN: true });
const positive = fc.double({ min: 1e-6, max: 1e5, noNaN: true });

describe("fit statistic properties", () => {
  it("wstat (with goodness-of-fit terms) is >= 0 at the profiled background for any signal >= 0", () => {
    fc.assert(
      fc.property(counts, counts, alphaArb, fc.double({ min: 0, max: 1e5, noNaN: true }), (nOn, nOff, alpha, muSig) => {
        const w = wstat(nOn, nOff, alpha, muSig);
        // Rounding of terms of size ~ n log n.
        expect(w).toBeGreaterThanOrEqual(-1e-12 * (nOn + nOff + muSig + 1) * Math.log(nOn + nOff + muSig + 2));
        expect(wstatProfileBackground(nOn, nOff, alpha, muSig)).toBeGreaterThanOrEqual(0);
      }),
    );
  });

  it("the profiled background minimises wstat over the background", () => {
    fc.assert(
      fc.property(
        counts,
        fc.integer({ min: 1, max: 100_000 }),
        alphaArb,
        positive,
        fc.double({ min: 0.5, max: 2, noNaN: true }),
        (nOn, nOff, alpha, muSig, f) => {
          const b = wstatProfileBackground(nOn, nOff, alpha, muSig);
          const scale = 1e-12 * (nOn + nOff + muSig + 1) * Math.log(nOn + nOff + muSig + 2);
          expect(wstat(nOn, nOff, alpha, muSig, b * f)).toBeGreaterThanOrEqual(wstat(nOn, nOff, alpha, muSig) - scale);
        },
      ),
    );
  });

  it("cash(n, mu) is smallest at mu = n", () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 1_000_000 }), fc.double({ min: 1e-30, max: 1e7, noNaN: true }), (n, mu) => {
        expect(cash(n, mu)).toBeGreaterThanOrEqual(cash(n, n) - 1e-15 * n * Math.log(n + 1));
      }),
    );
  });

  it("cashSum equals the exact sum of many small terms (counts 0: cash = 2 mu, exactly)", () => {
    // mu_i = k_i / 1024 so that 2 mu_i and their exact sum are known as integers; magnitudes spread over 2^-10..2^50.
    const term = fc.tuple(fc.integer({ min: 1, max: 2 ** 20 }), fc.integer({ min: 0, max: 40 }));
    fc.assert(
      fc.property(fc.array(term, { minLength: 1, maxLength: 2000 }), (terms) => {
        const npred = Float64Array.from(terms, ([k, e]) => (k * 2 ** e) / 1024);
        let exact = 0n;
        for (const [k, e] of terms) exact += BigInt(k) * 2n ** BigInt(e);
        const expected = Number(exact) / 512;
        const got = cashSum(new Float64Array(npred.length), npred);
        expect(Math.abs(got - expected)).toBeLessThanOrEqual(2 * Number.EPSILON * expected);
      }),
    );
  });

  it("compensation keeps 2^20 unit terms next to 2^53 that a naive sum drops", () => {
    const n = 2 ** 20;
    const npred = new Float64Array(n + 1).fill(0.5);
    npred[0] = 2 ** 52;
    let naive = 0;
    for (const m of npred) naive += cash(0, m);
    expect(naive).toBe(2 ** 53);
    expect(cashSum(new Float64Array(n + 1), npred)).toBe(2 ** 53 + n);
  });

  it("masked sums equal sums over the selected bins", () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(counts, counts, alphaArb, positive, fc.boolean()), { minLength: 1, maxLength: 200 }),
        (bins) => {
          const on = bins.map((b) => b[0]);
          const off = bins.map((b) => b[1]);
          const alpha = bins.map((b) => b[2]);
          const mu = bins.map((b) => b[3]);
          const mask = bins.map((b) => b[4]);
          const sel = bins.filter((b) => b[4]);
          const w = wstatSum(on, off, alpha, mu, mask);
          const wSel = wstatSum(
            sel.map((b) => b[0]),
            sel.map((b) => b[1]),
            sel.map((b) => b[2]),
            sel.map((b) => b[3]),
          );
          expect(w).toBe(wSel);
          expect(cashSum(on, mu, mask)).toBe(
            cashSum(
              sel.map((b) => b[0]),
              sel.map((b) => b[3]),
            ),
          );
        },
      ),
    );
  });
});

describe("root finders", () => {
  // Like scipy's brentq (same 100-iteration limit), flatter roots such as |x|^(8/3) need more iterations.
  it("Brent finds the root of a bracketed monotonic function to its tolerance", () => {
    fc.assert(
      fc.property(fc.double({ min: -1e3, max: 1e3, noNaN: true }), fc.integer({ min: 1, max: 5 }), (r, p) => {
        const f = (x: number) => Math.sign(x - r) * Math.abs(x - r) ** (p / 3);
        const res = brentRoot(f, r - 17.3, r + 3.1);
        expect(res.converged).toBe(true);
        expect(Math.abs(res.root - r)).toBeLessThanOrEqual(2e-12 + 1e-15 * Math.abs(r) + 1e-9);
      }),
    );
  });

  it("Brent reports NaN without a sign change; secant solves a smooth function", () => {
    expect(brentRoot((x) => x * x + 1, -1, 1).root).toBeNaN();
    const s = secantRoot((x) => x * x * x - 2, 1, 1.0001);
    expect(s.converged).toBe(true);
    expect(s.root).toBeCloseTo(Math.cbrt(2), 8);
  });
});

describe("counts statistic properties", () => {
  const onOff = fc.tuple(
    fc.integer({ min: 1, max: 5000 }),
    fc.integer({ min: 1, max: 5000 }),
    fc.double({ min: 0.01, max: 5, noNaN: true }),
  );

  it("errors and upper limits sit where the statistic rises by nSigma^2", () => {
    fc.assert(
      fc.property(onOff, fc.double({ min: 0.5, max: 3, noNaN: true }), ([nOn, nOff, alpha], k) => {
        const s = new WStatCountsStatistic(nOn, nOff, alpha);
        const nSig = s.nSig[0];
        const target = s.statMax[0] + k * k;
        const at = (mu: number) => wstat(nOn, nOff, alpha, mu);
        const errp = s.errp(k)[0];
        const errn = s.errn(k)[0];
        expect(errp).toBeGreaterThan(0);
        expect(errn).toBeGreaterThan(0);
        expect(at(nSig + errp)).toBeCloseTo(target, 6);
        // errn is nOn where the statistic does not reach the target above mu = -alpha * nOff (no root).
        if (errn !== nOn) expect(at(nSig - errn)).toBeCloseTo(target, 6);
        const ul = s.computeUpperLimit(k)[0];
        expect(ul).toBeGreaterThan(nSig);
        expect(at(ul)).toBeCloseTo(at(nSig) + k * k, 6);
      }),
    );
  });

  it("sqrtTs carries the sign of the excess and nSigMatchingSignificance inverts it", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 10_000 }),
        fc.double({ min: 0.1, max: 1000, noNaN: true }),
        (nOn, muBkg) => {
          const s = new CashCountsStatistic(nOn, muBkg);
          const sig = s.sqrtTs[0];
          const nSig = s.nSig[0];
          expect(Math.sign(sig) === Math.sign(nSig) || sig === 0).toBe(true);
          expect(s.pValue[0]).toBeGreaterThanOrEqual(0);
          expect(s.pValue[0]).toBeLessThanOrEqual(0.5);
          if (sig > 0.5) {
            const back = s.nSigMatchingSignificance(sig)[0];
            expect(Math.abs(back - nSig)).toBeLessThanOrEqual(1e-6 * (1 + Math.abs(nSig)));
          }
        },
      ),
    );
  });
});

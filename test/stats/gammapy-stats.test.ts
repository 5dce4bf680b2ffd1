/**
 * Fit and counts statistics against Gammapy 1.0 (fixture: scripts/oracle/stats_reference.py): cash, cstat, wstat
 * with its zero-count cases, the profiled background, compensated sums, and CashCountsStatistic /
 * WStatCountsStatistic (TS, significance, p-value, errors, upper limits, excess matching a significance).
 */
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import {
  brentRoot,
  CashCountsStatistic,
  type CountsStatistic,
  cash,
  cashSignificance,
  cashSum,
  cstat,
  liMaSignificance,
  WStatCountsStatistic,
  wstat,
  wstatGofTerms,
  wstatProfileBackground,
  wstatSum,
} from "../../src/stats/index.js";
import { REPO_ROOT } from "../support/data.js";

type Enc = number | "nan" | "inf" | "-inf";
const ref = JSON.parse(readFileSync(`${REPO_ROOT}/test/fixtures/stats/stats.json`, "utf8"));
const dec = (v: Enc): number =>
  v === "nan" ? Number.NaN : v === "inf" ? Number.POSITIVE_INFINITY : v === "-inf" ? Number.NEGATIVE_INFINITY : v;
const arr = (a: Enc[]): Float64Array => Float64Array.from(a, dec);

/**
 * Whether `actual` agrees with `expected`: same NaN/infinity, else within `rtol` relative or `atol` absolute (the
 * absolute floor is for results that cancel to ~0 from terms of size `scale`, where 1e-9 relative is not defined).
 */
function close(actual: number, expected: number, rtol: number, atol = 0): boolean {
  if (Number.isNaN(expected)) return Number.isNaN(actual);
  if (!Number.isFinite(expected)) return actual === expected;
  return Math.abs(actual - expected) <= rtol * Math.abs(expected) + atol;
}

function expectAll(
  name: string,
  actual: ArrayLike<number>,
  expected: Enc[],
  rtol: number,
  atol: (i: number) => number = () => 0,
): void {
  expect(actual.length, name).toBe(expected.length);
  const bad: string[] = [];
  for (let i = 0; i < expected.length; i++) {
    const e = dec(expected[i]);
    if (!close(actual[i], e, rtol, atol(i))) bad.push(`${name}[${i}]: ${actual[i]} vs ${e}`);
  }
  expect(bad.slice(0, 10), `${bad.length} mismatches`).toEqual([]);
}

describe("fit statistics agree with Gammapy", () => {
  it("cash and cstat, including mu <= 1e-25 truncation", () => {
    const r = ref.cash;
    const n = arr(r.n_on);
    const mu = arr(r.mu_on);
    expectAll(
      "cash",
      n.map((x, i) => cash(x, mu[i])),
      r.cash,
      1e-12,
    );
    // cstat cancels to 0 at mu = n: compare with an absolute floor relative to the terms' size.
    expectAll(
      "cstat",
      n.map((x, i) => cstat(x, mu[i])),
      r.cstat,
      1e-9,
      (i) => 1e-12 * (n[i] + Math.abs(mu[i]) + 1),
    );
  });

  it("wstat with all zero-count cases, profiled background and goodness-of-fit terms", () => {
    const r = ref.wstat;
    const [a, b, c, d] = [arr(r.n_on), arr(r.n_off), arr(r.alpha), arr(r.mu_sig)];
    // WStat values are differences of terms of size ~ n log n; near the minimum they cancel.
    const floor = (i: number) => 1e-12 * (a[i] + b[i] + Math.abs(d[i]) + 1) * (1 + Math.log1p(a[i] + b[i]));
    expectAll(
      "mu_bkg",
      a.map((x, i) => wstatProfileBackground(x, b[i], c[i], d[i])),
      r.mu_bkg,
      1e-9,
      floor,
    );
    expectAll(
      "gof",
      a.map((x, i) => wstatGofTerms(x, b[i])),
      r.gof,
      1e-12,
    );
    expectAll(
      "wstat",
      a.map((x, i) => wstat(x, b[i], c[i], d[i])),
      r.wstat,
      1e-9,
      floor,
    );
    expectAll(
      "no extra",
      a.map((x, i) => wstat(x, b[i], c[i], d[i], undefined, false)),
      r.wstat_no_extra,
      1e-9,
      floor,
    );
    expectAll(
      "given mu_bkg",
      a.map((x, i) => wstat(x, b[i], c[i], d[i], 2.5)),
      r.wstat_given_bkg,
      1e-9,
      floor,
    );
    const z = r.alpha_zero;
    expectAll(
      "alpha=0 wstat",
      [0, 1].map((i) => wstat(z.n_on[i], z.n_off[i], 0, z.mu_sig[i])),
      z.wstat,
      0,
    );
    expectAll(
      "alpha=0 mu_bkg",
      [0, 1].map((i) => wstatProfileBackground(z.n_on[i], z.n_off[i], 0, z.mu_sig[i])),
      z.mu_bkg,
      0,
    );
  });

  it("compensated sums equal the exact (fsum) sums of Gammapy's per-bin values", () => {
    const s = ref.sums;
    const counts = arr(s.counts);
    const npred = arr(s.npred);
    const off = arr(s.counts_off);
    const alpha = arr(s.alpha);
    const muSig = arr(s.mu_sig);
    const mask = Uint8Array.from(s.mask);
    expect(close(cashSum(counts, npred), s.cash_sum, 1e-12)).toBe(true);
    expect(close(cashSum(counts, npred, mask), s.cash_sum_masked, 1e-12)).toBe(true);
    expect(close(cashSum(counts, npred, Array.from(mask, Boolean)), s.cash_sum_masked, 1e-12)).toBe(true);
    // Gammapy's compiled cash_sum_cython rounds log(1e-25); it agrees to 1e-9.
    expect(close(cashSum(counts, npred, mask), s.cash_sum_cython_masked, 1e-9)).toBe(true);
    expect(close(wstatSum(counts, off, alpha, muSig), s.wstat_sum, 1e-11)).toBe(true);
    expect(close(wstatSum(counts, off, alpha, muSig, mask), s.wstat_sum_masked, 1e-11)).toBe(true);
    expect(close(wstatSum(counts, off, 0.2, muSig), s.wstat_sum_alpha_scalar, 1e-11)).toBe(true);
    expect(() => cashSum(counts, npred.subarray(1))).toThrow(/BAD_ARGUMENT/);
    expect(() => wstatSum(counts, off, alpha.subarray(1), muSig)).toThrow(/BAD_ARGUMENT/);
  });
});

/** Checks every Gammapy counts-statistic quantity for one class. */
function checkCountsStatistic(s: CountsStatistic, r: Record<string, Enc[]>, scale: Float64Array): void {
  // Exact formulas: 1e-9 relative, with an absolute floor where the statistic cancels (TS ~ 0).
  const floor = (i: number) => 1e-11 * (scale[i] + 1) * (1 + Math.log1p(scale[i]));
  expectAll("n_sig", s.nSig, r.n_sig, 1e-12, floor);
  expectAll("n_bkg", s.nBkg, r.n_bkg, 1e-12);
  expectAll("error", s.error, r.error, 1e-12);
  expectAll("stat_null", s.statNull, r.stat_null, 1e-9, floor);
  expectAll("stat_max", s.statMax, r.stat_max, 1e-9, floor);
  expectAll("ts", s.ts, r.ts, 1e-9, floor);
  expectAll("sqrt_ts", s.sqrtTs, r.sqrt_ts, 1e-9, (i) => Math.sqrt(floor(i)));
  expectAll("p_value", s.pValue, r.p_value, 1e-9, (i) => Math.sqrt(floor(i)));
  // Root-found quantities: 1e-6 relative (Gammapy's brentq stops at 2e-12 absolute, its secant at 1.48e-8); the
  // absolute floor only matters for roots at 0. Observed agreement is ~3e-11 relative.
  const rootFloor = () => 1e-9;
  expectAll("errn", s.errn(), r.errn, 1e-6, rootFloor);
  expectAll("errp", s.errp(), r.errp, 1e-6, rootFloor);
  expectAll("errn 2 sigma", s.errn(2), r.errn_2, 1e-6, rootFloor);
  expectAll("errp 2 sigma", s.errp(2), r.errp_2, 1e-6, rootFloor);
  expectAll("ul", s.computeUpperLimit(), r.ul, 1e-6, rootFloor);
  expectAll("ul 2 sigma", s.computeUpperLimit(2), r.ul_2, 1e-6, rootFloor);
  expectAll("n_sig(5 sigma)", s.nSigMatchingSignificance(5), r.n_sig_sig5, 1e-6, rootFloor);
  expectAll("n_sig(2 sigma)", s.nSigMatchingSignificance(2), r.n_sig_sig2, 1e-6, rootFloor);
  expectAll("n_sig(0 sigma)", s.nSigMatchingSignificance(0), r.n_sig_sig0, 1e-6, rootFloor);
  expectAll("n_sig(-1 sigma)", s.nSigMatchingSignificance(-1), r.n_sig_sigm1, 1e-6, rootFloor);
}

describe("counts statistics agree with Gammapy", () => {
  it("CashCountsStatistic", () => {
    const r = ref.cash_counts;
    const nOn = arr(r.n_on);
    const muBkg = arr(r.mu_bkg);
    const s = new CashCountsStatistic(nOn, muBkg);
    checkCountsStatistic(
      s,
      r,
      nOn.map((x, i) => x + muBkg[i]),
    );
    nOn.forEach((x, i) => {
      expect(close(cashSignificance(x, muBkg[i]), dec(r.sqrt_ts[i]), 1e-9, 1e-5)).toBe(true);
    });
    const t = s.sum();
    expect(t.length).toBe(1);
    expect(t.nOn[0]).toBe(r.sum.n_on);
    expect(close(t.nBkg[0], r.sum.n_bkg, 1e-12)).toBe(true);
    expect(close(t.sqrtTs[0], r.sum.sqrt_ts, 1e-9)).toBe(true);
  });

  it("WStatCountsStatistic", () => {
    const r = ref.wstat_counts;
    const [nOn, nOff, alpha, muSig] = [arr(r.n_on), arr(r.n_off), arr(r.alpha), arr(r.mu_sig)];
    const s = new WStatCountsStatistic(nOn, nOff, alpha, muSig);
    checkCountsStatistic(
      s,
      r,
      nOn.map((x, i) => x + nOff[i]),
    );
    const t = new WStatCountsStatistic(nOn, nOff, alpha).sum();
    expect(t.nOn[0]).toBe(r.sum.n_on);
    expect(t.nOff[0]).toBe(r.sum.n_off);
    expect(close(t.alpha[0], r.sum.alpha, 1e-12)).toBe(true);
    expect(close(t.sqrtTs[0], r.sum.sqrt_ts, 1e-9)).toBe(true);
    expect(close(t.computeUpperLimit()[0], r.sum.ul, 1e-6)).toBe(true);
  });

  it("Li & Ma significance equals WStat sqrt_ts with no signal", () => {
    const r = ref.wstat_counts;
    for (let i = 0; i < r.n_on.length; i++) {
      if (r.mu_sig[i] !== 0) continue;
      expect(close(liMaSignificance(r.n_on[i], r.n_off[i], r.alpha[i]), dec(r.sqrt_ts[i]), 1e-9, 1e-5)).toBe(true);
    }
  });

  it("numbers broadcast, lengths are checked", () => {
    const s = new WStatCountsStatistic([10, 20, 30], 40, 0.25);
    expect(Array.from(s.nOff)).toEqual([40, 40, 40]);
    expect(s.sqrtTs).toBeInstanceOf(Float64Array);
    expect(new CashCountsStatistic(5, 1).length).toBe(1);
    expect(() => new CashCountsStatistic([1, 2], [1, 2, 3])).toThrow(/BAD_ARGUMENT/);
  });
});

describe("Brent root finder", () => {
  it("takes scipy brentq's iterations to the same roots, and fails where it fails", () => {
    const funcs: Record<string, (x: number) => number> = {
      cubic: (x) => x ** 3 - 2,
      cos: (x) => Math.cos(x) - x,
    };
    for (let p = 1; p < 10; p++) funcs[`pow${p}`] = (x) => Math.sign(x) * Math.abs(x) ** (p / 3);
    for (const [name, r] of Object.entries(ref.brentq as Record<string, Record<string, number | boolean>>)) {
      const res = brentRoot(funcs[name], r.a as number, r.b as number);
      expect(res.converged, name).toBe(r.converged);
      expect(res.iterations, name).toBe(r.iterations);
      expect(close(res.root, r.root as number, 1e-12, 1e-15), `${name}: ${res.root} vs ${r.root}`).toBe(true);
    }
  });
});

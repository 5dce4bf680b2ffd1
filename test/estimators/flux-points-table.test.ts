/** Flux points from SED tables (Gammapy's FluxPoints.from_table): energy axis, norms, upper-limit rules. */
import { describe, expect, it } from "vitest";
import { sedQuantities } from "../../src/estimators/flux-points.js";
import { fluxPointsFromSed, sedEnergyBins } from "../../src/estimators/flux-points-table.js";
import { createSpectralModel, PowerLaw } from "../../src/modeling/spectral.js";

const model = createSpectralModel(PowerLaw, { index: 2, amplitude: 1e-12, reference: 1 });

describe("flux points from SED tables", () => {
  it("edges: the lower edges plus the last upper edge, geometric-mean centres (Gammapy's gadf-sed axis)", () => {
    const b = sedEnergyBins({ eMinTeV: [1, 2, 5], eMaxTeV: [2, 4, 10] });
    expect(Array.from(b.eMinTeV)).toEqual([1, 2, 5]);
    expect(Array.from(b.eMaxTeV)).toEqual([2, 5, 10]);
    expect(Array.from(b.eRefTeV)).toEqual([Math.sqrt(2), Math.sqrt(10), Math.sqrt(50)]);
  });

  it("nodes: log-interpolated edges between reference energies, extrapolated at the ends", () => {
    const b = sedEnergyBins({ eRefTeV: [1, 4, 16] });
    expect(b.eMinTeV[0]).toBeCloseTo(0.5, 14);
    expect(b.eMaxTeV[0]).toBeCloseTo(2, 14);
    expect(b.eMaxTeV[2]).toBeCloseTo(32, 12);
  });

  it("dnde points become norms of the reference model at the bin centres and give back the values", () => {
    const e = [1, 4, 16];
    const dnde = e.map((x) => 2e-12 * x ** -2);
    const fp = fluxPointsFromSed({ sedType: "dnde", eRefTeV: e, value: dnde, errn: dnde.map((v) => v / 10) }, model);
    for (let i = 0; i < 3; i++) expect(fp.norm[i]).toBeCloseTo(2, 12);
    const q = sedQuantities(fp, "dnde");
    q.value.forEach((v, i) => {
      expect(v / dnde[i]).toBeCloseTo(1, 12);
    });
    expect(fp.normErrn[0]).toBeCloseTo(0.2, 12);
    expect(Array.from(fp.isUl!)).toEqual([0, 0, 0]);
    expect(Number.isNaN(fp.ts[0])).toBe(true);
  });

  it("integral flux points: norm = flux / model integral over the bin (analytic for a power law)", () => {
    const fp = fluxPointsFromSed(
      { sedType: "flux", eMinTeV: [1, 10], eMaxTeV: [10, 100], value: [9e-13, 9e-14] },
      model,
    );
    // integral of 1e-12 E^-2 from 1 to 10 TeV is 9e-13
    expect(fp.norm[0]).toBeCloseTo(1, 12);
    expect(fp.norm[1]).toBeCloseTo(1, 12);
  });

  it("upper-limit flags: given, else sqrt(TS) below the threshold, else finite upper limits, else NaN norms", () => {
    const base = { sedType: "dnde" as const, eRefTeV: [1, 2], value: [1e-12, 1e-13] };
    expect(Array.from(fluxPointsFromSed({ ...base, isUl: [true, false] }, model).isUl!)).toEqual([1, 0]);
    const ts = fluxPointsFromSed({ ...base, sqrtTs: [0.5, 3], ul: [2e-12, 2e-13] }, model, { sqrtTsThresholdUl: 1 });
    expect(Array.from(ts.isUl!)).toEqual([1, 0]);
    expect(Array.from(fluxPointsFromSed({ ...base, ul: [Number.NaN, 2e-13] }, model).isUl!)).toEqual([0, 1]);
    expect(Array.from(fluxPointsFromSed({ ...base, value: [Number.NaN, 1] }, model).isUl!)).toEqual([1, 0]);
  });

  it("rejects unsorted energies and mismatched lengths", () => {
    expect(() => sedEnergyBins({ eRefTeV: [2, 1] })).toThrow(/increasing/);
    expect(() => fluxPointsFromSed({ sedType: "dnde", eRefTeV: [1, 2], value: [1] }, model)).toThrow(/values/);
  });
});

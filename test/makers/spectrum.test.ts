/**
 * 1D reduction of the four H.E.S.S. Crab runs of crab-1d.yaml against Gammapy 1.0 (fixture from
 * scripts/oracle/spectrum_reference.py): counts, reflected OFF regions and counts, exposure with containment
 * correction, dispersion matrices, safe masks, and the stacked dataset's summary.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { infoDict, type SpectrumDataset, stackSpectrumDatasets } from "../../src/datasets/index.js";
import type { OffRegions } from "../../src/makers/index.js";
import { maxRelDiff } from "../support/compare.js";
import { reduceCrab1d, CRAB_1D_REF as ref } from "../support/crab1d.js";
import { DATA_DIR, NO_DATA_MESSAGE } from "../support/data.js";

describe.skipIf(!DATA_DIR)(
  `1D reduction of the H.E.S.S. Crab runs as Gammapy ${DATA_DIR ? "" : NO_DATA_MESSAGE}`,
  () => {
    const runs: Array<{ dataset: SpectrumDataset; off: OffRegions }> = [];
    beforeAll(async () => {
      runs.push(...(await reduceCrab1d()));
    }, 60_000);

    it("ON counts and livetime per run equal Gammapy's", () => {
      ref.runs.forEach((r: any, i: number) => {
        expect([...runs[i].dataset.counts]).toEqual(r.counts);
        expect(runs[i].dataset.livetimeS).toBeCloseTo(r.livetime_s, 6);
      });
    });

    it("reflected regions and OFF counts equal Gammapy's", () => {
      ref.runs.forEach((r: any, i: number) => {
        const regions = runs[i].off.regions;
        expect(regions.length).toBe(r.off_regions.length);
        regions.forEach((reg, k) => {
          if (reg.kind !== "circle") throw new Error("circle expected");
          expect(reg.center.lon).toBeCloseTo(r.off_regions[k][0], 8);
          expect(reg.center.lat).toBeCloseTo(r.off_regions[k][1], 8);
          expect(reg.radius).toBeCloseTo(r.off_regions[k][2], 10);
        });
        expect([...runs[i].dataset.countsOff!]).toEqual(r.counts_off);
        expect([...runs[i].dataset.acceptanceOff!]).toEqual(r.acceptance_off);
      });
    });

    it("exposure (with containment) and dispersion matrices within 1e-6", () => {
      ref.runs.forEach((r: any, i: number) => {
        const d = runs[i].dataset;
        expect(maxRelDiff(d.exposure, r.exposure_cm2s)).toBeLessThan(1e-6);
        expect(maxRelDiff(d.edispExposure, r.edisp_exposure_cm2s)).toBeLessThan(1e-6);
        expect(maxRelDiff(d.edisp, r.edisp_matrix, 1e-6)).toBeLessThan(1e-6);
      });
    });

    it("safe masks (aeff-default, aeff-max 10%) equal Gammapy's", () => {
      ref.runs.forEach((r: any, i: number) => {
        expect([...runs[i].dataset.maskSafe]).toEqual(r.mask_safe);
      });
    });

    it("stacked dataset: counts, counts_off exact; alpha, excess, sqrt_ts within 1e-3", () => {
      const stacked = stackSpectrumDatasets(runs.map((r) => r.dataset));
      const s = ref.stacked;
      expect([...stacked.counts]).toEqual(s.counts);
      expect([...stacked.countsOff!]).toEqual(s.counts_off);
      expect(maxRelDiff(stacked.alpha, s.alpha)).toBeLessThan(1e-6);
      expect(maxRelDiff(stacked.exposure, s.exposure_cm2s)).toBeLessThan(1e-6);
      expect(maxRelDiff(stacked.edisp, s.edisp_matrix, 1e-6)).toBeLessThan(1e-6);
      const info = infoDict(stacked);
      expect(info.counts).toBe(s.info.counts);
      expect(info.counts_off).toBe(s.info.counts_off);
      expect(info.alpha!).toBeCloseTo(s.info.alpha, 6);
      expect(Math.abs(info.excess / s.info.excess - 1)).toBeLessThan(1e-3);
      expect(Math.abs(info.sqrt_ts / s.info.sqrt_ts - 1)).toBeLessThan(1e-3);
      expect(info.livetime).toBeCloseTo(s.info.livetime, 6);
      expect(info.ontime).toBeCloseTo(s.info.ontime, 6);
      expect(info.acceptance).toBe(s.info.acceptance);
      expect(Math.abs(info.acceptance_off! / s.info.acceptance_off - 1)).toBeLessThan(1e-6);
      expect(info.n_bins).toBe(s.info.n_bins);
    });
  },
);

describe.skipIf(!DATA_DIR)(`safe-mask methods and wobble regions as Gammapy ${DATA_DIR ? "" : NO_DATA_MESSAGE}`, () => {
  it("edisp-bias (10%), bkg-peak and offset-max masks; wobble regions (3)", async () => {
    const { openDataStore } = await import("../../src/data/node.js");
    const { makeSafeMask, findWobbleRegions } = await import("../../src/makers/index.js");
    const { dataPath } = await import("../support/data.js");
    const store = openDataStore(dataPath("hess-dl3-dr1"));
    const runs = await reduceCrab1d();
    ref.runs.forEach((r: any, i: number) => {
      const obs = store.obs(r.obs_id);
      const d = runs[i].dataset;
      expect([...makeSafeMask(d, obs, { methods: ["edisp-bias"], biasPercent: 10 })]).toEqual(r.masks.edisp_bias);
      expect([...makeSafeMask(d, obs, { methods: ["bkg-peak"] })]).toEqual(r.masks.bkg_peak);
      expect([...makeSafeMask(d, obs, { methods: ["offset-max"], offsetMaxDeg: 0.4 })]).toEqual(r.masks.offset_max);
      const p = obs.pointing;
      const w = findWobbleRegions(d.requireGeom().region, { lon: p.raDeg!, lat: p.decDeg!, frame: "icrs" }, 3);
      expect(w.regions.length).toBe(r.wobble_regions.length);
      w.regions.forEach((reg, k) => {
        if (reg.kind !== "circle") throw new Error("circle expected");
        expect(reg.center.lon).toBeCloseTo(r.wobble_regions[k][0], 8);
        expect(reg.center.lat).toBeCloseTo(r.wobble_regions[k][1], 8);
        expect(reg.radius).toBeCloseTo(r.wobble_regions[k][2], 10);
      });
    });
  }, 60_000);
});

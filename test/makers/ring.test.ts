/**
 * Ring background (RingBackgroundMaker) on the stacked 3D Crab dataset of examples/crab-3d.yaml against Gammapy 1.0
 * (test/fixtures/ring/crab-ring.json from scripts/oracle/ring_reference.py): ring r_in 0.5 deg, width 0.3 deg with
 * exclusion_mask_crab.fits.gz, applied per energy plane; OFF counts, acceptances, alpha, safe mask and the on-off
 * excess map (correlate_off, 0.1 deg, one energy bin).
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { Analysis } from "../../src/analysis/analysis.js";
import { readAnalysisConfig } from "../../src/analysis/node.js";
import { openDataStore } from "../../src/data/node.js";
import type { MapDataset } from "../../src/datasets/map-dataset.js";
import type { MapDatasetOnOff } from "../../src/datasets/map-dataset-onoff.js";
import { mapDatasetToImage } from "../../src/datasets/map-tools.js";
import { estimateExcessMapOnOff } from "../../src/estimators/excess-map-onoff.js";
import type { MapDatasetParts } from "../../src/makers/map.js";
import { RingBackgroundMaker, ringKernel } from "../../src/makers/ring.js";
import { readMapFile } from "../../src/maps/node.js";
import type { WcsNDMap } from "../../src/maps/wcs-map.js";
import { DATA_DIR, NO_DATA_MESSAGE, REPO_ROOT } from "../support/data.js";

const ref = JSON.parse(readFileSync(join(REPO_ROOT, "test/fixtures/ring/crab-ring.json"), "utf8"));
const rel = (a: number, b: number) => Math.abs(a / b - 1);
const sum = (a: ArrayLike<number>) => {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i];
  return s;
};

describe("ringKernel (astropy Ring2DKernel, peak-normalised)", () => {
  it("0.5 deg / 0.3 deg on 0.02 deg pixels: 81 x 81 with Gammapy's number of ones", () => {
    const k = ringKernel(0.5 / 0.02, 0.3 / 0.02);
    expect([k.size, k.size]).toEqual(ref.kernel.shape);
    expect(sum(k.data)).toBe(ref.kernel.sum);
  });

  it("small rings as astropy (inclusive radii; arrays from astropy 5)", () => {
    const grid = (k: { data: Float64Array; size: number }) =>
      Array.from({ length: k.size }, (_, y) => Array.from(k.data.subarray(y * k.size, (y + 1) * k.size)));
    expect(grid(ringKernel(1, 1))).toEqual([
      [0, 0, 1, 0, 0],
      [0, 1, 1, 1, 0],
      [1, 1, 0, 1, 1],
      [0, 1, 1, 1, 0],
      [0, 0, 1, 0, 0],
    ]);
    const k = ringKernel(2.5, 1.3);
    expect(k.size).toBe(9);
    expect(grid(k)[1]).toEqual([0, 0, 1, 1, 1, 1, 1, 0, 0]);
    expect(grid(k)[2]).toEqual([0, 1, 1, 0, 0, 0, 1, 1, 0]);
    expect(grid(k)[4]).toEqual([0, 1, 0, 0, 0, 0, 0, 1, 0]);
    expect(sum(k.data)).toBe(24);
    expect(() => ringKernel(1, 0)).toThrow();
  });
});

describe.skipIf(!DATA_DIR)(
  `ring background on the stacked Crab dataset as Gammapy ${DATA_DIR ? "" : NO_DATA_MESSAGE}`,
  () => {
    let stacked: MapDataset;
    let onOff: MapDatasetOnOff;
    let exclusion: WcsNDMap;
    let parts: MapDatasetParts;
    beforeAll(async () => {
      const c = readAnalysisConfig(join(REPO_ROOT, "examples", "crab-3d.yaml"));
      const exclusionMask = readMapFile(c.string("datasets.background.exclusion")!) as WcsNDMap;
      const a = new Analysis(c, { dataStore: openDataStore(c.string("observations.datastore")!), exclusionMask });
      a.getObservations();
      await a.getDatasets();
      stacked = a.datasets[0] as MapDataset;
      exclusion = exclusionMask;
      parts = a.mapParts[0];
      onOff = new RingBackgroundMaker(0.5, 0.3, exclusionMask).run(stacked);
    }, 180_000);

    it("counts_off, acceptance and acceptance_off: sums (total and per energy) and sampled pixels within 1e-6", () => {
      expect(onOff.counts.data.length).toBe(ref.shape.reduce((a: number, b: number) => a * b, 1));
      expect(rel(sum(onOff.countsOff), ref.sums.counts_off)).toBeLessThan(1e-6);
      expect(rel(sum(onOff.acceptance), ref.sums.acceptance)).toBeLessThan(1e-6);
      expect(rel(sum(onOff.acceptanceOff), ref.sums.acceptance_off)).toBeLessThan(1e-6);
      const npix = onOff.geom.imageSize;
      ref.sums.counts_off_per_energy.forEach((want: number, e: number) => {
        expect(rel(sum(onOff.countsOff.subarray(e * npix, (e + 1) * npix)), want)).toBeLessThan(1e-6);
        const accOff = sum(onOff.acceptanceOff.subarray(e * npix, (e + 1) * npix));
        expect(rel(accOff, ref.sums.acceptance_off_per_energy[e])).toBeLessThan(1e-6);
      });
      const s = ref.samples;
      s.index.forEach((k: number, j: number) => {
        for (const [ours, want] of [
          [onOff.countsOff[k], s.counts_off[j]],
          [onOff.acceptance[k], s.acceptance[j]],
          [onOff.acceptanceOff[k], s.acceptance_off[j]],
        ])
          if (want === 0) expect(Math.abs(ours)).toBeLessThan(1e-3);
          else expect(rel(ours, want)).toBeLessThan(1e-6);
      });
    });

    it("alpha, background, safe mask and profiled npred_background (no models)", () => {
      const alpha = onOff.alpha;
      expect(rel(sum(alpha), ref.sums.alpha)).toBeLessThan(1e-6);
      expect(rel(sum(onOff.background), ref.sums.background)).toBeLessThan(1e-6);
      expect(sum(onOff.maskSafe)).toBe(ref.sums.mask_safe);
      expect(rel(sum(onOff.counts.data as ArrayLike<number>), ref.sums.counts)).toBe(0);
      const nb = onOff.npredBackground();
      ref.samples.index.forEach((k: number, j: number) => {
        if (ref.samples.alpha[j] === 0) expect(alpha[k]).toBe(0);
        else expect(rel(alpha[k], ref.samples.alpha[j])).toBeLessThan(1e-6);
        expect(onOff.maskSafe[k]).toBe(ref.samples.mask_safe[j]);
        if (ref.samples.npred_background[j] === 0) expect(Math.abs(nb[k])).toBeLessThan(1e-9);
        else expect(rel(nb[k], ref.samples.npred_background[j])).toBeLessThan(1e-5);
      });
    });

    it("on-off excess map (correlate_off): peak sqrt_ts within 1% at the same pixel; sampled pixels", () => {
      const ex = estimateExcessMapOnOff(onOff, { correlationRadiusDeg: 0.1, energyEdgesTeV: [1, 10] });
      const s = ex.maps.sqrt_ts;
      let best = 0;
      let finite = 0;
      for (let i = 0; i < s.length; i++) {
        if (Number.isFinite(s[i])) finite++;
        if (!(s[i] <= s[best])) best = i;
      }
      const [nx, ny] = ex.geom.npix;
      const idx = [Math.floor(best / (nx * ny)), Math.floor((best % (nx * ny)) / nx), best % nx];
      expect(idx).toEqual(ref.excess_map.max_index);
      expect(rel(s[best], ref.excess_map.max_sqrt_ts)).toBeLessThan(0.01);
      expect(rel(ex.maps.npred_excess[best], ref.excess_map.max_npred_excess)).toBeLessThan(0.01);
      expect(ex.maps.counts[best]).toBe(ref.excess_map.max_counts);
      expect(finite).toBe(ref.excess_map.n_finite);
      ref.excess_map.index.forEach((k: number, j: number) => {
        expect(Math.abs(s[k] - ref.excess_map.sqrt_ts[j])).toBeLessThan(0.01 * Math.max(1, Math.abs(s[k])));
        expect(Math.abs(ex.maps.npred_excess[k] - ref.excess_map.npred_excess[j])).toBeLessThan(
          1e-3 * Math.max(1, Math.abs(ref.excess_map.npred_excess[j])),
        );
      });
    });

    it("the ring tutorial's way: ring on the dataset summed over energy (to_image); image excess maps with and without correlate_off", () => {
      const img = new RingBackgroundMaker(0.5, 0.3, exclusion).run(mapDatasetToImage(stacked));
      const r = ref.image;
      expect(sum(img.counts.data as ArrayLike<number>)).toBe(r.sums.counts);
      expect(rel(sum(img.countsOff), r.sums.counts_off)).toBeLessThan(1e-6);
      expect(rel(sum(img.acceptance), r.sums.acceptance)).toBeLessThan(1e-6);
      expect(rel(sum(img.acceptanceOff), r.sums.acceptance_off)).toBeLessThan(1e-6);
      expect(rel(sum(img.alpha), r.sums.alpha)).toBeLessThan(1e-6);
      expect(sum(img.maskSafe)).toBe(r.sums.mask_safe);
      const alpha = img.alpha;
      r.index.forEach((k: number, j: number) => {
        expect(rel(img.countsOff[k], r.counts_off[j])).toBeLessThan(1e-6);
        expect(rel(img.acceptanceOff[k], r.acceptance_off[j])).toBeLessThan(1e-6);
        expect(rel(alpha[k], r.alpha[j])).toBeLessThan(1e-6);
      });
      for (const [radius, correlateOff] of [
        [0.1, true],
        [0.04, true],
        [0.1, false],
      ] as const) {
        const want = r[`excess_${radius}${correlateOff ? "" : "_no_correlate_off"}`];
        const ex = estimateExcessMapOnOff(img, { correlationRadiusDeg: radius, correlateOff });
        const s = ex.maps.sqrt_ts;
        let best = 0;
        for (let i = 1; i < s.length; i++) if (s[i] > s[best]) best = i;
        const [nx] = ex.geom.npix;
        expect([0, Math.floor(best / nx), best % nx], `${radius}`).toEqual(want.max_index);
        expect(rel(s[best], want.max_sqrt_ts)).toBeLessThan(0.01);
        expect(rel(ex.maps.npred_excess[best], want.max_npred_excess)).toBeLessThan(0.01);
      }
    });

    it("takes reduced map-dataset parts (same OFF maps) and needs a background", () => {
      const fromParts = new RingBackgroundMaker(0.5, 0.3, exclusion).run(parts);
      expect(fromParts.countsOff).toEqual(onOff.countsOff);
      expect(fromParts.acceptanceOff).toEqual(onOff.acceptanceOff);
      expect(() => new RingBackgroundMaker(0.5, 0.3).run({ ...parts, background: undefined })).toThrow(/background/);
    });
  },
);

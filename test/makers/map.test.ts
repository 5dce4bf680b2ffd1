/**
 * 3D reduction of the four H.E.S.S. Crab runs of crab-3d.yaml against Gammapy 1.0's Analysis (fixture from
 * scripts/oracle/map_dataset_reference.py): per-run maps and FoV background norms, and the stacked dataset's counts
 * (exact), exposure and background (1e-4 relative per energy slice and at sampled pixels), safe mask, IRF-map
 * exposures, PSF and EDisp kernels at the Crab.
 */
import { readFileSync } from "node:fs";
import { beforeAll, describe, expect, it } from "vitest";
import { Observation } from "../../src/data/index.js";
import { openDataStore } from "../../src/data/node.js";
import { Background2D, Background3D } from "../../src/irf/index.js";
import {
  fovBackground,
  interpMissingBackground,
  type MapDatasetParts,
  makeBackgroundMap,
  makeMapDataset,
  reduceMapDatasets,
  stackMapDatasetParts,
} from "../../src/makers/index.js";
import { MapAxis } from "../../src/maps/axis.js";
import { readMapFile } from "../../src/maps/node.js";
import { WcsGeom } from "../../src/maps/wcs-geom.js";
import { WcsNDMap } from "../../src/maps/wcs-map.js";
import { collectWarnings } from "../../src/util/warnings.js";
import { maxRelDiff } from "../support/compare.js";
import { DATA_DIR, dataPath, NO_DATA_MESSAGE, REPO_ROOT } from "../support/data.js";

const ref = JSON.parse(readFileSync(`${REPO_ROOT}/test/fixtures/map-dataset/crab-3d.json`, "utf8"));
const DEG2_PER_SR = (180 / Math.PI) ** 2;

function sliceSums(map: WcsNDMap): number[] {
  return [...map.sumOverSpatial()];
}

function sampled(map: WcsNDMap, s: { index: number[] }, scale = 1): number[] {
  return s.index.map((i) => Number(map.data[i]) * scale);
}

/**
 * IRF-map pixels whose stacking weight is decided by rounding only: the coarse pixel centres lie exactly on edges of
 * the fine pixels, so the safe mask is read at a fine pixel chosen by the last bits of astropy's WCS (Gammapy's
 * geometries have crval 83.63299999999998, 22.013999999999996 after a pixel round trip); where a run's safe-mask
 * boundary passes between the candidate fine pixels, Gammapy's choice cannot be reproduced. Returns coarse image
 * indices.
 */
function roundingDecidedPixels(stacked: MapDatasetParts, runs: readonly MapDatasetParts[]): Set<number> {
  const coarse = stacked.psf!.psfMap.geom.toImage();
  const { lon, lat } = coarse.imageCoords();
  const out = new Set<number>();
  for (const r of runs) {
    const fine = r.maskSafe.geom;
    const [nx, ny] = fine.npix;
    const image = r.maskSafe.sumOverAxes().data;
    const { x, y } = fine.skyToPix(lon, lat);
    for (let k = 0; k < lon.length; k++) {
      const xs = Math.abs((x[k] % 1) - 0.5) < 1e-6 ? [Math.floor(x[k]), Math.ceil(x[k])] : [Math.round(x[k])];
      const ys = Math.abs((y[k] % 1) - 0.5) < 1e-6 ? [Math.floor(y[k]), Math.ceil(y[k])] : [Math.round(y[k])];
      const values = new Set<boolean>();
      for (const i of xs)
        for (const j of ys) if (i >= 0 && i < nx && j >= 0 && j < ny) values.add(image[j * nx + i] > 0);
      if (values.size > 1) out.add(k);
    }
  }
  return out;
}

/** Entries of `a` and `b` (flat data of maps on the coarse IRF image, `n` pixels) outside the given pixels. */
function withoutPixels(a: ArrayLike<number>, b: ArrayLike<number>, skip: Set<number>, n = 100, index?: number[]) {
  const x: number[] = [];
  const y: number[] = [];
  for (let i = 0; i < b.length; i++) {
    if (skip.has((index ? index[i] : i) % n)) continue;
    x.push(Number(a[i]));
    y.push(b[i]);
  }
  return [x, y] as const;
}

/** Cutout geometry of one run in the fixture. */
interface RunGeomRef {
  obs_id: number;
  geom: { npix: number[]; crpix: number[] };
  geom_irf: { npix: number[]; crpix: number[]; data_shape?: number[] };
  norm: number;
}

/** Sampled flat indices and values of a map. */
interface Samples {
  index: number[];
  value: number[];
}

/** One run of the fixture (per-run dataset before stacking). */
interface PerRunRef extends RunGeomRef {
  livetime_s: number;
  ontime_s: number;
  counts_slices: number[];
  background_slices: number[];
  exposure_slices: number[];
  mask_safe_sum: number;
  exposure_samples: Samples;
  background_samples: Samples;
  psf_exposure: number[];
  psf_samples: Samples;
  edisp_samples: Samples;
}

const perRun = ref.per_run as PerRunRef[];

/** Geometry and axes of crab-3d.yaml. */
function crabGeom(): { geom: WcsGeom; energyAxisTrue: MapAxis } {
  const energy = MapAxis.fromEnergyBounds(1, 10, 10, { name: "energy" });
  const energyAxisTrue = MapAxis.fromEnergyBounds(0.5, 20, 20, { name: "energy_true" });
  const geom = WcsGeom.create({
    lonDeg: 83.633,
    latDeg: 22.014,
    frame: "icrs",
    binszDeg: 0.02,
    widthDeg: 2,
    axes: [energy],
  });
  return { geom, energyAxisTrue };
}

describe.skipIf(!DATA_DIR)(
  `3D reduction of the H.E.S.S. Crab runs as Gammapy ${DATA_DIR ? "" : NO_DATA_MESSAGE}`,
  () => {
    const runs: MapDatasetParts[] = [];
    const norms: number[] = [];
    let stacked: MapDatasetParts;
    let seconds = 0;

    beforeAll(() => {
      const t0 = performance.now();
      const store = openDataStore(dataPath("hess-dl3-dr1"));
      const exclusion = readMapFile(dataPath("joint-crab", "exclusion", "exclusion_mask_crab.fits.gz"));
      const { geom, energyAxisTrue } = crabGeom();
      const options = { energyAxisTrue, binszIrfDeg: 0.2, offsetMaxDeg: 2.5 };
      for (const r of perRun) {
        const parts = makeMapDataset(geom, store.obs(r.obs_id), options);
        const fov = fovBackground(parts, { method: "scale", exclusionMask: exclusion });
        norms.push(fov.norm);
        runs.push(fov.parts);
      }
      stacked = stackMapDatasetParts(geom, runs);
      seconds = (performance.now() - t0) / 1000;
      console.log(
        `[map.test] gammats datasets stage ${seconds.toFixed(2)} s vs Gammapy ${ref.timing_datasets_s.toFixed(2)} s`,
      );
    }, 120_000);

    it("cuts out the whole 2x2 deg geometry and the IRF geometry for each run", () => {
      perRun.forEach((r, i) => {
        expect([...runs[i].counts.geom.npix]).toEqual(r.geom.npix);
        expect(runs[i].counts.geom.wcs.params.crpix[0]).toBeCloseTo(r.geom.crpix[0], 9);
        expect([...runs[i].psf!.psfMap.geom.npix]).toEqual(r.geom_irf.npix);
        expect(runs[i].psf!.psfMap.shape).toEqual(r.geom_irf.data_shape);
      });
    });

    it("per-run counts, exposure, background, livetime and FoV norms equal Gammapy's", () => {
      perRun.forEach((r, i) => {
        const d = runs[i];
        expect(sliceSums(d.counts)).toEqual(r.counts_slices);
        expect(d.livetimeS).toBeCloseTo(r.livetime_s, 6);
        expect(d.ontimeS).toBeCloseTo(r.ontime_s, 6);
        expect(maxRelDiff(sliceSums(d.exposure!), r.exposure_slices)).toBeLessThan(1e-6);
        expect(maxRelDiff(sampled(d.exposure!, r.exposure_samples), r.exposure_samples.value)).toBeLessThan(1e-6);
        // float32 rounding inside Gammapy's background chain leaves ~3e-8 relative differences
        expect(Math.abs(norms[i] / r.norm - 1)).toBeLessThan(1e-7);
        // Gammapy's per-run background is the template (the norm sits in its model); ours is already scaled
        const slices = sliceSums(d.background!).map((v) => v / norms[i]);
        expect(maxRelDiff(slices, r.background_slices)).toBeLessThan(1e-5);
        const unscaled = sampled(d.background!, r.background_samples, 1 / norms[i]);
        expect(maxRelDiff(unscaled, r.background_samples.value, 1e-12)).toBeLessThan(1e-5);
        expect(d.maskSafe.sum()).toBe(r.mask_safe_sum);
      });
    });

    it("per-run PSF and EDisp maps equal Gammapy's", () => {
      perRun.forEach((r, i) => {
        const d = runs[i];
        expect(maxRelDiff(d.psf!.exposureMap!.data as Float64Array, r.psf_exposure)).toBeLessThan(1e-6);
        // per-run PSF maps are in deg-2 in Gammapy (after Map.normalize), sr-1 here
        const psf = sampled(d.psf!.psfMap, r.psf_samples, 1 / DEG2_PER_SR);
        expect(maxRelDiff(psf, r.psf_samples.value, 1e-6)).toBeLessThan(1e-6);
        expect(maxRelDiff(sampled(d.edisp!.edispMap, r.edisp_samples), r.edisp_samples.value, 1e-3)).toBeLessThan(1e-6);
      });
    });

    it("stacked counts equal Gammapy's exactly", () => {
      const s = ref.stacked;
      expect(stacked.counts.sum()).toBe(s.counts_sum);
      expect(sliceSums(stacked.counts)).toEqual(s.counts_slices);
      const nz: number[] = [];
      const values: number[] = [];
      stacked.counts.data.forEach((v, i) => {
        if (v) {
          nz.push(i);
          values.push(Number(v));
        }
      });
      expect(nz).toEqual(s.counts_nonzero.index);
      expect(values).toEqual(s.counts_nonzero.value);
    });

    it("stacked exposure and background within 1e-4 (slices and sampled pixels), livetime, safe mask", () => {
      const s = ref.stacked;
      expect(maxRelDiff(sliceSums(stacked.exposure!), s.exposure_slices)).toBeLessThan(1e-4);
      expect(maxRelDiff(sampled(stacked.exposure!, s.exposure_samples), s.exposure_samples.value)).toBeLessThan(1e-4);
      expect(maxRelDiff(sliceSums(stacked.background!), s.background_slices)).toBeLessThan(1e-4);
      expect(maxRelDiff(sampled(stacked.background!, s.background_samples), s.background_samples.value)).toBeLessThan(
        1e-4,
      );
      expect(stacked.background!.sum()).toBeCloseTo(s.background_sum, 2);
      expect(stacked.exposure!.unit).toBe("m2 s");
      expect(stacked.livetimeS).toBeCloseTo(s.livetime_s, 6);
      expect(stacked.maskSafe.sum()).toBe(s.mask_safe_sum);
      expect(sliceSums(stacked.maskSafe)).toEqual(s.mask_safe_slices);
    });

    it("stacked PSF and EDisp maps (exposure-weighted) equal Gammapy's, except at rounding-decided pixels", () => {
      const s = ref.stacked;
      const skip = roundingDecidedPixels(stacked, runs);
      expect(skip.size).toBeLessThanOrEqual(4);
      const cmp = (a: ArrayLike<number>, b: number[], floor: number, index?: number[]) => {
        const [x, y] = withoutPixels(a, b, skip, 100, index);
        return maxRelDiff(x, y, floor);
      };
      expect(cmp(stacked.psf!.exposureMap!.data as Float32Array, s.psf_exposure, 0)).toBeLessThan(1e-6);
      expect(cmp(stacked.edisp!.exposureMap!.data as Float32Array, s.edisp_exposure, 0)).toBeLessThan(1e-6);
      const psf = sampled(stacked.psf!.psfMap, s.psf_samples);
      expect(cmp(psf, s.psf_samples.value, 1, s.psf_samples.index)).toBeLessThan(1e-6);
      const edisp = sampled(stacked.edisp!.edispMap, s.edisp_samples);
      expect(cmp(edisp, s.edisp_samples.value, 1e-3, s.edisp_samples.index)).toBeLessThan(1e-6);
    });

    it("PSF kernel at the Crab on the exposure geometry within 1e-6", () => {
      const k = ref.stacked.psf_kernel;
      const kernel = stacked.psf!.getPsfKernel(ref.crab[0], ref.crab[1], stacked.exposure!.geom);
      expect([...kernel.geom.npix]).toEqual(k.geom.npix);
      expect(kernel.geom.wcs.params.crpix[0]).toBeCloseTo(k.geom.crpix[0], 9);
      const expected = k.data_e9.map((v: number) => v * 1e-9);
      let worst = 0;
      for (let i = 0; i < expected.length; i++) worst = Math.max(worst, Math.abs(kernel.data[i] - expected[i]));
      expect(worst).toBeLessThan(1e-6);
    });

    it("EDisp kernel at the Crab within 1e-6 (nearest IRF pixel; the Crab is on a pixel corner)", () => {
      const k = ref.stacked.edisp_kernel;
      // The Crab is exactly on the corner of four IRF pixels; Gammapy's nearest pixel is decided by its geometry's
      // rounded crval (lon 2e-14 deg low, lat 4e-15 deg low), i.e. as if the Crab were nudged east and north.
      const kernel = stacked.edisp!.getEdispKernel(ref.crab[0] + 1e-9, ref.crab[1] + 1e-9);
      expect([kernel.energyAxisTrue.nbin, kernel.energyAxis.nbin]).toEqual(k.shape);
      let worst = 0;
      for (let i = 0; i < k.data.length; i++) worst = Math.max(worst, Math.abs(kernel.data[i] - k.data[i]));
      expect(worst).toBeLessThan(1e-6);
    });

    it("background with an ALTAZ-aligned model (sky_to_fov in AltAz at mid-observation) within 1e-4", () => {
      const r = ref.background_altaz;
      const store = openDataStore(dataPath("hess-dl3-dr1"));
      const obs = store.obs(r.obs_id);
      const bkg = obs.bkg as Background3D;
      const altaz = new Background3D({
        axes: bkg.axes,
        data: bkg.data,
        unit: bkg.unit,
        meta: bkg.meta,
        fovAlignment: "ALTAZ",
        interp: bkg.interpOptions,
      });
      const inMemory = new Observation(obs.obsId, {}, undefined, { events: obs.events, gti: obs.gti, bkg: altaz });
      const map = makeBackgroundMap(inMemory, crabGeom().geom);
      expect(maxRelDiff(sliceSums(map), r.slices)).toBeLessThan(1e-4);
      expect(maxRelDiff(sampled(map, r.samples), r.samples.value, 1e-9)).toBeLessThan(1e-4);
    });

    it("background from a 2D (offset) model: flat rate x energy width x solid angle x on time, zero beyond", () => {
      const store = openDataStore(dataPath("hess-dl3-dr1"));
      const obs = store.obs(23523);
      const energy = MapAxis.fromEnergyBounds(0.1, 100, 6, { name: "energy" });
      const offset = MapAxis.fromBounds(0, 0.9, 3, { name: "offset", unit: "deg" });
      const rate = 1e-9; // MeV-1 s-1 sr-1
      const bkg = new Background2D({
        axes: [energy, offset],
        data: new Float64Array(18).fill(rate),
        unit: "MeV-1 s-1 sr-1",
      });
      const inMemory = new Observation(obs.obsId, {}, undefined, { events: obs.events, gti: obs.gti, bkg });
      const geom = crabGeom().geom;
      const map = makeBackgroundMap(inMemory, geom);
      const omega = geom.solidAngle();
      const sep = geom.separation(obs.pointing.raDeg!, obs.pointing.decDeg!);
      const edges = geom.axes.get("energy").edges;
      const n = geom.imageSize;
      // the model is padded by one offset bin (edge values): flat up to 1.2 deg, 0 beyond
      const pixels = [0, 1234, 5050, 7000, n - 1];
      expect(pixels.some((i) => sep[i] > 1.25)).toBe(true);
      expect(pixels.some((i) => sep[i] < 1.15)).toBe(true);
      for (const i of pixels) {
        for (const e of [0, 9]) {
          const expected = sep[i] <= 1.2 ? rate * (edges[e + 1] - edges[e]) * 1e6 * omega[i] * obs.observationTimeS : 0;
          expect(Number(map.data[e * n + i])).toBeCloseTo(expected, 12);
          expect(Math.abs(Number(map.data[e * n + i]) - expected)).toBeLessThanOrEqual(1e-9 * expected + 1e-300);
        }
      }
    });

    it("PSF containment radii at the Crab (0.999) and off-centre (0.68) equal Gammapy's", () => {
      const x = ref.stacked_extra;
      const eTrue = stacked.psf!.psfMap.geom.axes.get("energy_true").center;
      const r999 = stacked.psf!.containmentRadius(0.999, eTrue, ref.crab[0], ref.crab[1]);
      expect(maxRelDiff(r999, x.containment_999_crab)).toBeLessThan(1e-9);
      const r68 = stacked.psf!.containmentRadius(0.68, eTrue, x.position[0], x.position[1]);
      expect(maxRelDiff(r68, x.containment_68_off)).toBeLessThan(1e-9);
    });

    it("off-centre PSF kernel with max radius 0.2 deg and EDisp kernel equal Gammapy's", () => {
      const x = ref.stacked_extra;
      const kernel = stacked.psf!.getPsfKernel(x.position[0], x.position[1], stacked.exposure!.geom, {
        maxRadiusDeg: 0.2,
      });
      expect([...kernel.geom.npix]).toEqual(x.psf_kernel_off.npix);
      let worst = 0;
      x.psf_kernel_off.data_e9.forEach((v: number, i: number) => {
        worst = Math.max(worst, Math.abs(kernel.data[i] - v * 1e-9));
      });
      expect(worst).toBeLessThan(1e-6);
      const edisp = stacked.edisp!.getEdispKernel(x.position[0], x.position[1]);
      expect(maxRelDiff(edisp.data, x.edisp_kernel_off, 1e-6)).toBeLessThan(1e-6);
    });

    it("FoV background 'fit' gives the Cash maximum, equal to Gammapy's Minuit fit within its tolerance", () => {
      const r = ref.fov_fit;
      const { geom, energyAxisTrue } = crabGeom();
      const store = openDataStore(dataPath("hess-dl3-dr1"));
      const exclusion = readMapFile(dataPath("joint-crab", "exclusion", "exclusion_mask_crab.fits.gz"));
      const parts = makeMapDataset(geom, store.obs(r.obs_id), { energyAxisTrue, offsetMaxDeg: 2.5 });
      const fit = fovBackground(parts, { method: "fit", exclusionMask: exclusion });
      expect(fit.success).toBe(true);
      expect(Math.abs(fit.norm / r.norm - 1)).toBeLessThan(1e-4);
      expect(Math.abs(fit.normError / r.norm_error - 1)).toBeLessThan(1e-3);
    });

    it("with trimmed cutouts (4x4 deg geometry, offset_max 1.2 deg) the stacked dataset equals Gammapy's", () => {
      const t = ref.trimmed;
      const energy = MapAxis.fromEnergyBounds(1, 10, 10, { name: "energy" });
      const { energyAxisTrue } = crabGeom();
      const geom = WcsGeom.create({ lonDeg: 83.633, latDeg: 22.014, binszDeg: 0.04, widthDeg: 4, axes: [energy] });
      const store = openDataStore(dataPath("hess-dl3-dr1"));
      const exclusion = readMapFile(dataPath("joint-crab", "exclusion", "exclusion_mask_crab.fits.gz"));
      const options = { energyAxisTrue, binszIrfDeg: 0.2, offsetMaxDeg: 1.2 };
      const runRefs = t.per_run as RunGeomRef[];
      const reduced = reduceMapDatasets(
        geom,
        runRefs.map((r) => store.obs(r.obs_id)),
        { ...options, fovBackground: { exclusionMask: exclusion } },
      );
      const parts = runRefs.map((r, i) => {
        const p = reduced.datasets[i];
        expect([...p.counts.geom.npix]).toEqual(r.geom.npix);
        expect(p.counts.geom.wcs.params.crpix[0]).toBeCloseTo(r.geom.crpix[0], 9);
        expect(p.counts.geom.wcs.params.crpix[1]).toBeCloseTo(r.geom.crpix[1], 9);
        expect([...p.psf!.psfMap.geom.npix]).toEqual(r.geom_irf.npix);
        expect(p.psf!.psfMap.geom.wcs.params.crpix[0]).toBeCloseTo(r.geom_irf.crpix[0], 9);
        expect(Math.abs(p.meta.backgroundNorm! / r.norm - 1)).toBeLessThan(1e-7);
        return p;
      });
      const st = reduced.stacked!;
      expect(sliceSums(st.counts)).toEqual(t.counts_slices);
      expect(sliceSums(st.maskSafe)).toEqual(t.mask_safe_slices);
      expect(st.livetimeS).toBeCloseTo(t.livetime_s, 6);
      expect(maxRelDiff(sliceSums(st.exposure!), t.exposure_slices)).toBeLessThan(1e-4);
      expect(maxRelDiff(sampled(st.exposure!, t.exposure_samples), t.exposure_samples.value)).toBeLessThan(1e-4);
      expect(maxRelDiff(sliceSums(st.background!), t.background_slices)).toBeLessThan(1e-4);
      expect(maxRelDiff(sampled(st.background!, t.background_samples), t.background_samples.value, 1e-9)).toBeLessThan(
        1e-4,
      );
      const skip = roundingDecidedPixels(st, parts);
      const n = st.psf!.psfMap.geom.imageSize;
      const cmp = (a: ArrayLike<number>, b: number[], floor: number, index?: number[]) => {
        const [x, y] = withoutPixels(a, b, skip, n, index);
        return maxRelDiff(x, y, floor);
      };
      expect(cmp(st.psf!.exposureMap!.data as Float32Array, t.psf_exposure, 0)).toBeLessThan(1e-6);
      expect(cmp(st.edisp!.exposureMap!.data as Float32Array, t.edisp_exposure, 0)).toBeLessThan(1e-6);
      expect(cmp(sampled(st.psf!.psfMap, t.psf_samples), t.psf_samples.value, 1, t.psf_samples.index)).toBeLessThan(
        1e-6,
      );
      expect(
        cmp(sampled(st.edisp!.edispMap, t.edisp_samples), t.edisp_samples.value, 1e-3, t.edisp_samples.index),
      ).toBeLessThan(1e-6);
    });
  },
);

describe("background template helpers and FoV normalisation (synthetic)", () => {
  it("fills zero background bins by log interpolation along energy, not beyond the valid range", () => {
    const energy = MapAxis.fromEnergyBounds(0.1, 100, 5, { name: "energy" });
    const lon = MapAxis.fromBounds(-1, 1, 2, { name: "fov_lon", unit: "deg" });
    const lat = MapAxis.fromBounds(-1, 1, 2, { name: "fov_lat", unit: "deg" });
    const data = new Float64Array(20).fill(1);
    // spatial bin 0: values 8, 4, 0, 1, 0 along energy
    [8, 4, 0, 1, 0].forEach((v, e) => {
      data[e * 4] = v;
    });
    const bkg = new Background3D({ axes: [energy, lon, lat], data, unit: "s-1 MeV-1 sr-1" });
    const filled = interpMissingBackground(bkg);
    expect(filled.data[8]).toBeCloseTo(2, 12);
    expect(filled.data[16]).toBe(0);
    expect(filled.data[0]).toBe(8);
    expect(interpMissingBackground(bkg)).toBe(filled);
  });

  function parts(countsPerPixel: (i: number) => number): MapDatasetParts {
    const energy = MapAxis.fromEnergyBounds(1, 10, 2, { name: "energy" });
    const geom = WcsGeom.create({ lonDeg: 10, latDeg: 0, binszDeg: 0.1, npix: [10, 10], axes: [energy] });
    const counts = WcsNDMap.fromGeom(geom, { dtype: "float32" });
    const background = WcsNDMap.fromGeom(geom, { dtype: "float64" });
    const maskSafe = WcsNDMap.fromGeom(geom, { dtype: "bool" });
    for (let i = 0; i < geom.size; i++) {
      counts.data[i] = countsPerPixel(i % 100);
      background.data[i] = 1;
      maskSafe.data[i] = 1;
    }
    return { name: "test", counts, background, maskSafe, livetimeS: 1, ontimeS: 1, meta: { obsIds: [1] } };
  }

  it("scales the background to the counts outside the exclusion mask", () => {
    // left half (x < 5) holds a source: 10 counts per bin; the right half 2 counts per bin
    const p = parts((i) => (i % 10 < 5 ? 10 : 2));
    const exclusion = WcsNDMap.fromGeom(p.counts.geom.toImage(), { dtype: "bool" });
    for (let i = 0; i < 100; i++) exclusion.data[i] = i % 10 < 5 ? 0 : 1;
    const r = fovBackground(p, { exclusionMask: exclusion });
    expect(r.success).toBe(true);
    expect(r.norm).toBe(2);
    expect(r.normError).toBeCloseTo(Math.sqrt(200) / 100, 12);
    expect(r.parts.background!.sum()).toBe(400);
    expect(r.parts.meta.backgroundNorm).toBe(2);
    expect(fovBackground(p).norm).toBe(6);
  });

  it("empties the safe mask and warns when there are no counts outside the exclusion mask", () => {
    const p = parts(() => 0);
    const { sink, warnings } = collectWarnings();
    const r = fovBackground(p, { warn: sink });
    expect(r.success).toBe(false);
    expect(r.parts.maskSafe.sum()).toBe(0);
    expect(warnings.map((w) => w.code)).toEqual(["FOV_BACKGROUND_FAILED"]);
    expect(() => fovBackground(p, { method: "ring" as never })).toThrow();
  });
});

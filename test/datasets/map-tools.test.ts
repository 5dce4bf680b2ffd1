/**
 * Map-dataset utilities (src/datasets/map-tools.ts) on the stacked H.E.S.S. Crab 3D dataset of examples/crab-3d.yaml
 * (built with the makers as Gammapy's Analysis does) with the models of examples/crab-3d-models.yaml: fake counts (deterministic, Poisson around npred), cutouts (counts
 * exact, npred as the parent's), images (counts sum of Gammapy's reference, 2479) and residual definitions.
 */
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import type { MapDataset } from "../../src/datasets/map-dataset.js";
import {
  cutoutMapDataset,
  fakeMapDataset,
  mapDatasetResiduals,
  mapDatasetToImage,
  resampleMapDatasetEnergy,
} from "../../src/datasets/map-tools.js";
import { MapAxis } from "../../src/maps/axis.js";
import { readModelsYaml } from "../../src/modeling/index.js";
import { FoVBackgroundModel, Models } from "../../src/modeling/models.js";
import { AnalyticSpectralModel } from "../../src/modeling/spectral.js";
import { PowerLawNorm } from "../../src/modeling/spectral-models.js";
import { Rng } from "../../src/util/random.js";
import { reduceCrab3d } from "../support/crab3d.js";
import { DATA_DIR, NO_DATA_MESSAGE, REPO_ROOT } from "../support/data.js";

const REF = join(REPO_ROOT, "..", "shared", "reference", "gammapy-crab-3d.json");

/** The stacked Crab 3D dataset with the models of examples/crab-3d-models.yaml and its FoV background model. */
function crabStacked(): MapDataset {
  const d = reduceCrab3d();
  const models = readModelsYaml(readFileSync(join(REPO_ROOT, "examples", "crab-3d-models.yaml"), "utf8"));
  d.models = new Models([...models, new FoVBackgroundModel(d.name, new AnalyticSpectralModel(PowerLawNorm))]);
  return d;
}

describe.skipIf(!DATA_DIR)(`map-dataset tools on the Crab 3D dataset ${DATA_DIR ? "" : NO_DATA_MESSAGE}`, () => {
  let stacked: MapDataset;
  beforeAll(() => {
    stacked = crabStacked();
  }, 60_000);

  it("fake: deterministic per seed, Poisson around npred (mean, variance, chi2 over bins)", () => {
    const a = fakeMapDataset(stacked, new Rng(7));
    const b = fakeMapDataset(stacked, new Rng(7));
    const c = fakeMapDataset(stacked, new Rng(8));
    expect(a.counts.data).toEqual(b.counts.data);
    expect(a.counts.data).not.toEqual(c.counts.data);
    expect(a.counts.geom.equals(stacked.counts.geom)).toBe(true);
    expect(a.models).toBe(stacked.models);
    const npred = stacked.npred();
    // pooled over seeds: total counts, and chi2 of 10x10-pixel blocks summed over energy (means ~ 25)
    const [nx, ny] = stacked.geom.npix;
    const npix = nx * ny;
    const block = (data: ArrayLike<number | bigint>) => {
      const out = new Float64Array((nx / 10) * (ny / 10));
      for (let i = 0; i < data.length; i++) {
        const p = i % npix;
        out[Math.floor(p / nx / 10) * (nx / 10) + Math.floor((p % nx) / 10)] += Number(data[i]);
      }
      return out;
    };
    const mu = block(npred);
    let total = 0;
    let expected = 0;
    let chi2 = 0;
    let dof = 0;
    let allIntegers = true;
    const nSeeds = 8;
    for (let s = 0; s < nSeeds; s++) {
      const f = fakeMapDataset(stacked, new Rng(100 + s)).counts.data;
      for (let i = 0; i < f.length; i++) if (!Number.isInteger(f[i]) || Number(f[i]) < 0) allIntegers = false;
      const n = block(f);
      for (let k = 0; k < n.length; k++) {
        total += n[k];
        expected += mu[k];
        chi2 += (n[k] - mu[k]) ** 2 / mu[k];
        dof++;
      }
    }
    expect(allIntegers).toBe(true);
    expect(Math.abs(total - expected) / Math.sqrt(expected)).toBeLessThan(4);
    expect(Math.abs(chi2 / dof - 1)).toBeLessThan(5 * Math.sqrt(2 / dof));
    // mean and variance over the pixels of one energy (Poisson variance plus the spread of the means)
    const e = 0;
    const vals: number[] = [];
    const f = fakeMapDataset(stacked, new Rng(3)).counts.data;
    let meanPred = 0;
    for (let i = e * npix; i < (e + 1) * npix; i++) {
      vals.push(Number(f[i]));
      meanPred += npred[i];
    }
    meanPred /= npix;
    const mean = vals.reduce((s, v) => s + v, 0) / vals.length;
    let varPred = 0;
    for (let i = e * npix; i < (e + 1) * npix; i++) varPred += npred[i] + (npred[i] - meanPred) ** 2;
    varPred /= npix;
    const variance = vals.reduce((s, v) => s + (v - mean) ** 2, 0) / (vals.length - 1);
    expect(Math.abs(mean - meanPred)).toBeLessThan(5 * Math.sqrt(meanPred / npix));
    expect(Math.abs(variance / varPred - 1)).toBeLessThan(0.1);
  });

  it("cutout: counts exact, npred equal to the parent's in the cutout (1e-9), masks and exposure cut", () => {
    const [nx, ny] = stacked.geom.npix;
    const cut = cutoutMapDataset(stacked, 83.633, 22.014, 1.3);
    const [cx, cy] = cut.geom.npix;
    expect([cx, cy]).toEqual([65, 65]);
    const x0 = Math.round(stacked.geom.wcs.params.crpix[0] - cut.geom.wcs.params.crpix[0]);
    const y0 = Math.round(stacked.geom.wcs.params.crpix[1] - cut.geom.wcs.params.crpix[1]);
    const parent = stacked.npred();
    const child = cut.npred();
    const nE = stacked.energyAxis.nbin;
    let maxRel = 0;
    let sumChild = 0;
    let mismatches = 0;
    for (let e = 0; e < nE; e++)
      for (let y = 0; y < cy; y++)
        for (let x = 0; x < cx; x++) {
          const p = (e * ny + y + y0) * nx + x + x0;
          const c = (e * cy + y) * cx + x;
          if (
            cut.counts.data[c] !== stacked.counts.data[p] ||
            cut.maskSafe[c] !== stacked.maskSafe[p] ||
            cut.background!.data[c] !== stacked.background!.data[p]
          )
            mismatches++;
          maxRel = Math.max(maxRel, Math.abs(child[c] - parent[p]) / Math.max(parent[p], 1e-12));
          sumChild += child[c];
        }
    expect(mismatches).toBe(0);
    expect(maxRel).toBeLessThan(1e-9);
    expect(sumChild).toBeGreaterThan(100);
    expect(cut.exposure.geom.npix).toEqual(cut.geom.npix);
    expect(cut.name).toBe(stacked.name);
    expect(cutoutMapDataset(stacked, 184.5575, -5.7843, 1.3, { frame: "galactic" }).geom.npix).toEqual([65, 65]);
  });

  it.skipIf(!existsSync(REF))("toImage: counts summed over the safe mask (Gammapy's counts_sum), npred kept", () => {
    const ref = JSON.parse(readFileSync(REF, "utf8"));
    const img = mapDatasetToImage(stacked);
    expect(img.energyAxis.nbin).toBe(1);
    expect(img.counts.sum()).toBe(ref.maps.counts_sum);
    expect(img.counts.sum()).toBe(2479);
    expect(img.background!.sum()).toBeCloseTo(stacked.background!.sum(), 6);
    // all bins are safe here: the one-bin npred is the sum of the 3D npred (the EDisp columns summed)
    const n3 = stacked.npred();
    const n2 = img.npred();
    const npix = stacked.geom.imageSize;
    let s3 = 0;
    let s2 = 0;
    for (let i = 0; i < n3.length; i++) s3 += n3[i];
    for (let i = 0; i < npix; i++) s2 += n2[i];
    expect(Math.abs(s2 / s3 - 1)).toBeLessThan(1e-9);
  });

  it("resampleEnergyAxis: counts summed over safe bins only, masks merged with OR", () => {
    const masked = cutoutMapDataset(stacked, 83.633, 22.014, 1);
    const npix = masked.geom.imageSize;
    masked.maskSafe.fill(0, 0, 2 * npix); // the two lowest energies unsafe
    const axis = MapAxis.fromEdges(
      masked.energyAxis.edges.filter((_, i) => i % 2 === 0),
      {
        name: "energy",
        unit: "TeV",
        interp: "log",
      },
    );
    const r = resampleMapDatasetEnergy(masked, axis);
    expect(r.energyAxis.nbin).toBe(5);
    let want1 = 0;
    for (let i = 0; i < npix; i++) {
      want1 += Number(masked.counts.data[2 * npix + i]) + Number(masked.counts.data[3 * npix + i]);
    }
    let got0 = 0;
    let got1 = 0;
    for (let i = 0; i < npix; i++) {
      got0 += Number(r.counts.data[i]);
      got1 += Number(r.counts.data[npix + i]);
    }
    expect(got0).toBe(0);
    expect(got1).toBe(want1);
    expect(r.maskSafe.subarray(0, npix).every((v) => v === 0)).toBe(true);
    expect(r.maskSafe.subarray(npix).every((v) => v === 1)).toBe(true);
    const k = r.edisp!.edispKernelAt(83.633, 22.014);
    const k0 = stacked.edisp!.edispKernelAt(83.633, 22.014);
    const nE = 10;
    for (let t = 0; t < k.energyAxisTrue.nbin; t++) {
      expect(k.data[t * 5]).toBe(0);
      expect(k.data[t * 5 + 1]).toBeCloseTo(k0.data[t * nE + 2] + k0.data[t * nE + 3], 12);
    }
    expect(() => resampleMapDatasetEnergy(masked, MapAxis.fromEnergyBounds(1.1, 10, 2, { name: "energy" }))).toThrow();
  });

  it("residuals: diff, diff/model, diff/sqrt(model); NaN outside the mask", () => {
    const d = cutoutMapDataset(stacked, 83.633, 22.014, 0.6);
    const npix = d.geom.imageSize;
    d.maskFit = new Uint8Array(d.counts.data.length).fill(1);
    d.maskFit.fill(0, 0, npix);
    const npred = d.npred();
    const diff = mapDatasetResiduals(d, "diff").data as Float64Array;
    const rel = mapDatasetResiduals(d, "diff/model").data as Float64Array;
    const sq = mapDatasetResiduals(d, "diff/sqrt(model)").data as Float64Array;
    for (let i = 0; i < npix; i++) {
      expect(diff[i]).toBeNaN();
      expect(sq[i]).toBeNaN();
    }
    for (let i = npix; i < diff.length; i++) {
      const dv = Number(d.counts.data[i]) - npred[i];
      expect(diff[i]).toBe(dv);
      expect(rel[i]).toBe(dv / npred[i]);
      expect(sq[i]).toBe(dv / Math.sqrt(npred[i]));
    }
    expect(() => mapDatasetResiduals(d, "ratio" as never)).toThrow();
  });
});

/**
 * Flux profiles of the stacked Crab 3D map dataset (examples/crab-3d.yaml, models none, background map as is) against
 * Gammapy 1.0's `FluxProfileEstimator`: 8 rectangles 0.1 deg wide along RA through the Crab and 5 annuli, energy
 * bins 1-3-10 TeV; fixture from scripts/oracle/profile_sensitivity_reference.py.
 */
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { Analysis } from "../../src/analysis/analysis.js";
import { readAnalysisConfig } from "../../src/analysis/node.js";
import { openDataStore } from "../../src/data/node.js";
import type { MapDataset } from "../../src/datasets/map-dataset.js";
import { energyGroupRange } from "../../src/estimators/flux-points.js";
import {
  FluxProfileEstimator,
  fluxProfileTable,
  makeConcentricAnnulusSkyRegions,
  makeOrthogonalRectangleSkyRegions,
  mapDatasetToSpectrumDataset,
} from "../../src/estimators/flux-profile.js";
import { readMapFile } from "../../src/maps/node.js";
import type { SkyRegion } from "../../src/maps/regions.js";
import type { WcsNDMap } from "../../src/maps/wcs-map.js";
import { createSpectralModel, Models, PowerLaw, SkyModel } from "../../src/modeling/index.js";
import { DATA_DIR, NO_DATA_MESSAGE, REPO_ROOT } from "../support/data.js";

const REF = JSON.parse(
  readFileSync(join(REPO_ROOT, "test/fixtures/estimators/profile-sensitivity.json"), "utf8"),
).profile;
const CONFIG = join(REPO_ROOT, "examples", "crab-3d.yaml");

/** Equal within `tol` relative (absolute `atol` near zero), or both non-finite. */
function close(got: ArrayLike<number>, want: Array<number | null>, tol: number, label: string, atol = 1e-12) {
  expect(got.length, label).toBe(want.length);
  for (let i = 0; i < want.length; i++) {
    const w = want[i];
    if (w === null) expect(Number.isFinite(got[i]), `${label}[${i}] not finite`).toBe(false);
    else
      expect(Math.abs(got[i] - w), `${label}[${i}]: ${got[i]} vs ${w}`).toBeLessThan(Math.max(tol * Math.abs(w), atol));
  }
}

describe("region helpers", () => {
  it("annuli: edges evenly spaced from radius_min to radius_max", () => {
    const regions = makeConcentricAnnulusSkyRegions({ lon: 83.633, lat: 22.014, frame: "icrs" }, 0.55, 0.05, 6);
    expect(regions.length).toBe(5);
    regions.forEach((r, k) => {
      const want = REF.annuli.regions[k];
      if (r.kind !== "annulus") throw new Error("annulus expected");
      expect(Math.abs(r.inner - want.inner)).toBeLessThan(1e-14);
      expect(Math.abs(r.outer - want.outer)).toBeLessThan(1e-14);
    });
  });

  it("needs two regions", () => {
    const one = makeConcentricAnnulusSkyRegions({ lon: 0, lat: 0, frame: "icrs" }, 1, 0.1, 2);
    expect(() => new FluxProfileEstimator(one, { energyEdgesTeV: [1, 10] })).toThrow(/two regions/);
  });
});

describe.skipIf(!DATA_DIR || !existsSync(CONFIG))(
  `flux profiles of the Crab 3D dataset as Gammapy ${DATA_DIR ? "" : NO_DATA_MESSAGE}`,
  () => {
    let stacked: MapDataset;
    let rects: SkyRegion[];
    let annuli: SkyRegion[];
    beforeAll(async () => {
      const c = readAnalysisConfig(CONFIG);
      const a = new Analysis(c, {
        dataStore: openDataStore(c.string("observations.datastore")!),
        exclusionMask: readMapFile(c.string("datasets.background.exclusion")!) as WcsNDMap,
      });
      a.getObservations();
      await a.getDatasets();
      stacked = a.datasets[0] as MapDataset;
      stacked.models = undefined;
      const [sra, sdec] = REF.start;
      const [era, edec] = REF.end;
      rects = makeOrthogonalRectangleSkyRegions(
        { lon: sra, lat: sdec, frame: "icrs" },
        { lon: era, lat: edec, frame: "icrs" },
        stacked.counts.geom.wcs,
        REF.height,
        REF.nbin,
      );
      const an = REF.annulus;
      annuli = makeConcentricAnnulusSkyRegions(
        { lon: an.center[0], lat: an.center[1], frame: "icrs" },
        an.radius_max,
        an.radius_min,
        an.nbin,
      );
    }, 180_000);

    it("rectangles along the line: centres, width, height and angle as make_orthogonal_rectangle_sky_regions", () => {
      expect(rects.length).toBe(REF.rectangles.regions.length);
      rects.forEach((r, k) => {
        const want = REF.rectangles.regions[k];
        if (r.kind !== "rectangle") throw new Error("rectangle expected");
        expect(Math.abs(r.center.lon - want.ra)).toBeLessThan(1e-9);
        expect(Math.abs(r.center.lat - want.dec)).toBeLessThan(1e-9);
        expect(Math.abs(r.width / want.width - 1)).toBeLessThan(1e-9);
        expect(r.height).toBe(want.height);
        expect(Math.abs(r.angle - want.angle)).toBeLessThan(1e-9);
      });
    });

    for (const tag of ["rectangles", "annuli"] as const) {
      it(`${tag}: region spectra as MapDataset.to_spectrum_dataset (counts exact, background/exposure 1e-5)`, () => {
        const regions = tag === "rectangles" ? rects : annuli;
        regions.forEach((r, k) => {
          const want = REF[tag].per_region[k];
          const s = mapDatasetToSpectrumDataset(stacked, r);
          expect(Array.from(s.counts), `${tag}[${k}] counts`).toEqual(want.counts);
          close(s.background!, want.background, 1e-5, `${tag}[${k}] background`);
          close(s.exposure, want.exposure_cm2s, 1e-5, `${tag}[${k}] exposure`);
          expect(Array.from(s.maskSafe)).toEqual(want.mask_safe);
        });
      });

      it(`${tag}: the likelihood of each profile bin at Gammapy's best-fit norm equals Gammapy's within 1e-5 (Gammapy's float32 sums)`, () => {
        const regions = tag === "rectangles" ? rects : annuli;
        const want = REF[tag];
        const nE = REF.energy_edges.length - 1;
        regions.forEach((r, k) => {
          const s = mapDatasetToSpectrumDataset(stacked, r);
          for (let b = 0; b < nE; b++) {
            const [start, stop] = energyGroupRange(s.energyAxis, REF.energy_edges[b], REF.energy_edges[b + 1]);
            const sliced = s.sliceByIdx(start, stop);
            const norm = want.norm[k * nE + b];
            const spectrum = createSpectralModel(PowerLaw, { index: 2, amplitude: 1e-12 * norm, reference: 1 });
            sliced.models = new Models([new SkyModel({ name: "test-source", spectralModel: spectrum })]);
            expect(Math.abs(sliced.statSum() - want.stat[k * nE + b]), `${tag}[${k}, ${b}] stat`).toBeLessThan(1e-5);
          }
        });
      });

      it(`${tag}: profile as FluxProfileEstimator (distances 1e-9, counts exact, ts 1e-5, norms within MIGRAD's tolerance)`, () => {
        const regions = tag === "rectangles" ? rects : annuli;
        const want = REF[tag];
        const profile = new FluxProfileEstimator(regions, { energyEdgesTeV: REF.energy_edges }).run(stacked);
        const t = fluxProfileTable(profile, "flux");
        expect([t.nRegions, t.nEnergy]).toEqual(want.shape);
        close(t.xRefDeg, want.x_ref, 1e-9, "x_ref", 1e-12);
        close(t.xMinDeg, want.x_min, 1e-9, "x_min");
        close(t.xMaxDeg, want.x_max, 1e-9, "x_max");
        close(t.eMinTeV, want.e_min, 1e-12, "e_min");
        close(t.eMaxTeV, want.e_max, 1e-12, "e_max");
        close(t.counts, want.counts, 0, "counts");
        expect(Array.from(profile.points.flatMap((fp) => Array.from(fp.success, (v) => v === 1)))).toEqual(
          want.success,
        );
        // TS is flat at the minimum: it agrees to ~1e-6 wherever MIGRAD stops
        close(t.ts, want.ts, 1e-5, "ts", 1e-4);
        close(t.sqrtTs, want.sqrt_ts, 1e-5, "sqrt_ts", 1e-2); // sqrt of the 1e-4 absolute TS tolerance
        close(t.stat, want.stat, 1e-5, "stat", 1e-3);
        // MIGRAD (tol 0.1) stops within EDM < 2e-4, i.e. up to ~0.02 sigma from the minimum, and gammats' line search
        // differs from Minuit2's: norms and fluxes agree to 0.02 of their errors (to 1e-7 where both paths coincide);
        // errors (the Hessian at that point) to 2e-3
        const n = t.norm.length;
        for (let i = 0; i < n; i++) {
          expect(Math.abs(t.norm[i] - want.norm[i]), `norm[${i}]`).toBeLessThan(0.02 * want.norm_err[i]);
          expect(Math.abs(t.value[i] - want.flux[i]), `flux[${i}]`).toBeLessThan(0.02 * want.flux_err[i]);
        }
        close(t.normErr, want.norm_err, 2e-3, "norm_err");
        close(t.valueErr, want.flux_err, 2e-3, "flux_err");
        close(t.npred, want.npred, 2e-3, "npred");
      }, 120_000);
    }
  },
);

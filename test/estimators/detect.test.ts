/**
 * Source detection against Gammapy 1.0 (scripts/oracle/detection_reference.py): `findPeaks` on a synthetic image
 * built identically on both sides, on the TS and significance maps of the stacked H.E.S.S. Crab dataset, and the
 * detection step (TS map -> peaks -> point sources -> joint fit) on a simulated five-source field.
 */
import { readFileSync } from "node:fs";
import { beforeAll, describe, expect, it } from "vitest";
import type { MapDataset } from "../../src/datasets/index.js";
import { detectSources } from "../../src/estimators/detect.js";
import { estimateExcessMap } from "../../src/estimators/excess-map.js";
import { findPeaks, type Peak } from "../../src/estimators/find-peaks.js";
import { estimateTSMap } from "../../src/estimators/ts-map.js";
import { openFits } from "../../src/fits/node.js";
import { mapDatasetFromParts } from "../../src/makers/index.js";
import { readMapDatasetParts } from "../../src/makers/map-dataset-io.js";
import { WcsGeom } from "../../src/maps/wcs-geom.js";
import { WcsNDMap } from "../../src/maps/wcs-map.js";
import { reduceCrab3d } from "../support/crab3d.js";
import { DATA_DIR, NO_DATA_MESSAGE, REPO_ROOT } from "../support/data.js";

interface PeakFx {
  value: number;
  x: number;
  y: number;
  ra: number;
  dec: number;
}
interface CaseFx {
  threshold: number | "map";
  min_distance?: number | null;
  min_distance_deg?: number | null;
  offset?: number;
  peaks: PeakFx[];
}
const FX = JSON.parse(readFileSync(`${REPO_ROOT}/test/fixtures/detection/gammapy_detection.json`, "utf8"));

/** The synthetic image of the oracle: integer texture, Gaussian bumps, a plateau of four maxima, a corner peak, NaNs. */
function syntheticImage(offset = 0): WcsNDMap {
  const geom = WcsGeom.create({
    lonDeg: 10,
    latDeg: -30,
    frame: "galactic",
    binszDeg: 0.05,
    npix: [60, 50],
    proj: "TAN",
  });
  const [nx, ny] = [60, 50];
  const data = new Float64Array(nx * ny);
  const bumps = [
    [10, 12, 12.0, 2.0],
    [45, 30, 9.0, 3.0],
    [30, 5, 7.0, 1.5],
    [58, 48, 8.0, 2.0],
    [2, 40, 6.0, 1.0],
  ];
  for (let y = 0; y < ny; y++)
    for (let x = 0; x < nx; x++) {
      let v = ((x * 37 + y * 101 + ((x * y) % 13)) % 50) / 10;
      for (const [x0, y0, amp, s] of bumps) v += amp * Math.exp(-((x - x0) ** 2 + (y - y0) ** 2) / (2 * s * s));
      data[y * nx + x] = v;
    }
  for (const [y, x] of [
    [20, 20],
    [20, 21],
    [21, 20],
    [21, 21],
  ])
    data[y * nx + x] = 20;
  data[59] = 25;
  data[33 * nx + 7] = Number.NaN;
  data[40 * nx + 50] = Number.NaN;
  if (offset) for (let i = 0; i < data.length; i++) data[i] += offset;
  return new WcsNDMap(geom, data);
}

function expectPeaks(ours: readonly Peak[], fx: readonly PeakFx[], valueTol: number, label: string): void {
  expect(
    ours.map((p) => [p.x, p.y]),
    label,
  ).toEqual(fx.map((p) => [p.x, p.y]));
  ours.forEach((p, k) => {
    expect(Math.abs(p.value - fx[k].value), `${label} value ${k}`).toBeLessThanOrEqual(
      valueTol * Math.abs(fx[k].value),
    );
    expect(p.ra).toBeCloseTo(fx[k].ra, 9);
    expect(p.dec).toBeCloseTo(fx[k].dec, 9);
  });
}

describe("findPeaks as Gammapy's find_peaks", () => {
  it("synthetic image: thresholds, minimum distances (pixels and deg), plateaus, NaNs, edges, threshold maps", () => {
    const thresholdMap = Float64Array.from({ length: 3000 }, (_, i) => 3 + (i % 60) / 20);
    for (const c of FX.synthetic as CaseFx[]) {
      const image = syntheticImage(c.offset ?? 0);
      const threshold = c.threshold === "map" ? thresholdMap : c.threshold;
      const peaks = findPeaks(image, {
        threshold,
        minDistancePix: c.min_distance ?? undefined,
        minDistanceDeg: c.min_distance_deg ?? undefined,
      });
      expectPeaks(peaks, c.peaks, 1e-12, JSON.stringify({ ...c, peaks: undefined }));
    }
  });

  it("a constant image has no peaks; bad arguments are typed errors", () => {
    const geom = WcsGeom.create({ lonDeg: 0, latDeg: 0, binszDeg: 0.1, npix: [5, 4] });
    expect(findPeaks(new WcsNDMap(geom, new Float64Array(20).fill(3)), { threshold: 1 })).toEqual([]);
    const img = syntheticImage();
    expect(() => findPeaks(img, { threshold: [1, 2] })).toThrow(/threshold/);
    expect(() => findPeaks(img, { threshold: 1, minDistancePix: 1.5 })).toThrow(/minDistance/);
  });
});

describe.skipIf(!DATA_DIR)("detection on real and simulated data", () => {
  if (!DATA_DIR) it.skip(NO_DATA_MESSAGE, () => {});
  let crab: MapDataset;
  beforeAll(() => {
    crab = reduceCrab3d();
  }, 120_000);

  it("peaks of the Crab TS (kernel 0.5 deg) and Li & Ma (0.1 deg) significance maps equal Gammapy's", () => {
    const ts = estimateTSMap(crab, { kernelWidthDeg: 0.5 });
    const excess = estimateExcessMap(crab, { correlationRadiusDeg: 0.1 });
    const images: Record<string, WcsNDMap> = {
      ts: new WcsNDMap(ts.geom, ts.maps.sqrt_ts),
      excess: new WcsNDMap(excess.geom, excess.maps.sqrt_ts),
    };
    let n = 0;
    for (const key of ["ts", "excess"])
      for (const c of FX.crab[key] as CaseFx[]) {
        const peaks = findPeaks(images[key], {
          threshold: c.threshold as number,
          minDistancePix: c.min_distance ?? undefined,
          minDistanceDeg: c.min_distance_deg ?? undefined,
        });
        expectPeaks(peaks, c.peaks, key === "ts" ? 2e-3 : 1e-5, `${key} ${c.threshold} ${c.min_distance}`);
        n += peaks.length;
      }
    expect(n).toBeGreaterThan(20);
  }, 120_000);

  it("simulated field: the TS-map peaks, fitted positions, amplitudes and TS equal Gammapy's", () => {
    const fits = openFits(`${REPO_ROOT}/test/fixtures/detection/sim-field.fits.gz`);
    const sim = mapDatasetFromParts(readMapDatasetParts(fits).parts);
    const field = FX.sim_field;
    let counts = 0;
    for (const v of Array.from(sim.counts.data as ArrayLike<number>)) counts += v;
    expect(counts).toBe(field.counts_total);
    const r = detectSources(sim, { threshold: 5, minDistanceDeg: 0.1, tsMap: { kernelWidthDeg: 0.4 } });
    expectPeaks(r.peaks, field.peaks, 2e-3, "sim peaks");
    expect(r.fitResult?.success).toBe(true);
    expect(r.sources.map((s) => s.name)).toEqual(field.fit.sources.map((s: { name: string }) => s.name));
    r.sources.forEach((s, k) => {
      const g = field.fit.sources[k];
      expect(Math.abs(s.ra - g.ra) / g.ra_err, `${s.name} ra`).toBeLessThan(0.01);
      expect(Math.abs(s.dec - g.dec) / g.dec_err, `${s.name} dec`).toBeLessThan(0.01);
      expect(Math.abs(s.amplitude - g.amplitude) / g.amplitude_err, `${s.name} amplitude`).toBeLessThan(0.01);
      expect(Math.abs(s.ts - g.ts) / g.ts, `${s.name} ts`).toBeLessThan(1e-4);
      expect(s.amplitudeErr / g.amplitude_err).toBeCloseTo(1, 1);
    });
  }, 120_000);
});

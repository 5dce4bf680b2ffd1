/**
 * Geometry identity and caching: tolerant equality with a consistent key, derived arrays computed once per set of
 * equal geometries, and no leak: 100k geometries created and dropped leave a flat heap (child process with
 * --expose-gc).
 */
import { execFileSync } from "node:child_process";
import { describe, expect, it } from "vitest";
import { MapAxis } from "../../src/maps/axis.js";
import { canonical, geomCacheStats } from "../../src/maps/geom-cache.js";
import { WcsGeom } from "../../src/maps/wcs-geom.js";
import { REPO_ROOT } from "../support/data.js";

const energy = MapAxis.fromEnergyBounds(1, 10, 5);

describe("geometry equality and cache keys", () => {
  it("equal within 1e-6, different beyond; equal geometries share the key", () => {
    const a = WcsGeom.create({ lonDeg: 83.63, latDeg: 22.01, binszDeg: 0.02, widthDeg: 2, axes: [energy] });
    const b = WcsGeom.create({
      lonDeg: 83.63 + 1e-10,
      latDeg: 22.01,
      binszDeg: 0.02 * (1 + 1e-9),
      widthDeg: 2,
      axes: [MapAxis.fromEnergyBounds(1, 10, 5)],
    });
    const c = WcsGeom.create({ lonDeg: 83.64, latDeg: 22.01, binszDeg: 0.02, widthDeg: 2, axes: [energy] });
    expect(a.equals(b)).toBe(true);
    expect(a.cacheKey).toBe(b.cacheKey);
    expect(a.equals(c)).toBe(false);
    expect(a.equals(a.toImage())).toBe(false);
    expect(canonical(b)).toBe(canonical(a));
  });
  it("derived arrays are computed once for many equal geometries", () => {
    const before = geomCacheStats.computed;
    const geoms = Array.from({ length: 12 }, () =>
      WcsGeom.create({ lonDeg: 10, latDeg: -30, binszDeg: 0.05, widthDeg: 3, axes: [energy] }),
    );
    const first = geoms[0].solidAngle();
    for (const g of geoms) {
      expect(g.solidAngle()).toBe(first);
      expect(g.separation(10, -30)).toBe(geoms[0].separation(10, -30));
    }
    expect(geomCacheStats.computed - before).toBe(3); // solid angle, pixel centres, one separation
  });
});

describe("the cache never keeps a geometry alive", () => {
  it("creating and dropping 100k geometries leaves a flat heap", () => {
    const out = execFileSync(
      process.execPath,
      ["--expose-gc", "--import", "tsx", "test/maps/geom-leak-worker.ts", "10", "10000"],
      {
        cwd: REPO_ROOT,
        encoding: "utf8",
      },
    );
    const r = JSON.parse(out);
    expect(r.created).toBe(100000);
    expect(r.computed).toBeGreaterThanOrEqual(200000);
    // after the first round the heap stays flat: growth over rounds 2..10 below 5 MB
    const growth = r.heapMB[r.heapMB.length - 1] - r.heapMB[1];
    expect(growth).toBeLessThan(5);
    expect(r.registered).toBeLessThan(20000);
  }, 120000);
});

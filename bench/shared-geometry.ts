/**
 * Benchmark: 12 datasets on one geometry. Each builds its own (equal) WcsGeom and asks for the derived arrays a map
 * dataset needs (solid angle, pixel-centre coordinates, separation from the centre). With gammats' shared cache they
 * are computed once; we compare against recomputing them for every dataset, and against Gammapy 1.0 doing the same
 * (its per-instance caches recompute for every new geometry). Usage: `npx tsx bench/shared-geometry.ts [N] [NPIX]`.
 */
import { execFileSync } from "node:child_process";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { MapAxis } from "../src/maps/axis.js";
import { geomCacheStats } from "../src/maps/geom-cache.js";
import { WcsGeom } from "../src/maps/wcs-geom.js";

const n = Number(process.argv[2] ?? 12);
const npix = Number(process.argv[3] ?? 400);
const energy = MapAxis.fromEnergyBounds(1, 10, 10);
const make = (lon: number) =>
  WcsGeom.create({ lonDeg: lon, latDeg: 22.014, binszDeg: 0.02, npix: [npix, npix], axes: [energy] });

function run(shared: boolean): { seconds: number; computed: number } {
  const before = geomCacheStats.computed;
  const t0 = performance.now();
  for (let i = 0; i < n; i++) {
    // without sharing, each dataset's geometry differs by a hair beyond the tolerance, so nothing is reused
    const g = make(83.633 + (shared ? 0 : (i + 1) * 1e-3));
    g.solidAngle();
    g.imageCoords();
    const c = g.centerSkydir;
    g.separation(c.lon, c.lat);
  }
  return { seconds: (performance.now() - t0) / 1000, computed: geomCacheStats.computed - before };
}

const unshared = run(false);
const shared = run(true);
const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const gp = JSON.parse(
  execFileSync("/usr/bin/python3", [join(root, "bench", "shared_geometry_gammapy.py"), String(n), String(npix)], {
    encoding: "utf8",
  })
    .trim()
    .split("\n")
    .pop() as string,
);
process.stdout.write(
  `${JSON.stringify(
    {
      datasets: n,
      image: `${npix}x${npix}`,
      gammats_shared: shared,
      gammats_recomputed: unshared,
      gammapy_seconds: gp.seconds,
      derived_arrays_computed: { shared: shared.computed, recomputed: unshared.computed },
      time_saved_s: unshared.seconds - shared.seconds,
      ratio_vs_recomputing: unshared.seconds / shared.seconds,
      ratio_vs_gammapy: gp.seconds / shared.seconds,
    },
    null,
    2,
  )}\n`,
);

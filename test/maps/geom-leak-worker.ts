/**
 * Worker for the geometry-cache leak test (run with node --expose-gc): creates and drops geometries in rounds, using
 * their cached derived arrays, and reports the heap after a full GC at each round.
 */
import { geomCacheStats, registeredGeometries } from "../../src/maps/geom-cache.js";
import { WcsGeom } from "../../src/maps/wcs-geom.js";

const rounds = Number(process.argv[2] ?? 10);
const perRound = Number(process.argv[3] ?? 10000);
const gc = (globalThis as { gc?: () => void }).gc;
if (!gc) throw new Error("run with --expose-gc");

async function settle(): Promise<void> {
  for (let i = 0; i < 3; i++) {
    gc?.();
    await new Promise((r) => setTimeout(r, 10));
  }
}

const heap: number[] = [];
let k = 0;
for (let r = 0; r < rounds; r++) {
  for (let i = 0; i < perRound; i++, k++) {
    // every geometry distinct (centre moves), each computing and caching derived arrays
    const g = WcsGeom.create({ lonDeg: (k * 0.001) % 360, latDeg: 0, binszDeg: 0.1, npix: [8, 8] });
    g.solidAngle();
    g.separation(0, 0);
  }
  await settle();
  heap.push(process.memoryUsage().heapUsed);
}
await settle();
process.stdout.write(
  JSON.stringify({
    created: k,
    heapMB: heap.map((h) => h / 2 ** 20),
    registered: registeredGeometries(),
    computed: geomCacheStats.computed,
  }),
);

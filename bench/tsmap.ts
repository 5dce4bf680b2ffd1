/**
 * gammats side of the suite's `tsmap` scenario (bench/suite.ts bundles and runs it as one process):
 * `node tsmap.mjs CONFIG` reduces the config's observations with the config-driven `Analysis` (stacked map dataset,
 * no source model) and runs `estimateTSMap` with its defaults (Gammapy's: point source, power law of index 2).
 * Prints one JSON line: stage timings (s), peak RSS (MB), and the peak sqrt(TS) with its pixel [lat, lon].
 * The Gammapy side is bench/ts_map_gammapy.py.
 */
import { Analysis } from "../src/analysis/analysis.js";
import { analysisEnv, readAnalysisConfig } from "../src/analysis/node.js";
import { openDataStore } from "../src/data/node.js";
import type { MapDataset } from "../src/datasets/map-dataset.js";
import { estimateTSMap } from "../src/estimators/index.js";
import { readMapFile } from "../src/maps/node.js";
import type { WcsNDMap } from "../src/maps/wcs-map.js";

const t0 = performance.now();
let last = t0;
const timings: Record<string, number> = {};
const lap = (stage: string) => {
  const now = performance.now();
  timings[stage] = (now - last) / 1000;
  last = now;
};
const config = readAnalysisConfig(process.argv[2], analysisEnv());
const exclusion = config.string("datasets.background.exclusion");
const analysis = new Analysis(config, {
  dataStore: openDataStore(config.string("observations.datastore")!, { cacheSize: 1 }),
  exclusionMask: exclusion ? (readMapFile(exclusion) as WcsNDMap) : undefined,
});
analysis.getObservations();
lap("observations");
await analysis.getDatasets();
lap("datasets");
const result = estimateTSMap(analysis.datasets[0] as MapDataset);
lap("ts_map");
const sqrtTs = result.maps.sqrt_ts;
let peak = 0;
for (let i = 1; i < sqrtTs.length; i++) if (sqrtTs[i] > sqrtTs[peak] || Number.isNaN(sqrtTs[peak])) peak = i;
const [nx, ny] = result.geom.npix;
timings.total = (performance.now() - t0) / 1000;
process.stdout.write(
  `${JSON.stringify({
    timings_s: timings,
    peak_rss_mb: process.resourceUsage().maxRSS / 1024,
    ts_map: { peak_sqrt_ts: sqrtTs[peak], peak_pixel: [Math.floor(peak / nx) % ny, peak % nx] },
  })}\n`,
);

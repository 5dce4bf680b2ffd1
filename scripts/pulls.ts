/**
 * Pulls of the simulation: N data stores simulated with different seeds (four 30-min wobble runs of a Crab-like power
 * law, built-in IRFs), each analysed in 1D (reflected regions, WStat) and 3D (stacked map dataset, point source,
 * FoV background); prints mean and width of (fit - truth) / error per parameter and writes
 * bench/results/pulls.json. Usage: `npx tsx scripts/pulls.ts [N=20]`.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import {
  simulatedCrab3dConfigYaml,
  simulatedCrabConfigYaml,
  writeSimulatedExclusionMask,
} from "../cli/commands/simulate.js";
import { Analysis } from "../src/analysis/analysis.js";
import { AnalysisConfig } from "../src/analysis/config.js";
import { openDataStore } from "../src/data/node.js";
import { readMapFile } from "../src/maps/node.js";
import type { WcsNDMap } from "../src/maps/wcs-map.js";
import { readModelsYaml } from "../src/modeling/index.js";
import { simulateDataStore } from "../src/simulate/node.js";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const n = Number(process.argv[2] ?? 20);
const truth: Record<string, number> = { index: 2.6, amplitude: 4.5e-11, lon_0: 83.633, lat_0: 22.014 };
const pulls: Record<string, number[]> = {};
const add = (key: string, value: number, error: number, t: number) => {
  pulls[key] ??= [];
  pulls[key].push((value - t) / error);
};
for (let seed = 1; seed <= n; seed++) {
  const dir = mkdtempSync(join(tmpdir(), "gammats-pulls-"));
  const store = simulateDataStore(dir, { nObs: 4, seed, livetimeS: 1800, wobbleOffsetDeg: 0.5 });
  const ids = store.observations.map((o) => o.obsId);
  for (const kind of ["1d", "3d"] as const) {
    const yaml =
      kind === "1d"
        ? simulatedCrabConfigYaml(store.dir, ids)
        : simulatedCrab3dConfigYaml(store.dir, ids, writeSimulatedExclusionMask(store.dir));
    const config = AnalysisConfig.fromYaml(yaml);
    const exclusion = config.string("datasets.background.exclusion");
    const a = new Analysis(config, {
      dataStore: openDataStore(store.dir),
      exclusionMask: exclusion ? (readMapFile(exclusion) as WcsNDMap) : undefined,
    });
    a.getObservations();
    await a.getDatasets();
    a.setModels(readModelsYaml(readFileSync(join(root, "examples", `crab-${kind}-models.yaml`), "utf8")));
    const r = await a.runFit();
    for (const p of a.models!.get("crab").parameters)
      if (!p.frozen && p.name in truth) add(`${kind}.${p.name}`, p.value, p.error, truth[p.name]);
    if (!r.success) process.stderr.write(`seed ${seed} ${kind}: fit failed (${r.message})\n`);
  }
  rmSync(dir, { recursive: true, force: true });
  process.stderr.write(`\rseed ${seed}/${n}`);
}
const summary = Object.fromEntries(
  Object.entries(pulls).map(([k, v]) => {
    const mean = v.reduce((a, b) => a + b, 0) / v.length;
    const sd = Math.sqrt(v.reduce((a, b) => a + (b - mean) ** 2, 0) / (v.length - 1));
    return [k, { n: v.length, mean, std: sd, meanError: sd / Math.sqrt(v.length) }];
  }),
);
process.stdout.write(`\n${JSON.stringify(summary, null, 1)}\n`);
writeFileSync(
  join(root, "bench", "results", "pulls.json"),
  `${JSON.stringify({ n, truth, summary, pulls }, null, 1)}\n`,
);

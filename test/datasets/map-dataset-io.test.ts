/**
 * Map datasets in Gammapy's FITS layout: a file Gammapy 1.0 wrote is read with the same counts and Cash statistic,
 * and the stacked Crab 3D dataset survives a write/read round trip with the same statistic for a source model.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { Analysis } from "../../src/analysis/analysis.js";
import { readAnalysisConfig } from "../../src/analysis/node.js";
import { openDataStore } from "../../src/data/node.js";
import { FitsFile } from "../../src/fits/index.js";
import { writeFits } from "../../src/fits/writer.js";
import { mapDatasetFromParts, mapDatasetToHdus, readMapDatasetParts } from "../../src/makers/index.js";
import { readMapFile } from "../../src/maps/node.js";
import type { WcsNDMap } from "../../src/maps/wcs-map.js";
import { readModelsYaml } from "../../src/modeling/index.js";
import { DATA_DIR, NO_DATA_MESSAGE, REPO_ROOT } from "../support/data.js";

const FIX = `${REPO_ROOT}/test/fixtures/datasets`;

describe("map dataset files", () => {
  it("reads a MapDataset file written by Gammapy 1.0 (same counts and Cash statistic)", () => {
    const ref = JSON.parse(readFileSync(`${FIX}/gammapy-mapdataset.json`, "utf8"));
    const { parts } = readMapDatasetParts(
      FitsFile.open(readFileSync(`${FIX}/gammapy-mapdataset.fits`), { name: "md.fits" }),
    );
    const d = mapDatasetFromParts(parts);
    expect(d.counts.sum()).toBe(ref.counts_sum);
    expect(d.counts.geom.dataShape).toEqual(ref.shape);
    expect(d.statSum()).toBeCloseTo(ref.stat_sum, 9);
  });

  it.skipIf(!DATA_DIR)(
    `the stacked Crab dataset round-trips with the same statistic ${DATA_DIR ? "" : NO_DATA_MESSAGE}`,
    async () => {
      const c = readAnalysisConfig(join(REPO_ROOT, "examples", "crab-3d.yaml"));
      const a = new Analysis(c, {
        dataStore: openDataStore(c.string("observations.datastore")!),
        exclusionMask: readMapFile(c.string("datasets.background.exclusion")!) as WcsNDMap,
      });
      a.getObservations();
      await a.getDatasets();
      const bytes = writeFits(mapDatasetToHdus(a.mapParts[0]));
      const { parts } = readMapDatasetParts(FitsFile.open(bytes, { name: "stacked.fits" }));
      const back = mapDatasetFromParts(parts);
      const original = a.datasets[0];
      const models = readModelsYaml(readFileSync(join(REPO_ROOT, "examples", "crab-3d-models.yaml"), "utf8"));
      a.setModels(models);
      back.name = original.name;
      back.models = a.models;
      expect(back.counts.sum()).toBe(2479);
      expect(back.livetimeS).toBeCloseTo(original.livetimeS, 9);
      expect(Math.abs(back.statSum() - original.statSum())).toBeLessThan(1e-6);
    },
    120_000,
  );
});

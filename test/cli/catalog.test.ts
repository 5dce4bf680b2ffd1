/**
 * `gammats catalog`: listing by name and region, models YAML (read back: same models as the library gives; Gammapy
 * reads it too, checked by scripts/oracle/gammapy_reads_catalog_models.py), exclusion regions, typed errors.
 */
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { catalogCommand } from "../../cli/commands/catalog.js";
import { openCatalog } from "../../src/catalog/node.js";
import { parseDs9 } from "../../src/maps/regions.js";
import { readModelsYaml } from "../../src/modeling/models-io.js";
import { DATA_DIR } from "../support/data.js";

describe.skipIf(!DATA_DIR)("gammats catalog", () => {
  it("writes the models of the sources in a region (HGPS Galactic centre) and exclusion circles", () => {
    const dir = mkdtempSync(join(tmpdir(), "gammats-catalog-"));
    try {
      const modelsOut = join(dir, "models.yaml");
      const exclusionOut = join(dir, "exclusion.reg");
      const text = catalogCommand("hgps", {
        region: "galactic;circle(0,0,2)",
        modelsOut,
        exclusionOut,
        exclusionMargin: "0.2",
      });
      expect(text).toMatch(/HESS J1745-290 .* ExpCutoffPowerLaw +Point/);
      expect(text).toMatch(/6 sources/);
      const models = readModelsYaml(readFileSync(modelsOut, "utf8"));
      expect(models.names).toEqual([
        "HESS J1741-302",
        "HESS J1745-290",
        "HESS J1745-303",
        "HESS J1746-285",
        "HESS J1746-308",
        "HESS J1747-281",
      ]);
      const lib = openCatalog("hgps", { dataDir: DATA_DIR }).source("HESS J1745-303").skyModel();
      const read = models.get("HESS J1745-303");
      expect([...read.parameters].map((p) => p.value)).toEqual([...lib.parameters].map((p) => p.value));
      expect([...read.parameters].map((p) => p.error)).toEqual([...lib.parameters].map((p) => p.error));
      const regions = parseDs9(readFileSync(exclusionOut, "utf8"));
      expect(regions).toHaveLength(6);
      const sigma = lib.spatialModel!.parameters.get("sigma").value;
      const r = regions[2];
      expect(r.kind === "circle" && r.radius).toBeCloseTo(0.2 + 2.4477468306808166 * sigma, 5);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("selects by name and alias, lists multi-component sources, and reports sources without a model", () => {
    const json = JSON.parse(catalogCommand("hgps", { source: ["Vela X", "HESS J1843-033"], which: "pl", json: true }));
    expect(json.sources.map((s: { name: string }) => s.name)).toEqual(["HESS J0835-455", "HESS J1843-033"]);
    expect(json.sources[1].spatial).toBe("2 components");
    expect(json.sources[1].models).toEqual(["HGPSC 083", "HGPSC 084"]);
    const gc = catalogCommand("gamma-cat", { source: ["KUV 00311-1938"] });
    expect(gc).toMatch(/^no model: KUV 00311-1938: gamma-cat has no spectral model for the source$/m);
  });

  it("bad names, variants and regions are typed errors", () => {
    expect(() => catalogCommand("4fgl", {})).toThrow(/UNKNOWN_CATALOG/);
    expect(() => catalogCommand("hgps", { source: ["Crab"] })).toThrow(/CATALOG_SOURCE_NOT_FOUND/);
    expect(() => catalogCommand("2hwc", { which: "ecpl" })).toThrow(/point, extended/);
    expect(() => catalogCommand("3fhl", { region: "circle(0,0,1)" })).toThrow(/BAD_REGION/);
  });
});

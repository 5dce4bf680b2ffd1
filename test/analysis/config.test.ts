/** Gammapy AnalysisConfig YAML: defaults, unknown keys with paths, quantities, environment expansion. */
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { AnalysisConfig, expandVars } from "../../src/analysis/index.js";
import { GammatsError } from "../../src/util/errors.js";
import { REPO_ROOT } from "../support/data.js";

describe("AnalysisConfig", () => {
  it("reads examples/crab-1d.yaml (= the reference crab-1d.yaml) with Gammapy's defaults filled in", () => {
    const text = readFileSync(`${REPO_ROOT}/examples/crab-1d.yaml`, "utf8");
    const c = AnalysisConfig.fromYaml(text, { file: "crab-1d.yaml", env: { GAMMAPY_DATA: "/data" } });
    expect(c.string("observations.datastore")).toBe("/data/hess-dl3-dr1");
    expect(c.list("observations.obs_ids")).toEqual([23523, 23526, 23559, 23592]);
    expect(c.quantity("datasets.geom.axes.energy.min", "TeV")).toBe(0.5);
    expect(c.quantity("datasets.on_region.radius", "deg")).toBeCloseTo(0.11, 15);
    expect(c.quantity("datasets.on_region.radius", "arcmin")).toBeCloseTo(6.6, 12);
    expect(c.list("observations.required_irf")).toEqual(["aeff", "edisp", "psf", "bkg"]);
    expect(c.string("flux_points.source")).toBe("crab");
    expect(c.mapping("flux_points.parameters")).toEqual({ selection_optional: "all" });
  });

  it("an unknown key is an error naming its path", () => {
    try {
      AnalysisConfig.fromYaml("datasets:\n  geom:\n    axes:\n      energy: {min: 1 TeV, nbinz: 3}\n", {
        file: "c.yaml",
      });
      throw new Error("no error");
    } catch (e) {
      expect(e).toBeInstanceOf(GammatsError);
      expect((e as GammatsError).code).toBe("UNKNOWN_KEY");
      expect((e as GammatsError).path).toEqual({ file: "c.yaml", key: "datasets.geom.axes.energy.nbinz" });
    }
  });

  it("free-form parameters accept any key; bad quantities are typed errors", () => {
    const c = AnalysisConfig.fromYaml("datasets:\n  safe_mask:\n    parameters: {aeff_percent: 10, anything: 1}\n");
    expect(c.mapping("datasets.safe_mask.parameters")).toEqual({ aeff_percent: 10, anything: 1 });
    const bad = AnalysisConfig.fromYaml("fit:\n  fit_range: {min: one TeV}\n");
    expect(() => bad.quantity("fit.fit_range.min", "TeV")).toThrow(/fit\.fit_range\.min/);
    expect(() => AnalysisConfig.fromYaml("fit: [1, 2]")).toThrow(GammatsError);
  });

  it("expands $VAR and ${VAR} like os.path.expandvars (unknown variables kept)", () => {
    expect(expandVars("$HOME/x/${GAMMAPY_DATA}/$NOPE", { HOME: "/h", GAMMAPY_DATA: "/d" })).toBe("/h/x//d/$NOPE");
  });
});

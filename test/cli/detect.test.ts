/** `gammats detect` on the simulated five-source field (Gammapy's own detection in scripts/oracle/detection_reference.py). */
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { detectCommand } from "../../cli/commands/detect.js";
import { readModelsYaml } from "../../src/modeling/models-io.js";
import { REPO_ROOT } from "../support/data.js";

const FIELD = `${REPO_ROOT}/test/fixtures/detection/sim-field.fits.gz`;
const FX = JSON.parse(readFileSync(`${REPO_ROOT}/test/fixtures/detection/gammapy_detection.json`, "utf8"));

describe("gammats detect", () => {
  it("lists the fitted candidates, writes their models and the significance plot (into a new folder)", () => {
    const dir = mkdtempSync(join(tmpdir(), "gammats-detect-"));
    try {
      const modelsOut = join(dir, "out", "candidates.yaml");
      const plot = join(dir, "out", "detection.png");
      const json = JSON.parse(
        detectCommand(FIELD, { threshold: "5", minDistance: "0.1", kernelWidth: "0.4", modelsOut, plot, json: true }),
      );
      expect(json.sources.map((s: { name: string }) => s.name)).toEqual([
        "candidate-1",
        "candidate-2",
        "candidate-3",
        "candidate-4",
      ]);
      const models = readModelsYaml(readFileSync(modelsOut, "utf8"));
      const ra = models.get("candidate-1").spatialModel!.parameters.get("lon_0");
      const g = FX.sim_field.fit.sources[0];
      expect(Math.abs(ra.value - g.ra) / g.ra_err).toBeLessThan(0.01);
      expect(existsSync(plot) && existsSync(plot.replace(".png", ".svg"))).toBe(true);
      const svg = readFileSync(plot.replace(".png", ".svg"), "utf8");
      expect(svg.match(/class="overlay-marker"/g)).toHaveLength(4);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 60_000);

  it("bad options are typed errors", () => {
    expect(() => detectCommand(FIELD, { threshold: "five" })).toThrow(/BAD_ARGUMENT/);
    expect(() => detectCommand(FIELD, { energy: "10:1" })).toThrow(/energy range/);
    expect(() => detectCommand("/nonexistent.fits", {})).toThrow(/NOT_FOUND/);
  });
});

/**
 * `gammats fit` on the joint-Crab datasets YAML (scripts/oracle/joint_fit_reference.py): outputs, result.json against
 * Gammapy 1.0 (values 1%, errors 5%, total statistic 1e-4), models.yaml + covariance as Gammapy writes them, the
 * confidence contour on Gammapy's curve, and one-line errors for bad options before any work.
 */
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type FitCommandResult, fitDatasets, parseFitRanges } from "../../cli/commands/fit.js";
import { covarianceFromText } from "../../src/modeling/covariance.js";
import { readModelsYaml } from "../../src/modeling/models-io.js";
import { maxRelDiff } from "../support/compare.js";
import { DATA_DIR, hasData, NO_DATA_MESSAGE, REPO_ROOT } from "../support/data.js";

const FIX = join(REPO_ROOT, "test", "fixtures", "joint");
const ref = JSON.parse(readFileSync(join(FIX, "joint.json"), "utf8"));
const RANGES = ["magic*=0.08:30", "veritas*=0.15:30", "fact=0.4:30", "hess*=0.5:30"];
const tmp = mkdtempSync(join(tmpdir(), "gammats-fit-"));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe("gammats fit: options", () => {
  it("fit ranges parse as [NAME=]MIN:MAX", () => {
    expect(parseFitRanges(["0.1:10", "hess*=0.5:30"])).toEqual([
      { pattern: undefined, min: 0.1, max: 10 },
      { pattern: "hess*", min: 0.5, max: 30 },
    ]);
    expect(() => parseFitRanges(["10:1"])).toThrow(/--fit-range.*bad fit range '10:1'/);
    expect(() => parseFitRanges(["a=b"])).toThrow(/bad fit range/);
  });

  it("bad inputs and options fail before any work, naming the file or option", async () => {
    const run = (index: string, opts: Partial<Parameters<typeof fitDatasets>[1]>) =>
      fitDatasets(join(FIX, index), { modelsPath: join(FIX, "crab-lp.yaml"), outDir: join(tmp, "bad"), ...opts });
    await expect(run("nope.yaml", {})).rejects.toThrow(/DATASETS: '.*nope\.yaml' not found/);
    await expect(run("flux-points.yaml", { modelsPath: join(FIX, "nope.yaml") })).rejects.toThrow(
      /--models.*nope\.yaml/,
    );
    await expect(run("flux-points.yaml", { freeze: ["crab.spectral.gamma"] })).rejects.toThrow(
      /--freeze.*no parameter 'crab\.spectral\.gamma'.*crab\.spectral\.alpha/,
    );
    await expect(run("flux-points.yaml", { fitRanges: ["magic*=0.1:10"] })).rejects.toThrow(
      /--fit-range.*no dataset matches 'magic\*'/,
    );
    await expect(run("flux-points.yaml", { fluxPoints: ["3fhl"] })).rejects.toThrow(/--flux-points.*'3fhl'/);
    expect(existsSync(join(tmp, "bad"))).toBe(false);
  });

  it("flux-point datasets: a joint fit of three SED types, frozen beta, profile statistic where scans exist", async () => {
    const out = join(tmp, "fp");
    const r = await fitDatasets(join(FIX, "flux-points.yaml"), {
      modelsPath: join(FIX, "crab-lp.yaml"),
      outDir: out,
      freeze: ["crab.beta"],
    });
    expect(r.parameters.find((p) => p.name === "beta")?.frozen).toBe(true);
    expect(r.covariance.parameters).toEqual(["crab.spectral.amplitude", "crab.spectral.alpha"]);
    expect(r.datasets.map((d) => d.stat_type)).toEqual(["chi2", "chi2", "chi2"]);
    await expect(
      fitDatasets(join(FIX, "flux-points.yaml"), {
        modelsPath: join(FIX, "crab-lp.yaml"),
        outDir: join(tmp, "profile"),
        statType: "profile",
      }),
    ).rejects.toThrow(/flux points '3fhl' have no likelihood scan/);
  });
});

describe.skipIf(!hasData("joint-crab"))(`gammats fit joint-crab.yaml ${DATA_DIR ? "" : NO_DATA_MESSAGE}`, () => {
  let out: string;
  let result: FitCommandResult;
  beforeAll(async () => {
    // GAMMATS_WRITE_DIR keeps the files for scripts/oracle/gammapy_reads_joint_output.py
    out = join(process.env.GAMMATS_WRITE_DIR ?? tmp, "fit-joint");
    result = await fitDatasets(join(FIX, "joint-crab.yaml"), {
      modelsPath: join(FIX, "crab-lp.yaml"),
      outDir: out,
      fitRanges: RANGES,
      fluxPoints: ["hess_23523"],
      contour: "crab.alpha,crab.beta",
    });
  }, 120_000);

  it("writes models, covariance, flux points, SED and contour figures, result.json", () => {
    expect(readdirSync(out).sort()).toEqual([
      "contour.png",
      "contour.svg",
      "flux_points_hess_23523.fits",
      "models.yaml",
      "models_covariance.dat",
      "result.json",
      "sed.png",
      "sed.svg",
    ]);
    const json = JSON.parse(readFileSync(join(out, "result.json"), "utf8"));
    expect(Object.keys(json)).toEqual([
      "fit",
      "datasets",
      "parameters",
      "covariance",
      "contour",
      "timings_s",
      "peak_rss_mb",
      "outputs",
    ]);
  });

  it("result.json: Gammapy's fit (values 1%, errors 5%, total stat 1e-4) and per-dataset statistics", () => {
    const want = ref.joint_crab.lp;
    expect(result.fit.success).toBe(true);
    expect(Math.abs(result.fit.total_stat - want.total_stat)).toBeLessThan(1e-4);
    for (const p of result.parameters) {
      const w = want.parameters[`${p.model}.spectral.${p.name}`];
      if (w.frozen) continue;
      expect(Math.abs(p.value / w.value - 1)).toBeLessThan(1e-2);
      expect(Math.abs(p.error / w.error - 1)).toBeLessThan(5e-2);
    }
    let sum = 0;
    for (const d of result.datasets) sum += d.stat_sum;
    expect(sum).toBeCloseTo(result.fit.total_stat, 9);
    // the covariance of the free parameters equals Gammapy's within 5% (diagonal) and its correlations within 0.02
    const names = want.parameter_names as string[];
    const ix = result.covariance.parameters.map((n) => names.indexOf(n));
    result.covariance.matrix.forEach((row, i) => {
      row.forEach((v, j) => {
        const w = want.covariance[ix[i]][ix[j]];
        const corr = w / Math.sqrt(want.covariance[ix[i]][ix[i]] * want.covariance[ix[j]][ix[j]]);
        expect(Math.abs(result.covariance.correlation[i][j] - corr)).toBeLessThan(0.02);
        if (i === j) expect(Math.abs(v / w - 1)).toBeLessThan(0.1);
      });
    });
  });

  it("models.yaml and models_covariance.dat read back with the fitted values and covariance", () => {
    const models = readModelsYaml(readFileSync(join(out, "models.yaml"), "utf8"));
    const alpha = models.parameter("crab.spectral.alpha");
    const fitted = result.parameters.find((p) => p.name === "alpha")!;
    expect(alpha.value).toBe(fitted.value);
    expect(alpha.error).toBe(fitted.error);
    const cov = covarianceFromText(readFileSync(join(out, "models_covariance.dat"), "utf8"), models);
    expect(cov.size).toBe(4);
    const i = result.covariance.parameters.indexOf("crab.spectral.alpha");
    expect(cov.get(2, 2)).toBe(result.covariance.matrix[i][i]);
    expect(readFileSync(join(out, "models.yaml"), "utf8")).toContain("covariance: models_covariance.dat");
    // Gammapy 1.0 read the same values, errors and covariance (scripts/oracle/gammapy_reads_joint_output.py)
    const gp = JSON.parse(readFileSync(join(FIX, "gammapy-reads-gammats.json"), "utf8")).models;
    expect(gp.names).toEqual([...models.parameterNames().values()]);
    expect(gp.values).toEqual([...models.parameters].map((p) => p.value));
    expect(gp.errors).toEqual([...models.parameters].map((p) => p.error));
    // astropy's fast ASCII parser is not always correctly rounded: within an ulp
    expect(maxRelDiff(gp.covariance.flat(), cov.data)).toBeLessThan(1e-15);
  });

  it("the 1-sigma contour of alpha and beta lies on Gammapy's (same curve: extents within 3%)", () => {
    const c = result.contour!;
    const want = ref.joint_crab.lp_contour_alpha_beta;
    expect(c.success).toBe(true);
    expect(c.x_values.length).toBe(10);
    const span = (v: number[]) => Math.max(...v) - Math.min(...v);
    expect(Math.abs(span(c.x_values) / span(want.alpha) - 1)).toBeLessThan(0.03);
    expect(Math.abs(span(c.y_values) / span(want.beta) - 1)).toBeLessThan(0.03);
  });
});

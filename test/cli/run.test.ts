/**
 * `gammats run` on the reference 1D Crab config: outputs written atomically, result.json numbers as Gammapy 1.0
 * (../shared/reference/gammapy-crab-1d.json, tolerances of the 1D issue), flux points readable back.
 */
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type RunResult, runAnalysis } from "../../cli/commands/run.js";
import { openFits } from "../../src/fits/node.js";
import { GammatsError } from "../../src/util/errors.js";
import { DATA_DIR, NO_DATA_MESSAGE, REPO_ROOT } from "../support/data.js";

const REF_DIR = join(REPO_ROOT, "..", "shared", "reference");
const rel = (a: number, b: number) => Math.abs(a / b - 1);

describe.skipIf(!DATA_DIR || !existsSync(REF_DIR))(
  `gammats run crab-1d.yaml ${DATA_DIR ? "" : NO_DATA_MESSAGE}`,
  () => {
    let out: string;
    let result: RunResult;
    const ref = existsSync(REF_DIR) ? JSON.parse(readFileSync(join(REF_DIR, "gammapy-crab-1d.json"), "utf8")) : {};
    beforeAll(async () => {
      out = mkdtempSync(join(tmpdir(), "gammats-run-"));
      result = await runAnalysis(join(REPO_ROOT, "examples", "crab-1d.yaml"), {
        modelsPath: join(REPO_ROOT, "examples", "crab-1d-models.yaml"),
        outDir: out,
      });
    }, 120_000);
    afterAll(() => rmSync(out, { recursive: true, force: true }));

    it("writes every output, and no temporary files", () => {
      const files = readdirSync(out).sort();
      expect(files).toEqual([
        "datasets",
        "flux_points.fits",
        "models.yaml",
        "result.json",
        "spectrum.png",
        "spectrum.svg",
      ]);
      expect(readdirSync(join(out, "datasets")).sort()).toEqual([
        "_datasets.yaml",
        "pha_obsstacked.fits",
        "pha_obsstacked_arf.fits",
        "pha_obsstacked_bkg.fits",
        "pha_obsstacked_rmf.fits",
      ]);
      const json = JSON.parse(readFileSync(join(out, "result.json"), "utf8"));
      expect(Object.keys(json)).toEqual(
        expect.arrayContaining(["fit", "info", "parameters", "timings_s", "peak_rss_mb"]),
      );
    });

    it("counts and counts_off exact; excess, sqrt_ts, alpha within 1e-3; index and amplitude within 1%, errors within 5%", () => {
      expect(result.info.counts).toBe(ref.info.counts);
      expect(result.info.counts_off).toBe(ref.info.counts_off);
      for (const k of ["excess", "sqrt_ts", "alpha", "livetime"])
        expect(rel(result.info[k] as number, ref.info[k]), k).toBeLessThan(1e-3);
      expect(result.fit!.success).toBe(true);
      expect(Math.abs(result.fit!.total_stat - ref.fit.total_stat)).toBeLessThan(1e-3);
      for (const name of ["index", "amplitude"]) {
        const ours = result.parameters.find((p) => p.name === name)!;
        const theirs = ref.parameters.find((p: { name: string }) => p.name === name);
        expect(rel(ours.value, theirs.value)).toBeLessThan(0.01);
        expect(rel(ours.error, theirs.error)).toBeLessThan(0.05);
      }
    });

    it("flux points: dnde within 2%, ts and dnde_ul within 3%", () => {
      const fp = result.flux_points!;
      const want = ref.flux_points;
      for (let i = 0; i < want.e_ref.length; i++) {
        expect(rel(fp.e_ref[i], want.e_ref[i])).toBeLessThan(1e-9);
        expect(rel(fp.dnde[i], want.dnde[i])).toBeLessThan(0.02);
        expect(rel(fp.ts[i], want.ts[i])).toBeLessThan(0.03);
        expect(rel(fp.dnde_ul[i], want.dnde_ul[i])).toBeLessThan(0.03);
      }
      const file = openFits(join(out, "flux_points.fits"), { checksum: "error" });
      expect(file.hdu("FLUX_POINTS").header.get("SED_TYPE")).toBe("likelihood");
    });

    it("cancellation (Ctrl-C) stops the run with a typed CANCELLED error and writes no output", async () => {
      const dir = mkdtempSync(join(tmpdir(), "gammats-run-cancel-"));
      const controller = new AbortController();
      controller.abort();
      await expect(
        runAnalysis(join(REPO_ROOT, "examples", "crab-1d.yaml"), {
          modelsPath: join(REPO_ROOT, "examples", "crab-1d-models.yaml"),
          outDir: join(dir, "out"),
          signal: controller.signal,
        }),
      ).rejects.toMatchObject({ code: "CANCELLED" });
      expect(existsSync(join(dir, "out"))).toBe(false);
      rmSync(dir, { recursive: true, force: true });
    });

    it("a missing data store is a typed error naming the config key", async () => {
      const dir = mkdtempSync(join(tmpdir(), "gammats-run-bad-"));
      const cfg = join(dir, "c.yaml");
      const { writeFileSync } = await import("node:fs");
      writeFileSync(
        cfg,
        "observations:\n  datastore: /nonexistent/store\ndatasets:\n  type: 1d\n  background: {method: reflected}\n" +
          "  on_region: {frame: icrs, lon: 83.6 deg, lat: 22 deg, radius: 0.1 deg}\n",
      );
      await expect(runAnalysis(cfg, { outDir: join(dir, "out") })).rejects.toThrow(GammatsError);
      await expect(runAnalysis(cfg, { outDir: join(dir, "out") })).rejects.toThrow(/observations\.datastore/);
      expect(existsSync(join(dir, "out"))).toBe(false);
      rmSync(dir, { recursive: true, force: true });
    });
  },
);

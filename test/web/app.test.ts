/**
 * The browser app: its analysis (web/app.ts, no DOM) run on the four H.E.S.S. Crab runs given as bytes gives the
 * 1D fit of the Crab config, and the page script bundles for the browser.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { build } from "esbuild";
import { describe, expect, it } from "vitest";
import { analyseFiles } from "../../web/app.js";
import { DATA_DIR, dataPath, NO_DATA_MESSAGE, REPO_ROOT } from "../support/data.js";

describe("browser app", () => {
  it("web/main.ts bundles for the browser (no Node built-ins)", async () => {
    const result = await build({
      entryPoints: [join(REPO_ROOT, "web", "main.ts")],
      bundle: true,
      write: false,
      platform: "browser",
      format: "esm",
      logLevel: "silent",
    });
    expect(result.errors).toEqual([]);
    expect(result.outputFiles[0].text.length).toBeGreaterThan(100_000);
  });

  it.skipIf(!DATA_DIR)(
    `analyses dropped DL3 files like gammats run ${DATA_DIR ? "" : NO_DATA_MESSAGE}`,
    async () => {
      const files = new Map<string, Uint8Array>();
      for (const id of [23523, 23526, 23559, 23592])
        files.set(
          `hess_dl3_dr1_obs_id_0${id}.fits.gz`,
          readFileSync(dataPath("hess-dl3-dr1", "data", `hess_dl3_dr1_obs_id_0${id}.fits.gz`)),
        );
      const r = await analyseFiles(files, { raDeg: 83.633, decDeg: 22.014 });
      expect(r.observations).toEqual([23523, 23526, 23559, 23592]);
      // Gammapy 1.0 on the same config: index 2.676 ± 0.103 (../shared/reference/gammapy-crab-1d.json)
      expect(r.index.value).toBeCloseTo(2.6762, 3);
      expect(r.index.error).toBeCloseTo(0.1034, 3);
      expect(r.summary).toContain("counts 427, counts_off 604");
      expect(r.countsSvg).toContain("<image");
      expect(r.sedSvg).toContain("<svg");
    },
    60_000,
  );
});

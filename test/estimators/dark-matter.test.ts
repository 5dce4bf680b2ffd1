/**
 * Upper limits on <sigma v> versus mass at a position without a source (the four H.E.S.S. Crab-field runs at
 * (84.2, 22.6) deg of the flux upper-limit test), channels b and tau, J = 1e21 GeV2 cm-5, against Gammapy 1.0's
 * ParameterEstimator on the DarkMatterAnnihilationSpectralModel's scale (scripts/oracle/dark_matter_reference.py).
 */
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { infoDict } from "../../src/datasets/index.js";
import { estimateDarkMatterUpperLimits } from "../../src/estimators/index.js";
import { readPrimaryFluxTable } from "../../src/modeling/node.js";
import { DATA_DIR, hasData, NO_DATA_MESSAGE, REPO_ROOT } from "../support/data.js";
import { reduceEmptyCrabField } from "../support/empty-field.js";

const ref = JSON.parse(readFileSync(`${REPO_ROOT}/test/fixtures/darkmatter/darkmatter.json`, "utf8")).upper_limits;

describe.skipIf(!hasData("dark_matter_spectra") || !hasData("hess-dl3-dr1"))(
  `<sigma v> upper limits versus mass as Gammapy ${DATA_DIR ? "" : NO_DATA_MESSAGE}`,
  () => {
    it("counts as Gammapy; scale ULs within 1e-3, best fits within 0.02 sigma, TS within 0.01 (b and tau, 1-100 TeV)", () => {
      const stacked = reduceEmptyCrabField();
      const info = infoDict(stacked);
      expect(info.counts).toBe(ref.counts);
      expect(info.counts_off).toBe(ref.counts_off);
      const table = readPrimaryFluxTable(DATA_DIR);
      for (const channel of ["b", "tau"]) {
        const want = ref.limits.filter((l: { channel: string }) => l.channel === channel);
        const got = estimateDarkMatterUpperLimits([stacked], {
          table,
          channel,
          massesTeV: want.map((w: { mass_tev: number }) => w.mass_tev),
          jfactor: ref.jfactor,
        });
        for (let i = 0; i < want.length; i++) {
          const [g, w] = [got[i], want[i]];
          const label = `${channel} ${w.mass_tev} TeV`;
          expect(Math.abs(g.scaleUl / w.scale_ul - 1), label).toBeLessThan(1e-3);
          expect(Math.abs(g.sigmaVUl / w.sigmav_ul - 1), label).toBeLessThan(1e-3);
          expect(Math.abs(g.scale - w.scale) / w.scale_err, label).toBeLessThan(0.02);
          expect(Math.abs(g.scaleErr / w.scale_err - 1), label).toBeLessThan(0.01);
          expect(Math.abs(g.ts - w.ts), label).toBeLessThan(0.01);
        }
      }
      expect(stacked.models).toBeUndefined();
    }, 60_000);
  },
);

/**
 * Sensitivity of the stacked 1D Crab on-off dataset against Gammapy 1.0's `SensitivityEstimator` (defaults and one
 * other setting); fixture from scripts/oracle/profile_sensitivity_reference.py.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { type SpectrumDataset, stackSpectrumDatasets } from "../../src/datasets/index.js";
import { estimateSensitivity } from "../../src/estimators/sensitivity.js";
import { reduceCrab1d } from "../support/crab1d.js";
import { DATA_DIR, NO_DATA_MESSAGE, REPO_ROOT } from "../support/data.js";

const REF = JSON.parse(readFileSync(join(REPO_ROOT, "test/fixtures/estimators/profile-sensitivity.json"), "utf8"));

/** Equal within `tol` relative, or both non-finite (Gammapy's inf/NaN are null in the fixture). */
function close(got: ArrayLike<number>, want: Array<number | null>, tol: number, label: string) {
  expect(got.length, label).toBe(want.length);
  for (let i = 0; i < want.length; i++) {
    const w = want[i];
    if (w === null) expect(Number.isFinite(got[i]), `${label}[${i}] not finite`).toBe(false);
    else if (w === 0) expect(Math.abs(got[i]), `${label}[${i}]`).toBeLessThan(1e-12);
    else expect(Math.abs(got[i] / w - 1), `${label}[${i}]: ${got[i]} vs ${w}`).toBeLessThan(tol);
  }
}

describe.skipIf(!DATA_DIR)(
  `sensitivity of the stacked 1D Crab dataset as Gammapy ${DATA_DIR ? "" : NO_DATA_MESSAGE}`,
  () => {
    let stacked: SpectrumDataset;
    beforeAll(async () => {
      stacked = stackSpectrumDatasets((await reduceCrab1d()).map((r) => r.dataset));
    }, 60_000);

    for (const tag of Object.keys(REF.sensitivity)) {
      it(`${tag}: energies, excess, background, e2dnde within 1e-6, criterion labels equal`, () => {
        const want = REF.sensitivity[tag];
        const kw = want.kwargs;
        const s = estimateSensitivity(stacked, {
          nSigma: kw.n_sigma,
          gammaMin: kw.gamma_min,
          bkgSystFraction: kw.bkg_syst_fraction,
        });
        close(s.eRefTeV, want.e_ref, 1e-12, "e_ref");
        close(s.eMinTeV, want.e_min, 1e-12, "e_min");
        close(s.eMaxTeV, want.e_max, 1e-12, "e_max");
        close(s.background, want.background, 1e-6, "background");
        close(s.excess, want.excess, 1e-6, "excess");
        close(s.e2dnde, want.e2dnde, 1e-6, "e2dnde");
        expect(s.criterion).toEqual(want.criterion);
      });
    }

    it("leaves the dataset's models alone and rejects datasets without OFF counts", () => {
      stacked.models = undefined;
      estimateSensitivity(stacked);
      expect(stacked.models).toBeUndefined();
      const cash = stacked.copy();
      cash.countsOff = undefined;
      expect(() => estimateSensitivity(cash)).toThrow(/OFF counts/);
    });
  },
);

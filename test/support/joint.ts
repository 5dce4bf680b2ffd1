/** Helpers of the joint-fit tests (fixtures of scripts/oracle/joint_fit_reference.py). */
import { join } from "node:path";
import { expect } from "vitest";
import type { FluxPointsDataset } from "../../src/datasets/flux-points-dataset.js";
import { readFluxPointsDataset } from "../../src/datasets/node.js";
import type { Models } from "../../src/modeling/models.js";
import { Models as ModelsClass, SkyModel } from "../../src/modeling/models.js";
import { createSpectralModel, ExpCutoffPowerLaw, LogParabola, PowerLaw } from "../../src/modeling/spectral.js";

/** A fit result of the oracle: parameters by full name with value, error, frozen; total statistic. */
export interface ReferenceFit {
  readonly total_stat: number;
  readonly parameters: Record<string, { value: number; error: number; frozen: boolean }>;
  readonly parameter_names: string[];
  readonly covariance: number[][];
  readonly stat_per_dataset: Record<string, number>;
}

/** The start models of the oracle's fits: "crab" with a power law, log-parabola or cutoff power law (1 TeV). */
export function startModels(kind: "pl" | "lp" | "ecpl"): Models {
  const spectral =
    kind === "pl"
      ? createSpectralModel(PowerLaw, { index: 2.5, amplitude: 3e-11, reference: 1 })
      : kind === "lp"
        ? createSpectralModel(LogParabola, { alpha: 2.5, beta: 0.1, amplitude: 3.5e-11, reference: 1 })
        : createSpectralModel(ExpCutoffPowerLaw, { index: 2.4, amplitude: 3.5e-11, lambda_: 0.1, reference: 1 });
  return new ModelsClass([new SkyModel({ name: "crab", spectralModel: spectral })]);
}

/** Fixture files of a folder. */
export class DatasetsFixture {
  constructor(readonly dir: string) {}

  /** A flux-points dataset file of the folder. */
  fluxPoints(file: string, name: string): FluxPointsDataset {
    return readFluxPointsDataset(join(this.dir, file), { name });
  }
}

/**
 * Every free parameter agrees with the reference: the value within `value` (relative) or within `sigma` of its error
 * (for poorly constrained parameters, where MIGRAD's stopping point varies by a tiny fraction of the error), the
 * error within `error` (relative).
 */
export function expectParameters(
  models: Models,
  want: ReferenceFit,
  tol: { readonly value: number; readonly error: number; readonly sigma?: number },
): void {
  for (const [full, p] of models.parameterNames().entries()) {
    const w = want.parameters[p];
    expect(w, `reference parameter ${p}`).toBeDefined();
    if (w.frozen) continue;
    const d = Math.abs(full.value - w.value);
    const ok = d <= tol.value * Math.abs(w.value) || d <= (tol.sigma ?? 0) * w.error;
    expect(ok, `${p} value ${full.value} vs ${w.value} ± ${w.error}`).toBe(true);
    expect(Math.abs(full.error - w.error) / Math.abs(w.error), `${p} error`).toBeLessThan(tol.error);
  }
}

/**
 * Fuzzing of the YAML readers (AnalysisConfig and models): truncated and mutated versions of the example files either
 * parse or fail with a typed GammatsError naming the file — never another kind of error or a hang.
 */
import { readFileSync } from "node:fs";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { AnalysisConfig } from "../../src/analysis/config.js";
import { readModelsYaml } from "../../src/modeling/index.js";
import { GammatsError } from "../../src/util/errors.js";
import { REPO_ROOT } from "../support/data.js";

const CASES = Number(process.env.GAMMATS_FUZZ_CASES ?? 400);
const texts = {
  config1d: readFileSync(`${REPO_ROOT}/examples/crab-1d.yaml`, "utf8"),
  config3d: readFileSync(`${REPO_ROOT}/examples/crab-3d.yaml`, "utf8"),
  models3d: readFileSync(`${REPO_ROOT}/examples/crab-3d-models.yaml`, "utf8"),
};

/** A mutation: truncate, replace a byte range with random characters, duplicate or delete a range. */
const mutation = (len: number) =>
  fc.oneof(
    fc.record({ kind: fc.constant("truncate" as const), at: fc.integer({ min: 0, max: len }) }),
    fc.record({
      kind: fc.constant("replace" as const),
      at: fc.integer({ min: 0, max: len }),
      text: fc.string({ minLength: 1, maxLength: 8, unit: fc.constantFrom(..."{}[]:,-# \n\t'\"&*!|>%@`0.5e-9xyTeV") }),
    }),
    fc.record({
      kind: fc.constant("delete" as const),
      at: fc.integer({ min: 0, max: len }),
      n: fc.integer({ min: 1, max: 40 }),
    }),
  );

function apply(text: string, m: { kind: string; at: number; text?: string; n?: number }): string {
  if (m.kind === "truncate") return text.slice(0, m.at);
  if (m.kind === "replace") return text.slice(0, m.at) + m.text + text.slice(m.at + (m.text?.length ?? 0));
  return text.slice(0, m.at) + text.slice(m.at + (m.n ?? 1));
}

function typedOrOk(fn: () => unknown, file: string): void {
  try {
    fn();
  } catch (e) {
    if (!(e instanceof GammatsError)) throw e;
    expect(e.path.file).toBe(file);
  }
}

describe("YAML readers under corrupt input", () => {
  for (const [name, text] of Object.entries(texts)) {
    it(`${name}: ${CASES} mutated versions give a result or a typed error`, () => {
      fc.assert(
        fc.property(fc.array(mutation(text.length), { minLength: 1, maxLength: 3 }), (ms) => {
          const mutated = ms.reduce(apply, text);
          if (name.startsWith("config"))
            typedOrOk(() => {
              const c = AnalysisConfig.fromYaml(mutated, { file: "c.yaml", env: { GAMMAPY_DATA: "/d" } });
              // accessors of the values the analysis reads
              c.quantity("datasets.geom.axes.energy.min", "TeV");
              c.quantity("fit.fit_range.min", "TeV");
              c.list("observations.obs_ids");
              c.string("datasets.type");
            }, "c.yaml");
          else typedOrOk(() => readModelsYaml(mutated, "m.yaml"), "m.yaml");
        }),
        { numRuns: CASES, seed: 42 },
      );
    });
  }
});

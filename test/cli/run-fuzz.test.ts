/**
 * Fuzzing of whole `gammats run` invocations (see support/run-fuzz-core.ts): mutated configs and models files give a
 * complete finite result or a typed one-line failure that leaves the output folder as it was. Short here
 * (GAMMATS_FUZZ_CASES, default 30); `npm run fuzz:run -- --cases 500` runs longer.
 */
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parse as parseYaml } from "yaml";
import { simulateCommand, simulatedCrabConfigYaml } from "../../cli/commands/simulate.js";
import { REPO_ROOT } from "../support/data.js";
import { runCase, runMutationArb } from "./support/run-fuzz-core.js";

const CASES = Number(process.env.GAMMATS_FUZZ_CASES ?? 30);
let base: string;
let configText: string;
const modelsText = readFileSync(join(REPO_ROOT, "examples", "crab-1d-models.yaml"), "utf8");

beforeAll(() => {
  base = mkdtempSync(join(tmpdir(), "gammats-run-fuzz-"));
  const store = join(base, "store");
  simulateCommand({ out: store, nObs: "2", livetime: "300", seed: "5", quiet: true });
  configText = simulatedCrabConfigYaml(store, [1, 2]);
}, 60_000);
afterAll(() => rmSync(base, { recursive: true, force: true }));

describe("gammats run on mutated configs and models", () => {
  it(`${CASES} cases: a complete result or a typed one-line failure, the output folder as it was`, async () => {
    const arb = runMutationArb(parseYaml(configText), parseYaml(modelsText));
    const samples = fc.sample(arb, { numRuns: CASES, seed: 9 });
    const codes = new Map<string, number>();
    for (const [i, mutations] of samples.entries()) {
      const r = await runCase(join(base, `case-${i}`), configText, modelsText, mutations);
      expect(r.problem, JSON.stringify(mutations)).toBeUndefined();
      const key = r.errorCode ?? "ok";
      codes.set(key, (codes.get(key) ?? 0) + 1);
    }
    // the corpus exercises both outcomes
    expect(codes.get("ok")).toBeGreaterThan(0);
    expect(codes.size).toBeGreaterThan(3);
  }, 300_000);
});

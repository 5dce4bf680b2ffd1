/**
 * Long fuzzing run of whole `gammats run` invocations (mutated configs and models on a simulated store):
 * `npm run fuzz:run -- --cases 500 [--seed N]`. Prints the outcome counts and every broken promise; exits with 1 if
 * there is any.
 */
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import fc from "fast-check";
import { parse as parseYaml } from "yaml";
import { simulateCommand, simulatedCrabConfigYaml } from "../cli/commands/simulate.js";
import { runCase, runMutationArb } from "../test/cli/support/run-fuzz-core.js";
import { REPO_ROOT } from "../test/support/data.js";

const arg = (name: string, fallback: number) => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1]) : fallback;
};
const cases = arg("cases", 500);
const seed = arg("seed", Date.now() % 2 ** 31);
const base = mkdtempSync(join(tmpdir(), "gammats-fuzz-run-"));
const store = join(base, "store");
simulateCommand({ out: store, nObs: "2", livetime: "300", seed: "5", quiet: true });
const configText = simulatedCrabConfigYaml(store, [1, 2]);
const modelsText = readFileSync(join(REPO_ROOT, "examples", "crab-1d-models.yaml"), "utf8");
const samples = fc.sample(runMutationArb(parseYaml(configText), parseYaml(modelsText)), { numRuns: cases, seed });
const codes = new Map<string, number>();
const problems: string[] = [];
let maxFailMs = 0;
const t0 = performance.now();
for (const [i, mutations] of samples.entries()) {
  const r = await runCase(join(base, "case"), configText, modelsText, mutations);
  const key = r.problem ? "BROKEN" : (r.errorCode ?? "ok");
  codes.set(key, (codes.get(key) ?? 0) + 1);
  if (r.code !== 0) maxFailMs = Math.max(maxFailMs, r.ms);
  if (r.problem) problems.push(`${r.problem} :: ${JSON.stringify(mutations)}`);
  if ((i + 1) % 50 === 0) process.stderr.write(`${i + 1}/${cases} cases\n`);
}
rmSync(base, { recursive: true, force: true });
const report = {
  seed,
  cases,
  seconds: (performance.now() - t0) / 1000,
  outcomes: Object.fromEntries([...codes].sort((a, b) => b[1] - a[1])),
  max_ms_to_fail: maxFailMs,
  problems,
};
process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
process.exit(problems.length ? 1 : 0);

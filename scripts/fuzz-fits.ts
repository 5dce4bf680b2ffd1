/**
 * Long fuzzing run of the FITS reader: `npm run fuzz -- --cases 100000 [--seed N]`. Prints the counts of cases,
 * successes, FitsErrors by code, untyped exceptions and the slowest case; exits with 1 on any untyped exception.
 */
import fc from "fast-check";
import { fuzzCorpus, mutationArb, runCase } from "../test/fits/fuzz-core.js";
import { DATA_DIR } from "../test/support/data.js";

const arg = (name: string, fallback: number) => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1]) : fallback;
};
const cases = arg("cases", 100_000);
const seed = arg("seed", Date.now() % 2 ** 31);
const corpus = fuzzCorpus(DATA_DIR);
const codes = new Map<string, number>();
const untyped: string[] = [];
let maxMs = 0;
const t0 = performance.now();
const samples = fc.sample(mutationArb, { numRuns: cases, seed });
samples.forEach((c, i) => {
  const out = runCase(corpus, c);
  maxMs = Math.max(maxMs, out.ms);
  const key = out.untyped !== undefined ? "UNTYPED" : (out.code ?? "ok");
  codes.set(key, (codes.get(key) ?? 0) + 1);
  if (out.untyped !== undefined && untyped.length < 20) untyped.push(`${String(out.untyped)} :: ${JSON.stringify(c)}`);
  if ((i + 1) % 10000 === 0) process.stderr.write(`${i + 1}/${cases} cases\n`);
});
const report = {
  corpus: corpus.map((f) => f.name),
  seed,
  cases,
  seconds: (performance.now() - t0) / 1000,
  outcomes: Object.fromEntries([...codes].sort((a, b) => b[1] - a[1])),
  untyped_exceptions: codes.get("UNTYPED") ?? 0,
  max_ms_per_case: maxMs,
  untyped_examples: untyped,
};
process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
process.exit(report.untyped_exceptions ? 1 : 0);

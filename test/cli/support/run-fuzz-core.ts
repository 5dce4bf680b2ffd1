/**
 * Fuzzing of whole `gammats run` invocations: a valid 1D config and models file with a few values replaced by hostile
 * ones (zero, negative, fractional, huge, non-finite, wrong type or unit, deleted, unknown keys). Each case runs the
 * command in-process into an output folder that holds a previous result; the outcome must be either success with a
 * complete, finite result, or a typed one-line failure (never an internal error) that leaves the folder as it was.
 * Used by test/cli/run-fuzz.test.ts (short) and scripts/fuzz-run.ts (long).
 */
import { mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import fc from "fast-check";
import { parse as parseYaml, stringify as stringifyYaml } from "yaml";
import { cliInProcess, leftovers, setPath, snapshot } from "../../support/cli.js";

/** Values that break naive code. */
const HOSTILE: readonly unknown[] = [
  0,
  -1,
  2.5,
  1e308,
  -1e308,
  Number.NaN,
  Number.POSITIVE_INFINITY,
  "abc",
  "",
  null,
  [],
  {},
  true,
  "1 deg",
  "-5 TeV",
  "1e9 TeV",
  "0 TeV",
  "100 deg",
  "-100 deg",
  10_000_000,
  "2021-13-45",
  [1, 2],
  ["aeff-best"],
  "galactic",
];

/** Config keys a run reads that the example file may not set (defaults), as extra mutation targets. */
const EXTRA_CONFIG_KEYS = [
  "datasets.geom.selection.offset_max",
  "datasets.stack",
  "datasets.containment_correction",
  "observations.obs_cone",
  "observations.obs_time.start",
  "observations.required_irf",
  "flux_points.parameters.n_sigma_ul",
  "datasets.background.parameters.max_region_number",
  "general.n_jobs",
];

type Doc = Record<string, unknown>;

/** Dotted paths of the leaves of a YAML document (list items by index). */
export function leafPaths(doc: unknown, prefix = ""): string[] {
  if (Array.isArray(doc)) return doc.flatMap((v, i) => leafPaths(v, `${prefix}${prefix ? "." : ""}${i}`));
  if (doc && typeof doc === "object")
    return Object.entries(doc).flatMap(([k, v]) => leafPaths(v, `${prefix}${prefix ? "." : ""}${k}`));
  return [prefix];
}

/** One mutation: in the config or the models, replace a value, delete a key, or add an unknown key. */
export interface RunMutation {
  readonly file: "config" | "models";
  readonly path: string;
  readonly value: unknown;
}

/** Mutations of the given documents (1 to 3 per case). */
export function runMutationArb(config: Doc, models: Doc): fc.Arbitrary<RunMutation[]> {
  const configPaths = [...leafPaths(config), ...EXTRA_CONFIG_KEYS];
  const modelPaths = leafPaths(models);
  const value = fc.oneof(fc.constantFrom(...HOSTILE), fc.constant(undefined), fc.double({ noNaN: false }));
  const one = fc.oneof(
    {
      weight: 6,
      arbitrary: fc.record({ file: fc.constant("config" as const), path: fc.constantFrom(...configPaths), value }),
    },
    {
      weight: 3,
      arbitrary: fc.record({ file: fc.constant("models" as const), path: fc.constantFrom(...modelPaths), value }),
    },
    {
      weight: 1,
      arbitrary: fc.record({
        file: fc.constant("config" as const),
        path: fc.constant("datasets.geom.nonsense"),
        value,
      }),
    },
  );
  return fc.array(one, { minLength: 1, maxLength: 3 });
}

/** What a case gave. */
export interface RunCaseOutcome {
  readonly code: number;
  readonly errorCode?: string;
  readonly ms: number;
  /** A broken promise, in words (undefined when the case behaved). */
  readonly problem?: string;
}

/**
 * Runs one case: writes the mutated files into `dir`, runs `gammats run` into `dir/out` (which holds a previous
 * result) and checks the promises. `configText` and `modelsText` are the valid originals.
 */
export async function runCase(
  dir: string,
  configText: string,
  modelsText: string,
  mutations: readonly RunMutation[],
): Promise<RunCaseOutcome> {
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const docs = { config: parseYaml(configText) as Doc, models: parseYaml(modelsText) as Doc };
  for (const m of mutations) setPath(docs[m.file], m.path, m.value);
  const config = join(dir, "config.yaml");
  const models = join(dir, "models.yaml");
  writeFileSync(config, stringifyYaml(docs.config));
  writeFileSync(models, stringifyYaml(docs.models));
  const out = join(dir, "out");
  mkdirSync(out);
  writeFileSync(join(out, "result.json"), '{"previous": true}\n');
  const before = snapshot(out);
  const r = await cliInProcess(["run", config, "--models", models, "--out", out, "--quiet", "--workers", "1"]);
  const lines = r.stderr.split("\n").filter((l) => l.startsWith("gammats:") && !l.startsWith("gammats: warning:"));
  const errorCode = /\[([A-Z_]+)\]$/.exec(lines[0] ?? "")?.[1];
  const fail = (problem: string): RunCaseOutcome => ({ code: r.code, errorCode, ms: r.ms, problem });
  if (/\n\s+at /.test(r.stderr)) return fail(`stack trace: ${r.stderr}`);
  if (r.code === 1) return fail(`internal error: ${r.stderr}`);
  if (r.code !== 0) {
    if (lines.length !== 1 || !errorCode) return fail(`not one typed line: ${r.stderr}`);
    if (snapshot(out) !== before) return fail("the output folder changed");
    if (leftovers(dir).length) return fail(`leftovers: ${leftovers(dir).join(", ")}`);
    if (r.ms > 5000 && errorCode !== "CANCELLED") return fail(`took ${r.ms.toFixed(0)} ms to fail`);
    return { code: r.code, errorCode, ms: r.ms };
  }
  const result = JSON.parse(readFileSync(join(out, "result.json"), "utf8"));
  if (result.previous) return fail("success, but the previous result is still there");
  for (const p of result.parameters as Array<{ name: string; value: number | null }>)
    if (typeof p.value !== "number" || !Number.isFinite(p.value)) return fail(`success with ${p.name} = ${p.value}`);
  if (result.fit && !result.fit.success && !result.warnings.some((w: string) => /did not converge/.test(w)))
    return fail("an unconverged fit without a warning");
  return { code: 0, ms: r.ms };
}

/**
 * `npx tsx scripts/kill-test.ts [--tries 20] [--config examples/crab-1d.yaml --models examples/crab-1d-models.yaml]`:
 * starts `gammats run` into an output folder that holds a previous result and kills it with SIGKILL at a random moment,
 * `tries` times; after each kill, --out must be the previous output or a complete new one (never a partial folder that
 * looks complete). Then one more run must clean the leftovers and complete. Prints a JSON report; exits 1 on a failure.
 */
import { spawn } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";

const arg = (name: string, fallback: string) => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : fallback;
};
const tries = Number(arg("tries", "20"));
const config = resolve(arg("config", "examples/crab-1d.yaml"));
const models = resolve(arg("models", "examples/crab-1d-models.yaml"));
const main = resolve("cli/main.ts");
const base = mkdtempSync(join(tmpdir(), "gammats-kill-"));
const out = join(base, "out");
mkdirSync(out);
writeFileSync(join(out, "result.json"), '{"previous": true}\n');
const previous = readFileSync(join(out, "result.json"), "utf8");

function run(killAfterMs?: number): Promise<{ code: number | null; ms: number }> {
  return new Promise((done) => {
    const t0 = performance.now();
    const p = spawn(
      process.execPath,
      ["--import", "tsx", main, "run", config, "--models", models, "--out", out, "--quiet"],
      {
        detached: true,
        stdio: "ignore",
      },
    );
    const timer =
      killAfterMs === undefined ? undefined : setTimeout(() => process.kill(-p.pid!, "SIGKILL"), killAfterMs);
    p.on("exit", (code) => {
      clearTimeout(timer);
      done({ code, ms: performance.now() - t0 });
    });
  });
}

const full = await run();
if (full.code !== 0) throw new Error(`the reference run failed with ${full.code}`);
writeFileSync(join(out, "result.json"), previous);
for (const f of readdirSync(out)) if (f !== "result.json") rmSync(join(out, f), { recursive: true });
const outcomes: Array<{ killAtMs: number; state: string }> = [];
const failures: string[] = [];
for (let k = 0; k < tries; k++) {
  const killAtMs = Math.round(Math.random() * full.ms);
  const r = await run(killAtMs);
  const text = existsSync(join(out, "result.json")) ? readFileSync(join(out, "result.json"), "utf8") : "";
  const files = readdirSync(out).sort();
  let state: string;
  if (text === previous && files.length === 1) state = "previous";
  else if (r.code === 0 && text.includes('"outputs"') && files.includes("flux_points.fits")) state = "complete";
  else {
    state = `BROKEN (${files.join(", ")})`;
    failures.push(`kill at ${killAtMs} ms: ${state}`);
  }
  outcomes.push({ killAtMs, state });
  if (state === "complete") {
    writeFileSync(join(out, "result.json"), previous);
    for (const f of readdirSync(out)) if (f !== "result.json") rmSync(join(out, f), { recursive: true });
  }
}
const leftBehind = readdirSync(base).filter((e) => e.includes(".gammats-")).length;
const last = await run();
const cleaned = readdirSync(base).filter((e) => e.includes(".gammats-"));
if (last.code !== 0 || cleaned.length)
  failures.push(`the next run: code ${last.code}, leftovers ${cleaned.join(", ")}`);
rmSync(base, { recursive: true, force: true });
process.stdout.write(
  `${JSON.stringify({ tries, full_run_ms: Math.round(full.ms), outcomes, leftovers_before_next_run: leftBehind, failures }, null, 1)}\n`,
);
process.exit(failures.length ? 1 : 0);

/** The `gammats run` command: progress on stderr, Ctrl-C cancels, summary or JSON on stdout. */
import { GammatsError } from "../../src/util/errors.js";
import { runAnalysis } from "./run.js";

/** Runs a config; prints progress (unless quiet) and the result (JSON with --json). */
export async function runCommand(
  configPath: string,
  opts: { models?: string; out: string; quiet?: boolean; json?: boolean; workers?: string },
): Promise<void> {
  const controller = new AbortController();
  const onSigint = () => controller.abort();
  process.once("SIGINT", onSigint);
  const log = opts.quiet ? () => {} : (line: string) => process.stderr.write(`${line}\n`);
  const workers = opts.workers === undefined ? undefined : Number(opts.workers);
  if (workers !== undefined && !(Number.isInteger(workers) && workers >= 1))
    throw new GammatsError("BAD_ARGUMENT", `--workers ${opts.workers}`, { key: "--workers" }, "an integer >= 1");
  try {
    const result = await runAnalysis(configPath, {
      modelsPath: opts.models,
      outDir: opts.out,
      workers,
      signal: controller.signal,
      onProgress: (stage, done, total) => {
        if (opts.quiet) return;
        if (process.stderr.isTTY) process.stderr.write(`\r${stage}: ${done}/${total}${done === total ? "\n" : ""}`);
        else if (done === total) process.stderr.write(`${stage}: ${done}/${total}\n`);
      },
      onStage: (stage, seconds) => log(`${stage} done in ${seconds.toFixed(2)} s`),
    });
    if (opts.json) {
      process.stdout.write(
        `${JSON.stringify(result, (_k, v) => (typeof v === "number" && !Number.isFinite(v) ? null : v), 1)}\n`,
      );
      return;
    }
    const lines = [`wrote ${result.outputs.join(", ")} to ${opts.out}`];
    const info = result.info as Record<string, number>;
    if (info.counts !== undefined) {
      const onOff =
        info.counts_off !== undefined ? `, counts_off ${info.counts_off}, alpha ${info.alpha?.toFixed(4)}` : "";
      lines.push(
        `counts ${info.counts}${onOff}, excess ${info.excess?.toFixed(1)}, sqrt_ts ${info.sqrt_ts?.toFixed(2)}, livetime ${info.livetime?.toFixed(1)} s`,
      );
    }
    if (result.fit)
      lines.push(
        `fit: success=${result.fit.success}, total_stat=${result.fit.total_stat.toFixed(3)}, nfev=${result.fit.nfev}`,
      );
    for (const p of result.parameters)
      if (!p.frozen)
        lines.push(`  ${p.model}.${p.name} = ${p.value.toPrecision(5)} ± ${p.error.toPrecision(3)} ${p.unit}`);
    lines.push(`total ${result.timings_s.total.toFixed(2)} s, peak RSS ${result.peak_rss_mb.toFixed(0)} MB`);
    process.stdout.write(`${lines.join("\n")}\n`);
  } finally {
    process.off("SIGINT", onSigint);
  }
}

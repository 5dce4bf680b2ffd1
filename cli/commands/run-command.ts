/** What `gammats run` prints on stdout: a summary of result.json, or result.json itself with --json. */
import type { RunResult } from "./run.js";

/** result.json text (non-finite numbers as null). */
export function resultJson(result: unknown): string {
  return `${JSON.stringify(result, (_k, v) => (typeof v === "number" && !Number.isFinite(v) ? null : v), 1)}\n`;
}

/** The summary lines of a run written to `out`. */
export function formatRunSummary(result: RunResult, out: string): string {
  const lines = [`wrote ${result.outputs.join(", ")} to ${out}`];
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
  return `${lines.join("\n")}\n`;
}

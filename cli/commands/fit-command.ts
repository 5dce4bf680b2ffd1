/** The `gammats fit` command: options checked, progress on stderr, Ctrl-C cancels, summary or JSON on stdout. */
import type { FluxPointsStatType } from "../../src/datasets/flux-points-dataset.js";
import { GammatsError } from "../../src/util/errors.js";
import { type FitCommandResult, fitDatasets, resultJson } from "./fit.js";

/** The CLI's flags of `gammats fit`. */
export interface FitFlags {
  readonly models: string;
  readonly out: string;
  readonly fitRange?: string[];
  readonly freeze?: string[];
  readonly fluxPoints?: string;
  readonly fluxPointsEnergy?: string;
  readonly source?: string;
  readonly statType?: string;
  readonly contour?: string;
  readonly quiet?: boolean;
  readonly json?: boolean;
}

const STAT_TYPES = ["chi2", "distrib", "profile"];

/** Runs `gammats fit` and prints its summary (or result.json with --json). */
export async function fitCommand(datasetsPath: string, flags: FitFlags): Promise<void> {
  if (flags.statType !== undefined && !STAT_TYPES.includes(flags.statType))
    throw new GammatsError(
      "BAD_OPTION",
      `unknown statistic '${flags.statType}'`,
      { key: "--stat-type" },
      STAT_TYPES.join(", "),
    );
  const controller = new AbortController();
  const onSigint = () => controller.abort();
  process.once("SIGINT", onSigint);
  try {
    const result = await fitDatasets(datasetsPath, {
      modelsPath: flags.models,
      outDir: flags.out,
      fitRanges: flags.fitRange,
      freeze: flags.freeze,
      fluxPoints: flags.fluxPoints?.split(",").map((s) => s.trim()),
      fluxPointsEnergy: flags.fluxPointsEnergy,
      source: flags.source,
      statType: flags.statType as FluxPointsStatType | undefined,
      contour: flags.contour,
      signal: controller.signal,
      onStage: flags.quiet ? undefined : (stage, s) => process.stderr.write(`${stage} done in ${s.toFixed(2)} s\n`),
    });
    process.stdout.write(flags.json ? resultJson(result) : formatFitSummary(result, flags.out));
    if (!result.fit.success)
      process.stderr.write(`gammats: warning: the fit did not converge: ${result.fit.message}\n`);
  } finally {
    process.off("SIGINT", onSigint);
  }
}

/** The summary lines of a fit written to `out`. */
export function formatFitSummary(result: FitCommandResult, out: string): string {
  const lines = [`wrote ${result.outputs.join(", ")} to ${out}`];
  const f = result.fit;
  lines.push(`fit: success=${f.success}, total_stat=${f.total_stat.toFixed(4)}, nfev=${f.nfev}`);
  for (const d of result.datasets) lines.push(`  ${d.name} (${d.type}, ${d.stat_type}): ${d.stat_sum.toFixed(4)}`);
  for (const p of result.parameters)
    if (!p.frozen)
      lines.push(`  ${p.model}.${p.name} = ${p.value.toPrecision(5)} ± ${p.error.toPrecision(3)} ${p.unit}`);
  lines.push(`total ${result.timings_s.total.toFixed(2)} s, peak RSS ${result.peak_rss_mb.toFixed(0)} MB`);
  return `${lines.join("\n")}\n`;
}

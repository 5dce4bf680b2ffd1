/** The `gammats fit` command: its flags checked, its work as a task (cli/task.ts), its summary. */
import type { FluxPointsStatType } from "../../src/datasets/flux-points-dataset.js";
import { UsageError } from "../errors.js";
import type { TaskContext } from "../task.js";
import { type FitCommandResult, fitDatasets } from "./fit.js";

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

/** Checks the flags of `gammats fit` that need no file (bad values are `UsageError`s, exit code 2). */
export function checkFitFlags(flags: FitFlags): void {
  if (flags.statType !== undefined && !STAT_TYPES.includes(flags.statType))
    throw new UsageError(`--stat-type: unknown statistic '${flags.statType}'`, STAT_TYPES.join(", "));
}

/**
 * The task of `gammats fit` (cli/task.ts): checks the inputs, fits and writes every output into `staging` (an empty
 * folder that replaces --out when the task succeeds), result.json last; stage lines go to the task's log and the
 * abort signal stops the fit and the flux points.
 */
export async function fitTask(
  args: { datasets: string; flags: FitFlags; staging: string },
  context: TaskContext,
): Promise<FitCommandResult> {
  const { flags } = args;
  checkFitFlags(flags);
  const result = await fitDatasets(args.datasets, {
    modelsPath: flags.models,
    outDir: args.staging,
    fitRanges: flags.fitRange,
    freeze: flags.freeze,
    fluxPoints: flags.fluxPoints?.split(",").map((s) => s.trim()),
    fluxPointsEnergy: flags.fluxPointsEnergy,
    source: flags.source,
    statType: flags.statType as FluxPointsStatType | undefined,
    contour: flags.contour,
    signal: context.signal,
    onStage: (stage, s) => context.log(`${stage} done in ${s.toFixed(2)} s`),
  });
  if (!result.fit.success) context.warn(`the fit did not converge: ${result.fit.message}`);
  return result;
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

/**
 * Agreement between the key numbers gammats and Gammapy report for one scenario: fit success and total statistic,
 * every free parameter (value and error), the counts of each dataset, flux points, light-curve points and the TS-map
 * peak. Each check states both numbers, the difference and the limit; a scenario agrees when every check passes.
 */
import type { Tolerance } from "./scenarios.js";

/** A fitted parameter as both sides report it. */
export interface ParameterResult {
  model: string;
  name: string;
  value: number;
  error: number | null;
  frozen: boolean;
}

/** The key numbers of one side (gammats' result.json and bench/gammapy_run.py share this shape). */
export interface SideNumbers {
  fit?: { success: boolean; total_stat: number };
  parameters?: ParameterResult[];
  info?: Record<string, unknown>;
  /** Counts (inside the masks, as info_dict) of each dataset. */
  datasets_counts?: number[];
  flux_points?: { dnde: Array<number | null>; dnde_err?: Array<number | null> };
  light_curve?: { norm: Array<number | null>; norm_err?: Array<number | null> };
  ts_map?: { peak_sqrt_ts: number; peak_pixel: number[] };
}

/** One check: what, both values, |difference| and its limit. */
export interface Check {
  what: string;
  gammats: unknown;
  gammapy: unknown;
  diff?: number;
  limit?: number;
  ok: boolean;
}

/** The agreement of a scenario. */
export interface Agreement {
  ok: boolean;
  checks: Check[];
  /** One line: the failing checks, or the largest relative and sigma-scaled parameter differences. */
  summary: string;
}

const finite = (x: unknown): x is number => typeof x === "number" && Number.isFinite(x);

/** Point-by-point check of two series (flux points, light curve): |Δ| ≤ max(rel·|g|, sigma·err_g). */
function seriesChecks(
  what: string,
  ours: Array<number | null> | undefined,
  theirs: Array<number | null> | undefined,
  theirErr: Array<number | null> | undefined,
  tol: Tolerance,
): Check[] {
  if (!theirs) return [];
  if (!ours || ours.length !== theirs.length)
    return [{ what: `${what}: number of points`, gammats: ours?.length, gammapy: theirs.length, ok: false }];
  return theirs.flatMap((g, i): Check[] => {
    const o = ours[i];
    if (!finite(g) && !finite(o)) return [];
    if (!finite(g) || !finite(o)) return [{ what: `${what}[${i}]`, gammats: o, gammapy: g, ok: false }];
    const err = theirErr?.[i];
    const limit = Math.max(tol.pointsRel * Math.abs(g), finite(err) ? tol.sigma * err : 0);
    const diff = Math.abs(o - g);
    return [{ what: `${what}[${i}]`, gammats: o, gammapy: g, diff, limit, ok: diff <= limit }];
  });
}

/** Compares gammats' numbers with Gammapy's under the tolerances `tol`. */
export function compare(ours: SideNumbers, theirs: SideNumbers, tol: Tolerance): Agreement {
  const checks: Check[] = [];
  if (theirs.fit) {
    checks.push({
      what: "fit success",
      gammats: ours.fit?.success,
      gammapy: theirs.fit.success,
      ok: ours.fit?.success === theirs.fit.success,
    });
    const diff = Math.abs((ours.fit?.total_stat ?? Number.NaN) - theirs.fit.total_stat);
    checks.push({
      what: "total stat",
      gammats: ours.fit?.total_stat,
      gammapy: theirs.fit.total_stat,
      diff,
      limit: tol.stat,
      ok: diff <= tol.stat,
    });
  }
  let worstSigma = 0;
  for (const g of theirs.parameters ?? []) {
    if (g.frozen) continue;
    const key = `${g.model}.${g.name}`;
    const o = ours.parameters?.find((p) => p.model === g.model && p.name === g.name);
    if (!o) {
      checks.push({ what: key, gammats: undefined, gammapy: g.value, ok: false });
      continue;
    }
    const diff = Math.abs(o.value - g.value);
    const hasError = finite(g.error) && g.error > 0;
    if (hasError) worstSigma = Math.max(worstSigma, diff / g.error!);
    const limit = hasError
      ? Math.min(Math.max(tol.rel * Math.abs(g.value), tol.converged * g.error!), tol.sigma * g.error!)
      : tol.rel * Math.abs(g.value);
    checks.push({ what: key, gammats: o.value, gammapy: g.value, diff, limit, ok: diff <= limit });
    if (finite(g.error) && g.error > 0) {
      const errDiff = Math.abs((o.error ?? Number.NaN) - g.error);
      const errLimit = tol.errorRel * g.error;
      checks.push({
        what: `${key} error`,
        gammats: o.error,
        gammapy: g.error,
        diff: errDiff,
        limit: errLimit,
        ok: errDiff <= errLimit,
      });
    }
  }
  if (theirs.datasets_counts) {
    const [o, g] = [ours.datasets_counts?.join(", "), theirs.datasets_counts.join(", ")];
    checks.push({ what: "counts of each dataset", gammats: o, gammapy: g, ok: o === g });
  }
  checks.push(
    ...seriesChecks(
      "flux point dnde",
      ours.flux_points?.dnde,
      theirs.flux_points?.dnde,
      theirs.flux_points?.dnde_err,
      tol,
    ),
    ...seriesChecks(
      "light curve norm",
      ours.light_curve?.norm,
      theirs.light_curve?.norm,
      theirs.light_curve?.norm_err,
      tol,
    ),
  );
  if (theirs.ts_map) {
    const o = ours.ts_map;
    const diff = Math.abs((o?.peak_sqrt_ts ?? Number.NaN) - theirs.ts_map.peak_sqrt_ts);
    const limit = tol.rel * theirs.ts_map.peak_sqrt_ts;
    checks.push({
      what: "TS map peak sqrt(TS)",
      gammats: o?.peak_sqrt_ts,
      gammapy: theirs.ts_map.peak_sqrt_ts,
      diff,
      limit,
      ok: diff <= limit,
    });
    const same = o?.peak_pixel.join(",") === theirs.ts_map.peak_pixel.join(",");
    checks.push({ what: "TS map peak pixel", gammats: o?.peak_pixel, gammapy: theirs.ts_map.peak_pixel, ok: same });
  }
  const failed = checks.filter((c) => !c.ok);
  const fmt = (x: unknown) => (finite(x) ? x.toPrecision(6) : String(x));
  let worst: Check | undefined;
  const rel = (c: Check) => (c.diff ?? 0) / Math.abs(c.gammapy as number);
  for (const c of checks) if (finite(c.gammapy) && c.gammapy !== 0 && (!worst || rel(c) > rel(worst))) worst = c;
  const summary = failed.length
    ? `DISAGREE: ${failed
        .slice(0, 3)
        .map((c) => `${c.what} ${fmt(c.gammats)} vs ${fmt(c.gammapy)}`)
        .join("; ")}${failed.length > 3 ? ` (+${failed.length - 3} more)` : ""}`
    : worst
      ? `yes (${checks.length} checks); largest relative difference ${rel(worst).toExponential(1)} (${worst.what}), parameters within ${worstSigma.toExponential(1)} σ`
      : "nothing to compare";
  return { ok: checks.length > 0 && failed.length === 0, checks, summary };
}
